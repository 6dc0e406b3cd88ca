"""The twin entity model, in the shapes of NGSI-LD (ETSI GS CIM 009).

An entity has an id (a URI), one or more types, an optional scope and a set of attributes. Each attribute
name maps to one or more *instances* told apart by ``datasetId`` (``None`` is the default instance).
Names are stored as given: the NGSI-LD adapter expands and compacts them against @context; the core and
the stores treat them as opaque strings. The reserved attributes below carry the platform's own facts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from shapely.geometry.base import BaseGeometry

from citytwin.core.geometry import parse_geojson
from citytwin.core.levels import ModelLevel
from citytwin.core.timeutil import parse_utc_datetime
from citytwin.errors import BadRequestData

LOCATION = "location"
"""The default GeoProperty: the one the stores index spatially and by grid code."""
LEVEL = "cimLevel"
"""Property holding the entity's model level (``building``, ``CIM5`` ...)."""
ADMIN_CODE = "adminCode"
"""Property holding the GB/T 2260 code (6, 9 or 12 digits) of the area that owns the entity."""

ENTITY_KEYS = frozenset(
    {"id", "type", "scope", "@context", "createdAt", "modifiedAt", "deletedAt", "expiresAt"}
)
INSTANCE_META = frozenset(
    {"type", "observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt", "deletedAt"}
)
_SYS_TIMES = ("createdAt", "modifiedAt")
EXPIRES_AT = "expiresAt"
"""The system temporal attribute (6.3.11) of an entity or an attribute instance: when it expires. Shown, like
createdAt and modifiedAt, only with ``options=sysAttrs``; an instance keeps it among its verbatim members."""
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_NAME = re.compile(r"^[^\s<>\"'=;()\\]+$")


class AttrType(StrEnum):
    """The attribute kinds of NGSI-LD."""

    PROPERTY = "Property"
    RELATIONSHIP = "Relationship"
    GEOPROPERTY = "GeoProperty"
    LANGUAGE_PROPERTY = "LanguageProperty"
    VOCAB_PROPERTY = "VocabProperty"
    JSON_PROPERTY = "JsonProperty"
    LIST_PROPERTY = "ListProperty"
    LIST_RELATIONSHIP = "ListRelationship"

    @property
    def value_key(self) -> str:
        """The member that carries the value in the normalized representation."""
        return _VALUE_KEYS[self]


_VALUE_KEYS = {
    AttrType.PROPERTY: "value",
    AttrType.RELATIONSHIP: "object",
    AttrType.GEOPROPERTY: "value",
    AttrType.LANGUAGE_PROPERTY: "languageMap",
    AttrType.VOCAB_PROPERTY: "vocab",
    AttrType.JSON_PROPERTY: "json",
    AttrType.LIST_PROPERTY: "valueList",
    AttrType.LIST_RELATIONSHIP: "objectList",
}


@dataclass(slots=True)
class Attribute:
    """One attribute instance: a value of a given kind with its metadata and sub-attributes."""

    type: AttrType
    value: Any
    observed_at: str | None = None
    unit_code: str | None = None
    dataset_id: str | None = None
    created_at: str | None = None
    modified_at: str | None = None
    sub: dict[str, Attribute] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    """Other members of the instance kept verbatim (``objectType``, ``lang`` ...)."""

    def to_dict(self, *, sys_attrs: bool = False) -> dict[str, Any]:
        """The normalized NGSI-LD representation of this instance."""
        kind, key = _WIRE[self.type]
        out: dict[str, Any] = {"type": kind, key: self.value}
        if (
            self.observed_at is None
            and self.unit_code is None
            and self.dataset_id is None
            and not (sys_attrs or self.sub or self.extra)
        ):
            return out  # a plain instance (most of a city's), without the steps below
        if self.observed_at is not None:
            out["observedAt"] = self.observed_at
        if self.unit_code is not None:
            out["unitCode"] = self.unit_code
        if self.dataset_id is not None:
            out["datasetId"] = self.dataset_id
        out.update(self.extra if sys_attrs else without_sys_extras(self.extra))
        if sys_attrs:
            if self.created_at is not None:
                out["createdAt"] = self.created_at
            if self.modified_at is not None:
                out["modifiedAt"] = self.modified_at
        for name, sub in self.sub.items():
            out[name] = sub.to_dict(sys_attrs=sys_attrs)
        return out

    @classmethod
    def from_dict(cls, name: str, data: Any) -> Attribute:
        """Parse one normalized instance; raises BadRequestData naming the attribute and the problem."""
        if not isinstance(data, Mapping):
            raise BadRequestData(
                f"attribute {name!r} must be an object with a 'type', got {type(data).__name__}"
            )
        kind = _attr_type(name, data)
        key = kind.value_key
        if key not in data:
            raise BadRequestData(f"attribute {name!r} of type {kind.value} has no {key!r} member")
        value = data[key]
        _check_value(name, kind, value)
        sub: dict[str, Attribute] = {}
        extra: dict[str, Any] = {}
        for member, item in data.items():
            if member in INSTANCE_META or member == key:
                continue
            if isinstance(item, Mapping) and "type" in item and item.get("type") in _TYPE_NAMES:
                check_name(member)
                sub[member] = cls.from_dict(f"{name}.{member}", item)
            else:
                extra[member] = item
        observed, unit, dataset = instance_meta(name, data)
        return cls(
            type=kind,
            value=value,
            observed_at=observed,
            unit_code=unit,
            dataset_id=dataset,
            created_at=data.get("createdAt"),
            modified_at=data.get("modifiedAt"),
            sub=sub,
            extra=extra,
        )

    def geometry(self) -> BaseGeometry:
        """The shapely geometry of a GeoProperty instance."""
        if self.type is not AttrType.GEOPROPERTY:
            raise BadRequestData(f"attribute of type {self.type.value} is not a GeoProperty")
        return parse_geojson(self.value)


_TYPE_NAMES = frozenset(t.value for t in AttrType)
_WIRE = {t: (t.value, t.value_key) for t in AttrType}
"""Each kind's name and value member (plain lookups: an enum's ``.value`` goes through a descriptor)."""


def without_sys_extras(extra: dict[str, Any]) -> dict[str, Any]:
    """An instance's verbatim members less the system ones (``expiresAt``) that only sysAttrs shows."""
    if EXPIRES_AT not in extra:
        return extra
    return {k: v for k, v in extra.items() if k != EXPIRES_AT}


def instance_times(name: str, data: Mapping[str, Any]) -> Any:
    """The ``observedAt`` of an attribute instance (None when absent), with it and ``expiresAt`` checked to be
    UTC DateTimes (4.6.3: BadRequestData naming the attribute ``name``)."""
    observed = data.get("observedAt")
    if observed is not None:
        parse_utc_datetime(observed, f"attribute {name!r}: observedAt")
    expires = data.get(EXPIRES_AT)
    if expires is not None:
        parse_utc_datetime(expires, f"attribute {name!r}: expiresAt")
    return observed


def instance_meta(name: str, data: Mapping[str, Any]) -> tuple[Any, str | None, str | None]:
    """``observedAt``, ``unitCode`` and ``datasetId`` of an attribute instance, checked (BadRequestData naming
    the attribute ``name``); ``expiresAt``, when present, is checked too."""
    observed = instance_times(name, data)
    unit = data.get("unitCode")
    if unit is not None and not isinstance(unit, str):
        raise BadRequestData(f"attribute {name!r}: unitCode must be a string")
    dataset = data.get("datasetId")
    if dataset is not None and not (isinstance(dataset, str) and _URI.match(dataset)):
        raise BadRequestData(f"attribute {name!r}: datasetId must be a URI, got {dataset!r}")
    return observed, unit, dataset


def _attr_type(name: str, data: Mapping[str, Any]) -> AttrType:
    raw = data.get("type")
    if raw is None:
        # NGSI-LD lets clients omit the type when the value member says what it is.
        for kind, key in _VALUE_KEYS.items():
            if key in data and key != "value":
                return kind
        if "value" in data:
            return AttrType.PROPERTY
        raise BadRequestData(f"attribute {name!r} has neither a 'type' nor a value member")
    try:
        return AttrType(raw)
    except ValueError:
        raise BadRequestData(f"attribute {name!r} has unknown type {raw!r}") from None


def _check_value(name: str, kind: AttrType, value: Any) -> None:
    if value is None:
        raise BadRequestData(f"attribute {name!r}: a null value is not allowed")
    if kind is AttrType.RELATIONSHIP:
        objects = value if isinstance(value, list) else [value]
        for obj in objects:
            if not (isinstance(obj, str) and _URI.match(obj)):
                raise BadRequestData(f"relationship {name!r}: object must be a URI, got {obj!r}")
    elif kind is AttrType.GEOPROPERTY:
        parse_geojson(value, what=f"GeoProperty {name!r}")
    elif kind is AttrType.LANGUAGE_PROPERTY:
        if not isinstance(value, Mapping) or not all(isinstance(v, str | list) for v in value.values()):
            raise BadRequestData(f"LanguageProperty {name!r}: languageMap must map language tags to strings")
    elif kind in (AttrType.LIST_PROPERTY, AttrType.LIST_RELATIONSHIP) and not isinstance(value, list):
        raise BadRequestData(f"{kind.value} {name!r}: {kind.value_key} must be an array")


def check_name(name: str) -> str:
    """Validate an attribute or type name: no whitespace or characters the query language reserves."""
    if not isinstance(name, str) or not name or not _NAME.match(name):
        raise BadRequestData(f"{name!r} is not a valid attribute or type name")
    return name


@dataclass(slots=True)
class Entity:
    """A twin entity: id, types, scope and attribute instances keyed by name."""

    id: str
    types: tuple[str, ...]
    attrs: dict[str, list[Attribute]] = field(default_factory=dict)
    scope: tuple[str, ...] = ()
    created_at: str | None = None
    modified_at: str | None = None
    expires_at: str | None = None
    """The entity's ``expiresAt`` (a UTC DateTime) when it has one."""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _URI.match(self.id):
            raise BadRequestData(f"entity id must be a URI, got {self.id!r}")
        if not self.types:
            raise BadRequestData(f"entity {self.id} has no type")
        for name in self.types:
            check_name(name)

    def expired(self, now: datetime) -> bool:
        """Whether the entity's ``expiresAt`` is at or before ``now`` (a transient entity past its time)."""
        return self.expires_at is not None and parse_utc_datetime(self.expires_at) <= now

    @property
    def type(self) -> str:
        """The first (primary) type."""
        return self.types[0]

    def instances(self, name: str) -> list[Attribute]:
        """All instances of an attribute (empty when absent)."""
        return self.attrs.get(name, [])

    def attr(self, name: str, dataset_id: str | None = None) -> Attribute | None:
        """The instance of ``name`` with that datasetId (default instance when None)."""
        for inst in self.attrs.get(name, []):
            if inst.dataset_id == dataset_id:
                return inst
        return None

    def value(self, name: str, default: Any = None) -> Any:
        """The value of the default instance of ``name``."""
        inst = self.attr(name)
        return default if inst is None else inst.value

    def set(self, name: str, attribute: Attribute) -> None:
        """Add or replace the instance of ``name`` with the same datasetId."""
        check_name(name)
        current = [a for a in self.attrs.get(name, []) if a.dataset_id != attribute.dataset_id]
        current.append(attribute)
        self.attrs[name] = current

    @property
    def level(self) -> ModelLevel | None:
        """The model level declared by the ``cimLevel`` property."""
        raw = self.value(LEVEL)
        return None if raw is None else ModelLevel.parse(raw)

    @property
    def admin_code(self) -> str | None:
        """The declared GB/T 2260 area code, if any."""
        raw = self.value(ADMIN_CODE)
        return None if raw is None else str(raw)

    def location(self, geoproperty: str = LOCATION) -> BaseGeometry | None:
        """The geometry of a GeoProperty (default ``location``)."""
        inst = self.attr(geoproperty)
        if inst is None or inst.type is not AttrType.GEOPROPERTY:
            return None
        return inst.geometry()

    def merged(self, patch: Entity) -> Entity:
        """A copy with ``patch``'s instances added or replacing same-datasetId ones (NGSI-LD merge)."""
        out = replace(self, attrs={k: list(v) for k, v in self.attrs.items()})
        for name, instances in patch.attrs.items():
            for inst in instances:
                out.set(name, inst)
        if patch.scope:
            out.scope = patch.scope
        if patch.expires_at is not None:
            out.expires_at = patch.expires_at
        return out

    def iter_instances(self) -> Iterator[tuple[str, Attribute]]:
        """Every (name, instance) pair."""
        for name, instances in self.attrs.items():
            for inst in instances:
                yield name, inst

    def to_dict(self, *, sys_attrs: bool = False) -> dict[str, Any]:
        """The normalized NGSI-LD representation (without @context)."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.types[0] if len(self.types) == 1 else list(self.types),
        }
        if self.scope:
            out["scope"] = self.scope[0] if len(self.scope) == 1 else list(self.scope)
        if sys_attrs:
            if self.created_at:
                out["createdAt"] = self.created_at
            if self.modified_at:
                out["modifiedAt"] = self.modified_at
            if self.expires_at:
                out[EXPIRES_AT] = self.expires_at
        wire = _WIRE
        for name, instances in self.attrs.items():
            if len(instances) != 1:
                out[name] = [inst.to_dict(sys_attrs=sys_attrs) for inst in instances]
                continue
            inst = instances[0]
            if (
                inst.observed_at is None
                and inst.unit_code is None
                and inst.dataset_id is None
                and not (sys_attrs or inst.sub or inst.extra)
            ):
                kind, key = wire[inst.type]  # Attribute.to_dict of a plain instance, inline
                out[name] = {"type": kind, key: inst.value}
            else:
                out[name] = inst.to_dict(sys_attrs=sys_attrs)
        return out

    @classmethod
    def from_dict(cls, data: Any) -> Entity:
        """Parse a normalized NGSI-LD entity; raises BadRequestData naming what is wrong."""
        if not isinstance(data, Mapping):
            raise BadRequestData(f"an entity must be a JSON object, got {type(data).__name__}")
        if "id" not in data:
            raise BadRequestData("entity has no 'id'")
        if "type" not in data:
            raise BadRequestData(f"entity {data['id']!r} has no 'type'")
        raw_types = data["type"]
        types = tuple(raw_types) if isinstance(raw_types, list) else (raw_types,)
        if not all(isinstance(t, str) for t in types):
            raise BadRequestData(f"entity {data['id']!r}: type must be a string or a list of strings")
        raw_scope = data.get("scope", ())
        scope = tuple(raw_scope) if isinstance(raw_scope, list) else (raw_scope,) if raw_scope else ()
        for s in scope:
            if not (isinstance(s, str) and s.startswith("/")):
                raise BadRequestData(f"entity {data['id']!r}: scope {s!r} must start with '/'")
        entity = cls(
            id=data["id"],
            types=_dedupe(types),
            scope=scope,
            created_at=data.get("createdAt"),
            modified_at=data.get("modifiedAt"),
            expires_at=entity_expiry(data),
        )
        for name, raw in data.items():
            if name in ENTITY_KEYS:
                continue
            check_name(name)
            items = (
                raw if isinstance(raw, list) and raw and all(isinstance(i, Mapping) for i in raw) else [raw]
            )
            seen: set[str | None] = set()
            for item in items:
                inst = Attribute.from_dict(name, item)
                if inst.dataset_id in seen:
                    raise BadRequestData(
                        f"attribute {name!r} has two instances with datasetId {inst.dataset_id}"
                    )
                seen.add(inst.dataset_id)
                entity.attrs.setdefault(name, []).append(inst)
        if LEVEL in entity.attrs:
            ModelLevel.parse(entity.value(LEVEL))
        return entity


def with_attrs(entity: Entity, attrs: dict[str, list[Attribute]], *, times: bool = True) -> Entity:
    """``entity`` with other attributes, without validating its id and types again (they are unchanged).

    ``times=False`` leaves the system times (created, modified, expires) unset, as a new entity has them.
    """
    out: Entity = object.__new__(Entity)
    out.id, out.types, out.attrs, out.scope = entity.id, entity.types, attrs, entity.scope
    out.created_at = entity.created_at if times else None
    out.modified_at = entity.modified_at if times else None
    out.expires_at = entity.expires_at if times else None
    return out


def entity_expiry(data: Mapping[str, Any]) -> str | None:
    """The entity-level ``expiresAt`` of a body (None when absent), checked to be a UTC DateTime."""
    expires = data.get(EXPIRES_AT)
    if expires is None:
        return None
    parse_utc_datetime(expires, "entity expiresAt")
    return str(expires)


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def prop(value: Any, **meta: Any) -> Attribute:
    """Shorthand for a Property instance: ``prop(21.5, unit_code="CEL", observed_at="...")``."""
    return Attribute(AttrType.PROPERTY, value, **meta)


def rel(target: str, **meta: Any) -> Attribute:
    """Shorthand for a Relationship instance."""
    return Attribute(AttrType.RELATIONSHIP, target, **meta)


def geo(geojson: Mapping[str, Any], **meta: Any) -> Attribute:
    """Shorthand for a GeoProperty instance (validated)."""
    parse_geojson(geojson)
    return Attribute(AttrType.GEOPROPERTY, dict(geojson), **meta)
