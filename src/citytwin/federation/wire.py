"""Entities as context sources send them (normalized NGSI-LD with system attributes) → core entities.

A federated query parses every entity it puts on a page, so this is on the hot path. Sources are NGSI-LD
brokers whose answers are well-formed normalized entities; :func:`remote_entity` builds them directly (about
three times faster than the request-body parser) and falls back to that parser, with all its checks, for
anything it does not recognise (concise forms, values without a kind, odd members).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.ngsild.representation import NameMap, entity_from_body

_KINDS = {t.value: (t, t.value_key) for t in AttrType}
_META = frozenset({"type", "observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt", "deletedAt"})
_ENTITY_MEMBERS = frozenset({"id", "type", "scope", "@context", "createdAt", "modifiedAt", "deletedAt"})
# Kept verbatim, as the request parser keeps them (citytwin.ngsild.representation).
_VERBATIM = frozenset(
    {"objectType", "lang", "instanceId", "expiresAt", "entity", "previousValue", "previousObject"}
    | {"previousLanguageMap", "previousVocab", "previousJson", "previousValueList", "previousObjectList"}
)
MAX_DEPTH = 16
_DECODE = msgspec.json.Decoder().decode


class _Head(msgspec.Struct, gc=False):
    """What a merge reads of every entity a source sent: its id and type (other members are skipped)."""

    id: str
    type: Any = None


_HEADS = msgspec.json.Decoder(list[_Head]).decode
_RAWS = msgspec.json.Decoder(list[msgspec.Raw]).decode


@dataclass(slots=True)
class LazyEntity:
    """An entity of a query answer, still JSON: id and type read, the rest decoded only if it is paged.

    A merge of ``limit`` entities from each of n sources keeps ``limit`` of n·limit; decoding only the ids
    (and only the kept entities in full) saves most of the decoding and the objects it makes.
    """

    id: str
    type: Any
    raw: msgspec.Raw

    def decoded(self) -> Any:
        """The entity as decoded JSON."""
        return _DECODE(self.raw)


def lazy_entities(content: bytes) -> list[LazyEntity] | None:
    """A query answer's entities, left as JSON; None unless it is an array of objects with string ids."""
    try:
        heads = _HEADS(content)
        raws = _RAWS(content)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None  # decoded in full, where each problem gets its own warning
    return [LazyEntity(h.id, h.type, r) for h, r in zip(heads, raws, strict=True)]


class _Unusual(Exception):
    """Something the fast path does not handle: parse with the checking parser instead."""


def remote_entity(item: Any, names: NameMap) -> Entity:
    """An entity a source sent, in stored names, with its system times (BadRequestData when malformed)."""
    try:
        return _fast(item, names)
    except _Unusual:
        return _checked(item, names)


def _fast(item: Any, names: NameMap) -> Entity:
    if not isinstance(item, dict):
        raise _Unusual
    raw_types = item.get("type")
    listed = raw_types if isinstance(raw_types, list) else [raw_types]
    if not listed or not all(isinstance(t, str) and t for t in listed):
        raise _Unusual
    entity_id = item.get("id")
    if not isinstance(entity_id, str):
        raise _Unusual
    raw_scope = item.get("scope")
    scope = () if raw_scope is None else tuple(raw_scope) if isinstance(raw_scope, list) else (raw_scope,)
    attrs: dict[str, list[Attribute]] = {}
    for term, raw in item.items():
        if term in _ENTITY_MEMBERS:
            continue
        name = names.to_store(term)
        if name in attrs:
            raise _Unusual
        if isinstance(raw, list):
            attrs[name] = [_instance(x, names, 0) for x in raw]
        else:
            attrs[name] = [_instance(raw, names, 0)]
    return Entity(
        entity_id,
        tuple(dict.fromkeys(names.to_store(str(t)) for t in listed)),
        attrs,
        scope,
        item.get("createdAt"),
        item.get("modifiedAt"),
    )


def _instance(raw: Any, names: NameMap, depth: int) -> Attribute:
    if not isinstance(raw, dict) or depth > MAX_DEPTH:
        raise _Unusual
    found = _KINDS.get(raw.get("type"))  # type: ignore[arg-type]
    if found is None:
        raise _Unusual
    kind, key = found
    value = raw.get(key)
    if value is None:
        raise _Unusual
    if kind is AttrType.VOCAB_PROPERTY:
        value = [names.to_store(v) for v in value] if isinstance(value, list) else names.to_store(value)
    observed = raw.get("observedAt")
    if observed is not None and not isinstance(observed, str):
        raise _Unusual
    unit, dataset = raw.get("unitCode"), raw.get("datasetId")
    created, modified = raw.get("createdAt"), raw.get("modifiedAt")
    inst = Attribute(kind, value, observed, unit, dataset, created, modified)
    known = (observed, unit, dataset, created, modified)
    if len(raw) == 2 + len(known) - known.count(None):
        return inst  # type, value and metadata only: the usual instance, nothing else to look at
    for member, item in raw.items():
        if member == key or member in _META:
            continue
        if member in _VERBATIM:
            inst.extra[member] = item
        else:
            inst.sub[names.to_store(member)] = _instance(item, names, depth + 1)
    return inst


def _checked(item: Any, names: NameMap) -> Entity:
    """The request-body parser's reading of the entity, with the system times it does not keep."""
    entity = entity_from_body(item, names)
    entity.created_at = item.get("createdAt")
    entity.modified_at = item.get("modifiedAt")
    for term, raw in item.items():
        if term in _ENTITY_MEMBERS:
            continue
        raws = raw if isinstance(raw, list) else [raw]
        instances = entity.attrs.get(names.to_store(term), [])
        if len(raws) != len(instances):
            continue
        for inst, src in zip(instances, raws, strict=True):
            if isinstance(src, dict):
                inst.created_at = src.get("createdAt")
                inst.modified_at = src.get("modifiedAt")
    return entity
