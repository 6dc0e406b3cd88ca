-- citytwin schema, version 9: a partial index of the history instances that carry a datasetId. The aggregated
-- temporal representation aggregates each datasetId of an attribute apart, and must know which series hold
-- any, also of datasetIds the entity no longer holds; most series hold none, so the index is small and the
-- question is one probe per series (citytwin.storage.postgres.history.dataset_series).
create index if not exists history_datasets on history (tenant, entity_id, attr) where dataset_id is not null;
