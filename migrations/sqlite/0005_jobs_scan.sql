-- 0005: the lease scan decides from the index alone.
--
-- Lease walks jobs_by_run_at and skips jobs held back by an earlier job of their ordering_key.
-- Those columns sit after the payload in the row, so deciding from the table meant walking each
-- queued job's payload overflow pages; with many large queued payloads (Meta webhook bodies
-- behind one ordering key) every lease read the whole queue. With ordering_key and ordered_at in
-- the index, SQLite defers the row read to the jobs it actually leases.

DROP INDEX jobs_by_run_at;
CREATE INDEX jobs_by_run_at ON jobs (run_at, created_at, id, leased_until, ordering_key, ordered_at);
