#include "base/json.h"

namespace wharf::json {

namespace bj = boost::json;

Result<bj::value> Parse(std::string_view text) {
    size_t i = 0;
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) {
        ++i;
    }
    if (i == text.size()) {
        return bj::value(bj::object());
    }
    boost::system::error_code ec;
    bj::parse_options opts;
    opts.max_depth = 64;
    bj::value v = bj::parse(text, ec, {}, opts);
    if (ec) {
        return Fail(Error::Malformed("malformed JSON body: " + ec.message()));
    }
    return v;
}

std::string ObjectReader::PathOf(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

Result<Field<std::string>> ObjectReader::String(std::string_view key, size_t max_len) const {
    Field<std::string> f;
    auto it = object_.find(key);
    if (it == object_.end()) {
        return f;
    }
    if (it->value().is_null()) {
        f.state = Field<std::string>::State::kNull;
        return f;
    }
    if (!it->value().is_string()) {
        return Fail(
            Error::InvalidArgument(PathOf(key) + " must be a string").WithField(PathOf(key)));
    }
    const auto& s = it->value().get_string();
    if (s.size() > max_len) {
        return Fail(Error::InvalidArgument(PathOf(key) + " is too long (maximum is " +
                                           std::to_string(max_len) + " characters)")
                        .WithField(PathOf(key)));
    }
    f.state = Field<std::string>::State::kValue;
    f.value.assign(s.data(), s.size());
    return f;
}

Result<Field<bool>> ObjectReader::Bool(std::string_view key) const {
    Field<bool> f;
    auto it = object_.find(key);
    if (it == object_.end()) {
        return f;
    }
    if (it->value().is_null()) {
        f.state = Field<bool>::State::kNull;
        return f;
    }
    if (!it->value().is_bool()) {
        return Fail(
            Error::InvalidArgument(PathOf(key) + " must be a boolean").WithField(PathOf(key)));
    }
    f.state = Field<bool>::State::kValue;
    f.value = it->value().get_bool();
    return f;
}

Result<Field<long long>> ObjectReader::Int(std::string_view key) const {
    Field<long long> f;
    auto it = object_.find(key);
    if (it == object_.end()) {
        return f;
    }
    const bj::value& v = it->value();
    if (v.is_null()) {
        f.state = Field<long long>::State::kNull;
        return f;
    }
    if (v.is_int64()) {
        f.value = v.get_int64();
    } else if (v.is_uint64() && v.get_uint64() <= 9'000'000'000'000'000'000ULL) {
        f.value = static_cast<long long>(v.get_uint64());
    } else if (v.is_double() &&
               v.get_double() == static_cast<double>(static_cast<long long>(v.get_double()))) {
        f.value = static_cast<long long>(v.get_double());
    } else {
        return Fail(
            Error::InvalidArgument(PathOf(key) + " must be an integer").WithField(PathOf(key)));
    }
    f.state = Field<long long>::State::kValue;
    return f;
}

Result<Field<std::vector<std::string>>> ObjectReader::StringArray(std::string_view key,
                                                                  size_t max_items,
                                                                  size_t max_len) const {
    Field<std::vector<std::string>> f;
    auto it = object_.find(key);
    if (it == object_.end()) {
        return f;
    }
    if (it->value().is_null()) {
        f.state = Field<std::vector<std::string>>::State::kNull;
        return f;
    }
    if (!it->value().is_array()) {
        return Fail(Error::InvalidArgument(PathOf(key) + " must be an array of strings")
                        .WithField(PathOf(key)));
    }
    const auto& arr = it->value().get_array();
    if (arr.size() > max_items) {
        return Fail(Error::InvalidArgument(PathOf(key) + " has too many items (maximum is " +
                                           std::to_string(max_items) + ")")
                        .WithField(PathOf(key)));
    }
    for (const auto& item : arr) {
        if (!item.is_string()) {
            return Fail(Error::InvalidArgument(PathOf(key) + " must be an array of strings")
                            .WithField(PathOf(key)));
        }
        if (item.get_string().size() > max_len) {
            return Fail(Error::InvalidArgument(PathOf(key) + " has an item that is too long")
                            .WithField(PathOf(key)));
        }
        f.value.emplace_back(item.get_string().data(), item.get_string().size());
    }
    f.state = Field<std::vector<std::string>>::State::kValue;
    return f;
}

Result<const bj::object*> ObjectReader::Object(std::string_view key) const {
    auto it = object_.find(key);
    if (it == object_.end() || it->value().is_null()) {
        return static_cast<const bj::object*>(nullptr);
    }
    if (!it->value().is_object()) {
        return Fail(
            Error::InvalidArgument(PathOf(key) + " must be an object").WithField(PathOf(key)));
    }
    return &it->value().get_object();
}

Result<const bj::object*> Envelope(const bj::value& body, std::string_view key) {
    if (!body.is_object()) {
        return Fail(Error::Malformed("the request body must be a JSON object"));
    }
    auto it = body.get_object().find(key);
    if (it == body.get_object().end()) {
        return Fail(Error::Malformed("param is missing or the value is empty: " + std::string(key))
                        .WithField(std::string(key)));
    }
    if (!it->value().is_object()) {
        return Fail(
            Error::Malformed(std::string(key) + " must be an object").WithField(std::string(key)));
    }
    return &it->value().get_object();
}

std::string Serialize(const bj::value& v) {
    return bj::serialize(v);
}

bj::value OrNull(const std::optional<std::string>& s) {
    return s ? bj::value(*s) : bj::value(nullptr);
}

}  // namespace wharf::json
