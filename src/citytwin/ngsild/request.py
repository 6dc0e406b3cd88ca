"""Per-request helpers shared by every NGSI-LD router (entities, query, batch, types, temporal).

A handler typically does::

    call = await begin(request, body=True, write=True)   # Accept, tenant, body, @context in one step
    entity = entity_from_body(call.body, call.ctx)
    created = await call.run(call.store.create, entity, history=True)
    return call.respond(None, status=201, headers={...})

Everything here raises :class:`~citytwin.errors.CitytwinError` subclasses, which the app renders as problems.
The pieces (:func:`negotiate`, :func:`tenant_name`, :func:`read_json`, :func:`parse_options`, :func:`paging`,
:func:`json_response` ...) are public for routers with other needs. Stable API: the temporal router uses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar
from urllib.parse import quote

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citytwin.api.problems import NotAcceptable, UnsupportedMediaType
from citytwin.core.gcpause import gc_paused
from citytwin.core.qlang import parse_q
from citytwin.core.query import Predicate
from citytwin.errors import BadRequestData, InvalidRequest, NonexistentTenant, TooManyResults
from citytwin.ngsild.context import ContextResolver, LdContext, context_reference
from citytwin.ngsild.representation import Format
from citytwin.settings import Settings
from citytwin.storage.base import DEFAULT_TENANT, Store, TenantStore
from citytwin.stream.bus import EventBus

P = ParamSpec("P")
R = TypeVar("R")

BASE = "/ngsi-ld/v1"
TENANT_HEADER = "NGSILD-Tenant"
COUNT_HEADER = "NGSILD-Results-Count"
JSON = "application/json"
JSON_LD = "application/ld+json"
GEO_JSON = "application/geo+json"
MERGE_PATCH = "application/merge-patch+json"
DEFAULT_LIMIT = 20
"""Page size when the request gives no ``limit`` (NGSI-LD's default)."""
DEFAULT_INSTANCE_LIMIT = 10_000
"""Attribute instances per temporal answer unless the app is configured otherwise (clause 6.3.10)."""

_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode
_TENANT = re.compile(r"^[A-Za-z0-9_\-.:]{1,64}$")
_FORMATS: dict[str, Format] = {
    "normalized": "normalized",
    "concise": "concise",
    "keyValues": "keyValues",
    "simplified": "keyValues",
}
KNOWN_OPTIONS = frozenset(
    {*_FORMATS, "sysAttrs", "noOverwrite", "update", "replace", "temporalValues", "aggregatedValues"}
)
"""Values of ``options`` any NGSI-LD endpoint may receive; others are rejected with 400."""


@dataclass(slots=True)
class Services:
    """What the routers share: settings, the opened store, the @context resolver, tenants seen to exist."""

    settings: Settings
    store: Store
    resolver: ContextResolver
    known_tenants: set[str] = field(default_factory=lambda: {DEFAULT_TENANT})
    bus: EventBus = field(default_factory=EventBus)
    """The change stream the store publishes on (subscriptions, WebSocket push and indicators listen)."""
    temporal_instance_limit: int = field(init=False, default=DEFAULT_INSTANCE_LIMIT)
    """Most attribute instances one temporal answer holds; more are paged (206 with Content-Range).
    From ``settings.temporal_instance_limit`` (``--temporal-instance-limit``)."""
    inline_reads: bool = field(init=False, default=False)
    """Run single-entity reads on the event loop: an embedded store answers one in tens of microseconds,
    less than a hand-off to the thread pool costs. Never for writes, which may wait for the writer (nor
    does it pay off for ``:memory:`` SQLite, whose reads share the writer's lock: a test-only setup)."""

    def __post_init__(self) -> None:
        self.inline_reads = self.store.scheme == "sqlite"
        self.temporal_instance_limit = self.settings.temporal_instance_limit


def services(request: Request) -> Services:
    """The app's services (set by the app's lifespan)."""
    found: Services = request.app.state.services
    return found


async def run(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a blocking store call on the thread pool, so the event loop keeps serving other requests."""
    return await run_in_threadpool(fn, *args, **kwargs)


# -- media types ------------------------------------------------------------------------------------------


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for part in accept.split(","):
        pieces = part.split(";")
        media = pieces[0].strip().lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:  # a malformed weight is no processing rule: keep the default (TP 045_04)
                    q = 1.0
        out.append((media, q))
    return out


def negotiate(request: Request, *, geo: bool = False) -> str:
    """The response media type for the request's Accept header (406 NotAcceptable when none fits).

    JSON is preferred on ties and for wildcards; GeoJSON only where ``geo`` says the endpoint offers it.
    """
    return _negotiated(request.headers.get("accept"), geo)


def _negotiated(accept: str | None, geo: bool) -> str:
    if not accept:
        return JSON
    key = (accept, geo)
    found = _NEGOTIATED.get(key)
    if found is None:
        found = _negotiate(accept, geo)
        if (
            len(_NEGOTIATED) >= 256
        ):  # clients send a handful of Accept headers; a flood of odd ones is bounded
            _NEGOTIATED.clear()
        _NEGOTIATED[key] = found
    return found


_NEGOTIATED: dict[tuple[str, bool], str] = {}


_WILDCARDS = {"application/*": 1, "*/*": 0}
"""How specific each wildcard range is (an exact media type is 2)."""


def _negotiate(accept: str, geo: bool) -> str:
    # 6.3.4 with RFC 9110 5.3.2: each offered type weighs what its most specific matching range says (q=0:
    # refused); the highest weight wins, and ties go to the first of the 6.3.4 list (json, ld+json, geo).
    offered = (JSON, JSON_LD, GEO_JSON) if geo else (JSON, JSON_LD)
    ranges = _media_ranges(accept)
    best, best_q = "", 0.0
    for candidate in offered:
        weight, specificity = 0.0, -1
        for media, q in ranges:
            level = 2 if media == candidate else _WILDCARDS.get(media, -1)
            if level > specificity:
                weight, specificity = q, level
        if weight > best_q:
            best, best_q = candidate, weight
    if not best:
        raise NotAcceptable(f"cannot produce any of {accept!r}; offered: {', '.join(offered)}")
    return best


def body_media_type(request: Request, *, patch: bool = False) -> str:
    """The request body's media type: JSON or JSON-LD (and merge-patch for PATCH); 415 otherwise."""
    raw = request.headers.get("content-type")
    if raw is None:
        raise UnsupportedMediaType("the request has a body but no Content-Type (use application/json)")
    media = raw.split(";")[0].strip().lower()
    if media in (JSON, JSON_LD) or (patch and media == MERGE_PATCH):
        return media
    raise UnsupportedMediaType(f"Content-Type {media!r} is not supported: use {JSON} or {JSON_LD}")


# -- tenants ----------------------------------------------------------------------------------------------


def tenant_name(request: Request) -> str:
    """The tenant the request names (``NGSILD-Tenant``; absent or empty is the default tenant)."""
    return _tenant_named(request.headers.get(TENANT_HEADER))


def _tenant_named(header: str | None) -> str:
    name = header.strip() if header else ""
    if name and not _TENANT.match(name):
        raise InvalidRequest(
            f"{TENANT_HEADER} {name!r} is not a valid tenant name (1-64 letters, digits, '_', '-', '.', ':')"
        )
    return name


async def tenant_store(request: Request, *, write: bool = False, name: str | None = None) -> TenantStore:
    """The store of the request's tenant; a read naming a tenant without data is 404 NonexistentTenant."""
    if name is None:
        name = tenant_name(request)
    return await _tenant_store(services(request), name, write)


async def _tenant_store(svc: Services, name: str, write: bool) -> TenantStore:
    if not write and name not in svc.known_tenants:
        present = await run(svc.store.tenants)
        svc.known_tenants.update(present)
        if name not in svc.known_tenants:
            raise NonexistentTenant(f"tenant {name!r} does not exist")
    return svc.store.tenant(name)


def remember_tenant(request: Request, name: str) -> None:
    """Note that a write created tenant ``name`` (so later reads need not ask the store)."""
    services(request).known_tenants.add(name)


class TenantEcho:
    """ASGI middleware: the answer to a request naming a tenant carries the same ``NGSILD-Tenant`` header.

    NGSI-LD responses name the tenant they were served from (the OpenAPI declares the header on them); it is
    added to every status, problems included, and only when the request named a valid tenant.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        tenant = b""
        if scope["type"] == "http":
            for key, value in scope["headers"]:
                if key == b"ngsild-tenant":
                    tenant = value.strip()
                    break
        if not tenant or not _TENANT.match(tenant.decode("latin-1")):
            await self.app(scope, receive, send)
            return

        async def with_tenant(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                if not any(k.lower() == b"ngsild-tenant" for k, _ in headers):
                    headers.append((b"ngsild-tenant", tenant))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_tenant)


# -- parameters -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """The ``options`` and ``format`` parameters: representation, sysAttrs and operation flags."""

    format: Format = "normalized"
    sys_attrs: bool = False
    flags: frozenset[str] = frozenset()

    def has(self, flag: str) -> bool:
        """Whether the option ``flag`` (``noOverwrite``, ``update`` ...) was given."""
        return flag in self.flags


def split_list(raw: str | None) -> list[str]:
    """A comma-separated parameter as a list of non-empty, stripped items."""
    if not raw:
        return []
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_options(request: Request, *, allowed: Iterable[str] = KNOWN_OPTIONS) -> Options:
    """``options=keyValues,sysAttrs`` and ``format=concise`` (NGSI-LD 1.8); conflicting formats are 400."""
    if not request.scope.get("query_string"):
        return _DEFAULT_OPTIONS  # most reads name no parameter at all
    allowed = frozenset(allowed)
    flags = split_list(request.query_params.get("options"))
    for flag in flags:
        if flag not in allowed:
            raise InvalidRequest(f"unknown option {flag!r}; known here: {', '.join(sorted(allowed))}")
    formats = {_FORMATS[f] for f in flags if f in _FORMATS}
    given = request.query_params.get("format")
    if given is not None:
        if given not in _FORMATS:
            raise InvalidRequest(
                f"unknown format {given!r}; use normalized, concise, simplified or keyValues"
            )
        formats.add(_FORMATS[given])
    if len(formats) > 1:
        raise InvalidRequest(f"conflicting representations requested: {', '.join(sorted(formats))}")
    fmt: Format = formats.pop() if formats else "normalized"
    return Options(fmt, "sysAttrs" in flags, frozenset(flags))


_DEFAULT_OPTIONS = Options()


def int_param(request: Request, name: str, default: int) -> int:
    """A non-negative integer query parameter (400 InvalidRequest when malformed)."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidRequest(f"{name} must be an integer, got {raw!r}") from None
    if value < 0:
        raise InvalidRequest(f"{name} must not be negative, got {value}")
    return value


def paging(request: Request, max_page_size: int) -> tuple[int, int]:
    """``limit`` (default 20) and ``offset``; a limit above the server's maximum is 403 TooManyResults."""
    limit = int_param(request, "limit", DEFAULT_LIMIT)
    offset = int_param(request, "offset", 0)
    if limit > max_page_size:
        raise TooManyResults(f"limit {limit} is above this server's maximum page size {max_page_size}")
    return limit, offset


def bool_param(request: Request, name: str) -> bool:
    """``name=true`` / ``name=false`` (absent is false)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "false":
        return False
    if raw == "true":
        return True
    raise InvalidRequest(f"{name} must be true or false, got {raw!r}")


def local_only(request: Request) -> bool:
    """``local=true``: no context source registration is to be considered (clause 6.3.18)."""
    if not request.scope.get("query_string") or "local" not in request.query_params:
        return False
    return bool_param(request, "local")


def csf_filter(request: Request, ctx: LdContext) -> Predicate | None:
    """The ``csf`` context-source filter (the ``q`` grammar over registration properties), parsed.

    Only context source registrations are filtered by it, so a broker without registrations matching it
    answers as without it; a malformed filter is 400 either way.
    """
    raw = request.query_params.get("csf")
    if raw is None:
        return None
    if not raw.strip():
        raise InvalidRequest("csf must not be empty")
    try:
        return parse_q(raw, expand=ctx.to_store)
    except InvalidRequest as err:  # 5.7.2.4: a syntactically invalid csf is BadRequestData (TP 5722_01_05)
        raise BadRequestData(f"csf: {err.detail}") from None


# -- bodies and context -----------------------------------------------------------------------------------


async def read_json(request: Request) -> Any:
    """The request body decoded with msgspec (400 InvalidRequest when empty or not JSON)."""
    raw = await request.body()
    if not raw:
        raise InvalidRequest("the request needs a JSON body")
    try:
        if len(raw) < 65536:
            return _DECODE(raw)
        with gc_paused():
            return _DECODE(raw)
    except msgspec.DecodeError as err:
        raise InvalidRequest(f"the body is not valid JSON: {err}") from None


async def ld_context(request: Request, media: str | None = None, body: Any = None) -> LdContext:
    """The request's resolved @context: the Link header, or the body's @context member for JSON-LD."""
    ref = context_reference(media, request.headers.get("link"), body)
    return await services(request).resolver.resolve(ref)


# -- responses --------------------------------------------------------------------------------------------


def json_response(
    content: Any,
    ctx: LdContext,
    media: str,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A JSON response; the @context goes in the body for JSON-LD and in the Link header otherwise."""
    if not headers:  # the common answer: its few headers built directly
        if media == JSON_LD:
            return EncodedJSON(_ENCODE(with_context(content, ctx)), status, media, None)
        return EncodedJSON(_ENCODE(content), status, media, ctx.link_header())
    out = dict(headers)
    if media == JSON_LD:
        content = with_context(content, ctx)
    else:
        out["Link"] = ctx.link_header()
    return Response(_ENCODE(content), status_code=status, headers=out, media_type=media)


class EncodedJSON(Response):
    """An encoded JSON body with an optional ``Link`` header.

    Its headers are those ``Response`` builds from ``{"Link": link}`` and the media type (same names, values
    and order), made without its generic header parsing.
    """

    def __init__(self, body: bytes, status: int, media: str, link: str | None) -> None:
        self.status_code = status
        self.media_type = media
        self.background = None
        self.body = body
        raw = [(b"link", link.encode("latin-1"))] if link is not None else []
        if not (status < 200 or status in (204, 304)):
            raw.append((b"content-length", str(len(body)).encode("latin-1")))
        raw.append((b"content-type", media.encode("latin-1")))
        self.raw_headers = raw


def with_context(content: Any, ctx: LdContext) -> Any:
    """``content`` with an ``@context`` member (in each item of a list, as NGSI-LD requires)."""
    value = ctx.body_context()
    if isinstance(content, list):
        return [{**item, "@context": value} if isinstance(item, dict) else item for item in content]
    if isinstance(content, dict):
        return {**content, "@context": value}
    return content


def no_content(headers: Mapping[str, str] | None = None) -> Response:
    """204 No Content."""
    return Response(status_code=204, headers=dict(headers) if headers else None)


def entity_location(entity_id: str) -> str:
    """The URL path of an entity, for Location headers."""
    return f"{BASE}/entities/{quote(entity_id, safe=':')}"


@dataclass(slots=True)
class Call:
    """One NGSI-LD request after the common steps: tenant store, @context, response media type, body."""

    request: Request
    store: TenantStore
    ctx: LdContext
    media: str
    body: Any = None
    tenant: str = DEFAULT_TENANT
    local: bool = False
    """``local=true``: answer from this broker only, consulting no context source (clause 6.3.18)."""
    inline_reads: bool = False
    """Short reads run on the event loop (:attr:`Services.inline_reads`)."""

    @property
    def settings(self) -> Settings:
        """The app settings."""
        return services(self.request).settings

    async def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """A store call on the thread pool."""
        return await run_in_threadpool(fn, *args, **kwargs)

    async def read(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """A short store read (one entity): inline for embedded stores, else on the thread pool."""
        if self.inline_reads:
            return fn(*args, **kwargs)
        return await run_in_threadpool(fn, *args, **kwargs)

    def respond(
        self, content: Any, *, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        """A JSON response in the negotiated media type, carrying the request's @context."""
        if self.media == GEO_JSON and "body=json" not in self.request.headers.get("prefer", ""):
            # 6.3.6: a GeoJSON body embeds its @context unless "Prefer: body=json" asks for the Link header.
            body = _ENCODE(with_context(content, self.ctx))
            return Response(body, status_code=status, headers=dict(headers or {}), media_type=GEO_JSON)
        return json_response(content, self.ctx, self.media, status=status, headers=headers)

    def wrote(self) -> None:
        """Record that a write succeeded, so the tenant is known to exist."""
        remember_tenant(self.request, self.tenant)


def _begin_headers(headers: Iterable[tuple[bytes, bytes]]) -> tuple[str | None, str | None, str | None]:
    """``Accept``, ``NGSILD-Tenant`` and ``Link`` in one pass (the first of each, as ``request.headers``)."""
    accept = tenant = link = None
    for key, value in headers:
        if key == b"accept":
            accept = value.decode("latin-1") if accept is None else accept
        elif key == b"ngsild-tenant":
            tenant = value.decode("latin-1") if tenant is None else tenant
        elif key == b"link":
            link = value.decode("latin-1") if link is None else link
    return accept, tenant, link


async def begin(
    request: Request,
    *,
    body: bool = False,
    write: bool = False,
    geo: bool = False,
    body_context: bool = True,
) -> Call:
    """The common first steps of an NGSI-LD handler, in the order that fails cheapest first.

    ``body_context=False``: the body can hold no ``@context`` (an array of ids), so even a JSON-LD body takes
    its context from the Link header (or the core context).
    """
    accept, tenant, link = _begin_headers(request.scope["headers"])
    media = _negotiated(accept, geo)
    payload = None
    content_type = None
    if body:
        content_type = body_media_type(request, patch=request.method == "PATCH")
        payload = await read_json(request)
    local = local_only(request)
    name = _tenant_named(tenant)
    svc = services(request)
    store = await _tenant_store(svc, name, write)
    ref = (
        context_reference(content_type, link, payload)
        if body_context
        else context_reference(None, link, None)
    )
    ctx = await svc.resolver.resolve(ref)
    return Call(request, store, ctx, media, payload, name, local, svc.inline_reads)
