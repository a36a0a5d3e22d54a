#!/usr/bin/env python3
"""kill -9 in the middle of a burst of concurrent sends: after a restart every send that was
answered 200 is in the store, and its sandbox status progression resumes (reaches "read").

Usage: send_crash_test.py <path to wharf binary>
"""
import os
import shutil
import signal
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wharf_process import KEY, call, free_port, start  # noqa: E402


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
