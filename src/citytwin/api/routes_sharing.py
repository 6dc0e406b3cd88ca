"""Share agreements over HTTP (docs/sharing.md), and the accounting of consumers' online queries.

* ``GET|POST /sharing/agreements``; ``GET|PUT|DELETE /sharing/agreements/{id}``;
  ``POST /sharing/agreements/{id}/revoke``. Changing agreements needs ``administer`` (ledgered); a consumer
  reads the agreements it is the consumer of (others are 404 to it).
* ``GET /sharing/agreements/{id}/usage``; ``GET /sharing/usage?consumer=KEY`` (per consumer).
* ``POST|GET /sharing/agreements/{id}/exports``; ``GET /sharing/agreements/{id}/exports/{name}``.
* ``POST /sharing/agreements/{id}/subscriptions`` (an NGSI-LD subscription restricted to the scope, in the
  provider tenant, owned by the caller); ``DELETE /sharing/agreements/{id}/subscriptions/{subscriptionId}``.
* ``POST /sharing/agreements/{id}/backflow/sync``; ``GET /sharing/agreements/{id}/backflow/changes``.

:class:`ShareUsage` (ASGI middleware, inside authentication) counts each NGSI-LD read a consumer makes
under an agreement in force: response bytes, entities, a ledger record ``read`` of ``share:<id>`` with the
purpose and request id (the consumer's declared ``X-Purpose``, else the agreement's, which also goes into
the governed read records). ``X-Share-Agreement`` names the agreement when a consumer holds several on one
tenant; otherwise the first by id is charged.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citytwin.core.timeutil import format_instant
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.governance.enforce_context import (
    PermissionDenied,
    RequestContext,
    bind,
    current,
    current_or_system,
    unbind,
)
from citytwin.governance.ledger_writer import data_digest
from citytwin.governance.sharing import RULE_PREFIX, ShareAgreement, subscription_id
from citytwin.governance.sharing_backflow import Backflow
from citytwin.governance.sharing_export import export_file, list_exports, run_export
from citytwin.governance.sharing_monitor import Use
from citytwin.governance.sharing_runtime import SharingRuntime
from citytwin.ngsild.request import BASE, TENANT_HEADER, ld_context, read_json, run

log = logging.getLogger(__name__)
_ENCODE = msgspec.json.Encoder().encode
_ITEMS = msgspec.json.Decoder(list[msgspec.Raw]).decode
_COUNTED = (f"{BASE}/entities", f"{BASE}/temporal/entities")
_QUERY_POST = f"{BASE}/entityOperations/query"
MAX_COUNTED_BODY = 64 << 20
"""Responses larger than this are counted in bytes, not parsed for their entity count."""


def _json(content: Any, status: int = 200) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json")


def _sharing(request: Request) -> SharingRuntime:
    found: SharingRuntime = request.app.state.sharing
    return found


def _administers(request: Request, ctx: RequestContext) -> bool:
    if not ctx.governed:
        return True
    return not _sharing(request).policies.view(ctx.subject, "administer", "").nothing


def _admin(request: Request) -> RequestContext:
    ctx = current_or_system()
    if not _administers(request, ctx):
        raise PermissionDenied(f"{ctx.actor} may not administer share agreements")
    return ctx


async def _visible(request: Request) -> tuple[ShareAgreement, RequestContext, bool]:
    """The path's agreement if the caller administers or is its consumer (404 otherwise), and whether it
    administers."""
    ctx = current_or_system()
    agreement = await run(_sharing(request).agreements.get, request.path_params["agreementId"])
    admin = _administers(request, ctx)
    if not admin and not agreement.consumer.matches(ctx.subject):
        raise ResourceNotFound(f"share agreement {agreement.id} not found")
    return agreement, ctx, admin


def _now(request: Request) -> Any:
    return _sharing(request).clock()


# -- agreements -------------------------------------------------------------------------------------------


async def list_agreements(request: Request) -> Response:
    """GET /sharing/agreements (``provider``, ``consumer`` key, ``state``)."""
    ctx = current_or_system()
    runtime = _sharing(request)
    found = await run(runtime.agreements.all)
    if not _administers(request, ctx):
        found = [a for a in found if a.consumer.matches(ctx.subject)]
    now = _now(request)
    params = request.query_params
    if "provider" in params:
        found = [a for a in found if a.provider == params["provider"]]
    if "consumer" in params:
        found = [a for a in found if a.consumer.key == params["consumer"]]
    if "state" in params:
        found = [a for a in found if a.state(now) == params["state"]]
    return _json([a.to_dict(now) for a in found])


async def _store(request: Request, agreement: ShareAgreement, *, create: bool) -> tuple[ShareAgreement, bool]:
    ctx = _admin(request)
    runtime = _sharing(request)
    stored, created = await run(
        runtime.agreements.put,
        agreement,
        actor=ctx.actor,
        classification=runtime.policies.document_policy.classification,
        create=create,
        request_id=ctx.request_id,
        purpose=ctx.purpose,
    )
    runtime.agreements_changed()
    return stored, created


async def create_agreement(request: Request) -> Response:
    """POST /sharing/agreements: a new agreement (201; 409 when the id exists)."""
    _admin(request)
    agreement = ShareAgreement.from_dict(await read_json(request))
    stored, _ = await _store(request, agreement, create=True)
    return _json(stored.to_dict(_now(request)), status=201)


async def put_agreement(request: Request) -> Response:
    """PUT /sharing/agreements/{id}: create (201) or replace (200)."""
    _admin(request)
    body = await read_json(request)
    agreement_id = request.path_params["agreementId"]
    if not isinstance(body, dict):
        raise BadRequestData("the body must be a share agreement object")
    if body.get("id", agreement_id) != agreement_id:
        raise BadRequestData(f"the body's id {body['id']!r} differs from the path's {agreement_id!r}")
    stored, created = await _store(
        request, ShareAgreement.from_dict({**body, "id": agreement_id}), create=False
    )
    return _json(stored.to_dict(_now(request)), status=201 if created else 200)


async def get_agreement(request: Request) -> Response:
    """GET /sharing/agreements/{id}."""
    agreement, _, _ = await _visible(request)
    return _json(agreement.to_dict(_now(request)))


async def _drop_subscriptions(request: Request, agreement: ShareAgreement) -> None:
    stream = request.app.state.stream
    for sub_id in agreement.subscriptions:
        try:
            await stream.delete(agreement.provider, sub_id)
        except ResourceNotFound:
            continue


async def revoke_agreement(request: Request) -> Response:
    """POST /sharing/agreements/{id}/revoke: grants nothing from now on; its subscriptions are deleted."""
    ctx = _admin(request)
    runtime = _sharing(request)
    agreement = await run(
        runtime.agreements.revoke,
        request.path_params["agreementId"],
        actor=ctx.actor,
        request_id=ctx.request_id,
        purpose=ctx.purpose,
    )
    runtime.agreements_changed()
    await _drop_subscriptions(request, agreement)
    return _json(agreement.to_dict(_now(request)))


async def delete_agreement(request: Request) -> Response:
    """DELETE /sharing/agreements/{id} (204); its ledger records stay."""
    ctx = _admin(request)
    runtime = _sharing(request)
    agreement = await run(runtime.agreements.get, request.path_params["agreementId"])
    await run(
        runtime.agreements.delete,
        agreement.id,
        actor=ctx.actor,
        request_id=ctx.request_id,
        purpose=ctx.purpose,
    )
    runtime.agreements_changed()
    await _drop_subscriptions(request, agreement)
    return Response(status_code=204)


# -- usage ------------------------------------------------------------------------------------------------


async def agreement_usage(request: Request) -> Response:
    """GET /sharing/agreements/{id}/usage: counters, last use, recent uses, anomalies."""
    agreement, _, _ = await _visible(request)
    return _json(await run(_sharing(request).monitor.usage, agreement))


async def consumer_usage(request: Request) -> Response:
    """GET /sharing/usage: per consumer (``consumer`` names one key; default: every consumer)."""
    _admin(request)
    runtime = _sharing(request)
    agreements = await run(runtime.agreements.all)
    wanted = request.query_params.get("consumer")
    keys = sorted({a.consumer.key for a in agreements if wanted is None or a.consumer.key == wanted})
    if wanted is not None and not keys:
        raise ResourceNotFound(f"no share agreement has the consumer {wanted}")
    return _json([await run(runtime.monitor.consumer_usage, key, agreements) for key in keys])


# -- exports ----------------------------------------------------------------------------------------------


async def start_export(request: Request) -> Response:
    """POST /sharing/agreements/{id}/exports (optional body ``{"formats": [...]}``): export now (201)."""
    agreement, ctx, _ = await _visible(request)
    formats: tuple[str, ...] | None = None
    if await request.body():
        body = await read_json(request)
        raw = body.get("formats") if isinstance(body, dict) else None
        if raw is not None:
            if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
                raise BadRequestData("formats must be a list of gpkg, csv, ndjson")
            from citytwin.governance.sharing import ExportPlan

            formats = ExportPlan.from_dict({"formats": raw}).formats
    runtime = _sharing(request)
    result = await run(
        run_export,
        runtime.store,
        runtime.policies,
        agreement,
        runtime.export_dir,
        actor=ctx.actor,
        monitor=runtime.monitor,
        formats=formats,
        request_id=ctx.request_id,
        clock=runtime.clock,
    )
    return _json(result.to_dict(), status=201)


async def exports(request: Request) -> Response:
    """GET /sharing/agreements/{id}/exports: the manifests, newest first."""
    agreement, _, _ = await _visible(request)
    return _json(await run(list_exports, _sharing(request).export_dir, agreement.id))


async def download(request: Request) -> Response:
    """GET /sharing/agreements/{id}/exports/{name}: one file (ledgered as a download while in force)."""
    agreement, ctx, _ = await _visible(request)
    runtime = _sharing(request)
    if not agreement.in_force(runtime.clock()):
        raise ResourceNotFound(f"share agreement {agreement.id} is not in force")
    path: Path = await run(export_file, runtime.export_dir, agreement.id, request.path_params["name"])
    size = path.stat().st_size
    use = Use(
        "download",
        0,
        size,
        ctx.actor,
        runtime.clock(),
        request_id=ctx.request_id,
        purpose=ctx.purpose,
        detail=path.name,
    )
    await run(runtime.monitor.record, agreement, use)
    return FileResponse(path, filename=path.name)


# -- subscriptions ----------------------------------------------------------------------------------------


def _scope_subscription(agreement: ShareAgreement, body: dict[str, Any], sub_id: str) -> dict[str, Any]:
    """The NGSI-LD subscription of a consumer restricted to the agreement's scope."""
    endpoint = body.get("endpoint")
    if not isinstance(endpoint, dict):
        raise BadRequestData("a subscription under an agreement needs an endpoint object")
    out: dict[str, Any] = {
        "id": sub_id,
        "type": "Subscription",
        "description": f"share agreement {agreement.id}: {agreement.purpose}",
        "expiresAt": format_instant(agreement.expires_at),
    }
    types = list(agreement.scope.types)
    if types:
        out["entities"] = [{"type": t} for t in types]
    watched = body.get("watchedAttributes")
    if watched is not None:
        out["watchedAttributes"] = watched
    if not types and watched is None:
        raise BadRequestData("the agreement names no entity types: give watchedAttributes")
    area = agreement.scope.area or {}
    codes = [str(c) for c in area.get("admin_codes", ()) if str(c).isdigit()]
    filters = []
    if codes:
        filters.append("(" + "|".join(f'adminCode~="^{c}"' for c in codes) + ")")
    if isinstance(body.get("q"), str) and body["q"].strip():
        filters.append(f"({body['q']})")
    if filters:
        out["q"] = ";".join(filters)
    if area.get("polygon") is not None and not codes:
        out["geoQ"] = {
            "georel": "intersects",
            "geometry": area["polygon"]["type"],
            "coordinates": area["polygon"]["coordinates"],
        }
    notification: dict[str, Any] = {"endpoint": endpoint}
    if agreement.scope.attributes:
        notification["attributes"] = list(agreement.scope.attributes)
    for key in ("format", "showChanges", "sysAttrs"):
        if key in body:
            notification[key] = body[key]
    out["notification"] = notification
    for key in ("notificationTrigger", "throttling"):
        if key in body:
            out[key] = body[key]
    return out


async def create_subscription(request: Request) -> Response:
    """POST /sharing/agreements/{id}/subscriptions: subscription push under the agreement (201)."""
    agreement, ctx, _ = await _visible(request)
    runtime = _sharing(request)
    if "subscription" not in agreement.modes:
        raise BadRequestData(f"share agreement {agreement.id} does not include the subscription mode")
    if not agreement.in_force(runtime.clock()):
        raise ResourceNotFound(f"share agreement {agreement.id} is not in force")
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadRequestData("the body must be an object with an endpoint")
    sub_id = subscription_id(agreement.id)
    payload = _scope_subscription(agreement, body, sub_id)
    ld = await ld_context(request)
    # Listed under the agreement first, so that what it notifies from its first change on is counted.
    updated = await run(
        runtime.agreements.set_subscriptions, agreement.id, (*agreement.subscriptions, sub_id)
    )
    try:
        await request.app.state.stream.create(agreement.provider, payload, ld)
    except BaseException:
        await run(runtime.agreements.set_subscriptions, agreement.id, agreement.subscriptions)
        raise
    runtime.agreements_changed()
    use = Use(
        "subscribe",
        0,
        0,
        ctx.actor,
        runtime.clock(),
        request_id=ctx.request_id,
        purpose=ctx.purpose,
        attributes=(sub_id,),
        detail=sub_id,
    )
    await run(runtime.monitor.record, updated, use)
    return _json({"id": sub_id, "subscription": payload}, status=201)


async def delete_subscription(request: Request) -> Response:
    """DELETE /sharing/agreements/{id}/subscriptions/{subscriptionId} (204)."""
    agreement, _, _ = await _visible(request)
    sub_id = request.path_params["subscriptionId"]
    if sub_id not in agreement.subscriptions:
        raise ResourceNotFound(f"subscription {sub_id} not found")
    runtime = _sharing(request)
    with contextlib.suppress(ResourceNotFound):
        await request.app.state.stream.delete(agreement.provider, sub_id)
    left = tuple(s for s in agreement.subscriptions if s != sub_id)
    await run(runtime.agreements.set_subscriptions, agreement.id, left)
    runtime.agreements_changed()
    return Response(status_code=204)


# -- backflow ---------------------------------------------------------------------------------------------


async def backflow_sync(request: Request) -> Response:
    """POST /sharing/agreements/{id}/backflow/sync: a backflow batch now."""
    ctx = _admin(request)
    runtime = _sharing(request)
    agreement = await run(runtime.agreements.get, request.path_params["agreementId"])
    if not agreement.in_force(runtime.clock()):
        raise ResourceNotFound(f"share agreement {agreement.id} is not in force")
    return _json(await run(runtime.sync_now, agreement, ctx))


async def backflow_changes(request: Request) -> Response:
    """GET /sharing/agreements/{id}/backflow/changes: copies changed at the district since backflow."""
    agreement, _, _ = await _visible(request)
    runtime = _sharing(request)
    flow = Backflow(runtime.store, runtime.policies, agreement, clock=runtime.clock)
    return _json(await run(flow.diverged))


def sharing_routes() -> list[Route]:
    """The routes of this module."""
    one = "/sharing/agreements/{agreementId}"
    return [
        Route("/sharing/agreements", list_agreements, methods=["GET"]),
        Route("/sharing/agreements", create_agreement, methods=["POST"]),
        Route("/sharing/usage", consumer_usage, methods=["GET"]),
        Route(f"{one}/usage", agreement_usage, methods=["GET"]),
        Route(f"{one}/revoke", revoke_agreement, methods=["POST"]),
        Route(f"{one}/exports", start_export, methods=["POST"]),
        Route(f"{one}/exports", exports, methods=["GET"]),
        Route(f"{one}/exports/{{name}}", download, methods=["GET"]),
        Route(f"{one}/subscriptions", create_subscription, methods=["POST"]),
        Route(f"{one}/subscriptions/{{subscriptionId}}", delete_subscription, methods=["DELETE"]),
        Route(f"{one}/backflow/sync", backflow_sync, methods=["POST"]),
        Route(f"{one}/backflow/changes", backflow_changes, methods=["GET"]),
        Route(one, get_agreement, methods=["GET"]),
        Route(one, put_agreement, methods=["PUT"]),
        Route(one, delete_agreement, methods=["DELETE"]),
    ]


# -- accounting of online queries -------------------------------------------------------------------------


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            text: str = value.decode("utf-8", "replace").strip()
            return text
    return ""


def count_entities(body: bytes) -> int:
    """Entities in an NGSI-LD read's JSON answer: an array's items, a FeatureCollection's features, or 1."""
    if not body:
        return 0
    if body.lstrip()[:1] == b"[":
        try:
            return len(_ITEMS(body))
        except msgspec.DecodeError:
            return 0
    try:
        data = msgspec.json.decode(body)
    except msgspec.DecodeError:
        return 0
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        return len(data["features"])
    return 1 if isinstance(data, dict) and "id" in data else 0


class ShareUsage:
    """ASGI middleware: charges consumers' NGSI-LD reads to their agreements (module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def _agreement(self, scope: Scope, ctx: RequestContext) -> ShareAgreement | None:
        runtime: SharingRuntime | None = getattr(scope["app"].state, "sharing", None)
        if runtime is None or not runtime.policies.agreements:
            return None
        tenant = _header(scope, TENANT_HEADER.lower().encode())
        found = runtime.policies.agreements_for(ctx.subject, "query", tenant)
        if not found:
            return None
        named = _header(scope, b"x-share-agreement")
        return next((a for a in found if a.id == named), found[0])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        method: str = scope["method"]
        counted = (method == "GET" and path.startswith(_COUNTED)) or (
            method == "POST" and path == _QUERY_POST
        )
        ctx = current() if counted else None
        agreement = self._agreement(scope, ctx) if ctx is not None and ctx.governed else None
        if agreement is None or ctx is None:
            await self.app(scope, receive, send)
            return
        if not ctx.purpose:  # the governed read records carry the agreement's purpose
            ctx = replace(ctx, purpose=agreement.purpose)
        token = bind(ctx)
        status = 0
        size = 0
        digest = hashlib.sha256()
        chunks: list[bytes] = []

        async def sending(message: Message) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = int(message["status"])
            elif message["type"] == "http.response.body":
                body: bytes = message.get("body", b"")
                size += len(body)
                digest.update(body)
                if size <= MAX_COUNTED_BODY:
                    chunks.append(body)
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            unbind(token)
        if 200 <= status < 300:
            runtime: SharingRuntime = scope["app"].state.sharing
            entities = count_entities(b"".join(chunks)) if size <= MAX_COUNTED_BODY else 0
            query = scope.get("query_string", b"").decode("latin-1")
            use = Use(
                "query",
                entities,
                size,
                ctx.actor,
                runtime.clock(),
                request_id=ctx.request_id,
                purpose=ctx.purpose,
                digest=digest.hexdigest(),
                detail=data_digest([path, query]),
            )
            try:
                await run(runtime.monitor.record, agreement, use)
            except CitytwinError as err:  # the answer is sent; a counting failure is logged, not raised
                log.error("share usage of %s not recorded: %s", agreement.id, err.detail)


__all__ = ["RULE_PREFIX", "ShareUsage", "count_entities", "sharing_routes"]
