"""HTTP routes of the command side: issue a command to a device, list and read commands.

``POST /iot/devices/{code}/commands`` ``{"name", "params"?, "timeout"? (s), "issuedBy"?}`` → 201 + the record
``GET /iot/commands?device=&state=&limit=&offset=`` → the records, oldest first
``GET /iot/commands/{id}`` → one record

The tenant is the ``NGSILD-Tenant`` header, as for the NGSI-LD API.
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.errors import BadRequestData, InvalidRequest
from citytwin.ingest.iot.commands import CommandService, CommandState
from citytwin.ingest.iot.mqtt_downlink import BrokerUnavailable
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


async def issue_command(request: Request) -> Response:
    """POST /iot/devices/{code}/commands: record and publish a command; 201 with its record."""
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
    commands = await run(
        service.list,
        tenant_name(request),
        device=request.query_params.get("device") or None,
        state=state,
        limit=limit,
        offset=int_param(request, "offset", 0),
    )
    return _json([c.to_json() for c in commands])


async def get_command(request: Request) -> Response:
    """GET /iot/commands/{id}: one command (404 when unknown)."""
    service = command_service(request)
    command = await run(service.get, tenant_name(request), request.path_params["id"])
    return _json(command.to_json())


def command_routes() -> list[Route]:
    """The command endpoints (mounted by the app)."""
    return [
        Route("/iot/devices/{code}/commands", issue_command, methods=["POST"]),
        Route("/iot/commands", list_commands, methods=["GET"]),
        Route("/iot/commands/{id}", get_command, methods=["GET"]),
    ]
