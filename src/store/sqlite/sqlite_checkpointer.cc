#include "store/sqlite/sqlite_checkpointer.h"

#include "base/log.h"

namespace wharf::store::sqlite {

SqliteCheckpointer::SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn,
                                       std::chrono::milliseconds period, int restart_frames)
    : conn_(std::move(conn)), period_(period), restart_frames_(restart_frames) {
    thread_ = std::thread([this] { Loop(); });
}

SqliteCheckpointer::~SqliteCheckpointer() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

Result<int> SqliteCheckpointer::CheckpointNow() {
    auto run = [&](const char* sql) -> Result<int> {
        WHARF_ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        // (busy, frames in the WAL, frames checkpointed): what is left to copy.
        return row ? static_cast<int>(s.Int64(1) - s.Int64(2)) : 0;
    };
    WHARF_ASSIGN_OR_RETURN(int left, run("PRAGMA wal_checkpoint(PASSIVE)"));
    if (left > restart_frames_) {
        WHARF_ASSIGN_OR_RETURN(left, run("PRAGMA wal_checkpoint(RESTART)"));
    }
    return left;
}

void SqliteCheckpointer::Loop() {
    std::unique_lock lock(mu_);
    while (true) {
        cv_.wait_for(lock, period_, [this] { return stopping_; });
        if (auto r = CheckpointNow(); !r) {
            log::Warn("SQLite checkpoint: " + r.error().message);
        }
        if (stopping_) {
            return;
        }
    }
}

}  // namespace wharf::store::sqlite
