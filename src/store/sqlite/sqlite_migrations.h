#pragma once

#include <span>
#include <string_view>

namespace wharf::store::sqlite {

// One schema step, compiled into the binary from migrations/sqlite/NNNN_name.sql (the build
// generates the definition of EmbeddedSqliteMigrations(); see embed_migrations.cmake). Plain
// constant data with static storage duration; thread-safe.
struct SqliteMigration {
    int version;            // NNNN of the file name
    std::string_view name;  // the file name, for messages
    std::string_view sql;   // one or more statements, run in one transaction
};

// Every migration this binary knows, in strictly increasing version order.
std::span<const SqliteMigration> EmbeddedSqliteMigrations();

}  // namespace wharf::store::sqlite
