-- citytwin.stream: the durable change log, stream cursors and leases.
-- Every entity change is stored once, in commit order (seq), whichever process wrote it; subscriptions keep a
-- cursor (the last seq they are done with) and derive their notifications from the log, so nothing queued
-- is lost when a receiver is down or the platform restarts. AUTOINCREMENT: a seq is never reused, even after
-- the log was trimmed empty (a reused seq would hide changes from a cursor).

CREATE TABLE change_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    kind      TEXT NOT NULL,
    types     TEXT NOT NULL,        -- JSON array
    at_us     INTEGER NOT NULL,     -- when the change happened, microseconds since the epoch
    writer    TEXT NOT NULL,        -- the process that wrote it
    payload   BLOB NOT NULL         -- citytwin.stream.changelog encoding
);

CREATE TABLE stream_state (
    name  TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL,
    state BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE stream_leases (
    name     TEXT PRIMARY KEY,
    owner    TEXT NOT NULL,
    until_us INTEGER NOT NULL
) WITHOUT ROWID;
