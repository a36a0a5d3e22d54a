#pragma once

#include <string>

namespace wharf {

// Cryptographically strong randomness (OpenSSL RAND_bytes). Thread-safe.
std::string RandomBytes(size_t n);
// A random (version 4) UUID in canonical lower-case form.
std::string NewUuid();
// n random decimal digits, the first never '0' (Meta-style numeric ids).
std::string RandomDigits(size_t n);
// n random characters from [A-Za-z0-9] (tokens that travel in URLs).
std::string RandomToken(size_t n);
// True for canonical UUID text (any version), case-insensitive.
bool IsUuid(const std::string& s);

}  // namespace wharf
