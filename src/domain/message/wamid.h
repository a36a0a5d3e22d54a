#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wharf::domain {

// WhatsApp message ids ("wamid.…").
//
// Meta's ids are "wamid." followed by standard base64 (with or without '=' padding) of an opaque
// binary record; clients must treat them as opaque strings, and so does wharf. MakeWamid mints
// ids of the same look for messages that wharf itself creates (sandbox sends, simulated inbound
// messages): the caller supplies the randomness, so the function is pure and deterministic.
//
// The encoding (wharf's own, not Meta's record layout; it only has to look alike and be
// injective): the bytes 0x1C 0x18, the length of the hex text as a base-128 varint (one byte
// for up to 63 input bytes), the input bytes as upper-case hex, and a trailing 0x00; then
// standard base64. For 16 random bytes that is 36 bytes, so 48 base64 characters without
// padding, starting "HBgg" like Meta's "HBg…" ids: "wamid.HBggNDFDMzhCRjc5…A" (54 characters in
// all). Distinct inputs give distinct ids.
//
// `random_bytes` is meant to be 16 bytes from RandomBytes(16); any length is encoded the same
// way (IsWamid accepts the result for inputs up to 64 bytes).
std::string MakeWamid(std::string_view random_bytes);

// True for a syntactically plausible WhatsApp message id, Meta's or wharf's: "wamid." then 1..512
// characters of the base64 alphabets (standard [A-Za-z0-9+/] and URL-safe '-' '_', both seen in
// Meta's ids: "wamid.HBgL…AA==", "wamid.gBGGSFcCNEOPAgkO_KJ55r4w_ww"), optionally ending in one or
// two '=' of padding. Lengths are not checked against base64's groups of 4 (Meta's older ids are
// unpadded at any length). Says nothing about whether the message exists.
bool IsWamid(std::string_view text);

// For an id MakeWamid minted from 16 bytes: its first 8 bytes, big-endian. wharf mints its ids
// from TimeOrderedRandomBytes, so for those they are the creation time in milliseconds (48 bits)
// and 16 random bits: ids minted later give larger numbers. nullopt for any other id (Meta's).
std::optional<std::uint64_t> MintedWamidLeadingBytes(std::string_view wamid);

}  // namespace wharf::domain
