#!/usr/bin/env python3
"""kill -9 in the middle of webhook deliveries and of open message buffers: after a restart every
acknowledged inbound message reaches both webhooks (one plain, one buffering), each delivery
keeps its idempotency key across the crash, and nothing is left pending.

Usage: webhook_crash_test.py <path to wharf binary>
"""
import hashlib
import hmac
import http.server
import os
import shutil
import signal
import sqlite3
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wharf_process import KEY, call, free_port, start  # noqa: E402


class Sink:
    """Records every POST per path; answers 200 after a short delay (so POSTs are in flight when
    the server dies), and 500 to the first attempt of a few deliveries (so retries are pending
    too; a retry holds its conversation back for 10 s, so only a few)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (path, headers, body)
        self.seen = set()  # idempotency keys answered once
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                key = self.headers.get("X-Idempotency-Key")
                with sink.lock:
                    sink.requests.append((self.path, dict(self.headers), body))
                    first = key not in sink.seen
                    sink.seen.add(key)
                    n = len(sink.requests)
                time.sleep(0.02)
                status = 500 if first and n % 50 == 0 and n <= 200 else 200
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.handle_error = lambda *args: None  # resets from the killed server
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def snapshot(self):
        with self.lock:
            return list(self.requests)


def main():
    binary = sys.argv[1]
    work = tempfile.mkdtemp(prefix="wharf-wh-crash-")
    log = open(os.path.join(work, "server.log"), "w")
    port = free_port()
    sink = Sink()
    proc = None
    try:
        data_dir = os.path.join(work, "data")
        proc, base = start(binary, data_dir, port, log)
        _, numbers = call(base, "GET", "/platform/v1/whatsapp/phone_numbers")
        pn = next(n["phone_number_id"] for n in numbers["data"] if n["kind"] == "sandbox")
        hooks = {}
        for name, extra in (("plain", {}), ("buffered", {"buffer_enabled": True,
                                                         "buffer_window_seconds": 2,
                                                         "max_buffer_size": 100})):
            body = {"url": f"http://127.0.0.1:{sink.port}/{name}",
                    "events": ["whatsapp.message.received"], **extra}
            s, w = call(base, "POST", f"/platform/v1/whatsapp/phone_numbers/{pn}/webhooks",
                        {"whatsapp_webhook": body})
            assert s == 201, (s, w)
            hooks[name] = w["data"]

        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def writer(idx):
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    s, r = call(base, "POST", f"/sandbox/v1/phone_numbers/{pn}/inbound",
                                {"from": f"1555888{idx:02d}{n % 5:02d}", "type": "text",
                                 "text": {"body": f"m{idx}-{n}"}}, timeout=2)
                except Exception:
                    return  # the server died mid-request: not acknowledged
                if s == 200:
                    with lock:
                        acknowledged.append(r["data"]["id"])

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        time.sleep(1.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        for t in threads:
            t.join()
        before = sink.snapshot()
        db = sqlite3.connect(os.path.join(data_dir, "wharf.db"))
        open_buffers = db.execute("SELECT COUNT(*) FROM webhook_buffers").fetchone()[0]
        pending = db.execute(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'").fetchone()[0]
        db.close()
        print(f"killed: {len(acknowledged)} messages acknowledged, {len(before)} POSTs received, "
              f"{pending} deliveries pending, {open_buffers} buffers open")
        assert acknowledged, "nothing was acknowledged before the kill"
        assert open_buffers > 0 or pending > 0, "the kill did not interrupt anything"

        # Restart; failed first attempts retry after 10 s (Kapso's schedule), and deliveries that
        # were leased when the process died come back when their lease ends (timeout + 30 s), so
        # allow time.
        proc, base = start(binary, data_dir, port, log)
        deadline = time.time() + 120
        while time.time() < deadline:
            db = sqlite3.connect(os.path.join(data_dir, "wharf.db"))
            left = db.execute("SELECT (SELECT COUNT(*) FROM webhook_deliveries WHERE status != "
                              "'delivered') + (SELECT COUNT(*) FROM webhook_buffers)").fetchone()[0]
            db.close()
            if left == 0:
                break
            time.sleep(0.5)
        assert left == 0, f"{left} deliveries or buffers still open after the restart"

        got = {"plain": "", "buffered": ""}
        keys = {}
        for path, headers, body in sink.snapshot():
            name = path.strip("/")
            secret = hooks[name]["secret_key"]
            sig = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            assert headers.get("X-Webhook-Signature") == sig, "bad signature"
            got[name] += body.decode() + "\n"
            key = headers["X-Idempotency-Key"]
            # A redelivery after the crash carries the same body under the same key.
            assert keys.setdefault(key, body) == body, "idempotency key reused for another body"
        missing = {name: [w for w in acknowledged if w not in got[name]] for name in got}
        assert not missing["plain"], f"lost on the plain webhook: {missing['plain'][:5]}"
        assert not missing["buffered"], f"lost on the buffered webhook: {missing['buffered'][:5]}"
        print(f"ok: all {len(acknowledged)} acknowledged messages delivered to both webhooks "
              f"({len(keys)} distinct deliveries, {len(sink.snapshot())} POSTs)")
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)
        sink.server.shutdown()
        log.close()
        if os.environ.get("WHARF_KEEP") != "1":
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
