#pragma once

#include <string_view>

namespace wharf::store::sqlite {

// The dictionary of packed event payloads, format version 2 (packed_event_payloads.h): LZ4 finds
// the field names, the fixed values and the shapes of wharf's own event payloads in it, so that an
// event of about 2.2 KB of JSON packs into about 500 bytes instead of 1,100 without it.
//
// Its content is part of the stored format: every version-2 row was packed against exactly these
// bytes, and unpacking needs them. Never edit it; a better one is a new format version, beside this
// one. It holds one event of each common kind, as wharf rendered them (a text received with its
// Meta body, a text sent, a message read, a message failed with its Meta body, a conversation
// created), with ids, times and timestamps replaced by placeholders of the same shape.
std::string_view EventPayloadDictionaryV2();

}  // namespace wharf::store::sqlite
