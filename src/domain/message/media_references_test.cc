#include "domain/message/media_references.h"

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

namespace bj = boost::json;

OutboundMessage Message(MessageType type, const char* payload) {
    OutboundMessage m;
    m.type = type;
    m.payload = bj::parse(payload).as_object();
    return m;
}

TEST(MediaReferencesTest, MediaTypesById) {
    auto refs = MediaReferencesOf(Message(MessageType::kImage, R"({"id":"123","caption":"c"})"));
    ASSERT_EQ(refs.size(), 1u);
    EXPECT_EQ(refs[0].path, "image.id");
    EXPECT_EQ(refs[0].id, "123");
    EXPECT_TRUE(MediaReferencesOf(Message(MessageType::kDocument, R"({"link":"https://x/a.pdf"})"))
                    .empty());
}

TEST(MediaReferencesTest, InteractiveHeadersAndTemplateHeaderParameters) {
    auto header = MediaReferencesOf(
        Message(MessageType::kInteractive,
                R"({"type":"button","header":{"type":"video","video":{"id":"9"}}})"));
    ASSERT_EQ(header.size(), 1u);
    EXPECT_EQ(header[0].path, "interactive.header.video.id");
    auto tmpl = MediaReferencesOf(Message(
        MessageType::kTemplate,
        R"({"name":"t","components":[{"type":"body","parameters":[{"type":"text","text":"x"}]},
            {"type":"header","parameters":[{"type":"document","document":{"id":"77"}}]}]})"));
    ASSERT_EQ(tmpl.size(), 1u);
    EXPECT_EQ(tmpl[0].path, "template.components[1].parameters[0].document.id");
    EXPECT_EQ(tmpl[0].id, "77");
    EXPECT_TRUE(MediaReferencesOf(Message(MessageType::kText, R"({"body":"hi"})")).empty());
}

}  // namespace
}  // namespace wharf::domain
