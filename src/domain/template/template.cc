#include "domain/template/template.h"

#include <algorithm>
#include <array>
#include <utility>

namespace wharf::domain {
namespace {

template <class E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, const char*>, N>& table, std::string_view s) {
    std::string upper = ToUpperAscii(s);
    for (const auto& [value, name] : table) {
        if (upper == name) {
            return value;
        }
    }
    return std::nullopt;
}

template <class E, size_t N>
const char* NameOf(const std::array<std::pair<E, const char*>, N>& table, E e) {
    for (const auto& [value, name] : table) {
        if (value == e) {
            return name;
        }
    }
    return "UNKNOWN";
}

constexpr std::array<std::pair<TemplateCategory, const char*>, 3> kCategories{{
    {TemplateCategory::kMarketing, "MARKETING"},
    {TemplateCategory::kUtility, "UTILITY"},
    {TemplateCategory::kAuthentication, "AUTHENTICATION"},
}};

constexpr std::array<std::pair<TemplateStatus, const char*>, 13> kStatuses{{
    {TemplateStatus::kPending, "PENDING"},
    {TemplateStatus::kApproved, "APPROVED"},
    {TemplateStatus::kRejected, "REJECTED"},
    {TemplateStatus::kPaused, "PAUSED"},
    {TemplateStatus::kDisabled, "DISABLED"},
    {TemplateStatus::kInAppeal, "IN_APPEAL"},
    {TemplateStatus::kFlagged, "FLAGGED"},
    {TemplateStatus::kReinstated, "REINSTATED"},
    {TemplateStatus::kLimitExceeded, "LIMIT_EXCEEDED"},
    {TemplateStatus::kLocked, "LOCKED"},
    {TemplateStatus::kArchived, "ARCHIVED"},
    {TemplateStatus::kPendingDeletion, "PENDING_DELETION"},
    {TemplateStatus::kDeleted, "DELETED"},
}};

constexpr std::array<std::pair<ParameterFormat, const char*>, 2> kFormats{{
    {ParameterFormat::kPositional, "POSITIONAL"},
    {ParameterFormat::kNamed, "NAMED"},
}};

constexpr std::array<std::pair<TemplateQuality, const char*>, 4> kQualities{{
    {TemplateQuality::kUnknown, "UNKNOWN"},
    {TemplateQuality::kGreen, "GREEN"},
    {TemplateQuality::kYellow, "YELLOW"},
    {TemplateQuality::kRed, "RED"},
}};

constexpr std::array<std::pair<HeaderFormat, const char*>, 5> kHeaderFormats{{
    {HeaderFormat::kText, "TEXT"},
    {HeaderFormat::kImage, "IMAGE"},
    {HeaderFormat::kVideo, "VIDEO"},
    {HeaderFormat::kDocument, "DOCUMENT"},
    {HeaderFormat::kLocation, "LOCATION"},
}};

constexpr std::array<std::pair<ButtonType, const char*>, 8> kButtonTypes{{
    {ButtonType::kQuickReply, "QUICK_REPLY"},
    {ButtonType::kUrl, "URL"},
    {ButtonType::kPhoneNumber, "PHONE_NUMBER"},
    {ButtonType::kCopyCode, "COPY_CODE"},
    {ButtonType::kOtp, "OTP"},
    {ButtonType::kFlow, "FLOW"},
    {ButtonType::kCatalog, "CATALOG"},
    {ButtonType::kMpm, "MPM"},
}};

constexpr std::array<std::pair<OtpType, const char*>, 3> kOtpTypes{{
    {OtpType::kCopyCode, "COPY_CODE"},
    {OtpType::kOneTap, "ONE_TAP"},
    {OtpType::kZeroTap, "ZERO_TAP"},
}};

}  // namespace

bool TemplateButton::HasUrlVariable() const {
    return type == ButtonType::kUrl && !ExtractVariables(url).empty();
}

std::vector<std::string> ExtractVariables(std::string_view text) {
    std::vector<std::string> out;
    size_t pos = 0;
    while ((pos = text.find("{{", pos)) != std::string_view::npos) {
        size_t close = text.find("}}", pos + 2);
        if (close == std::string_view::npos) {
            break;
        }
        // "{{{1}}" : the variable is the innermost "{{...}}".
        size_t inner = text.rfind("{{", close);
        out.emplace_back(text.substr(inner + 2, close - inner - 2));
        pos = close + 2;
    }
    return out;
}

std::vector<std::string> DistinctVariables(std::string_view text) {
    std::vector<std::string> out;
    for (std::string& v : ExtractVariables(text)) {
        if (std::find(out.begin(), out.end(), v) == out.end()) {
            out.push_back(std::move(v));
        }
    }
    return out;
}

std::string ToUpperAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

const char* ToString(TemplateCategory v) {
    return NameOf(kCategories, v);
}
const char* ToString(TemplateStatus v) {
    return NameOf(kStatuses, v);
}
const char* ToString(ParameterFormat v) {
    return NameOf(kFormats, v);
}
const char* ToString(TemplateQuality v) {
    return NameOf(kQualities, v);
}
const char* ToString(HeaderFormat v) {
    return NameOf(kHeaderFormats, v);
}
const char* ToString(ButtonType v) {
    return NameOf(kButtonTypes, v);
}
const char* ToString(OtpType v) {
    return NameOf(kOtpTypes, v);
}

std::optional<TemplateCategory> ParseTemplateCategory(std::string_view s) {
    return Lookup(kCategories, s);
}
std::optional<TemplateStatus> ParseTemplateStatus(std::string_view s) {
    return Lookup(kStatuses, s);
}
std::optional<ParameterFormat> ParseParameterFormat(std::string_view s) {
    return Lookup(kFormats, s);
}
std::optional<TemplateQuality> ParseTemplateQuality(std::string_view s) {
    return Lookup(kQualities, s);
}
std::optional<HeaderFormat> ParseHeaderFormat(std::string_view s) {
    return Lookup(kHeaderFormats, s);
}
std::optional<ButtonType> ParseButtonType(std::string_view s) {
    return Lookup(kButtonTypes, s);
}
std::optional<OtpType> ParseOtpType(std::string_view s) {
    return Lookup(kOtpTypes, s);
}

}  // namespace wharf::domain
