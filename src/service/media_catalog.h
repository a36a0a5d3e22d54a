#pragma once

#include <optional>

#include "base/ids.h"
#include "base/result.h"
#include "domain/media/media.h"
#include "domain/media/media_type.h"

namespace wharf::service {

// What messaging needs from media, without depending on how media is stored: a sent message's
// media id must belong to the sending number; a simulated user's media message gets a media
// object of its own. Implemented by MediaService.
class MediaCatalog {
public:
    virtual ~MediaCatalog() = default;
    // The number's unexpired media with that id; kNotFound otherwise (another number's or
    // project's media included).
    virtual Result<domain::Media> FindForNumber(const ProjectId& project,
                                                const PhoneNumberId& number, const MediaId& id) = 0;
    // A new inbound media object (7 days) for a simulated user's message: a copy of `source`
    // (media of the same number), or, without one, a small stand-in file of the category.
    virtual Result<domain::Media> MintInbound(const ProjectId& project, const PhoneNumberId& number,
                                              domain::MediaCategory category,
                                              const std::optional<MediaId>& source) = 0;
};

}  // namespace wharf::service
