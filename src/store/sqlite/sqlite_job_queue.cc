#include "store/sqlite/sqlite_job_queue.h"

#include <algorithm>
#include <string>

#include "store/sqlite/sqlite_transaction.h"

namespace wharf::store::sqlite {

namespace {

constexpr const char* kColumns =
    "id, project_id, kind, payload, ordering_key, run_at, attempts, leased_until, created_at";

// The due jobs that no earlier job of their ordering_key holds back, in lease order, leaving out
// the keys bound to ?3, ?4, ... (`skipped` of them). ?1 is now, ?2 the limit. Walks
// jobs_by_run_at; a skipped key is decided from the index, and the NOT EXISTS is one seek on
// jobs_by_ordering_key.
std::string DueJobs(size_t skipped) {
    std::string not_skipped;
    if (skipped > 0) {
        not_skipped = "j.ordering_key NOT IN (";
        for (size_t i = 0; i < skipped; ++i) {
            not_skipped += (i == 0 ? "?" : ", ?") + std::to_string(i + 3);
        }
        not_skipped += ") AND ";
    }
    return " FROM jobs AS j WHERE j.run_at <= ?1 "
           "AND (j.leased_until IS NULL OR j.leased_until <= ?1) "
           "AND (j.ordering_key IS NULL OR (" +
           not_skipped +
           "NOT EXISTS (SELECT 1 FROM jobs AS e WHERE e.ordering_key = j.ordering_key "
           "AND (e.ordered_at, e.created_at, e.id) < (j.ordered_at, j.created_at, j.id)))) "
           "ORDER BY j.run_at, j.created_at, j.id LIMIT ?2";
}

domain::Job ReadJob(const SqliteStatement& s) {
    domain::Job job;
    job.id = s.IdAt<JobId>(0);
    job.project_id = s.IdAt<ProjectId>(1);
    job.kind = s.Text(2);
    job.payload = s.Text(3);
    job.ordering_key = s.OptionalText(4);
    job.run_at = s.Time(5);
    job.attempts = static_cast<int>(s.Int64(6));
    job.leased_until = s.OptionalTime(7);
    job.created_at = s.Time(8);
    return job;
}

}  // namespace

Result<void> SqliteJobQueue::Enqueue(const domain::Job& job) {
    if (job.attempts < 0) {
        return Fail(Error::InvalidArgument("job attempts must not be negative"));
    }
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("INSERT INTO jobs (id, project_id, kind, payload, ordering_key, "
                              "run_at, ordered_at, attempts, leased_until, created_at) "
                              "SELECT ?, id, ?, ?, ?, ?, ?, ?, ?, ? FROM projects WHERE id = ?"));
    s.BindId(job.id)
        .BindText(job.kind)
        .BindText(job.payload)
        .BindOptionalText(job.ordering_key)
        .BindTime(job.run_at)
        .BindTime(job.run_at)
        .BindInt64(job.attempts)
        .BindOptionalTime(job.leased_until)
        .BindTime(job.created_at)
        .BindId(job.project_id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("project not found"));
    }
    return {};
}

namespace {

// Holds `jobs` until now + lease and counts the attempt, in the caller's transaction.
Result<void> MarkLeased(SqliteConnection& conn, std::vector<domain::Job>& jobs, Timestamp now,
                        std::chrono::milliseconds lease) {
    const Timestamp leased_until =
        now + std::chrono::duration_cast<std::chrono::microseconds>(lease);
    for (auto& job : jobs) {
        WHARF_ASSIGN_OR_RETURN(auto update, conn.Prepare("UPDATE jobs SET leased_until = ?, "
                                                         "attempts = attempts + 1 WHERE id = ?"));
        update.BindTime(leased_until).BindId(job.id);
        WHARF_TRY(update.Run());
        job.leased_until = leased_until;
        ++job.attempts;
    }
    return {};
}

}  // namespace

Result<std::vector<domain::Job>> SqliteJobQueue::Lease(
    Timestamp now, std::chrono::milliseconds lease, int limit,
    const std::vector<std::string>& skip_ordering_keys) {
    if (limit < 1) {
        return Fail(Error::InvalidArgument("lease limit must be at least 1"));
    }
    if (lease <= std::chrono::milliseconds::zero()) {
        return Fail(Error::InvalidArgument("lease duration must be positive"));
    }
    std::vector<domain::Job> jobs;
    const std::string due = DueJobs(skip_ordering_keys.size());
    auto bind = [&](SqliteStatement& s, int n) {
        s.BindTime(now).BindInt64(n);
        for (const auto& key : skip_ordering_keys) {
            s.BindText(key);
        }
    };
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    {
        // The idle poll: a read, no write lock. A job that becomes due after this is picked up by
        // the next call.
        WHARF_ASSIGN_OR_RETURN(auto probe, conn->Prepare("SELECT 1" + due));
        bind(probe, 1);
        WHARF_ASSIGN_OR_RETURN(bool any, probe.Step());
        if (!any) {
            return jobs;
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    {
        WHARF_ASSIGN_OR_RETURN(auto select, conn->Prepare(std::string("SELECT ") + kColumns + due));
        bind(select, limit);
        while (true) {
            WHARF_ASSIGN_OR_RETURN(bool row, select.Step());
            if (!row) {
                break;
            }
            jobs.push_back(ReadJob(select));
        }
    }
    WHARF_TRY(MarkLeased(*conn, jobs, now, lease));
    WHARF_TRY(tx.Commit());
    return jobs;
}

Result<std::vector<domain::Job>> SqliteJobQueue::LeaseOrdered(const std::string& ordering_key,
                                                              Timestamp now,
                                                              std::chrono::milliseconds lease,
                                                              int limit) {
    if (limit < 1) {
        return Fail(Error::InvalidArgument("lease limit must be at least 1"));
    }
    if (lease <= std::chrono::milliseconds::zero()) {
        return Fail(Error::InvalidArgument("lease duration must be positive"));
    }
    static const std::string select = std::string("SELECT ") + kColumns +
                                      " FROM jobs WHERE ordering_key = ? "
                                      "ORDER BY ordered_at, created_at, id LIMIT ?";
    // The key's jobs from its head while they are free: due, and not held by a live lease.
    auto read_free_prefix = [&](SqliteConnection& conn, int n) -> Result<std::vector<domain::Job>> {
        std::vector<domain::Job> jobs;
        WHARF_ASSIGN_OR_RETURN(auto s, conn.Prepare(select));
        s.BindText(ordering_key).BindInt64(n);
        while (true) {
            WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
            if (!row) {
                return jobs;
            }
            domain::Job job = ReadJob(s);
            if (job.run_at > now || (job.leased_until && *job.leased_until > now)) {
                return jobs;
            }
            jobs.push_back(std::move(job));
        }
    };
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    {
        // The idle poll: is the head free? A read, no write lock.
        WHARF_ASSIGN_OR_RETURN(auto head, read_free_prefix(*conn, 1));
        if (head.empty()) {
            return head;
        }
    }
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kWrite));
    WHARF_ASSIGN_OR_RETURN(auto jobs, read_free_prefix(*conn, limit));
    WHARF_TRY(MarkLeased(*conn, jobs, now, lease));
    WHARF_TRY(tx.Commit());
    return jobs;
}

Result<void> SqliteJobQueue::Complete(const JobId& id) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("DELETE FROM jobs WHERE id = ?"));
    s.BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("job not found"));
    }
    return {};
}

Result<void> SqliteJobQueue::Reschedule(const JobId& id, Timestamp run_at) {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.AcquireWriter());
    WHARF_ASSIGN_OR_RETURN(
        auto s, conn->Prepare("UPDATE jobs SET run_at = ?, leased_until = NULL WHERE id = ?"));
    s.BindTime(run_at).BindId(id);
    WHARF_TRY(s.Run());
    if (conn->Changes() == 0) {
        return Fail(Error::NotFound("job not found"));
    }
    return {};
}

Result<std::optional<Timestamp>> SqliteJobQueue::NextRunAt() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto tx,
                           SqliteTransaction::Begin(*conn, SqliteTransaction::Mode::kRead));
    std::optional<Timestamp> next;
    {
        // Free jobs: the first in jobs_by_run_at that is not held (held ones sit at the front).
        WHARF_ASSIGN_OR_RETURN(auto s,
                               conn->Prepare("SELECT run_at FROM jobs WHERE leased_until IS NULL "
                                             "ORDER BY run_at LIMIT 1"));
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (row) {
            next = s.Time(0);
        }
    }
    {
        // Held jobs come free when their lease ends (never before their run_at).
        WHARF_ASSIGN_OR_RETURN(auto s,
                               conn->Prepare("SELECT MIN(max(run_at, leased_until)) FROM jobs "
                                             "WHERE leased_until IS NOT NULL"));
        WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
        if (row && !s.IsNull(0)) {
            next = next ? std::min(*next, s.Time(0)) : s.Time(0);
        }
    }
    WHARF_TRY(tx.Commit());
    return next;
}

Result<long long> SqliteJobQueue::PendingCount() {
    WHARF_ASSIGN_OR_RETURN(auto conn, source_.Acquire());
    WHARF_ASSIGN_OR_RETURN(auto s, conn->Prepare("SELECT COUNT(*) FROM jobs"));
    WHARF_ASSIGN_OR_RETURN(bool row, s.Step());
    return row ? static_cast<long long>(s.Int64(0)) : 0LL;
}

}  // namespace wharf::store::sqlite
