// The hosted onboarding page (/whatsapp/setup/{slug}) driven in Debian's headless Chromium.
//
//   node --test onboarding.test.mjs        (tests/browser/run installs what this needs)
//
// Environment:
//   WHARF_BIN         the wharf binary (default ../../build/wharf, relative to this file)
//   CHROMIUM_BIN      the browser (default /usr/bin/chromium)
//   WHARF_SCREENSHOT  where the screenshot for humans goes (default ../../build/onboarding.png)
//
// Each run starts its own `wharf serve` (wharf_server.mjs) on a port the kernel picks with a fresh
// data dir and a fixed bootstrap API key, and stops it at the end, whether the tests pass or not.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startWharf } from './wharf_server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCREENSHOT = path.resolve(here, process.env.WHARF_SCREENSHOT || '../../build/onboarding.png');
const API_KEY = 'browser-test-key-0123456789abcdef';
const THEME = { primary_color: '#7c3aed', primary_foreground_color: '#fefce8' };
const THEME_PRIMARY_RGB = 'rgb(124, 58, 237)';

let wharf; // the wharf server (startWharf)
let baseUrl;
let context; // a persistent browser context on a fresh user-data-dir

// A Platform API call with the bootstrap key: { status, json, text }.
const api = (method, pathAndQuery, body) =>
  wharf.request(method, `/platform/v1${pathAndQuery}`, { body });

async function createCustomer(name) {
  const r = await api('POST', '/customers', { customer: { name } });
  assert.equal(r.status, 201, `POST /customers: ${r.text}`);
  assert.ok(r.json?.data?.id, `customer id in ${r.text}`);
  return r.json.data;
}

async function createLink(customerId, setupLink) {
  const r = await api('POST', `/customers/${customerId}/setup_links`, { setup_link: setupLink });
  assert.equal(r.status, 201, `POST setup_links: ${r.text}`);
  const link = r.json?.data;
  assert.ok(link?.url, `data.url in ${r.text}`);
  assert.ok(link.url.startsWith(`${baseUrl}/whatsapp/setup/`), `link url ${link.url}`);
  assert.equal(link.success_redirect_url, null);
  assert.equal(link.failure_redirect_url, null);
  return link;
}

before(async () => {
  wharf = await startWharf({ apiKey: API_KEY });
  baseUrl = wharf.baseUrl;
  context = await launchBrowser({ locale: 'en-US', viewport: { width: 800, height: 900 } });
});

after(async () => {
  await context?.close().catch(() => {});
  await wharf?.stop();
});

describe('onboarding page', { timeout: 120_000 }, () => {
  test('themed page, dedicated connection, phone number listed, link then used', async () => {
    const customer = await createCustomer('Acme Browser Co');
    const link = await createLink(customer.id, { theme_config: THEME });
    assert.deepEqual(link.theme_config, THEME);

    const page = await context.newPage();
    try {
      const first = await page.goto(link.url);
      assert.equal(first.status(), 200);
      assert.match(first.headers()['content-type'] ?? '', /text\/html/);
      await page.getByTestId('setup-form').waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.match(await page.locator('main').innerText(), /Acme Browser Co/);

      // The theme's primary colour reaches the button through the :root custom properties.
      const submit = page.getByTestId('submit');
      const colours = await submit.evaluate((el) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, color: s.color };
      });
      assert.equal(colours.background, THEME_PRIMARY_RGB);
      assert.equal(colours.color, 'rgb(254, 252, 232)');

      // With both types allowed, neither is preselected.
      const coexistence = page.getByTestId('connection-type-coexistence');
      const dedicated = page.getByTestId('connection-type-dedicated');
      assert.equal(await coexistence.isChecked(), false);
      assert.equal(await dedicated.isChecked(), false);
      await dedicated.check();
      assert.equal(await dedicated.isChecked(), true);

      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      const [submitted] = await Promise.all([
        page.waitForResponse((r) => r.url() === link.url && r.request().method() === 'POST'),
        submit.click(),
      ]);
      assert.equal(submitted.status(), 200);
      await page.getByTestId('result-success').waitFor();
      const phoneNumberId = (await page.getByTestId('phone-number-id').innerText()).trim();
      assert.match(phoneNumberId, /^\d+$/, `phone number id "${phoneNumberId}"`);

      // The connected number is the customer's, over the Platform API.
      const listed = await api(
        'GET',
        `/whatsapp/phone_numbers?customer_id=${encodeURIComponent(customer.id)}`,
      );
      assert.equal(listed.status, 200, listed.text);
      assert.ok(Array.isArray(listed.json?.data), listed.text);
      const number = listed.json.data.find((n) => n.phone_number_id === phoneNumberId);
      assert.ok(number, `phone number ${phoneNumberId} in ${listed.text}`);
      assert.equal(number.customer_id, customer.id);
      assert.equal(number.is_coexistence, false);

      const after = await api('GET', `/customers/${customer.id}/setup_links/${link.id}`);
      assert.equal(after.status, 200, after.text);
      assert.equal(after.json.data.status, 'used');
      assert.equal(after.json.data.phone_number_id, phoneNumberId);

      // A link works once: opening it again shows the used state.
      const again = await page.goto(link.url);
      assert.equal(again.status(), 410);
      await page.getByTestId('result-error').waitFor();
      assert.equal((await page.getByTestId('error-code').innerText()).trim(), 'already_used');
      assert.match(await page.locator('h1').innerText(), /already used/i);
      assert.equal(await page.getByTestId('setup-form').count(), 0);
    } finally {
      await page.close();
    }
  });

  test('language "es" renders Spanish', async () => {
    const customer = await createCustomer('Cliente Uno');
    const link = await createLink(customer.id, { language: 'es' });
    assert.equal(link.language, 'es');

    const page = await context.newPage();
    try {
      const r = await page.goto(link.url);
      assert.equal(r.status(), 200);
      await page.getByTestId('setup-form').waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'es');
      assert.equal(await page.title(), 'Conectar WhatsApp');
      assert.equal((await page.locator('legend').innerText()).trim(), '¿Cómo usarás este número?');
      assert.equal((await page.getByTestId('submit').innerText()).trim(), 'Conectar mi WhatsApp');
      assert.match(await page.locator('main').innerText(), /te invita a conectar/);
      // Default theme: Kapso's green.
      const background = await page
        .getByTestId('submit')
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(background, 'rgb(34, 197, 94)');
    } finally {
      await page.close();
    }
  });

  test('allowed_connection_types ["coexistence"] preselects it', async () => {
    const customer = await createCustomer('Coexistence Only');
    const link = await createLink(customer.id, { allowed_connection_types: ['coexistence'] });
    assert.deepEqual(link.allowed_connection_types, ['coexistence']);

    const page = await context.newPage();
    try {
      const r = await page.goto(link.url);
      assert.equal(r.status(), 200);
      await page.getByTestId('setup-form').waitFor();
      assert.equal(await page.getByTestId('connection-type-coexistence').isChecked(), true);
      assert.equal(await page.getByTestId('connection-type-dedicated').count(), 0);
    } finally {
      await page.close();
    }
  });
});
