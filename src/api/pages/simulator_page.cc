#include "api/pages/simulator_page.h"

#include <string_view>

#include "base/crypto.h"

namespace wharf::api::pages {
namespace {

// The page is static: the markup has no server-side data at all, so nothing here needs escaping.
// Everything the script shows comes from the API at run time and goes through textContent.

constexpr std::string_view kStyle = R"css(
:root {
  --green: #008069; --green-dark: #005c4b; --bg: #f0f2f5; --chat: #efeae2; --out: #d9fdd3;
  --in: #ffffff; --text: #111b21; --muted: #667781; --line: #e9edef; --blue: #53bdeb;
  --red: #c62828; color-scheme: light;
}
* { box-sizing: border-box; }
html, body { height: 100%; }
body {
  margin: 0; display: flex; flex-direction: column; color: var(--text); background: var(--bg);
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.top {
  display: flex; flex-wrap: wrap; align-items: center; gap: 10px 20px; padding: 10px 16px;
  background: var(--green); color: #fff;
}
.brand { display: flex; align-items: center; gap: 10px; margin-right: auto; }
.logo {
  display: grid; place-items: center; width: 34px; height: 34px; border-radius: 50%;
  background: #fff; color: var(--green); font-weight: 700;
}
h1 { margin: 0; font-size: 17px; }
.brand p { margin: 0; font-size: 12px; opacity: .85; }
.key { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.key label { font-size: 12px; opacity: .9; }
.key input { width: 260px; }
input {
  font: inherit; padding: 8px 10px; border: 1px solid #d1d7db; border-radius: 8px;
  background: #fff; color: var(--text); min-width: 0;
}
input:focus { outline: 2px solid var(--green); outline-offset: -1px; }
.top input:focus { outline-color: #fff; }
button {
  font: inherit; padding: 8px 14px; border-radius: 8px; border: 1px solid #d1d7db;
  background: #fff; color: var(--text); cursor: pointer; white-space: nowrap;
}
button:hover { background: #f5f6f6; }
button:disabled { opacity: .55; cursor: default; }
button.primary { background: var(--green); border-color: var(--green); color: #fff; }
button.primary:hover { background: var(--green-dark); }
.top button.primary { background: #fff; color: var(--green); border-color: #fff; }
button.ghost { background: transparent; border-color: transparent; color: inherit; }
button.ghost:hover { text-decoration: underline; }
.small { padding: 3px 8px; font-size: 12px; }
.live { font-size: 12px; padding: 3px 10px; border-radius: 999px; background: rgba(0, 0, 0, .2); }
.live[data-state="ok"]::before {
  content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
  background: #25d366; margin-right: 6px;
}
.error {
  padding: 10px 16px; background: #fdecea; color: #8a1c1c; border-bottom: 1px solid #f5c2c0;
  white-space: pre-wrap;
}
[hidden] { display: none !important; }
.app { flex: 1; min-height: 0; display: grid; grid-template-columns: 300px minmax(0, 1fr); }
.side {
  display: flex; flex-direction: column; min-height: 0; background: #fff;
  border-right: 1px solid var(--line);
}
.side section { padding-top: 10px; display: flex; flex-direction: column; min-height: 0; }
.side section.grow { flex: 1; }
.side h2 {
  margin: 0; padding: 0 14px 6px; font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted);
}
.section-head { display: flex; align-items: center; justify-content: space-between; padding-right: 8px; }
.section-head h2 { padding-bottom: 0; }
.list { list-style: none; margin: 6px 0 0; padding: 0; overflow: auto; border-top: 1px solid var(--line); }
.numbers .list { max-height: 30vh; }
.item {
  display: flex; flex-direction: column; gap: 2px; width: 100%; text-align: left; border: 0;
  border-radius: 0; border-bottom: 1px solid var(--line); padding: 9px 14px; background: #fff;
}
.item.selected { background: #e7f3ef; box-shadow: inset 3px 0 var(--green); }
.line { display: flex; align-items: baseline; gap: 8px; justify-content: space-between; min-width: 0; }
.line strong { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sub { color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; margin: 0; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.badge { font-size: 11px; padding: 1px 7px; border-radius: 999px; background: #eef0f1; color: var(--muted); flex: none; }
.badge.sandbox { background: var(--out); color: var(--green-dark); }
.badge.ended { background: #f6e7e7; color: #8a1c1c; }
.when { font-size: 11px; color: var(--muted); flex: none; }
.list .empty { padding: 10px 14px; color: var(--muted); font-size: 13px; }
.chat { display: flex; flex-direction: column; min-height: 0; min-width: 0; background: var(--chat); }
.chat-head {
  display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 10px 16px;
  background: var(--bg); border-bottom: 1px solid var(--line);
}
.chat-head h2 { margin: 0; font-size: 16px; }
.window { font-size: 12px; color: var(--muted); text-align: right; }
.window[data-state="open"] { color: var(--green-dark); }
.window[data-state="closed"] { color: #8a5a00; }
.thread {
  flex: 1; min-height: 180px; overflow-y: auto; padding: 16px 6%; display: flex;
  flex-direction: column; gap: 6px;
}
.note {
  margin: auto; max-width: 440px; text-align: center; color: var(--muted);
  background: rgba(255, 255, 255, .8); padding: 10px 14px; border-radius: 8px;
}
.msg { display: flex; }
.msg.outbound { justify-content: flex-end; }
.bubble {
  max-width: min(75%, 560px); padding: 6px 9px 4px; border-radius: 8px; background: var(--in);
  box-shadow: 0 1px .5px rgba(11, 20, 26, .13);
}
.outbound .bubble { background: var(--out); }
.body { white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { display: flex; justify-content: flex-end; align-items: center; gap: 5px; margin-top: 2px; font-size: 11px; color: var(--muted); }
.ticks { font-size: 12px; letter-spacing: -2px; padding-right: 2px; }
.ticks.read { color: var(--blue); }
.ticks.failed { color: var(--red); letter-spacing: 0; padding-right: 0; }
.failure { margin-top: 3px; font-size: 12px; color: var(--red); }
.composers { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1px; background: var(--line); border-top: 1px solid var(--line); }
.composer { margin: 0; padding: 10px 14px; background: var(--bg); display: flex; flex-direction: column; gap: 6px; }
.composer h3 { margin: 0; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.composer .to { text-transform: none; letter-spacing: 0; font-weight: 400; }
.row { display: flex; gap: 6px; }
.row input { flex: 1; }
.hint { margin: 0; font-size: 11px; color: var(--muted); }
@media (max-width: 1000px) {
  .composers { grid-template-columns: minmax(0, 1fr); }
}
@media (max-width: 760px) {
  html, body { height: auto; }
  .app { display: block; }
  .side { border-right: 0; border-bottom: 1px solid var(--line); }
  .side .list { max-height: 30vh; }
  .thread { min-height: 320px; padding: 12px; }
}
)css";

constexpr std::string_view kMarkup = R"html(
<header class="top">
  <div class="brand">
    <span class="logo" aria-hidden="true">w</span>
    <div><h1>Sandbox simulator</h1><p>Chat with your sandbox numbers as the end user.</p></div>
  </div>
  <form class="key" data-testid="key-form" autocomplete="off" novalidate>
    <label for="api-key">Project API key</label>
    <input id="api-key" data-testid="api-key" type="password" autocomplete="off" spellcheck="false"
      placeholder="Paste the X-API-Key value">
    <button type="submit" class="primary" data-testid="connect">Connect</button>
    <button type="button" class="ghost" data-testid="forget">Forget key</button>
  </form>
  <span class="live" data-testid="live" data-state="off" role="status">Not connected</span>
</header>
<div class="error" data-testid="error" role="alert" hidden></div>
<div class="app">
  <aside class="side">
    <section class="numbers">
      <h2>Phone numbers</h2>
      <ul class="list" data-testid="number-list" aria-label="Phone numbers"></ul>
    </section>
    <section class="grow">
      <div class="section-head">
        <h2>Conversations</h2>
        <button type="button" class="ghost small" data-testid="new-chat">New chat</button>
      </div>
      <ul class="list" data-testid="conversation-list" aria-label="Conversations"></ul>
    </section>
  </aside>
  <main class="chat">
    <div class="chat-head">
      <div>
        <h2 data-testid="chat-title">No chat open</h2>
        <p class="sub" data-testid="chat-subtitle"></p>
      </div>
      <span class="window" data-testid="window"></span>
    </div>
    <div class="thread" data-testid="thread" aria-live="polite"></div>
    <div class="composers">
      <form class="composer" data-testid="user-form" autocomplete="off" novalidate>
        <h3>Write as the end user</h3>
        <div class="row">
          <input data-testid="user-from" type="tel" inputmode="tel" aria-label="End user's phone number"
            placeholder="User's phone number, e.g. 15551234567">
          <input data-testid="user-name" type="text" aria-label="End user's profile name"
            placeholder="Profile name (optional)">
        </div>
        <div class="row">
          <input data-testid="user-text" type="text" aria-label="Message from the end user"
            placeholder="Message from the user">
          <button type="submit" data-testid="user-send">Send as user</button>
        </div>
        <p class="hint">A new phone number starts a new chat. Numbers ending in 0000 simulate
          undeliverable recipients (error 131026).</p>
      </form>
      <form class="composer" data-testid="business-form" autocomplete="off" novalidate>
        <h3>Reply as the business <span class="to">to <span data-testid="business-to">&mdash;</span></span></h3>
        <div class="row">
          <input data-testid="business-text" type="text" aria-label="Reply from the business"
            placeholder="Reply from the business">
          <button type="submit" class="primary" data-testid="business-send">Send as business</button>
        </div>
        <p class="hint">Free-form messages need the 24-hour window the user's last message opened
          (error 131047 otherwise).</p>
      </form>
    </div>
  </main>
</div>
)html";

// The client. Plain ES2020, no libraries. Strings from the API only ever reach the DOM through
// textContent, dataset or setAttribute.
constexpr std::string_view kScript = R"js(
'use strict';
(() => {
  const GRAPH = '/meta/whatsapp/v24.0';
  const KEY_STORAGE = 'wharf.sandbox.api_key';
  const NUMBER_STORAGE = 'wharf.sandbox.phone_number_id';
  const POLL_MS = 1000;
  const CONVERSATIONS_EVERY = 3;  // polls between conversation list refreshes
  const DAY_MS = 24 * 60 * 60 * 1000;
  const TICKS = {
    pending: ['\u25F7', 'Sending'],
    accepted: ['\u25F7', 'Sending'],
    sent: ['\u2713', 'Sent'],
    delivered: ['\u2713\u2713', 'Delivered'],
    read: ['\u2713\u2713', 'Read'],
    failed: ['\u2717', 'Failed'],
  };

  const hook = (id) => document.querySelector('[data-testid="' + id + '"]');
  const ui = {};
  for (const id of ['key-form', 'api-key', 'connect', 'forget', 'live', 'error', 'number-list',
                    'new-chat', 'conversation-list', 'chat-title', 'chat-subtitle', 'window',
                    'thread', 'user-form', 'user-from', 'user-name', 'user-text', 'user-send',
                    'business-form', 'business-to', 'business-text', 'business-send']) {
    ui[id] = hook(id);
  }

  const state = {
    key: '',
    numbers: [],
    pn: '',             // the selected phone_number_id
    conversations: [],
    listSignature: '',
    conv: null,         // the open conversation
    contact: '',        // the end user's wa_id (digits) the composers talk to
    followWamid: '',    // a message just sent: open the conversation it lands in
    followUntil: 0,
    bubbles: new Map(), // wamid -> bubble elements of the open thread
    scrollOnRender: false,
    numberGen: 0,       // bumped when the number changes: stale answers are dropped
    threadGen: 0,       // bumped when the open chat changes
    timer: 0,
    polls: 0,
    polling: false,
  };

  class ApiError extends Error {
    constructor(message, status, code) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- small helpers ----
  function node(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const digits = (s) => String(s || '').replace(/\D+/g, '');
  const plus = (n) => (n ? '+' + n : '');
  const enc = encodeURIComponent;
  const idOf = (n) => String(n.phone_number_id || n.id || '');

  function when(date) {
    if (!(date instanceof Date) || isNaN(date.getTime())) return '';
    const now = new Date();
    const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    if (date.toDateString() === now.toDateString()) return time;
    return date.toLocaleDateString([], { month: 'short', day: 'numeric' }) + ' ' + time;
  }
  const fromUnix = (ts) => new Date(Number(ts) * 1000);
  const fromIso = (s) => (s ? new Date(s) : null);

  function showError(message) {
    ui.error.textContent = message;
    ui.error.hidden = false;
  }
  function clearError() {
    ui.error.textContent = '';
    ui.error.hidden = true;
  }
  function setLive(text, ok) {
    ui.live.textContent = text;
    ui.live.dataset.state = ok ? 'ok' : 'off';
  }

  // ---- the API ----
  // Graph errors: {"error":{"message","code","error_data":{"details"}}}; Platform and sandbox
  // errors: {"error":"message"}.
  function describe(status, json, text) {
    const e = json && json.error;
    if (e && typeof e === 'object') {
      let message = String(e.message || 'Request failed');
      if (e.code !== undefined && message.indexOf('#' + e.code) < 0) {
        message = '(#' + e.code + ') ' + message;
      }
      const details = e.error_data && e.error_data.details;
      if (details) message += ': ' + details;
      return message;
    }
    if (typeof e === 'string' && e) return e;
    return 'HTTP ' + status + (text ? ': ' + text.slice(0, 200) : '');
  }

  async function call(method, path, body) {
    const headers = { 'X-API-Key': state.key, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (err) {
      throw new ApiError('wharf is not reachable (' + err.message + ')', 0);
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (err) {
      json = null;
    }
    if (!response.ok) {
      const code = json && json.error && typeof json.error === 'object' ? json.error.code : undefined;
      throw new ApiError(describe(response.status, json, text), response.status, code);
    }
    return json;
  }

  // ---- phone numbers ----
  function renderNumbers() {
    const items = state.numbers.map((n) => {
      const id = idOf(n);
      const selected = id === state.pn;
      const b = node('button', 'item' + (selected ? ' selected' : ''));
      b.type = 'button';
      b.dataset.testid = 'number';
      b.dataset.phoneNumberId = id;
      b.dataset.kind = String(n.kind || '');
      b.setAttribute('aria-pressed', String(selected));
      const top = node('span', 'line');
      top.append(
        node('strong', '', n.display_phone_number || plus(n.display_phone_number_normalized) || id),
        node('span', 'badge' + (n.kind === 'sandbox' ? ' sandbox' : ''), n.kind || 'number'));
      b.append(top);
      const name = n.display_name || n.verified_name || n.name;
      if (name) b.append(node('span', 'sub', name));
      b.append(node('span', 'sub mono', 'id ' + id));
      b.addEventListener('click', () => selectNumber(id));
      const li = node('li');
      li.append(b);
      return li;
    });
    if (!items.length) {
      items.push(node('li', 'empty', state.key ? 'This project has no phone numbers yet.'
                                                : 'Connect to list your numbers.'));
    }
    ui['number-list'].replaceChildren(...items);
  }

  function selectNumber(pn) {
    if (!pn) return;
    state.pn = pn;
    sessionStorage.setItem(NUMBER_STORAGE, pn);
    state.numberGen++;
    state.conversations = [];
    state.listSignature = '';
    ui['user-from'].value = '';
    ui['user-name'].value = '';
    closeChat('');
    renderNumbers();
    renderConversations();
    setComposersEnabled(true);
    refreshConversations().catch(pollFailed);
  }

  // ---- conversations ----
  function findConversation(wa) {
    if (!wa) return null;
    return state.conversations.find((c) => c.phone_number === wa && c.status !== 'ended') ||
           state.conversations.find((c) => c.phone_number === wa) || null;
  }

  async function refreshConversations() {
    const pn = state.pn;
    const gen = state.numberGen;
    if (!pn) return;
    const json = await call('GET', GRAPH + '/' + enc(pn) + '/conversations?limit=50');
    if (gen !== state.numberGen) return;
    state.conversations = Array.isArray(json && json.data) ? json.data : [];

    if (state.followWamid) {
      const landed = state.conversations.find(
          (c) => c.kapso && c.kapso.last_message_id === state.followWamid);
      if (landed || Date.now() > state.followUntil) state.followWamid = '';
      if (landed && (!state.conv || state.conv.id !== landed.id)) {
        openConversation(landed, false);
      }
    }
    if (state.conv) {
      const fresh = state.conversations.find((c) => c.id === state.conv.id);
      if (fresh) state.conv = fresh;
    } else if (state.contact) {
      const match = findConversation(state.contact);
      if (match) openConversation(match, false);
    }

    const signature = JSON.stringify([state.conv && state.conv.id, state.conversations.map((c) => {
      const k = c.kapso || {};
      return [c.id, c.status, c.last_active_at, k.contact_name, k.last_message_id, k.last_message_text];
    })]);
    if (signature !== state.listSignature) {
      state.listSignature = signature;
      renderConversations();
    }
    renderChatHead();
  }

  function renderConversations() {
    const items = state.conversations.map((c) => {
      const k = c.kapso || {};
      const selected = !!state.conv && state.conv.id === c.id;
      const b = node('button', 'item' + (selected ? ' selected' : ''));
      b.type = 'button';
      b.dataset.testid = 'conversation';
      b.dataset.conversationId = String(c.id);
      b.dataset.phoneNumber = String(c.phone_number || '');
      b.setAttribute('aria-pressed', String(selected));
      const top = node('span', 'line');
      top.append(node('strong', '', k.contact_name || plus(c.phone_number)));
      if (c.status === 'ended') top.append(node('span', 'badge ended', 'ended'));
      top.append(node('span', 'when', when(fromIso(c.last_active_at))));
      b.append(top);
      if (k.contact_name) b.append(node('span', 'sub', plus(c.phone_number)));
      let preview = k.last_message_text || (k.last_message_type ? '[' + k.last_message_type + ']' : '');
      if (preview && k.last_outbound_at && k.last_outbound_at === k.last_message_timestamp) {
        preview = 'You: ' + preview;
      }
      b.append(node('span', 'sub', preview || 'No messages yet'));
      b.addEventListener('click', () => openConversation(c, true));
      const li = node('li');
      li.append(b);
      return li;
    });
    if (!items.length) {
      items.push(node('li', 'empty', state.pn ? 'No conversations yet. Write as the end user to start one.'
                                              : 'Choose a phone number.'));
    }
    ui['conversation-list'].replaceChildren(...items);
  }

  // ---- the open chat ----
  function openConversation(c, fromClick) {
    state.conv = c;
    state.contact = String(c.phone_number || '');
    state.threadGen++;
    state.bubbles.clear();
    state.scrollOnRender = true;
    if (fromClick || digits(ui['user-from'].value) !== state.contact) {
      ui['user-from'].value = state.contact;
    }
    const name = c.kapso && c.kapso.contact_name;
    if (fromClick || !ui['user-name'].value) ui['user-name'].value = name || '';
    state.listSignature = '';
    renderConversations();
    showNote('Loading messages\u2026');
    renderChatHead();
    refreshThread().catch(pollFailed);
  }

  // Leaves the open conversation; `contact` (digits or '') is who the composers talk to now.
  function closeChat(contact) {
    state.conv = null;
    state.contact = contact;
    state.threadGen++;
    state.bubbles.clear();
    if (!state.key) {
      showNote('Paste the project API key above and connect.');
    } else if (!state.pn) {
      showNote('Choose a phone number.');
    } else if (!contact) {
      showNote('Choose a conversation, or write as the end user to start one.');
    } else {
      showNote('No conversation with ' + plus(contact) + ' yet. Write as the end user to start ' +
               'it; the business can send free-form messages for 24 hours after the user\'s last message.');
    }
    renderChatHead();
  }

  function showNote(text) {
    ui.thread.replaceChildren(node('p', 'note', text));
  }

  function renderChatHead() {
    const c = state.conv;
    const k = (c && c.kapso) || {};
    ui['chat-title'].textContent =
        c ? (k.contact_name || plus(c.phone_number)) : (state.contact ? plus(state.contact) : 'No chat open');
    const sub = [];
    if (c && k.contact_name) sub.push(plus(c.phone_number));
    if (c && c.status === 'ended') sub.push('conversation ended');
    ui['chat-subtitle'].textContent = sub.join(' \u00B7 ');
    ui['business-to'].textContent = plus(state.contact) || '\u2014';

    const w = ui.window;
    const lastInbound = fromIso(k.last_inbound_at);
    if (lastInbound && !isNaN(lastInbound.getTime())) {
      const closes = new Date(lastInbound.getTime() + DAY_MS);
      const open = closes.getTime() > Date.now();
      w.dataset.state = open ? 'open' : 'closed';
      w.textContent = open ? '24-hour window open until ' + when(closes)
                           : '24-hour window closed: templates only';
    } else if (state.contact) {
      w.dataset.state = 'closed';
      w.textContent = 'No 24-hour window: the user has not written';
    } else {
      w.dataset.state = '';
      w.textContent = '';
    }
  }

  async function refreshThread() {
    const pn = state.pn;
    const conv = state.conv;
    const gen = state.threadGen;
    if (!pn || !conv) return;
    const json = await call('GET', GRAPH + '/' + enc(pn) + '/messages?conversation_id=' +
                                       enc(conv.id) + '&limit=100');
    if (gen !== state.threadGen) return;
    const list = Array.isArray(json && json.data) ? json.data.slice().reverse() : [];
    renderThread(list);
  }

  function messageText(m) {
    if (m.type === 'text' && m.text && typeof m.text.body === 'string') return m.text.body;
    const k = m.kapso || {};
    if (typeof k.content === 'string' && k.content) return k.content;
    return '[' + (m.type || 'message') + ']';
  }

  function failureText(m) {
    const statuses = (m.kapso && Array.isArray(m.kapso.statuses)) ? m.kapso.statuses : [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const errors = statuses[i] && statuses[i].errors;
      if (Array.isArray(errors) && errors.length) {
        const e = errors[0];
        let text = (e.code !== undefined ? '(#' + e.code + ') ' : '') + (e.title || e.message || 'Failed');
        if (e.error_data && e.error_data.details) text += ': ' + e.error_data.details;
        return text;
      }
    }
    return 'Not delivered';
  }

  function makeBubble(direction) {
    const root = node('div', 'msg ' + direction);
    root.dataset.testid = 'message';
    root.dataset.direction = direction;
    const bubble = node('div', 'bubble');
    const body = node('div', 'body');
    const meta = node('div', 'meta');
    const time = node('span', 'time');
    const ticks = node('span', 'ticks');
    const failure = node('div', 'failure');
    failure.hidden = true;
    meta.append(time);
    if (direction === 'outbound') meta.append(ticks);
    bubble.append(body, meta, failure);
    root.append(bubble);
    return { root, body, time, ticks, failure };
  }

  function updateBubble(b, m) {
    const k = m.kapso || {};
    const status = String(k.status || '');
    b.root.dataset.messageId = String(m.id || '');
    b.root.dataset.status = status;
    b.body.textContent = messageText(m);
    b.time.textContent = when(fromUnix(m.timestamp));
    const [mark, label] = TICKS[status] || ['', status];
    b.ticks.textContent = mark;
    b.ticks.className = 'ticks ' + status;
    b.ticks.title = label;
    b.ticks.setAttribute('aria-label', label);
    if (status === 'failed' && b.root.dataset.direction === 'outbound') {
      b.failure.textContent = failureText(m);
      b.failure.hidden = false;
    } else {
      b.failure.hidden = true;
    }
  }

  function renderThread(list) {
    const t = ui.thread;
    const atBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 48;
    const seen = new Set();
    let added = false;
    const nodes = list.map((m) => {
      const id = String(m.id || '');
      const direction = m.kapso && m.kapso.direction === 'outbound' ? 'outbound' : 'inbound';
      let b = state.bubbles.get(id);
      if (!b || b.root.dataset.direction !== direction) {
        b = makeBubble(direction);
        state.bubbles.set(id, b);
        added = true;
      }
      updateBubble(b, m);
      seen.add(id);
      return b.root;
    });
    for (const id of Array.from(state.bubbles.keys())) {
      if (!seen.has(id)) state.bubbles.delete(id);
    }
    if (!nodes.length) {
      showNote('No messages yet.');
      return;
    }
    const kids = t.children;
    const same = nodes.length === kids.length && nodes.every((n, i) => kids[i] === n);
    if (!same) t.replaceChildren(...nodes);
    if (state.scrollOnRender || (added && atBottom)) t.scrollTop = t.scrollHeight;
    state.scrollOnRender = false;
  }

  // ---- composers ----
  function setComposersEnabled(on) {
    for (const id of ['user-from', 'user-name', 'user-text', 'user-send', 'business-text',
                      'business-send', 'new-chat']) {
      ui[id].disabled = !on;
    }
  }

  function follow(wamid) {
    state.followWamid = String(wamid || '');
    state.followUntil = Date.now() + 10000;
    state.scrollOnRender = true;
  }

  async function sendAsUser() {
    clearError();
    const pn = state.pn;
    const from = digits(ui['user-from'].value);
    const text = ui['user-text'].value;
    if (!pn) return showError('Choose a phone number first.');
    if (!from) return showError('Enter the end user\'s phone number (digits, with the country code).');
    if (!text.trim()) return showError('Write the user\'s message first.');
    const payload = { from, type: 'text', text: { body: text } };
    const name = ui['user-name'].value.trim();
    if (name) payload.profile_name = name;
    ui['user-send'].disabled = true;
    try {
      const json = await call('POST', '/sandbox/v1/phone_numbers/' + enc(pn) + '/inbound', payload);
      ui['user-text'].value = '';
      if (!state.conv || state.conv.phone_number !== from) closeChat(from);
      follow(json && json.data && json.data.id);
      await refreshConversations();
      if (state.conv) await refreshThread();
    } catch (err) {
      showError(err.message);
    } finally {
      ui['user-send'].disabled = false;
    }
  }

  async function sendAsBusiness() {
    clearError();
    const pn = state.pn;
    const to = state.conv ? String(state.conv.phone_number || '') : state.contact;
    const text = ui['business-text'].value;
    if (!pn) return showError('Choose a phone number first.');
    if (!to) return showError('Choose a conversation, or enter the end user\'s phone number.');
    if (!text.trim()) return showError('Write the reply first.');
    ui['business-send'].disabled = true;
    try {
      const json = await call('POST', GRAPH + '/' + enc(pn) + '/messages', {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to,
        type: 'text',
        text: { body: text },
      });
      ui['business-text'].value = '';
      const sent = json && Array.isArray(json.messages) && json.messages[0];
      follow(sent && sent.id);
      if (state.conv) await refreshThread();
      await refreshConversations();
    } catch (err) {
      let message = err.message;
      if (err.code === 131047) {
        message += '\nWrite as the end user first: a user\'s message opens the 24-hour window.';
      }
      showError(message);
    } finally {
      ui['business-send'].disabled = false;
    }
  }

  function onFromInput() {
    const wa = digits(ui['user-from'].value);
    if (state.conv && state.conv.phone_number === wa) return;
    const match = findConversation(wa);
    if (match) {
      openConversation(match, false);
      return;
    }
    closeChat(wa);
    state.listSignature = '';
    renderConversations();
  }

  // ---- live updates ----
  function pollFailed(err) {
    if (err && err.status === 401) {
      stopPolling();
      sessionStorage.removeItem(KEY_STORAGE);
      showError('The API key was not accepted (' + err.message + '). Paste it again.');
      setLive('Not connected', false);
      return;
    }
    setLive('Offline', false);
    ui.live.title = err ? err.message : '';
  }

  async function poll() {
    if (state.polling || !state.key || !state.pn || document.hidden) return;
    state.polling = true;
    try {
      state.polls++;
      if (state.conv) await refreshThread();
      if (!state.conv || state.followWamid || state.polls % CONVERSATIONS_EVERY === 0) {
        await refreshConversations();
      }
      setLive('Live', true);
      ui.live.title = '';
    } catch (err) {
      pollFailed(err);
    } finally {
      state.polling = false;
    }
  }
  function startPolling() {
    stopPolling();
    state.timer = setInterval(poll, POLL_MS);
  }
  function stopPolling() {
    if (state.timer) clearInterval(state.timer);
    state.timer = 0;
  }

  // ---- connecting ----
  function reset() {
    stopPolling();
    state.key = '';
    state.numbers = [];
    state.pn = '';
    state.numberGen++;
    state.conversations = [];
    state.listSignature = '';
    state.followWamid = '';
    closeChat('');
    renderNumbers();
    renderConversations();
    setComposersEnabled(false);
    setLive('Not connected', false);
  }

  async function connect() {
    clearError();
    const key = ui['api-key'].value.trim();
    if (!key) {
      showError('Paste the project API key first.');
      ui['api-key'].focus();
      return;
    }
    reset();
    state.key = key;
    ui.connect.disabled = true;
    setLive('Connecting\u2026', false);
    try {
      const json = await call('GET', '/platform/v1/whatsapp/phone_numbers?per_page=100');
      sessionStorage.setItem(KEY_STORAGE, key);
      const list = Array.isArray(json && json.data) ? json.data : [];
      const rank = (n) => (n.kind === 'sandbox' ? 0 : 1);
      state.numbers = list.slice().sort((a, b) => rank(a) - rank(b));
      renderNumbers();
      const stored = sessionStorage.getItem(NUMBER_STORAGE);
      const pick = state.numbers.find((n) => idOf(n) === stored) ||
                   state.numbers.find((n) => n.kind === 'sandbox') || state.numbers[0];
      if (pick) {
        selectNumber(idOf(pick));
      } else {
        closeChat('');
      }
      startPolling();
      setLive('Live', true);
    } catch (err) {
      reset();
      if (err.status === 401) {
        sessionStorage.removeItem(KEY_STORAGE);
        showError('The API key was not accepted (' + err.message + ').');
      } else {
        showError(err.message);
      }
    } finally {
      ui.connect.disabled = false;
    }
  }

  function forget() {
    clearError();
    sessionStorage.removeItem(KEY_STORAGE);
    sessionStorage.removeItem(NUMBER_STORAGE);
    ui['api-key'].value = '';
    ui['user-from'].value = '';
    ui['user-name'].value = '';
    reset();
  }

  ui['key-form'].addEventListener('submit', (e) => {
    e.preventDefault();
    connect();
  });
  ui.forget.addEventListener('click', forget);
  ui['new-chat'].addEventListener('click', () => {
    ui['user-from'].value = '';
    ui['user-name'].value = '';
    closeChat('');
    state.listSignature = '';
    renderConversations();
    ui['user-from'].focus();
  });
  ui['user-from'].addEventListener('input', onFromInput);
  ui['user-form'].addEventListener('submit', (e) => {
    e.preventDefault();
    sendAsUser();
  });
  ui['business-form'].addEventListener('submit', (e) => {
    e.preventDefault();
    sendAsBusiness();
  });

  reset();
  const saved = sessionStorage.getItem(KEY_STORAGE);
  if (saved) {
    ui['api-key'].value = saved;
    connect();
  }
})();
)js";

std::string Build() {
    std::string html;
    html.reserve(kStyle.size() + kMarkup.size() + kScript.size() + 512);
    html +=
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<link rel=\"icon\" href=\"data:,\">\n"
        "<title>wharf sandbox simulator</title>\n<style>";
    html += kStyle;
    html += "</style>\n</head>\n<body>";
    html += kMarkup;
    html += "<script>";
    html += kScript;
    html += "</script>\n</body>\n</html>\n";
    return html;
}

// 'sha256-<base64>' for a CSP source list: the hash of an inline element's exact text.
std::string CspHash(std::string_view text) {
    return "'sha256-" + Base64Encode(Sha256(text)) + "'";
}

}  // namespace

const std::string& RenderSimulatorPage() {
    static const std::string html = Build();
    return html;
}

const std::string& SimulatorPageContentSecurityPolicy() {
    static const std::string csp = "default-src 'none'; script-src " + CspHash(kScript) +
                                   "; style-src " + CspHash(kStyle) +
                                   "; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                                   "form-action 'none'; frame-ancestors 'none'";
    return csp;
}

http::Response SimulatorPageResponse() {
    http::Response r = http::Response::Html(200, RenderSimulatorPage());
    r.SetHeader("Content-Security-Policy", SimulatorPageContentSecurityPolicy());
    r.SetHeader("Referrer-Policy", "no-referrer");
    r.SetHeader("X-Content-Type-Options", "nosniff");
    r.SetHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace wharf::api::pages
