#include "api/json/template_json.h"

#include <gtest/gtest.h>

namespace wharf::api {
namespace {

namespace bj = boost::json;

domain::TemplateRecord Sample() {
    domain::TemplateRecord r;
    r.business_account_id = BusinessAccountId("102290129340398");
    r.tmpl.id = "1627019861106475";
    r.tmpl.name = "order_shipped";
    r.tmpl.language = "en_US";
    r.tmpl.category = domain::TemplateCategory::kUtility;
    r.tmpl.status = domain::TemplateStatus::kApproved;
    r.tmpl.components_json = bj::array{bj::object{{"type", "BODY"}, {"text", "Shipped"}}};
    r.created_at = r.updated_at = Timestamp(std::chrono::seconds(1'704'873'600));
    return r;
}

TEST(TemplateJson, MetaShape) {
    bj::object o = TemplateToGraphJson(Sample(), std::nullopt);
    EXPECT_EQ(o.at("id").as_string(), "1627019861106475");
    EXPECT_EQ(o.at("name").as_string(), "order_shipped");
    EXPECT_EQ(o.at("language").as_string(), "en_US");
    EXPECT_EQ(o.at("status").as_string(), "APPROVED");
    EXPECT_EQ(o.at("category").as_string(), "UTILITY");
    EXPECT_EQ(o.at("parameter_format").as_string(), "POSITIONAL");
    EXPECT_EQ(o.at("components").at(0).at("text").as_string(), "Shipped");
    EXPECT_EQ(o.at("quality_score").at("score").as_string(), "UNKNOWN");
    EXPECT_FALSE(o.contains("rejected_reason"));
    EXPECT_FALSE(o.contains("previous_category"));

    auto rejected = Sample();
    rejected.tmpl.status = domain::TemplateStatus::kRejected;
    rejected.tmpl.rejected_reason = "INCORRECT_CATEGORY";
    rejected.tmpl.previous_category = domain::TemplateCategory::kMarketing;
    o = TemplateToGraphJson(rejected, std::nullopt);
    EXPECT_EQ(o.at("rejected_reason").as_string(), "INCORRECT_CATEGORY");
    EXPECT_EQ(o.at("previous_category").as_string(), "MARKETING");
}

TEST(TemplateJson, FieldsProjectionKeepsIdAndKnownFields) {
    bj::object o = TemplateToGraphJson(Sample(), std::string("name, status,unknown,components"));
    EXPECT_EQ(o.size(), 4u);
    EXPECT_TRUE(o.contains("id"));
    EXPECT_TRUE(o.contains("name"));
    EXPECT_TRUE(o.contains("status"));
    EXPECT_TRUE(o.contains("components"));
    EXPECT_EQ(TemplateToGraphJson(Sample(), std::string("")).size(), 8u);
}

TEST(TemplateJson, KeysetIsCreatedAtAndId) {
    auto k = TemplateKeyset(Sample());
    EXPECT_EQ(k.id, "1627019861106475");
    EXPECT_EQ(k.at, Timestamp(std::chrono::seconds(1'704'873'600)));
}

}  // namespace
}  // namespace wharf::api
