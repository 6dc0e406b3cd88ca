"""Security over HTTP: who am I, the local public keys, the access policy and the ledger.

* ``GET /auth/whoami``: the request's subject as the server sees it.
* ``GET /auth/jwks.json``: the public key of locally issued tokens (public), for other services to check them.
* ``GET|PUT /governance/policy``: the active policy document; replacing it needs ``administer`` and is
  ledgered.
* ``GET /governance/ledger`` (``after``, ``limit``, ``actor``, ``resource``, ``action``): ledger records;
  ``GET /governance/ledger/{seq}/proof``: an inclusion proof (docs/ledger.md). Both need ``administer`` or
  ``export`` on the default tenant (auditors).
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.errors import BadRequestData, OperationNotSupported, ResourceNotFound
from citytwin.governance.enforce_context import PermissionDenied, RequestContext, current_or_system
from citytwin.ngsild.request import int_param, read_json, run

_ENCODE = msgspec.json.Encoder().encode
MAX_RECORDS = 1000


def _json(content: Any, status: int = 200) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json")


def _gov(request: Request) -> Any:
    return request.app.state.governance


def _ledger(request: Request) -> Any:
    found = _gov(request).ledger
    if found is None:
        raise OperationNotSupported("this store keeps no ledger")
    return found


def _require(request: Request, *actions: str) -> RequestContext:
    ctx = current_or_system()
    if ctx.governed:
        policies = _gov(request).policies
        if all(policies.view(ctx.subject, a, "").nothing for a in actions):
            raise PermissionDenied(f"{ctx.actor} may not {' or '.join(actions)} here")
    return ctx


async def whoami(request: Request) -> Response:
    """GET /auth/whoami."""
    ctx = current_or_system()
    s = ctx.subject
    return _json(
        {
            "id": s.id,
            "kind": s.kind,
            "actor": s.actor,
            "roles": sorted(s.roles),
            "department": s.department,
            "tenant": s.tenant,
            "area": s.area,
            "requestId": ctx.request_id,
            "authenticated": _gov(request).authenticator is not None and s.kind != "anonymous",
        }
    )


async def jwks(request: Request) -> Response:
    """GET /auth/jwks.json: the local token-signing key's public half (empty when there is none)."""
    from citytwin.governance.auth import ensure_signing_key, public_jwks, signing_key_path

    path = signing_key_path(_gov(request).settings)
    if not path.exists():
        return _json({"keys": []})
    key = await run(ensure_signing_key, path)
    return _json(public_jwks(key))


async def get_policy(request: Request) -> Response:
    """GET /governance/policy."""
    _require(request, "administer", "export")
    return _json(_gov(request).policies.document())


async def put_policy(request: Request) -> Response:
    """PUT /governance/policy: replace the active policy (validated first)."""
    ctx = _require(request, "administer")
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadRequestData("the body must be a policy document (an object with rules)")
    registry = _gov(request).policies
    version = await run(registry.put, body, actor=ctx.actor, request_id=ctx.request_id, purpose=ctx.purpose)
    return _json({"version": version})


async def ledger_records(request: Request) -> Response:
    """GET /governance/ledger: records after ``after`` (filtered by actor, resource, action)."""
    _require(request, "administer", "export")
    after = int_param(request, "after", 0)
    limit = min(int_param(request, "limit", 100), MAX_RECORDS)
    params = request.query_params
    wanted = {k: params[k] for k in ("actor", "resource", "action") if k in params}
    gov = _gov(request)
    ledger = _ledger(request)
    if gov.writer is not None:  # what was done before this request is in the answer
        await run(gov.writer.flush, 10.0)

    def collect() -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for record in ledger.iter_records(after):
            data = record.to_dict()
            if all(data[k] == v for k, v in wanted.items()):
                out.append(data)
                if len(out) >= limit:
                    break
        return out

    return _json(await run(collect))


async def ledger_proof(request: Request) -> Response:
    """GET /governance/ledger/{seq}/proof."""
    _require(request, "administer", "export")
    raw = request.path_params["seq"]
    if not str(raw).isdigit():
        raise ResourceNotFound(f"ledger record {raw} does not exist")
    gov = _gov(request)
    if gov.writer is not None:
        await run(gov.writer.flush, 10.0)
    proof = await run(_ledger(request).proof, int(raw))
    return _json(proof.to_dict())


def security_routes() -> list[Route]:
    """The routes of this module."""
    return [
        Route("/auth/whoami", whoami, methods=["GET"]),
        Route("/auth/jwks.json", jwks, methods=["GET"]),
        Route("/governance/policy", get_policy, methods=["GET"]),
        Route("/governance/policy", put_policy, methods=["PUT"]),
        Route("/governance/ledger", ledger_records, methods=["GET"]),
        Route("/governance/ledger/{seq}/proof", ledger_proof, methods=["GET"]),
    ]
