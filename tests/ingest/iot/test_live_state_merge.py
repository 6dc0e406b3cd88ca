"""Live-state merges on the embedded store take a narrow path: it must store exactly what a merge stores.

``upsert_many(merge=True)`` of patches that touch no indexed column rewrites only the stored document
(``citytwin.storage.sqlite.narrow``); ``merge()`` of one entity takes the general path. Both must give the
same entity, system times included, whatever shapes the entity's instances have.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop
from citytwin.storage.registry import open_store
from citytwin.storage.sqlite import narrow

from .conftest import DrivenClock

ID = "urn:ngsi-ld:Pipe:440304-shennan-dn600"


def _entity() -> Entity:
    return Entity(
        ID,
        ("Pipe", "WaterPipe"),
        {
            "name": [prop("深南大道 DN600")],
            "location": [geo({"type": "Point", "coordinates": [114.0596, 22.5431]})],
            "waterPressure": [prop(300.0, unit_code="KPA", observed_at="2025-06-01T07:00:00Z")],
            "flow": [
                prop(10.0, dataset_id="urn:ngsi-ld:Device:a"),
                prop(12.0, dataset_id="urn:ngsi-ld:Device:b"),
            ],
            "diameter": [prop(600, unit_code="MMT", sub={"accuracy": prop(0.5)})],
            "feeds": [
                Attribute(AttrType.RELATIONSHIP, "urn:ngsi-ld:Building:b1", extra={"objectType": "Building"})
            ],
        },
        scope=("/Shenzhen/Futian",),
    )


PATCHES = [
    {"waterPressure": [prop(312.5, unit_code="KPA", observed_at="2025-06-01T08:00:00Z")]},
    {"flow": [prop(11.0, dataset_id="urn:ngsi-ld:Device:b", observed_at="2025-06-01T08:00:01Z")]},
    {"flow": [prop(9.0, dataset_id="urn:ngsi-ld:Device:c")], "temperature": [prop(21.0, unit_code="CEL")]},
    {"diameter": [prop(610, unit_code="MMT", sub={"accuracy": prop(0.2)})]},
    {
        "feeds": [
            Attribute(AttrType.RELATIONSHIP, "urn:ngsi-ld:Building:b2", extra={"objectType": "Building"})
        ]
    },
]


def _apply(path: Path, clock: DrivenClock, *, narrow_path: bool) -> dict[str, Any]:
    store = open_store(f"sqlite:///{path}", clock=clock)
    try:
        ts = store.tenant("")
        ts.create(_entity())
        for patch in PATCHES:
            clock.advance(7)
            entity = Entity(ID, ("Pipe",), patch)
            if narrow_path:
                result = ts.upsert_many([entity], merge=True)
                assert result.success == [ID], result.errors
            else:
                ts.merge(entity)
        return ts.get(ID).to_dict(sys_attrs=True)
    finally:
        store.close()


def test_narrow_merges_store_what_the_general_merge_stores(tmp_path: Path) -> None:
    start = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
    fast = _apply(tmp_path / "a.db", DrivenClock(start), narrow_path=True)
    general = _apply(tmp_path / "b.db", DrivenClock(start), narrow_path=False)
    assert fast == general
    assert fast["name"]["createdAt"] == "2025-06-01T08:00:00Z"  # untouched instances keep their times
    assert fast["waterPressure"]["modifiedAt"] == "2025-06-01T08:00:07Z"
    assert fast["modifiedAt"] == (start + timedelta(seconds=35)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_only_patches_that_leave_indexed_columns_alone_are_narrow() -> None:
    assert narrow.eligible([Entity(ID, ("Pipe",), {"waterPressure": [prop(1)]})])
    assert not narrow.eligible(
        [Entity(ID, ("Pipe",), {"location": [geo({"type": "Point", "coordinates": [1, 2]})]})]
    )
    assert not narrow.eligible([Entity(ID, ("Pipe",), {"adminCode": [prop("440304")]})])
    assert not narrow.eligible([Entity(ID, ("Pipe",), {"cimLevel": [prop("component")]})])
    assert not narrow.eligible(
        [Entity(ID, ("Pipe",), {"area": [geo({"type": "Point", "coordinates": [1, 2]})]})]
    )
    assert not narrow.eligible([Entity(ID, ("Pipe",), {"x": [prop(1)]}, scope=("/a",))])


@pytest.mark.parametrize("case", ["missing", "new type", "null"])
def test_the_general_path_takes_what_narrow_cannot(tmp_path: Path, case: str) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        ts = store.tenant("")
        ts.create(_entity())
        if case == "missing":
            result = ts.upsert_many([Entity("urn:ngsi-ld:Pipe:new", ("Pipe",), {"x": [prop(1)]})], merge=True)
            assert result.success == ["urn:ngsi-ld:Pipe:new"]
            assert ts.get("urn:ngsi-ld:Pipe:new").value("x") == 1
        elif case == "new type":
            result = ts.upsert_many([Entity(ID, ("Asset",), {"x": [prop(1)]})], merge=True)
            assert result.success == [ID]
            assert ts.get(ID).types == ("Pipe", "WaterPipe", "Asset")
        else:
            bad = Entity(ID, ("Pipe",), {"x": [Attribute(AttrType.PROPERTY, None)]})
            result = ts.upsert_many([bad, Entity(ID, ("Pipe",), {"y": [prop(2)]})], merge=True)
            assert [e.entity_id for e in result.errors] == [ID] and result.success == [ID]
            assert ts.get(ID).value("y") == 2 and ts.get(ID).value("x") is None
    finally:
        store.close()


def test_a_document_with_members_narrow_does_not_know_takes_the_general_path(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    try:
        ts = store.tenant("")
        ts.create(_entity())
        with store.write() as conn:  # a member no codec writes (a newer format, a hand edit)
            conn.execute(
                "UPDATE entities SET doc = json_set(doc, '$.name[0].zz', 1) WHERE tenant = '' AND id = ?",
                (ID,),
            )
        patch = Entity(ID, ("Pipe",), {"waterPressure": [prop(312.5, unit_code="KPA")]})
        with store.write() as conn:
            assert narrow.merge(conn, "", [patch], "2025-06-01T09:00:00Z") is None  # nothing written
            doc = conn.execute("SELECT doc FROM entities WHERE id = ?", (ID,)).fetchone()[0]
        assert '"zz":1' in doc and "312.5" not in doc
        result = ts.upsert_many([patch], merge=True)
        assert result.success == [ID]
        assert ts.get(ID).value("waterPressure") == 312.5
        assert ts.get(ID).value("name") == "深南大道 DN600"
    finally:
        store.close()
