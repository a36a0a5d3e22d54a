#!/usr/bin/env python3
"""kill -9 in the middle of a burst of concurrent sends: after a restart every send that was
answered 200 is in the store, and its sandbox status progression resumes (reaches "read").

Usage: send_crash_test.py <path to wharf binary>
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

KEY = "wharf_durability_key_0123456789"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(base, method, path, body=None, timeout=5):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def start(binary, data_dir, port, log):
    env = dict(os.environ, WHARF_BOOTSTRAP_API_KEY=KEY)
    p = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir,
                          "--access-log", "false"], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return p, base
        except Exception:
            time.sleep(0.05)
    raise SystemExit("server did not start")


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="wharf-crash-")
    log = open(os.path.join(work, "server.log"), "w")
    port = free_port()
    proc = None
    try:
        proc, base = start(binary, os.path.join(work, "data"), port, log)
        status, numbers = call(base, "GET", "/platform/v1/whatsapp/phone_numbers")
        pn = next(n["phone_number_id"] for n in numbers["data"] if n["kind"] == "sandbox")
        recipients = [f"1555777{i:04d}" for i in range(1, 41)]
        for r in recipients:  # simulated users open the 24-hour windows
            s, _ = call(base, "POST", f"/sandbox/v1/phone_numbers/{pn}/inbound",
                        {"from": r, "type": "text", "text": {"body": "hi"}})
            assert s == 200, s

        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def sender(idx):
            n = 0
            while not stop.is_set():
                to = recipients[(idx * 7 + n) % len(recipients)]
                n += 1
                try:
                    s, body = call(base, "POST", f"/meta/whatsapp/v24.0/{pn}/messages",
                                   {"messaging_product": "whatsapp", "to": to, "type": "text",
                                    "text": {"body": f"burst {idx}-{n}"}}, timeout=2)
                except Exception:
                    return  # the server died mid-request: not acknowledged
                if s == 200:
                    with lock:
                        acknowledged.append(body["messages"][0]["id"])

        threads = [threading.Thread(target=sender, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
        print(f"acknowledged before kill -9: {len(acknowledged)} sends")
        assert len(acknowledged) > 50, "the burst was too small to mean anything"

        proc, base = start(binary, os.path.join(work, "data"), port, log)
        missing = [w for w in acknowledged
                   if call(base, "GET", f"/meta/whatsapp/v24.0/{pn}/messages/{w}")[0] != 200]
        assert not missing, f"{len(missing)} acknowledged sends lost, e.g. {missing[:3]}"
        print("every acknowledged send is in the store")

        deadline = time.time() + 60
        pending = set(acknowledged)
        while pending and time.time() < deadline:
            for w in list(pending):
                s, m = call(base, "GET", f"/meta/whatsapp/v24.0/{pn}/messages/{w}")
                if s == 200 and m.get("kapso", {}).get("status") == "read":
                    pending.discard(w)
            if pending:
                time.sleep(0.5)
        assert not pending, f"{len(pending)} sends never reached read after the restart"
        print("the status progression resumed: every acknowledged send reached read")
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=15)
        log.close()
        if os.environ.get("KEEP_WORK"):
            print("work dir:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
