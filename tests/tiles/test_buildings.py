"""Building twins → extrusion records: the footprint shapes real data comes in, heights and properties."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from citytwin.core.entities import Attribute, AttrType, Entity, prop
from citytwin.tiles.buildings import DEFAULT_HEIGHT_M, records


def twin(i: int, geometry: dict[str, object], **attrs: object) -> Entity:
    e = Entity(f"urn:ngsi-ld:Building:s{i}", ("Building",))
    # Unchecked on purpose: a twin written by an older importer may hold what the API would refuse.
    e.set("location", Attribute(AttrType.GEOPROPERTY, geometry))
    for name, value in attrs.items():
        e.set(name, prop(value))
    return e


SQUARE = [[113.95, 22.53], [113.9501, 22.53], [113.9501, 22.5301], [113.95, 22.5301], [113.95, 22.53]]


def test_the_shapes_footprints_come_in() -> None:
    bowtie = [[113.95, 22.53], [113.9501, 22.5301], [113.9501, 22.53], [113.95, 22.5301], [113.95, 22.53]]
    with_z = [[x, y, 4.0] for x, y in SQUARE]
    holed = [
        SQUARE,
        [[113.95002, 22.53002], [113.95004, 22.53002], [113.95004, 22.53004], [113.95002, 22.53002]],
    ]
    twins = [
        twin(0, {"type": "Polygon", "coordinates": [SQUARE]}, height=30.0),
        twin(1, {"type": "Polygon", "coordinates": [bowtie]}, height=12.0),  # self-intersecting: repaired
        twin(2, {"type": "Polygon", "coordinates": [with_z]}, floorsAboveGround=8),
        twin(3, {"type": "Polygon", "coordinates": holed}),
        twin(4, {"type": "MultiPolygon", "coordinates": [[SQUARE], [[[x + 0.001, y] for x, y in SQUARE]]]}),
        twin(5, {"type": "Point", "coordinates": [113.96, 22.54]}, name={"zh": "点楼", "en": "Point tower"}),
        twin(6, {"type": "LineString", "coordinates": SQUARE[:2]}),
    ]
    recs, skipped = records(twins)
    assert skipped == ["urn:ngsi-ld:Building:s6"]
    by = {r.id.rsplit(":", 1)[-1]: r for r in recs}
    assert by["s0"].top == 30.0 and by["s0"].geom.geom_type == "Polygon"
    assert by["s1"].geom.is_valid and by["s1"].area_m2 > 0
    assert by["s2"].top == 24.0 and by["s2"].floors == 8
    assert by["s3"].top == DEFAULT_HEIGHT_M and len(by["s3"].geom.interiors) == 1
    assert by["s4"].geom.geom_type == "MultiPolygon"
    # A point gets a 10 m square, so it can still be seen and picked.
    assert by["s5"].area_m2 == pytest.approx(100.0, rel=0.01) and by["s5"].name == "点楼"
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32650", always_xy=True)
    true_area = shapely.transform(by["s0"].geom, lambda xy: np.c_[utm.transform(xy[:, 0], xy[:, 1])]).area
    assert by["s0"].area_m2 == pytest.approx(true_area, rel=0.01)


def test_non_numeric_coordinates_are_skipped_not_fatal() -> None:
    bad = twin(0, {"type": "Polygon", "coordinates": [[["a", 1], [2, 3], [4, 5], ["a", 1]]]})
    good = twin(1, {"type": "Polygon", "coordinates": [SQUARE]})
    recs, skipped = records([bad, good])
    assert [r.id for r in recs] == [good.id] and skipped == [bad.id]
