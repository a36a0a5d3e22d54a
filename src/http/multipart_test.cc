#include "http/multipart.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace wharf::http {
namespace {

constexpr std::string_view kBoundary = "----wharfBoundary7MA4YWxkTrZu0gW";

// What a parse produced: each part's headers and bytes, and how the visitor was called.
struct Part {
    MultipartPartHeaders headers;
    std::string data;
    bool ended = false;
};

// Records every call; optionally refuses a part (abort tests). Checks the call order itself.
class Recorder : public MultipartVisitor {
public:
    Result<void> OnPartBegin(const MultipartPartHeaders& headers) override {
        EXPECT_TRUE(parts.empty() || parts.back().ended) << "OnPartBegin inside a part";
        if (refuse_type && headers.content_type == refuse_type) {
            return Fail(Error::InvalidArgument("type not allowed"));
        }
        parts.push_back({headers, "", false});
        return {};
    }
    Result<void> OnPartData(std::string_view data) override {
        EXPECT_FALSE(parts.empty() || parts.back().ended) << "OnPartData outside a part";
        EXPECT_FALSE(data.empty()) << "empty OnPartData";
        largest_piece = std::max(largest_piece, data.size());
        parts.back().data.append(data);
        if (max_part_bytes && parts.back().data.size() > max_part_bytes) {
            return Fail(Error::PayloadTooLarge("part too large"));
        }
        return {};
    }
    Result<void> OnPartEnd() override {
        EXPECT_FALSE(parts.empty() || parts.back().ended) << "OnPartEnd outside a part";
        parts.back().ended = true;
        return {};
    }

    std::vector<Part> parts;
    size_t largest_piece = 0;
    size_t max_part_bytes = 0;               // 0: no limit
    std::optional<std::string> refuse_type;  // refuse parts of this content type
};

// Deterministic bytes of every value, CR, LF and '-' included.
std::string Binary(size_t n, uint32_t seed = 1) {
    std::string out(n, '\0');
    for (size_t i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        out[i] = static_cast<char>(seed >> 24);
    }
    return out;
}

// One encoded part: "--boundary CRLF headers CRLF CRLF data CRLF".
std::string PartText(std::string_view headers, std::string_view data,
                     std::string_view boundary = kBoundary) {
    return "--" + std::string(boundary) + "\r\n" + std::string(headers) + "\r\n\r\n" +
           std::string(data) + "\r\n";
}

std::string Closing(std::string_view boundary = kBoundary) {
    return "--" + std::string(boundary) + "--\r\n";
}

std::string Field(std::string_view name, std::string_view value) {
    return PartText("Content-Disposition: form-data; name=\"" + std::string(name) + "\"", value);
}

// A body of a text field, a binary file and an empty file.
std::string SampleBody(const std::string& file_bytes) {
    return Field("messaging_product", "whatsapp") +
           PartText(
               "Content-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\n"
               "Content-Type: image/jpeg",
               file_bytes) +
           PartText(
               "Content-Disposition: form-data; name=\"empty\"; filename=\"e.txt\"\r\n"
               "Content-Type: text/plain",
               "") +
           Closing();
}

Result<void> ParseAll(std::string_view body, Recorder& rec, MultipartLimits limits = {},
                      std::string_view boundary = kBoundary) {
    MultipartParser parser(boundary, rec, limits);
    WHARF_TRY(parser.Feed(body));
    return parser.Finish();
}

void ExpectSample(const Recorder& rec, const std::string& file_bytes) {
    ASSERT_EQ(rec.parts.size(), 3u);
    EXPECT_EQ(rec.parts[0].headers.name, "messaging_product");
    EXPECT_FALSE(rec.parts[0].headers.filename);
    EXPECT_FALSE(rec.parts[0].headers.content_type);
    EXPECT_EQ(rec.parts[0].data, "whatsapp");
    EXPECT_EQ(rec.parts[1].headers.name, "file");
    EXPECT_EQ(rec.parts[1].headers.filename, "photo.jpg");
    EXPECT_EQ(rec.parts[1].headers.content_type, "image/jpeg");
    EXPECT_TRUE(rec.parts[1].data == file_bytes) << "file bytes differ";
    EXPECT_EQ(rec.parts[2].headers.name, "empty");
    EXPECT_EQ(rec.parts[2].data, "");
    for (const Part& p : rec.parts) {
        EXPECT_TRUE(p.ended);
    }
}

TEST(MultipartBoundary, ReadsTheBoundaryParameter) {
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
    EXPECT_EQ(MultipartBoundary("Multipart/Form-Data;boundary=abc"), "abc");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b:c\""), "a b:c");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"x\"; charset=utf-8"), "x");
    EXPECT_EQ(MultipartBoundary("  multipart/form-data ;  boundary = ----WebKitFormBoundaryX  "),
              "----WebKitFormBoundaryX");
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(70, 'b')),
              std::string(70, 'b'));
}

TEST(MultipartBoundary, NulloptWhenNotMultipartOrNoUsableBoundary) {
    EXPECT_EQ(MultipartBoundary("application/json"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/mixed; boundary=abc"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; charset=utf-8"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary="), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"\""), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=\"abc"), std::nullopt);
    EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'b')),
              std::nullopt);
    EXPECT_EQ(MultipartBoundary(""), std::nullopt);
}

TEST(MultipartParser, OnePart) {
    Recorder rec;
    auto r = ParseAll(Field("name", "value") + Closing(), rec);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(rec.parts.size(), 1u);
    EXPECT_EQ(rec.parts[0].headers.name, "name");
    EXPECT_EQ(rec.parts[0].data, "value");
    EXPECT_TRUE(rec.parts[0].ended);
    ASSERT_EQ(rec.parts[0].headers.headers.size(), 1u);
    EXPECT_EQ(rec.parts[0].headers.headers[0].first, "content-disposition");
    EXPECT_EQ(rec.parts[0].headers.headers[0].second, "form-data; name=\"name\"");
}

TEST(MultipartParser, SeveralPartsWithAFileAndAnEmptyFile) {
    std::string file = Binary(100'000);
    Recorder rec;
    auto r = ParseAll(SampleBody(file), rec);
    ASSERT_TRUE(r) << r.error().message;
    ExpectSample(rec, file);
}

TEST(MultipartParser, EmptyFieldValue) {
    Recorder rec;
    ASSERT_TRUE(ParseAll(Field("a", "") + Field("b", "x") + Closing(), rec));
    ASSERT_EQ(rec.parts.size(), 2u);
    EXPECT_EQ(rec.parts[0].data, "");
    EXPECT_EQ(rec.parts[1].data, "x");
}

TEST(MultipartParser, EveryTwoWaySplitGivesTheSameResult) {
    // Data full of CR, LF and dashes, so that boundary prefixes occur near every split.
    std::string file = Binary(300) + "\r\n--" + std::string(kBoundary.substr(0, 10)) + "\r\n-";
    std::string body = "preamble\r\n" + SampleBody(file) + "epilogue";
    for (size_t split = 0; split <= body.size(); ++split) {
        Recorder rec;
        MultipartParser parser(kBoundary, rec);
        auto r = parser.Feed(std::string_view(body).substr(0, split));
        ASSERT_TRUE(r) << "split " << split << ": " << r.error().message;
        r = parser.Feed(std::string_view(body).substr(split));
        ASSERT_TRUE(r) << "split " << split << ": " << r.error().message;
        r = parser.Finish();
        ASSERT_TRUE(r) << "split " << split << ": " << r.error().message;
        ExpectSample(rec, file);
        if (::testing::Test::HasFailure()) {
            FAIL() << "at split " << split;
        }
    }
}

TEST(MultipartParser, ByteByByte) {
    std::string file = Binary(2000, 7);
    std::string body = SampleBody(file);
    Recorder rec;
    MultipartParser parser(kBoundary, rec);
    for (char c : body) {
        ASSERT_TRUE(parser.Feed(std::string_view(&c, 1)));
    }
    ASSERT_TRUE(parser.Finish());
    ExpectSample(rec, file);
}

TEST(MultipartParser, TextThatAlmostLooksLikeTheBoundaryIsData) {
    const std::string b(kBoundary);
    // Every proper prefix of the delimiter, the boundary without its CRLF, a delimiter prefix
    // at the very end of the part.
    std::string data = "a\r\n--" + b.substr(0, 5) + "x, then --" + b + " not after a CRLF" +
                       "\r\n-\r\n--\r\n--" + b.substr(0, b.size() - 1) + "Z\r\n--" +
                       b.substr(0, b.size() - 1);
    Recorder rec;
    auto r = ParseAll(Field("f", data) + Closing(), rec);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(rec.parts.size(), 1u);
    EXPECT_EQ(rec.parts[0].data, data);
}

TEST(MultipartParser, PreambleEpilogueAndPaddingAreIgnored) {
    std::string body = "This is the preamble.\r\nIt is ignored.\r\n--" + std::string(kBoundary) +
                       " \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" +
                       Closing() + "epilogue --" + std::string(kBoundary) + "\r\ngarbage";
    Recorder rec;
    auto r = ParseAll(body, rec);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(rec.parts.size(), 1u);
    EXPECT_EQ(rec.parts[0].data, "1");
}

TEST(MultipartParser, ClosingBoundaryWithoutTrailingCrlf) {
    Recorder rec;
    ASSERT_TRUE(ParseAll(Field("a", "1") + "--" + std::string(kBoundary) + "--", rec));
    ASSERT_EQ(rec.parts.size(), 1u);
}

TEST(MultipartParser, HeaderDetails) {
    std::string body =
        PartText(
            "content-type:  application/pdf \r\n"
            "CONTENT-DISPOSITION: Form-Data; filename=\"my \\\"big\\\" doc.pdf\"; "
            "filename*=UTF-8''ignored.pdf; name=file\r\n"
            "X-Extra: folded\r\n  continued",
            "%PDF") +
        PartText("Content-Disposition: form-data; name=\"path\"; filename=\"C:\\dir\\a;b.txt\"",
                 "x") +
        Closing();
    Recorder rec;
    auto r = ParseAll(body, rec);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(rec.parts.size(), 2u);
    const MultipartPartHeaders& h = rec.parts[0].headers;
    EXPECT_EQ(h.name, "file");
    EXPECT_EQ(h.filename, "my \"big\" doc.pdf");
    EXPECT_EQ(h.content_type, "application/pdf");
    ASSERT_EQ(h.headers.size(), 3u);
    EXPECT_EQ(h.headers[0],
              (std::pair<std::string, std::string>{"content-type", "application/pdf"}));
    EXPECT_EQ(h.headers[2], (std::pair<std::string, std::string>{"x-extra", "folded continued"}));
    // Backslashes before other characters are kept: browsers do not escape them.
    EXPECT_EQ(rec.parts[1].headers.filename, "C:\\dir\\a;b.txt");
}

TEST(MultipartParser, BareLfEndsHeaderLines) {
    std::string body =
        "--" + std::string(kBoundary) +
        "\r\nContent-Disposition: form-data; name=\"a\"\nContent-Type: text/csv\n\n" + "1,2\r\n" +
        Closing();
    Recorder rec;
    auto r = ParseAll(body, rec);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(rec.parts.size(), 1u);
    EXPECT_EQ(rec.parts[0].headers.content_type, "text/csv");
    EXPECT_EQ(rec.parts[0].data, "1,2");
}

TEST(MultipartParser, MissingClosingBoundary) {
    Recorder rec;
    MultipartParser parser(kBoundary, rec);
    ASSERT_TRUE(parser.Feed(Field("a", "1") + Field("b", "partial")));
    auto r = parser.Finish();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_NE(r.error().message.find("closing boundary"), std::string::npos) << r.error().message;
    // The complete part was reported; the cut one was never ended.
    ASSERT_EQ(rec.parts.size(), 2u);
    EXPECT_TRUE(rec.parts[0].ended);
    EXPECT_FALSE(rec.parts[1].ended);
}

TEST(MultipartParser, BodyCutInsideTheHeaders) {
    Recorder rec;
    auto r = ParseAll("--" + std::string(kBoundary) + "\r\nContent-Disposition: form-da", rec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
}

TEST(MultipartParser, GarbageHasNoInitialBoundary) {
    for (std::string body : {std::string("{\"json\":true}"), std::string(), Binary(100'000, 3),
                             std::string("--otherboundary\r\n\r\n--otherboundary--")}) {
        Recorder rec;
        auto r = ParseAll(body, rec);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
        EXPECT_NE(r.error().message.find("no initial boundary"), std::string::npos);
        EXPECT_TRUE(rec.parts.empty());
    }
}

TEST(MultipartParser, GarbageAfterABoundary) {
    Recorder rec;
    MultipartParser parser(kBoundary, rec);
    auto r = parser.Feed("--" + std::string(kBoundary) + "garbage\r\n");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    // Every later call gives the same error.
    r = parser.Feed(Field("a", "1"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_FALSE(parser.Finish());
}

TEST(MultipartParser, HeaderSectionOverTheLimit) {
    MultipartLimits limits;
    limits.max_header_bytes = 200;
    std::string long_header =
        "Content-Disposition: form-data; name=\"" + std::string(300, 'n') + "\"";
    // Whole, and fed one byte at a time: the limit holds without a line end in sight.
    {
        Recorder rec;
        auto r = ParseAll(PartText(long_header, "x") + Closing(), rec, limits);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
        EXPECT_NE(r.error().message.find("longer than 200"), std::string::npos);
    }
    {
        Recorder rec;
        MultipartParser parser(kBoundary, rec, limits);
        std::string body = "--" + std::string(kBoundary) + "\r\n" + std::string(10'000, 'h');
        Result<void> r;
        size_t fed = 0;
        for (; fed < body.size() && r; ++fed) {
            r = parser.Feed(std::string_view(body).substr(fed, 1));
        }
        ASSERT_FALSE(r);
        EXPECT_LE(fed, kBoundary.size() + 4 + 201);
    }
    // Many short lines add up too.
    {
        std::string headers = "Content-Disposition: form-data; name=\"a\"";
        for (int i = 0; i < 20; ++i) {
            headers += "\r\nX-H: 1234567890";
        }
        Recorder rec;
        EXPECT_FALSE(ParseAll(PartText(headers, "x") + Closing(), rec, limits));
    }
    // Just under the limit is fine.
    {
        Recorder rec;
        auto r = ParseAll(
            PartText("Content-Disposition: form-data; name=\"" + std::string(150, 'n') + "\"",
                     "x") +
                Closing(),
            rec, limits);
        EXPECT_TRUE(r) << r.error().message;
    }
}

TEST(MultipartParser, PartsWithoutAName) {
    for (std::string headers :
         {std::string("Content-Type: text/plain"), std::string("Content-Disposition: form-data"),
          std::string("Content-Disposition: form-data; filename=\"a\""),
          std::string("Content-Disposition: form-data; name=\"\""),
          std::string("Content-Disposition: attachment; name=\"a\""),
          std::string("Content-Disposition: form-data; name=\"a"), std::string("no colon here"),
          std::string(" folded first")}) {
        Recorder rec;
        auto r = ParseAll(PartText(headers, "x") + Closing(), rec);
        ASSERT_FALSE(r) << headers;
        EXPECT_EQ(r.error().code, ErrorCode::kMalformed) << headers;
        EXPECT_TRUE(rec.parts.empty());
    }
    Recorder rec;
    auto r =
        ParseAll(PartText("Content-Disposition: form-data; filename=\"a\"", "x") + Closing(), rec);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("no name"), std::string::npos) << r.error().message;
}

TEST(MultipartParser, TooManyParts) {
    MultipartLimits limits;
    limits.max_parts = 3;
    std::string three = Field("a", "1") + Field("b", "2") + Field("c", "3");
    {
        Recorder rec;
        EXPECT_TRUE(ParseAll(three + Closing(), rec, limits));
        EXPECT_EQ(rec.parts.size(), 3u);
    }
    Recorder rec;
    MultipartParser parser(kBoundary, rec, limits);
    auto r = parser.Feed(three + Field("d", "4") + Closing());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
    EXPECT_NE(r.error().message.find("more than 3 parts"), std::string::npos);
    EXPECT_EQ(rec.parts.size(), 3u);
    EXPECT_EQ(parser.PartCount(), 3u);
}

TEST(MultipartParser, VisitorAbortsOnData) {
    Recorder rec;
    rec.max_part_bytes = 1000;
    MultipartParser parser(kBoundary, rec);
    std::string body = SampleBody(Binary(50'000));
    Result<void> r;
    size_t fed = 0;
    for (; fed < body.size() && r; fed += 512) {
        r = parser.Feed(std::string_view(body).substr(fed, 512));
    }
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
    // Refused as soon as the part went over, not at the end of the body.
    EXPECT_LT(fed, 3000u);
    r = parser.Feed("more");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
    r = parser.Finish();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
}

TEST(MultipartParser, VisitorAbortsOnBegin) {
    Recorder rec;
    rec.refuse_type = "image/jpeg";
    auto r = ParseAll(SampleBody("jpeg bytes"), rec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(rec.parts.size(), 1u);  // the field before the refused file
}

TEST(MultipartParser, PartDataStreamsInBoundedPieces) {
    // A 4 MB part fed in 8 KiB chunks: it arrives while it is being fed, never in one piece.
    const std::string file = Binary(4 << 20, 11);
    const std::string body = SampleBody(file);
    Recorder rec;
    MultipartParser parser(kBoundary, rec);
    constexpr size_t kChunk = 8192;
    bool streamed = false;
    for (size_t at = 0; at < body.size(); at += kChunk) {
        ASSERT_TRUE(parser.Feed(std::string_view(body).substr(at, kChunk)));
        if (at > body.size() / 2 && rec.parts.size() == 2 && rec.parts[1].data.size() > 1 << 20) {
            streamed = true;
        }
    }
    ASSERT_TRUE(parser.Finish());
    ExpectSample(rec, file);
    EXPECT_TRUE(streamed);
    EXPECT_LE(rec.largest_piece, kChunk + 2 + 2 + kBoundary.size());
}

TEST(MultipartParser, EmptyBoundaryIsRefused) {
    Recorder rec;
    MultipartParser parser("", rec);
    EXPECT_FALSE(parser.Feed(Field("a", "1")));
    EXPECT_FALSE(parser.Finish());
}

class ParseMultipartFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = (std::filesystem::temp_directory_path() /
                 ("wharf-multipart-test-" + std::to_string(::getpid())))
                    .string();
    }
    void TearDown() override { std::filesystem::remove(path_); }

    std::string path_;
};

TEST_F(ParseMultipartFileTest, ReadsTheFileInChunks) {
    // Larger than several 64 KiB reads, with the boundaries landing anywhere in them.
    std::string file = Binary(300'001, 5);
    std::ofstream(path_, std::ios::binary) << SampleBody(file);
    Recorder rec;
    auto r = ParseMultipartFile(path_, kBoundary, rec);
    ASSERT_TRUE(r) << r.error().message;
    ExpectSample(rec, file);
}

TEST_F(ParseMultipartFileTest, ErrorsComeBack) {
    Recorder rec;
    auto r = ParseMultipartFile(path_, kBoundary, rec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);

    std::ofstream(path_, std::ios::binary) << Field("a", "1");  // no closing boundary
    r = ParseMultipartFile(path_, kBoundary, rec);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
}

}  // namespace
}  // namespace wharf::http
