#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/ids.h"

namespace wharf::domain {

// Where a media object came from.
enum class MediaOrigin {
    kUpload,   // POST /{phone_number_id}/media
    kInbound,  // a simulated user's media message (sandbox), or Meta's inbound media
    kIngest,   // POST /platform/v1/whatsapp/media (fetched from a URL)
};
const char* ToString(MediaOrigin origin);  // "upload", "inbound", "ingest"
std::optional<MediaOrigin> ParseMediaOrigin(std::string_view s);

// How long Meta keeps media: uploads 30 days, inbound media 7 days (meta-facts §3.5).
inline constexpr std::chrono::hours kUploadRetention{24 * 30};
inline constexpr std::chrono::hours kInboundRetention{24 * 7};

// One media object of a phone number. The bytes are a content-addressed blob keyed by `sha256`
// (several media may share one blob); the row is what makes them reachable.
struct Media {
    MediaId id;
    PhoneNumberId phone_number_id;
    std::string mime_type;  // normalized ("image/jpeg")
    std::string sha256;     // lower-case hex of the bytes
    uint64_t file_size = 0;
    std::optional<std::string> filename;
    MediaOrigin origin = MediaOrigin::kUpload;
    Timestamp created_at;
    Timestamp expires_at;
};

// A resumable upload (Graph's POST /{app_id}/uploads, then POST /upload:{id} with the bytes from
// `file_offset`). Complete once `offset == file_length`; the handle is then the template
// header_handle that stands for the file.
struct UploadSession {
    std::string id;  // the part after "upload:"
    std::string file_name;
    uint64_t file_length = 0;
    std::string file_type;  // MIME type as declared
    uint64_t offset = 0;    // bytes received so far
    std::optional<std::string> handle;
    std::optional<std::string> sha256;  // set when complete
    Timestamp created_at;
    Timestamp expires_at;
};

}  // namespace wharf::domain
