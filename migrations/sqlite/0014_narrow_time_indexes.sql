-- 0014: messages_by_created and messages_by_number end at created_at, as messages_by_conversation
-- does since 0012 (each entry still ends with the rowid, as every SQLite index entry does).
--
-- Inbound messages carry Meta's timestamp, whole seconds: under a stream of webhooks thousands of
-- a project's messages share one created_at, and with the wamid after it (random, ~70 bytes) each
-- insert landed at a random spot among them, so a transaction of a few thousand messages dirtied
-- most of those pages in both indexes. Without it an insert appends, and an entry is half as wide.
-- Measured on bench/webhooks (400,000 messages, 20,000 per second of Meta time): 19,100-19,500
-- stored messages/s with 61-62 µs of CPU and 8.5 KiB written per message before, 21,200-21,700
-- with 55-57 µs and 7.2 KiB after.
--
-- Lists keep their order, (created_at, wamid) newest first: the index gives created_at and SQLite
-- sorts the rows that share one by wamid (USE TEMP B-TREE FOR RIGHT PART OF ORDER BY). A page
-- that starts inside a group of ties reads the whole group: measured 0.65 ms for a group of 1,000
-- rows, 16 ms for one of 20,000 (against 0.05 ms with the wamid in the index).
DROP INDEX messages_by_created;
DROP INDEX messages_by_number;
CREATE INDEX messages_by_created ON messages (project_id, created_at);
CREATE INDEX messages_by_number ON messages (project_id, phone_number_id, created_at);
