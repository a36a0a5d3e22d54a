#include "domain/event/json_writer.h"

#include <functional>
#include <limits>
#include <random>

#include <gtest/gtest.h>

#include "base/json.h"

namespace wharf::domain {
namespace {

namespace bj = boost::json;

std::string Written(const std::function<void(JsonWriter&)>& write) {
    std::string out;
    JsonWriter w(out);
    write(w);
    return out;
}

std::string Quoted(std::string_view s) {
    return Written([&](JsonWriter& w) { w.String(s); });
}

// What the DOM path makes of a stored text: json::Parse, then serialize when it is of the
// expected kind, else the fallback.
std::string ThroughDom(std::string_view text, JsonWriter::Expect expect,
                       std::string_view fallback) {
    auto v = json::Parse(text);
    bool ok = v && (expect == JsonWriter::Expect::kAny ||
                    (expect == JsonWriter::Expect::kObject && v->is_object()) ||
                    (expect == JsonWriter::Expect::kArray && v->is_array()));
    return ok ? bj::serialize(*v) : std::string(fallback);
}

// The texts boost writes for them, or an empty optional when boost does not parse them.
std::optional<std::string> Reserialized(std::string_view text) {
    boost::system::error_code ec;
    bj::parse_options opts;
    opts.max_depth = 64;
    bj::value v = bj::parse(text, ec, {}, opts);
    if (ec) {
        return std::nullopt;
    }
    return bj::serialize(v);
}

TEST(JsonWriter, EveryByteIsEscapedAsBoostEscapesIt) {
    for (int c = 0; c < 256; ++c) {
        std::string s = "a" + std::string(1, static_cast<char>(c)) + "b";
        EXPECT_EQ(Quoted(s), bj::serialize(bj::value(s))) << "byte " << c;
    }
}

TEST(JsonWriter, EscapesTheHandPickedCasesAsWrittenOut) {
    EXPECT_EQ(Quoted("a\"b\\c/d"), R"("a\"b\\c/d")");
    EXPECT_EQ(Quoted("\x01\x1f\t\n\r\b\f\x7f"), "\"\\u0001\\u001f\\t\\n\\r\\b\\f\x7f\"");
    EXPECT_EQ(Quoted("h\xc3\xa9llo \xf0\x9f\x98\x80"), "\"h\xc3\xa9llo \xf0\x9f\x98\x80\"");
    EXPECT_EQ(Quoted(std::string("\0x", 2)), R"("\u0000x")");
    EXPECT_EQ(Quoted(""), R"("")");
}

TEST(JsonWriter, RandomStringsAreEscapedAsBoostEscapesThem) {
    std::mt19937 rng(7);
    for (int i = 0; i < 2000; ++i) {
        std::string s(rng() % 40, ' ');
        for (char& c : s) {
            c = static_cast<char>(rng() % 256);
        }
        ASSERT_EQ(Quoted(s), bj::serialize(bj::value(s))) << "iteration " << i;
    }
}

// The writer and the checker look at eight bytes at a time: one byte of each kind at every
// position of strings longer and shorter than that.
TEST(JsonWriter, OneSpecialByteAtEveryPositionOfAString) {
    const std::string specials[] = {std::string(1, '\0'),
                                    "\x01",
                                    "\x1f",
                                    "\x20",
                                    "\x21",
                                    "\"",
                                    "\\",
                                    "/",
                                    "\x5b",
                                    "\x5d",
                                    "\x7f",
                                    "\x80",
                                    "\xc3\xa9",
                                    "\xf0\x9f\x98\x80",
                                    "\xed\xa0\x80",
                                    "\xff",
                                    "\n"};
    for (size_t len = 1; len <= 24; ++len) {
        for (size_t pos = 0; pos < len; ++pos) {
            for (const std::string& special : specials) {
                std::string s(len, 'a');
                s.replace(pos, 1, special);
                std::string text = bj::serialize(bj::value(s));
                ASSERT_EQ(Quoted(s), text) << len << " " << pos;
                // On strings the checker is exact.
                ASSERT_EQ(IsCanonicalJson(text), Reserialized(text) == text) << text;
                std::string array = "[" + text + "," + text + "]";
                ASSERT_EQ(IsCanonicalJson(array), Reserialized(array) == array) << array;
            }
        }
    }
}

// Two of them in one eight-byte window: the first decides where the fast loop stops.
TEST(JsonWriter, TwoSpecialBytesAtEveryPairOfPositions) {
    const std::string specials[] = {"\x01", "\x1f", "\"", "\\", "\x7f", "\xc3\xa9", "\xff", "b"};
    for (size_t i = 0; i < 20; ++i) {
        for (size_t j = i + 1; j < 20; ++j) {
            for (const std::string& first : specials) {
                for (const std::string& second : specials) {
                    std::string s(20, 'a');
                    s.replace(j, 1, second);
                    s.replace(i, 1, first);
                    std::string text = bj::serialize(bj::value(s));
                    ASSERT_EQ(Quoted(s), text);
                    ASSERT_EQ(IsCanonicalJson(text), Reserialized(text) == text) << text;
                }
            }
        }
    }
}

TEST(JsonWriter, ScalarsAreWrittenAsBoostWritesThem) {
    for (long long v : {0LL, 1LL, -1LL, 42LL, 1767225600LL, std::numeric_limits<long long>::max(),
                        std::numeric_limits<long long>::min()}) {
        EXPECT_EQ(Written([&](JsonWriter& w) { w.Int(v); }), bj::serialize(bj::value(v)));
    }
    EXPECT_EQ(Written([](JsonWriter& w) { w.Bool(true); }), bj::serialize(bj::value(true)));
    EXPECT_EQ(Written([](JsonWriter& w) { w.Bool(false); }), bj::serialize(bj::value(false)));
    EXPECT_EQ(Written([](JsonWriter& w) { w.Null(); }), bj::serialize(bj::value(nullptr)));
    EXPECT_EQ(Written([](JsonWriter& w) { w.StringOrNull(std::nullopt); }), "null");
    EXPECT_EQ(Written([](JsonWriter& w) { w.StringOrNull(std::string("a\"")); }),
              bj::serialize(bj::value("a\"")));
    EXPECT_EQ(Written([](JsonWriter& w) {
                  w.Raw("\"+");
                  w.Escaped("1\"5");
                  w.Raw("\"");
              }),
              bj::serialize(bj::value("+1\"5")));
}

TEST(JsonWriter, CanonicalTextsAreRecognised) {
    for (const char* text : {
             R"({})", R"([])", R"({"body":"hi","preview_url":false})",
             R"([{"id":"wamid.1","status":"sent","pricing":{"billable":false}},{"id":"x"}])",
             R"({"a":[1,-2,0,true,false,null,"",{}],"b":{"c":{"d":[]}}})", R"("only a string")",
             R"(123456789012345678)", R"(-123456789012345678)", R"(null)",
             "\"\\u0000\\u001f\\u0007\\b\\t\\n\\f\\r\\\"\\\\/\x7f\"",
             "{\"h\xc3\xa9\":\"\xf0\x9f\x98\x80\xe2\x82\xac\xf4\x8f\xbf\xbf\xed\x9f\xbf\"}",
             R"({"a":{"x":1},"b":{"x":1}})",  // the same key in sibling objects
         }) {
        std::string_view t = text;
        EXPECT_TRUE(IsCanonicalJson(t)) << t;
        EXPECT_EQ(Reserialized(t), std::string(t)) << t;
    }
}

TEST(JsonWriter, NonCanonicalTextsAreRefused) {
    for (const char* text : {
             "",
             " {}",
             "{} ",
             R"({ })",
             R"({"a": 1})",
             R"({"a":1 ,"b":2})",
             "[1,\n2]",
             R"(["\/"])",
             R"(["\u00e9"])",
             R"(["\u001F"])",  // boost writes lower-case hex
             R"(["\u000a"])",  // boost writes \n
             R"(["\u0008"])",
             R"(["\ud83d\ude00"])",
             R"([1.5])",
             R"([1.0])",
             R"([1e3])",
             R"([1E3])",
             R"([-0])",
             R"([01])",
             R"([+1])",
             R"([1234567890123456789])",  // 19 digits: parsed (it may not be an int64)
             R"({"a":1,"a":2})",
             R"({"a":1,"b":{"a":2},"a":3})",
             R"([1,])",
             R"({"a":1,})",
             R"([1)",
             R"({"a")",
             R"({"a":})",
             R"("unterminated)",
             R"(tru)",
             R"(nul)",
             R"(truex)",
             R"([true false])",
             R"({}{})",
             R"(//c)",
             "\"\x01\"",              // a raw control character
             "\"\xff\"",              // not UTF-8
             "\"\xc0\x80\"",          // overlong
             "\"\xe0\x80\x80\"",      // overlong
             "\"\xed\xa0\x80\"",      // a surrogate
             "\"\xf4\x90\x80\x80\"",  // past U+10FFFF
             "\"\xe2\x82\"",          // cut short
             "\"\x80\"",              // a lone continuation byte
         }) {
        EXPECT_FALSE(IsCanonicalJson(text)) << text;
    }
}

TEST(JsonWriter, NestingIsAcceptedUpToALimit) {
    std::string shallow = std::string(32, '[') + std::string(32, ']');
    std::string deep = std::string(33, '[') + std::string(33, ']');
    EXPECT_TRUE(IsCanonicalJson(shallow));
    EXPECT_EQ(Reserialized(shallow), shallow);
    EXPECT_FALSE(IsCanonicalJson(deep));
}

TEST(JsonWriter, TooManyOpenKeysAreRefusedNotMisread) {
    std::string wide = "{";
    for (int i = 0; i < 70; ++i) {
        wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
    }
    wide += "}";
    EXPECT_FALSE(IsCanonicalJson(wide));
    std::string siblings = "[";  // many keys in all, few open at once
    for (int i = 0; i < 70; ++i) {
        siblings += (i ? ",{\"k" : "{\"k") + std::to_string(i) + "\":1}";
    }
    siblings += "]";
    EXPECT_TRUE(IsCanonicalJson(siblings));
}

// A random JSON value of plain parts (no doubles), as boost would hold it.
bj::value RandomValue(std::mt19937& rng, int depth) {
    static const char* kStrings[] = {"",     "a",           "body",
                                     "a\"b", "back\\slash", "\x01\x1f\t\n",
                                     "/",    "h\xc3\xa9",   "\xf0\x9f\x91\x8d",
                                     "\x7f", "text"};
    switch (rng() % (depth > 3 ? 5 : 7)) {
        case 0:
            return nullptr;
        case 1:
            return rng() % 2 == 0;
        case 2:
            return static_cast<std::int64_t>(rng()) - (1LL << 31);
        case 3:
            return kStrings[rng() % std::size(kStrings)];
        case 4:
            return static_cast<std::int64_t>(rng() % 10);
        case 5: {
            bj::array a;
            for (unsigned n = rng() % 4; n > 0; --n) {
                a.push_back(RandomValue(rng, depth + 1));
            }
            return a;
        }
        default: {
            bj::object o;
            for (unsigned n = rng() % 4; n > 0; --n) {
                o[kStrings[rng() % std::size(kStrings)]] = RandomValue(rng, depth + 1);
            }
            return o;
        }
    }
}

TEST(JsonWriter, BoostsOwnSerialisationsOfPlainValuesAreCanonical) {
    std::mt19937 rng(11);
    for (int i = 0; i < 2000; ++i) {
        std::string text = bj::serialize(RandomValue(rng, 0));
        ASSERT_TRUE(IsCanonicalJson(text)) << text;
    }
}

// Whatever the checker accepts, boost writes back unchanged: random serialisations, broken up
// by random edits towards the cases that are not canonical.
TEST(JsonWriter, EveryTextTheCheckerAcceptsIsBoostsSerialisation) {
    static const std::string kPieces[] = {
        " ",       "\n",   ",",   ":",       "{",       "}",       "[",       "]",
        "\"",      "\\",   "\\/", "\\u00e9", "\\u001F", "\\u000a", "\\u0001", "0",
        "-0",      "1.5",  "1e2", "01",      "\xff",    "\xc3",    "\xa9",    "\xed\xa0\x80",
        "\"a\":1", "true", "nul", "\x01"};
    std::mt19937 rng(13);
    int accepted = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text = bj::serialize(RandomValue(rng, 0));
        for (unsigned edits = rng() % 3; edits > 0; --edits) {
            size_t at = text.empty() ? 0 : rng() % (text.size() + 1);
            switch (rng() % 3) {
                case 0:
                    text.insert(at, kPieces[rng() % std::size(kPieces)]);
                    break;
                case 1:
                    if (at < text.size()) {
                        text.erase(at, 1);
                    }
                    break;
                default:
                    if (at < text.size()) {
                        text.replace(at, 1, kPieces[rng() % std::size(kPieces)]);
                    }
            }
        }
        if (IsCanonicalJson(text)) {
            ++accepted;
            ASSERT_EQ(Reserialized(text), text);
        }
        for (auto expect :
             {JsonWriter::Expect::kAny, JsonWriter::Expect::kObject, JsonWriter::Expect::kArray}) {
            ASSERT_EQ(Written([&](JsonWriter& w) { w.StoredText(text, expect, "FB"); }),
                      ThroughDom(text, expect, "FB"))
                << text;
        }
    }
    EXPECT_GT(accepted, 5000);  // the edits leave many texts canonical: both sides are tested
}

TEST(JsonWriter, StoredTextIsWhatTheDomPathWrites) {
    for (const char* text :
         {"", "  ", "{}", "[]", "null", "\"s\"", "7", R"({"a": 1.50})", R"([{"b":2,"b":3}])",
          "not json", R"({"x":"\u00e9\/"})", "[1e400]", "\"\xff\"", R"({"a":[1,2,{"c":-0}]})"}) {
        for (auto expect :
             {JsonWriter::Expect::kAny, JsonWriter::Expect::kObject, JsonWriter::Expect::kArray}) {
            EXPECT_EQ(Written([&](JsonWriter& w) { w.StoredText(text, expect, "{}"); }),
                      ThroughDom(text, expect, "{}"))
                << text;
        }
    }
}

}  // namespace
}  // namespace wharf::domain
