#pragma once

#include <memory>
#include <string>

#include "base/result.h"
#include "store/store.h"

namespace wharf::app {

// Opens the store a database URL names: "sqlite:<path>" (PostgreSQL arrives later). Creates
// the parent directory of a SQLite file when missing.
Result<std::unique_ptr<store::Store>> OpenStore(const std::string& database_url, int pool_size);

}  // namespace wharf::app
