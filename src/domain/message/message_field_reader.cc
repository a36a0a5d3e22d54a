#include "domain/message/message_field_reader.h"

#include <charconv>
#include <cmath>
#include <string>

namespace wharf::domain {
namespace {

Error GraphInvalid(int code, const char* title, std::string_view path, std::string details) {
    return Error::InvalidArgument(title)
        .WithField(std::string(path))
        .WithGraph(code, std::move(details));
}

const char* JsonTypeName(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::object:
            return "a JSON object";
        case boost::json::kind::array:
            return "an array";
        case boost::json::kind::string:
            return "a string";
        case boost::json::kind::bool_:
            return "a boolean";
        case boost::json::kind::null:
            return "null";
        default:
            return "a number";
    }
}

std::string Quoted(std::string_view s) {
    return "\"" + std::string(s) + "\"";
}

std::string OneOf(std::initializer_list<std::string_view> allowed) {
    std::string out;
    for (auto a : allowed) {
        if (!out.empty()) {
            out += ", ";
        }
        out += Quoted(a);
    }
    return out;
}

std::string Chars(size_t n) {
    return std::to_string(n) + (n == 1 ? " character" : " characters");
}

std::string Items(size_t n) {
    return std::to_string(n) + (n == 1 ? " item" : " items");
}

}  // namespace

Error MissingParameterError(std::string_view path) {
    return GraphInvalid(131008, "Required parameter is missing", path,
                        "The parameter " + std::string(path) + " is required.");
}

Error MissingOneOfError(std::string_view path, std::string_view a, std::string_view b) {
    return GraphInvalid(
        131008, "Required parameter is missing", path,
        "The parameter " + JoinPath(path, a) + " or " + JoinPath(path, b) + " is required.");
}

Error WrongTypeError(std::string_view path, std::string_view expected) {
    return GraphInvalid(100, "Invalid parameter", path,
                        "Param " + std::string(path) + " must be " + std::string(expected) + ".");
}

Error UnexpectedParameterError(std::string_view path, std::string_view why) {
    return GraphInvalid(
        100, "Invalid parameter", path,
        "Param " + std::string(path) + " is not supported " + std::string(why) + ".");
}

Error InvalidValueError(std::string_view path, std::string_view rule) {
    return GraphInvalid(131009, "Parameter value is not valid", path,
                        "Param " + std::string(path) + " " + std::string(rule) + ".");
}

Error UnsupportedTypeError(std::string_view path, std::string_view value) {
    return GraphInvalid(
        131051, "Unsupported message type", path,
        "Param " + std::string(path) + ": message type " + Quoted(value) + " is not supported.");
}

size_t CodePointCount(std::string_view utf8) {
    size_t n = 0;
    for (char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++n;
        }
    }
    return n;
}

bool IsHttpUrl(std::string_view s) {
    if (s.size() > 2048) {
        return false;
    }
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) {
            return false;
        }
    }
    for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
        if (s.size() > scheme.size() && s.substr(0, scheme.size()) == scheme) {
            char first = s[scheme.size()];
            return first != '/' && first != '?' && first != '#';
        }
    }
    return false;
}

std::string JoinPath(std::string_view parent, std::string_view key) {
    if (parent.empty()) {
        return std::string(key);
    }
    std::string out(parent);
    out += '.';
    out += key;
    return out;
}

std::string IndexPath(std::string_view array_path, size_t index) {
    return std::string(array_path) + "[" + std::to_string(index) + "]";
}

const boost::json::value* MessageFieldReader::Find(std::string_view key) const {
    const auto* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return nullptr;
    }
    return v;
}

bool MessageFieldReader::Has(std::string_view key) const {
    return Find(key) != nullptr;
}

Result<std::string_view> MessageFieldReader::CheckString(std::string_view key,
                                                         const boost::json::value& v,
                                                         size_t min_chars, size_t max_chars) const {
    if (!v.is_string()) {
        return Fail(WrongTypeError(PathOf(key), "a string"));
    }
    std::string_view s = v.get_string();
    size_t n = CodePointCount(s);
    if (n < min_chars) {
        return Fail(InvalidValueError(
            PathOf(key), min_chars == 1 ? "must not be empty"
                                        : "must be at least " + Chars(min_chars) + " long"));
    }
    if (n > max_chars) {
        return Fail(InvalidValueError(PathOf(key), "must be at most " + Chars(max_chars) +
                                                       " long (got " + std::to_string(n) + ")"));
    }
    return s;
}

Result<std::string_view> MessageFieldReader::RequiredString(std::string_view key, size_t min_chars,
                                                            size_t max_chars) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return Fail(MissingParameterError(PathOf(key)));
    }
    return CheckString(key, *v, min_chars, max_chars);
}

Result<std::optional<std::string_view>> MessageFieldReader::OptionalString(std::string_view key,
                                                                           size_t min_chars,
                                                                           size_t max_chars) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return std::optional<std::string_view>();
    }
    WHARF_ASSIGN_OR_RETURN(std::string_view s, CheckString(key, *v, min_chars, max_chars));
    return std::optional<std::string_view>(s);
}

Result<std::string_view> MessageFieldReader::RequiredEnum(
    std::string_view key, std::initializer_list<std::string_view> allowed) const {
    WHARF_ASSIGN_OR_RETURN(std::string_view s, RequiredString(key, 0));
    for (auto a : allowed) {
        if (s == a) {
            return s;
        }
    }
    return Fail(
        InvalidValueError(PathOf(key), (allowed.size() == 1 ? "must be " : "must be one of ") +
                                           OneOf(allowed) + " (got " + Quoted(s) + ")"));
}

Result<std::optional<std::string_view>> MessageFieldReader::OptionalEnum(
    std::string_view key, std::initializer_list<std::string_view> allowed) const {
    if (!Has(key)) {
        return std::optional<std::string_view>();
    }
    WHARF_ASSIGN_OR_RETURN(std::string_view s, RequiredEnum(key, allowed));
    return std::optional<std::string_view>(s);
}

Result<std::optional<bool>> MessageFieldReader::OptionalBool(std::string_view key) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return std::optional<bool>();
    }
    if (!v->is_bool()) {
        return Fail(WrongTypeError(PathOf(key), "a boolean"));
    }
    return std::optional<bool>(v->get_bool());
}

Result<double> MessageFieldReader::RequiredCoordinate(std::string_view key, double min,
                                                      double max) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return Fail(MissingParameterError(PathOf(key)));
    }
    double d = 0;
    if (v->is_number()) {
        d = v->to_number<double>();
    } else if (v->is_string()) {
        std::string_view s = v->get_string();
        const char* begin = s.data();
        const char* end = s.data() + s.size();
        if (begin != end && *begin == '+') {
            ++begin;
        }
        auto [ptr, ec] = std::from_chars(begin, end, d, std::chars_format::fixed);
        if (begin == end || ec != std::errc() || ptr != end) {
            return Fail(
                InvalidValueError(PathOf(key), "must be a decimal number (got " + Quoted(s) + ")"));
        }
    } else {
        return Fail(WrongTypeError(PathOf(key), "a number"));
    }
    if (!std::isfinite(d) || d < min || d > max) {
        std::string range =
            std::to_string(static_cast<int>(min)) + " and " + std::to_string(static_cast<int>(max));
        return Fail(InvalidValueError(PathOf(key), "must be between " + range));
    }
    return d;
}

Result<long long> MessageFieldReader::RequiredIndex(std::string_view key) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return Fail(MissingParameterError(PathOf(key)));
    }
    if (v->is_int64()) {
        if (v->get_int64() < 0) {
            return Fail(InvalidValueError(PathOf(key), "must not be negative"));
        }
        return v->get_int64();
    }
    if (v->is_uint64()) {
        return Fail(InvalidValueError(PathOf(key), "is too large"));
    }
    if (v->is_string()) {
        std::string_view s = v->get_string();
        long long n = 0;
        auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || n < 0 ||
            s.front() == '-' || s.front() == '+') {
            return Fail(InvalidValueError(
                PathOf(key), "must be a non-negative integer (got " + Quoted(s) + ")"));
        }
        return n;
    }
    return Fail(WrongTypeError(PathOf(key), "an integer or a string of digits"));
}

Result<const boost::json::object*> MessageFieldReader::RequiredObject(std::string_view key) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return Fail(MissingParameterError(PathOf(key)));
    }
    if (!v->is_object()) {
        return Fail(
            WrongTypeError(PathOf(key), std::string("a JSON object, not ") + JsonTypeName(*v)));
    }
    return &v->get_object();
}

Result<const boost::json::object*> MessageFieldReader::OptionalObject(std::string_view key) const {
    if (!Has(key)) {
        return static_cast<const boost::json::object*>(nullptr);
    }
    return RequiredObject(key);
}

Result<const boost::json::array*> MessageFieldReader::CheckArray(std::string_view key,
                                                                 const boost::json::value& v,
                                                                 size_t min_items,
                                                                 size_t max_items) const {
    if (!v.is_array()) {
        return Fail(WrongTypeError(PathOf(key), std::string("an array, not ") + JsonTypeName(v)));
    }
    const auto& a = v.get_array();
    if (a.size() < min_items) {
        return Fail(InvalidValueError(PathOf(key), min_items == 1
                                                       ? "must not be empty"
                                                       : "must have at least " + Items(min_items)));
    }
    if (a.size() > max_items) {
        return Fail(InvalidValueError(PathOf(key), "must have at most " + Items(max_items) +
                                                       " (got " + std::to_string(a.size()) + ")"));
    }
    return &a;
}

Result<const boost::json::array*> MessageFieldReader::RequiredArray(std::string_view key,
                                                                    size_t min_items,
                                                                    size_t max_items) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return Fail(MissingParameterError(PathOf(key)));
    }
    return CheckArray(key, *v, min_items, max_items);
}

Result<const boost::json::array*> MessageFieldReader::OptionalArray(std::string_view key,
                                                                    size_t min_items,
                                                                    size_t max_items) const {
    const auto* v = Find(key);
    if (v == nullptr) {
        return static_cast<const boost::json::array*>(nullptr);
    }
    return CheckArray(key, *v, min_items, max_items);
}

Result<void> MessageFieldReader::Forbid(std::string_view key, std::string_view why) const {
    if (Has(key)) {
        return Fail(UnexpectedParameterError(PathOf(key), why));
    }
    return {};
}

Result<MessageFieldReader> MessageFieldReader::Element(const boost::json::array& array,
                                                       std::string_view array_path, size_t index) {
    std::string path = IndexPath(array_path, index);
    const auto& v = array.at(index);
    if (!v.is_object()) {
        return Fail(WrongTypeError(path, std::string("a JSON object, not ") + JsonTypeName(v)));
    }
    return MessageFieldReader(v.get_object(), std::move(path));
}

Result<void> CheckMediaReference(const MessageFieldReader& media) {
    bool has_id = media.Has("id");
    bool has_link = media.Has("link");
    if (!has_id && !has_link) {
        return Fail(MissingOneOfError(media.path(), "id", "link"));
    }
    if (has_id && has_link) {
        return Fail(
            InvalidValueError(media.path(), "must have exactly one of id or link, not both"));
    }
    if (has_id) {
        WHARF_TRY(media.RequiredString("id", 1, 256));
        return {};
    }
    WHARF_ASSIGN_OR_RETURN(std::string_view link, media.RequiredString("link"));
    if (!IsHttpUrl(link)) {
        return Fail(InvalidValueError(media.PathOf("link"), "must be an http(s) URL"));
    }
    return {};
}

}  // namespace wharf::domain
