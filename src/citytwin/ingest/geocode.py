"""Geocoding (地址匹配): place a Chinese address on the twin, with a score, without per-call store I/O.

The gazetteer is built from the twin itself: districts, streets and communities (their polygons),
roads (with house-number ranges when they have them), buildings with addresses and named POIs (see
``ingest.gazetteer`` for the attributes it reads). ``geocode`` parses the address (``core.address``), resolves
its administrative parts to codes, and then matches from the most precise level down:

- a building or POI name, inside the most specific named area: level building/poi, score 1.0 (0.95 when the
  address names no area); by its own road + house number: 0.95 (1.0 when the name matches too); a name one
  edit away: 0.9 × similarity;
- a house number interpolated on a road with number ranges: level ``grid`` (``entity_id`` None, the point is
  a grid cell, not an entity), 0.85 × road similarity;
- the road itself, at the point nearest the named area: level road, 0.7 × road similarity;
- the named community / street / district: 0.65 / 0.5 / 0.4.

A place only inside a larger named area scores ×0.95 per level, one outside every named area ×0.5; a name
that fits several places equally well ×0.6; contradicting parts (a street not in the named district) ×0.8.
Below :data:`MIN_SCORE` a match is too vague to register a record in space
(importers report it as unregistered); ``None`` means nothing matched at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import shapely
from shapely.geometry import Point

from citytwin.core.address import (
    AdminMatch,
    ParsedAddress,
    house_number,
    resolve_admin,
    segments,
)
from citytwin.core.codes import admin, beidou
from citytwin.core.codes.beidou_vector import encode_many
from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, Exists, Or
from citytwin.errors import InvalidCode
from citytwin.ingest.gazetteer import AreaLocator, NameIndex, Place, entry_of, number_key
from citytwin.storage.base import TenantStore

__all__ = ["MIN_SCORE", "Gazetteer", "GeocodeMatch"]

MIN_SCORE = 0.6
"""Matches scoring below this are too vague to register a record in space (district-level or ambiguous)."""
FUZZY_MIN = 0.6
"""Least bigram similarity for a near-miss name to count."""
PAGE = 2000
_READ = ("name", "alternateName", "address", "location", "adminCode", "houseNumberFrom", "houseNumberTo")
_AREA_SCORE = {"community": 0.65, "street": 0.5, "district": 0.4}
_AMBIGUOUS = 0.6  # factor when a name fits several places and no area decides
_CONTRADICTION = 0.8  # factor when the administrative parts disagree
_OUTSIDE = 0.5  # an exact name found only outside the area the address names
_VECTOR_BATCH = 32  # from this many loose points on, grid codes and areas are computed with numpy


@dataclass(frozen=True, slots=True)
class GeocodeMatch:
    """Where an address landed: the entity (when one), the level, the point, its score and grid code."""

    query: str
    entity_id: str | None
    level: str  # "building"|"poi"|"road"|"community"|"street"|"district"|"grid"
    lng: float
    lat: float
    score: float  # 0..1
    admin_code: str | None
    grid_code: str  # BeiDou grid code of the point

    def to_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return asdict(self)


@dataclass(slots=True)
class _Best:
    place: Place | None = None
    score: float = 0.0
    level: str = ""
    point: tuple[float, float] | None = None

    def offer(
        self, place: Place, score: float, level: str | None = None, point: tuple[float, float] | None = None
    ) -> None:
        if score > self.score:
            self.place, self.score, self.level, self.point = place, score, level or place.level, point


def _canonical(code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return admin.normalize(code)
    except InvalidCode:
        return None


class _Scope:
    """The areas an address names, most specific first, and how well a place fits them.

    A place inside the most specific named area fits 1.0; inside only the next larger one 0.95, then 0.9;
    outside all of them 0.5. A place whose area is unknown, or an address naming no area, fits 1.0.
    """

    __slots__ = ("codes", "levels")

    def __init__(self, adm: AdminMatch) -> None:
        levels: list[tuple[str, ...]] = []
        if adm.community:
            levels.append((adm.community,))
        elif adm.candidates:
            levels.append(adm.candidates)
        levels.extend((code,) for code in (adm.street, adm.district) if code and (code,) not in levels)
        self.levels = levels
        self.codes = levels[0] if levels else ()

    def __bool__(self) -> bool:
        return bool(self.levels)

    def fit(self, place: Place) -> float:
        """How well the place agrees with the named areas (see the class docstring)."""
        if not self.levels or not place.areas:
            return 1.0
        for rank, codes in enumerate(self.levels):
            for code in codes:
                if place.within(code):
                    return 1.0 - 0.05 * rank
        return _OUTSIDE

    def pick(self, places: list[Place]) -> tuple[Place, float, bool]:
        """The best-fitting place (lowest id among equals), its fit, and whether others fit as well."""
        if len(places) == 1:
            return places[0], self.fit(places[0]), False
        ranked = sorted(((-self.fit(p), p.entity_id, p) for p in places), key=lambda item: item[:2])
        top = ranked[0]
        tied = any(item[0] == top[0] and item[1] != top[1] for item in ranked[1:])
        return top[2], -top[0], tied


class Gazetteer:
    """Names and places of the twin, indexed in memory for fast address matching."""

    def __init__(self) -> None:
        self.areas: dict[str, Place] = {}
        self.places = NameIndex()
        self.roads = NameIndex()
        self.addresses: dict[tuple[str, str], list[Place]] = {}
        self.locator = AreaLocator()
        self._unplaced: list[Place] = []
        self._roads_unplaced: list[Place] = []
        self.size = 0

    @classmethod
    def from_entities(cls, entities: Iterable[Entity]) -> Gazetteer:
        """A gazetteer over these entities."""
        gazetteer = cls()
        gazetteer.add(entities)
        return gazetteer

    @classmethod
    def from_store(
        cls, tenant: TenantStore, *, progress: Callable[[int], None] | None = None, page: int = PAGE
    ) -> Gazetteer:
        """A gazetteer over every named or addressed entity of a tenant, read page by page."""
        gazetteer = cls()
        query = EntityQuery(q=Or((Exists(("name",)), Exists(("address",)))), attrs=_READ, limit=page)
        offset = 0
        while True:
            batch = tenant.query(replace(query, offset=offset)).entities
            gazetteer.add(batch)
            offset += len(batch)
            if progress is not None:
                progress(offset)
            if len(batch) < page:
                return gazetteer

    def add(self, entities: Iterable[Entity]) -> None:
        """Index more entities (e.g. the buildings and POIs an import has just written)."""
        areas_added = False
        before = (len(self._unplaced), len(self._roads_unplaced))
        fresh: list[Place] = []
        for entity in entities:
            entry = entry_of(entity)
            if entry is None:
                continue
            place = entry.place
            fresh.append(place)
            self.size += 1
            if place.level in _AREA_SCORE or place.level == "city":
                code = _canonical(place.admin_code)
                if code is None:
                    continue
                place.admin_code, place.areas = code, (code,)
                self.areas[code] = place
                if entry.shape is not None:
                    self.locator.add(place.level, code, entry.shape)
                    areas_added = True
            elif place.level == "road":
                for name in entry.names:
                    self.roads.add(name, place)
                self._roads_unplaced.append(place)
            else:
                place.admin_code = _canonical(place.admin_code)
                place.areas = (place.admin_code,) if place.admin_code else ()
                for name in entry.names:
                    self.places.add(name, place)
                if entry.address is not None:
                    self.addresses.setdefault(entry.address, []).append(place)
                if place.admin_code is None:
                    self._unplaced.append(place)
        if fresh:
            # Grid codes for every new place at once (the vectorised encoder is ~50x the scalar one).
            grids = encode_many([p.lng for p in fresh], [p.lat for p in fresh])
            for place, grid in zip(fresh, grids.tolist(), strict=True):
                place.grid = grid
        self._settle_places(areas_added, len(self._unplaced) - before[0])
        self._settle_roads(areas_added, len(self._roads_unplaced) - before[1])

    def _settle_places(self, areas_added: bool, fresh: int) -> None:
        """Find the community of places that declare none (new ones; all waiting ones once areas arrive)."""
        todo = self._unplaced if areas_added else self._unplaced[len(self._unplaced) - fresh :]
        if not todo:
            return
        codes = self.locator.locate((p.lng for p in todo), (p.lat for p in todo))
        for place, code in zip(todo, codes, strict=True):
            if code is not None:
                place.admin_code, place.areas = code, (code,)
        self._unplaced = [p for p in self._unplaced if p.admin_code is None]

    def _settle_roads(self, areas_added: bool, fresh: int) -> None:
        """Find the streets each road crosses (for roads added now, or all waiting ones once areas arrive)."""
        todo = (
            self._roads_unplaced if areas_added else self._roads_unplaced[len(self._roads_unplaced) - fresh :]
        )
        lined = [r for r in todo if r.line is not None]
        if not lined:
            return
        for road, codes in zip(lined, self.locator.crossing([r.line for r in lined]), strict=True):
            own = (road.admin_code,) if road.admin_code else ()
            road.areas = tuple(dict.fromkeys((*own, *codes)))
        self._roads_unplaced = [r for r in self._roads_unplaced if not r.areas and r.line is not None]

    # -- matching -------------------------------------------------------------------------------------------

    def geocode(self, address: str) -> GeocodeMatch | None:
        """The best place for an address, or None when nothing in the twin matches it."""
        return self.geocode_many([address])[0]

    def geocode_many(self, addresses: Sequence[str]) -> list[GeocodeMatch | None]:
        """The best place for each address, in order (None where nothing matches)."""
        found = [self._best(address) for address in addresses]
        # Points that are not a place's own (roads, interpolated numbers) get their grid code and community
        # in one vectorised pass over the batch.
        loose = [(i, item[0].point) for i, item in enumerate(found) if item is not None and item[0].point]
        extra: dict[int, tuple[str, str | None]] = {}
        if len(loose) >= _VECTOR_BATCH:
            lngs = [point[0] for _, point in loose]
            lats = [point[1] for _, point in loose]
            grids = encode_many(lngs, lats).tolist()
            for (i, _), grid, area in zip(loose, grids, self.locator.locate(lngs, lats), strict=True):
                extra[i] = (grid, area)
        else:
            for i, (lng, lat) in loose:
                extra[i] = (beidou.encode(lng, lat, 10), self.locator.locate_one(lng, lat))
        out: list[GeocodeMatch | None] = []
        for i, (address, item) in enumerate(zip(addresses, found, strict=True)):
            out.append(None if item is None else self._match(address, *item, extra.get(i)))
        return out

    def _best(self, address: str) -> tuple[_Best, AdminMatch] | None:
        """The best place for one address and the areas it names (None when nothing matches)."""
        pieces = segments(address)
        if not pieces:
            return None
        parsed = ParsedAddress.from_segments(pieces)
        adm = resolve_admin(parsed)
        scope = _Scope(adm)
        best = _Best()
        self._names(pieces, parsed, scope, best)
        if best.score < 0.95 and parsed.road is not None:
            self._address(parsed, scope, best)
        if best.score < 0.9 and parsed.building is not None:
            self._fuzzy_building(parsed.building, scope, best)
        if best.score < 0.85 and parsed.road is not None:
            self._road(parsed, scope, best)
        for level, area_code in (
            ("community", adm.community),
            ("street", adm.street),
            ("district", adm.district),
        ):
            area = self.areas.get(area_code) if area_code else None
            if area is not None:
                best.offer(area, _AREA_SCORE[level])
                break
        else:
            # A community name several areas share, and nothing else to decide between them.
            for candidate in adm.candidates[:1]:
                if candidate in self.areas:
                    best.offer(self.areas[candidate], _AREA_SCORE["community"] * _AMBIGUOUS)
        return None if best.place is None else (best, adm)

    def _match(
        self, query: str, best: _Best, adm: AdminMatch, loose: tuple[str, str | None] | None
    ) -> GeocodeMatch:
        place = best.place
        assert place is not None
        if best.point is None or loose is None:
            lng, lat, grid = place.lng, place.lat, place.grid_code()
            code = place.admin_code if place.level != "road" else None
        else:
            (lng, lat), (grid, code) = best.point, loose
        if code is None:
            code = adm.code
        score = round(best.score * (1.0 if adm.consistent else _CONTRADICTION), 4)
        # An interpolated house number is a point in a grid cell, not an entity of the twin.
        entity_id = None if best.level == "grid" else place.entity_id
        return GeocodeMatch(query, entity_id, best.level, lng, lat, score, code, grid)

    def _names(
        self, pieces: list[tuple[str, str]], parsed: ParsedAddress, scope: _Scope, best: _Best
    ) -> None:
        """Exact building / POI names: the whole text, what follows each part, the building part."""
        keys: list[str] = []
        text = "".join(piece for _, piece in pieces)
        start = 0
        for label, piece in pieces:
            if label in ("unit", "room"):
                break
            keys.append(text[start:])
            start += len(piece)
        if parsed.building:
            keys.append(parsed.building)
            keys.append(text[: text.index(parsed.building) + len(parsed.building)])
        base = 1.0 if scope else 0.95
        for key in dict.fromkeys(keys):
            found = self.places.get(key)
            if found:
                place, fit, tied = scope.pick(found)
                best.offer(place, base * fit * (_AMBIGUOUS if tied else 1.0))
                if best.score >= 0.95:
                    return

    def _address(self, parsed: ParsedAddress, scope: _Scope, best: _Best) -> None:
        """A building or POI whose own address has this road and house number."""
        number = number_key(parsed.number)
        if parsed.road is None or number is None:
            return
        found = self.addresses.get((parsed.road, number))
        if not found:
            return
        named = [p for p in found if parsed.building and parsed.building in (p.name, p.name.upper())]
        place, fit, tied = scope.pick(named or found)
        best.offer(place, (1.0 if named else 0.95) * fit * (_AMBIGUOUS if tied else 1.0))

    def _fuzzy_building(self, name: str, scope: _Scope, best: _Best) -> None:
        """A building or POI whose name is close to the one written."""
        ranked: list[tuple[float, str, Place]] = []
        top = 0.0
        for similarity, key in self.places.similar(name, FUZZY_MIN, limit=64):
            if similarity < top:
                break  # names come best first and a fit never exceeds 1: nothing further can win
            for place in self.places.get(key):
                score = similarity * scope.fit(place)
                top = max(top, score)
                ranked.append((score, place.entity_id, place))
        if not ranked:
            return
        ranked.sort(key=lambda item: (-item[0], item[1]))
        tied = len(ranked) > 1 and ranked[1][0] == ranked[0][0]
        factor = (0.9 if scope else 0.85) * (_AMBIGUOUS if tied else 1.0)
        best.offer(ranked[0][2], factor * ranked[0][0])

    def _road(self, parsed: ParsedAddress, scope: _Scope, best: _Best) -> None:
        """The named road (exact or near), with the house number interpolated when it has ranges."""
        assert parsed.road is not None
        options: list[tuple[float, str]] = [(1.0, parsed.road)] if self.roads.get(parsed.road) else []
        if not options:
            options = self.roads.similar(parsed.road, FUZZY_MIN, limit=3)
        number = house_number(parsed.number)
        for similarity, key in options:
            found = self.roads.get(key)
            fit = max(scope.fit(r) for r in found)
            segments_ = [r for r in found if scope.fit(r) == fit]
            target = self._scope_point(scope.codes)
            if number is not None:
                numbered = [r for r in segments_ if r.numbers is not None and r.line is not None]
                if numbered:
                    road, spot = _interpolate(numbered, number)
                    best.offer(road, 0.85 * similarity * fit, "grid", spot)
                    return
            road = min(segments_, key=lambda r: (_distance(r, target), r.entity_id))
            best.offer(road, 0.7 * similarity * fit, "road", _nearest_on(road, target))
            return

    def _scope_point(self, scopes: tuple[str, ...]) -> tuple[float, float] | None:
        for scope in scopes:
            area = self.areas.get(scope)
            if area is not None:
                return area.lng, area.lat
        return None


def _interpolate(roads: list[Place], number: int) -> tuple[Place, tuple[float, float]]:
    """The point for ``number`` on the segment whose range holds it (or comes closest)."""

    def miss(road: Place) -> tuple[int, str]:
        low, high = sorted(road.numbers or (0, 0))
        return (0 if low <= number <= high else min(abs(number - low), abs(number - high)), road.entity_id)

    road = min(roads, key=miss)
    start, end = road.numbers or (0, 0)
    share = min(max((number - start) / (end - start), 0.0), 1.0)
    if road.path is not None:
        return road, road.path.at(share)
    point = shapely.line_interpolate_point(road.line, share, normalized=True)
    return road, (float(point.x), float(point.y))


def _distance(road: Place, target: tuple[float, float] | None) -> float:
    if target is None or road.line is None:
        return 0.0
    if road.path is not None:
        return road.path.nearest(*target)[0]
    return float(road.line.distance(Point(target)))


def _nearest_on(road: Place, target: tuple[float, float] | None) -> tuple[float, float] | None:
    """The point of the road nearest the named area (its middle when no area is named)."""
    if target is None or road.line is None:
        return None
    if road.path is not None:
        return road.path.nearest(*target)[1]
    point = shapely.line_interpolate_point(road.line, shapely.line_locate_point(road.line, Point(target)))
    return float(point.x), float(point.y)
