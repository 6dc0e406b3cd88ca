-- citytwin embedded schema, version 8: a partial index of the transient entities, those whose document holds
-- an entity expiresAt (codec.EXPIRES_KEY, "<expiresAt>"). Queries leave out the expired ones (NGSI-LD 4.22)
-- and the sweeper finds them through it, neither reading the documents of the other entities. The condition
-- is the one querycompile writes, word for word, so that the planner can use the index.
CREATE INDEX IF NOT EXISTS entities_transient ON entities (tenant) WHERE instr(doc, '"<expiresAt>"') > 0;
