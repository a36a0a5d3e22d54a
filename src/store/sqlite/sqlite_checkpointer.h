#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/sqlite_connection.h"

namespace wharf::store::sqlite {

// Copies the WAL back into the database file from a thread of its own, so that no write
// transaction pays for it: connections run with wal_autocheckpoint off, and this runs a PASSIVE
// checkpoint (it never blocks readers or the writer) every `period`. When the WAL is longer than
// `restart_frames` frames (under a steady stream of writes it never restarts by itself: a writer
// restarts it only when it finds every frame copied), or that many are still uncopied (readers
// held them back), a RESTART checkpoint waits for the writer and readers once so that the next
// writer starts the WAL from its beginning again. Owns its connection.
class SqliteCheckpointer {
public:
    SqliteCheckpointer(std::unique_ptr<SqliteConnection> conn, std::chrono::milliseconds period,
                       int restart_frames = 20000);
    ~SqliteCheckpointer();  // stops, after one last checkpoint
    SqliteCheckpointer(const SqliteCheckpointer&) = delete;
    SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;

    // Runs one checkpoint now; returns how many WAL frames it could not copy yet (readers on
    // older snapshots hold them back).
    Result<int> CheckpointNow();

private:
    void Loop();

    std::unique_ptr<SqliteConnection> conn_;
    const std::chrono::milliseconds period_;
    const int restart_frames_;
    std::mutex mu_;  // serialises CheckpointNow with the thread
    std::condition_variable cv_;
    bool stopping_ = false;  // guarded by mu_
    std::thread thread_;
};

}  // namespace wharf::store::sqlite
