-- 0003: what webhook delivery needs to route an outbox event without parsing its payload.
--
--  * conversation_id: deliveries of one conversation's events leave in order (the ordering key).
--  * meta_payload: the raw Meta webhook body for the event (as received from Meta, or as the
--    sandbox would have sent it), delivered as-is to `kind: meta` webhooks. NULL for events that
--    have no Meta equivalent (conversation and phone-number events).
--  * The fan-out reads events in seq order across projects (a worker is not tenant-scoped).

ALTER TABLE events ADD COLUMN conversation_id TEXT;
ALTER TABLE events ADD COLUMN meta_payload TEXT;

-- The sandbox network's messages still on their way (accepted, sent or delivered): where a
-- restarted process resumes their status progression. Partial, so it holds only those.
CREATE INDEX messages_in_flight ON messages (updated_at)
    WHERE direction = 'outbound' AND status IN ('accepted', 'sent', 'delivered');
