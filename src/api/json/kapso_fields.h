#pragma once

#include "domain/history/kapso_fields.h"

namespace wharf::api {

// The history renderers live in the domain (webhook payloads use them too); the API names them
// here so handlers read as before.
using HistorySurface = domain::HistorySurface;
using KapsoFields = domain::KapsoFields;

}  // namespace wharf::api
