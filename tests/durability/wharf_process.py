"""What the kill -9 tests share: a free port, a JSON call with the test API key, and starting
`wharf serve` on a data dir (waiting until /healthz answers)."""
import json
import os
import socket
import subprocess
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


def start(binary, data_dir, port, log, extra_args=()):
    env = dict(os.environ, WHARF_BOOTSTRAP_API_KEY=KEY)
    p = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", data_dir,
                          "--access-log", "false", *extra_args], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return p, base
        except Exception:
            time.sleep(0.05)
    raise SystemExit("server did not start")
