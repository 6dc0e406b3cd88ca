"""Entity ↔ stored JSON, the derived index columns, and history values: shared by every backend.

Stored document: one JSON object mapping each attribute name to the list of its instances (always a list, so
"any instance" queries walk one shape). An instance is an object with short members::

    t  attribute type ("Property" ...)      v  the value (object / languageMap / vocab / json / lists ...)
    o  observedAt    u  unitCode    d  datasetId    c  createdAt    m  modifiedAt
    s  sub-attributes (name → instance)     x  other members kept verbatim (objectType, lang ...)

Members that are absent are omitted. A top-level instance without ``c`` / ``m`` was created / modified at the
entity's modifiedAt (the common case after a write), which keeps documents small. Entity id, types, scope and
system times live in columns, not in the document, except an entity's ``expiresAt``: it is kept under the key
``EXPIRES_KEY`` as one instance-shaped item (``[{"t": "Property", "v": <DateTime>}]``), a key no attribute can
have (attribute names may not contain ``<``), so code walking attribute lists reads it without a special case.

Sub-attributes that a batch shares among many instances (an import stamps the same provenance on every
attribute it writes) are kept once per document: under ``SHARED_KEY`` a list of instance-shaped items
``{"s": <sub-attributes>}``, and an instance that holds one of them has ``"s": <index in that list>``
instead of the object. Only :func:`prepare` writes them (a batch; :func:`document` writes every
sub-attribute in place), and readers resolve them (:func:`decode_entity`, the SQL of sub-attribute paths).
A 10-attribute imported building takes 1.1 kB instead of 2.6 kB.

:func:`prepare` turns a batch of entities into columns (documents, primary type, level, admin code, grid
integer, bbox, WKB of the location) with vectorised shapely, reporting bad entities one by one.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import msgspec
import numpy as np
import shapely
from numpy.typing import NDArray

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, AttrType, Entity
from citytwin.core.geometry import parse_geojson
from citytwin.core.levels import ModelLevel
from citytwin.core.query import Aggregate
from citytwin.core.query_eval import admin_key, grid_ints
from citytwin.errors import BadRequestData, CitytwinError, InvalidCoordinates, InvalidGeometry

_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder()
_CANONICAL = msgspec.json.Encoder(order="sorted")
CANONICAL_TEXT = _CANONICAL.encode
"""Canonical JSON bytes (sorted keys): the text of history values (see :func:`history_value`)."""
_ATTR_TYPES = {t.value: t for t in AttrType}
EXPIRES_KEY = "<expiresAt>"
"""Document key of the entity-level expiresAt (see the module docstring)."""
SHARED_KEY = "<shared>"
"""Document key of the sub-attributes its instances share (see the module docstring)."""


def dumps(value: Any) -> str:
    """Compact JSON text (BadRequestData when the value cannot be represented as JSON)."""
    try:
        return _ENCODER.encode(value).decode()
    except (TypeError, ValueError, OverflowError) as err:
        raise BadRequestData(f"value cannot be stored as JSON: {err}") from None


def loads(text: str | bytes) -> Any:
    """Parse JSON text."""
    return _DECODER.decode(text)


# -- documents --------------------------------------------------------------------------------------------


Shared = dict[int, tuple[int, msgspec.Raw]]
"""The shared sub-attributes of the document being built: ``id()`` of the batch's encoded form
(:func:`_shared`) → (index in the document's ``SHARED_KEY`` list, encoded form)."""


def _shared(stored: dict[str, Any]) -> msgspec.Raw:
    """Stored sub-attributes shared by many instances of a batch, encoded once: the encoder copies the
    bytes into every document that holds them (the same bytes it would write for ``stored``)."""
    return msgspec.Raw(_ENCODER.encode(stored))


def _instance(
    inst: Attribute,
    stamp: str | None,
    fresh: bool,
    top: bool = True,
    subs: dict[int, Any] | None = None,
    *,
    shared: Shared | None = None,
) -> dict[str, Any]:
    """The stored form of an instance. ``subs``: the stored sub-attributes of one batch by ``id()`` of the
    instance's ``sub`` item (one batch shares one provenance stamp among all its instances); ``shared``:
    the document's index of them (:func:`_share`), for a top-level instance."""
    out: dict[str, Any] = {"t": inst.type, "v": inst.value}
    if inst.observed_at is not None:
        out["o"] = inst.observed_at
    if inst.unit_code is not None:
        out["u"] = inst.unit_code
    if inst.dataset_id is not None:
        out["d"] = inst.dataset_id
    # Top-level times are implied when fresh or equal to the entity's modifiedAt; sub-attribute times are
    # kept as given.
    if not (top and fresh):
        if inst.created_at is not None and not (top and inst.created_at == stamp):
            out["c"] = inst.created_at
        if inst.modified_at is not None and not (top and inst.modified_at == stamp):
            out["m"] = inst.modified_at
    if inst.sub:
        if subs is not None and len(inst.sub) == 1:
            # A sub-attribute's stored form depends on itself alone (never on stamp or fresh).
            ((name, sub),) = inst.sub.items()
            key = id(sub)
            found = subs.get(key)
            if found is None or found[0] is not sub or found[1] != name:
                found = subs[key] = (sub, name, _shared({name: _instance(sub, stamp, fresh, False)}))
            out["s"] = found[2] if shared is None else _share(shared, found[2])
        else:
            out["s"] = {name: _instance(sub, stamp, fresh, False) for name, sub in inst.sub.items()}
    if inst.extra:
        out["x"] = inst.extra
    return out


def _share(shared: Shared, raw: msgspec.Raw) -> int:
    """The index of a batch's shared sub-attributes in the document being built (added when new)."""
    found = shared.get(id(raw))
    if found is None:
        found = shared[id(raw)] = (len(shared), raw)
    return found[0]


def _shared_items(shared: Shared) -> list[dict[str, Any]]:
    """The ``SHARED_KEY`` items of a document, in index order (dicts keep insertion order)."""
    return [{"s": raw} for _, raw in shared.values()]


def document(entity: Entity, *, fresh: bool = False) -> dict[str, Any]:
    """The stored document of an entity; ``fresh``: every top-level instance was written at its modifiedAt."""
    return _document(entity, fresh)[0]


_NOTED = frozenset({LEVEL, ADMIN_CODE})
_GEO = AttrType.GEOPROPERTY


def _document(
    entity: Entity, fresh: bool, subs: dict[int, Any] | None = None
) -> tuple[dict[str, Any], Any, dict[str, Any]]:
    """The document, the default location value and the default values of LEVEL and ADMIN_CODE when
    present, checking what hand-built objects may get wrong. ``subs``: see :func:`_instance` (the
    documents then share the dicts of equal sub-attributes: to be encoded, not changed)."""
    stamp = entity.modified_at
    out: dict[str, Any] = {}
    location = None
    noted: dict[str, Any] = {}
    shared: Shared | None = None if subs is None else {}
    for name, instances in entity.attrs.items():
        if name in _NOTED:
            noted[name] = next((a.value for a in instances if a.dataset_id is None), None)
        items = []
        for a in instances:
            value, kind = a.value, a.type
            if value is None:
                raise BadRequestData(f"entity {entity.id}: attribute {name!r} has a null value")
            if (
                a.observed_at is None
                and a.unit_code is None
                and a.dataset_id is None
                and not a.extra
                and (fresh or a.created_at == a.modified_at == stamp)
            ):
                # The common cases, without a call: no sub-attribute, or one known to ``subs`` (an
                # import's provenance), as _instance writes them (and _share, inline).
                sub = a.sub
                if not sub:
                    items.append({"t": kind, "v": value})
                elif shared is not None and len(sub) == 1:
                    ((sub_name, sub_inst),) = sub.items()
                    found = subs.get(id(sub_inst))  # type: ignore[union-attr]  # shared implies subs
                    if found is None or found[0] is not sub_inst or found[1] != sub_name:
                        found = subs[id(sub_inst)] = (  # type: ignore[index]
                            sub_inst,
                            sub_name,
                            _shared({sub_name: _instance(sub_inst, stamp, fresh, False)}),
                        )
                    raw = found[2]
                    at = shared.get(id(raw))
                    if at is None:
                        at = shared[id(raw)] = (len(shared), raw)
                    items.append({"t": kind, "v": value, "s": at[0]})
                else:
                    items.append(_instance(a, stamp, fresh, True, subs, shared=shared))
            else:
                items.append(_instance(a, stamp, fresh, True, subs, shared=shared))
            if kind is _GEO:
                if name == LOCATION and a.dataset_id is None:
                    location = value  # validated in bulk by _geometry_columns
                else:
                    parse_geojson(value, what=f"GeoProperty {name!r}")
        if not items:
            raise BadRequestData(f"entity {entity.id}: attribute {name!r} has no instance")
        out[name] = items
    if entity.expires_at is not None:
        out[EXPIRES_KEY] = [{"t": AttrType.PROPERTY, "v": entity.expires_at}]
    if shared:
        out[SHARED_KEY] = _shared_items(shared)
    return out, location, noted


def _attribute(
    doc: dict[str, Any], stamp: str | None, top: bool, shared: list[dict[str, Attribute]] | None = None
) -> Attribute:
    sub = doc.get("s")
    default = stamp if top else None
    if type(sub) is int and shared is not None:  # index 0 is a shared one too
        # Shared sub-attributes (SHARED_KEY): the instances share their Attribute objects, as the batch
        # that wrote them did, each with a dict of its own.
        subs: dict[str, Attribute] = dict(shared[sub])
    elif sub:
        subs = {name: _attribute(s, stamp, False) for name, s in sub.items()}
    else:
        subs = {}
    return Attribute(
        _ATTR_TYPES[doc["t"]],
        doc["v"],
        doc.get("o"),
        doc.get("u"),
        doc.get("d"),
        doc.get("c", default),
        doc.get("m", default),
        subs,
        doc.get("x") or {},
    )


def decode_entity(
    entity_id: str,
    types: tuple[str, ...],
    scope: tuple[str, ...],
    doc: str | bytes,
    *,
    created: str,
    modified: str,
    attrs: Collection[str] = (),
) -> Entity:
    """Rebuild an entity from its columns and stored document (``attrs``: keep only these attributes)."""
    raw: dict[str, list[dict[str, Any]]] = _DECODER.decode(doc)
    expiry = raw.pop(EXPIRES_KEY, None) if EXPIRES_KEY in raw else None
    shared = _shared_subs(raw.pop(SHARED_KEY), modified) if SHARED_KEY in raw else None
    out: dict[str, list[Attribute]] = {}
    kinds = _ATTR_TYPES
    for name, items in raw.items():
        if attrs and name not in attrs:
            continue
        # Plain instances ({"t", "v"}) are most of a city: built inline, without a call per instance; and
        # most attributes have one instance, built without a comprehension's call.
        if len(items) == 1:
            d = items[0]
            out[name] = [
                Attribute(kinds[d["t"]], d["v"], None, None, None, modified, modified, {}, {})
                if len(d) == 2
                else _attribute(d, modified, True, shared)
            ]
            continue
        out[name] = [
            Attribute(kinds[d["t"]], d["v"], None, None, None, modified, modified, {}, {})
            if len(d) == 2
            else _attribute(d, modified, True, shared)
            for d in items
        ]
    expires = None if expiry is None else str(expiry[0]["v"])
    return Entity(entity_id, types, out, scope, created, modified, expires)


def _shared_subs(items: list[dict[str, Any]], stamp: str | None) -> list[dict[str, Attribute]]:
    """The sub-attributes of a document's ``SHARED_KEY`` items, decoded once."""
    return [{name: _attribute(s, stamp, False) for name, s in item["s"].items()} for item in items]


def types_column(types: tuple[str, ...]) -> str | None:
    """JSON array of the types after the primary one; None for single-typed entities."""
    return dumps(list(types[1:])) if len(types) > 1 else None


def scopes_column(scope: tuple[str, ...]) -> str | None:
    """JSON array of the scopes; None when the entity has none."""
    return dumps(list(scope)) if scope else None


def entity_types(ptype: str, xtypes: str | None) -> tuple[str, ...]:
    """Inverse of the primary type + :func:`types_column`."""
    return (ptype,) if xtypes is None else (ptype, *loads(xtypes))


def entity_scope(scopes: str | None) -> tuple[str, ...]:
    """Inverse of :func:`scopes_column`."""
    return () if scopes is None else tuple(loads(scopes))


# -- derived columns of a batch ---------------------------------------------------------------------------


@dataclass(slots=True)
class Prepared:
    """Columns of the valid entities of a batch (input order) and the errors of the others."""

    entities: list[Entity] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    errors: list[tuple[int, str, CitytwinError]] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    xtypes: list[str | None] = field(default_factory=list)
    scopes: list[str | None] = field(default_factory=list)
    levels: list[int | None] = field(default_factory=list)
    admins: list[str | None] = field(default_factory=list)
    grids: list[int | None] = field(default_factory=list)
    minx: list[float | None] = field(default_factory=list)
    maxx: list[float | None] = field(default_factory=list)
    miny: list[float | None] = field(default_factory=list)
    maxy: list[float | None] = field(default_factory=list)
    wkbs: list[bytes | None] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        """Entity ids of the valid entities."""
        return [e.id for e in self.entities]

    @property
    def ptypes(self) -> list[str]:
        """Primary types of the valid entities."""
        return [e.types[0] for e in self.entities]

    @classmethod
    def concat(cls, parts: Sequence[tuple[int, Prepared]]) -> Prepared:
        """Join batches prepared from consecutive slices; each part comes with its slice's start position."""
        out = cls()
        for start, part in parts:
            for name in _COLUMNS:
                getattr(out, name).extend(getattr(part, name))
            out.positions[len(out.positions) - len(part.positions) :] = [start + p for p in part.positions]
            out.errors.extend((start + pos, entity_id, err) for pos, entity_id, err in part.errors)
        return out

    def subset(self, keep: Sequence[int]) -> Prepared:
        """The same batch restricted to the valid entities at indexes ``keep`` (errors are kept)."""
        out = Prepared(errors=list(self.errors))
        for name in _COLUMNS:
            column = getattr(self, name)
            setattr(out, name, [column[i] for i in keep])
        return out


_COLUMNS = (
    "entities",
    "positions",
    "docs",
    "xtypes",
    "scopes",
    "levels",
    "admins",
    "grids",
    "minx",
    "maxx",
    "miny",
    "maxy",
    "wkbs",
)


@lru_cache(maxsize=64)
def _level(raw: Any) -> int:
    return int(ModelLevel.parse(raw))


@lru_cache(maxsize=8192)
def _admin(raw: Any) -> str | None:
    return admin_key(raw)


def _cached(fn: Any, raw: Any) -> Any:
    try:
        return fn(raw)
    except TypeError:  # unhashable values skip the cache (and fail validation there)
        return fn.__wrapped__(raw)


def level_column(raw: Any) -> int:
    """The stored level integer of a ``cimLevel`` value (cached; raises BadRequestData when unknown)."""
    return int(_cached(_level, raw))


def admin_column(raw: Any) -> str | None:
    """The stored admin key of an ``adminCode`` value (cached)."""
    result: str | None = _cached(_admin, raw)
    return result


@dataclass(slots=True)
class KnownLocations:
    """Geometries a caller already holds for the ``location`` values of a batch (an import has parsed,
    converted and validated them): :func:`prepare` takes them instead of parsing the values again.

    ``values[i]`` is a GeoJSON value (found by identity: the very object the entity holds), ``geoms[i]`` its
    valid, non-empty shapely geometry in WGS84 (the one the value was made from), and ``points[i]`` the
    longitude and latitude of ``shapely.point_on_surface`` of it. A value the entity holds that is not one of
    these is parsed and checked as usual.
    """

    values: Sequence[Any]
    geoms: NDArray[np.object_]
    points: NDArray[np.float64]
    _index: dict[int, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {id(v): i for i, v in enumerate(self.values) if v is not None}

    def find(self, value: Any) -> int:
        """The position of ``value`` among :attr:`values` (-1 when it is not one of them)."""
        pos = self._index.get(id(value), -1)
        return pos if pos >= 0 and self.values[pos] is value else -1


def prepare(entities: Sequence[Entity], *, fresh: bool, known: KnownLocations | None = None) -> Prepared:
    """Validate a batch and compute its stored documents and index columns (vectorised geometry);
    ``known``: geometries the caller already holds for location values."""
    out = Prepared()
    locations: list[Any] = []
    encode = _ENCODER.encode
    subs: dict[int, Any] = {}
    for pos, entity in enumerate(entities):
        try:
            if not isinstance(entity, Entity):
                raise BadRequestData(f"expected an Entity, got {type(entity).__name__}")
            doc, location, noted = _document(entity, fresh, subs)
            text = encode(doc).decode()
            raw_level = noted.get(LEVEL) if noted else None
            level = None if raw_level is None else level_column(raw_level)
            raw_admin = noted.get(ADMIN_CODE) if noted else None
            admin = None if raw_admin is None else admin_column(raw_admin)
            xtypes = types_column(entity.types) if len(entity.types) > 1 else None
            scopes = scopes_column(entity.scope) if entity.scope else None
        except CitytwinError as err:
            out.errors.append((pos, getattr(entity, "id", "?"), err))
            continue
        except (TypeError, ValueError, OverflowError) as err:
            out.errors.append((pos, getattr(entity, "id", "?"), BadRequestData(f"bad value: {err}")))
            continue
        out.entities.append(entity)
        out.positions.append(pos)
        out.docs.append(text)
        out.xtypes.append(xtypes)
        out.scopes.append(scopes)
        out.levels.append(level)
        out.admins.append(admin)
        locations.append(location)
    _geometry_columns(out, locations, known)
    return out


def parse_locations(values: Sequence[Any]) -> NDArray[np.object_]:
    """Shapely geometries of GeoJSON values (None where absent or unreadable), built in bulk.

    Points and one-ring Polygons, the bulk of a city, are built from coordinate arrays; the rest go through
    GEOS' GeoJSON reader. Validity is checked by the caller.
    """
    out = np.full(len(values), None, dtype=object)
    rings: dict[int, list[int]] = {}
    points: list[int] = []
    rest: list[int] = []
    for i, v in enumerate(values):
        if v is None:
            continue
        if type(v) is dict and len(v) == 2:
            kind, coords = v.get("type"), v.get("coordinates")
            if kind == "Polygon" and type(coords) is list and len(coords) == 1 and type(coords[0]) is list:
                rings.setdefault(len(coords[0]), []).append(i)
                continue
            if kind == "Point":
                points.append(i)
                continue
        rest.append(i)
    for idx in rings.values():
        try:
            arr = np.array([values[i]["coordinates"][0] for i in idx], dtype=np.float64)
            if arr.ndim != 3 or arr.shape[2] != 2:
                raise ValueError("not planar rings")
            out[idx] = shapely.polygons(shapely.linearrings(arr))
        except (ValueError, TypeError, shapely.errors.GEOSException):
            rest.extend(idx)
    if points:
        try:
            arr = np.array([values[i]["coordinates"] for i in points], dtype=np.float64)
            if arr.ndim != 2 or arr.shape[1] != 2:
                raise ValueError("not planar points")
            out[points] = shapely.points(arr)
        except (ValueError, TypeError, shapely.errors.GEOSException):
            rest.extend(points)
    if rest:
        texts = []
        for i in rest:
            try:
                texts.append(_ENCODER.encode(values[i]))
            except (TypeError, ValueError, OverflowError):
                texts.append(b"null")
        out[rest] = shapely.from_geojson(np.array(texts, dtype=object), on_invalid="ignore")
    return out


def _geometry_columns(out: Prepared, locations: list[Any], known: KnownLocations | None = None) -> None:
    """Parse locations in one vectorised pass (taking the ``known`` ones as they are); entities whose
    location is bad move to the errors."""
    n = len(locations)
    has = np.fromiter((v is not None for v in locations), dtype=bool, count=n)
    given = np.zeros(n, dtype=bool)
    points = np.full((n, 2), np.nan)
    if known is not None:
        found = np.fromiter((-1 if v is None else known.find(v) for v in locations), dtype=np.int64, count=n)
        given = found >= 0
    if given.any():
        geoms = np.full(n, None, dtype=object)
        geoms[given] = known.geoms[found[given]]  # type: ignore[union-attr]  # given implies known
        points[given] = known.points[found[given]]  # type: ignore[union-attr]
        parse = np.flatnonzero(has & ~given)
        if parse.size:
            geoms[parse] = parse_locations([locations[i] for i in parse.tolist()])
    else:
        geoms = parse_locations(locations)
    bounds = shapely.bounds(geoms)  # NaN rows for None
    ok = has & ~shapely.is_missing(geoms)
    check = ok & ~given
    ok[check] &= shapely.is_valid(geoms[check]) & ~shapely.is_empty(geoms[check])
    ok &= (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    drop: set[int] = set()
    for i in np.flatnonzero(has & ~ok).tolist():
        # The slow path names the problem; it may also accept what the bulk readers refused.
        try:
            geom = parse_geojson(locations[i], what="GeoProperty 'location'")
        except (InvalidGeometry, InvalidCoordinates) as err:
            out.errors.append((out.positions[i], out.entities[i].id, err))
            drop.add(i)
            continue
        geoms[i] = geom
        bounds[i] = shapely.bounds(geom)
        ok[i] = True
    grids = np.full(n, -1, dtype=np.int64)
    wkbs = np.full(n, None, dtype=object)
    if ok.any():
        surface = ok & ~given
        if surface.any():
            points[surface] = shapely.get_coordinates(shapely.point_on_surface(geoms[surface]))
        grids[ok] = grid_ints(points[ok, 0], points[ok, 1])
        wkbs[ok] = shapely.to_wkb(geoms[ok])
    grid_values: list[Any] = grids.tolist()
    out.grids = grid_values if (grids >= 0).all() else [None if g < 0 else g for g in grid_values]
    if ok.all():
        out.minx, out.miny, out.maxx, out.maxy = bounds.T.tolist()
    else:
        out.minx, out.miny, out.maxx, out.maxy = (
            [None if math.isnan(v) else v for v in col] for col in bounds.T.tolist()
        )
    out.wkbs = wkbs.tolist()
    if drop:
        kept = out.subset([i for i in range(n) if i not in drop])
        for name in _COLUMNS:
            setattr(out, name, getattr(kept, name))
    out.errors.sort(key=lambda e: e[0])


# -- history values and aggregation semantics -------------------------------------------------------------


_INT64 = 1 << 63


def history_value(value: Any) -> tuple[str, float | None]:
    """(canonical JSON text, numeric value) of a history value; only numbers (not bool) have the second."""
    kind = type(value)
    if kind is str:  # the common cases first, without the general checks
        return _CANONICAL.encode(value).decode(), None
    if kind is float and math.isfinite(value):
        return _CANONICAL.encode(value).decode(), value
    if kind is int and -_INT64 <= value < _INT64:
        return str(value), float(value)  # the same decimal text msgspec writes
    if value is None:
        raise BadRequestData("a history value must not be null")
    try:
        text = _CANONICAL.encode(value).decode()
    except (TypeError, ValueError, OverflowError) as err:
        raise BadRequestData(f"history value cannot be stored as JSON: {err}") from None
    num = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    if num is not None and not math.isfinite(num):
        raise BadRequestData(f"history value {value!r} is not a finite number")
    return text, num


def distinct_key(value: Any) -> Any:
    """What ``distinctCount`` compares: numbers numerically (1 == 1.0), anything else by canonical JSON."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return _CANONICAL.encode(value).decode()


def aggregate_values(
    values: Sequence[Any], methods: Sequence[Aggregate]
) -> dict[Aggregate, float | int | None]:
    """Reference semantics of the NGSI-LD aggregation methods over one bucket's values.

    ``totalCount``: number of instances (any value). ``distinctCount``: number of distinct values, numbers
    compared numerically and other values by canonical JSON (see :func:`distinct_key`). The others use only
    the numeric values (``bool`` is not numeric) and are None when there is none: ``sum``, ``avg`` (arithmetic
    mean), ``min``, ``max``, ``sumsq`` (sum of squares) and ``stddev``, the **population** standard deviation
    (``stddev_pop``: divide by n, so a single value gives 0.0). Every numeric result is a float.
    """
    nums = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    n = len(nums)
    mean = sum(nums) / n if n else None
    results: dict[Aggregate, float | int | None] = {}
    for method in methods:
        if method is Aggregate.TOTAL_COUNT:
            results[method] = len(values)
        elif method is Aggregate.DISTINCT_COUNT:
            results[method] = len({distinct_key(v) for v in values})
        elif not n or mean is None:
            results[method] = None
        elif method is Aggregate.SUM:
            results[method] = math.fsum(nums)
        elif method is Aggregate.AVG:
            results[method] = mean
        elif method is Aggregate.MIN:
            results[method] = min(nums)
        elif method is Aggregate.MAX:
            results[method] = max(nums)
        elif method is Aggregate.SUMSQ:
            results[method] = math.fsum(x * x for x in nums)
        else:  # STDDEV
            results[method] = math.sqrt(math.fsum((x - mean) ** 2 for x in nums) / n)
    return results
