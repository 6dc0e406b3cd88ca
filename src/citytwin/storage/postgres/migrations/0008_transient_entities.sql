-- citytwin schema, version 8: a partial index of the transient entities, those whose document holds an entity
-- expiresAt (codec.EXPIRES_KEY, "<expiresAt>"). Queries leave out the expired ones (NGSI-LD 4.22) and the
-- sweeper finds them through it, neither reading the documents of the other entities.
create index if not exists entities_transient on entities (tenant) where doc ? '<expiresAt>';
