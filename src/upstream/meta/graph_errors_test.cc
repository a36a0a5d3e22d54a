#include "upstream/meta/graph_errors.h"

#include <gtest/gtest.h>

#include "upstream/meta/http_graph_client.h"

namespace wharf::upstream {
namespace {

TEST(GraphErrors, MetasThrottlingBodyKeepsCodeSubcodeTypeAndDetails) {
    // Meta's own example (docs/meta-facts.md §3.4).
    Error e = GraphResponseError(400, R"({"error":{"message":"(#130429) Rate limit hit",
        "type":"OAuthException","code":130429,"error_data":{"messaging_product":"whatsapp",
        "details":"Cloud API message throughput has been reached."},"error_subcode":2494055,
        "fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}})");
    EXPECT_EQ(e.code, ErrorCode::kResourceExhausted);
    EXPECT_EQ(e.message, "Rate limit hit");  // the renderer writes "(#130429) " back
    ASSERT_TRUE(e.graph);
    EXPECT_EQ(e.graph->code, 130429);
    EXPECT_EQ(e.graph->subcode, 2494055);
    EXPECT_EQ(e.graph->type, "OAuthException");
    EXPECT_EQ(e.graph->details, "Cloud API message throughput has been reached.");
    EXPECT_EQ(e.graph->fbtrace_id, "Az8or2yhqkZfEZ-_4Qn_Bam");
}

TEST(GraphErrors, ObjectNotFoundKeepsGraphMethodExceptionAndMetasStatus) {
    Error e = GraphResponseError(
        400, R"({"error":{"message":"Unsupported post request. Object with ID '123' does not exist",
        "type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"AbC"}})");
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);  // Meta answered 400, so must the proxy
    EXPECT_EQ(e.message, "Unsupported post request. Object with ID '123' does not exist");
    EXPECT_EQ(e.graph->code, 100);
    EXPECT_EQ(e.graph->subcode, 33);
    EXPECT_EQ(e.graph->type, "GraphMethodException");
    EXPECT_EQ(e.graph->details, "");
}

TEST(GraphErrors, CanonicalCodeFollowsMetasHttpStatus) {
    auto code_for = [](long status, int graph_code) {
        return GraphResponseError(status,
                                  R"({"error":{"message":"x","type":"OAuthException","code":)" +
                                      std::to_string(graph_code) + "}}")
            .code;
    };
    EXPECT_EQ(code_for(401, 190), ErrorCode::kUnauthenticated);
    EXPECT_EQ(code_for(403, 200), ErrorCode::kPermissionDenied);
    EXPECT_EQ(code_for(404, 132001), ErrorCode::kNotFound);
    EXPECT_EQ(code_for(500, 131000), ErrorCode::kUnavailable);
    EXPECT_EQ(code_for(503, 2), ErrorCode::kUnavailable);
    EXPECT_EQ(code_for(400, 131026), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_for(400, 131008), ErrorCode::kInvalidArgument);
    EXPECT_EQ(code_for(400, 131047), ErrorCode::kFailedPrecondition);
    EXPECT_EQ(code_for(400, 131056), ErrorCode::kResourceExhausted);
    EXPECT_EQ(code_for(400, 80007), ErrorCode::kResourceExhausted);
}

TEST(GraphErrors, MessagesWithoutTheCodePrefixAndStringErrorDataAreKept) {
    Error e = GraphResponseError(400, R"({"error":{"message":"(#131026) Message undeliverable",
        "code":131026,"error_data":"{\"details\":\"Receiver is incapable of receiving this message\"}"}})");
    EXPECT_EQ(e.message, "Message undeliverable");
    EXPECT_EQ(e.graph->type, "OAuthException");  // Meta's default when it omits the type
    EXPECT_EQ(e.graph->details, "Receiver is incapable of receiving this message");
    EXPECT_FALSE(e.graph->subcode);
    // Another code's prefix is not ours to strip.
    EXPECT_EQ(
        GraphResponseError(400, R"({"error":{"message":"(#100) odd","code":131009}})").message,
        "(#100) odd");
}

TEST(GraphErrors, TemplateErrorsKeepTheirUserTitleMessageAndBareMessage) {
    // What Meta answers for a template it refuses: no "(#100) " prefix, the explanation for
    // people in error_user_title / error_user_msg.
    Error e = GraphResponseError(400, R"json({"error":{"message":"Invalid parameter",
        "type":"OAuthException","code":100,"error_subcode":2388042,"is_transient":false,
        "error_user_title":"Message template \"components\" param is missing expected field(s)",
        "error_user_msg":"Add the missing field(s) and try again.","fbtrace_id":"A1b2"}})json");
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(e.message, "Invalid parameter");
    ASSERT_TRUE(e.graph);
    EXPECT_FALSE(e.graph->message_has_code_prefix);
    EXPECT_EQ(e.graph->subcode, 2388042);
    EXPECT_EQ(e.graph->is_transient, std::optional<bool>(false));
    EXPECT_EQ(e.graph->user_title,
              std::optional<std::string>(
                  "Message template \"components\" param is missing expected field(s)"));
    EXPECT_EQ(e.graph->user_msg,
              std::optional<std::string>("Add the missing field(s) and try again."));
    EXPECT_EQ(e.graph->fbtrace_id, std::optional<std::string>("A1b2"));

    Error prefixed = GraphResponseError(400, R"({"error":{"message":"(#100) Invalid parameter",
        "code":100}})");
    EXPECT_TRUE(prefixed.graph->message_has_code_prefix);
    EXPECT_FALSE(prefixed.graph->user_title);
    EXPECT_FALSE(prefixed.graph->is_transient);
}

TEST(GraphErrors, MalformedBodiesBecomeSomethingWentWrong) {
    for (const char* body :
         {"", "<html>502 Bad Gateway</html>", "[]", R"({"error":"nope"})",
          R"({"error":{"message":"no code"}})", R"({"error":{"code":"131026"}})",
          R"({"error":{"code":1e99}})", R"({"error":{"code":99999999999}})", R"({"data":{}})"}) {
        Error e = GraphResponseError(502, body);
        EXPECT_EQ(e.code, ErrorCode::kUnavailable) << body;
        ASSERT_TRUE(e.graph) << body;
        EXPECT_EQ(e.graph->code, 131000) << body;
        EXPECT_NE(e.graph->details.find("HTTP 502"), std::string::npos) << e.graph->details;
    }
}

TEST(GraphErrors, TransportFailuresSayWhetherTheRequestMayHaveBeenCarriedOut) {
    Error not_sent = GraphTransportError(GraphTransportFailure::kNotSent, "Connection refused");
    EXPECT_EQ(not_sent.code, ErrorCode::kUnavailable);
    EXPECT_EQ(not_sent.graph->code, 2);  // HTTP 503 on the Meta surface: safe to retry
    EXPECT_NE(not_sent.graph->details.find("Connection refused"), std::string::npos);
    EXPECT_NE(not_sent.graph->details.find("was not sent"), std::string::npos);

    Error timed_out = GraphTransportError(GraphTransportFailure::kTimedOut, "30001 ms");
    EXPECT_EQ(timed_out.code, ErrorCode::kDeadlineExceeded);
    EXPECT_EQ(timed_out.graph->code, 131000);
    EXPECT_NE(timed_out.graph->details.find("may or may not have carried out"), std::string::npos);

    for (auto f : {GraphTransportFailure::kBroken, GraphTransportFailure::kResponseTooLarge}) {
        Error e = GraphTransportError(f, "x");
        EXPECT_EQ(e.code, ErrorCode::kUnavailable);
        EXPECT_EQ(e.graph->code, 131000);
    }
    Error unreadable = GraphUnreadableSuccess(200, "without messages[0].id");
    EXPECT_EQ(unreadable.graph->code, 131000);
    EXPECT_NE(unreadable.graph->details.find("HTTP 200"), std::string::npos);
}

TEST(GraphSendResponse, ReadsMetasAnswer) {
    auto r = ParseSendResponse(200, R"({"messaging_product":"whatsapp",
        "contacts":[{"input":"+1 650-555-1234","wa_id":"16505551234"}],
        "messages":[{"id":"wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA",
                     "message_status":"accepted"}]})");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->wamid, "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
    EXPECT_EQ(r->message_status, "accepted");
    EXPECT_EQ(r->wa_id, "16505551234");
    auto bare = ParseSendResponse(200, R"({"messages":[{"id":"wamid.X"}]})");
    ASSERT_TRUE(bare);
    EXPECT_FALSE(bare->message_status);
    EXPECT_EQ(bare->wa_id, "");
    for (const char* body : {"", "{", R"({"messages":[]})", R"({"messages":[{"id":""}]})",
                             R"({"messages":[{"id":7}]})", R"({"success":true})"}) {
        auto bad = ParseSendResponse(200, body);
        ASSERT_FALSE(bad) << body;
        EXPECT_EQ(bad.error().graph->code, 131000) << body;
    }
}

TEST(GraphQueryEncoding, EncodesEverythingButUnreservedCharacters) {
    EXPECT_EQ(EncodeGraphQuery({}), "");
    EXPECT_EQ(EncodeGraphQuery({{"fields", "name,status"}, {"limit", "2"}}),
              "?fields=name%2Cstatus&limit=2");
    EXPECT_EQ(EncodeGraphQuery({{"name", "a b&c=d+é"}, {"after", "QVFI-_.~"}}),
              "?name=a%20b%26c%3Dd%2B%C3%A9&after=QVFI-_.~");
}

}  // namespace
}  // namespace wharf::upstream
