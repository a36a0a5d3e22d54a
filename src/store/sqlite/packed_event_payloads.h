#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace wharf::store::sqlite {

// An outbox event's two payloads (the Kapso payload and the optional raw Meta body), packed into
// one LZ4-compressed BLOB for the `events.packed` column (migration 0010).
//
// Why: the payloads of a message event are about 2.2 KB of JSON together, a little over half a
// 4 KB page, so SQLite stored one event per page and wrote 4 KB to the WAL for each (and again
// when checkpointing): events were most of the bytes a send or an inbound message wrote. LZ4
// alone halves them (about 1.1 KB); against a dictionary of wharf's own payload shapes
// (EventPayloadDictionaryV2) they shrink to about 500 bytes, in about the same 3 µs.
//
// Format: byte 0 is the version; bytes 1-4 the payload's length and bytes 5-8 the Meta body's
// length (0xFFFFFFFF: none), both little-endian; then one LZ4 block holding the payload followed
// by the Meta body. Version 1: the block stands alone. Version 2 (what Pack writes): the block
// was compressed against EventPayloadDictionaryV2. Both are read.
struct EventPayloads {
    std::string payload;
    std::optional<std::string> meta_payload;

    bool operator==(const EventPayloads&) const = default;
};

std::string PackEventPayloads(std::string_view payload,
                              const std::optional<std::string>& meta_payload);

// kInternal when `packed` is not a well-formed version-1 or version-2 blob (a corrupt row is never
// read as an empty payload).
Result<EventPayloads> UnpackEventPayloads(std::string_view packed);

}  // namespace wharf::store::sqlite
