#!/usr/bin/env python3
"""A 100 MB document through wharf's media API, with the server's memory watched.

Starts `wharf serve` on a fresh data dir, uploads a document of 100 MB minus a little (Meta's
limit for documents, with room for the multipart framing) as a streamed multipart body, fetches
its metadata, downloads it through the signed download URL and compares the SHA-256. Meanwhile a
sampler reads the server's resident set size (VmRSS) every 10 ms. Fails when the peak grew by more
than GROWTH_LIMIT_MB over the size before the upload: the body must stream to disk and back, never
sit whole in memory.

Usage: large_upload_test.py <path to wharf>
"""
import hashlib
import http.client
import json
import os
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "durability"))
import wharf_process  # noqa: E402

SIZE = 100 * 1024 * 1024 - 4096
CHUNK = 1024 * 1024
GROWTH_LIMIT_MB = 32
BOUNDARY = "----wharfLargeUpload0123456789"


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kb(self.pid))
            time.sleep(0.01)


def document_chunks(size):
    """A PDF header, then filler that is not all one byte (so nothing compresses it away)."""
    head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
    block = bytes((i * 7 + 3) % 251 for i in range(CHUNK))
    yield head
    left = size - len(head)
    while left > 0:
        n = min(left, CHUNK)
        yield block[:n]
        left -= n


def upload(port, number, size):
    pre = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\n"
           f"whatsapp\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\n"
           f"application/pdf\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
           f"filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    post = f"\r\n--{BOUNDARY}--\r\n".encode()
    digest = hashlib.sha256()

    def body():
        yield pre
        for c in document_chunks(size):
            digest.update(c)
            yield c
        yield post

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("POST", f"/meta/whatsapp/v24.0/{number}/media", body=body(),
                 headers={"X-API-Key": wharf_process.KEY,
                          "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                          "Content-Length": str(len(pre) + size + len(post))})
    r = conn.getresponse()
    text = r.read()
    conn.close()
    if r.status != 200:
        raise SystemExit(f"upload answered {r.status}: {text[:300]!r}")
    return json.loads(text)["id"], digest.hexdigest()


def download(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", path)
    r = conn.getresponse()
    if r.status != 200:
        raise SystemExit(f"download answered {r.status}")
    digest, n = hashlib.sha256(), 0
    while True:
        c = r.read(CHUNK)
        if not c:
            break
        digest.update(c)
        n += len(c)
    conn.close()
    return digest.hexdigest(), n, r.getheader("Content-Type")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="wharf-large-upload-") as data_dir:
        port = wharf_process.free_port()
        with open(os.path.join(data_dir, "server.log"), "w") as log:
            proc, base = wharf_process.start(binary, os.path.join(data_dir, "data"), port, log)
            try:
                status, numbers = wharf_process.call(base, "GET",
                                                     "/platform/v1/whatsapp/phone_numbers")
                assert status == 200, numbers
                number = numbers["data"][0]["phone_number_id"]
                # Warm up the paths (thread pools, statement caches) before the baseline.
                upload(port, number, 64 * 1024)
                time.sleep(0.2)
                before = rss_kb(proc.pid)
                sampler = Sampler(proc.pid)
                sampler.start()
                started = time.monotonic()
                media_id, sent_sha = upload(port, number, SIZE)
                up_s = time.monotonic() - started
                status, meta = wharf_process.call(
                    base, "GET", f"/meta/whatsapp/v24.0/{media_id}?phone_number_id={number}")
                assert status == 200, meta
                assert meta["file_size"] == str(SIZE), meta
                assert meta["sha256"] == sent_sha, (meta["sha256"], sent_sha)
                assert meta["mime_type"] == "application/pdf", meta
                path = urllib.parse.urlsplit(meta["download_url"])
                started = time.monotonic()
                got_sha, got_len, ctype = download(port, f"{path.path}?{path.query}")
                down_s = time.monotonic() - started
                sampler.running = False
                sampler.join()
                assert got_len == SIZE and got_sha == sent_sha, (got_len, got_sha)
                assert ctype == "application/pdf", ctype
                growth_mb = (sampler.peak - before) / 1024
                print(f"100 MB document: upload {up_s:.2f} s ({SIZE / up_s / 2**20:.0f} MB/s), "
                      f"download {down_s:.2f} s ({SIZE / down_s / 2**20:.0f} MB/s); server RSS "
                      f"{before / 1024:.1f} MB before, peak {sampler.peak / 1024:.1f} MB "
                      f"(+{growth_mb:.1f} MB, limit +{GROWTH_LIMIT_MB} MB)")
                if growth_mb > GROWTH_LIMIT_MB:
                    raise SystemExit("the server's memory grew with the upload")
            finally:
                proc.kill()
                proc.wait()
    print("ok")


if __name__ == "__main__":
    main()
