#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wharf::domain {

// Appends JSON to a string byte for byte as boost::json::serialize writes the same values: no
// whitespace; strings escaped as boost escapes them (\" \\ \b \t \n \f \r, \u00xx in lower case
// for the other control characters, everything else, '/', DEL and non-ASCII bytes included, as
// is); integers in plain decimal. The caller writes punctuation and keys with Raw. It lets the
// hot event bodies be written straight into their string instead of through a DOM.
//
// Holds a reference to `out`, which must outlive it. Not thread-safe; one writer per string.
class JsonWriter {
public:
    // What a stored JSON text must parse to for StoredText to write it.
    enum class Expect { kAny, kObject, kArray };

    explicit JsonWriter(std::string& out) : out_(out) {}

    // `text` as is: punctuation and keys known to need no escaping.
    void Raw(std::string_view text) { out_.append(text); }
    // A quoted, escaped string.
    void String(std::string_view s);
    // `s` escaped, without quotes (a string written in parts: Raw("\"+"), Escaped(s), Raw("\"")).
    void Escaped(std::string_view s);
    void StringOrNull(const std::optional<std::string>& s);
    void Int(long long v);
    void Bool(bool b) { out_.append(b ? "true" : "false"); }
    void Null() { out_.append("null"); }
    // A JSON text kept in a record (a message's payload, its statuses, a conversation's metadata)
    // as the DOM path renders it: boost::json::serialize of what json::Parse makes of it when
    // that is of the `expect`ed kind, else `fallback`. A text that is already in that form
    // (IsCanonicalJson) is copied without parsing, which is the usual case.
    void StoredText(std::string_view text, Expect expect, std::string_view fallback);

private:
    std::string& out_;
};

// Whether `text` is exactly boost::json::serialize(boost::json::parse(text)), so that it can be
// copied instead of parsed and serialised again. Conservative: it says no to some texts that
// are (any number with a fraction or an exponent, an integer of more than 18 digits, nesting
// deeper than 32, more than 64 keys in the objects open at once), never yes to one that is not. Yes
// needs: no whitespace; only the escapes boost writes (so no "\/", no "\u00e9", lower-case
// hex); valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF); no
// key twice in one object (boost keeps the last); no "-0".
bool IsCanonicalJson(std::string_view text);

}  // namespace wharf::domain
