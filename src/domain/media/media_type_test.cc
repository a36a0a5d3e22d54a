#include "domain/media/media_type.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wharf::domain {
namespace {

std::vector<uint8_t> Bytes(std::string_view s) {
    return {s.begin(), s.end()};
}

// An ISO BMFF file: size, "ftyp", the brand.
std::vector<uint8_t> Ftyp(std::string_view brand) {
    return Bytes(std::string("\0\0\0\x18", 4) + "ftyp" + std::string(brand) + "\0\0\0\0isom");
}

std::vector<uint8_t> OggOpus() {
    // "OggS", 22 header bytes, one segment (byte 26) of 0x13 bytes, then the Opus header.
    std::string page = "OggS" + std::string(22, '\0') + std::string("\x01\x13", 2);
    return Bytes(page + "OpusHead\x01\x01");
}

std::vector<uint8_t> Webp(bool animated) {
    std::string s = std::string("RIFF", 4) + std::string("\x10\0\0\0", 4) + "WEBP" + "VP8X" +
                    std::string("\x0a\0\0\0", 4) + std::string(1, animated ? '\x02' : '\0') +
                    std::string(9, '\0');
    return Bytes(s);
}

const std::vector<uint8_t> kJpeg = Bytes("\xFF\xD8\xFF\xE0\0\x10JFIF");
const std::vector<uint8_t> kPng = Bytes(std::string("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR", 16));
const std::vector<uint8_t> kPdf = Bytes("%PDF-1.7\n");
const std::vector<uint8_t> kText = Bytes("Hello,\tworld\r\nsecond line \xC3\xA9\n");

TEST(MediaType, Categories) {
    EXPECT_EQ(CategoryOfMimeType("image/jpeg"), MediaCategory::kImage);
    EXPECT_EQ(CategoryOfMimeType("Image/PNG"), MediaCategory::kImage);
    EXPECT_EQ(CategoryOfMimeType("audio/ogg; codecs=opus"), MediaCategory::kAudio);
    EXPECT_EQ(CategoryOfMimeType("image/webp"), MediaCategory::kSticker);
    EXPECT_EQ(CategoryOfMimeType("video/3gpp"), MediaCategory::kVideo);
    EXPECT_EQ(CategoryOfMimeType("application/vnd.ms-powerpoint"), MediaCategory::kDocument);
    EXPECT_EQ(
        CategoryOfMimeType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        MediaCategory::kDocument);
    for (const char* no : {"image/gif", "video/quicktime", "application/zip", "audio/wav", ""}) {
        EXPECT_EQ(CategoryOfMimeType(no), std::nullopt) << no;
    }
    EXPECT_EQ(NormalizeMimeType("  Audio/OGG ; codecs=opus"), "audio/ogg");
    EXPECT_STREQ(ToString(MediaCategory::kSticker), "sticker");
}

TEST(MediaType, Limits) {
    EXPECT_EQ(MaxMediaBytes(MediaCategory::kAudio), 16u * 1024 * 1024);
    EXPECT_EQ(MaxMediaBytes(MediaCategory::kVideo), 16u * 1024 * 1024);
    EXPECT_EQ(MaxMediaBytes(MediaCategory::kDocument), 100u * 1024 * 1024);
    EXPECT_EQ(MaxMediaBytes(MediaCategory::kImage), 5u * 1024 * 1024);
    EXPECT_EQ(MaxMediaBytes(MediaCategory::kSticker), 100u * 1024);
    EXPECT_EQ(MaxMediaBytes(MediaCategory::kSticker, true), 500u * 1024);
}

TEST(MediaType, Sniffing) {
    EXPECT_EQ(SniffMimeType(kJpeg), "image/jpeg");
    EXPECT_EQ(SniffMimeType(kPng), "image/png");
    EXPECT_EQ(SniffMimeType(Webp(false)), "image/webp");
    EXPECT_EQ(SniffMimeType(Ftyp("isom")), "video/mp4");
    EXPECT_EQ(SniffMimeType(Ftyp("mp42")), "video/mp4");
    EXPECT_EQ(SniffMimeType(Ftyp("3gp4")), "video/3gpp");
    EXPECT_EQ(SniffMimeType(Ftyp("3g2a")), "video/3gpp");
    EXPECT_EQ(SniffMimeType(Ftyp("M4A ")), "audio/mp4");
    EXPECT_EQ(SniffMimeType(OggOpus()), "audio/ogg");
    EXPECT_EQ(SniffMimeType(Bytes("ID3\x04\0")), "audio/mpeg");
    EXPECT_EQ(SniffMimeType(Bytes("\xFF\xFB\x90\x64")), "audio/mpeg");  // MPEG-1 layer III
    EXPECT_EQ(SniffMimeType(Bytes("\xFF\xF1\x50\x80")), "audio/aac");   // ADTS
    EXPECT_EQ(SniffMimeType(Bytes("#!AMR\n")), "audio/amr");
    EXPECT_EQ(SniffMimeType(Bytes("#!AMR-WB\n")), "audio/amr");
    EXPECT_EQ(SniffMimeType(kPdf), "application/pdf");
    EXPECT_EQ(SniffMimeType(Bytes("PK\x03\x04....[Content_Types].xml....word/document.xml")),
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    EXPECT_EQ(SniffMimeType(Bytes("PK\x03\x04....xl/workbook.xml")),
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(SniffMimeType(Bytes("PK\x03\x04....ppt/presentation.xml")),
              "application/vnd.openxmlformats-officedocument.presentationml.presentation");
    EXPECT_EQ(SniffMimeType(Bytes("PK\x03\x04....photo.jpg")), "application/zip");
    EXPECT_EQ(SniffMimeType(Bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")),
              "application/x-ole-storage");
    EXPECT_EQ(SniffMimeType(kText), "text/plain");
    EXPECT_EQ(SniffMimeType(Bytes("\xEF\xBB\xBFwith BOM")), "text/plain");
    EXPECT_EQ(SniffMimeType(Bytes("cut \xC3")), "text/plain");  // a sequence cut by the head
    EXPECT_EQ(SniffMimeType(Bytes(std::string("bin\0ary", 7))), std::nullopt);
    EXPECT_EQ(SniffMimeType(Bytes("bad \xC3\x28 utf8")), std::nullopt);
    EXPECT_EQ(SniffMimeType(Bytes("GIF89a")), "text/plain");  // GIF is text to us, and refused
    EXPECT_EQ(SniffMimeType(Bytes("")), std::nullopt);
}

TEST(MediaType, OpusAndAnimation) {
    EXPECT_TRUE(IsOggOpus(OggOpus()));
    EXPECT_FALSE(IsOggOpus(Bytes(std::string("OggS", 4) + std::string(24, '\0') + "\x01vorbis")));
    EXPECT_FALSE(IsAnimatedWebp(Webp(false)));
    EXPECT_TRUE(IsAnimatedWebp(Webp(true)));
    EXPECT_FALSE(IsAnimatedWebp(kPng));
}

// The category of an accepted upload, nullopt when refused.
std::optional<MediaCategory> Checked(std::string_view mime, const std::vector<uint8_t>& head,
                                     uint64_t size) {
    Result<MediaCategory> r = CheckMediaUpload(mime, head, size);
    return r ? std::optional<MediaCategory>(*r) : std::nullopt;
}

void ExpectUploadError(const Result<MediaCategory>& r, int code, const std::string& field) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    ASSERT_TRUE(r.error().graph);
    EXPECT_EQ(r.error().graph->code, code) << r.error().graph->details;
    EXPECT_EQ(r.error().field, field);
}

TEST(MediaType, AcceptsMatchingUploads) {
    EXPECT_EQ(Checked("image/jpeg", kJpeg, 1000), MediaCategory::kImage);
    EXPECT_EQ(Checked("image/png", kPng, 5 * 1024 * 1024), MediaCategory::kImage);
    EXPECT_EQ(Checked("application/pdf", kPdf, 100u * 1024 * 1024), MediaCategory::kDocument);
    EXPECT_EQ(Checked("text/plain", kText, 40), MediaCategory::kDocument);
    EXPECT_EQ(Checked("audio/ogg; codecs=opus", OggOpus(), 10), MediaCategory::kAudio);
    EXPECT_EQ(Checked("audio/mpeg", Bytes("ID3\x04"), 10), MediaCategory::kAudio);
    EXPECT_EQ(Checked("audio/aac", Bytes("\xFF\xF1\x50\x80"), 10), MediaCategory::kAudio);
    EXPECT_EQ(Checked("audio/amr", Bytes("#!AMR\n"), 10), MediaCategory::kAudio);
    EXPECT_EQ(Checked("audio/mp4", Ftyp("M4A "), 10), MediaCategory::kAudio);
    EXPECT_EQ(Checked("video/mp4", Ftyp("isom"), 16 * 1024 * 1024), MediaCategory::kVideo);
    // The MP4 family is one container.
    EXPECT_EQ(Checked("video/3gpp", Ftyp("isom"), 10), MediaCategory::kVideo);
    EXPECT_EQ(Checked("audio/mp4", Ftyp("mp42"), 10), MediaCategory::kAudio);
    EXPECT_EQ(Checked("image/webp", Webp(false), 100 * 1024), MediaCategory::kSticker);
    EXPECT_EQ(Checked("image/webp", Webp(true), 500 * 1024), MediaCategory::kSticker);
    EXPECT_TRUE(
        CheckMediaUpload("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         Bytes("PK\x03\x04 word/document.xml"), 10));
    EXPECT_TRUE(CheckMediaUpload(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Bytes("PK\x03\x04 [Content_Types].xml"), 10));  // a ZIP that does not say which
    EXPECT_TRUE(
        CheckMediaUpload("application/msword", Bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), 10));
    EXPECT_TRUE(CheckMediaUpload("application/vnd.ms-excel",
                                 Bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), 10));
}

TEST(MediaType, RefusesUnsupportedTypes) {
    ExpectUploadError(CheckMediaUpload("image/gif", Bytes("GIF89a"), 10), 100, "type");
    ExpectUploadError(CheckMediaUpload("", kJpeg, 10), 100, "type");
    Result<MediaCategory> r = CheckMediaUpload("video/quicktime", Ftyp("qt  "), 10);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().graph->details.find("image/jpeg"), std::string::npos);
}

TEST(MediaType, RefusesMismatchedContent) {
    ExpectUploadError(CheckMediaUpload("image/png", kJpeg, 10), 131053, "file");
    ExpectUploadError(CheckMediaUpload("image/jpeg", kPdf, 10), 131053, "file");
    ExpectUploadError(CheckMediaUpload("text/plain", kPdf, 10), 131053, "file");
    ExpectUploadError(CheckMediaUpload("application/pdf", kText, 10), 131053, "file");
    ExpectUploadError(CheckMediaUpload("video/mp4", OggOpus(), 10), 131053, "file");
    ExpectUploadError(CheckMediaUpload("audio/mpeg", Bytes("\xFF\xF1\x50\x80"), 10), 131053,
                      "file");
    ExpectUploadError(
        CheckMediaUpload("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         Bytes("PK\x03\x04 xl/workbook.xml"), 10),
        131053, "file");
    ExpectUploadError(CheckMediaUpload("application/msword", Bytes("PK\x03\x04 word/"), 10), 131053,
                      "file");
    ExpectUploadError(CheckMediaUpload("image/jpeg", Bytes(std::string("\0\0\0", 3)), 10), 131053,
                      "file");
}

TEST(MediaType, RefusesEmptyOrNonOpusOrOversized) {
    ExpectUploadError(CheckMediaUpload("image/jpeg", kJpeg, 0), 131053, "file");
    ExpectUploadError(CheckMediaUpload("image/jpeg", Bytes(""), 10), 131053, "file");
    ExpectUploadError(
        CheckMediaUpload("audio/ogg",
                         Bytes(std::string("OggS", 4) + std::string(24, '\0') + "vorbis"), 10),
        131053, "file");
    ExpectUploadError(CheckMediaUpload("image/jpeg", kJpeg, 5 * 1024 * 1024 + 1), 131053, "file");
    ExpectUploadError(CheckMediaUpload("video/mp4", Ftyp("isom"), 16 * 1024 * 1024 + 1), 131053,
                      "file");
    ExpectUploadError(CheckMediaUpload("audio/amr", Bytes("#!AMR\n"), 16 * 1024 * 1024 + 1), 131053,
                      "file");
    ExpectUploadError(CheckMediaUpload("application/pdf", kPdf, 100u * 1024 * 1024 + 1), 131053,
                      "file");
    ExpectUploadError(CheckMediaUpload("image/webp", Webp(false), 100 * 1024 + 1), 131053, "file");
    ExpectUploadError(CheckMediaUpload("image/webp", Webp(true), 500 * 1024 + 1), 131053, "file");
}

}  // namespace
}  // namespace wharf::domain
