#pragma once

#include <string>

#include "http/response.h"

namespace wharf::api::pages {

// The sandbox simulator (GET /sandbox): one self-contained HTML document, with inline CSS and an
// inline vanilla-JS client and no external assets. It is the same for every visitor and carries no
// data: the visitor pastes the project API key into the page (kept in sessionStorage, never in a
// URL), and the script calls wharf's JSON APIs from the browser with X-API-Key:
//   GET  /platform/v1/whatsapp/phone_numbers           the numbers, sandbox ones first
//   GET  /meta/whatsapp/v24.0/{pn}/conversations       the threads of the chosen number
//   GET  /meta/whatsapp/v24.0/{pn}/messages            the open thread, polled every second
//   POST /sandbox/v1/phone_numbers/{pn}/inbound        "write as the end user"
//   POST /meta/whatsapp/v24.0/{pn}/messages            "reply as the business" (Graph errors shown)
// Everything the script shows is set with textContent. Stable hooks for browser tests
// (data-testid): api-key, connect, forget, live, error, number-list (buttons `number` with
// data-phone-number-id and data-kind), new-chat, conversation-list (buttons `conversation` with
// data-conversation-id and data-phone-number), chat-title, window, thread (`message` elements
// with data-message-id, data-direction inbound|outbound and data-status), user-from, user-name,
// user-text, user-send, business-to, business-text, business-send.
const std::string& RenderSimulatorPage();

// The Content-Security-Policy the page is served with: its own inline script and style (allowed
// by SHA-256 hash), same-origin fetches, nothing else; no framing, no form submissions.
const std::string& SimulatorPageContentSecurityPolicy();

// GET /sandbox: the page with its CSP, no-referrer and no-store headers.
http::Response SimulatorPageResponse();

}  // namespace wharf::api::pages
