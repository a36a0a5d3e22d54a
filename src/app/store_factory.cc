#include "app/store_factory.h"

#include <filesystem>

#include "store/sqlite/sqlite_store.h"

namespace wharf::app {

Result<std::unique_ptr<store::Store>> OpenStore(const std::string& database_url, int pool_size) {
    if (database_url.rfind("sqlite:", 0) != 0) {
        return Fail(Error::InvalidArgument("unsupported database URL '" + database_url +
                                           "': use sqlite:<path>"));
    }
    std::string path = database_url.substr(7);
    std::error_code ec;
    auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
        if (ec) {
            return Fail(
                Error::Unavailable("cannot create " + parent.string() + ": " + ec.message()));
        }
    }
    store::sqlite::SqliteOptions opts;
    opts.path = path;
    opts.pool_size = pool_size;
    WHARF_ASSIGN_OR_RETURN(auto s, store::sqlite::SqliteStore::Open(opts));
    return std::unique_ptr<store::Store>(std::move(s));
}

}  // namespace wharf::app
