"""Forwarding requests to context sources: keep-alive connections per source, never an exception.

Plain-http sources are asked through :class:`~citytwin.federation.http1.Http1Pool` (a fraction of httpx's
CPU per request); https sources, and every source of a broker built with an injected transport, through
the shared ``httpx.AsyncClient``.

Every forwarded request carries ``Via`` (the request's own plus this broker's alias, for loop detection),
``NGSILD-Tenant`` when the registration names a tenant, the ``contextSourceInfo`` pairs as headers, and the
@context the answer is to use. Each source gets its registration's ``management.timeout`` (or the broker's
default); a source in its ``cooldown`` after a failure is not asked; answers are reused for
``management.cacheDuration``.

The outcome of a request is an :class:`Outcome`: a decoded body, or a *warning* in the ``NGSILD-Warning``
format (RFC 7234 warn-value ``code agent "text"``): 199 when no answer came in time (or at all), 111 when the
answer was not NGSI-LD JSON, 299 for an HTTP error status. A 404 is no warning: the source holds no data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import msgspec

from citytwin.core.gcpause import gc_paused
from citytwin.federation.credentials import PER_REQUEST, Caller, Credentials
from citytwin.federation.http1 import Http1Pool, Unreachable
from citytwin.federation.registration import Registration
from citytwin.federation.registry import Registry
from citytwin.federation.wire import lazy_entities

WARNING_HEADER = "NGSILD-Warning"
NO_ANSWER = 199
INVALID_ANSWER = 111
ERROR_ANSWER = 299
_DECODE = msgspec.json.Decoder().decode
_CACHE_LIMIT = 1024
_RESERVED = frozenset({"via", "ngsild-tenant", "host", "content-length", "content-type", "transfer-encoding"})
"""Headers the broker sets itself, whatever a registration's contextSourceInfo says."""


@dataclass(slots=True)
class Outcome:
    """What one context source answered: a body (None for 404 or a failure) or a warning."""

    reg: Registration
    status: int | None = None
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)
    warning: str | None = None
    problem: dict[str, Any] | None = None
    """The problem details the source answered with an HTTP error status (when it sent JSON)."""

    @property
    def ok(self) -> bool:
        """Whether the source answered normally (a 404, no data, counts as an answer)."""
        return self.warning is None


def warn_value(code: int, reg: Registration, text: str) -> str:
    """One warn-value: ``199 host:port "registration <id>: text"`` (quotes in the text are replaced)."""
    agent = urlsplit(reg.endpoint).netloc or reg.endpoint
    clean = f"registration {reg.id}: {text}".replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'{code} {agent} "{clean}"'


@dataclass(frozen=True, slots=True)
class Forward:
    """One request to a source: method, path below the API root, parameters, body and extra headers."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    lazy: bool = False
    """An entity query: answer entities as :class:`~citytwin.federation.wire.LazyEntity` (ids decoded)."""

    @property
    def reads(self) -> bool:
        """Whether the request only reads (a GET or a POST query): only reads are answered from the cache."""
        return self.method == "GET" or self.path.endswith("/query")


class SourceClient:
    """Sends :class:`Forward` requests to registered sources and records what happened."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        registry: Registry,
        *,
        default_timeout_ms: float,
        monotonic: Callable[[], float] = time.monotonic,
        credentials: Credentials | None = None,
        fast: Http1Pool | None = None,
    ) -> None:
        self.fast = fast
        """The keep-alive client for plain-http sources (None: httpx for every source)."""
        self.credentials = credentials or Credentials()
        self.http = http
        self.registry = registry
        self.default_timeout_ms = default_timeout_ms
        self.monotonic = monotonic
        self._cache: dict[tuple[Any, ...], tuple[float, Outcome]] = {}

    async def send(
        self, tenant: str, reg: Registration, fwd: Forward, *, via: str, caller: Caller | None = None
    ) -> Outcome:
        """Forward one request for ``caller``; failures come back as warnings, never as exceptions."""
        if self.registry.cooling(tenant, reg):
            return Outcome(reg, warning=warn_value(NO_ANSWER, reg, "not asked: cooling down after a failure"))
        headers = self._headers(reg, fwd, via)
        # Who asks: the caller's identity and this broker's credential at the source (never the caller's own
        # token unless the source's credential entry says so). Answers are cached per caller, not per request.
        headers.update(self.credentials.headers(reg, tenant, caller))
        body = msgspec.json.encode(fwd.body) if fwd.body is not None else None
        key = (
            reg.id,
            reg.doc.get("modifiedAt"),
            fwd.method,
            fwd.path,
            fwd.params,
            fwd.lazy,
            body,
            tuple((k, v) for k, v in headers.items() if k not in PER_REQUEST),
        )
        cached = reg.management.cache_s > 0 and fwd.reads
        if cached:
            hit = self._cache.get(key)
            if hit is not None and hit[0] > self.monotonic():
                return hit[1]
        outcome = await self._request(reg, fwd, headers, body)
        self.registry.record(tenant, reg, ok=outcome.ok)
        if cached and outcome.ok:
            if len(self._cache) >= _CACHE_LIMIT:
                now = self.monotonic()
                self._cache = {k: v for k, v in self._cache.items() if v[0] > now}
            self._cache[key] = (self.monotonic() + reg.management.cache_s, outcome)
        return outcome

    def _headers(self, reg: Registration, fwd: Forward, via: str) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        headers.update((k, v) for k, v in reg.info_headers if k.lower() not in _RESERVED)
        headers.update(fwd.headers)
        headers["Via"] = via  # last: no contextSourceInfo pair may drop the loop detection
        if reg.tenant:
            headers["NGSILD-Tenant"] = reg.tenant
        return headers

    async def _request(
        self, reg: Registration, fwd: Forward, headers: dict[str, str], body: bytes | None
    ) -> Outcome:
        timeout_ms = reg.management.timeout_ms or self.default_timeout_ms
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        url = reg.api_root + fwd.path
        try:
            if self.fast is not None and self.fast.handles(url):
                reply = await self.fast.request(
                    fwd.method,
                    url,
                    params=fwd.params,
                    headers=headers.items(),
                    content=body,
                    timeout_s=timeout_ms / 1000,
                    idempotent=fwd.reads,
                )
                status, got, content = reply.status, reply.headers, reply.content
            else:
                response = await self.http.request(
                    fwd.method,
                    url,
                    params=list(fwd.params),
                    content=body,
                    headers=headers,
                    timeout=timeout_ms / 1000,
                )
                status, got, content = response.status_code, dict(response.headers), response.content
        except (httpx.TimeoutException, TimeoutError):
            return Outcome(reg, warning=warn_value(NO_ANSWER, reg, f"no response within {timeout_ms:g} ms"))
        except httpx.HTTPError as err:
            reason = type(err).__name__
            return Outcome(reg, warning=warn_value(NO_ANSWER, reg, f"unreachable ({reason})"))
        except Unreachable as err:
            return Outcome(reg, warning=warn_value(NO_ANSWER, reg, f"unreachable ({err.reason})"))
        if status == 404:
            return Outcome(reg, status=404, headers=got)
        if status >= 300:
            problem = _problem(content)
            detail = str(problem.get("detail") or problem.get("title") or "")[:200] if problem else ""
            text = f"answered {status}" + (f": {detail}" if detail else "")
            warning = warn_value(ERROR_ANSWER, reg, text)
            return Outcome(reg, status=status, warning=warning, problem=problem)
        if fwd.lazy and content:
            lazy = lazy_entities(content)
            if lazy is not None:
                return Outcome(reg, status=status, body=lazy, headers=got)
        try:
            if len(content) < 65536:
                decoded = _DECODE(content) if content else None
            else:
                with gc_paused():  # a large answer makes many objects: collecting midway only costs time
                    decoded = _DECODE(content)
        except msgspec.DecodeError:
            return Outcome(reg, status=status, warning=warn_value(INVALID_ANSWER, reg, "invalid JSON"))
        return Outcome(reg, status=status, body=decoded, headers=got)


def _problem(content: bytes) -> dict[str, Any] | None:
    """The JSON object an error answer carries (NGSI-LD problem details), if any."""
    try:
        body = _DECODE(content)
    except msgspec.DecodeError:
        return None
    return body if isinstance(body, dict) else None


def invalid(reg: Registration, what: str) -> str:
    """The warning for an answer that is JSON but not what the operation returns."""
    return warn_value(INVALID_ANSWER, reg, f"invalid answer: {what}")
