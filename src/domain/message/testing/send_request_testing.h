#pragma once

// Helpers for the send-request validator tests: parse a body, edit it at a JSON path, and check
// the Graph error a rule produces.

#include <string>
#include <string_view>
#include <variant>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "domain/message/message_validator.h"

namespace wharf::domain::testing {

inline boost::json::value Json(std::string_view text) {
    return boost::json::parse(text);
}

// The value at a path like "interactive.action.buttons[1].reply.title", creating objects on the
// way; arrays must already hold the index.
inline boost::json::value& At(boost::json::value& root, std::string_view path) {
    boost::json::value* cur = &root;
    size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '.') {
            ++i;
            continue;
        }
        if (path[i] == '[') {
            size_t close = path.find(']', i);
            size_t index = std::stoul(std::string(path.substr(i + 1, close - i - 1)));
            cur = &cur->as_array().at(index);
            i = close + 1;
            continue;
        }
        size_t end = path.find_first_of(".[", i);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        if (!cur->is_object()) {
            *cur = boost::json::object();
        }
        cur = &cur->as_object()[path.substr(i, end - i)];
        i = end;
    }
    return *cur;
}

// A copy of `body` with the value at `path` replaced by the JSON `value_json`.
inline boost::json::value With(const boost::json::value& body, std::string_view path,
                               std::string_view value_json) {
    boost::json::value copy = body;
    At(copy, path) = Json(value_json);
    return copy;
}

// A copy of `body` with the key or array element at `path` removed.
inline boost::json::value Without(const boost::json::value& body, std::string_view path) {
    boost::json::value copy = body;
    if (!path.empty() && path.back() == ']') {
        size_t open = path.rfind('[');
        size_t index = std::stoul(std::string(path.substr(open + 1, path.size() - open - 2)));
        auto& array = At(copy, path.substr(0, open)).as_array();
        array.erase(array.begin() + static_cast<std::ptrdiff_t>(index));
        return copy;
    }
    size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) {
        copy.as_object().erase(path);
    } else {
        At(copy, path.substr(0, dot)).as_object().erase(path.substr(dot + 1));
    }
    return copy;
}

inline std::string Repeat(std::string_view s, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

// A JSON string literal of n copies of `s`.
inline std::string JsonString(std::string_view s, size_t n) {
    return boost::json::serialize(boost::json::value(Repeat(s, n)));
}

inline std::string Describe(const Error& e) {
    std::string out = e.message;
    if (e.graph) {
        out += " (#" + std::to_string(e.graph->code) + ") " + e.graph->details;
    }
    return out;
}

// Expects the body to be accepted as a message and returns it.
inline OutboundMessage ExpectMessage(const boost::json::value& body) {
    auto r = ValidateSendRequest(body);
    EXPECT_TRUE(r) << (r ? "" : Describe(r.error())) << "\n" << boost::json::serialize(body);
    if (!r || !std::holds_alternative<OutboundMessage>(*r)) {
        ADD_FAILURE() << "not a message";
        return {};
    }
    return std::get<OutboundMessage>(*r);
}

inline OutboundMessage ExpectMessage(const char* text) {
    return ExpectMessage(Json(text));
}

// Expects the Graph error `code` naming `field`, with the details string naming it too.
inline void ExpectSendError(const boost::json::value& body, int code, const std::string& field) {
    SCOPED_TRACE(field);
    auto r = ValidateSendRequest(body);
    ASSERT_FALSE(r) << "accepted: " << boost::json::serialize(body);
    const Error& e = r.error();
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << Describe(e);
    ASSERT_TRUE(e.graph.has_value()) << Describe(e);
    EXPECT_EQ(e.graph->code, code) << Describe(e);
    EXPECT_EQ(e.field, field) << Describe(e);
    EXPECT_NE(e.graph->details.find(field), std::string::npos) << Describe(e);
    EXPECT_FALSE(e.message.empty());
}

}  // namespace wharf::domain::testing
