// The sandbox simulator page (/sandbox) driven in Debian's headless Chromium.
//
//   node --test simulator.test.mjs        (tests/browser/run installs what this needs)
//
// Environment:
//   WHARF_BIN         the wharf binary (default ../../build/wharf, relative to this file)
//   CHROMIUM_BIN      the browser (default /usr/bin/chromium)
//   WHARF_SIMULATOR_SCREENSHOT  where the screenshot for humans goes (default ../../build/simulator.png)
//
// Each run starts its own `wharf serve` (wharf_server.mjs) on a port the kernel picks with a fresh
// data dir and a fixed bootstrap API key (which also creates the project's sandbox number), and
// stops it at the end, whether the tests pass or not. The tests share one browser tab and run in
// order.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startWharf } from './wharf_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = path.resolve(
  here,
  process.env.WHARF_SIMULATOR_SCREENSHOT || '../../build/simulator.png',
);
const API_KEY = 'browser-simulator-key-0123456789abcdef';
const KEY_STORAGE = 'wharf.sandbox.api_key';

// The order a message's status moves in; the page must never show one going back.
const STATUS_ORDER = ['pending', 'accepted', 'sent', 'delivered', 'read'];

let wharf; // the wharf server (startWharf)
let baseUrl;
let context; // a persistent browser context on a fresh user-data-dir
let page; // the one tab the tests share
let sandboxNumber; // the bootstrap project's sandbox number, from the Platform API
const pageErrors = []; // uncaught script errors and CSP violations

// A JSON request with the bootstrap key (`key: null` for none): { status, headers, json, text }.
const request = (method, pathAndQuery, options) => wharf.request(method, pathAndQuery, options);

const hook = (id) => page.getByTestId(id);
const thread = () => hook('thread');
const bubble = (direction, text) =>
  thread().locator(`[data-testid="message"][data-direction="${direction}"]`, { hasText: text });

// Enters the key and waits for the numbers, then picks the sandbox number.
async function connectAndPickSandbox() {
  await hook('api-key').fill(API_KEY);
  await hook('connect').click();
  const button = hook('number-list').locator(
    `[data-testid="number"][data-phone-number-id="${sandboxNumber.phone_number_id}"]`,
  );
  await button.click();
  await assertSelected(button);
}

async function assertSelected(locator) {
  await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await locator.elementHandle());
}

before(async () => {
  wharf = await startWharf({ apiKey: API_KEY });
  baseUrl = wharf.baseUrl;

  const numbers = await request('GET', '/platform/v1/whatsapp/phone_numbers?per_page=100');
  assert.equal(numbers.status, 200, numbers.text);
  sandboxNumber = numbers.json.data.find((n) => n.kind === 'sandbox');
  assert.ok(sandboxNumber, `a sandbox number in ${numbers.text}`);

  context = await launchBrowser({ locale: 'en-US', viewport: { width: 1200, height: 820 } });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      pageErrors.push(`console: ${m.text()}`);
    }
  });
});

after(async () => {
  await context?.close().catch(() => {});
  await wharf?.stop();
});

describe('sandbox simulator page', { timeout: 120_000 }, () => {
  test('GET /sandbox is a public page; /sandbox/v1 is still the API surface', async () => {
    const r = await request('GET', '/sandbox', { key: null });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.match(r.text, /data-testid="api-key"/);

    // The inbound API keeps its own surface: API-key auth and JSON errors.
    const inbound = await request('POST', `/sandbox/v1/phone_numbers/${sandboxNumber.phone_number_id}/inbound`, {
      key: null,
      body: { from: '15550101010', type: 'text', text: { body: 'x' } },
    });
    assert.equal(inbound.status, 401, inbound.text);
    assert.equal(typeof inbound.json?.error, 'string', inbound.text);
    const unknown = await request('GET', '/sandbox/v1/nope', { key: null });
    assert.match(unknown.headers.get('content-type') ?? '', /application\/json/);
    const unknownPage = await request('GET', '/sandbox/nope', { key: null });
    assert.equal(unknownPage.status, 404);
    assert.match(unknownPage.headers.get('content-type') ?? '', /^text\/html/);
  });

  test('write as the user, reply as the business, ticks reach read', async () => {
    const first = await page.goto(`${baseUrl}/sandbox`);
    assert.equal(first.status(), 200);
    await connectAndPickSandbox();

    // The key lives in sessionStorage, never in the URL; sandbox numbers are listed first.
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY_STORAGE), API_KEY);
    assert.ok(!page.url().includes(API_KEY), page.url());
    assert.equal(
      await hook('number-list').locator('[data-testid="number"]').first().getAttribute('data-kind'),
      'sandbox',
    );
    assert.match(await hook('number-list').innerText(), new RegExp(sandboxNumber.phone_number_id));

    // Write as the end user: a new thread appears and opens.
    await hook('user-from').fill('15551230001');
    await hook('user-name').fill('Alex Browser');
    await hook('user-text').fill('hello');
    await hook('user-send').click();
    const hello = bubble('inbound', 'hello');
    await hello.waitFor();
    assert.equal(await hook('user-text').inputValue(), '');
    const conversation = hook('conversation-list').locator(
      '[data-testid="conversation"][data-phone-number="15551230001"]',
    );
    await conversation.waitFor();
    assert.match(await conversation.innerText(), /Alex Browser/);
    assert.match(await conversation.innerText(), /hello/);
    await assertSelected(conversation);
    assert.equal((await hook('chat-title').innerText()).trim(), 'Alex Browser');
    assert.match(await hook('business-to').innerText(), /\+15551230001/);
    assert.match(await hook('window').innerText(), /window open/i);
    // Inbound on the left, without ticks.
    assert.equal(await hello.evaluate((el) => getComputedStyle(el).justifyContent), 'normal');
    assert.equal(await hello.locator('.ticks').count(), 0);

    // Record every status the outbound bubble shows, from before it exists.
    await page.evaluate(() => {
      window.__statuses = [];
      const record = (el) => {
        const s = el.getAttribute('data-status');
        if (el.dataset.direction === 'outbound' && window.__statuses.at(-1) !== s) window.__statuses.push(s);
      };
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes') record(r.target);
          for (const n of r.addedNodes ?? []) if (n.dataset?.testid === 'message') record(n);
        }
      }).observe(document.querySelector('[data-testid="thread"]'), {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status'],
      });
    });

    // Reply as the business: the bubble is on the right and its ticks update live.
    const started = Date.now();
    await hook('business-text').fill('hi there');
    await hook('business-send').click();
    const reply = bubble('outbound', 'hi there');
    await reply.waitFor();
    assert.equal(await hook('error').isHidden(), true, await hook('error').innerText());
    assert.equal(await reply.evaluate((el) => getComputedStyle(el).justifyContent), 'flex-end');
    assert.match(await reply.getAttribute('data-message-id'), /^wamid\./);
    await page.waitForFunction(
      (el) => el.getAttribute('data-status') === 'read',
      await reply.elementHandle(),
      { timeout: 8_000 },
    );
    const elapsed = Date.now() - started;
    const seen = await page.evaluate(() => window.__statuses);
    assert.equal(seen.at(-1), 'read', `statuses ${seen}`);
    const ranks = seen.map((s) => STATUS_ORDER.indexOf(s));
    assert.ok(ranks.every((r) => r >= 0), `known statuses only: ${seen}`);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `never backwards: ${seen}`);
    const ticks = reply.locator('.ticks');
    assert.equal(await ticks.innerText(), '\u2713\u2713');
    assert.equal(await ticks.getAttribute('title'), 'Read');
    assert.equal(await ticks.evaluate((el) => getComputedStyle(el).color), 'rgb(83, 189, 235)');
    console.log(`# outbound statuses seen: ${seen.join(' -> ')} (read after ${elapsed} ms)`);

    // Both messages, in order, and the API agrees with what the page shows.
    const texts = await thread().locator('[data-testid="message"] .body').allInnerTexts();
    assert.deepEqual(texts, ['hello', 'hi there']);
    const stored = await request(
      'GET',
      `/meta/whatsapp/v24.0/${sandboxNumber.phone_number_id}/messages/${await reply.getAttribute('data-message-id')}`,
    );
    assert.equal(stored.status, 200, stored.text);
    assert.equal(stored.json?.kapso?.status ?? stored.json?.data?.kapso?.status, 'read', stored.text);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  test('the key survives a reload; a reply to a number with no window shows 131047', async () => {
    await page.reload();
    // Connected again from sessionStorage, without typing the key.
    assert.equal(await hook('api-key').inputValue(), API_KEY);
    await hook('number-list').locator('[data-testid="number"][aria-pressed="true"]').waitFor();
    await hook('conversation-list').locator('[data-phone-number="15551230001"]').waitFor();

    await hook('user-from').fill('15557654321');
    assert.match(await hook('business-to').innerText(), /\+15557654321/);
    assert.equal(await thread().locator('[data-testid="message"]').count(), 0);
    await hook('business-text').fill('are you there?');
    await hook('business-send').click();
    const error = hook('error');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /131047/);
    assert.match(text, /24 hours/);
    // Refused: nothing was sent, no thread was started, the draft is kept.
    assert.equal(await hook('business-text').inputValue(), 'are you there?');
    assert.equal(await thread().locator('[data-testid="message"]').count(), 0);
    assert.equal(
      await hook('conversation-list').locator('[data-phone-number="15557654321"]').count(),
      0,
    );
  });

  test('markup in messages is shown as text; an undeliverable recipient shows the failure', async () => {
    const sneaky = '<img src=x onerror="window.__pwned=1"><b>bold</b> & more';
    await hook('new-chat').click();
    await hook('user-from').fill('15550010000'); // ends in 0000: the sandbox fails deliveries
    await hook('user-name').fill('<i>Eve</i>');
    await hook('user-text').fill(sneaky);
    await hook('user-send').click();
    const inbound = bubble('inbound', 'bold');
    await inbound.waitFor();
    assert.equal(await inbound.locator('.body').innerText(), sneaky);
    assert.equal(await thread().locator('img, b, i').count(), 0);
    assert.equal(await hook('conversation-list').locator('img, b, i').count(), 0);
    assert.equal((await hook('chat-title').innerText()).trim(), '<i>Eve</i>');
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    await hook('business-text').fill('pong');
    await hook('business-send').click();
    const reply = bubble('outbound', 'pong');
    await reply.waitFor();
    await page.waitForFunction(
      (el) => el.getAttribute('data-status') === 'failed',
      await reply.elementHandle(),
      { timeout: 8_000 },
    );
    assert.equal(await reply.locator('.ticks').innerText(), '\u2717');
    assert.match(await reply.locator('.failure').innerText(), /131026/);
  });

  test('a wrong key is refused with a message and lists nothing', async () => {
    await hook('forget').click();
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY_STORAGE), null);
    assert.equal(await hook('number-list').locator('[data-testid="number"]').count(), 0);
    await hook('api-key').fill('not-a-real-key');
    await hook('connect').click();
    await hook('error').waitFor();
    assert.match(await hook('error').innerText(), /invalid API key/);
    assert.equal(await hook('number-list').locator('[data-testid="number"]').count(), 0);
    assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY_STORAGE), null);
    assert.equal(await hook('user-send').isDisabled(), true);
  });

  test('no script errors and no Content-Security-Policy violations', () => {
    assert.deepEqual(pageErrors, []);
  });
});
