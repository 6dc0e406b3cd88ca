"""Building twins for the tile tests: a small block of real-shaped footprints in 南山 (Nanshan)."""

from __future__ import annotations

import math

from citytwin.core.entities import Entity, geo, prop
from tests.api.conftest import api  # noqa: F401  (the route tests use the API fixture, both backends)

M = 1 / 111_320


def building(
    i: int, lng: float, lat: float, w_m: float, d_m: float, height: float | None, **extra: object
) -> Entity:
    """A Building twin with a rectangular footprint (w × d metres, SW corner at lng/lat)."""
    dx = w_m * M / math.cos(math.radians(lat))
    ring = [[lng, lat], [lng + dx, lat], [lng + dx, lat + d_m * M], [lng, lat + d_m * M], [lng, lat]]
    e = Entity(f"urn:ngsi-ld:Building:t{i:05d}", ("Building",))
    e.set("location", geo({"type": "Polygon", "coordinates": [ring]}))
    if height is not None:
        e.set("height", prop(height, unit_code="MTR"))
    for name, value in extra.items():
        e.set(name, prop(value))
    return e


def block(n: int, lng0: float = 113.93, lat0: float = 22.52, spacing_m: float = 40.0) -> list[Entity]:
    """``n`` buildings on a square grid, heights 6–150 m, names in Chinese, a community code."""
    side = max(1, math.ceil(math.sqrt(n)))
    out = []
    for i in range(n):
        col, row = i % side, i // side
        lng = lng0 + col * spacing_m * M / math.cos(math.radians(lat0))
        lat = lat0 + row * spacing_m * M
        out.append(building(i, lng, lat, 20 + i % 7, 15 + i % 5, 6.0 + (i * 53) % 145,
                            name=f"科技园{i}栋", adminCode="440305007001", buildingUse="office"))  # fmt: skip
    return out
