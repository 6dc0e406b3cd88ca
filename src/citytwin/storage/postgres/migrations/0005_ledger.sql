-- citytwin.governance: the tamper-evident ledger (see the SQLite migration 0005 and docs/ledger.md).
-- Appends take an advisory transaction lock, so one writer at a time extends the hash chain, whichever
-- process it runs in.

create table ledger_records (
    seq        bigint primary key,
    at_us      bigint not null,
    tenant     text not null,
    actor      text not null,
    action     text not null,
    resource   text not null,
    attrs      text not null,
    purpose    text not null,
    request_id text not null,
    digest     text not null,
    chain      bytea not null
);

create table ledger_blocks (
    height       bigint primary key,
    first_seq    bigint not null,
    last_seq     bigint not null,
    sealed_at_us bigint not null,
    merkle_root  bytea not null,
    prev_hash    bytea not null,
    chain_head   bytea not null,
    hash         bytea not null
);
