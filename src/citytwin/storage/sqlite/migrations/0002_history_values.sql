-- citytwin embedded schema, version 2: aggregation reads history from one covering index.
-- (tenant, entity_id, attr, ts_us, value_num) serves every series lookup the old history_series index did, and
-- sum / avg / min / max / count / sumsq / stddev without touching the table; the old index is then redundant
-- and only slowed appends.
CREATE INDEX history_values ON history (tenant, entity_id, attr, ts_us, value_num);
DROP INDEX history_series;
