// What the browser tests share: a `wharf serve` of their own and a headless Chromium.
//
//   import { startWharf, launchBrowser } from './wharf_server.mjs';
//   const wharf = await startWharf({ apiKey: 'some-fixed-key' });   // in before()
//   const context = await launchBrowser({ viewport: { width: 800, height: 900 } });
//   ...
//   await context.close(); await wharf.stop();                      // in after()
//
// Environment:
//   WHARF_BIN     the wharf binary (default ../../build/wharf, relative to this file)
//   CHROMIUM_BIN  the browser (default /usr/bin/chromium)
//
// startWharf runs `wharf serve --listen 127.0.0.1:0` (the kernel picks the port; it and the sandbox
// ids are read from the start-up banner) on a fresh data dir, with the given key as
// WHARF_BOOTSTRAP_API_KEY. A server still running when the process exits is killed then, and when
// the process exits with a failure every server's log is printed. Temp dirs (data dirs, browser
// profiles) are removed when their server or browser stops, and again at exit.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const WHARF_BIN = path.resolve(here, process.env.WHARF_BIN || '../../build/wharf');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

// The flags this machine needs (the background-networking ones keep Chromium from dialling out
// into a closed network). Playwright adds --headless and --no-sandbox itself; listing them again
// is harmless and keeps the set visible in one place.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const servers = []; // every server started by this process: { child, log() }
const scratch = new Set(); // temp dirs not yet removed

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tempDir(prefix) {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}

function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
    scratch.delete(dir);
  } catch {
    // still in use; the exit handler tries again
  }
}

const running = (child) => child.exitCode === null && child.signalCode === null;

// Covers failures outside the hooks too (an uncaught error, node --test's own timeout).
process.on('exit', (code) => {
  for (const s of servers) {
    if (running(s.child)) s.child.kill('SIGKILL');
  }
  if (code !== 0) {
    for (const s of servers) {
      if (s.log()) process.stderr.write(`--- wharf log ---\n${s.log()}\n`);
    }
  }
  for (const dir of [...scratch]) removeDir(dir);
});

// Starts `wharf serve` and waits until it is healthy. Returns
//   baseUrl    http://127.0.0.1:PORT
//   bootstrap  { phoneNumberId, wabaId }: the bootstrap project's sandbox number, from the banner
//   log        everything the server printed so far (stdout and stderr)
//   request(method, pathAndQuery, { key = apiKey, body })  a JSON request; key null sends none;
//              resolves to { status, headers, json (undefined when not JSON), text }
//   stop()     kills the server, waits for it to be gone and removes its data dir
export async function startWharf({ apiKey, extraArgs = [], deadlineMs = 15_000 } = {}) {
  assert.ok(existsSync(WHARF_BIN), `wharf binary not found at ${WHARF_BIN} (run make build)`);

  const dataDir = tempDir('wharf-browser-data-');
  const env = { ...process.env };
  if (apiKey !== undefined) env.WHARF_BOOTSTRAP_API_KEY = apiKey;
  const child = spawn(
    WHARF_BIN,
    ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--access-log', 'false', ...extraArgs],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  servers.push({ child, log: () => log });

  async function stop() {
    if (running(child)) {
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(5_000)]);
    }
    removeDir(dataDir);
  }

  try {
    const { port, phoneNumberId, wabaId } = await waitForBanner(child, () => log, deadlineMs);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(child, baseUrl, () => log, deadlineMs);
    return {
      baseUrl,
      bootstrap: { phoneNumberId, wabaId },
      get log() {
        return log;
      },
      request: (method, pathAndQuery, options = {}) =>
        requestJson(baseUrl, method, pathAndQuery, { key: apiKey, ...options }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

// The banner names the port the kernel picked and the sandbox ids.
async function waitForBanner(child, log, deadlineMs) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const text = log();
    const port = text.match(/wharf is listening on [^\s:]+:(\d+)/)?.[1];
    const phoneNumberId = text.match(/Sandbox phone number id:\s+(\d+)/)?.[1];
    const wabaId = text.match(/Sandbox WABA id:\s+(\d+)/)?.[1];
    if (port && phoneNumberId && wabaId) return { port: Number(port), phoneNumberId, wabaId };
    if (!running(child)) {
      throw new Error(`wharf exited (${child.exitCode ?? child.signalCode}) during start-up:\n${text}`);
    }
    if (Date.now() > end) throw new Error(`wharf printed no complete banner:\n${text}`);
    await sleep(50);
  }
}

async function waitForHealth(child, baseUrl, log, deadlineMs) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (!running(child)) {
      throw new Error(`wharf exited (${child.exitCode ?? child.signalCode}) during start-up:\n${log()}`);
    }
    try {
      const r = await fetch(`${baseUrl}/healthz`);
      if (r.ok) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > end) throw new Error(`wharf did not become healthy:\n${log()}`);
    await sleep(100);
  }
}

// A JSON request with an optional X-API-Key; the body, when given, is sent as JSON.
export async function requestJson(baseUrl, method, pathAndQuery, { key, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (key) headers['X-API-Key'] = key;
  const r = await fetch(`${baseUrl}${pathAndQuery}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, json, text };
}

// Debian's Chromium, headless, as a persistent context on a fresh user-data-dir (removed when the
// context closes). `options` go to launchPersistentContext (locale, viewport, ...); the locale
// defaults to en-US.
export async function launchBrowser(options = {}) {
  assert.ok(existsSync(CHROMIUM_BIN), `Chromium not found at ${CHROMIUM_BIN} (tests/browser/run installs it)`);
  const profile = tempDir('wharf-browser-profile-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    args: CHROMIUM_ARGS,
    locale: 'en-US',
    ...options,
  });
  context.once('close', () => removeDir(profile));
  return context;
}
