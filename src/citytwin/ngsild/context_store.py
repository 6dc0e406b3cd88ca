"""Where @context documents come from: the shipped core contexts, contexts hosted here, and remote ones.

The ETSI core contexts (v1.6, v1.7, v1.8) ship in ``citytwin/data/jsonld`` and are never fetched: an
air-gapped twin must work. Remote user contexts are fetched over HTTP(S) with a deadline and a size limit,
and kept in a TTL + LRU cache keyed by URL; a failed fetch is remembered briefly so a dead host is not
hammered. Contexts posted to ``/jsonldContexts`` (kind Hosted) and those the broker makes for inline contexts
(ImplicitlyCreated) are served from memory, also when a request refers to them by URL.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import re
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx
import msgspec

from citytwin.errors import BadRequestData, LdContextNotAvailable, ResourceNotFound

CONTEXTS_PATH = "/ngsi-ld/v1/jsonldContexts"
"""Where hosted contexts are served (the API mounts the routes under ``/ngsi-ld/v1``)."""
CORE_VERSIONS = ("1.6", "1.7", "1.8")
LATEST_CORE = "1.8"
CORE_CONTEXT_URL = f"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v{LATEST_CORE}.jsonld"
"""The core context this platform speaks; named in responses of requests that bring no context."""
PLATFORM_CONTEXT_ID = "citytwin"
"""Local id of ``citytwin-context.jsonld`` (the platform's own terms) among the hosted contexts."""

_CORE_URL = re.compile(r"https?://uri\.etsi\.org/ngsi-ld/v1/ngsi-ld-core-context(?:-v1\.(\d+))?\.jsonld")
_ACCEPT = "application/ld+json, application/json;q=0.9, */*;q=0.1"
_MAX_FAILURES = 1024


def core_version(url: str) -> str | None:
    """The shipped core context version a core context URL stands for (None for any other URL).

    The unversioned URL is the latest shipped version; versions before v1.6 or after v1.8 map to the nearest
    shipped one, because fetching the core context from ETSI at run time is exactly what must never happen.
    """
    match = _CORE_URL.fullmatch(url)
    if match is None:
        return None
    minor = match.group(1)
    if minor is None:
        return LATEST_CORE
    return f"1.{min(max(int(minor), 6), 8)}"


def _read_jsonld(name: str) -> dict[str, Any]:
    raw = files("citytwin.data").joinpath("jsonld", name).read_bytes()
    doc = msgspec.json.decode(raw)
    if not isinstance(doc, dict) or not isinstance(doc.get("@context"), dict):
        raise ValueError(f"shipped context {name} has no @context object")
    context: dict[str, Any] = doc["@context"]
    return context


@cache
def core_context(version: str = LATEST_CORE) -> dict[str, Any]:
    """The ``@context`` object of a shipped core context (read once from the package)."""
    if version not in CORE_VERSIONS:
        raise ValueError(f"no shipped core context v{version}; shipped: {', '.join(CORE_VERSIONS)}")
    return _read_jsonld(f"ngsi-ld-core-context-v{version}.jsonld")


@cache
def platform_context() -> dict[str, Any]:
    """The ``@context`` object of ``citytwin-context.jsonld``: cimLevel, adminCode, gridCode, entity types."""
    return _read_jsonld("citytwin-context.jsonld")


class ContextKind(StrEnum):
    """The kinds of stored @context of NGSI-LD clause 5.13."""

    HOSTED = "Hosted"
    CACHED = "Cached"
    IMPLICIT = "ImplicitlyCreated"

    @classmethod
    def parse(cls, text: str) -> ContextKind:
        """Accept the kind names case-insensitively (``hosted``, ``Cached`` ...)."""
        for kind in cls:
            if kind.value.lower() == text.lower():
                return kind
        names = ", ".join(k.value for k in cls)
        raise BadRequestData(f"kind must be one of {names}, got {text!r}")


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def utc_now() -> datetime:
    """The current time in UTC (the default wall clock of the store)."""
    return datetime.now(UTC)


@dataclass(slots=True, eq=False)
class ContextEntry:
    """One stored @context: where it is served, what it holds and how it has been used."""

    local_id: str
    url: str
    kind: ContextKind
    context: Any
    """The value of the document's ``@context`` member (what ``GET /jsonldContexts/{id}`` wraps)."""
    created_at: datetime
    last_usage: datetime | None = None
    hits: int = 0
    expires: float = math.inf
    """Monotonic deadline of a cached copy."""
    builtin: bool = False
    """Shipped with the package: never fetched, never deleted."""
    tenant: str = ""
    """The tenant that added a hosted context ("": the default tenant); only it manages the entry (5.5.10)."""

    def managed_by(self, tenant: str) -> bool:
        """Whether ``tenant`` may list, serve or delete this entry through ``/jsonldContexts``.

        A hosted context is private to the tenant that added it (ETSI TP 5134_01); shipped, cached and
        implicitly created ones are broker-wide.
        """
        return self.builtin or self.kind is not ContextKind.HOSTED or self.tenant == tenant

    def metadata(self) -> dict[str, Any]:
        """The entry as NGSI-LD lists it with ``details=true``."""
        out: dict[str, Any] = {
            "URL": self.url,
            "localId": self.local_id,
            "kind": self.kind.value,
            "createdAt": _iso(self.created_at),
        }
        if self.kind is ContextKind.CACHED:
            if self.last_usage is not None:
                out["lastUsage"] = _iso(self.last_usage)
            out["numberOfHits"] = self.hits
        return out

    def document(self) -> dict[str, Any]:
        """The entry as a JSON-LD context document."""
        return {"@context": self.context}


class ContextStore:
    """The broker's @context storage: shipped, hosted, implicitly created and cached remote contexts."""

    def __init__(
        self,
        *,
        base_url: str = "",
        timeout: float = 5.0,
        max_bytes: int = 4 * 1024 * 1024,
        ttl: float = 3600.0,
        failure_ttl: float = 10.0,
        max_cached: int = 256,
        max_implicit: int = 4096,
        transport: httpx.AsyncBaseTransport | None = None,
        trust_env: bool = True,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.ttl = ttl
        self.failure_ttl = failure_ttl
        self.max_cached = max_cached
        self.max_implicit = max_implicit
        self._transport = transport
        self._trust_env = trust_env
        self._clock = clock
        self._now = now
        self._client: httpx.AsyncClient | None = None
        self._client_loop: asyncio.AbstractEventLoop | None = None
        self._inflight: dict[str, asyncio.Future[Any]] = {}
        self._failures: dict[str, tuple[float, str]] = {}
        self._cached: OrderedDict[str, ContextEntry] = OrderedDict()
        self._hosted: dict[str, ContextEntry] = {}
        self._implicit: OrderedDict[str, ContextEntry] = OrderedDict()
        started = now()
        self._builtin: dict[str, ContextEntry] = {}
        for version in CORE_VERSIONS:
            url = f"https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v{version}.jsonld"
            local_id = f"ngsi-ld-core-context-v{version}"
            entry = ContextEntry(
                local_id, url, ContextKind.CACHED, core_context(version), started, builtin=True
            )
            self._builtin[local_id] = entry
        platform = ContextEntry(
            PLATFORM_CONTEXT_ID,
            self.url_of(PLATFORM_CONTEXT_ID),
            ContextKind.HOSTED,
            platform_context(),
            started,
            builtin=True,
        )
        self._builtin[PLATFORM_CONTEXT_ID] = platform

    # -- naming -------------------------------------------------------------------------------------------

    def url_of(self, local_id: str) -> str:
        """The URL at which this broker serves a stored context."""
        return f"{self.base_url}{CONTEXTS_PATH}/{quote(local_id, safe='')}"

    def is_local(self, url: str) -> bool:
        """Whether ``url`` names this broker's own context endpoint (by path, or under ``base_url``)."""
        own = f"{self.base_url}{CONTEXTS_PATH}/" if self.base_url else None
        return url.startswith(f"{CONTEXTS_PATH}/") or (own is not None and url.startswith(own))

    @staticmethod
    def local_id_of(url: str) -> str | None:
        """The local id when the path of ``url`` is a context endpoint (of this or another broker)."""
        path = urlsplit(url).path
        prefix = f"{CONTEXTS_PATH}/"
        if path.startswith(prefix) and len(path) > len(prefix):
            return unquote(path[len(prefix) :])
        return None

    def stored(self, local_id: str) -> ContextEntry | None:
        """A shipped, hosted or implicitly created context by local id."""
        return self._builtin.get(local_id) or self._hosted.get(local_id) or self._implicit.get(local_id)

    # -- documents ----------------------------------------------------------------------------------------

    async def document(self, url: str) -> Any:
        """The ``@context`` value of the document at ``url``: from memory, the cache or the web (else 503)."""
        version = core_version(url)
        if version is not None:
            return core_context(version)
        local_id = self.local_id_of(url)
        if local_id is not None:
            # Ids are random or content hashes, so a known one is this broker's context even under another
            # host name (a proxy, localhost); an unknown one under our own URL cannot be fetched from anyone.
            entry = self.stored(local_id)
            if entry is not None:
                return entry.context
            if self.is_local(url):
                raise LdContextNotAvailable(f"@context {url} is not hosted by this broker")
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise BadRequestData(f"@context reference {url!r} is not an absolute http(s) URL")
        cached = self._cached.get(url)
        moment = self._clock()
        if cached is not None and cached.expires > moment:
            self._cached.move_to_end(url)
            self._hit(cached)
            return cached.context
        failed = self._failures.get(url)
        if failed is not None and failed[0] > moment:
            raise LdContextNotAvailable(failed[1] + " (remembered from a recent attempt)")
        task = self._inflight.get(url)
        if task is None:
            # Concurrent requests naming the same new context share one download.
            task = asyncio.ensure_future(self._download(url))
            self._inflight[url] = task
            task.add_done_callback(lambda done: self._settled(url, done))
        downloaded: ContextEntry = await asyncio.shield(task)
        return downloaded.context

    def _settled(self, url: str, task: asyncio.Future[Any]) -> None:
        self._inflight.pop(url, None)
        if not task.cancelled():
            task.exception()  # every waiter may have gone away (client disconnects): mark the failure as seen

    def expiry(self, url: str) -> float:
        """Until when (monotonic) a context built from the document at ``url`` may be reused."""
        entry = self._cached.get(url)
        if entry is not None:
            return entry.expires
        remote = core_version(url) is None and self.local_id_of(url) is None
        return self._clock() + self.ttl if remote else math.inf

    def touch(self, url: str) -> None:
        """Count a use of a cached remote context (a request whose resolved context depends on it)."""
        entry = self._cached.get(url)
        if entry is not None:
            self._hit(entry)

    def _hit(self, entry: ContextEntry) -> None:
        entry.hits += 1
        entry.last_usage = self._now()

    def _http(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        # An httpx client's connection pool belongs to one event loop.
        if self._client is None or self._client_loop is not loop:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=True,
                max_redirects=5,
                trust_env=self._trust_env,
                headers={"Accept": _ACCEPT},
            )
            self._client_loop = loop
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client (call from the app's lifespan)."""
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def _download(self, url: str) -> ContextEntry:
        try:
            context = await self._fetch(url)
        except LdContextNotAvailable as err:
            if len(self._failures) >= _MAX_FAILURES:
                self._failures.clear()
            self._failures[url] = (self._clock() + self.failure_ttl, err.detail)
            raise
        self._failures.pop(url, None)
        moment = self._now()
        previous = self._cached.pop(url, None)
        entry = ContextEntry(
            _cached_id(url),
            url,
            ContextKind.CACHED,
            context,
            previous.created_at if previous is not None else moment,
            last_usage=moment,
            hits=previous.hits if previous is not None else 0,
            expires=self._clock() + self.ttl,
        )
        self._cached[url] = entry
        while len(self._cached) > self.max_cached:
            self._cached.popitem(last=False)
        return entry

    async def _fetch(self, url: str) -> Any:
        def unavailable(cause: str) -> LdContextNotAvailable:
            return LdContextNotAvailable(f"@context {url} could not be retrieved: {cause}")

        try:
            async with asyncio.timeout(self.timeout):
                async with self._http().stream("GET", url) as response:
                    if response.status_code != 200:
                        raise unavailable(f"the server answered HTTP {response.status_code}")
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > self.max_bytes:
                        raise unavailable(f"the document is larger than {self.max_bytes} bytes")
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            raise unavailable(f"the document is larger than {self.max_bytes} bytes")
        except TimeoutError:
            raise unavailable(f"no complete answer within {self.timeout:g} s") from None
        except httpx.TooManyRedirects:
            raise unavailable("too many redirects") from None
        except (httpx.ConnectError, httpx.ConnectTimeout):
            raise unavailable("the host cannot be reached") from None
        except httpx.TimeoutException:
            raise unavailable(f"no complete answer within {self.timeout:g} s") from None
        except httpx.HTTPError as err:
            raise unavailable(f"transfer failed ({type(err).__name__})") from None
        # 5.5.6: a context that was retrieved but is not a valid JSON-LD context is BadRequestData, not
        # LdContextNotAvailable (ETSI TP 556_01).
        try:
            doc = msgspec.json.decode(bytes(body))
        except msgspec.DecodeError:
            raise BadRequestData(f"@context {url} is invalid: the document is not JSON") from None
        if not isinstance(doc, dict) or "@context" not in doc:
            raise BadRequestData(f"@context {url} is invalid: the document has no @context member")
        return doc["@context"]

    # -- hosted and implicit contexts ---------------------------------------------------------------------

    def host(self, context: Any, tenant: str = "") -> ContextEntry:
        """Store a context posted by a client of ``tenant`` (kind Hosted) under a new local id."""
        local_id = uuid.uuid4().hex
        entry = ContextEntry(
            local_id, self.url_of(local_id), ContextKind.HOSTED, context, self._now(), tenant=tenant
        )
        self._hosted[local_id] = entry
        return entry

    def implicit(self, reference: Any, canonical: bytes) -> ContextEntry:
        """The implicitly created context standing for an inline or composite reference (by content)."""
        local_id = "implicit-" + hashlib.sha256(canonical).hexdigest()[:32]
        entry = self._implicit.get(local_id)
        if entry is None:
            entry = ContextEntry(
                local_id, self.url_of(local_id), ContextKind.IMPLICIT, reference, self._now()
            )
            self._implicit[local_id] = entry
            while len(self._implicit) > self.max_implicit:
                self._implicit.popitem(last=False)
        else:
            self._implicit.move_to_end(local_id)
        return entry

    def keep(self, entry: ContextEntry) -> None:
        """Mark an implicitly created context as in use (and serve it again if it was evicted)."""
        self._implicit[entry.local_id] = entry
        self._implicit.move_to_end(entry.local_id)
        while len(self._implicit) > self.max_implicit:
            self._implicit.popitem(last=False)

    # -- management ---------------------------------------------------------------------------------------

    def entries(self, kind: ContextKind | None = None) -> list[ContextEntry]:
        """Every stored context (shipped ones first), optionally of one kind only."""
        moment = self._clock()
        found = [
            *self._builtin.values(),
            *self._hosted.values(),
            *self._implicit.values(),
            *(e for e in self._cached.values() if e.expires > moment),
        ]
        return [e for e in found if kind is None or e.kind is kind]

    def find(self, context_id: str) -> ContextEntry:
        """A stored context by local id or, for cached and shipped ones, by URL (404 when unknown)."""
        version = core_version(context_id)
        if version is not None:
            return self._builtin[f"ngsi-ld-core-context-v{version}"]
        entry = self.stored(self.local_id_of(context_id) or context_id)
        if entry is None:
            entry = self._cached.get(context_id)
            if entry is None:
                entry = next((e for e in self._cached.values() if e.local_id == context_id), None)
        if entry is None:
            raise ResourceNotFound(f"no @context {context_id!r} is stored here")
        return entry

    def remove(self, entry: ContextEntry) -> None:
        """Forget a stored context (400 for the shipped ones)."""
        if entry.builtin:
            raise BadRequestData(f"@context {entry.url} ships with the platform and cannot be deleted")
        if entry.kind is ContextKind.CACHED:
            self._cached.pop(entry.url, None)
        elif entry.kind is ContextKind.HOSTED:
            self._hosted.pop(entry.local_id, None)
        else:
            self._implicit.pop(entry.local_id, None)

    async def reload(self, entry: ContextEntry) -> None:
        """Download a cached context again, keeping the old copy if that fails (503)."""
        if entry.builtin:
            return  # the shipped copy is authoritative; there is nothing to download
        if entry.kind is not ContextKind.CACHED:
            raise BadRequestData(
                f"only cached contexts can be reloaded; {entry.local_id} is {entry.kind.value}"
            )
        self._failures.pop(entry.url, None)
        await self._download(entry.url)


def _cached_id(url: str) -> str:
    return "cached-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
