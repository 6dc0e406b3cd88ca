-- citytwin.governance: the tamper-evident ledger (docs/ledger.md).
-- Records are numbered 1, 2, ... without gaps; each row keeps its chain hash, so a later edit, deletion or
-- reordering of any row no longer matches what verification recomputes (leaf hashes are recomputed from the
-- content, never stored, so there is no hash column that could be edited alone). Blocks seal runs of
-- consecutive records under a Merkle root and link to the previous block by hash. No secondary indexes: the
-- append path stays a pure rowid append (tens of thousands of records per second on one writer).

CREATE TABLE ledger_records (
    seq        INTEGER PRIMARY KEY,
    at_us      INTEGER NOT NULL,     -- microseconds since the epoch
    tenant     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    resource   TEXT NOT NULL,
    attrs      TEXT NOT NULL,        -- JSON array of attribute names
    purpose    TEXT NOT NULL,
    request_id TEXT NOT NULL,
    digest     TEXT NOT NULL,        -- hex SHA-256 of the data involved
    chain      BLOB NOT NULL         -- SHA-256(previous chain || SHA-256(0x00 || canonical record))
);

CREATE TABLE ledger_blocks (
    height       INTEGER PRIMARY KEY,
    first_seq    INTEGER NOT NULL,
    last_seq     INTEGER NOT NULL,
    sealed_at_us INTEGER NOT NULL,
    merkle_root  BLOB NOT NULL,
    prev_hash    BLOB NOT NULL,
    chain_head   BLOB NOT NULL,
    hash         BLOB NOT NULL
);
