-- citytwin PostgreSQL schema, version 7: the system times of each history row (see the SQLite migration
-- 0007): created_at is when the attribute instance was created in the broker, modified_at when this row's
-- value was written. Rows without them (older rows, bulk ingest) read as their ts. Nullable columns without
-- a default are added without rewriting the table.
alter table history add column created_at timestamptz, add column modified_at timestamptz;
