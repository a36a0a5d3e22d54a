#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

namespace wharf::domain {

// A WhatsApp message template as Meta stores it (POST /{waba}/message_templates, meta-facts §3.6):
// identity (name + language; a name is not unique across languages), category, review status,
// parameter format, the components parsed into structures and, beside them, the components exactly
// as they were submitted (`components_json`), which is what the Graph surface returns.
// Plain value type; built by ParseTemplate (template_validator.h), never half-valid.

enum class TemplateCategory { kMarketing, kUtility, kAuthentication };

// Meta's template statuses (message_template_status_update webhook).
enum class TemplateStatus {
    kPending,
    kApproved,
    kRejected,
    kPaused,
    kDisabled,
    kInAppeal,
    kFlagged,
    kReinstated,
    kLimitExceeded,
    kLocked,
    kArchived,
    kPendingDeletion,
    kDeleted,
};

// NAMED: {{order_id}}; POSITIONAL: {{1}}, {{2}}... (Meta's default).
enum class ParameterFormat { kPositional, kNamed };

// quality_score.score; new templates are UNKNOWN.
enum class TemplateQuality { kUnknown, kGreen, kYellow, kRed };

enum class HeaderFormat { kText, kImage, kVideo, kDocument, kLocation };

enum class ButtonType { kQuickReply, kUrl, kPhoneNumber, kCopyCode, kOtp, kFlow, kCatalog, kMpm };

enum class OtpType { kCopyCode, kOneTap, kZeroTap };

struct TemplateHeader {
    HeaderFormat format = HeaderFormat::kText;
    std::string text;  // TEXT headers only
};

struct TemplateBody {
    std::string text;  // empty for AUTHENTICATION (Meta supplies the fixed text)
    bool add_security_recommendation = false;  // AUTHENTICATION only
};

struct TemplateFooter {
    std::string text;                            // empty for AUTHENTICATION
    std::optional<int> code_expiration_minutes;  // AUTHENTICATION only, 1..90
};

struct TemplateButton {
    ButtonType type = ButtonType::kQuickReply;
    std::string text;
    std::string url;                   // URL
    std::string phone_number;          // PHONE_NUMBER
    std::optional<OtpType> otp_type;   // OTP
    std::vector<std::string> example;  // URL (the URL with its variable filled), COPY_CODE

    // A URL button whose URL ends with {{1}}: the send supplies the suffix.
    bool HasUrlVariable() const;
};

struct Template {
    std::string id;
    std::string name;
    std::string language;  // Meta's code: "en_US", "pt_BR", "de"
    TemplateCategory category = TemplateCategory::kUtility;
    std::optional<TemplateCategory> previous_category;
    TemplateStatus status = TemplateStatus::kPending;
    ParameterFormat parameter_format = ParameterFormat::kPositional;
    std::optional<TemplateHeader> header;
    TemplateBody body;
    std::optional<TemplateFooter> footer;
    std::vector<TemplateButton> buttons;
    boost::json::array components_json;          // as submitted
    std::optional<std::string> rejected_reason;  // "INCORRECT_CATEGORY", "INVALID_FORMAT", ...
    TemplateQuality quality = TemplateQuality::kUnknown;
};

// The variables of a text in order of appearance, as written between the braces: "Hi {{1}}, {{2}}"
// -> {"1", "2"}; "{{first_name}}" -> {"first_name"}. An unterminated "{{" is not a variable.
std::vector<std::string> ExtractVariables(std::string_view text);
// The same names with repeats removed, first appearance kept.
std::vector<std::string> DistinctVariables(std::string_view text);

// Meta's wire names ("MARKETING", "APPROVED", "NAMED", "GREEN", "QUICK_REPLY", "COPY_CODE", ...).
const char* ToString(TemplateCategory category);
const char* ToString(TemplateStatus status);
const char* ToString(ParameterFormat format);
const char* ToString(TemplateQuality quality);
const char* ToString(HeaderFormat format);
const char* ToString(ButtonType type);
const char* ToString(OtpType type);

// Parse Meta's wire names, ignoring case; nullopt when unknown.
std::optional<TemplateCategory> ParseTemplateCategory(std::string_view s);
std::optional<TemplateStatus> ParseTemplateStatus(std::string_view s);
std::optional<ParameterFormat> ParseParameterFormat(std::string_view s);
std::optional<TemplateQuality> ParseTemplateQuality(std::string_view s);
std::optional<HeaderFormat> ParseHeaderFormat(std::string_view s);
std::optional<ButtonType> ParseButtonType(std::string_view s);
std::optional<OtpType> ParseOtpType(std::string_view s);

// ASCII upper-casing, for Meta's case-insensitive enum values.
std::string ToUpperAscii(std::string_view s);

}  // namespace wharf::domain
