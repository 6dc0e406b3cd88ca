-- citytwin embedded schema, version 1.
-- Every table is keyed by tenant. Entity documents are JSON text (see citytwin.storage.codec); the columns
-- beside them are derived from the document when it is written, so queries need not parse it.

CREATE TABLE tenants (
    name TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE entities (
    rid      INTEGER PRIMARY KEY,
    tenant   TEXT NOT NULL,
    id       TEXT NOT NULL,
    ptype    TEXT NOT NULL,         -- primary (first) type
    xtypes   TEXT,                  -- JSON array of the further types, NULL when single-typed
    scopes   TEXT,                  -- JSON array of scopes, NULL when none
    level    INTEGER,               -- cimLevel as 1..7
    admin    TEXT,                  -- canonical GB/T 2260 code of adminCode
    grid     INTEGER,               -- BeiDou level-10 integer code of the location's representative point
                                    -- (-1 in the polar caps, which the grid does not cover)
    minx     REAL,                  -- exact bounds of the location
    maxx     REAL,
    miny     REAL,
    maxy     REAL,
    geom     BLOB,                  -- WKB of the location, refined with shapely without re-parsing GeoJSON
    created  TEXT NOT NULL,
    modified TEXT NOT NULL,
    doc      TEXT NOT NULL
);
CREATE UNIQUE INDEX entities_id ON entities (tenant, id);
CREATE INDEX entities_type ON entities (tenant, ptype, id);
-- Grid-prefix queries are integer ranges on grid; the bounds ride along so that the spatial index below can
-- reject candidates from the index alone.
CREATE INDEX entities_grid ON entities (tenant, grid, minx, maxx, miny, maxy) WHERE grid IS NOT NULL;
CREATE INDEX entities_admin ON entities (tenant, admin) WHERE admin IS NOT NULL;

-- Further types and scopes: rare, so they live beside the entity and are kept in step by triggers.
CREATE TABLE entity_types (
    tenant TEXT NOT NULL,
    type   TEXT NOT NULL,
    rid    INTEGER NOT NULL,
    PRIMARY KEY (tenant, type, rid)
) WITHOUT ROWID;
CREATE INDEX entity_types_rid ON entity_types (rid);

CREATE TABLE entity_scopes (
    tenant TEXT NOT NULL,
    scope  TEXT NOT NULL,
    rid    INTEGER NOT NULL,
    PRIMARY KEY (tenant, scope, rid)
) WITHOUT ROWID;
CREATE INDEX entity_scopes_rid ON entity_scopes (rid);

CREATE TRIGGER entities_insert_types AFTER INSERT ON entities WHEN new.xtypes IS NOT NULL BEGIN
    INSERT INTO entity_types (tenant, type, rid) SELECT new.tenant, value, new.rid FROM json_each(new.xtypes);
END;

CREATE TRIGGER entities_insert_scopes AFTER INSERT ON entities WHEN new.scopes IS NOT NULL BEGIN
    INSERT INTO entity_scopes (tenant, scope, rid) SELECT new.tenant, value, new.rid FROM json_each(new.scopes);
END;

CREATE TRIGGER entities_update_types AFTER UPDATE OF xtypes ON entities
WHEN old.xtypes IS NOT new.xtypes BEGIN
    DELETE FROM entity_types WHERE rid = old.rid;
    INSERT INTO entity_types (tenant, type, rid) SELECT new.tenant, value, new.rid FROM json_each(new.xtypes);
END;

CREATE TRIGGER entities_update_scopes AFTER UPDATE OF scopes ON entities
WHEN old.scopes IS NOT new.scopes BEGIN
    DELETE FROM entity_scopes WHERE rid = old.rid;
    INSERT INTO entity_scopes (tenant, scope, rid) SELECT new.tenant, value, new.rid FROM json_each(new.scopes);
END;

CREATE TRIGGER entities_delete AFTER DELETE ON entities
WHEN old.xtypes IS NOT NULL OR old.scopes IS NOT NULL BEGIN
    DELETE FROM entity_types WHERE rid = old.rid;
    DELETE FROM entity_scopes WHERE rid = old.rid;
END;

-- The spatial index: an R*Tree over grid tiles (one column of BeiDou level-5 cells inside a level-4 cell,
-- 4" x 1', about 115 m x 1.85 km). A tile's box covers the bounds of every location whose representative
-- point lies in the tile; boxes only grow (deletes leave them, which is safe). A geo-query finds the tiles
-- whose box meets its own, scans those tiles' grid ranges in entities_grid with the bounds test, and refines
-- exactly. See citytwin.storage.sqlite.tiles for why not one R*Tree entry per entity.
CREATE TABLE grid_tiles (
    tid    INTEGER PRIMARY KEY,     -- the R*Tree id
    tenant TEXT NOT NULL,
    tile   INTEGER NOT NULL,        -- grid // tile span (-1: the polar caps)
    minx   REAL NOT NULL,           -- exact box (the R*Tree keeps float32 copies rounded outwards)
    maxx   REAL NOT NULL,
    miny   REAL NOT NULL,
    maxy   REAL NOT NULL
);
CREATE UNIQUE INDEX grid_tiles_tile ON grid_tiles (tenant, tile);
CREATE VIRTUAL TABLE tile_bbox USING rtree (tid, minx, maxx, miny, maxy);

-- Attribute history: append-only, time in integer microseconds since the epoch.
CREATE TABLE history (
    hid         INTEGER PRIMARY KEY,
    tenant      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    attr        TEXT NOT NULL,
    dataset_id  TEXT,
    ts_us       INTEGER NOT NULL,
    value       TEXT NOT NULL,      -- canonical JSON
    value_num   REAL,               -- the value when it is a number (not a boolean)
    unit        TEXT,
    entity_type TEXT,
    instance_id TEXT
);
CREATE INDEX history_series ON history (tenant, entity_id, attr, ts_us);
CREATE UNIQUE INDEX history_instance ON history (tenant, entity_id, attr, instance_id)
    WHERE instance_id IS NOT NULL;

CREATE TABLE documents (
    tenant TEXT NOT NULL,
    kind   TEXT NOT NULL,
    id     TEXT NOT NULL,
    doc    TEXT NOT NULL,
    PRIMARY KEY (tenant, kind, id)
) WITHOUT ROWID;
