"""NGSI-LD entity and attribute endpoints (ETSI GS CIM 009 clauses 6.4 to 6.7).

Every write passes ``history=True`` so written instances land in attribute history (the temporal API reads
them). Operations that remove attributes read the entity, drop what goes and replace it without history
(a removal is no new value), then merge what changes with history. The replace is guarded by the entity's
``modified`` time (:mod:`citytwin.ngsild.guarded`): a write that came in between is kept, and the removal
applied again to the state it left. Each removed instance is recorded as a deletion in history (see
:mod:`citytwin.ngsild.temporal_window`).

Every operation on one entity takes ``type`` (a type expression: 404 when the entity's types do not match
it) and ``local``. Merge also takes ``options=keyValues`` / ``concise`` bodies, ``observedAt`` (the time
for merged instances that had one and get none), ``lang`` (a string merged into a LanguageProperty's
languageMap under that tag), and ``jsonKeys`` / ``expandValues`` (which simplified values are JSON or
vocabulary terms).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from types import MappingProxyType
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.entities import Attribute, AttrType, Entity, entity_expiry
from citytwin.core.geometry import GEOMETRY_TYPES
from citytwin.core.query import TypeExpr
from citytwin.core.timeutil import format_instant, parse_instant
from citytwin.core.typeexpr import parse_types
from citytwin.errors import BadRequestData, InvalidRequest, ResourceNotFound
from citytwin.federation import distributed, writes
from citytwin.ngsild import linked, members
from citytwin.ngsild.guarded import rewrite
from citytwin.ngsild.representation import (
    NGSI_LD_NULL,
    Projection,
    attributes_from_body,
    entity_from_body,
    entity_types,
    instance_from_body,
    render_entity,
    render_feature,
    scope_of,
)
from citytwin.ngsild.request import (
    BASE,
    GEO_JSON,
    Call,
    begin,
    bool_param,
    entity_location,
    no_content,
    parse_options,
    services,
    split_list,
)
from citytwin.ngsild.routes_query import join_from_params, joined, shape_from_params
from citytwin.ngsild.temporal_window import SCOPE_SERIES, deletion_markers

READ_OPTIONS = frozenset({"normalized", "concise", "keyValues", "simplified", "sysAttrs"})
MERGE_OPTIONS = frozenset({"normalized", "concise", "keyValues", "simplified"})


# -- merge semantics --------------------------------------------------------------------------------------


def is_null(inst: Attribute) -> bool:
    """Whether an instance carries the NGSI-LD Null (in a merge: delete it)."""
    value = inst.value
    if value in (NGSI_LD_NULL, [NGSI_LD_NULL]):
        return True
    return isinstance(value, dict) and value.get("@none") == NGSI_LD_NULL and len(value) == 1


def merge_patch(old: Any, patch: Any) -> Any:
    """RFC 7396 merge of a compound Property value (5.5.12): given keys win, NGSI-LD Null keys are removed."""
    if not isinstance(patch, dict):
        return patch
    out = dict(old) if isinstance(old, dict) else {}
    for key, value in patch.items():
        if value == NGSI_LD_NULL:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def merge_instance(
    old: Attribute | None, new: Attribute, observed_at: str | None = None, *, patch_values: bool = False
) -> Attribute:
    """NGSI-LD merge of one instance: given members win, others stay; Null sub-attributes are removed.

    ``observed_at`` (the ``observedAt`` parameter) replaces the old ``observedAt`` of an instance the body
    gives none. ``patch_values`` (a merge, 5.5.12): a compound Property value is merge-patched (RFC 7396).
    """
    if patch_values and new.type is AttrType.PROPERTY and isinstance(new.value, dict):
        base = old.value if old is not None and old.type is AttrType.PROPERTY else None
        new = replace(new, value=merge_patch(base, new.value))
    if old is None:
        return replace(new, sub={k: s for k, s in new.sub.items() if not is_null(s)})
    sub = dict(old.sub)
    for name, s in new.sub.items():
        if is_null(s):
            sub.pop(name, None)
        else:
            sub[name] = merge_instance(old.sub.get(name), s)
    kept_time = old.observed_at if observed_at is None or old.observed_at is None else observed_at
    return replace(
        new,
        observed_at=new.observed_at if new.observed_at is not None else kept_time,
        unit_code=new.unit_code if new.unit_code is not None else old.unit_code,
        sub=sub,
        extra={**old.extra, **new.extra},
    )


def plan_merge(
    old: Entity, attrs: dict[str, list[Attribute]], observed_at: str | None = None
) -> tuple[dict[str, list[Attribute]], list[tuple[str, str | None]]]:
    """Split a merge patch into merged instances to write and (name, datasetId) instances to delete."""
    writes: dict[str, list[Attribute]] = {}
    deletes: list[tuple[str, str | None]] = []
    for name, instances in attrs.items():
        for inst in instances:
            if is_null(inst):
                deletes.append((name, inst.dataset_id))
            else:
                current = old.attr(name, inst.dataset_id)
                merged = merge_instance(current, inst, observed_at, patch_values=True)
                writes.setdefault(name, []).append(merged)
    return writes, deletes


def without(entity: Entity, deletes: list[tuple[str, str | None]], *, every: bool = False) -> Entity:
    """A copy of ``entity`` lacking the named instances (``every``: all instances of each name)."""
    attrs = {name: list(insts) for name, insts in entity.attrs.items()}
    for name, dataset_id in deletes:
        kept = [] if every else [i for i in attrs.get(name, []) if i.dataset_id != dataset_id]
        if kept:
            attrs[name] = kept
        else:
            attrs.pop(name, None)
    return replace(entity, attrs=attrs)


def replaced_away(old: Entity, new: Entity) -> list[tuple[str, str | None]]:
    """What replacing ``old`` by ``new`` removes, as :func:`deletion_markers` takes it: the instances ``new``
    leaves out, and the scope when ``new`` has none (clause 4.5.6)."""
    gone = [(n, i.dataset_id) for n, i in old.iter_instances() if new.attr(n, i.dataset_id) is None]
    if old.scope and not new.scope:
        gone.append((SCOPE_SERIES, None))
    return gone


async def apply_changes(
    call: Call,
    old: Entity,
    writes: dict[str, list[Attribute]],
    deletes: list[tuple[str, str | None]] | None = None,
    *,
    types: tuple[str, ...] = (),
    scope: tuple[str, ...] = (),
    every: bool = False,
    expires_at: str | None = None,
) -> None:
    """Remove ``deletes`` (recorded as deletions), then merge ``writes`` (with history) into the entity."""
    if deletes:
        old = await call.run(rewrite, call.store, old, lambda e: without(e, deletes, every=every))
    if writes or types or scope or expires_at:
        patch = Entity(old.id, types or old.types, writes, scope, expires_at=expires_at)
        await call.run(call.store.merge, patch, history=True)
    if deletes:
        markers = deletion_markers(old, now(call), deletes, every=every)
        if markers:
            await call.run(call.store.append_history, markers)
    call.wrote()


def now(call: Call) -> datetime:
    """The store's clock: the time deletions are recorded at."""
    return services(call.request).store.clock()


# -- the type and representation parameters ---------------------------------------------------------------


def type_filter(call: Call) -> TypeExpr:
    """The ``type`` parameter of a one-entity operation as a type expression (empty when absent)."""
    raw = call.request.query_params.get("type")
    if raw is None:
        return ()
    if not raw.strip():
        raise BadRequestData("type must not be empty")
    return parse_types(raw, expand=call.ctx.to_store)


def check_type(entity: Entity, expr: TypeExpr, call: Call) -> None:
    """404 when ``type`` was given and the entity's types do not match it (as if it did not exist)."""
    if expr and not any(group <= set(entity.types) for group in expr):
        raw = call.request.query_params.get("type")
        raise ResourceNotFound(f"entity {entity.id} has no type matching {raw!r}")


async def existing(call: Call, entity_id: str) -> Entity:
    """The stored entity (404 when missing or when the ``type`` parameter does not match it)."""
    entity = await call.run(call.store.get, entity_id)
    check_type(entity, type_filter(call), call)
    return entity


# -- entities ---------------------------------------------------------------------------------------------


_ENTITY_ID = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_NO_PARAMS: Mapping[str, str] = MappingProxyType({})
_NO_JOIN = linked.parse_join(None, None, None)
"""``join`` / ``joinLevel`` / ``containedBy`` all absent."""


def _entity_id(request: Request) -> str:
    entity_id: str = request.path_params["entity_id"]
    if not _ENTITY_ID.match(entity_id):  # a malformed id: 400 (ETSI TP 018_02)
        raise BadRequestData(f"entity id must be a URI, got {entity_id!r}")
    return entity_id


async def create_entity(request: Request) -> Response:
    """POST /entities: 201 with Location, 409 AlreadyExists when the id is taken."""
    call = await begin(request, body=True, write=True)
    entity = entity_from_body(call.body, call.ctx)
    members.reject_nulls(entity.attrs, entity.scope)
    await call.run(call.store.create, entity, history=True)
    call.wrote()
    return Response(status_code=201, headers={"Location": entity_location(entity.id)})


async def retrieve_entity(request: Request) -> Response:
    """GET /entities/{id} in the negotiated representation (JSON, JSON-LD, GeoJSON Feature).

    ``join`` / ``joinLevel`` / ``containedBy`` add linked entities to JSON bodies (:mod:`.linked`).
    """
    call = await begin(request, geo=True)
    params: Mapping[str, str]
    if request.scope.get("query_string"):
        params = request.query_params
        if "geometryProperty" in params and call.media != GEO_JSON:  # 5.7.1.4 (ETSI TP 5711_01_02)
            raise BadRequestData("geometryProperty needs Accept: application/geo+json")
        opts = parse_options(request, allowed=READ_OPTIONS)
        join = join_from_params(params)
        form = shape_from_params(params, call.ctx, join)  # pick=rel{...} shapes linked entities (4.5.23)
    else:  # most reads name no parameter: what parsing an empty query gives, without parsing it
        params, opts, join, form = _NO_PARAMS, parse_options(request), _NO_JOIN, linked.FULL
    proj = form.project
    # Merged with matching context sources when any is registered; else exactly the local read.
    entity, extra = await distributed.entity_or_local(call, _entity_id(request), proj.attrs)
    if "type" in params:
        check_type(entity, type_filter(call), call)
    lang = params.get("lang")
    if call.media == GEO_JSON:
        geometry = call.ctx.to_store(params.get("geometryProperty") or "location")
        body: dict[str, Any] = render_feature(
            entity,
            call.ctx,
            opts.format,
            geometry_property=geometry,
            sys_attrs=opts.sys_attrs,
            project=proj,
            lang=lang,
        )
    elif join.enabled:

        def render(found: Entity, shown: Projection) -> dict[str, Any]:
            fmt, sys_attrs = opts.format, opts.sys_attrs
            return render_entity(found, call.ctx, fmt, sys_attrs=sys_attrs, project=shown, lang=lang)

        # join=flat: the entity alone while nothing is linked, else an array (ETSI TP 018_10, 018_14)
        joined_body = await joined(call, [entity], form, join, render)
        return call.respond(joined_body if len(joined_body) > 1 else joined_body[0], headers=extra or None)
    else:
        body = render_entity(entity, call.ctx, opts.format, sys_attrs=opts.sys_attrs, project=proj, lang=lang)
        if not body:  # pick/omit left no member (ETSI TP 018_19)
            raise ResourceNotFound(f"entity {entity.id} has no member left after pick/omit")
    return call.respond(body, headers=extra or None)


async def replace_entity(request: Request) -> Response:
    """PUT /entities/{id}: replace every attribute (the body's id, if any, must match)."""
    call = await begin(request, body=True, write=True)
    entity = entity_from_body(call.body, call.ctx, entity_id=_entity_id(request))
    members.reject_nulls(entity.attrs, entity.scope)
    old = await existing(call, entity.id)
    # Guarded: the deletions recorded are those of the state this write replaced, not of an older read.
    old = await call.run(rewrite, call.store, old, lambda _: entity, history=True)
    gone = replaced_away(old, entity)
    if gone:  # what the new state leaves out was deleted
        await call.run(call.store.append_history, deletion_markers(old, now(call), gone))
    call.wrote()
    return no_content()


async def merge_entity(request: Request) -> Response:
    """PATCH /entities/{id}: NGSI-LD merge (types add up, the Null deletes, sub-attributes merge)."""
    call = await begin(request, body=True, write=True)
    entity_id = _entity_id(request)
    body = _fragment(call.body, entity_id)
    opts = parse_options(request, allowed=MERGE_OPTIONS)
    params = request.query_params
    observed_at = params.get("observedAt")
    if observed_at is not None:
        observed_at = format_instant(parse_instant(observed_at))
    old = await existing(call, entity_id)
    types = entity_types(body["type"], call.ctx, entity_id) if "type" in body else ()
    if opts.format == "keyValues":
        attrs = simplified_attributes(body, old, call)
    else:
        attrs = attributes_from_body(body, call.ctx)
    lang = params.get("lang")
    if lang is not None:
        attrs = {name: [_language_merge(old, name, i, lang) for i in insts] for name, insts in attrs.items()}
    writes, deletes = plan_merge(old, attrs, observed_at)
    expires_at = entity_expiry(body)  # 4.22: a merge may move a transient entity's expiry
    scope = scope_of(body, entity_id)
    await apply_changes(call, old, writes, deletes, types=types, scope=scope, expires_at=expires_at)
    return no_content()


def simplified_attributes(body: dict[str, Any], old: Entity, call: Call) -> dict[str, list[Attribute]]:
    """A keyValues merge body: each member is a value; an existing attribute keeps its kind.

    New attributes are Properties (a GeoJSON geometry: a GeoProperty), JsonProperties when named in
    ``jsonKeys`` and VocabProperties when named in ``expandValues``. A string for a LanguageProperty is its
    text in the ``lang`` language (``@none`` without it).
    """
    params = call.request.query_params
    json_keys = {call.ctx.to_store(k) for k in split_list(params.get("jsonKeys"))}
    vocab_keys = {call.ctx.to_store(k) for k in split_list(params.get("expandValues"))}
    lang = params.get("lang") or "@none"
    out: dict[str, list[Attribute]] = {}
    for term, given in body.items():
        if term in ("id", "type", "scope", "@context"):
            continue
        name = call.ctx.to_store(term)
        value = given
        if value is None:
            raise BadRequestData(f"attribute {term!r}: a null value is not allowed (use {NGSI_LD_NULL})")
        if value == NGSI_LD_NULL:
            out[name] = [Attribute(AttrType.PROPERTY, NGSI_LD_NULL)]  # the merge Null: delete it
            continue
        current = old.attr(name)
        if name in json_keys:
            kind = AttrType.JSON_PROPERTY
        elif name in vocab_keys:
            kind = AttrType.VOCAB_PROPERTY
        elif current is not None:
            kind = current.type
        elif isinstance(value, dict) and value.get("type") in GEOMETRY_TYPES:
            kind = AttrType.GEOPROPERTY
        else:
            kind = AttrType.PROPERTY
        if kind is AttrType.LANGUAGE_PROPERTY and isinstance(value, str):
            known = current.value if current is not None and isinstance(current.value, dict) else {}
            value = {**known, lang: value}
        out[name] = [instance_from_body(term, {"type": kind.value, kind.value_key: value}, call.ctx)]
    return out


def _language_merge(old: Entity, name: str, inst: Attribute, lang: str) -> Attribute:
    """With ``lang``, a string for an existing LanguageProperty updates its languageMap under that tag."""
    current = old.attr(name, inst.dataset_id)
    if current is None or current.type is not AttrType.LANGUAGE_PROPERTY:
        return inst
    if inst.type is AttrType.PROPERTY and isinstance(inst.value, str) and inst.value != NGSI_LD_NULL:
        known = current.value if isinstance(current.value, dict) else {}
        return replace(inst, type=AttrType.LANGUAGE_PROPERTY, value={**known, lang: inst.value})
    return inst


async def delete_entity(request: Request) -> Response:
    """DELETE /entities/{id} (its attribute history is kept)."""
    call = await begin(request, write=True)
    old = await existing(call, _entity_id(request))
    await call.run(call.store.delete, old.id)
    markers = deletion_markers(old, now(call))
    if markers:
        await call.run(call.store.append_history, markers)
    return no_content()


def _fragment(body: Any, entity_id: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BadRequestData(f"the body must be a JSON object, got {type(body).__name__}")
    if "id" in body and body["id"] != entity_id:
        raise BadRequestData(f"the body's id {body['id']!r} differs from the id in the path {entity_id!r}")
    return body


# -- attributes -------------------------------------------------------------------------------------------


def update_result(updated: list[str], not_updated: list[tuple[str, str]]) -> dict[str, Any]:
    """The NGSI-LD UpdateResult body of a 207 answer."""
    return {
        "updated": updated,
        "notUpdated": [{"attributeName": name, "reason": reason} for name, reason in not_updated],
    }


async def append_attrs(request: Request) -> Response:
    """POST /entities/{id}/attrs: add or overwrite attributes; ``options=noOverwrite`` keeps existing ones."""
    call = await begin(request, body=True, write=True)
    entity_id = _entity_id(request)
    opts = parse_options(request, allowed={"noOverwrite"})
    body = _fragment(call.body, entity_id)
    attrs = attributes_from_body(body, call.ctx)
    members.reject_nulls(attrs, scope_of(body, entity_id))
    old = await existing(call, entity_id)
    skipped: list[tuple[str, str]] = []
    if opts.has("noOverwrite"):
        for name in [n for n, insts in attrs.items() if any(old.attr(n, i.dataset_id) for i in insts)]:
            del attrs[name]
            skipped.append((call.ctx.from_store(name), "attribute exists and options=noOverwrite"))
    types = entity_types(body["type"], call.ctx, entity_id) if "type" in body else ()
    scope = scope_of(body, entity_id)
    if scope and opts.has("noOverwrite"):  # 4.18: without overwrite the scopes add up (ETSI TP 010_07)
        scope = tuple(dict.fromkeys((*old.scope, *scope)))
    await apply_changes(call, old, attrs, types=types, scope=scope)
    if skipped:
        return call.respond(update_result([call.ctx.from_store(n) for n in attrs], skipped), status=207)
    return no_content()


async def update_attrs(request: Request) -> Response:
    """PATCH /entities/{id}/attrs: update existing attributes; absent ones are reported in a 207."""
    call = await begin(request, body=True, write=True)
    entity_id = _entity_id(request)
    body = _fragment(call.body, entity_id)
    attrs = attributes_from_body(body, call.ctx)
    _reject_nested_nulls(attrs)
    types = entity_types(body["type"], call.ctx, entity_id) if "type" in body else ()
    scope = scope_of(body, entity_id)
    old = await existing(call, entity_id)
    # 5.5.8: an instance with a new datasetId is added to an attribute that exists.
    present = {n: insts for n, insts in attrs.items() if old.instances(n)}
    missing = [(call.ctx.from_store(n), "attribute does not exist") for n in attrs if n not in present]
    # An instance given as the NGSI-LD Null is deleted (as in a merge).
    nulls = [(n, i.dataset_id) for n, insts in present.items() for i in insts if is_null(i)]
    writes = {n: kept for n, insts in present.items() if (kept := [i for i in insts if not is_null(i)])}
    if scope and not old.scope:  # 4.18: an update replaces a scope, it adds none (ETSI TP 011_05)
        missing.append(("scope", "the entity has no scope to update"))
        scope = ()
    new_types = tuple(t for t in types if t not in old.types)  # 4.16: types add up (ETSI TP 011_06)
    await apply_changes(
        call, old, writes, nulls, types=(*old.types, *new_types) if new_types else (), scope=scope
    )
    if missing:
        return call.respond(update_result([call.ctx.from_store(n) for n in present], missing), status=207)
    return no_content()


def _reject_nested_nulls(attrs: dict[str, list[Attribute]]) -> None:
    """5.5.4: outside a merge the NGSI-LD Null may replace a whole attribute, never a key inside a value."""
    for name, instances in attrs.items():
        if any(not is_null(i) and members.holds_nested_null(i.value) for i in instances):
            raise BadRequestData(f"attribute {name!r}: the NGSI-LD Null inside a value is for merges only")


def _attr(request: Request, call: Call) -> tuple[str, str]:
    term: str = request.path_params["attr_id"]
    if term.startswith("@"):  # a JSON-LD keyword names no attribute (ETSI TP 055_03_03)
        raise BadRequestData(f"{term!r} is not a valid attribute name")
    return term, call.ctx.to_store(term)


def _target(old: Entity, name: str, term: str, dataset_id: str | None) -> Attribute:
    inst = old.attr(name, dataset_id)
    if inst is None:
        which = f" with datasetId {dataset_id}" if dataset_id else ""
        raise ResourceNotFound(f"entity {old.id} has no attribute {term!r}{which}")
    return inst


async def partial_update_attr(request: Request) -> Response:
    """PATCH /entities/{id}/attrs/{attrId}: update members of one instance (the body's datasetId picks it)."""
    call = await begin(request, body=True, write=True)
    term, name = _attr(request, call)
    body = call.body
    if not isinstance(body, dict):
        raise BadRequestData("the body must be a JSON object with the members to update")
    body = {k: v for k, v in body.items() if k != "@context"}  # the JSON-LD body's context, not a member
    if term == "scope":  # 5.6.4.4
        raise BadRequestData("scope cannot be the target of a partial attribute update")
    dataset_id = body.get("datasetId")
    if dataset_id == NGSI_LD_NULL:  # 5.5.8: a datasetId cannot be deleted
        raise BadRequestData("a datasetId cannot be set to the NGSI-LD Null")
    old = await existing(call, _entity_id(request))
    current = _target(old, name, term, dataset_id)
    given = _partial(term, current, body, call)
    _reject_nested_nulls({term: [given]})
    if is_null(given):  # the NGSI-LD Null deletes the instance
        await apply_changes(call, old, {}, [(name, dataset_id)])
        return no_content()
    merged = merge_instance(current, given)
    await apply_changes(call, old, {name: [merged]})
    return no_content()


def _partial(term: str, current: Attribute, body: dict[str, Any], call: Call) -> Attribute:
    """The instance a partial update describes: members absent from the body come from ``current``."""
    declares_value = "type" in body or any(k in body for k in _VALUE_MEMBERS)
    if declares_value:
        return instance_from_body(term, body, call.ctx)
    # Only metadata or sub-attributes: keep the kind and value and parse the rest around them.
    kind, value = current.type, current.value
    if kind is AttrType.VOCAB_PROPERTY:  # stored terms; the parser maps wire terms, so compact them first
        value = (
            [call.ctx.from_store(v) for v in value] if isinstance(value, list) else call.ctx.from_store(value)
        )
    return instance_from_body(term, {**body, "type": kind.value, kind.value_key: value}, call.ctx)


_VALUE_MEMBERS = ("value", "object", "languageMap", "vocab", "json", "valueList", "objectList")


async def replace_attr(request: Request) -> Response:
    """PUT /entities/{id}/attrs/{attrId}: replace one existing instance (picked by the body's datasetId)."""
    call = await begin(request, body=True, write=True)
    term, name = _attr(request, call)
    if term == "scope":  # 5.6.19: scope is not an attribute to replace (ETSI TP 055_03_05)
        raise BadRequestData("scope cannot be the target of a replace attribute")
    old = await existing(call, _entity_id(request))
    inst = instance_from_body(term, call.body, call.ctx)
    members.reject_nulls({term: [inst]})
    _target(old, name, term, inst.dataset_id)
    await apply_changes(call, old, {name: [inst]})
    return no_content()


async def delete_attr(request: Request) -> Response:
    """DELETE /entities/{id}/attrs/{attrId}: one instance (``datasetId``) or all (``deleteAll=true``)."""
    call = await begin(request, write=True)
    term, name = _attr(request, call)
    params = request.query_params
    delete_all = bool_param(request, "deleteAll")
    dataset_id = params.get("datasetId")
    if dataset_id is not None and ":" not in dataset_id:
        raise InvalidRequest(f"datasetId must be a URI, got {dataset_id!r}")
    old = await existing(call, _entity_id(request))
    if term == "scope" and not old.instances(name):  # 5.6.5.4: remove the scope
        if not old.scope:
            raise ResourceNotFound(f"entity {old.id} has no scope")
        old = await call.run(rewrite, call.store, old, lambda e: replace(e, scope=()))
        # the scope's temporal evolution ends here (TP 020_19)
        await call.run(call.store.append_history, deletion_markers(old, now(call), [("scope", None)]))
        call.wrote()
        return no_content()
    if delete_all:
        if not old.instances(name):
            raise ResourceNotFound(f"entity {old.id} has no attribute {term!r}")
    else:
        _target(old, name, term, dataset_id)
    await apply_changes(call, old, {}, [(name, dataset_id)], every=delete_all)
    return no_content()


def entity_routes() -> list[Route]:
    """Routes of the entity and attribute endpoints (collection paths also answer with a trailing slash)."""
    e = f"{BASE}/entities"
    one = e + "/{entity_id:path}"
    attr = one + "/attrs/{attr_id:path}"
    return [
        # Writes go to context sources where registrations say so (citytwin.federation.writes).
        Route(attr, writes.distributed(partial_update_attr, "updateAttrs"), methods=["PATCH"]),
        Route(attr, writes.distributed(replace_attr, "replaceAttrs"), methods=["PUT"]),
        Route(attr, writes.distributed(delete_attr, "deleteAttrs"), methods=["DELETE"]),
        Route(one + "/attrs", writes.distributed(append_attrs, "appendAttrs"), methods=["POST"]),
        Route(one + "/attrs", writes.distributed(update_attrs, "updateEntity"), methods=["PATCH"]),
        Route(e, writes.distributed(create_entity, "createEntity"), methods=["POST"]),
        Route(one, retrieve_entity, methods=["GET"]),
        Route(one, writes.distributed(replace_entity, "replaceEntity"), methods=["PUT"]),
        Route(one, writes.distributed(merge_entity, "mergeEntity"), methods=["PATCH"]),
        Route(one, writes.distributed(delete_entity, "deleteEntity"), methods=["DELETE"]),
    ]
