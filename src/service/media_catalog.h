#pragma once

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "base/ids.h"
#include "base/result.h"
#include "domain/media/media.h"
#include "domain/media/media_type.h"
#include "domain/message/outbound_message.h"

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

// A sandbox send's media ids must be the sending number's (uploaded there, unexpired): else Graph
// 131009 naming the parameter. (Production numbers in meta mode use Meta's media ids, which
// Meta checks.)
Result<void> CheckMediaReferences(MediaCatalog& media, const ProjectId& project,
                                  const PhoneNumberId& number, const domain::OutboundMessage& m);

// A simulated user's media message (`type` image, video, audio, document or sticker): its object
// may name an `id` of media uploaded to the number (the user "sends" that file) or nothing (a
// stand-in file of the type); either way it gets a new inbound media object, and the message
// object carries Meta's inbound fields: id, mime_type, sha256. A `link` is refused. Other types
// are left alone.
Result<void> AttachInboundMedia(MediaCatalog& media, const ProjectId& project,
                                const PhoneNumberId& number, const std::string& type,
                                boost::json::object& message);

}  // namespace wharf::service
