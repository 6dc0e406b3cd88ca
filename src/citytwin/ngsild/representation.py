"""Entities in and out of the NGSI-LD wire formats, with names mapped through the request's @context.

Output: :func:`render_entity` gives the normalized, concise or simplified (keyValues) form, and
:func:`render_feature` / :func:`feature_collection` the GeoJSON one; names are compacted with
``names.from_store`` and attributes projected with a :class:`Projection` (``attrs`` / ``pick`` / ``omit``).

Input: :func:`entity_from_body` and :func:`attributes_from_body` accept normalized or concise bodies (as the
spec lets clients mix them) and build the core :class:`~citytwin.core.entities.Entity` in one pass, with names
mapped by ``names.to_store``. The checks are those of ``Entity.from_dict`` except the GeoJSON validity of
top-level GeoProperties: the stores validate every stored geometry (``location`` vectorised over a whole
batch), so checking it here too would double the cost of the most expensive step of a batch write.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Literal, Protocol, cast

from citytwin.core.entities import (
    EXPIRES_AT,
    LEVEL,
    LOCATION,
    Attribute,
    AttrType,
    Entity,
    check_name,
    entity_expiry,
    instance_meta,
    instance_times,
    without_sys_extras,
)
from citytwin.core.geometry import GEOMETRY_TYPES, parse_geojson
from citytwin.core.levels import ModelLevel
from citytwin.errors import BadRequestData
from citytwin.ngsild import members

Format = Literal["normalized", "concise", "keyValues"]
NGSI_LD_NULL = "urn:ngsi-ld:null"
"""The NGSI-LD Null: in a merge, an attribute whose value is this is deleted."""

ENTITY_MEMBERS = frozenset({"id", "type", "scope", "createdAt", "modifiedAt", EXPIRES_AT})
"""Entity members that ``pick`` / ``omit`` may name besides attributes."""
NOT_ATTRIBUTES = frozenset({"id", "type", "@context"})
"""Names that can never be attribute names, so never appear in ``attrs``."""
_SKIP_ON_INPUT = frozenset(
    {"id", "type", "scope", "@context", "createdAt", "modifiedAt", "deletedAt", EXPIRES_AT}
)
_KINDS = {t.value: t for t in AttrType}
# Keys that name their kind; "value" (Property or GeoProperty) is decided last.
_VALUE_KEYS = {t.value_key: t for t in AttrType if t.value_key != "value"}
_META = frozenset({"type", "observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt", "deletedAt"})
# Members of an instance kept verbatim; every other member is a sub-attribute (NGSI-LD 4.5.1).
_VERBATIM = frozenset(
    {"objectType", "lang", "instanceId", "expiresAt", "entity", "previousValue", "previousObject"}
    | {"previousLanguageMap", "previousVocab", "previousJson", "previousValueList", "previousObjectList"}
    | {"valueType", "entityIdSealed", "entityTypeSealed"}
)
_RESERVED = _META | _VERBATIM | frozenset(t.value_key for t in AttrType)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
MAX_DEPTH = 16
RESERVED_PREFIX = "urn:citytwin:deleted:"
"""Attribute names the platform keeps for itself (deletions in history: ``temporal_window``)."""
"""Deepest sub-attribute nesting accepted (keeps a hostile body from exhausting the stack)."""


class NameMap(Protocol):
    """What representation needs from a resolved @context (``LdContext`` satisfies it)."""

    def to_store(self, term: str) -> str:
        """The stored name of a term of the request's context."""
        ...

    def from_store(self, name: str) -> str:
        """The term of the request's context for a stored name."""
        ...


@dataclass(frozen=True, slots=True)
class Projection:
    """Which members to render, in stored names: ``keep`` (None: all attributes) minus ``drop``.

    ``members`` are entity members (``id``, ``type`` ...) named by ``pick``; None keeps them all.
    """

    keep: frozenset[str] | None = None
    drop: frozenset[str] = frozenset()
    members: frozenset[str] | None = None

    def wants(self, name: str) -> bool:
        """Whether attribute ``name`` is rendered."""
        return (self.keep is None or name in self.keep) and name not in self.drop

    def wants_member(self, member: str) -> bool:
        """Whether entity member ``member`` (id, type, scope ...) is rendered."""
        return (self.members is None or member in self.members) and member not in self.drop

    @property
    def attrs(self) -> tuple[str, ...]:
        """The attribute names a store read may be limited to (empty: all)."""
        return tuple(sorted(self.keep)) if self.keep is not None else ()


ALL = Projection()


def projection(
    names: NameMap, attrs: Iterable[str] = (), pick: Iterable[str] = (), omit: Iterable[str] = ()
) -> Projection:
    """A projection from the ``attrs``, ``pick`` and ``omit`` parameters (terms of the request's context)."""
    attrs, pick, omit = list(attrs), list(pick), list(omit)
    if pick and omit:
        raise BadRequestData("pick and omit cannot be used together")
    keep: set[str] | None = None
    members: frozenset[str] | None = None
    named = sorted(NOT_ATTRIBUTES.intersection(attrs))
    if named:  # id and type are entity members, never attribute names (ETSI TP 019_03_03)
        raise BadRequestData(f"attrs names attributes; {', '.join(named)} is not one (use pick)")
    if attrs:
        keep = {names.to_store(a) for a in attrs}
    if pick:
        picked = {names.to_store(p) for p in pick if p not in ENTITY_MEMBERS}
        keep = picked if keep is None else keep & picked
        members = frozenset(p for p in pick if p in ENTITY_MEMBERS)
    drop = frozenset(o if o in ENTITY_MEMBERS else names.to_store(o) for o in omit)
    return Projection(None if keep is None else frozenset(keep), drop, members)


# -- output -----------------------------------------------------------------------------------------------
# Rendering runs for every attribute of every entity sent (a GET of a building renders about a dozen, a query
# page a hundred times that), so it avoids what costs there: the enum properties AttrType.value and
# .value_key are slow lookups, so wire names come from the dicts below; a projection that keeps everything
# is not asked about each name; and the commonest shapes (one instance without sub-attributes or verbatim
# members) are built inline rather than through render_instances.

_WIRE_NAMES: dict[AttrType, tuple[str, str]] = {t: (t.value, t.value_key) for t in AttrType}
"""The normalized form's ``type`` and value member of each kind."""
_VALUE_KEY_OF: dict[AttrType, str] = {t: t.value_key for t in AttrType}
_PROPERTY = AttrType.PROPERTY
_GEOPROPERTY = AttrType.GEOPROPERTY
_LANGUAGE = AttrType.LANGUAGE_PROPERTY
_VOCAB = AttrType.VOCAB_PROPERTY
_LIST_RELATIONSHIP = AttrType.LIST_RELATIONSHIP
_BARE_KEY_VALUE = frozenset({_PROPERTY, _GEOPROPERTY, AttrType.RELATIONSHIP, AttrType.LIST_PROPERTY})
"""Kinds whose simplified (keyValues) form is the value itself (4.5.4)."""
_WRAPPED = frozenset({_LANGUAGE, AttrType.JSON_PROPERTY, _VOCAB})
"""Kinds whose simplified form wraps the value in its value key (4.5.4)."""


def render_entity(
    entity: Entity,
    names: NameMap,
    fmt: Format = "normalized",
    *,
    sys_attrs: bool = False,
    project: Projection = ALL,
    lang: str | None = None,
) -> dict[str, Any]:
    """One entity in the requested NGSI-LD representation, names compacted against ``names``."""
    out: dict[str, Any] = {}
    every = project.members is None and not project.drop  # no pick / omit: every member, nothing to ask
    if every or project.wants_member("id"):
        out["id"] = entity.id
    if every or project.wants_member("type"):
        from_store, types = names.from_store, entity.types
        out["type"] = from_store(types[0]) if len(types) == 1 else [from_store(t) for t in types]
    if entity.scope and (every or project.wants_member("scope")):
        out["scope"] = entity.scope[0] if len(entity.scope) == 1 else list(entity.scope)
    if sys_attrs and fmt != "keyValues":
        if entity.created_at and (every or project.wants_member("createdAt")):
            out["createdAt"] = entity.created_at
        if entity.modified_at and (every or project.wants_member("modifiedAt")):
            out["modifiedAt"] = entity.modified_at
        if entity.expires_at and (every or project.wants_member(EXPIRES_AT)):
            out[EXPIRES_AT] = entity.expires_at
    _put_attributes(out, entity, names, fmt, sys_attrs=sys_attrs, project=project, lang=lang)
    return out


def render_attributes(
    entity: Entity,
    names: NameMap,
    fmt: Format = "normalized",
    *,
    sys_attrs: bool = False,
    project: Projection = ALL,
    lang: str | None = None,
) -> dict[str, Any]:
    """The attributes of an entity (compacted name → rendered instance or list of instances)."""
    out: dict[str, Any] = {}
    _put_attributes(out, entity, names, fmt, sys_attrs=sys_attrs, project=project, lang=lang)
    return out


def _put_attributes(
    out: dict[str, Any],
    entity: Entity,
    names: NameMap,
    fmt: Format,
    *,
    sys_attrs: bool,
    project: Projection,
    lang: str | None,
) -> None:
    """Add the projected attributes of ``entity`` to ``out``, in the entity's order."""
    wants = None if project.keep is None and not project.drop else project.wants
    if fmt == "keyValues":
        _put_simplified(out, entity.attrs, names, wants=wants, lang=lang)
    elif fmt == "concise":
        _put_concise(out, entity.attrs, names, sys_attrs=sys_attrs, wants=wants, lang=lang)
    else:
        _put_normalized(out, entity.attrs, names, sys_attrs=sys_attrs, wants=wants, lang=lang)


def _put_normalized(
    out: dict[str, Any],
    attrs: Mapping[str, list[Attribute]],
    names: NameMap,
    *,
    sys_attrs: bool,
    wants: Callable[[str], bool] | None,
    lang: str | None,
) -> None:
    from_store = names.from_store
    for name, instances in attrs.items():
        if not instances or (wants is not None and not wants(name)):
            continue
        if len(instances) == 1:
            inst = instances[0]
            kind = inst.type
            if not inst.sub and not inst.extra and (lang is None or kind is not _LANGUAGE):
                # What _normalized gives for an instance without sub-attributes or verbatim members.
                type_name, value_key = _WIRE_NAMES[kind]
                value = inst.value if kind is not _VOCAB else _vocab_terms(inst.value, names)
                rendered = {"type": type_name, value_key: value}
                if inst.observed_at is not None:
                    rendered["observedAt"] = inst.observed_at
                if inst.unit_code is not None:
                    rendered["unitCode"] = inst.unit_code
                if inst.dataset_id is not None:
                    rendered["datasetId"] = inst.dataset_id
                if sys_attrs:
                    if inst.created_at is not None:
                        rendered["createdAt"] = inst.created_at
                    if inst.modified_at is not None:
                        rendered["modifiedAt"] = inst.modified_at
                out[from_store(name)] = rendered
                continue
        rendered = render_instances(instances, names, "normalized", sys_attrs=sys_attrs, lang=lang)
        out[from_store(name)] = rendered


def _put_concise(
    out: dict[str, Any],
    attrs: Mapping[str, list[Attribute]],
    names: NameMap,
    *,
    sys_attrs: bool,
    wants: Callable[[str], bool] | None,
    lang: str | None,
) -> None:
    from_store = names.from_store
    for name, instances in attrs.items():
        if not instances or (wants is not None and not wants(name)):
            continue
        if len(instances) == 1:
            inst = instances[0]
            kind = inst.type
            if (
                (kind is _PROPERTY or kind is _GEOPROPERTY)
                and inst.observed_at is None
                and inst.unit_code is None
                and inst.dataset_id is None
                and not inst.sub
                and not inst.extra
                and not (sys_attrs and (inst.created_at is not None or inst.modified_at is not None))
            ):
                value = inst.value  # what _concise gives a bare geometry or a bare non-object value
                if kind is _GEOPROPERTY or not isinstance(value, (dict, list)) or not _objects(value):
                    out[from_store(name)] = value
                    continue
            if lang is None or kind is not _LANGUAGE:
                out[from_store(name)] = _concise(inst, names, sys_attrs, bare_ok=True)
                continue
        rendered = render_instances(instances, names, "concise", sys_attrs=sys_attrs, lang=lang)
        out[from_store(name)] = rendered


def _put_simplified(
    out: dict[str, Any],
    attrs: Mapping[str, list[Attribute]],
    names: NameMap,
    *,
    wants: Callable[[str], bool] | None,
    lang: str | None,
) -> None:
    from_store = names.from_store
    for name, instances in attrs.items():
        if not instances or (wants is not None and not wants(name)):
            continue
        if len(instances) == 1 and instances[0].type in _BARE_KEY_VALUE:
            out[from_store(name)] = instances[0].value  # what _simplified gives for these kinds
        else:
            out[from_store(name)] = render_instances(instances, names, "keyValues", lang=lang)


def render_instances(
    instances: list[Attribute],
    names: NameMap,
    fmt: Format = "normalized",
    *,
    sys_attrs: bool = False,
    lang: str | None = None,
) -> Any:
    """All instances of one attribute: one rendered object, or a list when there are several."""
    if lang is not None:
        instances = [_in_language(i, lang) if i.type is _LANGUAGE else i for i in instances]
    if fmt == "keyValues":  # 4.5.4: wrapped subtype values; several instances as a "dataset" map
        if len(instances) == 1:
            return _simplified(instances[0], names)
        return {"dataset": {i.dataset_id or "@none": _simplified(i, names) for i in instances}}
    if fmt == "concise":
        if len(instances) == 1:
            return _concise(instances[0], names, sys_attrs, bare_ok=True)
        return [_concise(inst, names, sys_attrs, bare_ok=False) for inst in instances]
    if len(instances) == 1:
        return _normalized(instances[0], names, sys_attrs)
    return [_normalized(inst, names, sys_attrs) for inst in instances]


def _simplified(inst: Attribute, names: NameMap) -> Any:
    kind = inst.type
    value = inst.value if kind is not _VOCAB else _vocab_terms(inst.value, names)
    if kind is _LIST_RELATIONSHIP and isinstance(value, list):  # 4.5.4: the bare URIs, in order
        return [v.get("object") if isinstance(v, dict) else v for v in value]
    return {_VALUE_KEY_OF[kind]: value} if kind in _WRAPPED else value


def _wire_value(inst: Attribute, names: NameMap) -> Any:
    """The value as sent: vocabulary terms are names and are compacted like attribute names."""
    return inst.value if inst.type is not _VOCAB else _vocab_terms(inst.value, names)


def _vocab_terms(value: Any, names: NameMap) -> Any:
    """A VocabProperty's value (a stored name or a list of them) in the terms of ``names``."""
    return [names.from_store(x) for x in value] if isinstance(value, list) else names.from_store(value)


def _meta(inst: Attribute, out: dict[str, Any], names: NameMap, sys_attrs: bool, fmt: Format) -> None:
    if inst.observed_at is not None:
        out["observedAt"] = inst.observed_at
    if inst.unit_code is not None:
        out["unitCode"] = inst.unit_code
    if inst.dataset_id is not None:
        out["datasetId"] = inst.dataset_id
    if inst.extra:
        out.update(inst.extra if sys_attrs else without_sys_extras(inst.extra))  # 6.3.11: expiresAt
    if sys_attrs:
        if inst.created_at is not None:
            out["createdAt"] = inst.created_at
        if inst.modified_at is not None:
            out["modifiedAt"] = inst.modified_at
    for sub_name, sub in inst.sub.items():
        key = names.from_store(sub_name)
        if fmt == "concise":
            out[key] = _concise(sub, names, sys_attrs, bare_ok=True)
        else:
            out[key] = _normalized(sub, names, sys_attrs)


def _normalized(inst: Attribute, names: NameMap, sys_attrs: bool) -> dict[str, Any]:
    type_name, value_key = _WIRE_NAMES[inst.type]
    out: dict[str, Any] = {"type": type_name, value_key: _wire_value(inst, names)}
    if (
        inst.observed_at is not None
        or inst.unit_code is not None
        or inst.dataset_id is not None
        or (inst.sub or inst.extra or sys_attrs)
    ):
        _meta(inst, out, names, sys_attrs, "normalized")
    return out


def _concise(inst: Attribute, names: NameMap, sys_attrs: bool, *, bare_ok: bool) -> Any:
    kind = inst.type
    value = _wire_value(inst, names)
    plain = not (
        inst.observed_at is not None
        or inst.unit_code is not None
        or inst.dataset_id is not None
        or inst.sub
        or inst.extra
        or (sys_attrs and (inst.created_at is not None or inst.modified_at is not None))
    )
    if plain and bare_ok:
        if kind is _GEOPROPERTY:
            return value  # a GeoJSON geometry says what it is
        if kind is _PROPERTY and not _objects(value):
            return value
    out: dict[str, Any] = {"value" if kind is _GEOPROPERTY else _VALUE_KEY_OF[kind]: value}
    if not plain:
        _meta(inst, out, names, sys_attrs, "concise")
    return out


def _objects(value: Any) -> bool:
    """Whether a value is an object or an array of objects: bare, it would read back as something else."""
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))


def _in_language(inst: Attribute, lang: str) -> Attribute:
    """With ``lang``, a LanguageProperty is sent as a Property holding one string and its ``lang``."""
    if not isinstance(inst.value, dict) or not inst.value:
        return inst
    tag, text = pick_language(inst.value, lang)
    return replace(inst, type=AttrType.PROPERTY, value=text, extra={**inst.extra, "lang": tag})


def pick_language(language_map: Mapping[str, Any], lang: str) -> tuple[str, Any]:
    """(tag, text) of the languageMap entry best matching ``lang`` (else ``@none``, else the first)."""
    if lang != "*":
        folded = {tag.lower(): tag for tag in language_map}
        for wanted in _ranked_tags(lang):  # 4.15: by q-value; tags compare case-insensitively (RFC 5646)
            if wanted in folded:
                return folded[wanted], language_map[folded[wanted]]
            for low, tag in folded.items():
                if low.split("-")[0] == wanted.split("-")[0]:
                    return tag, language_map[tag]
    if "@none" in language_map:
        return "@none", language_map["@none"]
    return next(iter(language_map.items()))


def _ranked_tags(lang: str) -> list[str]:
    """The lowercase tags of a ``lang`` filter, highest q-value first (list order breaks ties)."""
    ranked: list[tuple[float, int, str]] = []
    for n, item in enumerate(lang.split(",")):
        tag, _, params = item.partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag.strip() and q > 0:
            ranked.append((-q, n, tag.strip().lower()))
    return [tag for _, _, tag in sorted(ranked)]


def render_feature(
    entity: Entity,
    names: NameMap,
    fmt: Format = "normalized",
    *,
    geometry_property: str = "location",
    sys_attrs: bool = False,
    project: Projection = ALL,
    lang: str | None = None,
) -> dict[str, Any]:
    """An entity as a GeoJSON Feature; ``geometry_property`` is a stored name (null when absent)."""
    geometry = None
    inst = entity.attr(geometry_property) or next(iter(entity.instances(geometry_property)), None)
    if inst is not None and inst.type is AttrType.GEOPROPERTY:
        geometry = inst.value
    props = render_entity(entity, names, fmt, sys_attrs=sys_attrs, project=project, lang=lang)
    feature_id = props.pop("id", entity.id)
    return {"id": feature_id, "type": "Feature", "geometry": geometry, "properties": props}


def feature_collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    """GeoJSON FeatureCollection of rendered features."""
    return {"type": "FeatureCollection", "features": features}


# -- input ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _checked_name(name: str) -> str:
    return check_name(name)


_KEYWORD_ALIASES = {"@id": "id", "@type": "type"}


def entity_from_body(data: Any, names: NameMap, *, entity_id: str | None = None) -> Entity:
    """A normalized or concise NGSI-LD entity body as an Entity (``entity_id`` fills or checks ``id``)."""
    if not isinstance(data, dict):
        raise BadRequestData(f"an entity must be a JSON object, got {type(data).__name__}")
    if "@id" in data or "@type" in data:  # 4.4: requests may use the keywords for id and type (TP 404_01)
        data = {_KEYWORD_ALIASES.get(k, k): v for k, v in data.items()}
    raw_id = data.get("id", entity_id)
    if raw_id is None:
        raise BadRequestData("entity has no 'id'")
    if entity_id is not None and raw_id != entity_id:
        raise BadRequestData(f"the body's id {raw_id!r} differs from the id in the path {entity_id!r}")
    if not members.is_entity_uri(raw_id) or raw_id == members.NGSI_LD_NULL:
        raise BadRequestData(f"entity id must be a URI, got {raw_id!r}")
    raw_types = data.get("type")
    if raw_types is None:
        raise BadRequestData(f"entity {raw_id!r} has no 'type'")
    types = entity_types(raw_types, names, raw_id)
    entity = Entity(
        raw_id,
        types,
        attributes_from_body(data, names),
        scope_of(data, raw_id),
        expires_at=entity_expiry(data),
    )
    if LEVEL in entity.attrs:
        level = entity.value(LEVEL)
        if type(level) is str:
            _checked_level(level)  # a city's entities repeat a handful of level names
        else:
            ModelLevel.parse(level)
    return entity


@lru_cache(maxsize=256)
def _checked_level(text: str) -> ModelLevel:
    return ModelLevel.parse(text)


def entity_types(raw: Any, names: NameMap, entity_id: str = "") -> tuple[str, ...]:
    """The ``type`` member (a name or a list of names) as stored type names, duplicates dropped."""
    items = raw if isinstance(raw, list) else [raw]
    if not items or not all(isinstance(t, str) and t for t in items):
        raise BadRequestData(f"entity {entity_id!r}: type must be a string or a list of strings")
    for t in items:
        members.check_type_name(t)
    return tuple(dict.fromkeys(names.to_store(t) for t in items))


def scope_of(data: Mapping[str, Any], entity_id: str = "") -> tuple[str, ...]:
    """The ``scope`` member as a tuple of scopes (each must start with ``/``)."""
    raw = data.get("scope")
    if raw is None:
        return ()
    scope = tuple(raw) if isinstance(raw, list) else (raw,)
    for s in scope:
        if not (isinstance(s, str) and s.startswith("/")):
            raise BadRequestData(f"entity {entity_id!r}: scope {s!r} must start with '/'")
        # 4.18: ScopeLevels are letters, digits or '_' (no empty level, no '-'; TP 418_01).
        if not re.fullmatch(r"(/\w+)+", s):
            raise BadRequestData(f"entity {entity_id!r}: scope {s!r} does not follow the 4.18 Scope grammar")
    return scope


def _checked_store_name(names: NameMap, term: str) -> str:
    name = names.to_store(_checked_name(term))
    _checked_name(name)
    members.check_attribute_name(term, name)
    if name.startswith(RESERVED_PREFIX):
        raise BadRequestData(f"attribute {term!r}: names starting {RESERVED_PREFIX} are reserved")
    return name


# Name maps (LdContext) hash by identity; the wrapper below falls back for one that does not hash.
_cached_store_name = cast(Callable[[NameMap, str], str], lru_cache(maxsize=8192)(_checked_store_name))


def _attribute_name(names: NameMap, term: str) -> str:
    """The checked stored name of an attribute term (cached per name map: bodies repeat their terms)."""
    try:
        return _cached_store_name(names, term)
    except TypeError:  # an unhashable name map
        return _checked_store_name(names, term)


def attributes_from_body(data: Mapping[str, Any], names: NameMap) -> dict[str, list[Attribute]]:
    """Every attribute member of an entity or fragment body, keyed by stored name."""
    attrs: dict[str, list[Attribute]] = {}
    for term, raw in data.items():
        if term in _SKIP_ON_INPUT:
            continue
        name = _attribute_name(names, term)
        if name in attrs:
            raise BadRequestData(f"attribute {term!r} appears twice (as {name!r} after expansion)")
        if type(raw) is dict:
            # The common shape, one normalized instance without sub-attributes, skips two calls; the
            # commonest of all, {"type": "Property", "value": <not null>}, skips three.
            declared = raw.get("type")
            if declared == "Property" and len(raw) == 2 and term != members.PROOF:
                value = raw.get("value")
                if value is not None:
                    attrs[name] = [Attribute(_PROPERTY, value)]
                    continue
            kind = _KINDS.get(declared) if type(declared) is str else None
            if kind is not None and raw.keys() <= _PLAIN_MEMBERS[kind] and term != members.PROOF:
                attrs[name] = [_plain_instance(term, raw, kind, names)]
                continue
        attrs[name] = instances_from_body(term, raw, names)
    location = attrs.get(LOCATION)
    if location and any(i.type is not AttrType.GEOPROPERTY for i in location):
        raise BadRequestData("location is a GeoProperty (4.7.1)")
    return attrs


def instances_from_body(term: str, raw: Any, names: NameMap) -> list[Attribute]:
    """One attribute member: a single instance, or an array of instances told apart by datasetId."""
    if isinstance(raw, list) and raw and all(isinstance(i, dict) for i in raw) and _instances(raw):
        out = [instance_from_body(term, item, names) for item in raw]
        seen: set[str | None] = set()
        for inst in out:
            if inst.dataset_id in seen:
                raise BadRequestData(f"attribute {term!r} has two instances with datasetId {inst.dataset_id}")
            seen.add(inst.dataset_id)
        return out
    return [instance_from_body(term, raw, names)]


def _instances(items: list[dict[str, Any]]) -> bool:
    """Whether an array of objects lists instances (each says its kind) rather than being a value."""
    return all("type" in i or "value" in i or any(k in i for k in _VALUE_KEYS) for i in items)


_PLAIN_MEMBERS = {
    t: frozenset(
        {"type", t.value_key, "observedAt", "datasetId"} | ({"unitCode"} if t.value_key == "value" else set())
    )
    for t in AttrType
}
"""Members of a normalized instance without sub-attributes or verbatim extras (the fast path's shape)."""


def _plain_instance(term: str, raw: dict[str, Any], kind: AttrType, names: NameMap) -> Attribute:
    """A normalized instance whose members are all in ``_PLAIN_MEMBERS[kind]`` (as instance_from_body)."""
    key = _VALUE_KEY_OF[kind]
    if key not in raw:
        raise BadRequestData(f"attribute {term!r} of type {kind.value} has no {key!r} member")
    value = raw[key]
    if kind is _PROPERTY and value is not None and len(raw) == 2:
        return Attribute(kind, value)
    if value is None or kind is not _PROPERTY:
        value = _check_value(term, kind, value, 0)
    if kind is AttrType.VOCAB_PROPERTY:
        value = [names.to_store(v) for v in value] if isinstance(value, list) else names.to_store(value)
    if len(raw) == 2:
        return Attribute(kind, value)
    if raw.get("datasetId") == "@none":  # 4.5.5.1: the default instance, named explicitly
        raw = {k: v for k, v in raw.items() if k != "datasetId"}
    return Attribute(kind, value, *instance_meta(term, raw))


def instance_from_body(term: str, raw: Any, names: NameMap, depth: int = 0) -> Attribute:
    """One attribute instance in normalized or concise form."""
    if depth == 0 and type(raw) is dict:
        # Most instances are {"type": <kind>, "value": ..., maybe unitCode/observedAt/datasetId}.
        declared = raw.get("type")
        kind = _KINDS.get(declared) if type(declared) is str else None
        if kind is not None and raw.keys() <= _PLAIN_MEMBERS[kind] and term != members.PROOF:
            return _plain_instance(term, raw, kind, names)
    if depth > MAX_DEPTH:
        raise BadRequestData(f"attribute {term!r}: sub-attributes nest deeper than {MAX_DEPTH}")
    if raw is None:
        raise BadRequestData(f"attribute {term!r}: a null value is not allowed")
    if not isinstance(raw, dict):
        return Attribute(AttrType.PROPERTY, raw)  # concise: a bare value is a Property
    kind = _kind_of(term, raw)
    if kind is None:
        if raw.get("type") in GEOMETRY_TYPES:
            return Attribute(AttrType.GEOPROPERTY, raw)  # concise GeoProperty: the geometry itself
        return Attribute(AttrType.PROPERTY, raw)  # concise: a compound value without markers
    key = _VALUE_KEY_OF[kind]
    if key not in raw:
        raise BadRequestData(f"attribute {term!r} of type {kind.value} has no {key!r} member")
    members.check_members(term, kind, raw, top=depth == 0)
    value = _check_value(term, kind, raw[key], depth)
    if kind is AttrType.VOCAB_PROPERTY:
        value = [names.to_store(v) for v in value] if isinstance(value, list) else names.to_store(value)
    inst = Attribute(kind, value)
    for member, item in raw.items():
        if member == key or member in _META:
            continue
        if member in _VERBATIM:
            inst.extra[member] = item
            continue
        sub_name = names.to_store(_checked_name(member))
        _checked_name(sub_name)
        inst.sub[sub_name] = instance_from_body(f"{term}.{member}", item, names, depth + 1)
    observed = instance_times(term, raw)
    if observed is not None:
        inst.observed_at = observed
    unit = raw.get("unitCode")
    if unit is not None:
        if not isinstance(unit, str):
            raise BadRequestData(f"attribute {term!r}: unitCode must be a string")
        inst.unit_code = unit
    dataset = raw.get("datasetId")
    if dataset is not None and dataset != "@none":  # 4.5.5.1: "@none" names the default instance
        if not (isinstance(dataset, str) and _URI.match(dataset)):
            raise BadRequestData(f"attribute {term!r}: datasetId must be a URI, got {dataset!r}")
        inst.dataset_id = dataset
    return inst


def _kind_of(term: str, raw: Mapping[str, Any]) -> AttrType | None:
    """The attribute kind an object declares or implies; None when it is a bare (concise) value."""
    declared = raw.get("type")
    if declared is not None:
        kind = _KINDS.get(declared) if isinstance(declared, str) else None
        if kind is not None:
            return kind
        if declared == "VocabularyProperty":
            return AttrType.VOCAB_PROPERTY  # the name some contexts use for the same kind
        if any(k in raw for k in _VALUE_KEYS) or "value" in raw:
            raise BadRequestData(f"attribute {term!r} has unknown type {declared!r}")
        return None
    for key, kind in _VALUE_KEYS.items():
        if key in raw:
            return kind
    if "value" in raw:
        value = raw["value"]
        # Concise input may drop the type of a GeoProperty that carries metadata: its value says it.
        if isinstance(value, dict) and value.get("type") in GEOMETRY_TYPES and "coordinates" in value:
            return AttrType.GEOPROPERTY
        return AttrType.PROPERTY
    return None


def _check_value(term: str, kind: AttrType, value: Any, depth: int) -> Any:
    """The instance's value, checked (and normalized where two encodings are allowed: ``members``)."""
    if value is None:
        raise BadRequestData(f"attribute {term!r}: a null value is not allowed")
    if kind is not _PROPERTY:
        value = members.checked_value(term, kind, value)
    if kind is AttrType.RELATIONSHIP:
        for obj in value if isinstance(value, list) else [value]:
            if not (isinstance(obj, str) and _URI.match(obj)):
                raise BadRequestData(f"relationship {term!r}: object must be a URI, got {obj!r}")
    elif kind is AttrType.GEOPROPERTY:
        if value != NGSI_LD_NULL and not (isinstance(value, dict) and value.get("type") in GEOMETRY_TYPES):
            raise BadRequestData(f"GeoProperty {term!r}: value must be a GeoJSON geometry")
        if depth and value != NGSI_LD_NULL:
            parse_geojson(value, what=f"GeoProperty {term!r}")  # stores validate top-level ones only
    elif kind is AttrType.LANGUAGE_PROPERTY:
        if not isinstance(value, dict) or not all(isinstance(v, str | list) for v in value.values()):
            raise BadRequestData(f"LanguageProperty {term!r}: languageMap must map language tags to strings")
    elif kind is AttrType.VOCAB_PROPERTY:
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(v, str) and v for v in items):
            raise BadRequestData(f"VocabProperty {term!r}: vocab must be a term or a list of terms")
    elif kind in (AttrType.LIST_PROPERTY, AttrType.LIST_RELATIONSHIP) and not isinstance(value, list):
        raise BadRequestData(f"{kind.value} {term!r}: {kind.value_key} must be an array")
    return value
