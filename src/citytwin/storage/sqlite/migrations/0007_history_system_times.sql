-- citytwin embedded schema, version 7: the system times of each history row, for timeproperty=createdAt
-- and timeproperty=modifiedAt (ETSI GS CIM 009 clause 4.11). created_us is when the attribute instance (its
-- datasetId) was created in the broker, modified_us when this row's value was written, both in microseconds
-- since the epoch. Rows written before this version, and rows of the bulk ingest path, have neither: they
-- read as their ts_us. Adding nullable columns rewrites nothing, so old databases stay readable as they are.
ALTER TABLE history ADD COLUMN created_us INTEGER;
ALTER TABLE history ADD COLUMN modified_us INTEGER;
