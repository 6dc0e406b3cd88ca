"""codec.prepare with geometries the caller already holds (an import's checked footprints)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely

from citytwin.core.entities import LOCATION, Attribute, AttrType, Entity
from citytwin.ingest.importers.mapping import geojson_many
from citytwin.storage.codec import KnownLocations, prepare

TAZ = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "citytwin"
    / "data"
    / "shenzhen"
    / "sz_taz_491_geometry.geojson"
)


def _zones() -> tuple[list[Entity], list[dict[str, object]], np.ndarray]:
    features = json.loads(TAZ.read_text(encoding="utf-8"))["features"]
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
    geoms = np.concatenate([geoms, shapely.centroid(geoms)])  # polygons and points
    values = geojson_many(geoms)
    entities = [
        Entity(
            f"urn:ngsi-ld:TrafficZone:440300-TZ-{i:04d}",
            ("TrafficZone",),
            {LOCATION: [Attribute(AttrType.GEOPROPERTY, v)], "zone": [Attribute(AttrType.PROPERTY, i)]},
        )
        for i, v in enumerate(values)
    ]
    return entities, values, geoms  # type: ignore[return-value]


def _known(values: list[dict[str, object]], geoms: np.ndarray) -> KnownLocations:
    points = shapely.get_coordinates(shapely.point_on_surface(geoms))
    return KnownLocations(values, geoms, points)


def test_known_geometries_give_the_columns_parsing_gives() -> None:
    entities, values, geoms = _zones()
    parsed = prepare(entities, fresh=True)
    given = prepare(entities, fresh=True, known=_known(values, geoms))
    assert not parsed.errors and not given.errors
    assert given.docs == parsed.docs
    assert given.grids == parsed.grids
    assert (given.minx, given.miny, given.maxx, given.maxy) == (
        parsed.minx,
        parsed.miny,
        parsed.maxx,
        parsed.maxy,
    )
    assert given.wkbs == parsed.wkbs


def test_known_geometries_are_found_by_identity_only() -> None:
    entities, values, geoms = _zones()
    moved = shapely.affinity.translate  # a different geometry for each value: shows which one was used
    shifted = np.array([moved(g, 0.01, 0.0) for g in geoms], dtype=object)
    taken = prepare(entities[:3], fresh=True, known=_known(values[:3], shifted[:3]))
    assert [shapely.from_wkb(bytes(w)) for w in taken.wkbs] == list(shifted[:3])
    # Equal values that are other objects are parsed as usual.
    copies = [json.loads(json.dumps(v)) for v in values[:3]]
    parsed = prepare(entities[:3], fresh=True, known=_known(copies, shifted[:3]))
    assert [shapely.from_wkb(bytes(w)) for w in parsed.wkbs] == list(geoms[:3])


def test_values_not_known_are_still_checked() -> None:
    entities, values, geoms = _zones()
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[114.0, 22.5], [114.1, 22.6], [114.1, 22.5], [114.0, 22.6], [114.0, 22.5]]],
    }
    bad = Entity(
        "urn:ngsi-ld:TrafficZone:440300-TZ-BAD",
        ("TrafficZone",),
        {LOCATION: [Attribute(AttrType.GEOPROPERTY, bow_tie)]},
    )
    out = prepare([*entities[:5], bad], fresh=True, known=_known(values[:5], geoms[:5]))
    assert [e[1] for e in out.errors] == [bad.id]
    assert len(out.docs) == 5
