"""Notification payloads (ETSI GS CIM 009 clause 5.3.1): the entities of changes, rendered per subscription.

Each changed entity is rendered the way the subscription asks (format, attributes / pick / omit, sysAttrs,
lang, GeoJSON) and compacted with its @context; ``showChanges`` adds ``previousValue`` (``previousObject``,
``previousLanguageMap`` ...) to updated attributes; a deleted attribute is sent with the NGSI-LD Null as its
value and a deleted entity with ``deletedAt`` and every attribute nulled. Rendered items are cached as JSON
bytes by (change, rendering), so subscriptions that render alike share the work, and a notification body is
spliced from them without encoding twice.
"""

from __future__ import annotations

import random
import uuid
from collections import OrderedDict
from dataclasses import replace
from typing import Any

import msgspec

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.events import ChangeKind
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.representation import NGSI_LD_NULL, render_entity, render_feature
from citytwin.ngsild.request import TENANT_HEADER
from citytwin.stream.changes import Change
from citytwin.stream.delivery import Message
from citytwin.stream.matching import CompiledSubscription

JSON = "application/json"
JSON_LD = "application/ld+json"
GEO_JSON = "application/geo+json"
PREVIOUS = {
    "value": "previousValue",
    "object": "previousObject",
    "languageMap": "previousLanguageMap",
    "vocab": "previousVocab",
    "json": "previousJson",
    "valueList": "previousValueList",
    "objectList": "previousObjectList",
}
_ENCODE = msgspec.json.Encoder().encode
_DELETES = frozenset({"attributeDeleted", "entityUpdated"})


def _wire(inst: Attribute, ctx: LdContext) -> Any:
    if inst.type is AttrType.VOCAB_PROPERTY:
        v = inst.value
        return [ctx.from_store(x) for x in v] if isinstance(v, list) else ctx.from_store(v)
    return inst.value


def _value_key(inst: Attribute, fmt: str) -> str:
    if fmt == "concise" and inst.type is AttrType.GEOPROPERTY:
        return "value"
    return inst.type.value_key


def _nulled(
    sub: CompiledSubscription, instances: list[Attribute], deleted_at: str, *, entity_gone: bool = False
) -> Any:
    """A deleted attribute: the NGSI-LD Null as value (and the previous one with showChanges).

    A whole attribute deleted is one nulled instance (its values are gone, whichever datasetIds they had),
    unless showChanges asks for the previous value of each. A LanguageProperty deleted on its own is nulled
    as ``{"@none": null}`` (a languageMap); with the whole entity, its languageMap itself is the Null.
    """
    fmt = sub.fmt
    if fmt == "keyValues":
        return NGSI_LD_NULL
    if len(instances) > 1 and not sub.show_changes:
        instances = [next((i for i in instances if i.dataset_id is None), instances[0])]
    return _one_or_many([_null_item(sub, inst, deleted_at, entity_gone) for inst in instances])


def _null_item(
    sub: CompiledSubscription, inst: Attribute, deleted_at: str, entity_gone: bool
) -> dict[str, Any]:
    fmt = sub.fmt
    key = _value_key(inst, fmt)
    item: dict[str, Any] = {"type": inst.type.value} if fmt == "normalized" else {}
    language = inst.type is AttrType.LANGUAGE_PROPERTY and not entity_gone
    item[key] = {"@none": NGSI_LD_NULL} if language else NGSI_LD_NULL
    if sub.show_changes:
        item[PREVIOUS[inst.type.value_key]] = _wire(inst, sub.render_ctx)
    if inst.dataset_id is not None:
        item["datasetId"] = inst.dataset_id
    if sub.sys_attrs:
        if inst.created_at is not None:
            item["createdAt"] = inst.created_at
        if inst.modified_at is not None:
            item["modifiedAt"] = inst.modified_at
        item["deletedAt"] = deleted_at
    return item


def _one_or_many(items: list[Any]) -> Any:
    return items[0] if len(items) == 1 else items


def _with_previous(
    sub: CompiledSubscription, rendered: Any, now: list[Attribute], before: list[Attribute]
) -> Any:
    """Rendered instances of an updated attribute with their previous values added (matched by datasetId)."""
    items = [rendered] if len(now) == 1 else list(rendered)
    out = []
    for inst, item in zip(now, items, strict=True):
        prev = next((p for p in before if p.dataset_id == inst.dataset_id), None)
        if prev is None:
            out.append(item)
            continue
        # A concise bare value becomes an object so that it can carry the previous value.
        changed = dict(item) if isinstance(item, dict) else {_value_key(inst, sub.fmt): item}
        changed[PREVIOUS[prev.type.value_key]] = _wire(prev, sub.render_ctx)
        out.append(changed)
    return out[0] if len(now) == 1 else out


def _with_dropped(
    sub: CompiledSubscription, rendered: Any, now: list[Attribute], dropped: list[Attribute], at: str
) -> Any:
    """An attribute that lost instances (by datasetId): its remaining instances and the deleted ones nulled.

    In keyValues, instances told apart by datasetId are a ``{"dataset": {datasetId | "@none": value}}`` map.
    """
    if sub.fmt == "keyValues":
        dataset = {inst.dataset_id or "@none": _wire(inst, sub.render_ctx) for inst in now}
        dataset.update({inst.dataset_id or "@none": NGSI_LD_NULL for inst in dropped})
        return {"dataset": dataset}
    items = [rendered] if len(now) == 1 else list(rendered)
    return [*items, *(_null_item(sub, inst, at, False) for inst in dropped)]


def only_datasets(entity: Entity, datasets: frozenset[str | None]) -> Entity:
    """The entity with only the attribute instances of these datasetIds (``None``: the default one)."""
    attrs = {}
    for name, instances in entity.attrs.items():
        kept = [i for i in instances if i.dataset_id in datasets]
        if kept:
            attrs[name] = kept
    return replace(entity, attrs=attrs)


def _datasets_by_id(props: dict[str, Any], entity: Entity, sub: CompiledSubscription) -> None:
    """keyValues: an attribute with several instances is ``{"dataset": {datasetId | "@none": value}}``
    (clause 4.5.3; ``dataset`` is an @index container in the core @context)."""
    for name, instances in entity.attrs.items():
        term = sub.render_ctx.from_store(name)
        if len(instances) > 1 and isinstance(props.get(term), list):
            values = props[term]
            props[term] = {
                "dataset": {i.dataset_id or "@none": v for i, v in zip(instances, values, strict=True)}
            }


def finish_item(out: dict[str, Any], sub: CompiledSubscription) -> dict[str, Any]:
    """A JSON-LD receiver gets the @context with each entity, as in any JSON-LD entity body."""
    if sub.endpoint.accept == JSON_LD:
        out["@context"] = sub.render_ctx.body_context()
    return out


def render_item(change: Change, sub: CompiledSubscription) -> dict[str, Any]:
    """One element of a notification's ``data`` for this change (a Feature for GeoJSON receivers)."""
    ctx, fmt, project = sub.render_ctx, sub.fmt, sub.project
    if change.kind is ChangeKind.DELETED:
        return finish_item(_deleted(change, sub), sub)
    entity = change.entity
    assert entity is not None
    previous = change.previous
    if sub.datasets is not None:
        entity = only_datasets(entity, sub.datasets)
        previous = None if previous is None else only_datasets(previous, sub.datasets)
    if sub.endpoint.accept == GEO_JSON:
        out = render_feature(entity, ctx, fmt, sys_attrs=sub.sys_attrs, project=project, lang=sub.lang)
        props: dict[str, Any] = out["properties"]
    else:
        out = props = render_entity(entity, ctx, fmt, sys_attrs=sub.sys_attrs, project=project, lang=sub.lang)
    if fmt == "keyValues":
        _datasets_by_id(props, entity, sub)
    if previous is not None:
        for name in change.updated:
            term = ctx.from_store(name)
            if not (project.wants(name) and term in props and name in previous.attrs):
                continue
            now, before = entity.attrs[name], previous.attrs[name]
            if sub.show_changes and fmt != "keyValues":
                props[term] = _with_previous(sub, props[term], now, before)
            kept = {i.dataset_id for i in now}
            dropped = [i for i in before if i.dataset_id not in kept]
            if dropped and not sub.triggers.isdisjoint(_DELETES):
                props[term] = _with_dropped(sub, props[term], now, dropped, change.at)
        for name in change.deleted:
            if project.wants(name) and name in previous.attrs:
                props[ctx.from_store(name)] = _nulled(sub, previous.attrs[name], change.at)
    return finish_item(out, sub)


def _deleted(change: Change, sub: CompiledSubscription) -> dict[str, Any]:
    """A deleted entity: id, type, ``deletedAt`` (and createdAt / modifiedAt with sysAttrs, in any format).

    Its attributes come nulled when showChanges asks for their previous values, or when the notification is
    an attributeDeleted one (only the watched attributes then, unless entityDeleted is asked for too).
    """
    ctx, project = sub.render_ctx, sub.project
    before = change.previous
    assert before is not None
    if sub.datasets is not None:
        before = only_datasets(before, sub.datasets)
    types = [ctx.from_store(t) for t in change.types]
    out: dict[str, Any] = {"id": change.entity_id, "type": types[0] if len(types) == 1 else types}
    if before.scope:
        out["scope"] = before.scope[0] if len(before.scope) == 1 else list(before.scope)
    if sub.sys_attrs:
        if before.created_at:
            out["createdAt"] = before.created_at
        if before.modified_at:
            out["modifiedAt"] = before.modified_at
    out["deletedAt"] = change.at
    triggers = sub.triggers
    if sub.show_changes or "attributeDeleted" in triggers:
        only = sub.watched if "entityDeleted" not in triggers else None
        for name, instances in before.attrs.items():
            if instances and project.wants(name) and (only is None or name in only):
                out[ctx.from_store(name)] = _nulled(sub, instances, change.at, entity_gone=True)
    if sub.endpoint.accept == GEO_JSON:
        fid = out.pop("id")
        return {"id": fid, "type": "Feature", "geometry": None, "properties": out}
    return out


def render_current(entity: Entity, sub: CompiledSubscription) -> dict[str, Any]:
    """An entity's current state as a data element (periodic notifications)."""
    if sub.datasets is not None:
        entity = only_datasets(entity, sub.datasets)
    if sub.endpoint.accept == GEO_JSON:
        return render_feature(entity, sub.render_ctx, sub.fmt, sys_attrs=sub.sys_attrs, project=sub.project,
                              lang=sub.lang)  # fmt: skip
    out = render_entity(entity, sub.render_ctx, sub.fmt, sys_attrs=sub.sys_attrs, project=sub.project,
                        lang=sub.lang)  # fmt: skip
    if sub.fmt == "keyValues":
        _datasets_by_id(out, entity, sub)
    return finish_item(out, sub)


class RenderCache:
    """Rendered items as JSON bytes by (change, rendering): alike subscriptions render each change once."""

    def __init__(self, size: int = 200_000) -> None:
        self.size = size
        self._items: OrderedDict[tuple[int, int, int], bytes] = OrderedDict()

    def item(self, change: Change, sub: CompiledSubscription, variant: int = 0) -> bytes:
        """The encoded data element of ``change`` for ``sub``; ``variant`` names how the change was filtered
        for the subscription's owner (0: not at all), so owners who see alike share the rendering."""
        if not change.seq:  # not from the log (no stable identity): nothing to share
            return _ENCODE(render_item(change, sub))
        key = (change.seq, sub.render_key, variant)
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = _ENCODE(render_item(change, sub))
            if len(self._items) > self.size:
                self._items.popitem(last=False)
        return found


def notification_id() -> str:
    """A fresh notification id (a random UUID from the process's generator: no system call per id; the
    generator is reseeded in a forked child)."""
    return f"urn:ngsi-ld:Notification:{uuid.UUID(int=random.getrandbits(128), version=4)}"


def notification_message(
    sub: CompiledSubscription, items: list[bytes], notified_at: str, ident: str | None = None
) -> Message:
    """The notification (id, subscriptionId, notifiedAt, data) with its content type and headers."""
    accept = sub.endpoint.accept
    head: dict[str, Any] = {
        "id": ident or notification_id(),
        "type": "Notification",
        "subscriptionId": sub.id,
        "notifiedAt": notified_at,
    }
    headers: dict[str, str] = {}
    if accept == JSON_LD:
        head["@context"] = sub.render_ctx.body_context()
    else:
        headers["Link"] = sub.render_ctx.link_header()
    if sub.tenant:
        headers[TENANT_HEADER] = sub.tenant
    joined = b",".join(items)
    data = (
        b'{"type":"FeatureCollection","features":[' + joined + b"]}"
        if accept == GEO_JSON
        else b"[" + joined + b"]"
    )
    body = _ENCODE(head)[:-1] + b',"data":' + data + b"}"
    return Message(body, accept, headers)
