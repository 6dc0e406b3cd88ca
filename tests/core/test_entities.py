"""The NGSI-LD shaped entity model: parsing, validation, round trips, merge and reserved attributes."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop, rel, with_attrs
from citytwin.core.levels import ModelLevel
from citytwin.errors import BadRequestData, InvalidCoordinates, InvalidGeometry

BUILDING: dict[str, Any] = {
    "id": "urn:ngsi-ld:Building:440305001001-BLD-000123",
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
        {"type": "Property", "value": 30, "datasetId": "urn:ngsi-ld:Dataset:bim"},
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
    "ownedBy": {"type": "Relationship", "object": "urn:ngsi-ld:Enterprise:91440300708461136T"},
    "specs": {"type": "JsonProperty", "json": {"hvac": {"zones": 12}}},
    "tags": {"type": "ListProperty", "valueList": ["landmark", "office"]},
    "temperature": {
        "type": "Property",
        "value": 24.1,
        "observedAt": "2026-11-21T08:00:00Z",
        "unitCode": "CEL",
    },
}


def test_round_trip_preserves_every_attribute_kind() -> None:
    entity = Entity.from_dict(BUILDING)
    assert entity.to_dict() == BUILDING
    kinds = {inst.type for _, inst in entity.iter_instances()}
    assert kinds == {
        AttrType.PROPERTY,
        AttrType.LANGUAGE_PROPERTY,
        AttrType.VOCAB_PROPERTY,
        AttrType.GEOPROPERTY,
        AttrType.RELATIONSHIP,
        AttrType.JSON_PROPERTY,
        AttrType.LIST_PROPERTY,
    }


def test_reserved_attributes_and_instances() -> None:
    entity = Entity.from_dict(BUILDING)
    assert entity.level is ModelLevel.BUILDING
    assert entity.level.cim == "CIM5"
    assert entity.admin_code == "440305001001"
    assert entity.value("floors") == 28
    bim = entity.attr("floors", "urn:ngsi-ld:Dataset:bim")
    assert bim is not None and bim.value == 30
    height = entity.attr("height")
    assert height is not None and height.sub["accuracy"].value == 0.5 and height.unit_code == "MTR"
    location = entity.location()
    assert location is not None and location.geom_type == "Polygon"


def test_merge_replaces_same_dataset_and_keeps_others() -> None:
    entity = Entity.from_dict(BUILDING)
    patch = Entity(
        id=entity.id,
        types=("Building",),
        attrs={"floors": [prop(29)], "status": [prop("open")]},
    )
    merged = entity.merged(patch)
    assert merged.value("floors") == 29
    bim = merged.attr("floors", "urn:ngsi-ld:Dataset:bim")
    assert bim is not None and bim.value == 30
    assert merged.value("status") == "open"
    assert entity.value("floors") == 28, "merge must not mutate the original"


def test_multiple_types_and_scopes() -> None:
    data = {"id": "urn:ngsi-ld:Thing:1", "type": ["Building", "School", "Building"], "scope": ["/a", "/b/c"]}
    entity = Entity.from_dict(data)
    assert entity.types == ("Building", "School")
    assert entity.scope == ("/a", "/b/c")
    assert entity.to_dict()["type"] == ["Building", "School"]


def test_shorthands_build_valid_instances() -> None:
    entity = Entity(id="urn:ngsi-ld:Device:1", types=("Device",))
    entity.set("controlledAsset", rel("urn:ngsi-ld:Building:1"))
    entity.set("location", geo({"type": "Point", "coordinates": [114.05, 22.54]}))
    entity.set("rainfall", prop(12.5, unit_code="MMT", observed_at="2026-11-21T08:00:00Z"))
    again = Entity.from_dict(entity.to_dict())
    assert again.to_dict() == entity.to_dict()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("id"), "no 'id'"),
        (lambda d: d.pop("type"), "no 'type'"),
        (lambda d: d.update(id="not a uri"), "must be a URI"),
        (lambda d: d.update(scope="Shenzhen"), "must start with '/'"),
        (lambda d: d.update(height={"type": "Propertee", "value": 1}), "unknown type 'Propertee'"),
        (lambda d: d.update(height={"type": "Property"}), "has no 'value'"),
        (lambda d: d.update(height={"type": "Property", "value": None}), "null value"),
        (lambda d: d.update(ownedBy={"type": "Relationship", "object": "nope"}), "must be a URI"),
        (lambda d: d.update(tags={"type": "ListProperty", "valueList": "x"}), "must be an array"),
        (lambda d: d.update(cimLevel={"type": "Property", "value": "skyscraper"}), "unknown model level"),
        (lambda d: d.update({"bad name": {"type": "Property", "value": 1}}), "not a valid attribute"),
        (
            lambda d: d.update(temperature={"type": "Property", "value": 1, "observedAt": "yesterday"}),
            "ISO 8601",
        ),
        (
            lambda d: d.update(floors=[{"type": "Property", "value": 1}, {"type": "Property", "value": 2}]),
            "two instances",
        ),
    ],
)
def test_bad_entities_name_the_problem(mutate: Any, message: str) -> None:
    data = copy.deepcopy(BUILDING)
    mutate(data)
    with pytest.raises(BadRequestData, match=message):
        Entity.from_dict(data)


def test_self_intersecting_polygon_is_rejected() -> None:
    data = copy.deepcopy(BUILDING)
    bowtie = [[[114.0, 22.5], [114.1, 22.6], [114.1, 22.5], [114.0, 22.6], [114.0, 22.5]]]
    data["location"] = {"type": "GeoProperty", "value": {"type": "Polygon", "coordinates": bowtie}}
    with pytest.raises(InvalidGeometry, match="Self-intersection"):
        Entity.from_dict(data)


def test_out_of_range_coordinates_are_rejected() -> None:
    data = copy.deepcopy(BUILDING)
    data["location"] = {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [214.0, 22.5]}}
    with pytest.raises(InvalidCoordinates, match=r"\(214.0, 22.5\) is out of range"):
        Entity.from_dict(data)


def test_attribute_type_inferred_from_value_member() -> None:
    inst = Attribute.from_dict("owner", {"object": "urn:ngsi-ld:Person:x"})
    assert inst.type is AttrType.RELATIONSHIP
    assert Attribute.from_dict("n", {"value": 3}).type is AttrType.PROPERTY


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        ("building", ModelLevel.BUILDING),
        ("CIM1", ModelLevel.SURFACE),
        (7, ModelLevel.PART),
        ("社区", ModelLevel.COMMUNITY),
    ],
)
def test_level_parsing(raw: str | int, level: ModelLevel) -> None:
    assert ModelLevel.parse(raw) is level


def test_levels_are_ordered_from_surface_to_part() -> None:
    labels = [level.label for level in sorted(ModelLevel)]
    assert labels == ["surface", "city", "district", "community", "building", "component", "part"]
    assert min(ModelLevel).label_zh == "地表"
    with pytest.raises(BadRequestData):
        ModelLevel.parse(8)


def test_expires_at_is_a_system_member_of_entities_and_instances() -> None:
    doc = {
        "id": "urn:ngsi-ld:Vehicle:1",
        "type": "Vehicle",
        "expiresAt": "2100-01-01T00:00:00Z",
        "speed": {"type": "Property", "value": 7, "expiresAt": "2100-01-01T00:00:00Z"},
    }
    entity = Entity.from_dict(doc)
    assert entity.expires_at == "2100-01-01T00:00:00Z" and list(entity.attrs) == ["speed"]
    assert entity.to_dict() == {"id": doc["id"], "type": "Vehicle", "speed": {"type": "Property", "value": 7}}
    shown = entity.to_dict(sys_attrs=True)
    assert shown["expiresAt"] == "2100-01-01T00:00:00Z"
    assert shown["speed"]["expiresAt"] == "2100-01-01T00:00:00Z"
    merged = entity.merged(Entity(entity.id, ("Vehicle",), {"speed": [prop(8)]}))
    assert merged.expires_at == entity.expires_at
    assert entity.merged(Entity(entity.id, ("Vehicle",), expires_at="2101-01-01T00:00:00Z")).expires_at == (
        "2101-01-01T00:00:00Z"
    )


def test_expired_compares_the_expiry_with_now() -> None:
    entity = Entity("urn:x:1", ("T",), expires_at="2026-03-01T09:00:00Z")
    assert not entity.expired(datetime(2026, 3, 1, 8, 59, 59, tzinfo=UTC))
    assert entity.expired(datetime(2026, 3, 1, 9, tzinfo=UTC))
    assert not Entity("urn:x:2", ("T",)).expired(datetime(2100, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    "doc",
    [
        {"id": "urn:x:1", "type": "T", "expiresAt": "2100-01-01T01:00:00+01:00"},
        {"id": "urn:x:1", "type": "T", "a": {"type": "Property", "value": 1, "expiresAt": "soon"}},
        {"id": "urn:x:1", "type": "T", "a": {"type": "Property", "value": 1, "observedAt": "2026-01-01"}},
        {"id": "urn:x:1", "type": "T", "a": {"value": 1, "observedAt": "2026-01-01T08:00:00+08:00"}},
    ],
    ids=["entity_offset", "instance_not_a_date", "observed_date_only", "observed_offset"],
)
def test_date_time_members_must_be_utc(doc: dict[str, Any]) -> None:
    with pytest.raises(BadRequestData, match=r"UTC|ISO 8601"):
        Entity.from_dict(doc)


def test_with_attrs_keeps_identity_and_times_unless_asked() -> None:
    entity = Entity.from_dict(BUILDING)
    entity.created_at, entity.modified_at = "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"
    entity.expires_at = "2027-01-01T00:00:00Z"
    attrs = {"height": [prop(12.0)]}
    same = with_attrs(entity, attrs)
    assert (same.id, same.types, same.scope, same.attrs) == (entity.id, entity.types, entity.scope, attrs)
    assert (same.created_at, same.modified_at, same.expires_at) == (
        entity.created_at,
        entity.modified_at,
        entity.expires_at,
    )
    fresh = with_attrs(entity, attrs, times=False)
    assert (fresh.created_at, fresh.modified_at, fresh.expires_at) == (None, None, None)
    assert fresh == Entity(entity.id, entity.types, attrs, entity.scope)
    assert entity.attrs != attrs  # the source entity is left as it was
