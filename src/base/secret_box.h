#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace wharf {

// Seals secrets at rest (access tokens, webhook secrets) with AES-256-GCM under one 32-byte key.
// Sealed form: "v1." + base64url(12-byte nonce || ciphertext || 16-byte tag); a fresh random
// nonce per Seal. `context` is bound as associated data, so a sealed value moved to another row
// or column (another context) fails to open. Immutable after construction; thread-safe.
class SecretBox {
public:
    // key must be exactly 32 bytes.
    static Result<SecretBox> Create(std::string key);
    // Accepts 64 hex characters or base64 of 32 bytes (WHARF_SECRET_KEY, secret.key).
    static Result<SecretBox> FromText(std::string_view text);

    std::string Seal(std::string_view plaintext, std::string_view context) const;
    Result<std::string> Open(std::string_view sealed, std::string_view context) const;
    // A key for another purpose (signing download tokens, say), derived from this one with
    // HMAC-SHA256 so that it changes with the sealing key and reveals nothing about it. Hex.
    std::string DeriveKey(std::string_view purpose) const;

private:
    explicit SecretBox(std::string key) : key_(std::move(key)) {}
    std::string key_;
};

}  // namespace wharf
