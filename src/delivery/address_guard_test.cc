#include "delivery/address_guard.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace wharf::delivery {
namespace {

TEST(AddressGuardTest, ClassifiesAddresses) {
    struct Case {
        const char* text;
        AddressClass want;
    };
    const Case cases[] = {
        {"127.0.0.1", AddressClass::kLoopback},
        {"127.255.1.2", AddressClass::kLoopback},
        {"::1", AddressClass::kLoopback},
        {"10.1.2.3", AddressClass::kPrivate},
        {"172.16.0.1", AddressClass::kPrivate},
        {"172.31.255.255", AddressClass::kPrivate},
        {"192.168.1.1", AddressClass::kPrivate},
        {"100.64.0.1", AddressClass::kPrivate},
        {"fd00::1", AddressClass::kPrivate},
        {"169.254.169.254", AddressClass::kLinkLocal},
        {"169.254.1.1", AddressClass::kLinkLocal},
        {"fe80::1", AddressClass::kLinkLocal},
        {"0.0.0.0", AddressClass::kOther},
        {"::", AddressClass::kOther},
        {"224.0.0.1", AddressClass::kOther},
        {"255.255.255.255", AddressClass::kOther},
        {"::ffff:127.0.0.1", AddressClass::kLoopback},
        {"::ffff:169.254.169.254", AddressClass::kLinkLocal},
        {"64:ff9b::a00:1", AddressClass::kPrivate},
        {"8.8.8.8", AddressClass::kPublic},
        {"172.32.0.1", AddressClass::kPublic},
        {"2606:4700::1111", AddressClass::kPublic},
        {"not an address", AddressClass::kOther},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(ClassifyAddressText(c.text), c.want) << c.text;
    }
}

TEST(AddressGuardTest, AllowsOnlyPublicTargetsUnlessPrivateIsAllowed) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_addr.s_addr = htonl(0x7F000001);
    const auto* a = reinterpret_cast<const sockaddr*>(&v4);
    EXPECT_FALSE(IsAllowedTarget(a, false));
    EXPECT_TRUE(IsAllowedTarget(a, true));
    v4.sin_addr.s_addr = htonl(0x08080808);
    EXPECT_TRUE(IsAllowedTarget(a, false));
    EXPECT_FALSE(IsAllowedTarget(nullptr, false));
}

}  // namespace
}  // namespace wharf::delivery
