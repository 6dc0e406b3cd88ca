"""The reference query semantics (core.query_eval): typed comparison, references, filters, geo relations."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, box

from citytwin.core.codes import beidou
from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop, rel
from citytwin.core.levels import ModelLevel
from citytwin.core.query import (
    And,
    Compare,
    EntityQuery,
    Exists,
    GeoFilter,
    GeoRel,
    Not,
    Or,
    Range,
    types_of,
)
from citytwin.core.query_eval import (
    admin_key,
    admin_prefix,
    evaluate,
    geo_holds,
    geodesic_distance_m,
    grid_int,
    grid_range,
    matches,
    normalize_scope,
    scope_matches,
)
from citytwin.errors import BadRequestData, InvalidCode

NANSHAN_TOWER = {
    "type": "Polygon",
    "coordinates": [[[113.943, 22.54], [113.944, 22.54], [113.944, 22.541], [113.943, 22.54]]],
}


def entity(**attrs: Any) -> Entity:
    """A building with the given attribute instances (lists allowed for several instances)."""
    out = Entity("urn:ngsi-ld:Building:440305001001-0001", ("Building",), scope=("/Shenzhen/Nanshan",))
    for name, value in attrs.items():
        for inst in value if isinstance(value, list) else [value]:
            out.set(name, inst)
    return out


def q(path: str, op: str, value: Any, keys: tuple[str, ...] = ()) -> Compare:
    """A comparison on a dotted path."""
    return Compare(tuple(path.split(".")), op, value, keys)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "op", "query", "expected"),
    [
        (21.5, ">", 20, True),
        (21, "==", 21.0, True),
        (True, "==", 1, False),  # a boolean is not a number
        (1, "==", True, False),
        (True, "==", True, True),
        (False, "<", True, True),
        ("21.5", ">", 20, False),  # a string is not a number
        ("abc", "<", "abd", True),
        ("Z", "<", "a", True),  # code-point order, not a locale's
        ("é", ">", "z", True),
        ("2024-05-01T08:00:00+08:00", "==", datetime(2024, 5, 1, 0, 0, tzinfo=UTC), True),
        ("2024-05-01T00:00:00Z", ">=", datetime(2024, 5, 1, tzinfo=UTC), True),
        ("not a date", "<", datetime(2030, 1, 1, tzinfo=UTC), False),
        (5, "<=", datetime(2030, 1, 1, tzinfo=UTC), False),
        (7, "==", (1, 7, 9), True),
        (7, "==", Range(7, 9), True),
        (9.5, "==", Range(7, 9), False),
        ("b", "==", Range("a", "c"), True),
        (8, "!=", Range(7, 9), False),
        (10, "!=", (1, 7, 9), True),
        ([1, 5, 9], "==", 5, True),
        ([1, 5, 9], "!=", 5, False),
        ([1, 5, 9], "==", Range(2, 4), False),
        ([1, 5, 9], ">", 3, False),  # ordering never looks inside arrays
        ({"a": 1}, "==", 1, False),
        ({"a": 1}, "!=", 1, True),
        ("Science Park", "~=", "^Sci", True),
        ("Science Park", "~=", "park", False),
        ("Science Park", "~=", "(?i)park", True),
        ("Science Park", "!~=", "^Sci", False),
        (12, "!~=", "^1", True),  # a number never matches a pattern, so its complement holds
        (12, "~=", "^1", False),
    ],
)
def test_typed_comparison(value: Any, op: str, query: Any, expected: bool) -> None:
    assert evaluate(q("name", op, query), entity(name=prop(value))) is expected


def test_any_instance_matches_and_not_is_entity_level() -> None:
    e = entity(floors=[prop(28), prop(30, dataset_id="urn:ngsi-ld:Dataset:bim")])
    assert evaluate(q("floors", "==", 30), e)
    assert evaluate(q("floors", "!=", 30), e)  # the default instance differs
    assert not evaluate(Not(q("floors", "==", 30)), e)
    assert evaluate(q("floors.datasetId", "==", "urn:ngsi-ld:Dataset:bim"), e)


def test_references_walk_sub_attributes_metadata_and_keys() -> None:
    height = Attribute(AttrType.PROPERTY, 98.5, unit_code="MTR", observed_at="2024-05-01T08:00:00Z")
    height.sub["accuracy"] = prop(0.5, unit_code="MTR")
    e = entity(
        height=height,
        address=prop({"city": "深圳", "district": {"code": "440305"}}),
        ownedBy=rel("urn:ngsi-ld:Enterprise:1"),
    )
    assert evaluate(q("height.accuracy", "<", 1), e)
    assert evaluate(q("height.accuracy.unitCode", "==", "MTR"), e)
    assert evaluate(q("height.unitCode", "==", "MTR"), e)
    assert evaluate(q("height.observedAt", ">", datetime(2024, 5, 1, 7, tzinfo=UTC)), e)
    assert not evaluate(q("height.observedAt.x", "==", "a"), e)  # nothing lies below metadata
    assert not evaluate(Exists(("height", "deletedAt")), e)
    assert evaluate(q("address", "==", "深圳", ("city",)), e)
    assert evaluate(q("address", "==", "440305", ("district", "code")), e)
    assert not evaluate(Exists(("address",), ("street",)), e)
    assert evaluate(Exists(("address",), ("district",)), e)
    assert evaluate(q("ownedBy", "==", "urn:ngsi-ld:Enterprise:1"), e)
    assert not evaluate(Exists(("height", "precision")), e)
    assert not evaluate(q("missing", "!=", 1), e)  # != needs the value to be present


def test_system_times_are_references_too() -> None:
    inst = prop(1, created_at="2024-01-01T00:00:00Z", modified_at="2024-02-01T00:00:00Z")
    e = entity(level=inst)
    assert evaluate(q("level.modifiedAt", ">", datetime(2024, 1, 15, tzinfo=UTC)), e)
    assert not evaluate(q("level.createdAt", ">", datetime(2024, 1, 15, tzinfo=UTC)), e)


def test_boolean_combinations() -> None:
    e = entity(floors=prop(10), usage=prop("office"))
    assert evaluate(And((q("floors", ">", 5), q("usage", "==", "office"))), e)
    assert not evaluate(And((q("floors", ">", 5), q("usage", "==", "shop"))), e)
    assert evaluate(Or((q("floors", ">", 50), q("usage", "==", "office"))), e)
    assert evaluate(And(()), e)
    assert not evaluate(Or(()), e)
    assert evaluate(Not(Exists(("color",))), e)


@pytest.mark.parametrize(
    "pred",
    [
        q("floors", ">", Range(1, 2)),
        q("floors", "==", Range(1, "b")),
        q("name", "~=", "("),
        q("name", "~=", 5),
        q("bad name", "==", 1),
        q("name", "==", 1, ("x'y",)),
        q("floors", "==", None),
    ],
)
def test_bad_predicates_are_refused(pred: Compare) -> None:
    with pytest.raises(BadRequestData):
        evaluate(pred, entity(floors=prop(1), name=prop("x")))


@pytest.mark.parametrize(
    ("scope", "prefix", "expected"),
    [
        ("/Shenzhen", "/Shenzhen", True),
        ("/Shenzhen/Futian", "/Shenzhen", True),
        ("/Shenzhen/Futian", "/Shenzhen/", True),
        ("/ShenzhenBay", "/Shenzhen", False),
        ("/Shen", "/Shenzhen", False),
        ("/Anything", "/", True),
    ],
)
def test_scope_prefixes_follow_path_segments(scope: str, prefix: str, expected: bool) -> None:
    assert scope_matches(scope, normalize_scope(prefix)) is expected


def test_scope_prefix_must_be_a_path() -> None:
    with pytest.raises(BadRequestData):
        normalize_scope("Shenzhen")


def test_admin_codes_compare_in_canonical_form() -> None:
    assert admin_key("440305001001") == "440305001001"
    assert admin_key("440305000000") == "440305"
    assert admin_key(440304) == "440304"
    assert admin_key("not-a-code") == "not-a-code"
    assert admin_prefix("440300") == "4403"
    with pytest.raises(InvalidCode):
        admin_prefix("44030")


def test_grid_ranges_nest_by_level() -> None:
    point = Point(113.9431, 22.5402)
    cell = grid_int(point)
    assert cell is not None
    previous = None
    for level in range(1, 11):
        lo, hi = grid_range(beidou.encode(point.x, point.y, level))
        assert lo <= cell <= hi
        if previous is not None:
            assert previous[0] <= lo and hi <= previous[1]
        previous = (lo, hi)
    assert grid_int(Point(10.0, 89.0)) is None  # the grid stops at the polar caps
    with pytest.raises(InvalidCode):
        grid_range("N50X")


def test_matches_every_filter() -> None:
    e = entity(
        cimLevel=prop("building"),
        adminCode=prop("440305001001"),
        location=geo(NANSHAN_TOWER),
        height=prop(98.5),
    )
    e.types = ("Building", "Office")
    rep = shapely.geometry.shape(NANSHAN_TOWER).representative_point()
    yes = [
        EntityQuery(),
        EntityQuery(ids=(e.id, "urn:x:other")),
        EntityQuery(id_pattern="440305001001"),
        EntityQuery(types=(frozenset({"Building", "Office"}),)),
        EntityQuery(types=(frozenset({"Shop"}), frozenset({"Office"}))),
        EntityQuery(scopes=("/Shenzhen",)),
        EntityQuery(levels=(ModelLevel.BUILDING, ModelLevel.PART)),
        EntityQuery(admin_code="440300"),
        EntityQuery(admin_code="440305001"),
        EntityQuery(grid_prefix=beidou.encode(rep.x, rep.y, 6)),
        EntityQuery(q=q("height", ">", 90)),
        EntityQuery(geo=GeoFilter(GeoRel.WITHIN, box(113.9, 22.5, 114.0, 22.6))),
    ]
    no = [
        EntityQuery(ids=("urn:x:other",)),
        EntityQuery(id_pattern="^urn:ngsi-ld:Shop"),
        EntityQuery(types=(frozenset({"Building", "Shop"}),)),
        EntityQuery(types=types_of("Shop")),
        EntityQuery(scopes=("/Shenzhen/Futian", "/Shen")),
        EntityQuery(levels=(ModelLevel.DISTRICT,)),
        EntityQuery(admin_code="440304"),
        EntityQuery(grid_prefix=beidou.encode(114.2, 22.7, 6)),
        EntityQuery(q=q("height", "<", 90)),
        EntityQuery(geo=GeoFilter(GeoRel.DISJOINT, box(113.9, 22.5, 114.0, 22.6))),
    ]
    assert [matches(e, query) for query in yes] == [True] * len(yes)
    assert [matches(e, query) for query in no] == [False] * len(no)
    bare = entity()
    assert not matches(bare, EntityQuery(geo=GeoFilter(GeoRel.DISJOINT, box(0, 0, 1, 1))))
    assert not matches(bare, EntityQuery(grid_prefix=beidou.encode(rep.x, rep.y, 2)))
    assert not matches(bare, EntityQuery(admin_code="44"))


@pytest.mark.parametrize(
    ("rel", "geometry", "expected"),
    [
        (GeoRel.WITHIN, box(113.94, 22.53, 113.95, 22.55), True),
        (GeoRel.CONTAINS, Point(113.9435, 22.5402), True),
        (GeoRel.CONTAINS, box(113.94, 22.53, 113.95, 22.55), False),
        (GeoRel.INTERSECTS, LineString([(113.9, 22.5405), (114.0, 22.5405)]), True),
        (GeoRel.OVERLAPS, box(113.9435, 22.5402, 113.95, 22.55), True),
        (GeoRel.OVERLAPS, box(113.94, 22.53, 113.95, 22.55), False),
        (GeoRel.EQUALS, Polygon([(113.944, 22.541), (113.943, 22.54), (113.944, 22.54)]), True),
        (GeoRel.DISJOINT, Point(113.95, 22.55), True),
    ],
)
def test_geo_relations_are_shapely_predicates(rel: GeoRel, geometry: Any, expected: bool) -> None:
    tower = shapely.geometry.shape(NANSHAN_TOWER)
    assert geo_holds(tower, GeoFilter(rel, geometry)) is expected


def test_near_uses_geodesic_metres() -> None:
    geod = Geod(ellps="WGS84")
    a, b = Point(113.94, 22.54), Point(113.95, 22.55)
    exact = geod.inv(a.x, a.y, b.x, b.y)[2]
    assert geodesic_distance_m(a, b) == exact
    assert geo_holds(a, GeoFilter(GeoRel.NEAR, b, max_distance=exact))
    assert not geo_holds(a, GeoFilter(GeoRel.NEAR, b, max_distance=exact - 0.01))
    assert geo_holds(a, GeoFilter(GeoRel.NEAR, b, min_distance=exact - 0.01))
    # Polygons and lines: against a densely sampled boundary, well within 0.1 %.
    ring = shapely.segmentize(box(113.96, 22.52, 113.99, 22.56).exterior, 0.0001)
    xy = shapely.get_coordinates(ring)
    sampled = min(geod.inv(xy[:, 0], xy[:, 1], np.full(len(xy), a.x), np.full(len(xy), a.y))[2])
    assert math.isclose(geodesic_distance_m(box(113.96, 22.52, 113.99, 22.56), a), sampled, rel_tol=1e-3)
    assert geodesic_distance_m(box(113.9, 22.5, 114.0, 22.6), a) == 0.0


def test_naive_query_datetimes_are_utc() -> None:
    e = entity(seen=prop("2024-05-01T08:00:00+08:00"))
    assert evaluate(q("seen", "==", datetime(2024, 5, 1, 0, 0)), e)
    assert evaluate(q("seen", "==", datetime(2024, 5, 1, 2, 0, tzinfo=timezone(timedelta(hours=2)))), e)


def test_expiry_filters_split_transient_entities_at_an_instant() -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    due = Entity("urn:x:due", ("T",), {}, expires_at="2025-12-31T23:59:59Z")
    later = Entity("urn:x:later", ("T",), {}, expires_at="2026-01-01T00:00:01Z")
    lasting = Entity("urn:x:lasting", ("T",), {})
    live = EntityQuery(live_at=now)
    expired = EntityQuery(expired_at=now)
    assert [matches(e, live) for e in (due, later, lasting)] == [False, True, True]
    assert [matches(e, expired) for e in (due, later, lasting)] == [True, False, False]
    at_the_instant = Entity("urn:x:now", ("T",), {}, expires_at="2026-01-01T00:00:00Z")
    assert not matches(at_the_instant, live) and matches(at_the_instant, expired)
