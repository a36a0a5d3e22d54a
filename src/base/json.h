#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "base/field.h"
#include "base/result.h"

namespace wharf::json {

using wharf::Field;

// Parses JSON text; an empty body parses as an empty object (body-less POSTs are legal).
// Malformed text is kInvalidArgument naming where it broke.
Result<boost::json::value> Parse(std::string_view text);

// Reads typed fields out of one JSON object, naming the offending key (with `path` as its
// prefix, e.g. "customer.name") in every error. Does not own the object.
class ObjectReader {
public:
    ObjectReader(const boost::json::object& object, std::string path)
        : object_(object), path_(std::move(path)) {}

    // Strings longer than max_len (in bytes) are rejected.
    Result<Field<std::string>> String(std::string_view key, size_t max_len = 1024) const;
    Result<Field<bool>> Bool(std::string_view key) const;
    Result<Field<long long>> Int(std::string_view key) const;
    Result<Field<std::vector<std::string>>> StringArray(std::string_view key,
                                                        size_t max_items = 100,
                                                        size_t max_len = 1024) const;
    // The nested object, or nullptr when absent or null.
    Result<const boost::json::object*> Object(std::string_view key) const;
    std::string PathOf(std::string_view key) const;

private:
    const boost::json::object& object_;
    std::string path_;
};

// {"<key>": {...}}: the Platform API's request envelope. Missing or non-object is kInvalidArgument.
Result<const boost::json::object*> Envelope(const boost::json::value& body, std::string_view key);

std::string Serialize(const boost::json::value& v);

// null for an empty optional, else the string.
boost::json::value OrNull(const std::optional<std::string>& s);

}  // namespace wharf::json
