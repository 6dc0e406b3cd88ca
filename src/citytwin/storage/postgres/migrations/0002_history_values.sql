-- citytwin PostgreSQL schema, version 2: aggregation reads history from one covering index.
-- (tenant, entity_id, attr, ts) including value_num serves every series lookup the old index did, and the
-- numeric aggregates by index-only scans; the old index is then redundant and only slowed appends.
create index history_series_values on history (tenant, entity_id, attr, ts) include (value_num);
drop index history_entity_attr_ts;
