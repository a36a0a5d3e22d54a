#pragma once

#include <string>

#include <sys/socket.h>

namespace wharf::delivery {

// Which outbound webhook targets are refused (pure): loopback (127/8, ::1), unspecified
// (0.0.0.0, ::), private (10/8, 172.16/12, 192.168/16, fc00::/7), carrier-grade NAT (100.64/10),
// link-local (169.254/16 incl. the cloud metadata address 169.254.169.254, fe80::/10), multicast
// and reserved ranges, and IPv4-mapped / NAT64 forms of those. Checked on the resolved address
// the connection is about to use, not on the host name.
enum class AddressClass { kPublic, kLoopback, kPrivate, kLinkLocal, kOther };

AddressClass ClassifyAddress(const sockaddr* addr);
// The same for a numeric address text ("10.0.0.1", "::1"); kOther when unreadable.
AddressClass ClassifyAddressText(const std::string& text);
const char* AddressClassName(AddressClass c);

// True when a connection to `addr` is allowed (`allow_private` lets everything through).
bool IsAllowedTarget(const sockaddr* addr, bool allow_private);

}  // namespace wharf::delivery
