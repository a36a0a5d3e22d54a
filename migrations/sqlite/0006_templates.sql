-- 0006: WhatsApp message templates (POST /{waba}/message_templates), per project and WABA.
--
--  * A name is not unique across languages: (project, WABA, name, language) is.
--  * components: the components exactly as submitted (JSON array); the parsed structures are
--    rebuilt from them on read (domain ParseTemplate), so there is one source of truth.
--  * review_due_at: set while the template waits for the sandbox reviewer (PENDING), NULL
--    otherwise; the reviewer scans the partial index across projects.

CREATE TABLE message_templates (
    project_id          TEXT    NOT NULL REFERENCES projects (id),
    id                  TEXT    NOT NULL,  -- Meta-style numeric id, unique across projects
    business_account_id TEXT    NOT NULL,  -- the WABA (no FK: numbers carry it, not a table)
    name                TEXT    NOT NULL,
    language            TEXT    NOT NULL,
    category            TEXT    NOT NULL,
    previous_category   TEXT,
    status              TEXT    NOT NULL,
    parameter_format    TEXT    NOT NULL,
    components          TEXT    NOT NULL CHECK (json_valid(components)),
    rejected_reason     TEXT,
    quality             TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    review_due_at       INTEGER,
    PRIMARY KEY (project_id, id),
    UNIQUE (id),
    UNIQUE (project_id, business_account_id, name, language)
) STRICT;

CREATE INDEX message_templates_by_created
    ON message_templates (project_id, business_account_id, created_at, id);
CREATE INDEX message_templates_review_due
    ON message_templates (review_due_at) WHERE review_due_at IS NOT NULL;
