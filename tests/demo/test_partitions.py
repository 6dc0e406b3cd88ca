"""The synthetic street and community partitions: real codes, exact tiling, valid shapes, determinism."""

from __future__ import annotations

import statistics

import numpy as np
import pytest
import shapely
from shapely.geometry import Point

from citytwin.core.codes import admin
from citytwin.core.entities import Entity
from citytwin.demo.hierarchy import admin_entities, area_id, district_boundaries
from citytwin.demo.partitions import (
    GEOMETRY_SOURCE,
    STREET_ANCHORS,
    community_partitions,
    partitions,
    population_surface,
    street_partitions,
)

# Overlay noise on degree-sized areas: relative errors far below this are float rounding, not gaps.
TILING = 1e-9


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    return {e.id: e for e in admin_entities()}


def _tiles(parent: shapely.Geometry, children: list[shapely.Geometry]) -> None:
    """Children cover the parent with no gap and no overlap (up to float noise)."""
    total = sum(c.area for c in children)
    union = shapely.union_all(children)
    assert abs(total - parent.area) <= TILING * parent.area, "areas must add up to the parent's"
    assert abs(union.area - total) <= TILING * parent.area, "children must not overlap"
    assert shapely.symmetric_difference(union, parent).area <= TILING * parent.area, "no gaps or spill-over"


def test_every_code_from_the_tables_has_a_polygon() -> None:
    streets = {s.code for d in admin.districts() for s in admin.streets(d.code)}
    communities = {c.code for s in streets for c in admin.communities(s)}
    assert len(streets) == 79  # 74 streets and 5 special units (前海合作区, the airport, bonded zones)
    assert len(communities) == 788
    assert set(street_partitions()) == streets
    assert set(community_partitions()) == communities


def test_shapes_are_valid_polygons() -> None:
    for code, geom in {**street_partitions(), **community_partitions()}.items():
        assert geom.geom_type in ("Polygon", "MultiPolygon"), code
        assert shapely.is_valid(geom), code
        assert geom.area > 0, code


def test_streets_tile_their_district() -> None:
    bounds = district_boundaries()
    for district in admin.districts():
        _tiles(bounds[district.code], [street_partitions()[s.code] for s in admin.streets(district.code)])


def test_communities_tile_their_street() -> None:
    for code, street in street_partitions().items():
        _tiles(street, [community_partitions()[c.code] for c in admin.communities(code)])


def test_dapeng_streets_fill_the_dapeng_outline() -> None:
    dapeng = admin.FUNCTIONAL_DISTRICTS["大鹏新区"]
    inside = shapely.union_all([street_partitions()[c] for c in dapeng.street_codes])
    # 大鹏 is the east of 440307: its streets lie east of 114.35, 龙岗's others west of it.
    assert inside.bounds[0] > 114.30
    others = [s.code for s in admin.streets("440307") if s.code not in dapeng.street_codes]
    assert all(street_partitions()[c].centroid.x < 114.40 for c in others)


def test_each_community_entity_hangs_under_the_right_street_and_district(entities: dict[str, Entity]) -> None:
    bounds = district_boundaries()
    communities = [e for e in entities.values() if e.type == "Community"]
    assert len(communities) == 788
    for entity in communities:
        code = entity.admin_code
        assert code is not None
        area = admin.lookup(code)
        street = entities[entity.value("partOf")]
        assert street.admin_code == area.parent_code == code[:9]
        district = entities[street.value("partOf")]
        assert district.admin_code == code[:6]
        polygon = entity.location()
        assert polygon is not None
        # Inside its district and its street (a hair of tolerance for the shared boundary).
        assert polygon.difference(bounds[code[:6]]).area <= TILING * polygon.area
        assert polygon.difference(street_partitions()[code[:9]]).area <= TILING * polygon.area
        assert entity.value("geometrySource") == GEOMETRY_SOURCE
        assert "synthetic" not in str(entity.value("source"))  # the source names the real tables


def test_street_entities_carry_their_polygon(entities: dict[str, Entity]) -> None:
    for code, geom in street_partitions().items():
        entity = entities[area_id(code)]
        assert entity.value("geometrySource") == "synthetic"
        location = entity.location()
        assert location is not None
        assert abs(location.area - geom.area) <= TILING * geom.area


def test_anchors_lie_in_their_districts_and_mostly_in_their_streets() -> None:
    bounds = district_boundaries()
    assert set(STREET_ANCHORS) == set(street_partitions())
    inside = 0
    for code, (lng, lat) in STREET_ANCHORS.items():
        assert bounds[code[:6]].contains(Point(lng, lat)), code
        inside += street_partitions()[code].contains(Point(lng, lat))
    # Population-weighted Lloyd steps move the seeds a little; the names stay where they belong.
    assert inside >= 0.9 * len(STREET_ANCHORS)


def test_dense_places_get_small_communities() -> None:
    # Futian (dense) against Pingshan and the Dapeng streets (sparse): median community area.
    def median_area(prefixes: tuple[str, ...]) -> float:
        return statistics.median(g.area for c, g in community_partitions().items() if c.startswith(prefixes))

    assert median_area(("440304",)) * 4 < median_area(("440310",))
    assert median_area(("440304",)) * 4 < median_area(("440307009", "440307010", "440307011"))


def test_population_surface_follows_the_zones() -> None:
    futian_cbd, dapeng_hills = (114.058, 22.540), (114.52, 22.55)
    dense, sparse = population_surface(
        np.array([futian_cbd[0], dapeng_hills[0]]), [futian_cbd[1], dapeng_hills[1]]
    )
    assert dense > 20 * sparse > 0


def test_partitions_are_deterministic() -> None:
    again = partitions.__wrapped__()  # recompute, bypassing the cache
    first = partitions()
    assert list(again.streets) == list(first.streets)
    for code, geom in first.communities.items():
        assert shapely.equals_exact(again.communities[code], geom, tolerance=0), code
