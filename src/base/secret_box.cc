#include "base/secret_box.h"

#include <memory>

#include <openssl/evp.h>

#include "base/crypto.h"
#include "base/random.h"

namespace wharf {
namespace {

constexpr size_t kNonceLen = 12;
constexpr size_t kTagLen = 16;
constexpr std::string_view kPrefix = "v1.";

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* U(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Result<SecretBox> SecretBox::Create(std::string key) {
    if (key.size() != 32) {
        return Fail(Error::InvalidArgument("the secret key must be 32 bytes"));
    }
    return SecretBox(std::move(key));
}

Result<SecretBox> SecretBox::FromText(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    if (text.size() == 64) {
        if (auto raw = HexDecode(text)) {
            return Create(std::move(*raw));
        }
    }
    if (auto raw = Base64Decode(text); raw && raw->size() == 32) {
        return Create(std::move(*raw));
    }
    return Fail(Error::InvalidArgument(
        "the secret key must be 64 hex characters or the base64 of 32 bytes"));
}

std::string SecretBox::Seal(std::string_view plaintext, std::string_view context) const {
    std::string nonce = RandomBytes(kNonceLen);
    std::string out = nonce;
    out.resize(kNonceLen + plaintext.size() + kTagLen);
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    auto* dst = reinterpret_cast<unsigned char*>(out.data()) + kNonceLen;
    EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key_), U(nonce));
    EVP_EncryptUpdate(ctx.get(), nullptr, &len, U(context), static_cast<int>(context.size()));
    EVP_EncryptUpdate(ctx.get(), dst, &len, U(plaintext), static_cast<int>(plaintext.size()));
    EVP_EncryptFinal_ex(ctx.get(), dst + len, &len);
    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagLen, dst + plaintext.size());
    return std::string(kPrefix) + Base64UrlEncode(out);
}

Result<std::string> SecretBox::Open(std::string_view sealed, std::string_view context) const {
    auto corrupt = [] { return Fail(Error::Internal("a sealed secret failed to open")); };
    if (sealed.substr(0, kPrefix.size()) != kPrefix) {
        return corrupt();
    }
    auto raw = Base64UrlDecode(sealed.substr(kPrefix.size()));
    if (!raw || raw->size() < kNonceLen + kTagLen) {
        return corrupt();
    }
    std::string_view all(*raw);
    std::string_view nonce = all.substr(0, kNonceLen);
    std::string_view ct = all.substr(kNonceLen, all.size() - kNonceLen - kTagLen);
    std::string tag(all.substr(all.size() - kTagLen));
    std::string out(ct.size(), '\0');
    CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    int len = 0;
    auto* dst = reinterpret_cast<unsigned char*>(out.data());
    EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, U(key_), U(nonce));
    EVP_DecryptUpdate(ctx.get(), nullptr, &len, U(context), static_cast<int>(context.size()));
    EVP_DecryptUpdate(ctx.get(), dst, &len, U(ct), static_cast<int>(ct.size()));
    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagLen, tag.data());
    if (EVP_DecryptFinal_ex(ctx.get(), dst + len, &len) != 1) {
        return corrupt();
    }
    return out;
}

std::string SecretBox::DeriveKey(std::string_view purpose) const {
    return HmacSha256Hex(key_, "wharf derived key: " + std::string(purpose));
}

}  // namespace wharf
