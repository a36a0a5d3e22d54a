#include "domain/media/media.h"

namespace wharf::domain {

const char* ToString(MediaOrigin origin) {
    switch (origin) {
        case MediaOrigin::kUpload:
            return "upload";
        case MediaOrigin::kInbound:
            return "inbound";
        case MediaOrigin::kIngest:
            return "ingest";
    }
    return "upload";
}

std::optional<MediaOrigin> ParseMediaOrigin(std::string_view s) {
    if (s == "upload") {
        return MediaOrigin::kUpload;
    }
    if (s == "inbound") {
        return MediaOrigin::kInbound;
    }
    if (s == "ingest") {
        return MediaOrigin::kIngest;
    }
    return std::nullopt;
}

}  // namespace wharf::domain
