"""HTTP routes of the IoT side: telemetry ingest, bulk device registration, dead letters, health, types.

``POST /iot/telemetry[?device=CODE]``  JSON (one reading, an array, or ``{"readings": [...]}``) or NDJSON
    (``application/x-ndjson``, one payload per line). Answers **200** after the durable write with
    ``{accepted, rejected, values, duplicates, deadLetters}``: readings that fail validation are dead letters,
    not request failures. **400** when the body cannot be parsed at all (nothing is written), 415 for
    another media type.
``POST /iot/devices[?verifyTwins=false]``  bulk registration from JSON, NDJSON or CSV (``text/csv``);
    200 with ``{registered, created, updated, failed, errors, codes}``.
``GET /iot/devices[?type=&state=&limit=&offset=]``, ``GET /iot/devices/{code}``  the registry's view.
``GET /iot/health``  devices per state; ``POST /iot/health/sweep`` runs a sweep now.
``GET /iot/deadletters[?reason=&device=&limit=&offset=]``, ``GET /iot/deadletters/{id}``,
``POST /iot/deadletters/replay[?reason=&device=]``, ``DELETE /iot/deadletters[?reason=&device=]``.
``GET /iot/types``  the device type catalogue.

The tenant is the ``NGSILD-Tenant`` header, as for the NGSI-LD API. The policy decides per request subject:
telemetry needs ``write`` on every twin and device it updates (403, nothing written), registering devices
``write`` on the ``Device`` type in each device's area (and on the Device twin as stored, for one registered
again; 403, nothing written); device listings, one device and the health counts show only the devices whose
Device twin the subject reads (one device it cannot read is 404; hidden attributes are left out of the
registry's view and masked ones masked); dead-letter routes and a health sweep need ``administer`` in the
tenant.
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.api.problems import UnsupportedMediaType
from citytwin.core.codes import device_code
from citytwin.core.timeutil import format_instant, from_micros
from citytwin.errors import BadRequestData, CitytwinError, InvalidRequest, ResourceNotFound
from citytwin.governance.enforce_routes import RouteGuard, request_guard, shown
from citytwin.ingest.iot.deadletter import REASONS
from citytwin.ingest.iot.device_access import (
    DEVICE_FIELDS,
    check_registration,
    readable_devices,
    require_device,
)
from citytwin.ingest.iot.health import STATES
from citytwin.ingest.iot.pipeline import Prepared, RawMessage
from citytwin.ingest.iot.registration import DEVICE_TYPE, detect_format, read_rows
from citytwin.ingest.iot.registry import DeviceRecord
from citytwin.ingest.iot.service import IoTService
from citytwin.ngsild.request import bool_param, int_param, run, tenant_name

_ENCODE = msgspec.json.Encoder().encode
JSON_TYPES = ("application/json", "application/ld+json")
NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/jsonlines")
MAX_LIMIT = 1000


def _json(content: Any, status: int = 200) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json")


def iot(request: Request) -> IoTService:
    """The app's IoT service."""
    service: IoTService = request.app.state.iot
    return service


def _media(request: Request) -> str:
    raw = request.headers.get("content-type")
    if raw is None:
        raise UnsupportedMediaType("the request has a body but no Content-Type (application/json)")
    return raw.split(";")[0].strip().lower()


def _page(request: Request) -> tuple[int, int]:
    limit = int_param(request, "limit", 100)
    if limit > MAX_LIMIT:
        raise BadRequestData(f"limit must be at most {MAX_LIMIT}")
    return limit, int_param(request, "offset", 0)


# -- telemetry --------------------------------------------------------------------------------------------


async def post_telemetry(request: Request) -> Response:
    """POST /iot/telemetry: ingest readings; 200 with counts after the durable write."""
    service = iot(request)
    media = _media(request)
    tenant = tenant_name(request)
    device = request.query_params.get("device") or None
    body = await request.body()
    if not body.strip():
        raise InvalidRequest("the request needs a body of readings")
    received = service.pipeline.clock()
    if media in JSON_TYPES:
        messages = [RawMessage(body, tenant, device, "http", received, None)]
    elif media in NDJSON_TYPES:
        messages = [
            RawMessage(line, tenant, device, "http", received, f"line {n}")
            for n, line in enumerate(body.splitlines(), start=1)
            if line.strip()
        ]
    else:
        raise UnsupportedMediaType(
            f"Content-Type {media!r} is not supported: use application/json or application/x-ndjson"
        )

    guard = request_guard(request)

    def work() -> dict[str, Any]:
        prepared = service.pipeline.prepare(messages)
        if len(prepared.unparsable) == len(messages):
            detail = prepared.results[0].letters[0].detail if prepared.results[0].letters else "unparsable"
            raise InvalidRequest(f"the body cannot be read as readings: {detail}")
        if guard is not None and not guard.unrestricted("write"):
            check_writes(service, guard, prepared)
        return service.pipeline.commit(prepared).to_json()

    return _json(await run(work))


def check_writes(service: IoTService, guard: RouteGuard, prepared: Prepared) -> None:
    """403 (nothing written) unless the subject may write every twin and device the readings update."""
    for tenant, batch in prepared.batches.items():
        targets = dict(batch.twin_types)
        for record, _, _ in batch.devices.values():
            targets.setdefault(record.entity_id, (DEVICE_TYPE,))
        stored = service.pipeline.store.tenant(tenant).get_many(list(targets))
        for entity_id, types in targets.items():
            found = stored.get(entity_id)
            if found is not None:
                guard.require_new("write", found.types, found.admin_code, entity_id, found.location)
            else:
                guard.require_new("write", types, None, entity_id)


# -- devices ------------------------------------------------------------------------------------------------


async def post_devices(request: Request) -> Response:
    """POST /iot/devices: register (or update) devices in bulk."""
    service = iot(request)
    fmt = detect_format(None, _media(request))
    tenant = tenant_name(request)
    verify = request.query_params.get("verifyTwins", "true") != "false"
    body = await request.body()
    if not body.strip():
        raise InvalidRequest("the request needs a body of devices")
    guard = _restricted(request, "write")

    def work() -> dict[str, Any]:
        service.ensure_loaded()
        rows = list(read_rows(body, fmt))
        if not rows:
            raise BadRequestData("the body lists no devices")
        if guard is not None:
            check_registration(guard, service.pipeline.store, tenant, rows, service.registry.types)
        return service.registry.register(tenant, rows, verify_twins=verify, total=len(rows)).to_json()

    return _json(await run(work))


def _restricted(request: Request, action: str = "read") -> RouteGuard | None:
    """The request's guard when its subject is not allowed ``action`` on everything in clear (else None)."""
    guard = request_guard(request)
    return None if guard is None or guard.unrestricted(action) else guard


def describe(record: DeviceRecord) -> dict[str, Any]:
    """The registry's view of one device."""
    return {
        "code": record.code,
        "id": record.entity_id,
        "type": record.type.id,
        "twin": record.twin_id,
        "twinType": record.twin_types[0],
        "state": record.state,
        "lastSeen": format_instant(from_micros(record.last_seen_us)) if record.last_seen_us else None,
        "reportingInterval": record.type.reporting_interval_s,
    }


async def list_devices(request: Request) -> Response:
    """GET /iot/devices: registered devices (filters ``type``, ``state``), in code order."""
    service = iot(request)
    tenant = tenant_name(request)
    limit, offset = _page(request)
    kind = request.query_params.get("type")
    state = request.query_params.get("state")
    if kind is not None and kind not in service.registry.types:
        raise BadRequestData(f"unknown device type {kind!r}")
    if state is not None and state not in STATES:
        raise BadRequestData(f"unknown state {state!r}; known: {', '.join(STATES)}")
    guard = _restricted(request)

    def work() -> list[dict[str, Any]]:
        service.ensure_loaded()
        records = service.registry.records(tenant)
        chosen = [
            r
            for r in records.values()
            if (kind is None or r.type.id == kind) and (state is None or r.state == state)
        ]
        chosen.sort(key=lambda r: r.code)
        if guard is None:
            return [describe(r) for r in chosen[offset : offset + limit]]
        decisions = readable_devices(guard, service.pipeline.store, tenant, [r.code for r in chosen])
        visible = [r for r in chosen if r.code in decisions][offset : offset + limit]
        return [shown(describe(r), decisions[r.code], DEVICE_FIELDS) for r in visible]

    return _json(await run(work))


async def get_device(request: Request) -> Response:
    """GET /iot/devices/{code}: one device's registry view."""
    service = iot(request)
    tenant = tenant_name(request)
    try:
        code = device_code.parse(request.path_params["code"]).code
    except CitytwinError as err:
        raise BadRequestData(err.detail) from None
    guard = _restricted(request)

    def work() -> dict[str, Any]:
        service.ensure_loaded()
        record = service.registry.lookup(tenant, code)
        if record is None:
            raise ResourceNotFound(f"device {code} is not registered")
        if guard is None:
            return describe(record)
        decision = require_device(guard, service.pipeline.store, tenant, code)
        if decision is None:
            raise ResourceNotFound(f"device {code} is not registered")
        return shown(describe(record), decision, DEVICE_FIELDS)

    return _json(await run(work))


async def get_health(request: Request) -> Response:
    """GET /iot/health: devices per state in the tenant (those whose Device twin the subject reads)."""
    service = iot(request)
    tenant = tenant_name(request)
    guard = _restricted(request)

    def work() -> dict[str, Any]:
        service.ensure_loaded()
        if guard is None:
            return {"devices": service.health.summary(tenant)}
        records = service.registry.records(tenant)
        decisions = readable_devices(guard, service.pipeline.store, tenant, sorted(records))
        counts = dict.fromkeys(STATES, 0)
        for code, decision in decisions.items():
            if not decision.visible("deviceState"):
                continue  # a device whose state the subject may not see is not counted by state
            state = records[code].state
            counts[state] = counts.get(state, 0) + 1
        return {"devices": counts}

    return _json(await run(work))


async def post_sweep(request: Request) -> Response:
    """POST /iot/health/sweep: run the health sweep now; returns what changed."""
    guard = request_guard(request)
    if guard is not None:  # the sweep rewrites device states of every tenant: operators' work
        guard.require_some("administer", "sweep device health")
    service = iot(request)

    def work() -> dict[str, Any]:
        service.ensure_loaded()
        return service.health.sweep().to_json()

    return _json(await run(work))


async def get_types(request: Request) -> Response:
    """GET /iot/types: the device type catalogue."""
    types = iot(request).registry.types
    return _json([types[name].describe() for name in sorted(types)])


# -- dead letters -----------------------------------------------------------------------------------------


def _administer(request: Request) -> None:
    """Dead letters hold raw payloads: every dead-letter route needs ``administer`` in the tenant (403)."""
    guard = request_guard(request)
    if guard is not None:
        guard.require_some("administer", "handle dead letters")


def _filters(request: Request) -> tuple[str | None, str | None]:
    reason = request.query_params.get("reason") or None
    if reason is not None and reason not in REASONS:
        raise BadRequestData(f"unknown reason {reason!r}; known: {', '.join(REASONS)}")
    device = request.query_params.get("device") or None
    if device is not None:
        device = device_code.normalize(device)
    return reason, device


async def list_dead_letters(request: Request) -> Response:
    """GET /iot/deadletters: dead letters (filters ``reason``, ``device``), by reason then time."""
    _administer(request)
    service = iot(request)
    tenant = tenant_name(request)
    reason, device = _filters(request)
    limit, offset = _page(request)
    with_counts = bool_param(request, "count")

    def work() -> Any:
        letters = service.dead_letters.list(tenant, reason=reason, device=device, limit=limit, offset=offset)
        items = [letter.to_json() for letter in letters]
        if not with_counts:
            return items
        counts = service.dead_letters.counts(tenant, device=device)
        if reason is not None:
            counts = {reason: counts.get(reason, 0)}
        return {"counts": counts, "items": items}

    return _json(await run(work))


async def get_dead_letter(request: Request) -> Response:
    """GET /iot/deadletters/{id}: one dead letter."""
    _administer(request)
    service = iot(request)
    tenant = tenant_name(request)
    letter = await run(service.dead_letters.get, tenant, request.path_params["id"])
    return _json(letter.to_json())


async def replay_dead_letters(request: Request) -> Response:
    """POST /iot/deadletters/replay: re-run matching dead letters; those that pass are written and removed."""
    _administer(request)
    service = iot(request)
    tenant = tenant_name(request)
    reason, device = _filters(request)
    result = await run(service.pipeline.replay, tenant, reason=reason, device=device)
    return _json(result)


async def delete_dead_letters(request: Request) -> Response:
    """DELETE /iot/deadletters: purge matching dead letters; returns how many."""
    _administer(request)
    service = iot(request)
    tenant = tenant_name(request)
    reason, device = _filters(request)
    removed = await run(service.dead_letters.purge, tenant, reason=reason, device=device)
    return _json({"deleted": removed})


def iot_routes() -> list[Route]:
    """The IoT routes (mounted by the app)."""
    return [
        Route("/iot/telemetry", post_telemetry, methods=["POST"]),
        Route("/iot/devices", post_devices, methods=["POST"]),
        Route("/iot/devices", list_devices, methods=["GET"]),
        Route("/iot/devices/{code}", get_device, methods=["GET"]),
        Route("/iot/health", get_health, methods=["GET"]),
        Route("/iot/health/sweep", post_sweep, methods=["POST"]),
        Route("/iot/types", get_types, methods=["GET"]),
        Route("/iot/deadletters", list_dead_letters, methods=["GET"]),
        Route("/iot/deadletters", delete_dead_letters, methods=["DELETE"]),
        Route("/iot/deadletters/replay", replay_dead_letters, methods=["POST"]),
        Route("/iot/deadletters/{id}", get_dead_letter, methods=["GET"]),
    ]
