-- citytwin embedded schema, version 6: entities per (tenant, primary type), kept by triggers.
-- n is the number of entities; gen changes whenever an entity of that type is added or removed (ids in
-- order change only then). Deep pages of a type are found from sampled ids in that order (anchors) that
-- stay valid while gen does not move, and a type's count needs no scan (citytwin.storage.sqlite.anchors).
CREATE TABLE entity_counts (
    tenant TEXT NOT NULL,
    ptype  TEXT NOT NULL,
    n      INTEGER NOT NULL,
    gen    INTEGER NOT NULL,
    PRIMARY KEY (tenant, ptype)
) WITHOUT ROWID;

INSERT INTO entity_counts (tenant, ptype, n, gen) SELECT tenant, ptype, count(*), 1 FROM entities GROUP BY 1, 2;

CREATE TRIGGER entity_counts_insert AFTER INSERT ON entities BEGIN
    INSERT INTO entity_counts (tenant, ptype, n, gen) VALUES (new.tenant, new.ptype, 1, 1)
    ON CONFLICT (tenant, ptype) DO UPDATE SET n = n + 1, gen = gen + 1;
END;

CREATE TRIGGER entity_counts_delete AFTER DELETE ON entities BEGIN
    UPDATE entity_counts SET n = n - 1, gen = gen + 1 WHERE tenant = old.tenant AND ptype = old.ptype;
END;

CREATE TRIGGER entity_counts_retype AFTER UPDATE OF ptype, tenant ON entities
WHEN new.ptype IS NOT old.ptype OR new.tenant IS NOT old.tenant BEGIN
    UPDATE entity_counts SET n = n - 1, gen = gen + 1 WHERE tenant = old.tenant AND ptype = old.ptype;
    INSERT INTO entity_counts (tenant, ptype, n, gen) VALUES (new.tenant, new.ptype, 1, 1)
    ON CONFLICT (tenant, ptype) DO UPDATE SET n = n + 1, gen = gen + 1;
END;
