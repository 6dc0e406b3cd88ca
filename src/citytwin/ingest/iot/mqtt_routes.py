"""HTTP routes of the command side: issue a command to a device, list and read commands.

``POST /iot/devices/{code}/commands`` ``{"name", "params"?, "timeout"? (s), "issuedBy"?}`` → 201 + the record
``GET /iot/commands?device=&state=&limit=&offset=`` → the records, oldest first
``GET /iot/commands/{id}`` → one record

The tenant is the ``NGSILD-Tenant`` header, as for the NGSI-LD API. Issuing a command needs ``write`` on the
device's twin (403; 404 when the subject cannot read it); listing and reading commands show only those of
devices whose Device twin the subject reads (one command of another device is 404).
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.core.codes import device_code
from citytwin.errors import BadRequestData, CitytwinError, InvalidRequest, ResourceNotFound
from citytwin.governance.enforce_routes import RouteGuard, request_guard
from citytwin.ingest.iot.commands import Command, CommandService, CommandState
from citytwin.ingest.iot.device_access import readable_devices
from citytwin.ingest.iot.mqtt_downlink import BrokerUnavailable
from citytwin.ingest.iot.registration import DEVICE_TYPE
from citytwin.ngsild.request import TENANT_HEADER, int_param, read_json, run, tenant_name

_ENCODE = msgspec.json.Encoder().encode
MAX_LIMIT = 1000


def _json(content: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    out = dict(headers or {})
    return Response(_ENCODE(content), status_code=status, media_type="application/json", headers=out)


def command_service(request: Request) -> CommandService:
    """The app's command service (503 when the app was started without a broker)."""
    service: CommandService | None = getattr(request.app.state, "commands", None)
    if service is None:
        raise BrokerUnavailable("commands are not enabled: start the server with an MQTT broker (--mqtt URL)")
    return service


def check_device(request: Request, guard: RouteGuard, tenant: str, code: str) -> None:
    """404 unless the subject reads the device's twin, 403 unless it may write it."""
    try:
        entity_id = device_code.URN_PREFIX + device_code.normalize(code)
    except CitytwinError as err:
        raise BadRequestData(err.detail) from None
    iot = getattr(request.app.state, "iot", None)
    store = iot.pipeline.store if iot is not None else None
    found = None if store is None else store.tenant(tenant).get_many([entity_id]).get(entity_id)
    if found is not None:
        guard.require_entity("write", found, f"device {code}")
    else:
        guard.require("write", (DEVICE_TYPE,), None, f"device {code}")


async def issue_command(request: Request) -> Response:
    """POST /iot/devices/{code}/commands: record and publish a command; 201 with its record (404 for a device
    the subject cannot see, 403 without ``write`` on it)."""
    service = command_service(request)
    tenant = tenant_name(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadRequestData("the body must be a JSON object {name, params?, timeout?, issuedBy?}")
    unknown = set(body) - {"name", "params", "timeout", "issuedBy"}
    if unknown:
        raise BadRequestData(f"unknown members in the command: {', '.join(sorted(unknown))}")
    timeout = body.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float)):
        raise BadRequestData("timeout must be a number of seconds")
    issued_by = body.get("issuedBy", "api")
    if not isinstance(issued_by, str):
        raise BadRequestData("issuedBy must be a string")
    guard = request_guard(request)
    if guard is not None and not (guard.unrestricted() and guard.unrestricted("write")):
        await run(check_device, request, guard, tenant, request.path_params["code"])
    command = await run(
        service.issue,
        tenant,
        request.path_params["code"],
        body.get("name", ""),
        body.get("params"),
        issued_by=issued_by,
        timeout_s=None if timeout is None else float(timeout),
    )
    headers = {"Location": f"/iot/commands/{command.id}"}
    if tenant:
        headers[TENANT_HEADER] = tenant
    return _json(command.to_json(), 201, headers)


def _reader(request: Request) -> RouteGuard | None:
    """The request's guard when its subject does not read every device of the tenant (else None)."""
    guard = request_guard(request)
    return None if guard is None or guard.unrestricted() else guard


def _readable(request: Request, guard: RouteGuard, tenant: str, commands: list[Command]) -> list[Command]:
    """The commands of devices whose Device twin the subject reads."""
    iot = getattr(request.app.state, "iot", None)
    if iot is None:  # no device twins to decide on: only an unrestricted subject reads commands
        return []
    codes = sorted({c.device for c in commands})
    visible = readable_devices(guard, iot.pipeline.store, tenant, codes)
    return [c for c in commands if c.device in visible]


def _visible_commands(
    request: Request,
    service: CommandService,
    guard: RouteGuard,
    tenant: str,
    *,
    device: str | None,
    state: CommandState | None,
    limit: int,
    offset: int,
) -> list[Command]:
    """A page of the commands the subject reads, walking the tenant's commands a thousand at a time."""
    out: list[Command] = []
    raw_offset = 0
    while len(out) < offset + limit:
        page = service.list(tenant, device=device, state=state, limit=MAX_LIMIT, offset=raw_offset)
        out.extend(_readable(request, guard, tenant, page))
        raw_offset += len(page)
        if len(page) < MAX_LIMIT:
            break
    return out[offset : offset + limit]


async def list_commands(request: Request) -> Response:
    """GET /iot/commands: commands of the tenant, filtered by ``device`` and ``state``."""
    service = command_service(request)
    raw_state = request.query_params.get("state")
    try:
        state = CommandState(raw_state) if raw_state else None
    except ValueError:
        states = ", ".join(s.value for s in CommandState)
        raise InvalidRequest(f"state must be one of {states}, got {raw_state!r}") from None
    limit = int_param(request, "limit", 100)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidRequest(f"limit must be within 1..{MAX_LIMIT}")
    tenant = tenant_name(request)
    device = request.query_params.get("device") or None
    offset = int_param(request, "offset", 0)
    guard = _reader(request)
    if guard is None:
        commands = await run(service.list, tenant, device=device, state=state, limit=limit, offset=offset)
    else:
        commands = await run(
            _visible_commands, request, service, guard, tenant, device=device, state=state, limit=limit,
            offset=offset,
        )  # fmt: skip
    return _json([c.to_json() for c in commands])


async def get_command(request: Request) -> Response:
    """GET /iot/commands/{id}: one command (404 when unknown)."""
    service = command_service(request)
    tenant = tenant_name(request)
    command = await run(service.get, tenant, request.path_params["id"])
    guard = _reader(request)
    if guard is not None and not await run(_readable, request, guard, tenant, [command]):
        raise ResourceNotFound(f"command {command.id!r} not found")
    return _json(command.to_json())


def command_routes() -> list[Route]:
    """The command endpoints (mounted by the app)."""
    return [
        Route("/iot/devices/{code}/commands", issue_command, methods=["POST"]),
        Route("/iot/commands", list_commands, methods=["GET"]),
        Route("/iot/commands/{id}", get_command, methods=["GET"]),
    ]
