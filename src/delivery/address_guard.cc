#include "delivery/address_guard.h"

#include <cstdint>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>

namespace wharf::delivery {
namespace {

AddressClass ClassifyV4(uint32_t a) {  // host byte order
    auto in = [a](uint32_t net, int bits) {
        uint32_t mask = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
        return (a & mask) == (net & mask);
    };
    if (in(0x7F000000, 8)) {
        return AddressClass::kLoopback;
    }
    if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10)) {
        return AddressClass::kPrivate;
    }
    if (in(0xA9FE0000, 16)) {
        return AddressClass::kLinkLocal;  // includes 169.254.169.254 (metadata)
    }
    if (in(0x00000000, 8) || in(0xE0000000, 4) || in(0xF0000000, 4) || in(0xC0000000, 24) ||
        in(0xC0000200, 24) || in(0xC6120000, 15) || in(0xC6336400, 24) || in(0xCB007100, 24)) {
        return AddressClass::kOther;  // unspecified, multicast, reserved, documentation, benchmark
    }
    return AddressClass::kPublic;
}

AddressClass ClassifyV6(const in6_addr& a) {
    const uint8_t* b = a.s6_addr;
    static const uint8_t kZero[16] = {0};
    if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 1 || b[15] == 0)) {
        return b[15] == 1 ? AddressClass::kLoopback : AddressClass::kOther;
    }
    // IPv4-mapped ::ffff:a.b.c.d and NAT64 64:ff9b::a.b.c.d: judge the embedded IPv4.
    static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    static const uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kNat64, 12) == 0) {
        uint32_t v4 = (uint32_t(b[12]) << 24) | (uint32_t(b[13]) << 16) | (uint32_t(b[14]) << 8) |
                      uint32_t(b[15]);
        return ClassifyV4(v4);
    }
    if ((b[0] & 0xfe) == 0xfc) {
        return AddressClass::kPrivate;  // fc00::/7 unique local
    }
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) {
        return AddressClass::kLinkLocal;  // fe80::/10
    }
    if (b[0] == 0xff) {
        return AddressClass::kOther;  // multicast
    }
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return AddressClass::kPrivate;  // deprecated site-local fec0::/10
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) {
        return AddressClass::kOther;  // documentation
    }
    return AddressClass::kPublic;
}

}  // namespace

AddressClass ClassifyAddress(const sockaddr* addr) {
    if (addr == nullptr) {
        return AddressClass::kOther;
    }
    if (addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
        return ClassifyV4(ntohl(in->sin_addr.s_addr));
    }
    if (addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
        return ClassifyV6(in6->sin6_addr);
    }
    return AddressClass::kOther;
}

AddressClass ClassifyAddressText(const std::string& text) {
    sockaddr_in v4{};
    if (inet_pton(AF_INET, text.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        return ClassifyAddress(reinterpret_cast<const sockaddr*>(&v4));
    }
    sockaddr_in6 v6{};
    if (inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        return ClassifyAddress(reinterpret_cast<const sockaddr*>(&v6));
    }
    return AddressClass::kOther;
}

const char* AddressClassName(AddressClass c) {
    switch (c) {
        case AddressClass::kPublic:
            return "public";
        case AddressClass::kLoopback:
            return "loopback";
        case AddressClass::kPrivate:
            return "private";
        case AddressClass::kLinkLocal:
            return "link-local";
        case AddressClass::kOther:
            return "reserved";
    }
    return "reserved";
}

bool IsAllowedTarget(const sockaddr* addr, bool allow_private) {
    return allow_private || ClassifyAddress(addr) == AddressClass::kPublic;
}

}  // namespace wharf::delivery
