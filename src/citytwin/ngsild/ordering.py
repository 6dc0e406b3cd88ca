"""Entity ordering (GS CIM 009 4.23; OrderingParams, 5.2.43): ``orderBy``, ``orderFrom``, ``collation``.

``orderBy=name;desc,address[city],location;dist-asc`` sorts a query's matches before they are paged. Values
of different datatypes rank numbers < strings < objects < arrays < booleans (4.23.2), and an entity without
the value comes last in either direction; ties fall back to the entity id. Distance ordering measures the
great-circle distance from the ``orderFrom`` point to the GeoProperty. Only codepoint order and the Unicode
root collation (``und``: accents and case rank with their base letter) are offered: any other collation is
refused (400) rather than silently mis-ordered.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Any, Literal

from shapely.geometry import shape

from citytwin.core.entities import AttrType, Entity
from citytwin.core.geometry import representative_lnglat
from citytwin.errors import BadRequestData

Direction = Literal["asc", "desc", "dist-asc", "dist-desc"]
_DIRECTIONS = frozenset({"asc", "desc", "dist-asc", "dist-desc"})
_MEMBERS = frozenset({"id", "type", "createdAt", "modifiedAt"})
_META = frozenset({"createdAt", "modifiedAt", "observedAt", "unitCode", "datasetId"})
_ITEM = re.compile(r"^\s*([^\s\[\];]+)((?:\[[^\[\]]+\])*)\s*(?:;\s*([a-z-]+)\s*)?$")
_COLLATIONS = frozenset({"und"})
"""Collations offered besides codepoint order (the Unicode root collation, RFC 6067 tag ``und``)."""
_EARTH_M = 6_371_008.8
_ABSENT = object()


@dataclass(frozen=True, slots=True)
class OrderKey:
    """One ``orderBy`` item: a stored attribute name (or ``id`` / ``type``), a [subitem] path, a direction."""

    name: str
    path: tuple[str, ...]
    direction: Direction
    steps: tuple[str, ...] = ()
    """``name.sub.createdAt``: sub-attributes (stored names) then at most one metadata member."""


@dataclass(frozen=True, slots=True)
class Ordering:
    """How to sort a query's matches."""

    keys: tuple[OrderKey, ...]
    origin: tuple[float, float] | None = None
    collation: str | None = None

    def sort(self, entities: Sequence[Entity]) -> list[Entity]:
        """The entities in this order (ties by id)."""
        return sorted(entities, key=cmp_to_key(self._compare))

    def _compare(self, a: Entity, b: Entity) -> int:
        for key in self.keys:
            found = _compare_values(self._value(a, key), self._value(b, key), key.direction, self.collation)
            if found:
                return found
        return (a.id > b.id) - (a.id < b.id)

    def _value(self, entity: Entity, key: OrderKey) -> Any:
        if key.direction in ("dist-asc", "dist-desc"):
            return self._distance(entity, key.name)
        if key.name == "id":
            value: Any = entity.id
        elif key.name == "type":
            value = entity.types[0] if entity.types else _ABSENT
        elif key.name in ("createdAt", "modifiedAt"):
            value = entity.created_at if key.name == "createdAt" else entity.modified_at
        else:
            value = _attribute_value(entity, key)
        for step in key.path:
            value = value.get(step, _ABSENT) if isinstance(value, dict) else _ABSENT
        return _ABSENT if value is None else value

    def _distance(self, entity: Entity, name: str) -> Any:
        inst = entity.attr(name) or next(iter(entity.instances(name)), None)
        if inst is None or inst.type is not AttrType.GEOPROPERTY or self.origin is None:
            return _ABSENT
        try:
            lng, lat = representative_lnglat(shape(inst.value))
        except (ValueError, TypeError, AttributeError):
            return _ABSENT
        return _haversine(self.origin, (lng, lat))


def _attribute_value(entity: Entity, key: OrderKey) -> Any:
    inst = entity.attr(key.name) or next(iter(entity.instances(key.name)), None)
    for step in key.steps:
        if inst is None:
            return _ABSENT
        if step in _META:
            return getattr(inst, _SNAKE[step])
        inst = inst.sub.get(step)
    return _ABSENT if inst is None else inst.value


_SNAKE = {
    "createdAt": "created_at",
    "modifiedAt": "modified_at",
    "observedAt": "observed_at",
    "unitCode": "unit_code",
    "datasetId": "dataset_id",
}


def ordering_from_params(params: Mapping[str, str], to_store: Callable[[str], str]) -> Ordering | None:
    """The ordering of ``orderBy`` / ``orderFrom`` / ``collation`` URL parameters (None without orderBy)."""
    raw = params.get("orderBy")
    collation = params.get("collation")
    origin = params.get("orderFrom")
    if raw is None:
        if collation is not None or origin is not None:
            raise BadRequestData("orderFrom and collation need orderBy (4.23)")
        return None
    items = [item for item in _split_items(raw)]
    return _ordering(items, _origin_from_text(origin), collation, to_store)


def ordering_from_body(body: Mapping[str, Any], to_store: Callable[[str], str]) -> Ordering | None:
    """The ordering of a Query body's ``ordering`` member (OrderingParams, Table 5.2.43-1)."""
    raw = body.get("ordering")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BadRequestData("ordering must be an OrderingParams object (5.2.43)")
    order_by = raw.get("orderBy")
    if isinstance(order_by, str):
        order_by = list(_split_items(order_by))
    if not isinstance(order_by, list) or not order_by or not all(isinstance(i, str) for i in order_by):
        raise BadRequestData("ordering.orderBy must be a non-empty array of strings")
    geometry = raw.get("geometry")
    if geometry is not None and geometry != "Point":
        raise BadRequestData(f"ordering.geometry must be 'Point', got {geometry!r}")
    coordinates = raw.get("coordinates")
    origin = None if coordinates is None else _origin(coordinates)
    collation = raw.get("collation")
    if collation is not None and not isinstance(collation, str):
        raise BadRequestData("ordering.collation must be a string")
    return _ordering(order_by, origin, collation, to_store)


def _ordering(
    items: Sequence[str],
    origin: tuple[float, float] | None,
    collation: str | None,
    to_store: Callable[[str], str],
) -> Ordering:
    keys = tuple(_key(item, to_store) for item in items)
    if not keys:
        raise BadRequestData("orderBy must name at least one attribute")
    if origin is None and any(k.direction.startswith("dist") for k in keys):
        raise BadRequestData("ordering by distance needs the reference point (orderFrom / coordinates)")
    if collation is not None and collation not in _COLLATIONS:
        raise BadRequestData(f"collation {collation!r} is not offered: use 'und' or codepoint order (none)")
    return Ordering(keys, origin, collation)


def _split_items(raw: str) -> list[str]:
    return [item for item in raw.split(",") if item.strip()] if raw.strip() else [""]


def _key(item: str, to_store: Callable[[str], str]) -> OrderKey:
    match = _ITEM.match(item)
    if match is None:
        raise BadRequestData(
            f"orderBy item {item!r}: use <attribute>[<subitem>]...[;asc|desc|dist-asc|dist-desc]"
        )
    name, path_text, direction = match.group(1), match.group(2), match.group(3) or "asc"
    if direction not in _DIRECTIONS:
        raise BadRequestData(f"orderBy direction {direction!r} is not one of asc, desc, dist-asc, dist-desc")
    path = tuple(re.findall(r"\[([^\[\]]+)\]", path_text))
    # name.sub.createdAt: a sub-attribute or metadata path (an IRI keeps its dots)
    head, *dotted = [name] if "://" in name else name.split(".")
    if not head or any(not d for d in dotted) or any(d in _META for d in dotted[:-1]):
        raise BadRequestData(f"orderBy item {item!r}: a metadata member can only end the path")
    if dotted and head in _MEMBERS:
        raise BadRequestData(f"orderBy item {item!r}: {head} has no members")
    stored = head if head in _MEMBERS else to_store(head)
    steps = tuple(d if d in _META else to_store(d) for d in dotted)
    return OrderKey(stored, path, direction, steps)  # type: ignore[arg-type]


def _origin_from_text(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        value = json.loads(text if text.strip().startswith("[") else f"[{text}]")
    except ValueError:
        raise BadRequestData(f"orderFrom must be a coordinate pair such as [8,40], got {text!r}") from None
    return _origin(value)


def _origin(value: Any) -> tuple[float, float]:
    if not (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise BadRequestData(f"the distance reference must be a JSON array [lng, lat], got {value!r}")
    lng, lat = float(value[0]), float(value[1])
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise BadRequestData(f"the distance reference {value!r} is outside the WGS84 range")
    return lng, lat


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    lng1, lat1, lng2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * _EARTH_M * math.asin(math.sqrt(min(1.0, h)))


def _rank(value: Any) -> int:
    """4.23.2: numbers < strings < objects < arrays < booleans; an absent value ranks last."""
    if value is _ABSENT:
        return 5
    if isinstance(value, bool):
        return 4
    if isinstance(value, int | float):
        return 0
    if isinstance(value, str):
        return 1
    if isinstance(value, dict):
        return 2
    return 3


def _collated(text: str) -> tuple[str, str]:
    """A root-collation key: base letters first (accents and case folded away), then the text itself."""
    base = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return base.casefold(), text


def _compare_values(a: Any, b: Any, direction: Direction, collation: str | None) -> int:
    ra, rb = _rank(a), _rank(b)
    if ra == 5 or rb == 5:
        return ra - rb if ra != rb else 0  # absent last, whatever the direction
    if ra != rb:
        found = ra - rb
    elif ra == 1 and collation is not None:
        ka, kb = _collated(a), _collated(b)
        found = (ka > kb) - (ka < kb)
    elif ra in (2, 3):
        ja, jb = json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)
        found = (ja > jb) - (ja < jb)
    else:
        found = (a > b) - (a < b)
    return -found if direction in ("desc", "dist-desc") else found
