#include "domain/message/media_references.h"

namespace wharf::domain {

namespace bj = boost::json;

namespace {

// {"<kind>": {"id": "..."}} for kind in image/video/document/audio/sticker, under `parent`.
void AddMediaChild(const bj::object& parent, const std::string& path,
                   std::vector<MediaReference>& out) {
    for (const char* kind : {"image", "video", "document", "audio", "sticker"}) {
        const bj::value* media = parent.if_contains(kind);
        if (media == nullptr || !media->is_object()) {
            continue;
        }
        const bj::value* id = media->get_object().if_contains("id");
        if (id != nullptr && id->is_string() && !id->get_string().empty()) {
            out.push_back({path + kind + ".id", std::string(id->get_string())});
        }
    }
}

}  // namespace

std::vector<MediaReference> MediaReferencesOf(const OutboundMessage& message) {
    std::vector<MediaReference> out;
    const bj::object& p = message.payload;
    if (IsMediaType(message.type)) {
        const bj::value* id = p.if_contains("id");
        if (id != nullptr && id->is_string() && !id->get_string().empty()) {
            out.push_back({std::string(MessageTypeName(message.type)) + ".id",
                           std::string(id->get_string())});
        }
    } else if (message.type == MessageType::kInteractive) {
        const bj::value* header = p.if_contains("header");
        if (header != nullptr && header->is_object()) {
            AddMediaChild(header->get_object(), "interactive.header.", out);
        }
    } else if (message.type == MessageType::kTemplate) {
        const bj::value* components = p.if_contains("components");
        if (components != nullptr && components->is_array()) {
            const bj::array& cs = components->get_array();
            for (size_t i = 0; i < cs.size(); ++i) {
                if (!cs[i].is_object()) {
                    continue;
                }
                const bj::value* params = cs[i].get_object().if_contains("parameters");
                if (params == nullptr || !params->is_array()) {
                    continue;
                }
                const bj::array& ps = params->get_array();
                for (size_t j = 0; j < ps.size(); ++j) {
                    if (ps[j].is_object()) {
                        AddMediaChild(ps[j].get_object(),
                                      "template.components[" + std::to_string(i) + "].parameters[" +
                                          std::to_string(j) + "].",
                                      out);
                    }
                }
            }
        }
    }
    return out;
}

}  // namespace wharf::domain
