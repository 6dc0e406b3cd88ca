"""Write-time history rows of a batch: bulk instance ids and the inlined value encoding (issue 3)."""

from __future__ import annotations

import gc
import math
import uuid
from typing import Any

import pytest
import shapely
import shapely.geometry

from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop
from citytwin.core.instance_ids import PREFIX
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel
from citytwin.errors import BadRequestData
from citytwin.storage.codec import history_value
from citytwin.storage.sqlite.writes import fresh_instance_ids, history_rows, id_pool

VALUES: list[Any] = [
    "inUse",
    '深圳 "quoted" \\ text',
    0,
    -17,
    2**63 - 1,
    -(2**63),
    2**64,
    3.25,
    True,
    False,
    {"b": 1, "a": [1, 2.5, "x"]},
    [3, 1, 2],
    {"type": "Point", "coordinates": [114.05, 22.55]},
]


def test_fresh_instance_ids_are_random_version_4_uuids() -> None:
    ids = fresh_instance_ids(5000)
    assert len(ids) == len(set(ids)) == 5000
    for text in ids:
        assert text.startswith(PREFIX)
        parsed = uuid.UUID(text[len(PREFIX) :])
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text[len(PREFIX) :]  # lower-case, canonical grouping
    assert fresh_instance_ids(0) == []
    assert fresh_instance_ids(1) != fresh_instance_ids(1)


def test_id_pool_has_one_id_per_instance() -> None:
    entities = [
        Entity(
            f"urn:ngsi-ld:T:{i}",
            ("T",),
            {"a": [Attribute(AttrType.PROPERTY, 1)], "b": [Attribute(AttrType.PROPERTY, 2)] * (i + 1)},
        )
        for i in range(3)
    ]
    pool = list(id_pool(entities))
    assert len(pool) == 1 + 1 + 1 + 1 + 2 + 3
    assert len(set(pool)) == len(pool)


def test_history_rows_encode_values_as_history_value_does() -> None:
    attrs = {f"p{i}": [Attribute(AttrType.PROPERTY, v)] for i, v in enumerate(VALUES)}
    attrs["seen"] = [Attribute(AttrType.PROPERTY, 1.5, observed_at="2026-01-01T00:00:01Z", unit_code="CEL")]
    attrs["many"] = [
        Attribute(AttrType.PROPERTY, 1),
        Attribute(AttrType.PROPERTY, "two", dataset_id="urn:ngsi-ld:Dataset:2"),
    ]
    entity = Entity("urn:ngsi-ld:Building:h1", ("Building", "Thing"), attrs)
    ids = iter([f"{PREFIX}id-{i}" for i in range(100)])
    rows = history_rows("t1", entity, entity.attrs, 1_000_000, ids)
    expected = []
    n = 0
    for name, insts in attrs.items():
        for inst in insts:
            text, num = history_value(inst.value)
            ts = 1_767_225_601_000_000 if inst.observed_at else 1_000_000
            row = ("t1", entity.id, name, inst.dataset_id, ts, text, num, inst.unit_code, "Building")
            # createdAt and modifiedAt of a fresh instance: the write time
            expected.append((*row, f"{PREFIX}id-{n}", 1_000_000, 1_000_000))
            n += 1
    assert [_unbound(r) for r in rows] == expected
    # bool is no number; ints keep their exact text
    by_name = {r[2]: _unbound(r) for r in rows}
    assert by_name["p8"][5:7] == ("true", None)
    assert by_name["p4"][5:7] == (str(2**63 - 1), float(2**63 - 1))
    assert by_name["p10"][5] == '{"a":[1,2.5,"x"],"b":1}'  # canonical: sorted keys


def _unbound(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as stored: the NULL parameter (a NaN) read back as None."""
    return tuple(None if isinstance(v, float) and math.isnan(v) else v for v in row)


def test_null_parameters_are_stored_as_null(tmp_path: Any) -> None:
    """Rows carry NULL (a NaN) for a missing datasetId, number or unit; SQLite stores NULL for each, and the
    location's WKB (bound as a bytearray) as a blob."""
    from citytwin.storage.registry import open_store

    store = open_store(f"sqlite:///{tmp_path / 'null.db'}")
    try:
        tenant = store.tenant()
        height = Attribute(AttrType.PROPERTY, 2.5, unit_code="MTR", dataset_id="urn:ngsi-ld:Dataset:a")
        point = {"type": "Point", "coordinates": [114.05, 22.55]}
        attrs = {"name": [prop("x")], "height": [height]}
        plain = Entity("urn:ngsi-ld:Building:n1", ("Building",), attrs, ("/a",))
        located = Entity("urn:ngsi-ld:Building:n2", ("Building",), {"location": [geo(point)]})
        name_row = next(r for r in history_rows("", plain, plain.attrs, 5) if r[2] == "name")
        assert all(math.isnan(name_row[i]) for i in (3, 6, 7))
        assert not tenant.upsert_many([plain, located], history=True).errors
        sql = (
            "SELECT attr, dataset_id, value_num, unit, typeof(dataset_id), typeof(value_num), typeof(unit)"
            " FROM history WHERE entity_id = ? ORDER BY attr"
        )
        columns = (
            "SELECT xtypes, scopes, level, admin, grid, minx, typeof(geom), geom FROM entities WHERE id = ?"
        )
        with store.read() as conn:  # type: ignore[attr-defined]
            stored = conn.execute(sql, (plain.id,)).fetchall()
            plain_columns = conn.execute(columns, (plain.id,)).fetchone()
            located_columns = conn.execute(columns, (located.id,)).fetchone()
        assert stored == [
            ("height", "urn:ngsi-ld:Dataset:a", 2.5, "MTR", "text", "real", "text"),
            ("name", None, None, None, "null", "null", "null"),
            ("scope", None, None, None, "null", "null", "null"),
        ]
        assert plain_columns == (None, '["/a"]', None, None, None, None, "null", None)
        assert located_columns[5] == 114.05 and located_columns[6] == "blob"
        assert shapely.from_wkb(located_columns[7]).equals(shapely.geometry.shape(point))
        near = GeoFilter(GeoRel.INTERSECTS, shapely.geometry.shape(point).buffer(0.01))
        assert [e.id for e in tenant.query(EntityQuery(geo=near)).entities] == [located.id]
    finally:
        store.close()


@pytest.mark.parametrize("bad", [math.nan, -math.inf])
def test_history_rows_refuse_what_history_cannot_hold(bad: Any) -> None:
    entity = Entity("urn:ngsi-ld:Building:h2", ("Building",), {"x": [Attribute(AttrType.PROPERTY, bad)]})
    with pytest.raises(BadRequestData):
        history_rows("", entity, entity.attrs, 0)


def test_batch_write_leaves_the_collector_on(tmp_path: Any) -> None:
    from citytwin.storage.registry import open_store

    store = open_store(f"sqlite:///{tmp_path / 'gc.db'}")
    try:
        tenant = store.tenant()
        entities = [
            Entity(f"urn:ngsi-ld:Building:g{i}", ("Building",), {"h": [Attribute(AttrType.PROPERTY, i)]})
            for i in range(50)
        ]
        assert gc.isenabled()
        result = tenant.upsert_many(entities, history=True)
        assert not result.errors
        assert gc.isenabled()
        bad = [
            Entity("urn:ngsi-ld:Building:bad", ("Building",), {"h": [Attribute(AttrType.PROPERTY, math.nan)]})
        ]
        assert tenant.upsert_many(bad, history=True).errors
        assert gc.isenabled()
    finally:
        store.close()
