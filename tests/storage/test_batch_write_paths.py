"""Batch write paths: multi-row replace, write-time history rows and values, tile boxes (both backends where
the behaviour is the contract; SQLite internals against their slower reference forms)."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from citytwin.core.codes import beidou, beidou_vector
from citytwin.core.entities import Entity, geo, prop
from citytwin.core.query import EntityQuery, HistoryQuery, types_of
from citytwin.errors import BadRequestData
from citytwin.storage.base import Store
from citytwin.storage.codec import _CANONICAL, history_value
from citytwin.storage.sqlite import tiles
from citytwin.storage.sqlite.connection import insert_rows, statement_sizes


def building(i: int, *, types: tuple[str, ...] = ("Building",), height: float = 10.0) -> Entity:
    out = Entity(f"urn:ngsi-ld:Building:{i:05d}", types, scope=("/sz",) if i % 2 else ())
    out.set("height", prop(height + i, unit_code="MTR"))
    out.set("name", prop(f"B{i}"))
    out.set("location", geo({"type": "Point", "coordinates": [114.0 + i * 1e-3, 22.5]}))
    return out


def test_batch_replace_rewrites_every_column_and_keeps_created(store: Store) -> None:
    tenant = store.tenant()
    first = tenant.upsert_many([building(i) for i in range(300)])
    assert not first.errors
    created = {e.id: e.created_at for e in tenant.get_many([building(i).id for i in range(300)]).values()}
    changed = [building(i, types=("Building", "Landmark"), height=50.0) for i in range(0, 300, 2)]
    for e in changed:
        e.scope = ("/new",)
    second = tenant.upsert_many([*changed, building(300)])
    assert not second.errors and len(second.success) == 151
    after = tenant.get_many([building(i).id for i in range(301)])
    assert len(after) == 301
    for i in range(0, 300, 2):
        e = after[building(i).id]
        assert e.types == ("Building", "Landmark") and e.scope == ("/new",)
        assert e.value("height") == 50.0 + i
        assert e.created_at == created[e.id]
    for i in range(1, 300, 2):
        assert after[building(i).id].value("height") == 10.0 + i
    landmarks = tenant.query(EntityQuery(types=types_of("Landmark"), limit=1000, count=True))
    assert landmarks.count == 150
    scoped = tenant.query(EntityQuery(types=types_of("Building"), limit=1000, count=True))
    assert scoped.count == 301


def test_write_time_history_has_a_row_per_instance(store: Store) -> None:
    tenant = store.tenant()
    batch = [building(i) for i in range(50)]
    assert not tenant.upsert_many(batch, history=True).errors
    assert not tenant.upsert_many(batch[:10], history=True).errors  # replaced: new rows again
    rows = tenant.read_history(HistoryQuery(entity_ids=(batch[0].id,), attrs=("height",)))
    assert [r.value for r in rows] == [10.0, 10.0]
    assert len({r.instance_id for r in rows}) == 2
    names = tenant.read_history(HistoryQuery(entity_ids=tuple(e.id for e in batch), attrs=("name",)))
    assert len(names) == 60


@pytest.mark.parametrize(
    "value",
    [
        0,
        -1,
        7,
        2**63 - 1,
        -(2**63),
        2**63,
        -(2**63) - 1,
        1.5,
        -0.0,
        1e300,
        "x",
        "深圳",
        True,
        False,
        [1, "a"],
        {"b": 1, "a": 2},
    ],
)
def test_history_value_text_is_canonical_json(value: object) -> None:
    text, num = history_value(value)
    assert text == _CANONICAL.encode(value).decode()
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    assert num == (float(value) if numeric else None)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [None, float("nan"), float("inf")])
def test_history_value_rejects(value: object) -> None:
    with pytest.raises(BadRequestData):
        history_value(value)


def _reference_cell_box(tile: int) -> tuple[float, float, float, float]:
    first = tile * tiles.TILE_SPAN
    column = beidou.decode(beidou_vector.int_to_code(first, 5))
    parent = beidou.decode(beidou_vector.int_to_code(first, 4))
    margin = (column.east - column.west) / 2
    return column.west - margin, parent.south - margin, column.east + margin, parent.north + margin


def test_cell_box_equals_the_code_based_box() -> None:
    rng = np.random.default_rng(5)
    lng = np.concatenate([rng.uniform(-180, 180, 2000), [-180.0, 180.0, 0.0, -0.0, 114.05]])
    lat = np.concatenate([rng.uniform(-87.9, 87.9, 2000), [0.0, 0.0, 0.0, -0.0, 22.54]])
    grids = beidou_vector.encode_many_int(lng, lat).astype(np.int64)
    for key in set(tiles.tile_of(grids).tolist()):
        assert tiles.cell_box.__wrapped__(key) == _reference_cell_box(key)


@pytest.mark.parametrize(("n", "per"), [(0, 5), (1, 5), (5, 5), (11, 5), (2000, 2000), (4499, 2000), (3, 1)])
def test_statement_sizes_cover_every_row_from_a_small_set(n: int, per: int) -> None:
    sizes = list(statement_sizes(n, per))
    assert sum(sizes) == n
    assert all(s == per or (s < per and s & (s - 1) == 0) for s in sizes)


def test_insert_rows_writes_every_row_in_order() -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, a, b)")
    rows = [(i, f"x{i}", i * 0.5) for i in range(23_457)]
    insert_rows(conn, "INSERT INTO t (k, a, b)", rows)
    assert conn.execute("SELECT k, a, b FROM t ORDER BY rowid").fetchall() == rows
