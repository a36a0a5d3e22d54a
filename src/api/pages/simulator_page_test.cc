#include "api/pages/simulator_page.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace wharf::api::pages {
namespace {

bool Has(std::string_view html, std::string_view needle) {
    return html.find(needle) != std::string_view::npos;
}

size_t Count(std::string_view html, std::string_view needle) {
    size_t n = 0;
    for (size_t at = html.find(needle); at != std::string_view::npos;
         at = html.find(needle, at + needle.size())) {
        ++n;
    }
    return n;
}

// The text between the first `open` and the following `close`.
std::string_view Between(std::string_view html, std::string_view open, std::string_view close) {
    size_t start = html.find(open);
    if (start == std::string_view::npos) {
        return {};
    }
    start += open.size();
    size_t end = html.find(close, start);
    return end == std::string_view::npos ? std::string_view() : html.substr(start, end - start);
}

TEST(SimulatorPage, IsACompleteDocumentWithInlineStyleAndScript) {
    const std::string& html = RenderSimulatorPage();
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_TRUE(Has(html, "<html lang=\"en\">"));
    EXPECT_TRUE(Has(html, "<meta charset=\"utf-8\">"));
    EXPECT_TRUE(Has(html, "name=\"viewport\""));
    EXPECT_TRUE(Has(html, "<title>wharf sandbox simulator</title>"));
    EXPECT_EQ(Count(html, "<style>"), 1u);
    EXPECT_EQ(Count(html, "<script>"), 1u);
    EXPECT_EQ(Count(html, "</script>"), 1u);
    EXPECT_TRUE(Has(html, "</body>\n</html>"));
    EXPECT_EQ(&RenderSimulatorPage(), &html);  // rendered once
}

TEST(SimulatorPage, HasEveryTestHook) {
    const std::string& html = RenderSimulatorPage();
    for (std::string_view id :
         {"api-key", "connect", "forget", "live", "error", "number-list", "new-chat",
          "conversation-list", "chat-title", "window", "thread", "user-from", "user-name",
          "user-text", "user-send", "business-to", "business-text", "business-send"}) {
        std::string hook = "data-testid=\"" + std::string(id) + "\"";
        EXPECT_EQ(Count(html, hook), 1u) << id;
    }
    // Made by the script: list entries and chat bubbles with their state as attributes.
    for (std::string_view made :
         {"'number'", "'conversation'", "'message'", "dataset.direction", "dataset.status",
          "dataset.messageId", "dataset.phoneNumberId", "dataset.conversationId"}) {
        EXPECT_TRUE(Has(html, made)) << made;
    }
}

TEST(SimulatorPage, LoadsNothingFromElsewhere) {
    const std::string& html = RenderSimulatorPage();
    EXPECT_FALSE(Has(html, "http://"));
    EXPECT_FALSE(Has(html, "https://"));
    EXPECT_FALSE(Has(html, "//cdn"));
    EXPECT_FALSE(Has(html, "src="));
    EXPECT_FALSE(Has(html, "url("));
    EXPECT_FALSE(Has(html, "@import"));
    EXPECT_FALSE(Has(html, "stylesheet"));
    // The only <link> is the empty inline favicon (keeps the browser from asking for one).
    EXPECT_EQ(Count(html, "<link"), 1u);
    EXPECT_TRUE(Has(html, "<link rel=\"icon\" href=\"data:,\">"));
}

TEST(SimulatorPage, CallsTheExistingApisWithTheKeyInAHeader) {
    const std::string& html = RenderSimulatorPage();
    EXPECT_TRUE(Has(html, "'/platform/v1/whatsapp/phone_numbers?per_page=100'"));
    EXPECT_TRUE(Has(html, "'/meta/whatsapp/v24.0'"));
    EXPECT_TRUE(Has(html, "'/conversations?limit=50'"));
    EXPECT_TRUE(Has(html, "'/messages?conversation_id='"));
    EXPECT_TRUE(Has(html, "'/sandbox/v1/phone_numbers/'"));
    EXPECT_TRUE(Has(html, "'/inbound'"));
    EXPECT_TRUE(Has(html, "'X-API-Key'"));
    EXPECT_TRUE(Has(html, "sessionStorage"));
    EXPECT_FALSE(Has(html, "localStorage"));
    EXPECT_FALSE(Has(html, "api_key="));  // never in a URL
    // Inputs carry no name, so even a form submitted without the script sends nothing.
    EXPECT_FALSE(Has(html, " name=\"api"));
    EXPECT_FALSE(Has(html, "<input name="));
}

TEST(SimulatorPage, ScriptNeverWritesMarkup) {
    const std::string& html = RenderSimulatorPage();
    EXPECT_FALSE(Has(html, "innerHTML"));
    EXPECT_FALSE(Has(html, "outerHTML"));
    EXPECT_FALSE(Has(html, "insertAdjacentHTML"));
    EXPECT_FALSE(Has(html, "document.write"));
    EXPECT_FALSE(Has(html, "eval("));
    EXPECT_TRUE(Has(html, "textContent"));
    // Nothing in the script or style may end its element early.
    std::string_view script = Between(html, "<script>", "</script>");
    ASSERT_FALSE(script.empty());
    EXPECT_FALSE(Has(script,
                     "<"
                     "/"));
    EXPECT_FALSE(Has(script, "<!--"));
    std::string_view style = Between(html, "<style>", "</style>");
    ASSERT_FALSE(style.empty());
    EXPECT_FALSE(Has(style, "<"));
}

TEST(SimulatorPage, ShowsTheStatusTicks) {
    const std::string& html = RenderSimulatorPage();
    // sent ✓, delivered ✓✓, read ✓✓ (blue by CSS), failed ✗.
    EXPECT_TRUE(Has(html, "sent: ['\\u2713', 'Sent']"));
    EXPECT_TRUE(Has(html, "delivered: ['\\u2713\\u2713', 'Delivered']"));
    EXPECT_TRUE(Has(html, "read: ['\\u2713\\u2713', 'Read']"));
    EXPECT_TRUE(Has(html, "failed: ['\\u2717', 'Failed']"));
    EXPECT_TRUE(Has(html, ".ticks.read { color: var(--blue); }"));
}

TEST(SimulatorPage, PolicyAllowsExactlyTheInlineScriptAndStyle) {
    const std::string& csp = SimulatorPageContentSecurityPolicy();
    EXPECT_EQ(csp.rfind("default-src 'none'; ", 0), 0u);
    EXPECT_EQ(Count(csp, "'sha256-"), 2u);
    EXPECT_FALSE(Has(csp, "unsafe-inline"));
    EXPECT_FALSE(Has(csp, "unsafe-eval"));
    EXPECT_TRUE(Has(csp, "connect-src 'self'"));
    EXPECT_TRUE(Has(csp, "form-action 'none'"));
    EXPECT_TRUE(Has(csp, "frame-ancestors 'none'"));
}

TEST(SimulatorPage, ResponseIsHtmlWithSecurityHeaders) {
    http::Response r = SimulatorPageResponse();
    EXPECT_EQ(r.status, 200);
    ASSERT_NE(r.FindHeader("Content-Type"), nullptr);
    EXPECT_EQ(*r.FindHeader("Content-Type"), "text/html; charset=utf-8");
    ASSERT_NE(r.FindHeader("Content-Security-Policy"), nullptr);
    EXPECT_EQ(*r.FindHeader("Content-Security-Policy"), SimulatorPageContentSecurityPolicy());
    ASSERT_NE(r.FindHeader("Referrer-Policy"), nullptr);
    EXPECT_EQ(*r.FindHeader("Referrer-Policy"), "no-referrer");
    ASSERT_NE(r.FindHeader("Cache-Control"), nullptr);
    EXPECT_EQ(*r.FindHeader("Cache-Control"), "no-store");
    EXPECT_EQ(r.body, RenderSimulatorPage());
}

}  // namespace
}  // namespace wharf::api::pages
