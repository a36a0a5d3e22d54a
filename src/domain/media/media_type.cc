#include "domain/media/media_type.h"

#include <algorithm>
#include <array>
#include <utility>

namespace wharf::domain {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;
constexpr uint64_t kKiB = 1024;

constexpr std::string_view kDocx =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr std::string_view kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

constexpr std::array<std::pair<std::string_view, MediaCategory>, 18> kAccepted{{
    {"audio/aac", MediaCategory::kAudio},
    {"audio/amr", MediaCategory::kAudio},
    {"audio/mpeg", MediaCategory::kAudio},
    {"audio/mp4", MediaCategory::kAudio},
    {"audio/ogg", MediaCategory::kAudio},
    {"text/plain", MediaCategory::kDocument},
    {"application/pdf", MediaCategory::kDocument},
    {"application/msword", MediaCategory::kDocument},
    {"application/vnd.ms-excel", MediaCategory::kDocument},
    {"application/vnd.ms-powerpoint", MediaCategory::kDocument},
    {kDocx, MediaCategory::kDocument},
    {kXlsx, MediaCategory::kDocument},
    {kPptx, MediaCategory::kDocument},
    {"image/jpeg", MediaCategory::kImage},
    {"image/png", MediaCategory::kImage},
    {"image/webp", MediaCategory::kSticker},
    {"video/3gpp", MediaCategory::kVideo},
    {"video/mp4", MediaCategory::kVideo},
}};

std::string_view AsText(std::span<const uint8_t> b) {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

bool StartsWith(std::span<const uint8_t> b, std::string_view prefix, size_t at = 0) {
    return b.size() >= at + prefix.size() && AsText(b).substr(at, prefix.size()) == prefix;
}

bool Contains(std::span<const uint8_t> b, std::string_view s) {
    return AsText(b).find(s) != std::string_view::npos;
}

bool IsMp4Family(std::string_view mime) {
    return mime == "video/mp4" || mime == "video/3gpp" || mime == "audio/mp4";
}

bool IsOoxml(std::string_view mime) {
    return mime == kDocx || mime == kXlsx || mime == kPptx;
}

bool IsLegacyOffice(std::string_view mime) {
    return mime == "application/msword" || mime == "application/vnd.ms-excel" ||
           mime == "application/vnd.ms-powerpoint";
}

// Valid UTF-8 with no control characters but tab, LF, FF and CR. A multi-byte sequence cut by the
// end of `head` is allowed.
bool IsPlainText(std::span<const uint8_t> b) {
    size_t i = 0;
    if (StartsWith(b, "\xEF\xBB\xBF")) {
        i = 3;
    }
    while (i < b.size()) {
        uint8_t c = b[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || c == 0x7F) {
                return false;
            }
            ++i;
            continue;
        }
        size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || c == 0xC0 || c == 0xC1 || c > 0xF4) {
            return false;
        }
        for (size_t k = 1; k < len; ++k) {
            if (i + k >= b.size()) {
                return true;
            }
            if ((b[i + k] & 0xC0) != 0x80) {
                return false;
            }
        }
        i += len;
    }
    return true;
}

Error UploadError(std::string details) {
    return Error::InvalidArgument("Media upload error")
        .WithField("file")
        .WithGraph(131053, std::move(details));
}

std::string AcceptedList() {
    std::string s;
    for (const auto& [mime, category] : kAccepted) {
        s += (s.empty() ? "" : ", ") + std::string(mime);
    }
    return s;
}

std::string Megabytes(uint64_t bytes) {
    return bytes >= kMiB ? std::to_string(bytes / kMiB) + " MB"
                         : std::to_string(bytes / kKiB) + " KB";
}

}  // namespace

const char* ToString(MediaCategory category) {
    switch (category) {
        case MediaCategory::kAudio:
            return "audio";
        case MediaCategory::kDocument:
            return "document";
        case MediaCategory::kImage:
            return "image";
        case MediaCategory::kSticker:
            return "sticker";
        case MediaCategory::kVideo:
            return "video";
    }
    return "unknown";
}

std::string NormalizeMimeType(std::string_view mime) {
    mime = mime.substr(0, mime.find(';'));
    while (!mime.empty() && (mime.front() == ' ' || mime.front() == '\t')) {
        mime.remove_prefix(1);
    }
    while (!mime.empty() && (mime.back() == ' ' || mime.back() == '\t')) {
        mime.remove_suffix(1);
    }
    std::string out(mime);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::optional<MediaCategory> CategoryOfMimeType(std::string_view mime) {
    std::string m = NormalizeMimeType(mime);
    for (const auto& [accepted, category] : kAccepted) {
        if (m == accepted) {
            return category;
        }
    }
    return std::nullopt;
}

uint64_t MaxMediaBytes(MediaCategory category, bool animated) {
    switch (category) {
        case MediaCategory::kAudio:
        case MediaCategory::kVideo:
            return 16 * kMiB;
        case MediaCategory::kDocument:
            return 100 * kMiB;
        case MediaCategory::kImage:
            return 5 * kMiB;
        case MediaCategory::kSticker:
            return animated ? 500 * kKiB : 100 * kKiB;
    }
    return 0;
}

bool IsOggOpus(std::span<const uint8_t> head) {
    // The first page's header is 27 bytes plus the segment table; OpusHead opens the packet.
    return StartsWith(head, "OggS") &&
           Contains(head.subspan(0, std::min<size_t>(head.size(), 128)), "OpusHead");
}

bool IsAnimatedWebp(std::span<const uint8_t> head) {
    if (!StartsWith(head, "RIFF") || !StartsWith(head, "WEBP", 8)) {
        return false;
    }
    if (StartsWith(head, "VP8X", 12) && head.size() > 20 && (head[20] & 0x02) != 0) {
        return true;
    }
    return Contains(head, "ANIM");
}

std::optional<std::string> SniffMimeType(std::span<const uint8_t> b) {
    if (b.empty()) {
        return std::nullopt;
    }
    if (StartsWith(b, "\xFF\xD8\xFF")) {
        return "image/jpeg";
    }
    if (StartsWith(b, "\x89PNG\r\n\x1A\n")) {
        return "image/png";
    }
    if (StartsWith(b, "RIFF") && StartsWith(b, "WEBP", 8)) {
        return "image/webp";
    }
    if (StartsWith(b, "ftyp", 4) && b.size() >= 12) {
        std::string_view brand = AsText(b).substr(8, 4);
        if (brand.starts_with("3gp") || brand.starts_with("3g2")) {
            return "video/3gpp";
        }
        if (brand == "M4A " || brand == "M4B ") {
            return "audio/mp4";
        }
        return "video/mp4";
    }
    if (StartsWith(b, "OggS")) {
        return "audio/ogg";
    }
    if (StartsWith(b, "#!AMR")) {
        return "audio/amr";
    }
    if (StartsWith(b, "ID3")) {
        return "audio/mpeg";
    }
    if (b.size() >= 2 && b[0] == 0xFF && (b[1] & 0xE0) == 0xE0) {
        // MPEG sync: layer bits 00 are ADTS (AAC), anything else an MPEG audio frame.
        if ((b[1] & 0x06) == 0) {
            return (b[1] & 0x10) != 0 ? std::optional<std::string>("audio/aac") : std::nullopt;
        }
        return "audio/mpeg";
    }
    if (StartsWith(b, "%PDF-")) {
        return "application/pdf";
    }
    if (StartsWith(b, "PK\x03\x04")) {
        if (Contains(b, "word/")) {
            return std::string(kDocx);
        }
        if (Contains(b, "xl/")) {
            return std::string(kXlsx);
        }
        if (Contains(b, "ppt/")) {
            return std::string(kPptx);
        }
        return "application/zip";
    }
    if (StartsWith(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        return "application/x-ole-storage";
    }
    if (IsPlainText(b)) {
        return "text/plain";
    }
    return std::nullopt;
}

Result<MediaCategory> CheckMediaUpload(std::string_view declared_mime,
                                       std::span<const uint8_t> head, uint64_t size) {
    std::string declared = NormalizeMimeType(declared_mime);
    std::optional<MediaCategory> category = CategoryOfMimeType(declared);
    if (!category) {
        return Fail(Error::InvalidArgument("Invalid parameter")
                        .WithField("type")
                        .WithGraph(100,
                                   "Param file must be a file with one of the following "
                                   "types: " +
                                       AcceptedList() + ". Received file of type '" + declared +
                                       "'."));
    }
    if (size == 0 || head.empty()) {
        return Fail(UploadError("the uploaded file is empty"));
    }
    std::optional<std::string> sniffed = SniffMimeType(head);
    std::string seen = sniffed.value_or("unrecognized content");
    bool matches =
        sniffed && (*sniffed == declared || (IsMp4Family(declared) && IsMp4Family(*sniffed)) ||
                    (IsOoxml(declared) && *sniffed == "application/zip") ||
                    (IsLegacyOffice(declared) && *sniffed == "application/x-ole-storage"));
    if (!matches) {
        return Fail(UploadError("the file's content (" + seen +
                                ") does not match its declared type " + declared));
    }
    if (declared == "audio/ogg" && !IsOggOpus(head)) {
        return Fail(UploadError("audio/ogg must be OPUS-encoded"));
    }
    bool animated = *category == MediaCategory::kSticker && IsAnimatedWebp(head);
    uint64_t limit = MaxMediaBytes(*category, animated);
    if (size > limit) {
        return Fail(UploadError(std::string(animated ? "animated " : "") + ToString(*category) +
                                " files are limited to " + Megabytes(limit) + "; this one is " +
                                std::to_string(size) + " bytes"));
    }
    return *category;
}

}  // namespace wharf::domain
