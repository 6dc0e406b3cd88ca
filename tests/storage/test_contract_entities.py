"""Contract: entity CRUD, merge of datasetId instances, batches with partial failure, tenants.

Runs against every backend through the ``store`` / ``store_url`` fixtures (tests/conftest.py).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from citytwin.core.codes.beidou import encode
from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import format_instant
from citytwin.errors import AlreadyExists, BadRequestData, InvalidGeometry, ResourceNotFound, WriteConflict
from citytwin.ngsild.guarded import rewrite
from citytwin.ngsild.routes_entities import without
from citytwin.storage.base import Store, TenantStore
from citytwin.storage.registry import open_store

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
BLD = "urn:ngsi-ld:Building:440305001001-BLD-000123"
BIM = "urn:ngsi-ld:Dataset:bim"

BUILDING: dict[str, Any] = {
    "id": BLD,
    "type": "Building",
    "scope": "/Shenzhen/Nanshan/Yuehai",
    "cimLevel": {"type": "Property", "value": "building"},
    "adminCode": {"type": "Property", "value": "440305001001"},
    "name": {"type": "LanguageProperty", "languageMap": {"zh": "科技园大厦", "en": "Science Park Tower"}},
    "category": {"type": "VocabProperty", "vocab": "office"},
    "height": {
        "type": "Property",
        "value": 98.5,
        "unitCode": "MTR",
        "accuracy": {"type": "Property", "value": 0.5},
    },
    "floors": [
        {"type": "Property", "value": 28},
        {"type": "Property", "value": 30, "datasetId": BIM},
    ],
    "location": {
        "type": "GeoProperty",
        "value": {
            "type": "Polygon",
            "coordinates": [
                [[113.9430, 22.5400], [113.9436, 22.5400], [113.9436, 22.5405], [113.9430, 22.5400]]
            ],
        },
    },
    "entrance": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [113.9431, 22.5401]}},
    "ownedBy": {"type": "Relationship", "object": "urn:ngsi-ld:Enterprise:91440300708461136T"},
    "specs": {"type": "JsonProperty", "json": {"hvac": {"zones": 12}, "tags": [1, "a", None]}},
    "tags": {"type": "ListProperty", "valueList": ["landmark", "office"]},
    "temperature": {
        "type": "Property",
        "value": 24.1,
        "observedAt": "2026-11-21T08:00:00Z",
        "unitCode": "CEL",
    },
    "https://smartdatamodels.org/dataModel.Building/owner": {"type": "Property", "value": "深圳市"},
}


class Clock:
    """A settable clock."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, minutes: float = 1) -> str:
        """Advance and return the new time as the stores format it."""
        self.now += timedelta(minutes=minutes)
        return format_instant(self.now)


@pytest.fixture
def clock() -> Clock:
    """The clock of the ``t`` store."""
    return Clock(T0)


@pytest.fixture
def t(store_url: str, clock: Clock) -> Iterator[TenantStore]:
    """The default tenant of a fresh store driven by ``clock``."""
    opened = open_store(store_url, clock=clock)
    try:
        yield opened.tenant()
    finally:
        opened.close()


def building(entity_id: str = BLD, **changes: Any) -> Entity:
    """The sample building, optionally with another id or attributes replaced (None removes one)."""
    data = copy.deepcopy(BUILDING)
    data["id"] = entity_id
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return Entity.from_dict(data)


def plain(entity: Entity) -> dict[str, Any]:
    """The normalized form without system times."""
    return entity.to_dict()


def test_create_and_get_round_trip_every_attribute_kind(t: TenantStore) -> None:
    created = t.create(building())
    stamp = format_instant(T0)
    assert created.created_at == created.modified_at == stamp
    assert all(i.created_at == i.modified_at == stamp for _, i in created.iter_instances())
    got = t.get(BLD)
    assert plain(got) == BUILDING
    assert got.to_dict(sys_attrs=True) == created.to_dict(sys_attrs=True)
    assert got.attr("floors", BIM) is not None
    assert got.attr("height").sub["accuracy"].value == 0.5  # type: ignore[union-attr]


def test_get_projects_attributes_and_reports_missing_entities(t: TenantStore) -> None:
    t.create(building())
    assert set(t.get(BLD, attrs=["height", "floors", "nothing"]).attrs) == {"height", "floors"}
    with pytest.raises(ResourceNotFound):
        t.get("urn:ngsi-ld:Building:none")
    assert t.get_many([BLD, "urn:ngsi-ld:Building:none"]).keys() == {BLD}
    assert t.get_many([]) == {}


def test_create_refuses_a_taken_id(t: TenantStore) -> None:
    t.create(building())
    with pytest.raises(AlreadyExists):
        t.create(building(name=None))
    assert "name" in t.get(BLD).attrs


def test_replace_keeps_creation_time_and_drops_old_attributes(t: TenantStore, clock: Clock) -> None:
    t.create(building())
    later = clock.tick()
    replaced = t.replace(building(height=None, floors={"type": "Property", "value": 31}))
    assert replaced.created_at == format_instant(T0)
    assert replaced.modified_at == later
    got = t.get(BLD)
    assert "height" not in got.attrs
    assert [i.value for i in got.instances("floors")] == [31]
    assert got.created_at == format_instant(T0) and got.modified_at == later
    with pytest.raises(ResourceNotFound):
        t.replace(building("urn:ngsi-ld:Building:none"))


def test_a_guarded_replace_writes_only_over_the_state_it_was_computed_from(
    t: TenantStore, clock: Clock
) -> None:
    read = t.create(building())
    clock.tick()
    other = Entity(BLD, ("Building",))
    other.set("usage", prop("office"))
    t.merge(other)  # another writer, after ``read``
    clock.tick()
    with pytest.raises(WriteConflict):
        t.replace(building(height=None), if_modified=read.modified_at)
    got = t.get(BLD)
    assert "height" in got.attrs and got.attr("usage") is not None  # nothing written
    later = clock.tick()
    replaced = t.replace(building(height=None), if_modified=got.modified_at)
    assert replaced.modified_at == later and "height" not in t.get(BLD).attrs
    with pytest.raises(ResourceNotFound):  # a guard on a missing entity: the missing entity is the error
        t.replace(building("urn:ngsi-ld:Building:none"), if_modified=later)


def test_rewrite_applies_its_change_again_over_a_write_that_came_in_between(
    t: TenantStore, clock: Clock
) -> None:
    read = t.create(building())
    seen: list[str | None] = []

    def drop_height(entity: Entity) -> Entity:
        seen.append(entity.modified_at)
        if len(seen) == 1:  # another writer, between this read and the replace
            clock.tick()
            other = Entity(BLD, ("Building",))
            other.set("usage", prop("office"))
            t.merge(other)
        clock.tick()
        return without(entity, [("height", None)])

    before = rewrite(t, read, drop_height)
    got = t.get(BLD)
    assert "height" not in got.attrs
    assert got.attr("usage") is not None  # the write in between is kept
    assert len(seen) == 2 and seen[0] == read.modified_at and before.attr("usage") is not None


def test_merge_replaces_same_dataset_instances_and_keeps_the_rest(t: TenantStore, clock: Clock) -> None:
    t.create(building())
    later = clock.tick()
    patch = Entity(BLD, ("Building", "Office"))
    patch.set("floors", prop(32, dataset_id=BIM))
    patch.set("floors", Attribute(AttrType.PROPERTY, 29, dataset_id="urn:ngsi-ld:Dataset:survey"))
    patch.set("usage", prop("office"))
    merged = t.merge(patch)
    got = t.get(BLD)
    assert got.to_dict(sys_attrs=True) == merged.to_dict(sys_attrs=True)
    assert got.types == ("Building", "Office")
    assert {i.dataset_id: i.value for i in got.instances("floors")} == {
        None: 28,
        BIM: 32,
        "urn:ngsi-ld:Dataset:survey": 29,
    }
    bim = got.attr("floors", BIM)
    assert bim is not None and bim.created_at == format_instant(T0) and bim.modified_at == later
    default = got.attr("floors")
    assert default is not None and default.modified_at == format_instant(T0)
    assert got.modified_at == later and got.created_at == format_instant(T0)
    assert got.value("usage") == "office"
    assert got.value("height") == 98.5
    assert t.query(EntityQuery(types=types_of("Office"))).entities[0].id == BLD
    with pytest.raises(ResourceNotFound):
        t.merge(Entity("urn:ngsi-ld:Building:none", ("Building",)))


def test_merge_can_move_the_location(t: TenantStore) -> None:
    t.create(building())
    patch = Entity(BLD, ("Building",))
    patch.set("location", geo({"type": "Point", "coordinates": [114.0579, 22.5431]}))
    t.merge(patch)
    assert t.get(BLD).value("location") == {"type": "Point", "coordinates": [114.0579, 22.5431]}


def test_delete_and_delete_missing(t: TenantStore) -> None:
    t.create(building())
    t.delete(BLD)
    with pytest.raises(ResourceNotFound):
        t.get(BLD)
    with pytest.raises(ResourceNotFound):
        t.delete(BLD)
    t.create(building())  # the id is free again
    assert t.get(BLD).id == BLD


def bad_geometry(entity_id: str) -> Entity:
    """An entity whose location is a self-intersecting bow tie (hand-built: from_dict would refuse it)."""
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[114.0, 22.5], [114.1, 22.6], [114.1, 22.5], [114.0, 22.6], [114.0, 22.5]]],
    }
    out = Entity(entity_id, ("Building",))
    out.attrs["location"] = [Attribute(AttrType.GEOPROPERTY, bow_tie)]
    return out


def bad_level(entity_id: str) -> Entity:
    """An entity whose cimLevel is not a level."""
    out = Entity(entity_id, ("Building",))
    out.attrs["cimLevel"] = [prop("skyscraper")]
    return out


def test_upsert_many_creates_replaces_and_fails_bad_entities_alone(t: TenantStore, clock: Clock) -> None:
    t.create(building())
    later = clock.tick()
    ids = [f"urn:ngsi-ld:Building:440304-{i:03d}" for i in range(5)]
    batch = [
        building(ids[0]),
        bad_geometry(ids[1]),
        building(BLD, height=None),
        bad_level(ids[2]),
        building(ids[3]),
    ]
    result = t.upsert_many(batch)
    assert result.success == [ids[0], BLD, ids[3]]
    assert [e.entity_id for e in result.errors] == [ids[1], ids[2]]
    assert all(e.problem["status"] == 400 for e in result.errors)
    assert "detail" in result.errors[0].problem
    assert t.get_many(ids).keys() == {ids[0], ids[3]}
    replaced = t.get(BLD)
    assert "height" not in replaced.attrs
    assert replaced.created_at == format_instant(T0) and replaced.modified_at == later


def test_upsert_many_with_a_repeated_id_applies_them_in_order(t: TenantStore) -> None:
    first = building(height={"type": "Property", "value": 1})
    second = building(height={"type": "Property", "value": 2}, name=None)
    assert t.upsert_many([first, second]).success == [BLD, BLD]
    got = t.get(BLD)
    assert got.value("height") == 2 and "name" not in got.attrs
    patch = Entity(BLD, ("Building",))
    patch.set("height", prop(3))
    patch2 = Entity(BLD, ("Building",))
    patch2.set("color", prop("red"))
    assert t.upsert_many([patch, patch2], merge=True).success == [BLD, BLD]
    got = t.get(BLD)
    assert got.value("height") == 3 and got.value("color") == "red" and got.value("floors") == 28


def test_upsert_many_merge_creates_missing_entities(t: TenantStore) -> None:
    result = t.upsert_many([building(), bad_geometry("urn:ngsi-ld:Building:bad")], merge=True)
    assert result.success == [BLD]
    assert [e.entity_id for e in result.errors] == ["urn:ngsi-ld:Building:bad"]
    assert plain(t.get(BLD)) == BUILDING


def test_create_many_reports_taken_ids(t: TenantStore) -> None:
    t.create(building())
    other = "urn:ngsi-ld:Building:440304-001"
    result = t.create_many([building(BLD), building(other), building(other)])
    assert result.success == [other]
    assert [(e.entity_id, e.problem["status"]) for e in result.errors] == [(BLD, 409), (other, 409)]
    assert plain(t.get(other)) == {**BUILDING, "id": other}


def test_delete_many_reports_missing_ids(t: TenantStore) -> None:
    other = "urn:ngsi-ld:Building:440304-001"
    t.create_many([building(), building(other)])
    result = t.delete_many([BLD, "urn:ngsi-ld:Building:none", other, BLD])
    assert result.success == [BLD, other]
    assert [(e.entity_id, e.problem["status"]) for e in result.errors] == [
        ("urn:ngsi-ld:Building:none", 404),
        (BLD, 404),
    ]
    assert t.get_many([BLD, other]) == {}


def test_batches_accept_generators_and_large_counts(t: TenantStore) -> None:
    n = 2_500
    result = t.upsert_many(
        Entity(f"urn:ngsi-ld:Sensor:{i:05d}", ("Sensor",), {"pm25": [prop(i % 80)]}) for i in range(n)
    )
    assert len(result.success) == n and not result.errors
    assert t.query(EntityQuery(count=True, limit=0)).count == n


def test_bad_entities_fail_alone_anywhere_in_a_large_batch(t: TenantStore) -> None:
    bad = {7, 499, 500, 1_234, 2_999}
    batch = [
        bad_geometry(f"urn:ngsi-ld:Sensor:{i:05d}")
        if i in bad
        else Entity(f"urn:ngsi-ld:Sensor:{i:05d}", ("Sensor",))
        for i in range(3_000)
    ]
    result = t.upsert_many(batch)
    assert [e.entity_id for e in result.errors] == [f"urn:ngsi-ld:Sensor:{i:05d}" for i in sorted(bad)]
    assert result.success == [f"urn:ngsi-ld:Sensor:{i:05d}" for i in range(3_000) if i not in bad]
    assert t.query(EntityQuery(count=True, limit=0)).count == 3_000 - len(bad)


def test_single_writes_raise_the_entity_error(t: TenantStore) -> None:
    with pytest.raises(InvalidGeometry):
        t.create(bad_geometry(BLD))
    with pytest.raises(BadRequestData):
        t.create(bad_level(BLD))
    with pytest.raises(ResourceNotFound):
        t.get(BLD)


def test_purge_deletes_what_matches(t: TenantStore) -> None:
    sensors = [Entity(f"urn:ngsi-ld:Sensor:{i}", ("Sensor",), {"pm25": [prop(i)]}) for i in range(6)]
    t.create_many([*sensors, building()])
    from citytwin.core.query import Compare

    assert t.purge(EntityQuery(types=types_of("Sensor"), q=Compare(("pm25",), ">=", 3), limit=1)) == 3
    left = t.query(EntityQuery(limit=100)).entities
    assert [e.id for e in left] == [BLD] + [f"urn:ngsi-ld:Sensor:{i}" for i in range(3)]


def test_tenants_are_isolated(store: Store) -> None:
    a, b = store.tenant("futian"), store.tenant("nanshan")
    a.create(building())
    b.create(building(height={"type": "Property", "value": 5}))
    b.create(building("urn:ngsi-ld:Building:only-in-b"))
    assert a.get(BLD).value("height") == 98.5
    assert b.get(BLD).value("height") == 5
    with pytest.raises(ResourceNotFound):
        a.get("urn:ngsi-ld:Building:only-in-b")
    assert [e.id for e in a.query(EntityQuery()).entities] == [BLD]
    assert b.query(EntityQuery(count=True)).count == 2
    a.delete(BLD)
    assert b.get(BLD).id == BLD
    assert store.tenant().query(EntityQuery(count=True)).count == 0
    assert {"nanshan"} <= set(store.tenants())


def test_same_id_twice_in_one_batch_keeps_the_last_write(store: Store) -> None:
    twin = store.tenant()
    first = Entity(id="urn:ngsi-ld:Device:dup", types=("Device",))
    first.set("location", geo({"type": "Point", "coordinates": [114.0, 22.5]}))
    first.set("reading", prop(1))
    second = Entity(id="urn:ngsi-ld:Device:dup", types=("Device",))
    second.set("location", geo({"type": "Point", "coordinates": [114.1, 22.6]}))
    second.set("reading", prop(2))
    result = twin.upsert_many([first, second])
    assert result.errors == []
    stored = twin.get("urn:ngsi-ld:Device:dup")
    assert stored.value("reading") == 2
    assert stored.value("location")["coordinates"] == [114.1, 22.6]
    near_new = twin.query(EntityQuery(grid_prefix=encode(114.1, 22.6, 6), count=True))
    near_old = twin.query(EntityQuery(grid_prefix=encode(114.0, 22.5, 6), count=True))
    assert (near_new.count, near_old.count) == (1, 0), "the index must follow the last location"
