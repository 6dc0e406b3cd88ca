"""Property: every georel answered by GET /entities equals an independent computation on the same geometries.

``within`` is the entity within the query geometry and ``contains`` the entity containing it, both by shapely
on the lng/lat geometries; ``near`` compares with geodesic distances (pyproj on the WGS84 ellipsoid, polygons
densified to metre spacing), leaving out entities within a small band around the distance bound.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import Point, box, mapping
from shapely.geometry.base import BaseGeometry
from starlette.testclient import TestClient

from tests.api.conftest import V1

LNG0, LAT0 = 114.0, 22.5
GEOD = Geod(ellps="WGS84")
N = 8
"""Entities per example: ids are reused, so each upsert replaces the previous example's city."""

offsets = st.floats(0.0, 0.05, allow_nan=False)
sizes = st.floats(0.0005, 0.03, allow_nan=False)


@st.composite
def geometries(draw: st.DrawFn) -> BaseGeometry:
    """A point or a rectangle near Shenzhen's Futian district."""
    x, y = LNG0 + draw(offsets), LAT0 + draw(offsets)
    if draw(st.booleans()):
        return Point(round(x, 7), round(y, 7))
    return box(round(x, 7), round(y, 7), round(x + draw(sizes), 7), round(y + draw(sizes), 7))


def geodesic_m(geom: BaseGeometry, point: Point) -> float:
    """Metres from ``point`` to the nearest point of ``geom`` on the ellipsoid (0 inside)."""
    if geom.covers(point):
        return 0.0
    line = shapely.segmentize(geom.boundary if geom.geom_type != "Point" else geom, 0.00001)
    xy = shapely.get_coordinates(line)
    _, _, dist = GEOD.inv(np.full(len(xy), point.x), np.full(len(xy), point.y), xy[:, 0], xy[:, 1])
    return float(np.min(dist))


def _inner(geom: BaseGeometry) -> Point:
    """A point inside the geometry (the point itself for a point)."""
    point = geom.representative_point()
    return Point(round(point.x, 7), round(point.y, 7))


def found(api: TestClient, georel: str, query: BaseGeometry) -> set[str]:
    params = {
        "type": "Geo",
        "georel": georel,
        "geometry": query.geom_type,
        "coordinates": json.dumps(mapping(query)["coordinates"]),
        "limit": 50,
    }
    response = api.get(f"{V1}/entities", params=params)
    assert response.status_code == 200, response.text
    return {e["id"] for e in response.json()}


def load(api: TestClient, geoms: list[BaseGeometry]) -> None:
    bodies: list[dict[str, Any]] = [
        {"id": f"urn:g:{i}", "type": "Geo", "location": {"type": "GeoProperty", "value": mapping(g)}}
        for i, g in enumerate(geoms)
    ]
    for body in bodies:  # mapping() gives tuples; the API takes JSON arrays
        body["location"]["value"] = json.loads(json.dumps(body["location"]["value"]))
    response = api.post(f"{V1}/entityOperations/upsert", json=bodies)
    assert response.status_code in (201, 204), response.text


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    geoms=st.lists(geometries(), min_size=N, max_size=N),
    area=st.tuples(offsets, offsets, st.floats(0.005, 0.05)).map(
        lambda t: box(LNG0 + t[0], LAT0 + t[1], LNG0 + t[0] + t[2], LAT0 + t[1] + t[2])
    ),
    data=st.data(),
    distance=st.floats(50, 6000, allow_nan=False),
    lower=st.booleans(),
)
def test_georel_matches_an_independent_computation(
    api: TestClient,
    geoms: list[BaseGeometry],
    area: BaseGeometry,
    data: st.DataObject,
    distance: float,
    lower: bool,
) -> None:
    # Probes taken from the entities themselves make contains/near hit their interesting cases often.
    probe = data.draw(st.one_of(geometries(), st.sampled_from(geoms).map(_inner)), label="probe")
    centre = data.draw(st.one_of(geometries(), st.sampled_from(geoms)).map(_inner), label="centre")
    load(api, geoms)
    ids = [f"urn:g:{i}" for i in range(len(geoms))]
    assert found(api, "within", area) == {i for i, g in zip(ids, geoms, strict=True) if g.within(area)}
    assert found(api, "contains", probe) == {i for i, g in zip(ids, geoms, strict=True) if g.contains(probe)}
    assert found(api, "intersects", area) == {
        i for i, g in zip(ids, geoms, strict=True) if g.intersects(area)
    }

    georel = f"near;{'minDistance' if lower else 'maxDistance'}=={distance}"
    answer = found(api, georel, centre)
    band = max(5.0, distance * 0.002)  # projection and densification error stay well inside this
    for entity_id, geom in zip(ids, geoms, strict=True):
        metres = geodesic_m(geom, centre)
        if abs(metres - distance) <= band:
            continue
        expected = metres >= distance if lower else metres <= distance
        assert (entity_id in answer) == expected, (entity_id, metres, distance, lower)
