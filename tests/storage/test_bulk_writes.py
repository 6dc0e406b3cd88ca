"""Bulk writes (``TenantStore.bulk_writes``): grouped transactions on SQLite, plain writes elsewhere."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from citytwin.core.entities import Entity, geo, prop
from citytwin.errors import StorageUnavailable
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import store as sqlite_store
from citytwin.storage.sqlite import tiles
from citytwin.storage.sqlite.store import SQLiteStore


def sensor(i: int, lng: float = 114.05, lat: float = 22.54) -> Entity:
    """A point sensor."""
    out = Entity(f"urn:ngsi-ld:Sensor:{i:06d}", ("Sensor",))
    out.set("pm25", prop(i))
    out.set("location", geo({"type": "Point", "coordinates": [lng, lat]}))
    return out


def committed_ids(path: Path) -> set[str]:
    """Ids another connection sees (what is committed)."""
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT id FROM entities")}
    finally:
        conn.close()


def test_bulk_writes_are_visible_after_the_block_on_every_backend(store: Store) -> None:
    tenant = store.tenant()
    with tenant.bulk_writes():
        assert not tenant.upsert_many([sensor(i) for i in range(3)]).errors
        assert not tenant.upsert_many([sensor(i) for i in range(3, 5)]).errors
    assert sorted(tenant.get_many([sensor(i).id for i in range(6)])) == [sensor(i).id for i in range(5)]


@pytest.fixture
def grouped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[SQLiteStore, Path]:
    """An SQLite store whose bulk transactions stay open for as long as a test needs."""
    monkeypatch.setattr(sqlite_store, "GROUP_SECONDS", 3600.0)
    path = tmp_path / "twin.db"
    opened = open_store(f"sqlite:///{path}")
    assert isinstance(opened, SQLiteStore)
    return opened, path


def test_sqlite_bulk_writes_share_one_transaction_committed_when_the_block_ends(
    grouped: tuple[SQLiteStore, Path],
) -> None:
    store, path = grouped
    tenant = store.tenant()
    with store:
        with tenant.bulk_writes():
            tenant.upsert_many([sensor(1)])
            tenant.upsert_many([sensor(2)])
            assert committed_ids(path) == set()  # still one open transaction
            # The writing thread reads its own writes through the writer's transaction only.
            assert tenant.get_many([sensor(1).id]) == {}
        assert committed_ids(path) == {sensor(1).id, sensor(2).id}
        tenant.upsert_many([sensor(3)])  # after the block: committed at once again
        assert sensor(3).id in committed_ids(path)


def test_sqlite_bulk_transaction_commits_when_its_time_is_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_store, "GROUP_SECONDS", 1e-9)
    path = tmp_path / "twin.db"
    with open_store(f"sqlite:///{path}") as store:
        tenant = store.tenant()
        with tenant.bulk_writes():
            tenant.upsert_many([sensor(1)])
            assert committed_ids(path) == {sensor(1).id}


def test_another_threads_write_commits_the_bulk_transaction_first(grouped: tuple[SQLiteStore, Path]) -> None:
    store, path = grouped
    tenant = store.tenant()
    with store, tenant.bulk_writes():
        tenant.upsert_many([sensor(1)])
        assert committed_ids(path) == set()
        other = threading.Thread(target=lambda: tenant.upsert_many([sensor(2)]))
        other.start()
        other.join()
        assert committed_ids(path) == {sensor(1).id, sensor(2).id}
        tenant.upsert_many([sensor(3)])  # the bulk thread goes on in a new transaction
        assert sensor(3).id not in committed_ids(path)
    assert sensor(3).id in committed_ids(path)


def test_a_failed_bulk_write_rolls_back_the_open_transaction_and_its_tiles(
    grouped: tuple[SQLiteStore, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, path = grouped
    tenant = store.tenant()
    real_cover = tiles.cover
    calls = {"n": 0}

    def failing_cover(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise sqlite3.OperationalError("disk I/O error (injected)")
        return real_cover(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tiles, "cover", failing_cover)
    with store:
        with tenant.bulk_writes():
            tenant.upsert_many([sensor(1, 114.05, 22.54)])
            with pytest.raises(StorageUnavailable, match="injected"):
                tenant.upsert_many([sensor(2, 113.95, 22.60)])
        assert committed_ids(path) == set()
        # The tile of the rolled-back write was never remembered: a later write stores it again.
        assert store.tiles._boxes == {}
        tenant.upsert_many([sensor(1, 114.05, 22.54)])
        assert committed_ids(path) == {sensor(1).id}
        assert store.tiles._boxes


def test_bulk_writes_of_an_in_memory_store_commit_as_usual() -> None:
    with open_store("sqlite:///:memory:") as store:
        assert isinstance(store, SQLiteStore)
        tenant = store.tenant()
        with tenant.bulk_writes():
            tenant.upsert_many([sensor(1)])
            assert not store._writer.in_transaction
            assert sensor(1).id in tenant.get_many([sensor(1).id])
