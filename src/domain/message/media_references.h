#pragma once

#include <string>
#include <vector>

#include "domain/message/outbound_message.h"

namespace wharf::domain {

// A media id a message refers to, and where (for the error that names it).
struct MediaReference {
    std::string path;  // "image.id", "interactive.header.video.id", "template.components[0]..."
    std::string id;
};

// Every uploaded-media id an outbound message uses: the media types' `id`, an interactive
// header's image/video/document `id`, a template's header parameters' `id`. Links are not
// references. Pure.
std::vector<MediaReference> MediaReferencesOf(const OutboundMessage& message);

}  // namespace wharf::domain
