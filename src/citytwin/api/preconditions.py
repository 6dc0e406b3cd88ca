"""HTTP preconditions GS CIM 009 puts on every NGSI-LD request, checked before any endpoint runs.

* 6.3.4: a POST, PATCH or PUT without a ``Content-Length`` header (a chunked body) is answered with just a
  411, without a body, whatever the request targets (its tenant included).
* 6.3.20 (V1.7+): a query parameter the API does not define is an ``InvalidRequest`` (400), decided before
  the body is read, so an unknown parameter is reported even when the body is wrong too. The discovery
  endpoints are held to their own short lists; the others to every parameter some endpoint reads.

Both apply only below the NGSI-LD base path; the platform's other APIs keep their own rules.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from citytwin.api.problems import problem_response
from citytwin.errors import InvalidRequest
from citytwin.ngsild.request import BASE

_WITH_BODY = frozenset({"POST", "PATCH", "PUT"})

NGSI_LD_PARAMS = frozenset(
    {
        # entity selection and query language (5.7.2, 6.4.3.2)
        "id",
        "type",
        "idPattern",
        "attrs",
        "pick",
        "omit",
        "q",
        "scopeQ",
        "csf",
        "georel",
        "geometry",
        "coordinates",
        "geoproperty",
        "geometryProperty",
        "datasetId",
        "lang",
        "local",
        "containedBy",
        "join",
        "joinLevel",
        "entityMap",
        "orderBy",
        "orderFrom",
        "collation",
        # representation, paging, flags
        "options",
        "format",
        "sysAttrs",
        "limit",
        "offset",
        "count",
        "details",
        "expandValues",
        "jsonKeys",
        "observedAt",
        "deleteAll",
        "doNotCompact",
        "collect",
        "keep",
        "drop",
        # temporal (5.7.3, 5.7.4)
        "timerel",
        "timeAt",
        "endTimeAt",
        "timeproperty",
        "lastN",
        "aggrMethods",
        "aggrPeriodDuration",
        # @context management (5.13)
        "kind",
        "reload",
    }
)
"""Every query parameter an NGSI-LD endpoint of this broker reads (any other one is rejected)."""


_LISTS = frozenset({"details", "local", "count"})
_ONE = frozenset({"local"})
_DISCOVERY = {"/types": _LISTS, "/attributes": _LISTS}
"""The discovery endpoints define only these parameters (6.3.20; ETSI TPs 577_01, 5710_01)."""
_OWN = {"/csourceNotify": frozenset({"tenant", "subscription"})}
"""This broker's own endpoints below the base and their parameters: the receiver of propagated
subscriptions' notifications is addressed with the tenant and subscription in its query
(citytwin.federation.propagation)."""


def allowed_params(path: str) -> frozenset[str]:
    """The query parameters the NGSI-LD endpoint at ``path`` (below the base) may be given."""
    rest = path[len(BASE) :]
    own = _OWN.get(rest)
    if own is not None:
        return own
    for collection, names in _DISCOVERY.items():
        if rest == collection:
            return names
        if rest.startswith(collection + "/"):
            return _ONE  # /types/{type}, /attributes/{attrId}
    return NGSI_LD_PARAMS


@lru_cache(maxsize=1024)
def unknown_params(query_string: bytes, allowed: frozenset[str] = NGSI_LD_PARAMS) -> tuple[str, ...]:
    """The names in a query string that ``allowed`` lacks (clients repeat their queries: cached)."""
    if not query_string:
        return ()
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return tuple(sorted({name for name, _ in pairs if name and name not in allowed}))


class Preconditions:
    """ASGI middleware: the 411 and unknown-parameter checks of the NGSI-LD API (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not path.startswith(BASE + "/"):
            await self.app(scope, receive, send)
            return
        if scope["method"] in _WITH_BODY and not any(k == b"content-length" for k, _ in scope["headers"]):
            await Response(status_code=411)(scope, receive, send)
            return
        query: bytes = scope.get("query_string", b"")
        unknown = unknown_params(query, allowed_params(path)) if query else ()
        if unknown:
            accept = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"accept"), None)
            err = InvalidRequest(f"unknown query parameter(s): {', '.join(unknown)}")
            await problem_response(err, accept)(scope, receive, send)
            return
        await self.app(scope, receive, send)
