-- citytwin.stream: the durable change log, stream cursors and leases (see the SQLite migration 0004).
-- Appends take an advisory transaction lock, so seq values become visible in seq order: a reader that
-- remembers the last seq it saw can never miss a row committed later with a smaller seq.

create table change_log (
    seq       bigint generated always as identity primary key,
    tenant    text collate "C" not null,
    entity_id text collate "C" not null,
    kind      text not null,
    types     text not null,            -- JSON array
    at_us     bigint not null,          -- when the change happened, microseconds since the epoch
    writer    text not null,            -- the process that wrote it
    payload   bytea not null            -- citytwin.stream.changelog encoding
);

create table stream_state (
    name  text collate "C" primary key,
    seq   bigint not null,
    state bytea not null
);

create table stream_leases (
    name     text collate "C" primary key,
    owner    text not null,
    until_us bigint not null
);
