-- 0004: outbound webhooks (issue 4): configuration, durable deliveries with their attempts,
-- open message buffers, armed inactivity timers and the fan-out cursor over the event outbox.

CREATE TABLE webhooks (
    id                    TEXT    PRIMARY KEY,
    project_id            TEXT    NOT NULL REFERENCES projects (id),
    phone_number_id       TEXT,             -- NULL: project scope
    url                   TEXT    NOT NULL,
    kind                  TEXT    NOT NULL, -- kapso | meta
    events                TEXT    NOT NULL, -- JSON array of event names
    active                INTEGER NOT NULL,
    sealed_secret         TEXT    NOT NULL, -- SecretBox, context "webhook-secret:<id>"
    headers               TEXT    NOT NULL, -- JSON object
    buffer_enabled        INTEGER NOT NULL,
    buffer_window_seconds INTEGER NOT NULL,
    max_buffer_size       INTEGER NOT NULL,
    buffer_events         TEXT    NOT NULL, -- JSON array
    inactivity_minutes    INTEGER NOT NULL,
    payload_version       TEXT    NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
) STRICT;
CREATE INDEX webhooks_by_project ON webhooks (project_id, created_at, id);
-- One meta-kind webhook per number.
CREATE UNIQUE INDEX webhooks_one_meta_per_number ON webhooks (project_id, phone_number_id)
    WHERE kind = 'meta';

-- One POST (or one batched POST) to one webhook. seq orders deliveries that share an
-- ordering_key (webhook id + conversation id): a later one waits while an earlier one is pending.
CREATE TABLE webhook_deliveries (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    webhook_id       TEXT    NOT NULL,     -- no FK: deliveries outlive a deleted webhook
    event_id         TEXT,
    event            TEXT    NOT NULL,
    phone_number_id  TEXT,
    conversation_id  TEXT,
    conversation_phone_number TEXT,
    ordering_key     TEXT,
    body             TEXT    NOT NULL,     -- the exact bytes signed and sent
    idempotency_key  TEXT    NOT NULL,
    batch_size       INTEGER NOT NULL,     -- 0: not a batch
    status           TEXT    NOT NULL,     -- pending | delivered | failed
    attempt_count    INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    leased_until     INTEGER,
    retry_from       INTEGER NOT NULL,     -- start of the retry horizon (creation or replay)
    event_created_at INTEGER NOT NULL,     -- when the state change happened (latency)
    response_status  INTEGER,
    last_error       TEXT,
    last_attempt_at  INTEGER,
    delivered_at     INTEGER,
    failed_at        INTEGER,
    created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, seq)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_pending_by_key ON webhook_deliveries (ordering_key, seq)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_project ON webhook_deliveries (project_id, seq);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, status);

CREATE TABLE webhook_attempts (
    delivery_id  TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    PRIMARY KEY (delivery_id, attempt)
) STRICT, WITHOUT ROWID;

-- An open buffer of whatsapp.message.received payloads for one webhook and conversation.
CREATE TABLE webhook_buffers (
    webhook_id       TEXT    NOT NULL,
    conversation_id  TEXT    NOT NULL,
    project_id       TEXT    NOT NULL,
    phone_number_id  TEXT,
    conversation_phone_number TEXT,
    items            TEXT    NOT NULL,     -- JSON array of v2 payload objects
    item_count       INTEGER NOT NULL,
    first_event_id   TEXT    NOT NULL,
    first_created_at INTEGER NOT NULL,
    flush_at         INTEGER NOT NULL,
    PRIMARY KEY (webhook_id, conversation_id)
) STRICT;
CREATE INDEX webhook_buffers_by_flush ON webhook_buffers (flush_at);

-- An armed whatsapp.conversation.inactive timer (deleted when it fires).
CREATE TABLE webhook_inactivity (
    webhook_id       TEXT    NOT NULL,
    conversation_id  TEXT    NOT NULL,
    project_id       TEXT    NOT NULL,
    phone_number_id  TEXT,
    conversation     TEXT    NOT NULL,     -- JSON object
    since_message    TEXT    NOT NULL,     -- JSON object
    due_at           INTEGER NOT NULL,
    PRIMARY KEY (webhook_id, conversation_id)
) STRICT;
CREATE INDEX webhook_inactivity_by_due ON webhook_inactivity (due_at);

-- The last outbox seq fanned out (one row).
CREATE TABLE webhook_fanout_cursor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq  INTEGER NOT NULL
) STRICT;
-- Events recorded before webhooks existed are not delivered.
INSERT INTO webhook_fanout_cursor (id, last_seq) SELECT 1, COALESCE(MAX(seq), 0) FROM events;
