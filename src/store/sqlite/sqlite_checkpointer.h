#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {

// Copies the WAL back into the database file from a thread of its own, so that no write
// transaction pays for it: connections run with wal_autocheckpoint off, and this runs a PASSIVE
// checkpoint (it never blocks readers or the writer) every `period`.
//
// Under a steady stream of writes the WAL never starts over by itself: a writer restarts it only
// when it begins a transaction and finds every frame copied, and each PASSIVE ends with new frames
// already behind it. So once the WAL is longer than `restart_frames` frames (or that many are still
// uncopied because readers held them back):
//  * with `request_reset` (the store's writer offers it), `request_reset` asks the writer to
//    restart the WAL, telling it how many frames are copied already. The writer copies the rest
//    itself before its next transaction, once few are left (it holds every other writer back
//    meanwhile), and that transaction then restarts the WAL. Until the WAL is short again, this
//    checkpoints every few milliseconds instead of every `period`, so the writer's part stays
//    small. (A RESTART checkpoint held writers back for 20-75 ms under a stream of sends: it syncs
//    and waits for readers while holding the write lock.) Readers still on old frames can make
//    the writer's restart fail; if the WAL reaches `kForcedRestartFactor` times `restart_frames`,
//    a TRUNCATE checkpoint (a RESTART that also empties the file) is run after all;
//  * without it, a TRUNCATE checkpoint waits for the writer and readers once.
// Each PASSIVE that copied new frames is followed by a sync of the database file. SQLite syncs it
// only when a checkpoint copies the whole WAL, which under a stream of writes only the writer's
// restart does: it then synced everything copied since the last restart (25-40 ms under a stream
// of sends) while holding every other writer back. Now it syncs its own few frames (4-8 ms).
// Owns its connection.
class SqliteCheckpointer {
public:
    static constexpr int kForcedRestartFactor = 4;

    SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, std::chrono::milliseconds period,
                       int restart_frames = 20000,
                       std::function<void(int copied_frames)> request_reset = {});
    ~SqliteCheckpointer();  // stops, after one last checkpoint
    SqliteCheckpointer(const SqliteCheckpointer&) = delete;
    SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

    // Runs one checkpoint now; returns how many WAL frames it could not copy yet (readers on
    // older snapshots hold them back).
    Result<int> CheckpointNow();

private:
    void Loop();
    Result<int> Checkpoint();  // CheckpointNow with mu_ held

    std::unique_ptr<SqliteConnection> conn_;
    const std::chrono::milliseconds period_;
    const int restart_frames_;
    const std::function<void(int copied_frames)> request_reset_;
    std::mutex mu_;  // serialises CheckpointNow with the thread
    std::condition_variable cv_;
    bool stopping_ = false;     // guarded by mu_
    bool catching_up_ = false;  // guarded by mu_: the writer was asked to restart the WAL
    int synced_frames_ = 0;     // guarded by mu_: frames copied as of the last database sync
    std::thread thread_;
};

}  // namespace wharf::store::sqlite
