"""Spatial registration (空间配准): which community, street or district holds each imported row.

The administrative areas come from the twin itself (entities of types Community, SubDistrict and District
with a polygon ``location``); one shapely STRtree per level answers a whole batch in one vectorised query,
most specific level first. Rows with only an address are placed by the gazetteer (``ingest.geocode``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray

from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, types_of
from citytwin.ingest.geocode import MIN_SCORE, Gazetteer, GeocodeMatch
from citytwin.storage.base import TenantStore

LEVELS: tuple[tuple[str, str], ...] = (
    ("community", "Community"),
    ("street", "SubDistrict"),
    ("district", "District"),
)
"""Registration levels, most specific first, with the entity type that holds their areas."""
PAGE = 1000
_POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True, slots=True)
class Area:
    """An administrative area a row can be registered to."""

    entity_id: str
    admin_code: str
    level: str


@dataclass(slots=True)
class _Layer:
    level: str
    areas: list[Area]
    tree: shapely.STRtree
    sizes: NDArray[np.float64]


class AdminIndex:
    """STRtrees over the twin's administrative areas, one per level."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        by_type: dict[str, list[tuple[Area, Any]]] = {t: [] for _, t in LEVELS}
        level_of = {t: lv for lv, t in LEVELS}
        for entity in entities:
            kind = next((t for t in entity.types if t in by_type), None)
            code = entity.admin_code
            geom = entity.location()
            if kind is None or code is None or geom is None or geom.geom_type not in _POLYGONAL:
                continue
            by_type[kind].append((Area(entity.id, code, level_of[kind]), geom))
        self.layers: list[_Layer] = []
        for level, kind in LEVELS:
            items = by_type[kind]
            if not items:
                continue
            geoms = np.array([g for _, g in items], dtype=object)
            self.layers.append(
                _Layer(level, [a for a, _ in items], shapely.STRtree(geoms), shapely.area(geoms))
            )

    @classmethod
    def from_store(cls, tenant: TenantStore) -> AdminIndex:
        """The areas held by a tenant's store."""
        return cls(_areas(tenant))

    @property
    def levels(self) -> list[str]:
        """The levels that have areas with geometry."""
        return [layer.level for layer in self.layers]

    def __bool__(self) -> bool:
        return bool(self.layers)

    def locate(self, lngs: NDArray[np.float64], lats: NDArray[np.float64]) -> list[Area | None]:
        """The most specific area holding each point (None where none does or the point is NaN)."""
        out: list[Area | None] = [None] * len(lngs)
        todo = np.flatnonzero(np.isfinite(lngs) & np.isfinite(lats))
        for layer in self.layers:
            if todo.size == 0:
                break
            points = shapely.points(lngs[todo], lats[todo])
            inputs, hits = layer.tree.query(points, predicate="intersects")
            if inputs.size == 0:
                continue
            # Overlapping areas (a point on a shared boundary, hand-drawn partitions): the smallest wins.
            order = np.lexsort((layer.sizes[hits], inputs))
            inputs, hits = inputs[order], hits[order]
            first = np.unique(inputs, return_index=True)[1]
            for i, h in zip(inputs[first].tolist(), hits[first].tolist(), strict=True):
                out[int(todo[i])] = layer.areas[h]
            found = np.zeros(todo.size, dtype=bool)
            found[inputs[first]] = True
            todo = todo[~found]
        return out


def _areas(tenant: TenantStore) -> Iterable[Entity]:
    for _, kind in LEVELS:
        offset = 0
        while True:
            page = tenant.query(EntityQuery(types=types_of(kind), limit=PAGE, offset=offset)).entities
            yield from page
            if len(page) < PAGE:
                break
            offset += PAGE


@dataclass(frozen=True, slots=True)
class Geocoded:
    """Where the gazetteer placed an address that scored at least ``MIN_SCORE``."""

    lng: float
    lat: float
    score: float
    level: str
    entity_id: str | None
    admin_code: str | None
    grid_code: str


class Geocoder:
    """The gazetteer (``citytwin.ingest.geocode``) over the twin, built when the first address needs it."""

    def __init__(self, tenant: TenantStore) -> None:
        self.tenant = tenant
        self._gazetteer: Gazetteer | None = None

    def add(self, entities: Sequence[Entity]) -> None:
        """Let later rows of this import find entities imported earlier in it (buildings, POIs)."""
        if self._gazetteer is not None and entities:
            self._gazetteer.add(entities)

    def geocode(self, addresses: Sequence[str]) -> list[tuple[Geocoded | None, str]]:
        """Each address placed (or None) with the reason when it was not."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.from_store(self.tenant)
        return [
            _placed(address, match) for address, match in zip(
                addresses, self._gazetteer.geocode_many(list(addresses)), strict=True
            )
        ]  # fmt: skip


def _placed(address: str, match: GeocodeMatch | None) -> tuple[Geocoded | None, str]:
    if match is None:
        return None, f"address not found in the gazetteer: {address}"
    if match.score < MIN_SCORE:
        return (
            None,
            f"address matched below the minimum score ({match.score:.2f} < {MIN_SCORE:.2f}): {address}",
        )
    placed = Geocoded(
        match.lng, match.lat, match.score, match.level, match.entity_id, match.admin_code, match.grid_code
    )
    return placed, ""
