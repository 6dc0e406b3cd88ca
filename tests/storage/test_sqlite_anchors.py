"""Deep pages and counts of whole types served from sampled positions (storage/sqlite/anchors.py).

Every answer is compared with the ids in Python's own sorted order, through inserts, deletes, retyping,
further types and a second connection writing the same file (as another process would).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.query import EntityQuery, types_of
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import anchors
from citytwin.storage.sqlite.store import SQLiteStore

N = 24_000


def thing(kind: str, i: int) -> Entity:
    out = Entity(f"urn:ngsi-ld:{kind}:{i:07d}", (kind,))
    out.set("n", prop(i))
    return out


def ids_at(store: SQLiteStore, query: EntityQuery, tenant: str = "") -> list[str]:
    return [e.id for e in store.tenant(tenant).query(query).entities]


def check(store: SQLiteStore, expected: dict[str, list[str]], offsets: list[int]) -> None:
    """Pages and counts per type and for the whole tenant equal slices of the sorted ids."""
    everything = sorted(i for ids in expected.values() for i in ids)
    for kind, ids in expected.items():
        ordered = sorted(ids)
        for off in offsets:
            got = store.tenant().query(EntityQuery(types=types_of(kind), limit=100, offset=off, count=True))
            assert [e.id for e in got.entities] == ordered[off : off + 100], (kind, off)
            assert got.count == len(ordered)
    for off in offsets:
        got = store.tenant().query(EntityQuery(limit=50, offset=off, count=True))
        assert [e.id for e in got.entities] == everything[off : off + 50], off
        assert got.count == len(everything)


@pytest.fixture
def city(tmp_path: Path) -> SQLiteStore:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    assert isinstance(store, SQLiteStore)
    order = list(range(N))
    random.Random(5).shuffle(order)  # ids are not inserted in their sort order
    store.tenant().upsert_many([thing("Building" if i % 3 else "Road", i) for i in order])
    return store


def test_deep_pages_and_counts_follow_every_change(city: SQLiteStore, tmp_path: Path) -> None:
    expected = {
        "Building": [f"urn:ngsi-ld:Building:{i:07d}" for i in range(N) if i % 3],
        "Road": [f"urn:ngsi-ld:Road:{i:07d}" for i in range(N) if not i % 3],
    }
    offsets = [0, 9_999, 10_000, 10_001, 12_345, 15_999, 16_000, 20_000, 23_999, 24_000, 50_000]
    check(city, expected, offsets)
    assert anchors.DEEP <= 10_000  # the offsets above do take the sampled path
    assert {("", "Building"), ("", None)} <= set(city.anchors._samples)

    # Inserts before the deep positions shift them; deletes likewise.
    city.tenant().upsert_many([thing("Building", -i) for i in range(1, 40)])  # sorts before every other id
    expected["Building"] += [f"urn:ngsi-ld:Building:{-i:07d}" for i in range(1, 40)]
    for victim in expected["Building"][100:130]:
        city.tenant().delete(victim)
    expected["Building"] = expected["Building"][:100] + expected["Building"][130:]
    check(city, expected, offsets)

    # Another connection to the same file (another process) writes: the samples must not be trusted.
    other = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        for i in range(5):
            other.tenant().delete(f"urn:ngsi-ld:Road:{i * 3:07d}")
        other.tenant().upsert_many([thing("Road", N + i) for i in range(3, 60, 3)])
    finally:
        other.close()
    expected["Road"] = [
        r for r in expected["Road"] if r not in {f"urn:ngsi-ld:Road:{i * 3:07d}" for i in range(5)}
    ]
    expected["Road"] += [f"urn:ngsi-ld:Road:{N + i:07d}" for i in range(3, 60, 3)]
    check(city, expected, [10_000, 12_000, 15_000])
    city.close()


def test_a_further_type_or_a_filter_takes_the_scanning_path(city: SQLiteStore) -> None:
    twin = Entity("urn:ngsi-ld:Road:0000001x", ("Road", "Building"))
    city.tenant().upsert_many([twin])
    buildings = sorted([f"urn:ngsi-ld:Building:{i:07d}" for i in range(N) if i % 3] + [twin.id])
    got = city.tenant().query(EntityQuery(types=types_of("Building"), limit=100, offset=12_000, count=True))
    assert [e.id for e in got.entities] == buildings[12_000:12_100]
    assert got.count == len(buildings)
    city.close()


def test_tenants_are_counted_apart(city: SQLiteStore) -> None:
    city.tenant("nanshan").upsert_many([thing("Building", i) for i in range(10)])
    assert city.tenant("nanshan").query(EntityQuery(types=types_of("Building"), count=True)).count == 10
    got = city.tenant("nanshan").query(EntityQuery(types=types_of("Building"), offset=20_000, count=True))
    assert got.entities == [] and got.count == 10
    city.close()


def test_the_migration_counts_existing_entities(tmp_path: Path) -> None:
    import sqlite3

    from citytwin.storage.sqlite import schema

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    known = schema.migrations()
    conn.execute("BEGIN")
    conn.execute(schema._VERSION_TABLE)
    for version, name, script in known[:5]:
        for statement in schema.statements(script):
            conn.execute(statement)
        conn.execute("INSERT INTO schema_version VALUES (?, ?, '2026-01-01T00:00:00Z')", (version, name))
    for i in range(7):
        conn.execute(
            "INSERT INTO entities (tenant, id, ptype, created, modified, doc)"
            " VALUES ('', ?, 'Pump', 'x', 'x', '{}')",
            (f"urn:ngsi-ld:Pump:{i}",),
        )
    conn.execute("COMMIT")
    conn.close()
    store = open_store(f"sqlite:///{path}")
    try:
        assert store.tenant().query(EntityQuery(types=types_of("Pump"), count=True, limit=0)).count == 7
    finally:
        store.close()
