#include "store/sqlite/packed_event_payloads.h"

#include <cstdint>
#include <cstring>

#include <lz4.h>

#include "store/sqlite/event_payload_dictionary.h"

namespace wharf::store::sqlite {

namespace {

constexpr unsigned char kPlain = 1;           // an LZ4 block of its own
constexpr unsigned char kWithDictionary = 2;  // an LZ4 block against EventPayloadDictionaryV2
constexpr std::uint32_t kNoMeta = 0xFFFFFFFF;
constexpr size_t kHeader = 9;
// LZ4 blocks hold at most LZ4_MAX_INPUT_SIZE (about 2 GB); an event's payloads are far below
// this, and a header claiming more than it is corrupt rather than a reason to allocate.
constexpr std::uint64_t kMaxUnpacked = 256u << 20;

void PutU32(std::string& out, size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
    }
}

std::uint32_t GetU32(std::string_view in, size_t at) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    }
    return v;
}

Error Corrupt(std::string_view why) {
    return Error::Internal("corrupt packed event payload: " + std::string(why));
}

// The dictionary, loaded into LZ4's state once (hashing it costs more than packing an event):
// each compression starts from a copy of this state, which refers to the dictionary in place.
const LZ4_stream_t& DictionaryLoaded() {
    static const LZ4_stream_t* loaded = [] {
        auto* s = new LZ4_stream_t;  // for the process's life: used until its last event
        LZ4_initStream(s, sizeof(*s));
        const std::string_view dict = EventPayloadDictionaryV2();
        LZ4_loadDict(s, dict.data(), static_cast<int>(dict.size()));
        return s;
    }();
    return *loaded;
}

}  // namespace

std::string PackEventPayloads(std::string_view payload,
                              const std::optional<std::string>& meta_payload) {
    std::string raw;
    const size_t meta_size = meta_payload ? meta_payload->size() : 0;
    raw.reserve(payload.size() + meta_size);
    raw.append(payload);
    if (meta_payload) {
        raw.append(*meta_payload);
    }
    const int bound = LZ4_compressBound(static_cast<int>(raw.size()));
    std::string out(kHeader + static_cast<size_t>(bound), '\0');
    out[0] = static_cast<char>(kWithDictionary);
    PutU32(out, 1, static_cast<std::uint32_t>(payload.size()));
    PutU32(out, 5, meta_payload ? static_cast<std::uint32_t>(meta_size) : kNoMeta);
    thread_local LZ4_stream_t working;
    std::memcpy(&working, &DictionaryLoaded(), sizeof(working));
    const int n = LZ4_compress_fast_continue(&working, raw.data(), out.data() + kHeader,
                                             static_cast<int>(raw.size()), bound, 1);
    out.resize(kHeader + static_cast<size_t>(n));
    return out;
}

Result<EventPayloads> UnpackEventPayloads(std::string_view packed) {
    if (packed.size() < kHeader) {
        return Fail(Corrupt("shorter than its header"));
    }
    const auto version = static_cast<unsigned char>(packed[0]);
    if (version != kPlain && version != kWithDictionary) {
        return Fail(Corrupt("unknown format " + std::to_string(version)));
    }
    const std::uint32_t payload_size = GetU32(packed, 1);
    const std::uint32_t meta_field = GetU32(packed, 5);
    const bool has_meta = meta_field != kNoMeta;
    const std::uint64_t total =
        std::uint64_t{payload_size} + (has_meta ? std::uint64_t{meta_field} : 0);
    if (total > kMaxUnpacked) {
        return Fail(Corrupt("claims " + std::to_string(total) + " bytes"));
    }
    std::string raw(static_cast<size_t>(total), '\0');
    const char* block = packed.data() + kHeader;
    const int block_size = static_cast<int>(packed.size() - kHeader);
    const std::string_view dict =
        version == kPlain ? std::string_view() : EventPayloadDictionaryV2();
    const int n =
        LZ4_decompress_safe_usingDict(block, raw.data(), block_size, static_cast<int>(raw.size()),
                                      dict.data(), static_cast<int>(dict.size()));
    if (n < 0 || static_cast<std::uint64_t>(n) != total) {
        return Fail(Corrupt("the LZ4 block does not decode to its stated length"));
    }
    EventPayloads out;
    out.payload = raw.substr(0, payload_size);
    if (has_meta) {
        out.meta_payload = raw.substr(payload_size);
    }
    return out;
}

}  // namespace wharf::store::sqlite
