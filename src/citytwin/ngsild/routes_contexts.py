"""The ``/jsonldContexts`` endpoints of NGSI-LD (clauses 5.13, 6.29, 6.30): add, list, serve, delete, reload.

A hosted context belongs to the tenant that added it: other tenants can neither list, serve nor delete it
through these endpoints (5.5.10; ETSI TP 5134_01), though its URL still resolves as any public @context does.
The routes are relative to the API base (the app mounts them under ``/ngsi-ld/v1``) and raise
:class:`~citytwin.errors.CitytwinError` subclasses, which the app's handler renders as problem details.
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.errors import BadRequestData, InvalidRequest, OperationNotSupported, ResourceNotFound
from citytwin.ngsild.context import ContextResolver
from citytwin.ngsild.context_store import CONTEXTS_PATH, ContextKind
from citytwin.ngsild.request import tenant_name

_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode
_JSON = "application/json"


def _flag(request: Request, name: str) -> bool:
    raw = request.query_params.get(name)
    if raw is None or raw.lower() == "false":
        return False
    if raw.lower() == "true":
        return True
    raise BadRequestData(f"{name} must be true or false, got {raw!r}")


def _json(content: Any, status: int = 200) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type=_JSON)


def context_routes(resolver: ContextResolver) -> list[Route]:
    """The ``/jsonldContexts`` routes, served from ``resolver``'s store."""

    async def collection(request: Request) -> Response:
        if request.method == "POST":
            return await add(request)
        details = _flag(request, "details")
        raw_kind = request.query_params.get("kind")
        kind = ContextKind.parse(raw_kind) if raw_kind else None
        tenant = tenant_name(request)
        entries = [e for e in resolver.store.entries(kind) if e.managed_by(tenant)]
        return _json([e.metadata() for e in entries] if details else [e.url for e in entries])

    async def add(request: Request) -> Response:
        raw = await request.body()
        try:
            body = _DECODE(raw) if raw else None
        except msgspec.DecodeError:
            raise InvalidRequest("the body is not valid JSON") from None
        if not isinstance(body, dict) or "@context" not in body:
            raise BadRequestData("the body must be a JSON object with an @context member")
        entry = await resolver.add(body["@context"], tenant_name(request))
        return Response(status_code=201, headers={"Location": f"{CONTEXTS_PATH}/{entry.local_id}"})

    async def item(request: Request) -> Response:
        context_id: str = request.path_params["context_id"]
        entry = resolver.store.find(context_id)
        if not entry.managed_by(tenant_name(request)):  # another tenant's hosted context: as if absent
            raise ResourceNotFound(f"no @context {context_id!r} is stored here")
        if request.method == "DELETE":
            await resolver.delete(context_id, reload=_flag(request, "reload"))
            return Response(status_code=204)
        if _flag(request, "details"):
            return _json(entry.metadata())
        if entry.kind is ContextKind.CACHED:
            raise OperationNotSupported(
                f"@context {entry.url} is a cached copy of a remote context: ask with details=true for its "
                "metadata, or fetch it from its URL"
            )
        return _json(entry.document())

    return [
        Route("/jsonldContexts", collection, methods=["GET", "POST"], name="jsonld_contexts"),
        Route("/jsonldContexts/", collection, methods=["GET", "POST"], name="jsonld_contexts_slash"),
        Route("/jsonldContexts/{context_id:path}", item, methods=["GET", "DELETE"], name="jsonld_context"),
    ]
