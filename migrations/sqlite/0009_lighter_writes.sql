-- 0009: fewer b-tree and JSON operations per message written.
--
--  * messages loses its JSON checks (json_valid on payload and error, json_valid + json_type on
--    statuses). SQLite evaluated them by parsing the whole column on every insert and on every
--    status update (the statuses array grows with each status): about 3 % of a sandbox send's
--    instructions. Every writer of these columns serialises them from a JSON value it built
--    (boost::json), so they cannot be malformed; the cheap checks stay. SQLite cannot drop a
--    CHECK in place, so the table is rebuilt (its rows copied once) with the same columns,
--    indexes and foreign key.
--  * conversations_by_wa_id no longer carries last_active_at: every message moved its entry (a
--    delete at a random page and an insert). A list filtered by phone number now sorts that
--    user's few conversations instead of walking them in order.
--  * events_by_created is dropped (see the end).

CREATE TABLE messages_0009 (
    project_id                TEXT    NOT NULL REFERENCES projects (id),
    wamid                     TEXT    NOT NULL,
    phone_number_id           TEXT    NOT NULL,
    conversation_id           TEXT    NOT NULL,
    contact_id                TEXT    NOT NULL,
    wa_id                     TEXT    NOT NULL,
    direction                 TEXT    NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    type                      TEXT    NOT NULL,
    payload                   TEXT    NOT NULL,  -- JSON object (the message type's object)
    status                    TEXT    NOT NULL,
    statuses                  TEXT    NOT NULL,  -- JSON array of Meta's raw status objects
    origin                    TEXT    NOT NULL,
    has_media                 INTEGER NOT NULL CHECK (has_media IN (0, 1)),
    content                   TEXT    NOT NULL,
    context_message_id        TEXT,
    biz_opaque_callback_data  TEXT,
    error                     TEXT,              -- JSON array of Meta's errors
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL,
    PRIMARY KEY (project_id, wamid),
    FOREIGN KEY (project_id, conversation_id) REFERENCES conversations (project_id, id)
) STRICT;

INSERT INTO messages_0009 SELECT * FROM messages ORDER BY rowid;
DROP TABLE messages;
ALTER TABLE messages_0009 RENAME TO messages;

CREATE INDEX messages_by_created ON messages (project_id, created_at, wamid);
CREATE INDEX messages_by_number ON messages (project_id, phone_number_id, created_at, wamid);
CREATE INDEX messages_by_conversation
    ON messages (project_id, conversation_id, created_at, wamid);
CREATE INDEX messages_in_flight ON messages (updated_at)
    WHERE direction = 'outbound' AND (status = 'accepted' OR status = 'sent' OR status = 'delivered');

DROP INDEX conversations_by_wa_id;
CREATE INDEX conversations_by_wa_id ON conversations (project_id, wa_id);

-- events_by_created served only EventRepository::List (oldest first within a project), which no
-- request path calls; the fan-out walks the rowid. An index insert per event was its price.
DROP INDEX events_by_created;
