#pragma once

#include <cstddef>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "base/result.h"

namespace wharf::domain {

// The four Graph errors of send-request validation, one per kind of mistake (the rule is
// documented in message_validator.h). Each is kInvalidArgument with `field` = `path` and Meta's
// title as the message; the details string names `path`.
Error MissingParameterError(std::string_view path);  // 131008
// 131008 for "one of two is required": field `path`, details naming path.a and path.b.
Error MissingOneOfError(std::string_view path, std::string_view a, std::string_view b);
Error WrongTypeError(std::string_view path, std::string_view expected);       // 100
Error UnexpectedParameterError(std::string_view path, std::string_view why);  // 100
Error InvalidValueError(std::string_view path, std::string_view rule);        // 131009
Error UnsupportedTypeError(std::string_view path, std::string_view value);    // 131051

// Characters as Meta counts them for length limits: Unicode code points (UTF-8 lead bytes).
size_t CodePointCount(std::string_view utf8);
// An absolute http:// or https:// URL with a host, no spaces or control characters, ≤ 2048 bytes.
bool IsHttpUrl(std::string_view s);
// "interactive" + "action" -> "interactive.action"; "" + "to" -> "to".
std::string JoinPath(std::string_view parent, std::string_view key);
// "interactive.action.buttons" + 1 -> "interactive.action.buttons[1]".
std::string IndexPath(std::string_view array_path, size_t index);

// A media reference (`image`, a header's `video`, ...): exactly one of `id` (non-empty string)
// xor `link` (http(s) URL). Neither is 131008 naming <path>, both is 131009 naming <path>.
class MessageFieldReader;
Result<void> CheckMediaReference(const MessageFieldReader& media);

// Reads typed fields out of one JSON object of a send request, failing with the error the rule
// calls for and naming the field by its JSON path ("interactive.action.buttons[1].reply.title").
// An explicit null counts as absent. Does not own the object.
class MessageFieldReader {
public:
    static constexpr size_t kUnlimited = std::numeric_limits<size_t>::max();

    MessageFieldReader(const boost::json::object& object, std::string path)
        : object_(object), path_(std::move(path)) {}

    const boost::json::object& object() const { return object_; }
    const std::string& path() const { return path_; }
    std::string PathOf(std::string_view key) const { return JoinPath(path_, key); }
    // Present and not null.
    bool Has(std::string_view key) const;

    // A string of min_chars..max_chars code points. Absent: 131008 (Required) or nullopt.
    Result<std::string_view> RequiredString(std::string_view key, size_t min_chars = 1,
                                            size_t max_chars = kUnlimited) const;
    Result<std::optional<std::string_view>> OptionalString(std::string_view key,
                                                           size_t min_chars = 0,
                                                           size_t max_chars = kUnlimited) const;
    // A string equal to one of `allowed` (131009 naming them otherwise).
    Result<std::string_view> RequiredEnum(std::string_view key,
                                          std::initializer_list<std::string_view> allowed) const;
    Result<std::optional<std::string_view>> OptionalEnum(
        std::string_view key, std::initializer_list<std::string_view> allowed) const;
    Result<std::optional<bool>> OptionalBool(std::string_view key) const;
    // A JSON number, or a string holding a decimal number (Meta's own location examples send
    // "37.7749"), within [min, max].
    Result<double> RequiredCoordinate(std::string_view key, double min, double max) const;
    // A non-negative integer, as a JSON integer or a string of digits (template button `index`).
    Result<long long> RequiredIndex(std::string_view key) const;
    // Never nullptr on success.
    Result<const boost::json::object*> RequiredObject(std::string_view key) const;
    // nullptr when absent.
    Result<const boost::json::object*> OptionalObject(std::string_view key) const;
    // An array of min_items..max_items elements (131009 otherwise).
    Result<const boost::json::array*> RequiredArray(std::string_view key, size_t min_items = 1,
                                                    size_t max_items = kUnlimited) const;
    Result<const boost::json::array*> OptionalArray(std::string_view key, size_t min_items = 0,
                                                    size_t max_items = kUnlimited) const;
    // 100 when `key` is present: the parameter does not belong here (`why` completes
    // "Param <path> is not supported ...").
    Result<void> Forbid(std::string_view key, std::string_view why) const;

    // A reader over the object element `index` of `array` (which is this->PathOf(key)).
    static Result<MessageFieldReader> Element(const boost::json::array& array,
                                              std::string_view array_path, size_t index);
    // A reader over a nested object read with RequiredObject.
    MessageFieldReader Child(std::string_view key, const boost::json::object& child) const {
        return MessageFieldReader(child, PathOf(key));
    }

private:
    const boost::json::value* Find(std::string_view key) const;
    Result<std::string_view> CheckString(std::string_view key, const boost::json::value& v,
                                         size_t min_chars, size_t max_chars) const;
    Result<const boost::json::array*> CheckArray(std::string_view key, const boost::json::value& v,
                                                 size_t min_items, size_t max_items) const;

    const boost::json::object& object_;
    std::string path_;
};

}  // namespace wharf::domain
