#include "base/sha256_stream.h"

#include <openssl/evp.h>

#include "base/crypto.h"

namespace wharf {

struct Sha256Stream::Impl {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool started = false;
    ~Impl() { EVP_MD_CTX_free(ctx); }
    void Start() {
        EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
        started = true;
    }
};

Sha256Stream::Sha256Stream() : impl_(std::make_unique<Impl>()) {
    impl_->Start();
}
Sha256Stream::~Sha256Stream() = default;
Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;

void Sha256Stream::Update(std::string_view data) {
    if (!impl_->started) {
        impl_->Start();
    }
    EVP_DigestUpdate(impl_->ctx, data.data(), data.size());
}

std::string Sha256Stream::Hex() {
    if (!impl_->started) {
        impl_->Start();
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(impl_->ctx, md, &len);
    impl_->started = false;
    return HexEncode(std::string_view(reinterpret_cast<char*>(md), len));
}

}  // namespace wharf
