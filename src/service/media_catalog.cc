#include "service/media_catalog.h"

#include "domain/message/media_references.h"
#include "domain/message/message_field_reader.h"

namespace wharf::service {

namespace bj = boost::json;

Result<void> CheckMediaReferences(MediaCatalog& media, const ProjectId& project,
                                  const PhoneNumberId& number, const domain::OutboundMessage& m) {
    for (const auto& ref : domain::MediaReferencesOf(m)) {
        auto found = media.FindForNumber(project, number, MediaId(ref.id));
        if (!found) {
            if (found.error().code == ErrorCode::kNotFound) {
                return Fail(domain::InvalidValueError(
                    ref.path,
                    "is not the id of media uploaded to this phone number (or it "
                    "expired)"));
            }
            return Fail(found.error());
        }
    }
    return {};
}

Result<void> AttachInboundMedia(MediaCatalog& media, const ProjectId& project,
                                const PhoneNumberId& number, const std::string& type,
                                bj::object& message) {
    auto parsed = domain::ParseMessageType(type);
    if (!parsed || !domain::IsMediaType(*parsed)) {
        return {};
    }
    bj::value* obj = message.if_contains(type);
    if (obj == nullptr || !obj->is_object()) {
        return {};  // the caller reports the missing object
    }
    bj::object& o = obj->get_object();
    if (o.contains("link")) {
        return Fail(Error::InvalidArgument("a simulated user's " + type +
                                           " takes the id of media uploaded to this number, or "
                                           "no id for a stand-in file; not a link")
                        .WithField(type + ".link"));
    }
    std::optional<MediaId> source;
    if (const bj::value* id = o.if_contains("id")) {
        if (!id->is_string() || id->get_string().empty()) {
            return Fail(
                Error::InvalidArgument(type + ".id must be a media id").WithField(type + ".id"));
        }
        source = MediaId(std::string(id->get_string()));
    }
    using C = domain::MediaCategory;
    C c = type == "image"     ? C::kImage
          : type == "video"   ? C::kVideo
          : type == "audio"   ? C::kAudio
          : type == "sticker" ? C::kSticker
                              : C::kDocument;
    auto minted = media.MintInbound(project, number, c, source);
    if (!minted) {
        if (minted.error().code == ErrorCode::kNotFound && source) {
            return Fail(Error::InvalidArgument(type + ".id is not media uploaded to this number")
                            .WithField(type + ".id"));
        }
        return Fail(minted.error());
    }
    o["id"] = minted->id.value();
    o["mime_type"] = minted->mime_type;
    o["sha256"] = minted->sha256;
    if (type == "document" && !o.contains("filename") && minted->filename) {
        o["filename"] = *minted->filename;
    }
    return {};
}

}  // namespace wharf::service
