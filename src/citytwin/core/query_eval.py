"""Pure evaluation of entity queries: the reference semantics that every store's SQL must agree with.

The contract tests use :func:`matches` as the oracle and subscriptions use it to test single entities, so
the rules are written down once, here:

* **Attribute references** ``Compare.path`` / ``Exists.path``: the first name is an attribute, each further
  name a sub-attribute; a final ``observedAt``, ``unitCode``, ``datasetId``, ``createdAt`` or ``modifiedAt``
  names that member of the (sub-)attribute instead (``deletedAt`` is never present). ``keys`` then walk
  into the compound JSON value (objects only). An entity matches a comparison when *any* instance of the
  attribute matches.
* **Typed comparison**: numbers compare with numbers (``bool`` is not a number), strings with strings
  (code-point order), booleans with booleans (false < true). A ``datetime`` query value compares as an instant
  with strings that :func:`~citytwin.core.timeutil.parse_instant` accepts. Values of other kinds never match.
* ``==`` with a JSON array value matches when any item matches; a tuple means any of; a Range is inclusive.
  ``!=`` is the complement of ``==`` over instances where the referenced value is present; likewise ``!~=``
  of ``~=`` (a regular-expression *search* on string values). Ordering operators never match arrays or
  objects.
* A last key ``*`` (``color[*]``) stands for the values of every member of an object (a languageMap's
  languages), compared as an array: ``==`` any of them, ``!=`` none. Operators other than ``==`` / ``!=``
  never match a Relationship or ListRelationship (clause 4.9).
* ``Not`` / ``And`` / ``Or`` combine entity-level results.
* Scopes match by path segment, the model level by ``cimLevel``, the admin code by canonical GB/T 2260 prefix,
  the grid prefix by the BeiDou cell of the location's representative point, geo-queries by the *default*
  instance of the GeoProperty (an entity without it matches no geo-query, not even ``disjoint``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry.base import BaseGeometry

from citytwin.core.entities import ADMIN_CODE, Attribute, AttrType, Entity, check_name
from citytwin.core.geometry import representative_lnglat
from citytwin.core.query import (
    And,
    Compare,
    EntityQuery,
    Exists,
    GeoFilter,
    GeoRel,
    Not,
    Or,
    Predicate,
    Range,
    Scalar,
)
from citytwin.core.timeutil import parse_instant, to_micros
from citytwin.errors import BadRequestData, InvalidCode

META_MEMBERS = {
    "observedAt": "observed_at",
    "unitCode": "unit_code",
    "datasetId": "dataset_id",
    "createdAt": "created_at",
    "modifiedAt": "modified_at",
    "deletedAt": None,
}
"""Path names that address an instance's metadata rather than a sub-attribute (deletedAt: never present)."""

GEOD = Geod(ellps="WGS84")
_MISSING: Any = object()


# -- shared helpers (the stores import these so that SQL and Python read the same rules) ----------------


def compile_regex(pattern: str) -> re.Pattern[str]:
    """Compile a user regular expression, raising BadRequestData when it is not valid."""
    return _compile_regex(pattern)


@lru_cache(maxsize=512)
def _compile_regex(pattern: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise BadRequestData(f"a regular expression must be a string, got {pattern!r}")
    try:
        return re.compile(pattern)
    except re.error as err:
        raise BadRequestData(f"invalid regular expression {pattern!r}: {err}") from None


def instant_micros(value: Any) -> int | None:
    """Microseconds of an ISO 8601 date-time string; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return to_micros(parse_instant(value))
    except BadRequestData:
        return None


def datetime_micros(value: datetime) -> int:
    """Microseconds of a query datetime; a naive one is taken as UTC."""
    return to_micros(value if value.tzinfo is not None else value.replace(tzinfo=UTC))


def normalize_scope(prefix: str) -> str:
    """A scope prefix without trailing slashes (``/`` becomes ``""``, which matches every scope)."""
    if not isinstance(prefix, str) or not prefix.startswith("/"):
        raise BadRequestData(f"scope {prefix!r} must start with '/'")
    return prefix.rstrip("/")


def scope_matches(scope: str, prefix: str) -> bool:
    """Whether ``scope`` is the normalized ``prefix`` or below it, by whole path segments."""
    return scope == prefix or scope.startswith(prefix + "/")


def admin_key(raw: Any) -> str | None:
    """The indexed form of an ``adminCode`` value: its canonical GB/T 2260 code, else the text as given."""
    from citytwin.core.codes.admin import normalize

    if raw is None:
        return None
    text = str(raw).strip()
    try:
        return normalize(text)
    except InvalidCode:
        return text


def admin_prefix(code: str) -> str:
    """The canonical prefix an ``admin_code`` query matches (``440300`` → ``4403``); InvalidCode if bad."""
    from citytwin.core.codes.admin import normalize

    return normalize(code)


def grid_range(code: str) -> tuple[int, int]:
    """Inclusive integer range of the level-10 grid cells inside a BeiDou cell of any level."""
    from citytwin.core.codes import beidou, beidou_vector

    beidou.validate(code)
    lo, hi = beidou_vector.int_range(code)  # half-open
    return lo, hi - 1


def grid_ints(lngs: Any, lats: Any) -> np.ndarray:
    """Integer level-10 grid codes of points as int64; -1 where the grid has no cell (polar caps)."""
    from citytwin.core.codes import beidou, beidou_vector

    lng = np.asarray(lngs, dtype=np.float64)
    lat = np.asarray(lats, dtype=np.float64)
    out = np.full(lng.shape, -1, dtype=np.int64)
    ok = (np.abs(lat) < beidou.POLAR_LIMIT_DEG) & (np.abs(lng) <= 180)
    if ok.any():
        # Below 2**62 (see beidou_vector), so the signed view keeps the order.
        out[ok] = beidou_vector.encode_many_int(lng[ok], lat[ok]).astype(np.int64)
    return out


def grid_int(geom: BaseGeometry) -> int | None:
    """Integer level-10 grid code of a geometry's representative point (None in the polar caps)."""
    lng, lat = representative_lnglat(geom)
    value = int(grid_ints([lng], [lat])[0])
    return None if value < 0 else value


# -- attribute references and comparisons --------------------------------------------------------------


def _walk(inst: Attribute, rest: tuple[str, ...], keys: tuple[str, ...], *, links: bool = True) -> Any:
    node = inst
    for i, name in enumerate(rest):
        if name in META_MEMBERS:
            if i != len(rest) - 1 or keys:
                return _MISSING
            member = META_MEMBERS[name]
            meta = None if member is None else getattr(node, member)
            return _MISSING if meta is None else meta
        sub = node.sub.get(name)
        if sub is None:
            return _MISSING
        node = sub
    if not links and node.type in _LINK_KINDS:
        return _MISSING
    value = node.value
    for n, key in enumerate(keys):
        if key == ANY_KEY and n == len(keys) - 1:
            return list(value.values()) if isinstance(value, dict) and value else _MISSING
        if not (isinstance(value, dict) and key in value):
            return _MISSING
        value = value[key]
    return value


ANY_KEY = "*"
"""A last ``[...]`` key ``*`` stands for every member (``color[*]``: any language of a languageMap)."""
_LINK_KINDS = (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP)


def targets(
    entity: Entity, path: tuple[str, ...], keys: tuple[str, ...] = (), *, links: bool = True
) -> Iterator[Any]:
    """The values a reference points at: one per instance of the attribute where it is present.

    ``links=False``: a Relationship or ListRelationship is not a target (4.9: with an operator other than
    equal or unequal, such a target never matches).
    """
    for inst in entity.instances(path[0]):
        value = _walk(inst, path[1:], keys, links=links)
        if value is not _MISSING:
            yield value


def check_reference(path: tuple[str, ...], keys: tuple[str, ...]) -> None:
    """Reject empty paths and names the query language reserves (they would also break JSON paths)."""
    if not path:
        raise BadRequestData("an attribute reference needs at least one name")
    for name in (*path, *keys):
        check_name(name)


def _scalar_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "num"
    if isinstance(value, str):
        return "str"
    return None


def query_kind(value: Scalar) -> str:
    """Kind of a query scalar: ``num``, ``str``, ``bool`` or ``datetime``."""
    if isinstance(value, datetime):
        return "datetime"
    kind = _scalar_kind(value)
    if kind is None:
        raise BadRequestData(
            f"cannot compare with {value!r}: expected a number, string, boolean or date-time"
        )
    return kind


def range_kind(rng: Range) -> str:
    """Kind shared by both ends of a Range (BadRequestData if they differ)."""
    low, high = query_kind(rng.low), query_kind(rng.high)
    if low != high:
        raise BadRequestData(f"range {rng.low!r}..{rng.high!r} mixes a {low} and a {high}")
    return low


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: bool(a == b),
    "!=": lambda a, b: bool(a != b),
    ">": lambda a, b: bool(a > b),
    ">=": lambda a, b: bool(a >= b),
    "<": lambda a, b: bool(a < b),
    "<=": lambda a, b: bool(a <= b),
}


def compare_scalar(item: Any, op: str, value: Scalar) -> bool:
    """``item op value`` under the typed-comparison rule (item is a JSON scalar)."""
    kind = query_kind(value)
    if kind == "datetime":
        micros = instant_micros(item)
        return micros is not None and _ORDER[op](micros, datetime_micros(value))  # type: ignore[arg-type]
    if _scalar_kind(item) != kind:
        return False
    return _ORDER[op](item, value)


def _equals(item: Any, value: Scalar | tuple[Scalar, ...] | Range) -> bool:
    if isinstance(value, Range):
        range_kind(value)
        return compare_scalar(item, ">=", value.low) and compare_scalar(item, "<=", value.high)
    if isinstance(value, tuple):
        return any(compare_scalar(item, "==", v) for v in value)
    return compare_scalar(item, "==", value)


def _target_matches(target: Any, cmp: Compare) -> bool:
    op, value = cmp.op, cmp.value
    if op in ("==", "!="):
        items = target if isinstance(target, list) else [] if isinstance(target, dict) else [target]
        hit = any(_equals(item, value) for item in items)
        return hit if op == "==" else not hit
    if op in ("~=", "!~="):
        patterns = value if isinstance(value, tuple) else (value,)
        if isinstance(value, Range) or not all(isinstance(p, str) for p in patterns):
            raise BadRequestData(f"{op} needs a regular expression string, got {value!r}")
        hit = isinstance(target, str) and any(compile_regex(p).search(target) for p in patterns)  # type: ignore[arg-type]
        return hit if op == "~=" else not hit
    if isinstance(value, Range):
        raise BadRequestData(f"a range can only be used with == or !=, not {op}")
    if isinstance(target, list | dict):
        return False
    values = value if isinstance(value, tuple) else (value,)
    return any(compare_scalar(target, op, v) for v in values)


def evaluate(pred: Predicate, entity: Entity) -> bool:
    """Whether ``entity`` satisfies the q predicate."""
    if isinstance(pred, Compare):
        check_reference(pred.path, pred.keys)
        found = targets(entity, pred.path, pred.keys, links=pred.op in ("==", "!="))
        return any(_target_matches(t, pred) for t in found)
    if isinstance(pred, Exists):
        check_reference(pred.path, pred.keys)
        return any(True for _ in targets(entity, pred.path, pred.keys))
    if isinstance(pred, Not):
        return not evaluate(pred.item, entity)
    if isinstance(pred, And):
        return all(evaluate(p, entity) for p in pred.items)
    if isinstance(pred, Or):
        return any(evaluate(p, entity) for p in pred.items)
    raise BadRequestData(f"unknown predicate {pred!r}")


# -- geo ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def aeqd_transformer(lng: float, lat: float) -> Transformer:
    """Lng/lat → azimuthal-equidistant metres centred on (lng, lat): distances from there are geodesic."""
    crs = f"+proj=aeqd +lat_0={lat!r} +lon_0={lng!r} +datum=WGS84 +units=m +no_defs"
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def aeqd_centre(query: BaseGeometry) -> tuple[float, float]:
    """Centre of the local projection used for ``near``: the point itself, else the middle of its bounds."""
    if query.geom_type == "Point":
        return float(query.x), float(query.y)
    minx, miny, maxx, maxy = query.bounds
    return (minx + maxx) / 2, (miny + maxy) / 2


def project(geoms: Any, transformer: Transformer) -> Any:
    """Geometries (one or an array) moved into the transformer's projected CRS."""

    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack((x, y))

    return shapely.transform(geoms, move)


def geodesic_distance_m(geom: BaseGeometry, query: BaseGeometry) -> float:
    """Metres from ``query`` to the nearest point of ``geom``: exact (Karney) for two points, else AEQD."""
    if geom.geom_type == "Point" and query.geom_type == "Point":
        return float(GEOD.inv(geom.x, geom.y, query.x, query.y)[2])
    transformer = aeqd_transformer(*aeqd_centre(query))
    return float(shapely.distance(project(geom, transformer), project(query, transformer)))


def within_distance(distance: float, geo: GeoFilter) -> bool:
    """Whether a distance satisfies ``near``'s maxDistance / minDistance (both inclusive)."""
    if geo.max_distance is not None and not distance <= geo.max_distance:
        return False
    return geo.min_distance is None or distance >= geo.min_distance


def geo_holds(geom: BaseGeometry, geo: GeoFilter) -> bool:
    """The georel between an entity geometry and the query geometry (NGSI-LD ``within``: entity in query)."""
    rel, other = geo.rel, geo.geometry
    if rel is GeoRel.NEAR:
        distance = geodesic_distance_m(geom, other)
        return not math.isnan(distance) and within_distance(distance, geo)
    predicate = {
        GeoRel.WITHIN: shapely.within,
        GeoRel.CONTAINS: shapely.contains,
        GeoRel.INTERSECTS: shapely.intersects,
        GeoRel.OVERLAPS: shapely.overlaps,
        GeoRel.DISJOINT: shapely.disjoint,
        GeoRel.EQUALS: shapely.equals,
    }[rel]
    return bool(predicate(geom, other))


# -- the whole query ------------------------------------------------------------------------------------


def matches(entity: Entity, query: EntityQuery) -> bool:
    """Whether ``entity`` passes every filter of ``query`` (paging and projection are not filters)."""
    if query.ids and entity.id not in query.ids:
        return False
    if query.id_pattern is not None and not compile_regex(query.id_pattern).search(entity.id):
        return False
    if query.types and not any(group <= set(entity.types) for group in query.types):
        return False
    if query.scopes:
        prefixes = [normalize_scope(p) for p in query.scopes]
        if not any(scope_matches(s, p) for s in entity.scope for p in prefixes):
            return False
    if query.levels and entity.level not in query.levels:
        return False
    if query.admin_code is not None:
        key = admin_key(entity.value(ADMIN_CODE))
        if key is None or not key.startswith(admin_prefix(query.admin_code)):
            return False
    if query.grid_prefix is not None:
        lo, hi = grid_range(query.grid_prefix)
        location = entity.location()
        cell = None if location is None else grid_int(location)
        if cell is None or not lo <= cell <= hi:
            return False
    if query.q is not None and not evaluate(query.q, entity):
        return False
    if query.geo is not None:
        geom = entity.location(query.geo.geoproperty)
        if geom is None or not geo_holds(geom, query.geo):
            return False
    if query.expired_at is not None and not entity.expired(query.expired_at):
        return False
    return query.live_at is None or not entity.expired(query.live_at)
