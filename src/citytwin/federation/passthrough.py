"""Entities one source alone answered, rendered straight from its JSON (no core entity in between).

A federated page is mostly entities that exactly one source holds. The full path parses each into a core
:class:`~citytwin.core.entities.Entity` (:func:`~citytwin.federation.wire.remote_entity`) and renders it
again (:func:`~citytwin.ngsild.representation.render_entity`); when the source answered in the client's own
@context, that round trip changes little: system attributes the client did not ask for go, names and
vocabulary terms are compacted again, a one-instance array becomes the instance. :func:`renderer` does just
that on the decoded JSON, and gives up (None: the full path decides) on anything the full path would treat
in another way: whatever :func:`~citytwin.federation.wire.remote_entity` does not take on its fast path, an
entity the core model refuses, a ``lang`` choice, and (the caller's part) any merge, guard or registration
that cuts attributes.

Two readings: an entity whose instances are all plain (a value and metadata, no sub-attribute, no null) is
decoded into typed structs that keep every value as raw JSON, so a geometry or a JSON value is copied, never
decoded and encoded again; any other is decoded in full and walked member by member.

Formats: normalized and keyValues here; concise and GeoJSON always take the full path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgspec
from msgspec import UNSET, Raw, UnsetType

from citytwin.core.entities import AttrType, Entity
from citytwin.errors import CitytwinError
from citytwin.federation.wire import MAX_DEPTH, LazyEntity
from citytwin.ngsild.representation import ALL, Format, NameMap, Projection

_META = frozenset({"type", "observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt", "deletedAt"})
_KINDS = {t.value: (t, t.value_key, _META | {t.value_key}) for t in AttrType}
"""Kind name → kind, its value member, and the members of a plain instance of it."""
_NULLABLE = ("observedAt", "unitCode", "datasetId", "createdAt", "modifiedAt")
_ENTITY_MEMBERS = frozenset({"id", "type", "scope", "@context", "createdAt", "modifiedAt", "deletedAt"})
_INSTANCE_META = ("observedAt", "unitCode", "datasetId")
_SYSTEM = ("createdAt", "modifiedAt")
# Members of an instance kept verbatim (as citytwin.federation.wire keeps them); others are sub-attributes.
_VERBATIM = frozenset(
    {"objectType", "lang", "instanceId", "expiresAt", "entity", "previousValue", "previousObject"}
    | {"previousLanguageMap", "previousVocab", "previousJson", "previousValueList", "previousObjectList"}
)
_PASSED_FORMATS = frozenset({"normalized"})  # keyValues wraps subtypes and dataset maps (4.5.4): full path

Rendered = dict[str, Any]
Render = Callable[[dict[str, Any] | LazyEntity], Rendered | None]


@dataclass(frozen=True, slots=True)
class Rendering:
    """How the route renders a page: format, ``sysAttrs``, projection (attrs / pick / omit) and ``lang``."""

    fmt: Format = "normalized"
    sys_attrs: bool = False
    project: Projection = ALL
    lang: str | None = None

    @property
    def passes(self) -> bool:
        """Whether entities may be rendered from a source's JSON at all in this form."""
        return self.fmt in _PASSED_FORMATS


# -- the typed reading: plain instances decoded into structs, values left as raw JSON ---------------------


class _Plain(
    msgspec.Struct, kw_only=True, tag_field="type", forbid_unknown_fields=True, omit_defaults=True, gc=False
):
    """An attribute instance with a value and metadata only (anything else fails to decode)."""

    observedAt: str | UnsetType = UNSET  # noqa: N815 (the NGSI-LD member names)
    unitCode: str | UnsetType = UNSET  # noqa: N815
    datasetId: str | UnsetType = UNSET  # noqa: N815
    createdAt: str | UnsetType = UNSET  # noqa: N815
    modifiedAt: str | UnsetType = UNSET  # noqa: N815


class _Property(_Plain, tag="Property"):
    value: Raw


class _Relationship(_Plain, tag="Relationship"):
    object: Raw


class _GeoProperty(_Plain, tag="GeoProperty"):
    value: Raw


class _LanguageProperty(_Plain, tag="LanguageProperty"):
    languageMap: Raw  # noqa: N815


class _VocabProperty(_Plain, tag="VocabProperty"):
    vocab: str | list[str]


class _JsonProperty(_Plain, tag="JsonProperty"):
    json: Raw


class _ListProperty(_Plain, tag="ListProperty"):
    valueList: Raw  # noqa: N815


class _ListRelationship(_Plain, tag="ListRelationship"):
    objectList: Raw  # noqa: N815


_Instance = (
    _Property
    | _Relationship
    | _GeoProperty
    | _LanguageProperty
    | _VocabProperty
    | _JsonProperty
    | _ListProperty
    | _ListRelationship
)
_VALUE_OF: dict[type[_Plain], str] = {
    _Property: "value",
    _Relationship: "object",
    _GeoProperty: "value",
    _LanguageProperty: "languageMap",
    _VocabProperty: "vocab",
    _JsonProperty: "json",
    _ListProperty: "valueList",
    _ListRelationship: "objectList",
}
_TYPED = msgspec.json.Decoder(dict[str, str | list[str | _Instance] | _Instance]).decode
_TYPED_ERRORS = (msgspec.DecodeError, msgspec.ValidationError)
_NULL = Raw(b"null")


class _Unusual(Exception):
    """Something the pass-through does not render as the full path would: take the full path."""


def renderer(names: NameMap, rendering: Rendering) -> Render:
    """Renders one entity a source sent in ``names`` (the client's @context) the way the full path would.

    The result equals ``render_entity(remote_entity(item, names), names, ...)`` as JSON; None when the entity
    is anything but the usual well-formed normalized entity (the full path then parses it, with its checks
    and warnings).
    """
    compact: dict[str, str] = {}
    """Term → its stored name's term: what the full path makes of a name (cached for the request)."""
    stored: dict[str, str] = {}
    """Term → its stored name."""

    def term(name: str) -> str:
        out = compact.get(name)
        if out is None:
            if type(name) is not str:
                raise _Unusual
            store = names.to_store(name)
            stored[name] = store
            out = compact[name] = names.from_store(store)
        return out

    walk = _Walker(term, compact, stored, rendering)

    typed = rendering.lang is None and rendering.project == ALL

    def render(item: dict[str, Any] | LazyEntity) -> Rendered | None:
        if isinstance(item, LazyEntity):
            if typed:
                try:
                    return walk.typed(item.raw)
                except _Unusual:
                    pass  # the general walk below decides
            data, fresh = item.decoded(), True  # a fresh decode: its dicts may be reused in the answer
        else:
            data, fresh = item, False  # may be shared (an answer cache): copied where changed
        try:
            return walk.entity(data, fresh)
        except _Unusual:
            return None

    return render


class _Walker:
    """The walk over one entity's JSON (state shared by every entity of a request)."""

    def __init__(
        self,
        term: Callable[[str], str],
        compact: dict[str, str],
        stored: dict[str, str],
        rendering: Rendering,
    ) -> None:
        self.term = term
        self.compact = compact
        self.stored = stored
        self.rendering = rendering
        self.key_values = rendering.fmt == "keyValues"
        self.sys_attrs = rendering.sys_attrs and not self.key_values
        self.lang = rendering.lang
        self.everything = rendering.project == ALL
        # Members a plain instance loses on the way (when present); null metadata goes too.
        self.drop = ("deletedAt",) if self.sys_attrs else ("createdAt", "modifiedAt", "deletedAt")

    def entity(self, data: Any, fresh: bool) -> Rendered:
        """The entity from its decoded JSON, whatever its instances hold."""
        if type(data) is not dict:
            raise _Unusual
        project = self.rendering.project
        everything = self.everything
        term = self.term
        out = self._head(data)
        seen: set[str] = set()
        instance = self.instance
        for key, raw in data.items():
            if key in _ENTITY_MEMBERS:
                continue
            name = term(key)
            if name in seen:
                raise _Unusual  # two terms of one attribute: the full path's checking parser decides
            seen.add(name)
            if type(raw) is list and len(raw) != 1:
                rendered: Any = [instance(i, fresh, 0) for i in raw]
                if not rendered:
                    continue
            else:
                rendered = instance(raw[0] if type(raw) is list else raw, fresh, 0)
            if everything or project.wants(self.stored[key]):
                out[name] = rendered
        return out

    def typed(self, raw: Raw) -> Rendered:
        """The entity when every instance is plain (no sub-attributes, no null metadata): values stay raw.

        Without ``lang`` and projection only; _Unusual otherwise (the general walk decides then).
        """
        try:
            data: dict[str, Any] = _TYPED(raw)
        except _TYPED_ERRORS:
            raise _Unusual from None
        out = self._head(data)
        known = self.compact.get
        term = self.term
        value_of = _VALUE_OF.get
        key_values, sys_attrs = self.key_values, self.sys_attrs
        for key, value in data.items():
            if key in _ENTITY_MEMBERS:
                continue
            name = known(key) or term(key)
            if name in out:
                raise _Unusual  # two terms of one attribute (or of a member): the full path decides
            if type(value) is list:
                if len(value) != 1:
                    if value:
                        out[name] = [self._plain(i) for i in value]
                    continue
                inst = value[0]
            else:
                inst = value
            field = value_of(type(inst))
            if field is None or field == "vocab" or (sys_attrs and not key_values):
                out[name] = self._plain(inst)
                continue
            got = getattr(inst, field)
            if got == _NULL:
                raise _Unusual  # a null value: the full path refuses it
            if key_values:
                out[name] = got
            else:
                inst.createdAt = UNSET
                inst.modifiedAt = UNSET
                out[name] = inst
        return out

    def _plain(self, inst: Any) -> Any:
        cls = type(inst)
        key = _VALUE_OF.get(cls)
        if key is None:
            raise _Unusual  # a string where an instance belongs
        if cls is _VocabProperty:
            vocab = inst.vocab
            inst.vocab = [self.term(v) for v in vocab] if type(vocab) is list else self.term(vocab)
        elif getattr(inst, key) == _NULL:
            raise _Unusual  # a null value: the full path refuses it
        if self.key_values:
            return getattr(inst, key)
        if not self.sys_attrs:
            inst.createdAt = UNSET
            inst.modifiedAt = UNSET
        return inst

    def _head(self, data: dict[str, Any]) -> Rendered:
        """id, type, scope and (with sysAttrs) the system times, as the full path renders them."""
        term = self.term
        entity_id = data.get("id")
        raw_types = data.get("type")
        listed: list[Any] = raw_types if type(raw_types) is list else [raw_types]
        if not listed or not all(type(t) is str and t for t in listed) or type(entity_id) is not str:
            raise _Unusual
        compacted = [term(t) for t in dict.fromkeys(listed)]
        types = tuple(dict.fromkeys(self.stored[t] for t in listed))
        try:
            Entity(entity_id, types)  # the core model's checks of the id and the type names
        except CitytwinError:
            raise _Unusual from None
        project = self.rendering.project
        everything = self.everything
        out: Rendered = {}
        if everything or project.wants_member("id"):
            out["id"] = entity_id
        if everything or project.wants_member("type"):
            if len(compacted) != len(types):  # distinct terms of one stored type: it is shown once
                compacted = [self._from_store_type(s, listed) for s in types]
            out["type"] = compacted[0] if len(compacted) == 1 else compacted
        scope = data.get("scope")
        if scope is not None and (everything or project.wants_member("scope")):
            if type(scope) is list:
                if not all(type(s) is str for s in scope):
                    raise _Unusual
                if scope:
                    out["scope"] = scope[0] if len(scope) == 1 else scope
            elif type(scope) is str:
                out["scope"] = scope
            else:
                raise _Unusual
        if self.sys_attrs:
            for member in _SYSTEM:
                value = data.get(member)
                if value and (everything or project.wants_member(member)):
                    if type(value) is not str:
                        raise _Unusual
                    out[member] = value
        return out

    def _from_store_type(self, store: str, listed: list[str]) -> str:
        for t in listed:
            if self.stored[t] == store:
                return self.term(t)
        raise _Unusual  # pragma: no cover - every stored type came from a listed term

    def instance(self, raw: Any, fresh: bool, depth: int) -> Any:
        """One attribute instance: rendered (normalized) or its value (keyValues); _Unusual when odd."""
        if type(raw) is not dict or depth > MAX_DEPTH:
            raise _Unusual
        kind_name = raw.get("type")
        found = _KINDS.get(kind_name) if type(kind_name) is str else None
        if found is None:
            raise _Unusual
        kind, key, plain = found
        value = raw.get(key)
        if value is None:
            raise _Unusual
        if kind is AttrType.VOCAB_PROPERTY:
            value = [self.term(v) for v in value] if type(value) is list else self.term(value)
        elif kind is AttrType.LANGUAGE_PROPERTY and self.lang is not None:
            raise _Unusual  # with lang the value is chosen from the map: the full path does that
        observed = raw.get("observedAt")
        if observed is not None and type(observed) is not str:
            raise _Unusual
        if raw.keys() <= plain:  # type, value and metadata only: the usual instance
            if self.key_values:
                return value
            out = raw if fresh else dict(raw)
            if kind is AttrType.VOCAB_PROPERTY:
                out[key] = value
            if len(out) > 2:
                for member in self.drop:
                    out.pop(member, None)
                if None in out.values():
                    for member in _NULLABLE:
                        if member in out and out[member] is None:
                            del out[member]
            return out
        subs: list[tuple[str, Any]] = []
        extra: list[tuple[str, Any]] = []
        for member, item in raw.items():
            if member == key or member in _META:
                continue
            if member in _VERBATIM:
                if member == "expiresAt":
                    raise _Unusual  # a system member shown with sysAttrs only: the full path decides
                extra.append((member, item))
            else:
                subs.append((self.term(member), self.instance(item, fresh, depth + 1)))
        if len({s for s, _ in subs}) != len(subs):
            raise _Unusual  # two terms of one sub-attribute
        if self.key_values:
            return value
        rendered: Rendered = {"type": kind.value, key: value}
        for member in _INSTANCE_META:
            got = raw.get(member)
            if got is not None:
                rendered[member] = got
        rendered.update(extra)
        if self.sys_attrs:
            for member in _SYSTEM:
                got = raw.get(member)
                if got is not None:
                    rendered[member] = got
        rendered.update(subs)
        return rendered
