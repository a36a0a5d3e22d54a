-- 0011: webhook delivery bodies packed like the outbox events' payloads (0010).
--
-- A delivery's body is the event's v2 payload (or Meta's webhook), about 2 KB of JSON: like an
-- event's, a little over half a page, so each delivery took a 4 KB page of its own. Rows written
-- from now on carry the body as one LZ4 block in `packed` (store/sqlite/packed_event_payloads.h,
-- without a Meta body) and leave `body` empty; rows written before keep `body` and no `packed`.
-- The bytes signed and sent are the unpacked body, unchanged.
ALTER TABLE webhook_deliveries ADD COLUMN packed BLOB;
