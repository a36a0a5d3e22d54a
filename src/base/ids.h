#pragma once

#include "base/strong_id.h"

namespace wharf {

// Every kind of id wharf handles. Platform resources use UUIDs; Meta's ids (phone number, WABA)
// are digit strings and stay strings on the wire.
using ProjectId = StrongId<struct ProjectTag>;
using ApiKeyId = StrongId<struct ApiKeyTag>;
using CustomerId = StrongId<struct CustomerTag>;
using SetupLinkId = StrongId<struct SetupLinkTag>;
using PhoneNumberId = StrongId<struct PhoneNumberTag>;  // Meta's phone_number_id
using PhoneConfigId = StrongId<struct PhoneConfigTag>;  // our internal_id (UUID) of a number
using BusinessAccountId = StrongId<struct BusinessAccountTag>;  // Meta's WABA id
using EventId = StrongId<struct EventTag>;
using ContactId = StrongId<struct ContactTag>;
using ConversationId = StrongId<struct ConversationTag>;
using JobId = StrongId<struct JobTag>;
using MediaId = StrongId<struct MediaTag>;  // Meta-style digits, unique across projects

}  // namespace wharf
