// wharf driven by Kapso's official TypeScript SDK, @kapso/whatsapp-cloud-api (pinned in
// package.json), unmodified: the SDK is pointed at wharf's Meta proxy with an API key, exactly as a
// Kapso user points it at https://api.kapso.ai/meta/whatsapp.
//
//   node --test sdk.test.mjs        (tests/contract/run installs what this needs)
//
// Environment:
//   WHARF_BIN   the wharf binary (default ../../build/wharf, relative to this file)
//
// One `wharf serve` per run, on a port the kernel picks (--listen 127.0.0.1:0; the port, the
// sandbox phone number id and the WABA id are read from the start-up banner), with a fresh data
// dir and a fixed bootstrap API key. It is killed at the end, whether the tests pass or not.
//
// The tests run in order and share state (the wamids sent first are read back later). A failing
// test prints the HTTP exchanges it made (request, status, answer) and, at exit, the server log.
//
// Left out because wharf does not have them yet: flows.*, calls.*,
// phoneNumbers.requestCode/verifyCode/register/deregister/settings/businessProfile.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GraphApiError,
  WhatsAppClient,
  buildKapsoFields,
  buildTemplateSendPayload,
} from '@kapso/whatsapp-cloud-api';

const here = path.dirname(fileURLToPath(import.meta.url));
const WHARF_BIN = path.resolve(here, process.env.WHARF_BIN || '../../build/wharf');
const API_KEY = 'contract-test-key-0123456789abcdef';

// The simulated WhatsApp users. USER opens the 24-hour window; STRANGER never writes (so free-form
// messages to it are outside the window); UNDELIVERABLE ends in the sandbox's reserved suffix 0000
// (accepted, then failed with 131026 at the sent step).
const USER = '15551234567';
const USER_NAME = 'Alex';
const STRANGER = '15557654321';
const UNDELIVERABLE = '15550000000';

const IMAGE_URL = 'https://example.com/media/photo.jpg';

let server; // the wharf child process
let serverLog = '';
let origin; // http://127.0.0.1:PORT
let PN; // the sandbox phone number id
let WABA; // the sandbox WABA id
let client; // the SDK client with the right key
const scratch = []; // temp dirs to remove at the end

// Every request the SDK makes goes through this fetch, so a failing test can show what was said.
let exchanges = [];
async function recordingFetch(url, init = {}) {
  const entry = { method: init.method ?? 'GET', url: String(url), request: init.body };
  exchanges.push(entry);
  const response = await fetch(url, init);
  entry.status = response.status;
  entry.contentType = response.headers.get('content-type');
  entry.response = await response.clone().text();
  return response;
}

function describeExchanges() {
  if (exchanges.length === 0) return '  (no HTTP exchange)';
  return exchanges
    .map((e) => {
      const req = typeof e.request === 'string' ? `\n    body: ${e.request}` : '';
      const res = e.status === undefined ? '(no answer)' : `${e.status} ${e.contentType ?? ''}\n    ${e.response}`;
      return `  ${e.method} ${e.url}${req}\n  -> ${res}`;
    })
    .join('\n');
}

// A test body that, on failure, reports the HTTP exchanges it made (a test diagnostic).
function traced(fn) {
  return async (t) => {
    exchanges = [];
    try {
      await fn(t);
    } catch (err) {
      t.diagnostic('HTTP exchanges of this test:');
      for (const line of describeExchanges().split('\n')) t.diagnostic(line);
      throw err;
    }
  };
}

// wharf runs under a small bash guard that SIGKILLs it as soon as the guard's stdin (a pipe from
// this process) reaches end of file: when stopServer closes it, and also when this process dies in
// any way, even by SIGKILL (node --test killing a timed-out file, a ctest timeout), so no server
// is left behind listening. The guard exits with wharf's status when wharf exits by itself.
const GUARD = [
  'exec 3<&0',
  '"$@" </dev/null & w=$!',
  '{ read -r -u 3 _; kill -KILL "$w" 2>/dev/null; } & r=$!',
  'wait "$w"; s=$?',
  'kill "$r" 2>/dev/null',
  'exit "$s"',
].join('\n');

function spawnGuarded(bin, args, env) {
  return spawn('bash', ['-c', GUARD, 'wharf-guard', bin, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function serverRunning() {
  return server && server.exitCode === null && server.signalCode === null;
}

// Stops the server and waits (up to 5 s) for it to be gone.
async function stopServer() {
  if (!serverRunning()) return;
  const gone = new Promise((resolve) => server.once('exit', resolve));
  server.stdin.end();
  await Promise.race([gone, sleep(5_000)]);
}

// Covers failures outside the hooks too (an uncaught error); the guard sees this process's end.
process.on('exit', (code) => {
  if (code !== 0 && serverLog) {
    process.stderr.write(`--- wharf log ---\n${serverLog}\n`);
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});
// An interrupted run (Ctrl-C, SIGTERM) still prints the log.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => process.exit(1));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits for the start-up banner, which names the port the kernel picked and the sandbox ids.
async function waitForBanner(deadlineMs) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const port = serverLog.match(/wharf is listening on [^\s:]+:(\d+)/)?.[1];
    const pn = serverLog.match(/Sandbox phone number id:\s+(\d+)/)?.[1];
    const waba = serverLog.match(/Sandbox WABA id:\s+(\d+)/)?.[1];
    if (port && pn && waba) return { port: Number(port), pn, waba };
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`wharf exited (${server.exitCode ?? server.signalCode}) during start-up:\n${serverLog}`);
    }
    if (Date.now() > end) throw new Error(`wharf printed no complete banner:\n${serverLog}`);
    await sleep(50);
  }
}

async function waitForHealth(deadlineMs) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      const r = await fetch(`${origin}/healthz`);
      if (r.ok) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > end) throw new Error(`wharf did not become healthy:\n${serverLog}`);
    await sleep(100);
  }
}

// A simulated WhatsApp user writes to the sandbox number (this is not an SDK call: the SDK has no
// sandbox API). Opens the 24-hour customer-service window for that user.
async function simulateInbound(message) {
  const r = await fetch(`${origin}/sandbox/v1/phone_numbers/${PN}/inbound`, {
    method: 'POST',
    headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify(message),
  });
  const text = await r.text();
  assert.equal(r.status, 200, `POST /sandbox/v1/phone_numbers/${PN}/inbound: ${text}`);
  const id = JSON.parse(text)?.data?.id;
  assert.match(id ?? '', /^wamid\./, `data.id in ${text}`);
  return id;
}

function newClient(options = {}) {
  return new WhatsAppClient({
    baseUrl: `${origin}/meta/whatsapp`,
    kapsoApiKey: API_KEY,
    fetch: recordingFetch,
    ...options,
  });
}

// The SDK's SendMessageResponse, camelized: messagingProduct, contacts[{input, waId}],
// messages[{id}]. `waId` is `to` normalized to digits (Meta echoes `input` verbatim).
function assertSent(res, to, waId = to) {
  assert.ok(res && typeof res === 'object', `a parsed JSON object, got ${typeof res}: ${String(res)}`);
  assert.equal(res.messagingProduct, 'whatsapp');
  assert.ok(Array.isArray(res.contacts) && res.contacts.length === 1, 'contacts has one entry');
  assert.equal(res.contacts[0].input, to);
  assert.equal(res.contacts[0].waId, waId);
  assert.ok(Array.isArray(res.messages) && res.messages.length === 1, 'messages has one entry');
  assert.match(res.messages[0].id, /^wamid\./);
  assert.equal(res.messaging_product, undefined, 'the SDK camelizes every key');
  return res.messages[0].id;
}

// Runs `call`, which must reject with the SDK's GraphApiError; returns the error.
async function graphError(call) {
  let caught;
  try {
    await call();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught, 'the call was expected to fail');
  assert.ok(
    caught instanceof GraphApiError,
    `a GraphApiError, got ${caught?.constructor?.name}: ${caught?.message}`,
  );
  return caught;
}

// Polls messages.get until the message reaches `status` (the sandbox moves accepted messages to
// sent, delivered and read within ~1.5 s).
async function waitForStatus(wamid, status, deadlineMs = 15_000) {
  const end = Date.now() + deadlineMs;
  let last;
  for (;;) {
    last = await client.messages.get({ phoneNumberId: PN, messageId: wamid });
    if (last?.kapso?.status === status) return last;
    if (Date.now() > end) {
      assert.fail(`${wamid} did not reach ${status}; last answer: ${JSON.stringify(last)}`);
    }
    await sleep(200);
  }
}

before(async () => {
  assert.ok(existsSync(WHARF_BIN), `wharf binary not found at ${WHARF_BIN} (run make build)`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wharf-contract-data-'));
  scratch.push(dataDir);
  server = spawnGuarded(WHARF_BIN, ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir], {
    ...process.env,
    WHARF_BOOTSTRAP_API_KEY: API_KEY,
    WHARF_TEMPLATE_REVIEW_DELAY_MS: '50',
  });
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  const banner = await waitForBanner(15_000);
  origin = `http://127.0.0.1:${banner.port}`;
  PN = banner.pn;
  WABA = banner.waba;
  await waitForHealth(15_000);
  client = newClient();
  // The templates the send tests use, approved by the sandbox reviewer (sends are checked
  // against the WABA's stored templates, as Meta does).
  const templates = [
    {
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
        {
          type: 'BODY',
          text: 'Hi {{1}}, your order {{2}} is on its way.',
          example: { body_text: [['Alex', '#1']] },
        },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Track' }] },
      ],
    },
    {
      name: 'welcome',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hello {{1}}!', example: { body_text: [['there']] } }],
    },
  ];
  for (const t of templates) {
    const created = await client.templates.create({ businessAccountId: WABA, ...t });
    for (let i = 0; i < 100; i++) {
      const got = await client.templates.get({ businessAccountId: WABA, templateId: created.id });
      if (got.status === 'APPROVED') break;
      assert.equal(got.status, 'PENDING', `${t.name} was not approved: ${JSON.stringify(got)}`);
      await sleep(50);
    }
  }
});

after(async () => {
  await stopServer();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

// Shared between the tests, in order.
const sent = {}; // helper name -> wamid
let inboundWamid; // USER's first message
let conversationId; // USER's conversation

describe('@kapso/whatsapp-cloud-api against wharf', { timeout: 180_000 }, () => {
  test('the client is in Kapso-proxy mode with only an API key and a self-hosted base URL', () => {
    assert.equal(client.isKapsoProxy(), true);
    assert.equal(client.graphVersion, 'v23.0');
  });

  test(
    'a simulated user opens the 24-hour window',
    traced(async () => {
      inboundWamid = await simulateInbound({
        from: USER,
        profile_name: USER_NAME,
        type: 'text',
        text: { body: 'hi' },
      });
    }),
  );

  describe('messages.send* helpers (Meta send response, camelized)', () => {
    const base = () => ({ phoneNumberId: PN, to: USER });

    test(
      'sendText (with previewUrl, reply context and bizOpaqueCallbackData)',
      traced(async () => {
        const res = await client.messages.sendText({
          ...base(),
          body: 'Hello from the SDK: https://example.com',
          previewUrl: true,
          contextMessageId: inboundWamid,
          bizOpaqueCallbackData: 'order-42',
        });
        sent.text = assertSent(res, USER);
      }),
    );

    test(
      'sendText to a formatted number: input echoed, waId normalized',
      traced(async () => {
        assertSent(
          await client.messages.sendText({ phoneNumberId: PN, to: '+1 (555) 123-4567', body: 'formatted' }),
          '+1 (555) 123-4567',
          USER,
        );
      }),
    );

    test(
      'sendImage by link',
      traced(async () => {
        sent.image = assertSent(
          await client.messages.sendImage({ ...base(), image: { link: IMAGE_URL, caption: 'A photo' } }),
          USER,
        );
      }),
    );

    test(
      'sendVideo by link',
      traced(async () => {
        sent.video = assertSent(
          await client.messages.sendVideo({
            ...base(),
            video: { link: 'https://example.com/media/clip.mp4', caption: 'A clip' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendAudio by link (voice)',
      traced(async () => {
        sent.audio = assertSent(
          await client.messages.sendAudio({
            ...base(),
            audio: { link: 'https://example.com/media/note.ogg', voice: true },
          }),
          USER,
        );
      }),
    );

    test(
      'sendDocument by link (caption, filename)',
      traced(async () => {
        sent.document = assertSent(
          await client.messages.sendDocument({
            ...base(),
            document: { link: 'https://example.com/media/invoice.pdf', caption: 'Invoice', filename: 'invoice.pdf' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendSticker by link',
      traced(async () => {
        sent.sticker = assertSent(
          await client.messages.sendSticker({ ...base(), sticker: { link: 'https://example.com/media/s.webp' } }),
          USER,
        );
      }),
    );

    test(
      'sendLocation',
      traced(async () => {
        sent.location = assertSent(
          await client.messages.sendLocation({
            ...base(),
            location: { latitude: 52.52, longitude: 13.405, name: 'Office', address: 'Unter den Linden 1, Berlin' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendContacts',
      traced(async () => {
        sent.contacts = assertSent(
          await client.messages.sendContacts({
            ...base(),
            contacts: [
              {
                name: { formattedName: 'Ada Lovelace', firstName: 'Ada', lastName: 'Lovelace' },
                phones: [{ phone: '+1 555 010 0100', waId: '15550100100', type: 'CELL' }],
                emails: [{ email: 'ada@example.com', type: 'WORK' }],
                org: { company: 'Analytical Engines' },
              },
            ],
          }),
          USER,
        );
      }),
    );

    test(
      'sendReaction (to the user message)',
      traced(async () => {
        sent.reaction = assertSent(
          await client.messages.sendReaction({ ...base(), reaction: { messageId: inboundWamid, emoji: '👍' } }),
          USER,
        );
      }),
    );

    test(
      'sendTemplate (Meta-style components)',
      traced(async () => {
        sent.template = assertSent(
          await client.messages.sendTemplate({
            ...base(),
            template: {
              name: 'order_update',
              language: { code: 'en_US', policy: 'deterministic' },
              components: [
                { type: 'header', parameters: [{ type: 'image', image: { link: IMAGE_URL } }] },
                { type: 'body', parameters: [{ type: 'text', text: 'Alex' }, { type: 'text', text: '#42' }] },
                { type: 'button', subType: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'TRACK' }] },
              ],
            },
          }),
          USER,
        );
      }),
    );

    test(
      'sendTemplate with a payload from buildTemplateSendPayload, outside the window (templates need none)',
      traced(async () => {
        const template = buildTemplateSendPayload({
          name: 'welcome',
          language: 'en_US',
          body: [{ type: 'text', text: 'there' }],
        });
        assertSent(await client.messages.sendTemplate({ phoneNumberId: PN, to: STRANGER, template }), STRANGER);
      }),
    );

    test(
      'sendTemplate of a template the WABA does not have is a GraphApiError 132001; wrong parameters 132000',
      traced(async () => {
        await assert.rejects(
          client.messages.sendTemplate({
            phoneNumberId: PN,
            to: STRANGER,
            template: { name: 'no_such_template', language: { code: 'en_US' } },
          }),
          (e) => e instanceof GraphApiError && e.code === 132001,
        );
        await assert.rejects(
          client.messages.sendTemplate({
            phoneNumberId: PN,
            to: STRANGER,
            template: buildTemplateSendPayload({ name: 'welcome', language: 'en_US', body: [] }),
          }),
          (e) => e instanceof GraphApiError && e.code === 132000,
        );
      }),
    );

    test(
      'sendInteractiveButtons (text header, footer)',
      traced(async () => {
        sent.buttons = assertSent(
          await client.messages.sendInteractiveButtons({
            ...base(),
            header: { type: 'text', text: 'Your order' },
            bodyText: 'Ready for pickup?',
            footerText: 'Reply below',
            buttons: [
              { id: 'yes', title: 'Yes' },
              { id: 'later', title: 'Later' },
              { id: 'cancel', title: 'Cancel' },
            ],
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveButtons (image header)',
      traced(async () => {
        assertSent(
          await client.messages.sendInteractiveButtons({
            ...base(),
            header: { type: 'image', image: { link: IMAGE_URL } },
            bodyText: 'Like it?',
            buttons: [{ id: 'like', title: 'Like' }],
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveList',
      traced(async () => {
        sent.list = assertSent(
          await client.messages.sendInteractiveList({
            ...base(),
            header: { type: 'text', text: 'Menu' },
            bodyText: 'Pick a dish',
            footerText: 'Kitchen open until 22:00',
            buttonText: 'See menu',
            sections: [
              {
                title: 'Mains',
                rows: [
                  { id: 'pasta', title: 'Pasta', description: 'Fresh tagliatelle' },
                  { id: 'risotto', title: 'Risotto' },
                ],
              },
              { title: 'Desserts', rows: [{ id: 'tiramisu', title: 'Tiramisu' }] },
            ],
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveCtaUrl',
      traced(async () => {
        sent.ctaUrl = assertSent(
          await client.messages.sendInteractiveCtaUrl({
            ...base(),
            header: { type: 'text', text: 'Tracking' },
            bodyText: 'Follow your parcel',
            footerText: 'Updated hourly',
            parameters: { displayText: 'Track', url: 'https://example.com/track/42' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveLocationRequest',
      traced(async () => {
        sent.locationRequest = assertSent(
          await client.messages.sendInteractiveLocationRequest({
            ...base(),
            bodyText: 'Where should we deliver?',
            parameters: { requestMessage: 'Share your location' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveFlow',
      traced(async () => {
        sent.flow = assertSent(
          await client.messages.sendInteractiveFlow({
            ...base(),
            header: { type: 'text', text: 'Sign up' },
            bodyText: 'Two minutes, tops',
            footerText: 'No spam',
            parameters: {
              flowId: '1234567890',
              flowCta: 'Start',
              flowToken: 'token-abc',
              flowAction: 'navigate',
              flowActionPayload: { screen: 'WELCOME', data: { planName: 'pro' } },
            },
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveProduct',
      traced(async () => {
        sent.product = assertSent(
          await client.messages.sendInteractiveProduct({
            ...base(),
            bodyText: 'Our best seller',
            footerText: 'Free shipping',
            catalogId: '9876543210',
            productRetailerId: 'SKU-1',
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveProductList',
      traced(async () => {
        sent.productList = assertSent(
          await client.messages.sendInteractiveProductList({
            ...base(),
            header: { type: 'text', text: 'Spring collection' },
            bodyText: 'New arrivals',
            catalogId: '9876543210',
            sections: [
              { title: 'Shoes', productItems: [{ productRetailerId: 'SKU-1' }, { productRetailerId: 'SKU-2' }] },
              { title: 'Bags', productItems: [{ productRetailerId: 'SKU-3' }] },
            ],
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveCatalogMessage',
      traced(async () => {
        sent.catalog = assertSent(
          await client.messages.sendInteractiveCatalogMessage({
            ...base(),
            bodyText: 'Browse our catalog',
            parameters: { thumbnailProductRetailerId: 'SKU-1' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveAddress',
      traced(async () => {
        sent.address = assertSent(
          await client.messages.sendInteractiveAddress({
            ...base(),
            bodyText: 'Where do we ship?',
            parameters: {
              country: 'IN',
              values: { name: 'Alex', phoneNumber: '+919000000000' },
            },
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveCallPermission',
      traced(async () => {
        sent.callPermission = assertSent(
          await client.messages.sendInteractiveCallPermission({
            ...base(),
            bodyText: 'May we call you about your order?',
            parameters: { phoneNumber: USER, callPurpose: 'Order support' },
          }),
          USER,
        );
      }),
    );

    test(
      'sendInteractiveRaw (a reply-button message built by hand)',
      traced(async () => {
        sent.interactiveRaw = assertSent(
          await client.messages.sendInteractiveRaw({
            ...base(),
            interactive: {
              type: 'button',
              body: { text: 'Raw buttons' },
              action: { buttons: [{ type: 'reply', reply: { id: 'ok', title: 'OK' } }] },
            },
          }),
          USER,
        );
      }),
    );

    test(
      'sendRaw (a full Meta payload, graph version v24.0)',
      traced(async () => {
        const v24 = newClient({ graphVersion: 'v24.0' });
        sent.raw = assertSent(
          await v24.messages.sendRaw({
            phoneNumberId: PN,
            payload: {
              messagingProduct: 'whatsapp',
              recipientType: 'individual',
              to: USER,
              type: 'text',
              text: { body: 'raw text', previewUrl: false },
            },
          }),
          USER,
        );
      }),
    );
  });

  describe('messages.markRead', () => {
    test(
      'marks the user message read',
      traced(async () => {
        const res = await client.messages.markRead({ phoneNumberId: PN, messageId: inboundWamid });
        assert.deepEqual(res, { success: true });
      }),
    );

    test(
      'with a typing indicator',
      traced(async () => {
        const res = await client.messages.markRead({
          phoneNumberId: PN,
          messageId: inboundWamid,
          typingIndicator: { type: 'text' },
        });
        assert.deepEqual(res, { success: true });
      }),
    );
  });

  describe('message history (Kapso extensions)', () => {
    test(
      'messages.get: an outbound text after its statuses, kapso fields camelized',
      traced(async () => {
        const m = await waitForStatus(sent.text, 'read');
        assert.equal(m.id, sent.text);
        assert.equal(m.type, 'text');
        assert.equal(m.to, USER);
        assert.match(m.timestamp, /^\d+$/, 'timestamp is Unix seconds as a string');
        assert.equal(m.text?.body, 'Hello from the SDK: https://example.com');
        assert.equal(m.context?.id, inboundWamid, 'the reply context');
        const k = m.kapso;
        assert.ok(k, 'kapso object present by default');
        assert.equal(k.direction, 'outbound');
        assert.equal(k.status, 'read');
        assert.equal(k.hasMedia, false);
        assert.equal(k.contactName, USER_NAME);
        assert.equal(typeof k.whatsappConversationId, 'string');
        assert.equal(typeof k.processingStatus, 'string');
        assert.equal(typeof k.phoneNumber, 'string');
        assert.equal(k.has_media, undefined, 'no snake_case key survives');
        assert.equal(k.whatsapp_conversation_id, undefined);
        conversationId = k.whatsappConversationId;
        if (Array.isArray(k.statuses)) {
          assert.deepEqual(
            k.statuses.map((s) => s.status),
            ['sent', 'delivered', 'read'],
            'the raw status history, in order',
          );
          assert.equal(k.statuses[0].recipientId, USER, 'status objects camelized too');
        }
      }),
    );

    test(
      'messages.get: an inbound message',
      traced(async () => {
        const m = await client.messages.get({ phoneNumberId: PN, messageId: inboundWamid });
        assert.equal(m.id, inboundWamid);
        assert.equal(m.from, USER);
        assert.equal(m.text?.body, 'hi');
        assert.equal(m.kapso?.direction, 'inbound');
        assert.equal(m.kapso?.whatsappConversationId, conversationId);
      }),
    );

    test(
      'messages.get: a media message sent by link has media',
      traced(async () => {
        const m = await client.messages.get({ phoneNumberId: PN, messageId: sent.image });
        assert.equal(m.type, 'image');
        assert.equal(m.image?.link, IMAGE_URL);
        assert.equal(m.image?.caption, 'A photo');
        assert.equal(m.kapso?.hasMedia, true);
      }),
    );

    test(
      'messages.get: an interactive message keeps Meta\'s object (camelized by the SDK)',
      traced(async () => {
        const m = await client.messages.get({ phoneNumberId: PN, messageId: sent.list });
        assert.equal(m.type, 'interactive');
        assert.equal(m.interactive?.type, 'list');
        assert.equal(m.interactive?.action?.button, 'See menu');
        assert.equal(m.interactive?.action?.sections?.[0]?.rows?.[0]?.id, 'pasta');
      }),
    );

    test(
      'messages.get: fields=kapso(direction,status) selects those fields only',
      traced(async () => {
        const m = await client.messages.get({
          phoneNumberId: PN,
          messageId: sent.text,
          fields: buildKapsoFields(['direction', 'status']),
        });
        assert.deepEqual(Object.keys(m.kapso ?? {}).sort(), ['direction', 'status']);
      }),
    );

    test(
      'messages.get: fields=kapso() omits the kapso object',
      traced(async () => {
        const m = await client.messages.get({ phoneNumberId: PN, messageId: sent.text, fields: buildKapsoFields([]) });
        assert.equal(m.id, sent.text);
        assert.equal(m.kapso, undefined);
      }),
    );

    test(
      'messages.query: outbound, newest first, paging cursors',
      traced(async () => {
        const page = await client.messages.query({ phoneNumberId: PN, direction: 'outbound', limit: 100 });
        assert.ok(Array.isArray(page.data), 'data is an array');
        assert.ok(page.paging && typeof page.paging.cursors === 'object', 'paging.cursors present');
        const ids = page.data.map((m) => m.id);
        for (const [name, wamid] of Object.entries(sent)) {
          assert.ok(ids.includes(wamid), `${name} (${wamid}) is listed`);
        }
        assert.ok(!ids.includes(inboundWamid), 'the inbound message is filtered out');
        for (const m of page.data) assert.equal(m.kapso?.direction, 'outbound');
        // Newest first: the last helper's message comes before the first one's.
        assert.ok(ids.indexOf(sent.raw) < ids.indexOf(sent.text), 'newest first');
      }),
    );

    test(
      'messages.query: status and direction filters',
      traced(async () => {
        await waitForStatus(sent.raw, 'read');
        const read = await client.messages.query({ phoneNumberId: PN, status: 'read', direction: 'outbound' });
        assert.ok(read.data.length > 0, 'some outbound messages are read');
        for (const m of read.data) assert.equal(m.kapso?.status, 'read');
        const inbound = await client.messages.query({ phoneNumberId: PN, direction: 'inbound' });
        assert.ok(inbound.data.some((m) => m.id === inboundWamid), 'the inbound message is listed');
        for (const m of inbound.data) assert.equal(m.kapso?.direction, 'inbound');
      }),
    );

    test(
      'messages.query: cursor paging with limit and after',
      traced(async () => {
        const first = await client.messages.query({ phoneNumberId: PN, limit: 2 });
        assert.equal(first.data.length, 2);
        assert.equal(typeof first.paging.cursors.after, 'string', 'an after cursor');
        const second = await client.messages.query({ phoneNumberId: PN, limit: 2, after: first.paging.cursors.after });
        assert.equal(second.data.length, 2);
        const a = first.data.map((m) => m.id);
        for (const m of second.data) assert.ok(!a.includes(m.id), `${m.id} is not repeated on the next page`);
        const back = await client.messages.query({ phoneNumberId: PN, limit: 2, before: second.paging.cursors.before });
        assert.deepEqual(
          back.data.map((m) => m.id),
          a,
          'before the second page is the first page',
        );
      }),
    );

    test(
      'messages.query: since/until (ISO-8601) bound the list',
      traced(async () => {
        const future = new Date(Date.now() + 3_600_000).toISOString();
        const past = new Date(Date.now() - 3_600_000).toISOString();
        const none = await client.messages.query({ phoneNumberId: PN, since: future });
        assert.deepEqual(none.data, []);
        const all = await client.messages.query({ phoneNumberId: PN, since: past, until: future, limit: 100 });
        assert.ok(all.data.some((m) => m.id === sent.text), 'the window holds the messages sent');
        const before = await client.messages.query({ phoneNumberId: PN, until: past });
        assert.deepEqual(before.data, []);
      }),
    );

    test(
      'messages.listByConversation',
      traced(async () => {
        assert.ok(conversationId, 'conversation id known from messages.get');
        const page = await client.messages.listByConversation({ phoneNumberId: PN, conversationId, limit: 100 });
        const ids = page.data.map((m) => m.id);
        assert.ok(ids.includes(inboundWamid), 'the inbound message is in the conversation');
        assert.ok(ids.includes(sent.text), 'the outbound text is in the conversation');
        for (const m of page.data) assert.equal(m.kapso?.whatsappConversationId, conversationId);
      }),
    );

    test(
      'a message to a reserved undeliverable number ends failed (131026) and is found by status',
      traced(async () => {
        await simulateInbound({ from: UNDELIVERABLE, profile_name: 'Nobody', type: 'text', text: { body: 'hello?' } });
        const wamid = assertSent(
          await client.messages.sendText({ phoneNumberId: PN, to: UNDELIVERABLE, body: 'will not arrive' }),
          UNDELIVERABLE,
        );
        const m = await waitForStatus(wamid, 'failed');
        assert.equal(m.kapso.direction, 'outbound');
        if (Array.isArray(m.kapso.statuses)) {
          const failed = m.kapso.statuses.find((s) => s.status === 'failed');
          assert.equal(failed?.errors?.[0]?.code, 131026);
        }
        const page = await client.messages.query({ phoneNumberId: PN, status: 'failed', direction: 'outbound' });
        assert.deepEqual(
          page.data.map((x) => x.id),
          [wamid],
        );
      }),
    );
  });

  describe('contacts (Kapso extensions)', () => {
    test(
      'contacts.list by waId',
      traced(async () => {
        const page = await client.contacts.list({ phoneNumberId: PN, waId: USER });
        assert.ok(Array.isArray(page.data));
        assert.equal(page.data.length, 1);
        const c = page.data[0];
        assert.equal(c.waId, USER);
        assert.equal(c.profileName, USER_NAME);
        assert.equal(typeof c.id, 'string');
        assert.ok(page.paging && typeof page.paging.cursors === 'object');
      }),
    );

    test(
      'contacts.list: everyone the number talked to, hasCustomer=false',
      traced(async () => {
        const page = await client.contacts.list({ phoneNumberId: PN, hasCustomer: false, limit: 100 });
        const waIds = page.data.map((c) => c.waId);
        for (const w of [USER, STRANGER, UNDELIVERABLE]) assert.ok(waIds.includes(w), `${w} listed`);
      }),
    );

    test(
      'contacts.list by customerId (a UUID; no customer is linked)',
      traced(async () => {
        const page = await client.contacts.list({ phoneNumberId: PN, customerId: '00000000-0000-4000-8000-000000000000' });
        assert.deepEqual(page.data, []);
      }),
    );

    test(
      'contacts.get',
      traced(async () => {
        const c = await client.contacts.get({ phoneNumberId: PN, waId: USER });
        assert.equal(c.waId, USER);
        assert.equal(c.profileName, USER_NAME);
      }),
    );

    test(
      'contacts.update then contacts.get',
      traced(async () => {
        const res = await client.contacts.update({
          phoneNumberId: PN,
          waId: USER,
          displayName: 'Alex (VIP)',
          metadata: { tier: 'gold', visits: 3 },
        });
        assert.deepEqual(res, { success: true });
        const c = await client.contacts.get({ phoneNumberId: PN, waId: USER });
        assert.equal(c.displayName, 'Alex (VIP)');
        assert.equal(c.profileName, USER_NAME, 'profile name untouched');
        assert.deepEqual(c.metadata, { tier: 'gold', visits: 3 });
      }),
    );
  });

  describe('conversations (Kapso extensions)', () => {
    test(
      'conversations.list (active, by phone number)',
      traced(async () => {
        const page = await client.conversations.list({ phoneNumberId: PN, status: 'active', phoneNumber: USER });
        assert.ok(Array.isArray(page.data));
        const conv = page.data.find((c) => c.id === conversationId);
        assert.ok(conv, `conversation ${conversationId} listed`);
        assert.equal(conv.status, 'active');
        assert.equal(conv.phoneNumberId, PN);
        assert.match(conv.phoneNumber ?? '', new RegExp(USER));
        assert.equal(typeof conv.lastActiveAt, 'string');
        assert.ok(
          [USER_NAME, 'Alex (VIP)'].includes(conv.kapso?.contactName),
          `kapso.contactName is the contact's name, got ${conv.kapso?.contactName}`,
        );
        assert.equal(typeof conv.kapso?.messagesCount, 'number');
        assert.ok(conv.kapso.messagesCount >= Object.keys(sent).length + 1, 'messages counted');
        assert.match(conv.kapso?.lastMessageId ?? '', /^wamid\./);
        assert.equal(typeof conv.kapso?.lastInboundAt, 'string');
        assert.equal(typeof conv.kapso?.lastOutboundAt, 'string');
        assert.ok(page.paging && typeof page.paging.cursors === 'object');
      }),
    );

    test(
      'conversations.list: fields=kapso(contact_name)',
      traced(async () => {
        const page = await client.conversations.list({ phoneNumberId: PN, fields: 'kapso(contact_name)' });
        const conv = page.data.find((c) => c.id === conversationId);
        assert.ok(conv, 'listed');
        assert.deepEqual(Object.keys(conv.kapso ?? {}), ['contactName']);
      }),
    );

    test(
      'conversations.list: lastActiveSince/lastActiveUntil',
      traced(async () => {
        const future = new Date(Date.now() + 3_600_000).toISOString();
        const past = new Date(Date.now() - 3_600_000).toISOString();
        const none = await client.conversations.list({ phoneNumberId: PN, lastActiveSince: future });
        assert.deepEqual(none.data, []);
        const some = await client.conversations.list({
          phoneNumberId: PN,
          lastActiveSince: past,
          lastActiveUntil: future,
        });
        assert.ok(some.data.some((c) => c.id === conversationId), 'listed inside the range');
      }),
    );

    test(
      'conversations.get',
      traced(async () => {
        const conv = await client.conversations.get({ conversationId });
        assert.equal(conv.id, conversationId);
        assert.equal(conv.status, 'active');
        assert.equal(conv.phoneNumberId, PN);
      }),
    );

    test(
      'conversations.updateStatus ended, then active again',
      traced(async () => {
        assert.deepEqual(await client.conversations.updateStatus({ conversationId, status: 'ended' }), {
          success: true,
        });
        assert.equal((await client.conversations.get({ conversationId })).status, 'ended');
        const ended = await client.conversations.list({ phoneNumberId: PN, status: 'ended' });
        assert.ok(
          ended.data.some((c) => c.id === conversationId),
          'listed under status=ended',
        );
        assert.deepEqual(await client.conversations.updateStatus({ conversationId, status: 'active' }), {
          success: true,
        });
        assert.equal((await client.conversations.get({ conversationId })).status, 'active');
      }),
    );
  });

  describe('phone number discovery (SDK transport; the SDK has no helper for it)', () => {
    test(
      'GET {waba}/phone_numbers and GET {pn} through client.request',
      traced(async () => {
        const list = await client.request('GET', `${WABA}/phone_numbers`, { responseType: 'json' });
        assert.ok(Array.isArray(list?.data), 'data is an array');
        const entry = list.data.find((p) => p.id === PN);
        assert.ok(entry, `${PN} listed under WABA ${WABA}`);
        assert.equal(typeof entry.displayPhoneNumber, 'string');
        assert.equal(typeof entry.verifiedName, 'string');
        const one = await client.request('GET', PN, { responseType: 'json' });
        assert.equal(one.id, PN);
        assert.equal(one.displayPhoneNumber, entry.displayPhoneNumber);
      }),
    );
  });

  describe('templates (create, list, get, delete; the sandbox reviewer approves)', () => {
    test(
      'templates.create answers PENDING, then list/get show it APPROVED, and delete removes it',
      traced(async () => {
        const created = await client.templates.create({
          businessAccountId: WABA,
          name: 'sdk_order_update',
          language: 'en_US',
          category: 'UTILITY',
          components: [
            { type: 'BODY', text: 'Order {{1}} is on its way', example: { body_text: [['A-1']] } },
          ],
        });
        assert.equal(created.status, 'PENDING');
        assert.equal(created.category, 'UTILITY');
        assert.match(created.id, /^\d+$/);
        let got;
        for (let i = 0; i < 60; i++) {
          got = await client.templates.get({ businessAccountId: WABA, templateId: created.id });
          if (got.status !== 'PENDING') break;
          await sleep(100);
        }
        assert.equal(got.status, 'APPROVED');
        assert.equal(got.name, 'sdk_order_update');
        assert.equal(got.language, 'en_US');
        const list = await client.templates.list({ businessAccountId: WABA, name: 'sdk_order_update', limit: 10 });
        assert.equal(list.data.length, 1);
        assert.equal(list.data[0].id, created.id);
        assert.ok(list.paging?.cursors, 'paging.cursors');
        const deleted = await client.templates.delete({ businessAccountId: WABA, name: 'sdk_order_update' });
        assert.equal(deleted.success, true);
        const after = await client.templates.list({ businessAccountId: WABA, name: 'sdk_order_update' });
        assert.equal(after.data.length, 0);
      }),
    );
    test(
      'an invalid template is a GraphApiError with code 100',
      traced(async () => {
        await assert.rejects(
          client.templates.create({
            businessAccountId: WABA,
            name: 'Bad Name',
            language: 'en_US',
            category: 'UTILITY',
            components: [{ type: 'BODY', text: 'Hi' }],
          }),
          (e) => e instanceof GraphApiError && e.code === 100,
        );
      }),
    );
  });

  describe('media (upload, get, download, delete; send by id)', () => {
    // A PNG as far as Meta's magic-number check goes: the signature and an IHDR chunk header.
    const png = new Uint8Array(4096);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    for (let i = 16; i < png.length; i++) png[i] = i % 251;

    test(
      'media.upload -> get -> download (bytes, no headers needed) -> delete, and sendImage by id',
      traced(async () => {
        const uploaded = await client.media.upload({
          phoneNumberId: PN,
          type: 'image/png',
          file: new Blob([png], { type: 'image/png' }),
          fileName: 'sdk.png',
        });
        assert.match(uploaded.id, /^\d+$/);
        const meta = await client.media.get({ mediaId: uploaded.id, phoneNumberId: PN });
        assert.equal(meta.messagingProduct, 'whatsapp');
        assert.equal(meta.id, uploaded.id);
        assert.equal(meta.mimeType, 'image/png');
        assert.equal(meta.fileSize, String(png.length));
        assert.match(meta.sha256, /^[0-9a-f]{64}$/);
        assert.ok(meta.downloadUrl.startsWith(origin), meta.downloadUrl);
        assert.ok(meta.downloadUrlExpiresAt, 'downloadUrlExpiresAt');
        // The SDK fetches the download URL without auth headers on a non-kapso.ai host.
        const bytes = new Uint8Array(await client.media.download({ mediaId: uploaded.id, phoneNumberId: PN }));
        assert.deepEqual(bytes, png);

        const sent = await client.messages.sendImage({ phoneNumberId: PN, to: USER, image: { id: uploaded.id, caption: 'by id' } });
        assertSent(sent, USER);

        const deleted = await client.media.delete({ mediaId: uploaded.id, phoneNumberId: PN });
        assert.equal(deleted.success, true);
        const gone = await graphError(() => client.media.get({ mediaId: uploaded.id, phoneNumberId: PN }));
        assert.equal(gone.httpStatus, 404);
        assert.equal(gone.code, 100);
      }),
    );
    test(
      'a short type ("image") and an untyped blob: the bytes say what it is',
      traced(async () => {
        const uploaded = await client.media.upload({ phoneNumberId: PN, type: 'image', file: png });
        const meta = await client.media.get({ mediaId: uploaded.id, phoneNumberId: PN });
        assert.equal(meta.mimeType, 'image/png');
      }),
    );
    test(
      'a file that is not its declared type is a GraphApiError 131053; an unknown media id to send is 131009',
      traced(async () => {
        const err = await graphError(() =>
          client.media.upload({ phoneNumberId: PN, type: 'image/jpeg', file: new Blob([png]) }),
        );
        assert.equal(err.code, 131053);
        assert.equal(err.httpStatus, 400);
        const bad = await graphError(() =>
          client.messages.sendImage({ phoneNumberId: PN, to: USER, image: { id: '1234567890123456' } }),
        );
        assert.equal(bad.code, 131009);
      }),
    );
  });

  describe('authentication', () => {
    test(
      'a Meta-style client (accessToken only, sent as Authorization: Bearer) can send',
      traced(async () => {
        const meta = new WhatsAppClient({ baseUrl: `${origin}/meta/whatsapp`, accessToken: API_KEY, fetch: recordingFetch });
        assert.equal(meta.isKapsoProxy(), false);
        assertSent(await meta.messages.sendText({ phoneNumberId: PN, to: USER, body: 'via Bearer' }), USER);
        assert.equal(exchanges.at(-1).status, 200);
      }),
    );
  });

  describe('errors surface as GraphApiError', () => {
    test(
      'an unsupported message type via sendRaw: 131051',
      traced(async () => {
        const err = await graphError(() =>
          client.messages.sendRaw({
            phoneNumberId: PN,
            payload: { messagingProduct: 'whatsapp', to: USER, type: 'hologram', hologram: { shape: 'cube' } },
          }),
        );
        assert.equal(err.code, 131051);
        assert.equal(err.httpStatus, 400);
        assert.equal(err.type, 'OAuthException');
        assert.equal(typeof err.fbtraceId, 'string');
        assert.equal(typeof err.details, 'string', 'error_data.details read');
        assert.equal(err.category, 'media', "the SDK's category for 131051");
      }),
    );

    test(
      'a free-form text outside the 24-hour window: 131047 reengagementWindow, do not retry',
      traced(async () => {
        const err = await graphError(() =>
          client.messages.sendText({ phoneNumberId: PN, to: STRANGER, body: 'are you there?' }),
        );
        assert.equal(err.code, 131047);
        assert.equal(err.httpStatus, 400);
        assert.equal(err.category, 'reengagementWindow');
        assert.deepEqual(err.retry, { action: 'do_not_retry' });
      }),
    );

    test(
      'a missing required parameter (text without body via sendRaw): 131008, parameter category',
      traced(async () => {
        const err = await graphError(() =>
          client.messages.sendRaw({
            phoneNumberId: PN,
            payload: { messagingProduct: 'whatsapp', to: USER, type: 'text', text: {} },
          }),
        );
        assert.equal(err.code, 131008);
        assert.equal(err.httpStatus, 400);
        assert.equal(err.category, 'parameter');
        assert.match(err.details ?? '', /text\.body/);
      }),
    );

    test(
      'four reply buttons via sendInteractiveRaw (Meta allows three): a parameter error',
      traced(async () => {
        const buttons = ['a', 'b', 'c', 'd'].map((id) => ({ type: 'reply', reply: { id, title: id.toUpperCase() } }));
        const err = await graphError(() =>
          client.messages.sendInteractiveRaw({
            phoneNumberId: PN,
            to: USER,
            interactive: { type: 'button', body: { text: 'Too many' }, action: { buttons } },
          }),
        );
        assert.ok([100, 131008, 131009].includes(err.code), `code ${err.code}`);
        assert.equal(err.httpStatus, 400);
        assert.equal(err.category, 'parameter');
      }),
    );

    test(
      'the recipient is the sender: 131021',
      traced(async () => {
        const me = await client.request('GET', PN, { responseType: 'json' });
        const self = String(me.displayPhoneNumber).replace(/\D/g, '');
        const err = await graphError(() => client.messages.sendText({ phoneNumberId: PN, to: self, body: 'me' }));
        assert.equal(err.code, 131021);
        assert.equal(err.category, 'parameter');
      }),
    );

    test(
      'messages.get of an unknown wamid: 404, code 100',
      traced(async () => {
        const err = await graphError(() => client.messages.get({ phoneNumberId: PN, messageId: 'wamid.DOESNOTEXIST' }));
        assert.equal(err.httpStatus, 404);
        assert.equal(err.code, 100);
      }),
    );

    test(
      'conversations.get of an unknown id: 404, code 100',
      traced(async () => {
        const err = await graphError(() =>
          client.conversations.get({ conversationId: '00000000-0000-4000-8000-000000000000' }),
        );
        assert.equal(err.httpStatus, 404);
        assert.equal(err.code, 100);
      }),
    );

    test(
      'contacts.get of an unknown wa_id: 404',
      traced(async () => {
        const err = await graphError(() => client.contacts.get({ phoneNumberId: PN, waId: '15559999999' }));
        assert.equal(err.httpStatus, 404);
      }),
    );

    test(
      'a send through an unknown phone number id: code 100',
      traced(async () => {
        const err = await graphError(() => client.messages.sendText({ phoneNumberId: '999999999', to: USER, body: 'x' }));
        assert.equal(err.code, 100);
        assert.ok([400, 404].includes(err.httpStatus), `httpStatus ${err.httpStatus}`);
      }),
    );

    test(
      'a wrong API key: httpStatus 401, code 190, authorization',
      traced(async () => {
        const wrong = newClient({ kapsoApiKey: 'not-the-key-0123456789abcdef' });
        const err = await graphError(() => wrong.messages.sendText({ phoneNumberId: PN, to: USER, body: 'x' }));
        assert.equal(err.httpStatus, 401);
        assert.equal(err.code, 190);
        assert.equal(err.category, 'authorization');
        assert.equal(err.requiresTokenRefresh(), true);
        const err2 = await graphError(() => wrong.messages.query({ phoneNumberId: PN }));
        assert.equal(err2.httpStatus, 401);
        assert.equal(err2.code, 190);
        const err3 = await graphError(() => wrong.conversations.get({ conversationId }));
        assert.equal(err3.httpStatus, 401);
        assert.equal(err3.code, 190);
        const wrongBearer = new WhatsAppClient({
          baseUrl: `${origin}/meta/whatsapp`,
          accessToken: 'not-the-key-0123456789abcdef',
          fetch: recordingFetch,
        });
        const err4 = await graphError(() => wrongBearer.messages.sendText({ phoneNumberId: PN, to: USER, body: 'x' }));
        assert.equal(err4.httpStatus, 401);
        assert.equal(err4.code, 190);
      }),
    );
  });
});
