-- 0008: messages_in_flight without an IN list.
--
-- SQLite evaluates a partial index's `status IN (...)` with an ephemeral table, built (a b-tree
-- allocated and zeroed) on every INSERT and on every UPDATE of status or updated_at: about a
-- third of the cost of a sandbox status step. The same set written with ORs compiles to plain
-- comparisons. Queries that walk the index must repeat this WHERE term exactly
-- (SqliteMessageRepository::ListInFlight).

DROP INDEX messages_in_flight;
CREATE INDEX messages_in_flight ON messages (updated_at)
    WHERE direction = 'outbound' AND (status = 'accepted' OR status = 'sent' OR status = 'delivered');
