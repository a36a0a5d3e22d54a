#include "store/sqlite/sqlite_checkpointer.h"

#include "base/log.h"

namespace wharf::store::sqlite {

namespace {
// While the writer is asked to restart the WAL, checkpoints come this often: each copies a few
// milliseconds of frames, so the writer finds few left to copy itself.
constexpr auto kCatchUpPeriod = std::chrono::milliseconds(5);
}  // namespace

SqliteCheckpointer::SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn,
                                       std::chrono::milliseconds period, int restart_frames,
                                       std::function<void(int copied_frames)> request_reset)
    : conn_(std::move(conn)),
      period_(period),
      restart_frames_(restart_frames),
      request_reset_(std::move(request_reset)) {
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
    // The thread uses the same connection (not thread-safe) and catching_up_.
    std::lock_guard lock(mu_);
    return Checkpoint();
}

Result<int> SqliteCheckpointer::Checkpoint() {
    // (busy, frames in the WAL, frames checkpointed).
    struct Outcome {
        int frames = 0;
        int left = 0;
    };
    auto run = [&](const char* sql) -> Result<Outcome> {
        WHARF_ASSIGN_OR_RETURN(auto s, conn_->Prepare(sql));
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (!row) {
            return Outcome{};
        }
        return Outcome{static_cast<int>(s.Int64(1)), static_cast<int>(s.Int64(1) - s.Int64(2))};
    };
    WHARF_ASSIGN_OR_RETURN(Outcome o, run("PRAGMA wal_checkpoint(PASSIVE)"));
    // A PASSIVE that ends with new frames already behind it (a stream of writes) leaves what it
    // copied unsynced; the writer's restart would then sync all of it while every other writer
    // waits (25-40 ms under a stream of sends). Synced here, the restart syncs only its own few.
    if (const int copied = o.frames - o.left; copied > 0 && copied != synced_frames_) {
        WHARF_TRY(conn_->SyncDatabaseFile());
        synced_frames_ = copied;
    }
    catching_up_ = false;
    if (o.frames <= restart_frames_ && o.left <= restart_frames_) {
        return o.left;
    }
    if (request_reset_ && o.frames <= kForcedRestartFactor * restart_frames_) {
        request_reset_(o.frames - o.left);
        catching_up_ = true;
        return o.left;
    }
    // Holds writers back while it copies, syncs and waits for readers; empties the file too (the
    // WAL was much longer than it should get).
    const int frames = o.frames;
    const auto started = std::chrono::steady_clock::now();
    WHARF_ASSIGN_OR_RETURN(o, run("PRAGMA wal_checkpoint(TRUNCATE)"));
    log::Warn("SQLite WAL at " + std::to_string(frames) +
              " frames: truncated it, holding writers back for " +
              std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - started)
                                 .count()) +
              " ms");
    return o.left;
}

void SqliteCheckpointer::Loop() {
    std::unique_lock lock(mu_);
    while (true) {
        cv_.wait_for(lock, catching_up_ ? kCatchUpPeriod : period_, [this] { return stopping_; });
        if (auto r = Checkpoint(); !r) {
            log::Warn("SQLite checkpoint: " + r.error().message);
        }
        if (stopping_) {
            return;
        }
    }
}

}  // namespace wharf::store::sqlite
