#pragma once

#include <string>

#include "base/clock.h"

namespace wharf {

// Cryptographically strong randomness (OpenSSL RAND_bytes). Thread-safe.
std::string RandomBytes(size_t n);
// A random (version 4) UUID in canonical lower-case form.
std::string NewUuid();
// 16 bytes that sort by time: `now` in Unix milliseconds (6 bytes, big-endian), then 10 random
// bytes. Ids made from them close together in time land close together in a B-tree index, so an
// insert touches the index's last pages instead of a random one (see NewUuidV7). The random
// part comes from a per-thread generator seeded from the CSPRNG (RAND_bytes costs about 7,000
// instructions a call, and these ids are written several times per message): unique, not
// secret. Never use them as credentials or tokens.
std::string TimeOrderedRandomBytes(Timestamp now);
// A version 7 UUID (RFC 9562): TimeOrderedRandomBytes with the version and variant bits set. For
// ids of rows written at a high rate (outbox events): their unique index grows at its end.
std::string NewUuidV7(Timestamp now);
// n random decimal digits, the first never '0' (Meta-style numeric ids).
std::string RandomDigits(size_t n);
// n random characters from [A-Za-z0-9] (tokens that travel in URLs).
std::string RandomToken(size_t n);
// True for canonical UUID text (any version), case-insensitive.
bool IsUuid(const std::string& s);

}  // namespace wharf
