-- 0002: messaging history (contacts, conversations, messages) and the durable job queue.
--
-- Conventions as in 0001 (see src/store/README.md). Notes particular to this migration:
--  * Keyset-paged lists read an index whose columns end with (sort time, id) in the same
--    direction; SQLite walks such an index backwards for "newest first", so the indexes are
--    declared ascending and serve both paging directions.
--  * History outlives the things it mentions: no foreign key to phone_numbers (a deleted number
--    keeps its contacts, conversations and messages), and none from messages to contacts (a
--    message's contact_id is a copy of its conversation's, checked when the message is written).
--  * Foreign keys have no ON DELETE action. The store refuses to delete a contact that has
--    conversations (kFailedPrecondition) and detaches contacts from a deleted customer.
--  * Two indexes do not lead with project_id because their queries span every project: the idle
--    conversation sweep and the job queue (workers are not tenant-scoped).
--  * status, type and origin of messages are open strings in the domain, so they carry no CHECK:
--    a new value must not need a rebuild of the largest table.

CREATE TABLE contacts (
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    id               TEXT    NOT NULL,
    phone_number_id  TEXT    NOT NULL,  -- Meta's id of the business number; no FK (see above)
    wa_id            TEXT    NOT NULL,
    profile_name     TEXT,
    display_name     TEXT,
    customer_id      TEXT,
    metadata         TEXT    NOT NULL CHECK (json_valid(metadata)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (project_id, phone_number_id, wa_id),
    FOREIGN KEY (project_id, customer_id) REFERENCES customers (project_id, id)
) STRICT;

CREATE INDEX contacts_by_created ON contacts (project_id, created_at, id);
CREATE INDEX contacts_by_number ON contacts (project_id, phone_number_id, created_at, id);
-- Also the child index of the customer foreign key.
CREATE INDEX contacts_by_customer ON contacts (project_id, customer_id, created_at, id);

CREATE TABLE conversations (
    project_id         TEXT    NOT NULL REFERENCES projects (id),
    id                 TEXT    NOT NULL,
    phone_number_id    TEXT    NOT NULL,
    wa_id              TEXT    NOT NULL,
    contact_id         TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('active', 'ended')),
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    last_active_at     INTEGER NOT NULL,
    last_inbound_at    INTEGER,
    last_outbound_at   INTEGER,
    ended_at           INTEGER,
    messages_count     INTEGER NOT NULL CHECK (messages_count >= 0),
    last_message_id    TEXT,
    last_message_type  TEXT,
    last_message_text  TEXT,
    last_message_at    INTEGER,
    metadata           TEXT    NOT NULL CHECK (json_valid(metadata)),
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, contact_id) REFERENCES contacts (project_id, id)
) STRICT;

-- At most one active conversation per (number, wa_id), and FindActive's lookup.
CREATE UNIQUE INDEX conversations_one_active
    ON conversations (project_id, phone_number_id, wa_id) WHERE status = 'active';
CREATE INDEX conversations_by_last_active ON conversations (project_id, last_active_at, id);
CREATE INDEX conversations_by_number
    ON conversations (project_id, phone_number_id, last_active_at, id);
CREATE INDEX conversations_by_wa_id ON conversations (project_id, wa_id, last_active_at, id);
-- The child index of the contact foreign key (and the contact delete check).
CREATE INDEX conversations_by_contact ON conversations (project_id, contact_id);
-- The 24-hour expiry sweep across projects, oldest first.
CREATE INDEX conversations_idle_active
    ON conversations (last_active_at, project_id, id) WHERE status = 'active';

CREATE TABLE messages (
    project_id                TEXT    NOT NULL REFERENCES projects (id),
    wamid                     TEXT    NOT NULL,
    phone_number_id           TEXT    NOT NULL,
    conversation_id           TEXT    NOT NULL,
    contact_id                TEXT    NOT NULL,
    wa_id                     TEXT    NOT NULL,
    direction                 TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    type                      TEXT    NOT NULL,
    payload                   TEXT    NOT NULL CHECK (json_valid(payload)),
    status                    TEXT    NOT NULL,
    statuses                  TEXT    NOT NULL
        CHECK (json_valid(statuses) AND json_type(statuses) = 'array'),
    origin                    TEXT    NOT NULL,
    has_media                 INTEGER NOT NULL CHECK (has_media IN (0, 1)),
    content                   TEXT    NOT NULL,
    context_message_id        TEXT,
    biz_opaque_callback_data  TEXT,
    error                     TEXT    CHECK (error IS NULL OR json_valid(error)),
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    PRIMARY KEY (project_id, wamid),
    FOREIGN KEY (project_id, conversation_id) REFERENCES conversations (project_id, id)
) STRICT;

CREATE INDEX messages_by_created ON messages (project_id, created_at, wamid);
CREATE INDEX messages_by_number ON messages (project_id, phone_number_id, created_at, wamid);
-- Also the child index of the conversation foreign key.
CREATE INDEX messages_by_conversation
    ON messages (project_id, conversation_id, created_at, wamid);

-- The durable work queue. A job is pending from Enqueue until Complete deletes it; while
-- leased_until is in the future a worker holds it. ordered_at is the run_at the job was enqueued
-- with: its place among the jobs of its ordering_key, which Reschedule (a retry) does not change,
-- so a retried job keeps the jobs queued behind it waiting.
CREATE TABLE jobs (
    id            TEXT    NOT NULL PRIMARY KEY,  -- global: workers address jobs without a project
    project_id    TEXT    NOT NULL REFERENCES projects (id),
    kind          TEXT    NOT NULL,
    payload       TEXT    NOT NULL CHECK (json_valid(payload)),
    ordering_key  TEXT,
    run_at        INTEGER NOT NULL,
    ordered_at    INTEGER NOT NULL,
    attempts      INTEGER NOT NULL CHECK (attempts >= 0),
    leased_until  INTEGER,
    created_at    INTEGER NOT NULL
) STRICT;

-- Lease walks this in order; leased_until is in it so that held jobs are skipped without
-- reading their rows.
CREATE INDEX jobs_by_run_at ON jobs (run_at, created_at, id, leased_until);
-- "Is an earlier job of this key still pending?": one seek to the key's first entry.
CREATE INDEX jobs_by_ordering_key
    ON jobs (ordering_key, ordered_at, created_at, id) WHERE ordering_key IS NOT NULL;
-- Held jobs, for NextRunAt (a held job is next available when its lease ends).
CREATE INDEX jobs_by_lease ON jobs (leased_until, run_at) WHERE leased_until IS NOT NULL;
