-- 0007: media (POST /{phone_number_id}/media, inbound media, ingested media) and Graph's
-- resumable upload sessions (POST /{app_id}/uploads).
--
--  * The bytes live in the blob store (content-addressed by sha256), outside the database; a row
--    is what makes a blob reachable. Several rows may share one blob (the same file uploaded
--    twice, an inbound copy of an upload); the blob collector removes blobs no row references.
--  * expires_at: uploads 30 days, inbound media 7 days; the sweep deletes rows past it (partial
--    order by the index).
--  * upload_sessions: offset grows with each appended chunk; handle and sha256 are set when the
--    last byte arrived. Sessions expire too (their staged bytes are removed with them).

CREATE TABLE media (
    project_id      TEXT    NOT NULL REFERENCES projects (id),
    id              TEXT    NOT NULL,
    phone_number_id TEXT    NOT NULL,
    mime_type       TEXT    NOT NULL,
    sha256          TEXT    NOT NULL,
    file_size       INTEGER NOT NULL,
    filename        TEXT,
    origin          TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (id)
) STRICT;

CREATE INDEX media_by_expiry ON media (expires_at);
CREATE INDEX media_by_sha256 ON media (sha256);

CREATE TABLE upload_sessions (
    project_id  TEXT    NOT NULL REFERENCES projects (id),
    id          TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    file_length INTEGER NOT NULL,
    file_type   TEXT    NOT NULL,
    file_offset INTEGER NOT NULL,
    handle      TEXT,
    sha256      TEXT,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    PRIMARY KEY (project_id, id),
    UNIQUE (id)
) STRICT;

CREATE INDEX upload_sessions_by_expiry ON upload_sessions (expires_at);
CREATE INDEX upload_sessions_by_sha256 ON upload_sessions (sha256) WHERE sha256 IS NOT NULL;
