"""PostgreSQL-only behaviour: migrations, indexes and the plans that use them, schemas, errors, bulk paths."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
import shapely
from shapely.geometry import Point, box

from citytwin.core.codes import beidou
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel
from citytwin.core.query_eval import grid_int
from citytwin.errors import BadRequestData, StorageUnavailable
from citytwin.storage.postgres import PostgresStore, writes
from citytwin.storage.postgres.connection import parse_url
from citytwin.storage.postgres.migrate import migrations
from citytwin.storage.postgres.sqlcompile import Params, where_clause
from citytwin.storage.registry import open_store
from tests.conftest import PG_DSN, drop_pg_schema, pg_url

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url: str) -> Iterator[PostgresStore]:
    """A migrated store in a fresh schema."""
    store = open_store(postgres_url)
    assert isinstance(store, PostgresStore)
    try:
        yield store
    finally:
        store.close()


def schema_of(url: str) -> str:
    """The schema a test URL names."""
    return parse_url(url).schema


def sql(query: str, *params: Any) -> list[tuple[Any, ...]]:
    """Rows of a query on the test database (outside any store)."""
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        cur = conn.execute(query.encode(), params or None)
        return cur.fetchall() if cur.description else []


# -- migrations ----------------------------------------------------------------------------------------


def test_migrate_is_idempotent(pg: PostgresStore) -> None:
    assert pg.schema_version() == len(migrations()) >= 1
    assert pg.migrate() == []
    assert pg.migrate() == []
    versions = sql(f'select version from "{pg.target.schema}".schema_version order by 1')
    assert [v for (v,) in versions] == list(range(1, len(migrations()) + 1))


def test_concurrent_migrations_apply_each_version_once(postgres_url: str) -> None:
    stores = [PostgresStore(postgres_url) for _ in range(4)]
    assert stores[0].schema_version() == 0
    results: list[list[int]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(len(stores))

    def run(store: PostgresStore) -> None:
        start.wait()
        try:
            results.append(store.migrate())
        except BaseException as err:  # surfaced below
            errors.append(err)

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    try:
        assert errors == []
        assert sorted(results) == [[], [], [], list(range(1, len(migrations()) + 1))]
        assert all(s.schema_version() == len(migrations()) for s in stores)
        stores[1].tenant().create(Entity("urn:x:1", ("T",), {"a": [prop(1)]}))
    finally:
        for s in stores:
            s.close()


def test_a_newer_schema_is_refused(pg: PostgresStore) -> None:
    sql(f"insert into \"{pg.target.schema}\".schema_version (version, name) values (999, '0999_future.sql')")
    with pytest.raises(StorageUnavailable, match="newer"):
        pg.migrate()


def test_tables_live_in_the_url_schema_only(pg: PostgresStore) -> None:
    schema = pg.target.schema
    rows = sql("select table_name from information_schema.tables where table_schema = %s order by 1", schema)
    assert [r[0] for r in rows] == [
        "change_log",
        "documents",
        "entities",
        "history",
        "ledger_blocks",
        "ledger_records",
        "schema_version",
        "stream_leases",
        "stream_state",
    ]
    postgis = sql(
        "select n.nspname from pg_extension e join pg_namespace n on n.oid = e.extnamespace"
        " where e.extname = 'postgis'"
    )
    assert postgis == [("public",)]


def test_schemas_isolate_stores(postgres_url: str, pg: PostgresStore) -> None:
    other = f"ct_test_{uuid.uuid4().hex[:12]}"
    try:
        with open_store(pg_url(other)) as second:
            pg.tenant().create(Entity("urn:x:1", ("T",), {"a": [prop(1)]}))
            assert second.tenant().query(EntityQuery(count=True)).count == 0
            second.tenant().create(Entity("urn:x:1", ("T",), {"a": [prop(2)]}))
            assert pg.tenant().get("urn:x:1").value("a") == 1
            assert second.tenant().get("urn:x:1").value("a") == 2
    finally:
        drop_pg_schema(other)


# -- indexes and plans ---------------------------------------------------------------------------------


def test_indexes_exist(pg: PostgresStore) -> None:
    rows = sql(
        "select tablename, indexname, indexdef from pg_indexes where schemaname = %s", pg.target.schema
    )
    defs = {name: (table, definition.lower()) for table, name, definition in rows}

    def has(table: str, *fragments: str) -> bool:
        return any(t == table and all(f in d for f in fragments) for t, d in defs.values())

    assert has("entities", "using gist (geom)")
    assert has("entities", "btree (tenant, grid)")
    assert has("entities", "(tenant, admin_code text_pattern_ops)")
    assert has("entities", "using gin (types)")
    assert has("entities", "unique", "(tenant, id)")
    assert has("history", "using brin (ts)")
    assert has("history", "btree (tenant, entity_id, attr, ts)")
    assert has("history", "unique", "(tenant, instance_id, entity_id, attr)")
    assert has("documents", "unique", "(tenant, kind, id)")


def plan(store: PostgresStore, query: EntityQuery) -> str:
    """EXPLAIN of the SQL that selects the matching entities."""
    params = Params()
    where = where_clause("", query, params)
    with store.pool.connection() as conn:
        rows = conn.execute(f"explain select id from entities where {where}".encode(), params.values)
        return "\n".join(r[0] for r in rows.fetchall())


def test_selective_queries_use_the_indexes(pg: PostgresStore) -> None:
    districts = ["440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310"]
    entities = [
        Entity(
            f"urn:ngsi-ld:Thing:{i:05d}",
            (f"Type{i % 40}",),
            {
                "location": [
                    geo({"type": "Point", "coordinates": [114 + (i % 60) * 0.005, 22.5 + (i // 60) * 0.005]})
                ],
                "adminCode": [prop(districts[i % 8] + f"{i % 50:03d}")],
            },
        )
        for i in range(3000)
    ]
    assert len(pg.tenant().upsert_many(entities).success) == 3000
    sql(f'analyze "{pg.target.schema}".entities')
    area = box(114.0, 22.5, 114.01, 22.51)
    assert "entities_geom_gist" in plan(pg, EntityQuery(geo=GeoFilter(GeoRel.WITHIN, area)))
    assert "entities_geom_gist" in plan(pg, EntityQuery(geo=GeoFilter(GeoRel.NEAR, Point(114, 22.5), 300)))
    cell = beidou.encode(114.0, 22.5, 7)
    assert "entities_tenant_grid" in plan(pg, EntityQuery(grid_prefix=cell))
    assert "entities_tenant_admin" in plan(pg, EntityQuery(admin_code="440305007"))
    assert "entities_types_gin" in plan(pg, EntityQuery(types=(frozenset({"Type7"}),)))


def test_derived_columns(pg: PostgresStore) -> None:
    footprint = {
        "type": "Polygon",
        "coordinates": [[[114, 22.5], [114.001, 22.5], [114.001, 22.501], [114, 22.5]]],
    }
    entity = Entity(
        "urn:ngsi-ld:Building:1",
        ("Building", "Landmark"),
        {"location": [geo(footprint)], "adminCode": [prop("440305000000")], "cimLevel": [prop("CIM5")]},
        scope=("/Shenzhen/Nanshan",),
    )
    pg.tenant("t").create(entity)
    schema = pg.target.schema
    (row,) = sql(
        "select type, types, scope, level, admin_code, grid, ST_AsText(geom), geojson, doc"
        f' from "{schema}".entities'
    )
    assert row[:5] == ("Building", ["Building", "Landmark"], ["/Shenzhen/Nanshan"], 5, "440305")
    assert row[5] == grid_int(shapely.geometry.shape(footprint))
    assert row[6].startswith("POLYGON((114 22.5")
    assert row[7] is not None and row[8]["location"] == [{"t": "GeoProperty", "v": None}]


# -- errors --------------------------------------------------------------------------------------------


def test_an_unreachable_server_gives_storage_unavailable() -> None:
    started = time.monotonic()
    with pytest.raises(StorageUnavailable, match=r"PostgreSQL at 127\.0\.0\.1:1 is not reachable") as info:
        open_store("postgresql://postgres@127.0.0.1:1/test?schema=ct_never")
    assert time.monotonic() - started < 10
    assert isinstance(info.value.__cause__, psycopg.OperationalError)
    assert info.value.status == 503


@pytest.mark.parametrize("schema", ["bad-name", "x;drop", "1abc", '"q"', ""])
def test_schema_names_must_be_plain_identifiers(schema: str) -> None:
    with pytest.raises(BadRequestData, match="plain identifier"):
        PostgresStore(f"{PG_DSN}?schema={schema}")


def test_the_schema_parameter_is_removed_from_the_dsn() -> None:
    target = parse_url(
        "postgresql+psycopg://u:p@db.example:6543/city?sslmode=disable&schema=twin&application_name=ct"
    )
    assert target.schema == "twin"
    assert target.address == "db.example:6543"
    assert target.conninfo == "postgresql://u:p@db.example:6543/city?sslmode=disable&application_name=ct"
    assert parse_url("postgresql://localhost/city").schema == "public"


def test_values_postgresql_cannot_hold_fail_alone_in_a_batch(pg: PostgresStore) -> None:
    t = pg.tenant()
    good = Entity("urn:x:good", ("T",), {"a": [prop("fine")]})
    bad = Entity("urn:x:bad", ("T",), {"a": [prop("nul \x00 inside")]})
    result = t.upsert_many([good, bad])
    assert result.success == ["urn:x:good"]
    assert [e.entity_id for e in result.errors] == ["urn:x:bad"]
    assert result.errors[0].problem["status"] == 400
    with pytest.raises(BadRequestData):
        t.create(bad)


def test_a_bad_regular_expression_is_bad_request(pg: PostgresStore) -> None:
    with pytest.raises(BadRequestData):
        pg.tenant().query(EntityQuery(id_pattern="(unclosed"))


def test_a_closed_store_refuses_work(postgres_url: str) -> None:
    store = open_store(postgres_url)
    store.close()
    store.close()
    with pytest.raises(StorageUnavailable, match="closed"):
        store.tenant().query(EntityQuery())


# -- bulk paths ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("small", [0, 32], ids=["copy", "statements"])
def test_bulk_upsert_creates_then_updates_in_chunks(
    pg: PostgresStore, monkeypatch: pytest.MonkeyPatch, small: int
) -> None:
    from citytwin.storage.postgres import store as store_module

    monkeypatch.setattr(writes, "SMALL", small)
    monkeypatch.setattr(store_module, "CHUNK", 7)
    t = pg.tenant()

    def cell(i: int, height: float) -> Entity:
        x, y = 114 + (i % 10) * 0.001, 22.5 + (i // 10) * 0.001
        footprint = {
            "type": "Polygon",
            "coordinates": [[[x, y], [x + 5e-4, y], [x + 5e-4, y + 5e-4], [x, y]]],
        }
        attrs = {"location": [geo(footprint)], "height": [prop(height)]}
        return Entity(f"urn:ngsi-ld:Building:{i:03d}", ("Building",), attrs)

    first = t.upsert_many(cell(i, 1.0) for i in range(30))
    assert len(first.success) == 30 and first.errors == []
    created = t.get("urn:ngsi-ld:Building:005")
    second = t.upsert_many(cell(i, 2.0) for i in range(20, 40))
    assert len(second.success) == 20
    assert t.query(EntityQuery(count=True, limit=0)).count == 40
    heights = [e.value("height") for e in t.query(EntityQuery(limit=100)).entities]
    assert heights == [1.0] * 20 + [2.0] * 20
    assert t.get("urn:ngsi-ld:Building:005") == created
    inside = t.query(
        EntityQuery(geo=GeoFilter(GeoRel.WITHIN, box(113.9, 22.4, 114.0042, 22.5009)), limit=100)
    )
    assert [e.id for e in inside.entities] == [f"urn:ngsi-ld:Building:{i:03d}" for i in range(4)]


def test_concurrent_creates_of_one_id_end_with_one_winner(pg: PostgresStore) -> None:
    errors: list[str] = []
    wins: list[int] = []
    start = threading.Barrier(4)

    def run(n: int) -> None:
        start.wait()
        result = pg.tenant().create_many([Entity("urn:x:race", ("T",), {"n": [prop(n)]})])
        wins.extend([n] if result.success else [])
        errors.extend(e.problem["title"] for e in result.errors)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(wins) == 1 and errors == ["Already exists"] * 3
    assert pg.tenant().get("urn:x:race").value("n") == wins[0]


@pytest.mark.parametrize("small", [0, 32], ids=["copy", "statements"])
def test_repeated_ids_in_a_batch_apply_in_order(
    pg: PostgresStore, monkeypatch: pytest.MonkeyPatch, small: int
) -> None:
    monkeypatch.setattr(writes, "SMALL", small)
    t = pg.tenant()
    t.create(Entity("urn:x:1", ("T",), {"a": [prop(0)]}))

    def patch(entity_id: str, **values: int) -> Entity:
        return Entity(entity_id, ("T",), {name: [prop(v)] for name, v in values.items()})

    merged = t.upsert_many([patch("urn:x:1", b=1), patch("urn:x:2", c=2), patch("urn:x:1", d=3)], merge=True)
    assert merged.success == ["urn:x:1", "urn:x:2", "urn:x:1"] and merged.errors == []
    assert sorted(t.get("urn:x:1").attrs) == ["a", "b", "d"]
    replaced = t.upsert_many([patch("urn:x:2", e=4), patch("urn:x:3", f=5), patch("urn:x:2", g=6)])
    assert replaced.success == ["urn:x:2", "urn:x:3", "urn:x:2"]
    assert sorted(t.get("urn:x:2").attrs) == ["g"]
    created = t.create_many([patch("urn:x:4", a=1), patch("urn:x:1", a=1), patch("urn:x:4", a=2)])
    assert created.success == ["urn:x:4"]
    assert [e.entity_id for e in created.errors] == ["urn:x:1", "urn:x:4"]
    assert t.get("urn:x:4").value("a") == 1


def test_an_id_repeated_across_chunks_ends_with_its_last_write(
    pg: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citytwin.storage.postgres import store as store_module

    monkeypatch.setattr(store_module, "CHUNK", 3)
    monkeypatch.setattr(writes, "SMALL", 0)
    t = pg.tenant()
    batch = [Entity(f"urn:x:{i % 4}", ("T",), {"n": [prop(i)]}) for i in range(40)]
    assert len(t.upsert_many(batch).success) == 40
    assert {e.id: e.value("n") for e in t.query(EntityQuery()).entities} == {
        "urn:x:0": 36,
        "urn:x:1": 37,
        "urn:x:2": 38,
        "urn:x:3": 39,
    }
    patches = (Entity(f"urn:x:{i % 4}", ("T",), {f"m{i}": [prop(i)]}) for i in range(40))
    assert len(t.upsert_many(patches, merge=True).success) == 40
    assert sorted(t.get("urn:x:1").attrs) == sorted(["n", *(f"m{i}" for i in range(1, 40, 4))])


def test_errors_keep_input_order_across_pipelined_chunks(
    pg: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citytwin.storage.postgres import store as store_module

    monkeypatch.setattr(store_module, "CHUNK", 4)
    monkeypatch.setattr(writes, "SMALL", 0)
    t = pg.tenant()
    t.create(Entity("urn:x:05", ("T",), {"a": [prop(0)]}))
    batch: list[Any] = [Entity(f"urn:x:{i:02d}", ("T",), {"a": [prop(i)]}) for i in range(20)]
    batch[3] = "not an entity"
    batch[9] = Entity("urn:x:09", ("T",), {"a": [prop("nul\x00")]})
    result = t.create_many(batch)
    assert [e.entity_id for e in result.errors] == ["?", "urn:x:05", "urn:x:09"]
    assert result.success == [f"urn:x:{i:02d}" for i in range(20) if i not in (3, 5, 9)]
    assert t.query(EntityQuery(count=True, limit=0)).count == 18


def test_history_values_postgresql_cannot_hold_are_bad_requests(pg: PostgresStore) -> None:
    from datetime import UTC, datetime

    from citytwin.core.query import AttributeInstance, HistoryQuery

    t = pg.tenant()
    good = AttributeInstance("urn:x:1", "a", datetime(2024, 1, 1, tzinfo=UTC), "ok")
    for bad in ("nul \x00", {"k": "\x00"}):
        with pytest.raises(BadRequestData):
            t.append_history([good, AttributeInstance("urn:x:1", "a", datetime(2024, 1, 1, tzinfo=UTC), bad)])
    assert t.read_history(HistoryQuery()) == []
