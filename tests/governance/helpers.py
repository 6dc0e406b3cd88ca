"""Real-shaped Shenzhen test data: buildings in 粤海街道 (Nanshan), enterprises, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from citytwin.core.codes import city_code
from citytwin.core.codes.ids import uscc_check_char
from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop, rel
from citytwin.demo.hierarchy import area_id

KEJIYUAN = area_id("440305007003")
"""科技园社区 (Science Park community), 粤海街道, 南山区."""
SHENZHEN_UNIVERSITY = area_id("440305007004")
"""深圳大学社区."""
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


class Clock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def footprint(lng: float, lat: float, size_m: float = 30.0) -> dict[str, Any]:
    """A square footprint (GeoJSON polygon) of ``size_m`` metres centred on lng/lat."""
    dx = size_m / 2 / 102_800  # metres per degree of longitude at 22.5°N
    dy = size_m / 2 / 110_700
    ring = [
        [lng - dx, lat - dy],
        [lng + dx, lat - dy],
        [lng + dx, lat + dy],
        [lng - dx, lat + dy],
        [lng - dx, lat - dy],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def building(
    n: int,
    *,
    height: float | None = None,
    name: str | None = None,
    community: str = KEJIYUAN,
    shift_m: float = 0.0,
    usage: str | None = None,
) -> Entity:
    """Building ``n`` of a row along 科苑路 in 科技园 (lng 113.9437+, lat 22.5405)."""
    lng = 113.9437 + n * 0.0004 + shift_m / 102_800
    entity = Entity(id=building_id(n), types=("Building",))
    entity.set("location", geo(footprint(lng, 22.5405)))
    entity.set("cimLevel", prop("building"))
    entity.set("adminCode", prop("440305007003"))
    entity.set("locatedIn", rel(community))
    if height is not None:
        entity.set("height", prop(height))
    if name is not None:
        entity.set("name", prop(name))
    if usage is not None:
        entity.set("usage", prop(usage))
    return entity


def building_id(n: int) -> str:
    """The twin id (city code URN) of building ``n`` of 科技园社区."""
    return city_code.to_urn(city_code.generate("440305007003", "BD", sequence=n + 1))


def uscc(serial: int) -> str:
    """A valid unified social credit code of a Nanshan enterprise (GB 32100 check character)."""
    first17 = f"91440305{serial:09d}"
    return first17 + uscc_check_char(first17)


def enterprise(serial: int, name: str, in_building: str) -> Entity:
    """An enterprise (legal person) owning space in a building."""
    code = uscc(serial)
    entity = Entity(id=city_code.to_urn(city_code.for_enterprise(code)), types=("Organization",))
    entity.set("legalName", prop(name))
    entity.set("uscc", prop(code))
    entity.set("locatedIn", rel(in_building))
    return entity


def language(zh: str) -> Attribute:
    """A LanguageProperty with a Chinese name."""
    return Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": zh})


def ids(entities: Iterator[Entity] | list[Entity]) -> list[str]:
    """Entity ids, sorted."""
    return sorted(e.id for e in entities)
