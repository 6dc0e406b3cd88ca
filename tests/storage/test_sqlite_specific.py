"""The embedded SQLite backend: URL options, WAL and durability mode, migrations, threads, tiles, errors."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point, box

from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel, types_of
from citytwin.errors import BadRequestData, StorageUnavailable
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import schema, tiles
from citytwin.storage.sqlite.connection import parse_url
from citytwin.storage.sqlite.store import SQLiteStore


def sensor(i: int, lng: float = 114.05, lat: float = 22.54) -> Entity:
    """A point sensor."""
    out = Entity(f"urn:ngsi-ld:Sensor:{i:06d}", ("Sensor",))
    out.set("pm25", prop(i % 100))
    out.set("location", geo({"type": "Point", "coordinates": [lng, lat]}))
    return out


@pytest.mark.parametrize(
    ("url", "path", "synchronous"),
    [
        ("sqlite:///city.db", "city.db", "normal"),
        ("sqlite:////var/lib/citytwin/city.db", "/var/lib/citytwin/city.db", "normal"),
        ("sqlite:///city.db?synchronous=full", "city.db", "full"),
        ("sqlite:///my%20city.db?synchronous=NORMAL&busy_timeout_ms=500&cache_mb=16", "my city.db", "normal"),
        ("sqlite:///:memory:", ":memory:", "normal"),
    ],
)
def test_url_options(url: str, path: str, synchronous: str) -> None:
    options = parse_url(url)
    assert (options.path, options.synchronous) == (path, synchronous)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://host/city.db",
        "sqlite://",
        "sqlite:///city.db?synchronous=off",
        "sqlite:///city.db?journal=delete",
        "sqlite:///city.db?cache_mb=-1",
        "postgresql:///city",
    ],
)
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(BadRequestData):
        parse_url(url)


@pytest.mark.parametrize(("option", "expected"), [("", 1), ("?synchronous=full", 2)])
def test_wal_and_synchronous_mode(tmp_path: Path, option: str, expected: int) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'twin.db'}{option}")
    assert isinstance(store, SQLiteStore)
    try:
        with store.write() as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == expected
    finally:
        store.close()
    raw = sqlite3.connect(tmp_path / "twin.db")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # WAL is a property of the file
    raw.close()


def test_migrations_are_versioned_and_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    store = open_store(url, migrate=False)
    try:
        assert store.schema_version() == 0
        assert store.migrate() == [1, 2, 3, 4, 5, 6, 7, 8, 9]
        assert store.migrate() == []
        assert store.schema_version() == len(schema.migrations()) == 9
    finally:
        store.close()
    again = open_store(url)
    try:
        assert again.schema_version() == 9
        with again.read() as conn:  # type: ignore[attr-defined]
            names = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
            }
            assert {"entities", "history", "documents", "grid_tiles", "tile_bbox", "schema_version"} <= names
            assert {"entities_grid", "entities_admin", "entities_type", "history_instance"} <= names
            assert "history_values" in names and "history_series" not in names  # 0002
            assert {"change_log", "stream_state", "stream_leases"} <= names  # 0004
            assert {"ledger_records", "ledger_blocks"} <= names  # 0005
            assert "entity_counts" in names  # 0006
    finally:
        again.close()


def test_concurrent_migrations_apply_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    stores = [open_store(url, migrate=False) for _ in range(4)]
    applied: list[list[int]] = []
    threads = [threading.Thread(target=lambda s=s: applied.append(s.migrate())) for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(applied) == [[], [], [], [1, 2, 3, 4, 5, 6, 7, 8, 9]]
    for s in stores:
        s.close()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    open_store(url).close()
    raw = sqlite3.connect(tmp_path / "twin.db")
    raw.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', 'now')")
    raw.commit()
    raw.close()
    with pytest.raises(StorageUnavailable, match="newer"):
        open_store(url)


def test_statements_keep_trigger_bodies_whole() -> None:
    parts = schema.statements(
        "CREATE TABLE a (x);\n-- note\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
        "  SELECT 1;\n  SELECT 2;\nEND;\n"
    )
    assert len(parts) == 2 and parts[1].endswith("END;")


def test_driver_errors_become_storage_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StorageUnavailable):
        open_store(f"sqlite:///{tmp_path / 'missing-dir' / 'twin.db'}")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageUnavailable):
        open_store(f"sqlite:///{junk}")


def test_closed_store_refuses_work(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'twin.db'}")
    tenant = store.tenant()
    store.close()
    store.close()
    with pytest.raises(StorageUnavailable):
        tenant.query(EntityQuery())
    with pytest.raises(StorageUnavailable):
        tenant.create(sensor(1))


def test_in_memory_store() -> None:
    with open_store("sqlite:///:memory:") as store:
        tenant = store.tenant()
        tenant.upsert_many(sensor(i) for i in range(10))
        near = GeoFilter(GeoRel.NEAR, Point(114.05, 22.54), max_distance=1)
        assert tenant.query(EntityQuery(geo=near, count=True)).count == 10


def test_readers_on_threads_see_whole_batches_while_one_writer_writes(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'twin.db'}")
    tenant = store.tenant()
    batch, batches = 300, 12
    errors: list[BaseException] = []
    seen: list[int] = []
    done = threading.Event()

    def write() -> None:
        try:
            for b in range(batches):
                tenant.upsert_many(sensor(b * batch + i) for i in range(batch))
        except BaseException as err:
            errors.append(err)
        finally:
            done.set()

    def read() -> None:
        try:
            while not done.is_set():
                count = tenant.query(EntityQuery(types=types_of("Sensor"), count=True, limit=5)).count
                assert count is not None and count % batch == 0  # one transaction per batch
                seen.append(count)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    try:
        assert not errors, errors
        assert tenant.query(EntityQuery(count=True, limit=0)).count == batch * batches
        assert seen and max(seen) <= batch * batches
    finally:
        store.close()


def test_tile_boxes_cover_every_location(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'twin.db'}")
    assert isinstance(store, SQLiteStore)
    rng = np.random.default_rng(5)
    entities = []
    for i in range(400):
        x, y = rng.uniform(113.8, 114.3), rng.uniform(22.45, 22.75)
        size = rng.choice([0.0002, 0.002, 0.05])  # buildings, blocks and whole districts
        shape = box(x, y, x + size, y + size)
        entities.append(
            Entity(f"urn:ngsi-ld:Area:{i:04d}", ("Area",), {"location": [geo(shape.__geo_interface__)]})
        )
    entities.append(sensor(999_999, lng=12.0, lat=89.5))  # the polar tile
    try:
        tenant = store.tenant()
        assert not tenant.upsert_many(entities).errors
        with store.read() as conn:
            rows = conn.execute(
                "SELECT e.grid, e.minx, e.miny, e.maxx, e.maxy, t.minx, t.miny, t.maxx, t.maxy"
                " FROM entities e JOIN grid_tiles t ON t.tenant = e.tenant"
                f" AND t.tile = CASE WHEN e.grid < 0 THEN -1 ELSE e.grid / {tiles.TILE_SPAN} END"
            ).fetchall()
        assert len(rows) == len(entities)
        for _, x0, y0, x1, y1, tx0, ty0, tx1, ty1 in rows:
            assert tx0 <= x0 and ty0 <= y0 and x1 <= tx1 and y1 <= ty1
        whole = EntityQuery(
            geo=GeoFilter(GeoRel.INTERSECTS, box(113.7, 22.4, 114.4, 22.8)), count=True, limit=0
        )
        assert tenant.query(whole).count == 400
        pole = EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, box(11, 89, 13, 89.9)))
        assert [e.id for e in tenant.query(pole).entities] == ["urn:ngsi-ld:Sensor:999999"]
    finally:
        store.close()


def test_tile_cache_never_trusts_a_rolled_back_write(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'twin.db'}")
    assert isinstance(store, SQLiteStore)
    tenant = store.tenant()
    try:
        with pytest.raises(RuntimeError), store.write() as conn:
            # A tile grown inside a transaction that then fails is not remembered.
            tiles.cover(conn, "", [tiles.TILE_SPAN * 5], ([1.0], [1.0], [2.0], [2.0]), store.tiles)
            raise RuntimeError("abort")
        assert store.tiles.get("", 5) is None
        tenant.create(sensor(1))
        assert tenant.query(
            EntityQuery(geo=GeoFilter(GeoRel.INTERSECTS, box(114, 22.5, 114.1, 22.6)))
        ).entities
    finally:
        store.close()


def test_the_dataset_series_probe_reads_the_partial_index(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'twin.db'}") as store:
        assert isinstance(store, SQLiteStore)
        with store.read() as conn:
            plan = " ".join(
                str(row[3])
                for row in conn.execute(
                    "EXPLAIN QUERY PLAN SELECT 1 FROM history AS h WHERE h.tenant = ? AND h.entity_id = ?"
                    " AND h.attr = ? AND h.dataset_id IS NOT NULL",
                    ("", "urn:ngsi-ld:X:1", "a"),
                )
            )
    assert "history_datasets" in plan
