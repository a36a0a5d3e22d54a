-- 0001: projects, API keys, customers, setup links, phone numbers and the event outbox.
--
-- Conventions (see src/store/README.md):
--  * Every tenant table carries project_id, and every index a query uses leads with it. The only
--    indexes that do not are the global UNIQUE ones (api_keys.key_hash, setup_links.slug,
--    phone_numbers.phone_number_id): they exist for their uniqueness across projects.
--  * Timestamps are INTEGER microseconds since the Unix epoch (UTC).
--  * Booleans are INTEGER 0/1; enums are TEXT with a CHECK; lists and small objects are JSON text.
--  * The schema_migrations bookkeeping table is created by the migration runner itself.
--  * Applied in one transaction by the runner; do not put BEGIN/COMMIT or PRAGMAs here.

CREATE TABLE projects (
    id          TEXT    NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
    project_id  TEXT    NOT NULL REFERENCES projects (id),
    id          TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    key_hash    TEXT    NOT NULL UNIQUE,  -- hex SHA-256; the unscoped lookup of every request
    prefix      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    PRIMARY KEY (project_id, id)
) STRICT;

CREATE TABLE customers (
    project_id            TEXT    NOT NULL REFERENCES projects (id),
    id                    TEXT    NOT NULL,
    name                  TEXT    NOT NULL,
    external_customer_id  TEXT,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    PRIMARY KEY (project_id, id)
) STRICT;

CREATE INDEX customers_by_created ON customers (project_id, created_at, id);
CREATE INDEX customers_by_external_id
    ON customers (project_id, external_customer_id, created_at, id);

CREATE TABLE setup_links (
    project_id                 TEXT    NOT NULL,
    id                         TEXT    NOT NULL,
    customer_id                TEXT    NOT NULL,
    status                     TEXT    NOT NULL
        CHECK (status IN ('active', 'used', 'expired', 'revoked')),
    slug                       TEXT    NOT NULL UNIQUE,  -- the public URL's path segment
    token_hash                 TEXT    NOT NULL,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    expires_at                 INTEGER,
    success_redirect_url       TEXT,
    failure_redirect_url       TEXT,
    allowed_origins            TEXT    NOT NULL CHECK (json_valid(allowed_origins)),
    allowed_connection_types   TEXT    NOT NULL CHECK (json_valid(allowed_connection_types)),
    meta_billing_mode          TEXT    NOT NULL
        CHECK (meta_billing_mode IN ('customer_managed', 'partner_managed')),
    provision_phone_number     INTEGER NOT NULL CHECK (provision_phone_number IN (0, 1)),
    phone_number_area_code     TEXT,
    phone_number_country_isos  TEXT    NOT NULL CHECK (json_valid(phone_number_country_isos)),
    reconnect_phone_number     TEXT,
    theme_config               TEXT    CHECK (theme_config IS NULL OR json_valid(theme_config)),
    language                   TEXT,
    whatsapp_setup_status      TEXT    NOT NULL
        CHECK (whatsapp_setup_status IN ('pending', 'processing', 'completed', 'failed')),
    whatsapp_setup_error       TEXT,
    provisioned_phone_number   TEXT
        CHECK (provisioned_phone_number IS NULL OR json_valid(provisioned_phone_number)),
    phone_number_id            TEXT,  -- Meta's id of the number this link connected; no FK
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, customer_id) REFERENCES customers (project_id, id)
) STRICT;

CREATE INDEX setup_links_by_customer ON setup_links (project_id, customer_id, created_at, id);

CREATE TABLE phone_numbers (
    project_id                       TEXT    NOT NULL REFERENCES projects (id),
    internal_id                      TEXT    NOT NULL,
    phone_number_id                  TEXT    NOT NULL UNIQUE,  -- Meta's ids are global
    business_account_id              TEXT    NOT NULL,
    customer_id                      TEXT,  -- null: not (or no longer) attached to a customer
    name                             TEXT    NOT NULL,
    kind                             TEXT    NOT NULL CHECK (kind IN ('production', 'sandbox')),
    is_coexistence                   INTEGER NOT NULL CHECK (is_coexistence IN (0, 1)),
    inbound_processing_enabled       INTEGER NOT NULL CHECK (inbound_processing_enabled IN (0, 1)),
    calls_enabled                    INTEGER NOT NULL CHECK (calls_enabled IN (0, 1)),
    webhook_verified_at              INTEGER,
    display_name                     TEXT,
    display_phone_number             TEXT,
    display_phone_number_normalized  TEXT,
    verified_name                    TEXT,
    quality_rating                   TEXT,
    code_verification_status         TEXT,
    name_status                      TEXT,
    status                           TEXT,
    throughput_tier                  TEXT,
    messaging_limit                  TEXT,
    is_official_business_account     INTEGER NOT NULL
        CHECK (is_official_business_account IN (0, 1)),
    is_pin_enabled                   INTEGER NOT NULL CHECK (is_pin_enabled IN (0, 1)),
    sealed_access_token              TEXT,  -- SecretBox output only, never plain text
    sealed_webhook_verify_token      TEXT,
    webhook_destination_url          TEXT,
    created_at                       INTEGER NOT NULL,
    updated_at                       INTEGER NOT NULL,
    PRIMARY KEY (project_id, internal_id),
    FOREIGN KEY (project_id, customer_id) REFERENCES customers (project_id, id)
) STRICT;

CREATE INDEX phone_numbers_by_created ON phone_numbers (project_id, created_at, internal_id);
CREATE INDEX phone_numbers_by_waba
    ON phone_numbers (project_id, business_account_id, created_at, internal_id);
CREATE INDEX phone_numbers_by_customer ON phone_numbers (project_id, customer_id);

-- The outbox. seq is the insertion order: it breaks created_at ties so that readers see events
-- in the order they were recorded. No FKs to customers/phone numbers: events outlive them.
CREATE TABLE events (
    seq              INTEGER PRIMARY KEY,
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    id               TEXT    NOT NULL,
    type             TEXT    NOT NULL,
    phone_number_id  TEXT,
    customer_id      TEXT,
    payload          TEXT    NOT NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (project_id, id)
) STRICT;

CREATE INDEX events_by_created ON events (project_id, created_at, seq);
