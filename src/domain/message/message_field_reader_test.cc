#include "domain/message/message_field_reader.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

TEST(MessageFieldReader, CountsCodePoints) {
    EXPECT_EQ(CodePointCount(""), 0u);
    EXPECT_EQ(CodePointCount("abc"), 3u);
    EXPECT_EQ(CodePointCount("ñandú"), 5u);
    EXPECT_EQ(CodePointCount("👍"), 1u);
    EXPECT_EQ(CodePointCount("👍🏽"), 2u);
}

TEST(MessageFieldReader, HttpUrls) {
    EXPECT_TRUE(IsHttpUrl("https://example.com"));
    EXPECT_TRUE(IsHttpUrl("http://example.com/a?b=c#d"));
    EXPECT_FALSE(IsHttpUrl("https://"));
    EXPECT_FALSE(IsHttpUrl("https:///path"));
    EXPECT_FALSE(IsHttpUrl("ftp://example.com"));
    EXPECT_FALSE(IsHttpUrl("example.com"));
    EXPECT_FALSE(IsHttpUrl("https://exa mple.com"));
    EXPECT_FALSE(IsHttpUrl("HTTPS://example.com"));
}

TEST(MessageFieldReader, Paths) {
    EXPECT_EQ(JoinPath("", "to"), "to");
    EXPECT_EQ(JoinPath("interactive", "action"), "interactive.action");
    EXPECT_EQ(IndexPath("interactive.action.buttons", 1), "interactive.action.buttons[1]");
}

TEST(MessageFieldReader, ErrorsCarryCodeFieldAndDetails) {
    auto missing = MissingParameterError("text.body");
    EXPECT_EQ(missing.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(missing.field, "text.body");
    ASSERT_TRUE(missing.graph);
    EXPECT_EQ(missing.graph->code, 131008);
    EXPECT_EQ(missing.graph->details, "The parameter text.body is required.");
    EXPECT_EQ(missing.message, "Required parameter is missing");

    auto invalid = InvalidValueError("text.body", "must be at most 4096 characters long");
    EXPECT_EQ(invalid.graph->code, 131009);
    EXPECT_EQ(invalid.graph->details, "Param text.body must be at most 4096 characters long.");

    EXPECT_EQ(WrongTypeError("text", "a JSON object").graph->code, 100);
    EXPECT_EQ(UnexpectedParameterError("audio.caption", "for audio messages").graph->details,
              "Param audio.caption is not supported for audio messages.");
    EXPECT_EQ(UnsupportedTypeError("type", "poll").graph->code, 131051);
    EXPECT_EQ(MissingOneOfError("image", "id", "link").graph->details,
              "The parameter image.id or image.link is required.");
}

TEST(MessageFieldReader, ReadsTypedFields) {
    auto v = boost::json::parse(R"({"s":"héllo","n":null,"b":true,"i":"3","o":{},"a":[1,2]})");
    MessageFieldReader r(v.as_object(), "x");
    EXPECT_EQ(*r.RequiredString("s", 1, 5), "héllo");
    EXPECT_EQ(r.RequiredString("s", 1, 4).error().graph->code, 131009);
    EXPECT_EQ(r.RequiredString("n").error().graph->code, 131008);  // null is absent
    EXPECT_EQ(r.RequiredString("n").error().field, "x.n");
    EXPECT_FALSE(r.OptionalString("n")->has_value());
    EXPECT_EQ(r.RequiredString("b").error().graph->code, 100);
    EXPECT_EQ(**r.OptionalBool("b"), true);
    EXPECT_EQ(*r.RequiredIndex("i"), 3);
    EXPECT_NE(*r.RequiredObject("o"), nullptr);
    EXPECT_EQ(*r.OptionalObject("missing"), nullptr);
    EXPECT_EQ((*r.RequiredArray("a", 1, 2))->size(), 2u);
    EXPECT_EQ(r.RequiredArray("a", 1, 1).error().graph->code, 131009);
    EXPECT_EQ(r.RequiredEnum("s", {"a", "b"}).error().graph->code, 131009);
    EXPECT_TRUE(r.Forbid("missing", "here"));
    EXPECT_EQ(r.Forbid("s", "here").error().graph->code, 100);
    EXPECT_EQ(MessageFieldReader::Element(v.at("a").as_array(), "x.a", 0).error().field, "x.a[0]");
}

}  // namespace
}  // namespace wharf::domain
