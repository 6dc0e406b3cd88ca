"""The federation services of one app: registry, forwarding client, this broker's identity, loop detection.

:func:`federation` finds them on a request; :meth:`Federation.sources` answers the one question every
distributed operation starts with: which registered sources must this request go to (None: none, answer
locally). That is a cached dict lookup for a tenant without registrations.

Loops: every forwarded request carries ``Via`` with this broker's alias added (RFC 9110 clause 7.6.3). A
request whose ``Via`` already names this broker has passed here before and is answered locally; a
registration whose ``contextSourceAlias`` is in ``Via`` is not asked again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from starlette.requests import Request

from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import ResourceNotFound
from citytwin.federation.client import SourceClient
from citytwin.federation.config import FederationSettings
from citytwin.federation.credentials import Caller, Credentials
from citytwin.federation.csubs import CsourceNotifier
from citytwin.federation.http1 import Http1Pool
from citytwin.federation.matching import SourceQuery, matching_infos
from citytwin.federation.registration import RegInfo, Registration
from citytwin.federation.registry import Registry
from citytwin.ngsild.context import ContextResolver
from citytwin.ngsild.request import Call, run
from citytwin.storage.base import DEFAULT_TENANT, Store

log = logging.getLogger(__name__)

IDENTITY_KIND = "federation"
IDENTITY_ID = "identity"


@dataclass(slots=True)
class Match:
    """A registration that can answer, with the RegistrationInfos that matched."""

    reg: Registration
    infos: list[RegInfo]


@dataclass(slots=True)
class Sources:
    """Where a request goes: the matching registrations and the ``Via`` value to send them."""

    fed: Federation
    tenant: str
    matches: list[Match]
    via: str
    caller: Caller | None = None
    """On whose behalf the requests are forwarded (None: the platform's own)."""

    @property
    def regs(self) -> list[Registration]:
        """The matching registrations."""
        return [m.reg for m in self.matches]


class Federation:
    """Registry, forwarding client and identity of one app (closed by the app's lifespan)."""

    def __init__(
        self,
        store: Store,
        settings: FederationSettings | None = None,
        *,
        clock: Clock = utc_now,
        resolver: ContextResolver | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings or FederationSettings()
        self.store = store
        self.clock = clock
        self.started = clock()
        self.registry = Registry(store, clock=clock, ttl=self.settings.cache_ttl_s)
        limits = httpx.Limits(max_connections=self.settings.max_connections, max_keepalive_connections=64)
        self.http = httpx.AsyncClient(
            transport=transport, limits=limits, follow_redirects=False, trust_env=False
        )
        credentials = (
            Credentials.load(self.settings.credentials) if self.settings.credentials else Credentials()
        )
        # Plain-http sources go through the lighter keep-alive client; an injected transport (tests, a
        # gateway) keeps every request on httpx.
        self.fast = Http1Pool() if transport is None else None
        self.client = SourceClient(
            self.http,
            self.registry,
            default_timeout_ms=self.settings.timeout_ms,
            credentials=credentials,
            fast=self.fast,
        )
        self.resolver = resolver or ContextResolver()
        self.csubs = CsourceNotifier(store, self.resolver.resolve, clock=clock)
        self._identity: dict[str, Any] | None = None
        self._resuming: asyncio.Task[None] | None = None
        from citytwin.federation.propagation import Propagator  # it imports routes that import this module

        public = (
            self.settings.public_url
            or getattr(self.resolver.store, "base_url", "")
            or "http://127.0.0.1:8000"
        )
        self.propagation = Propagator(self, store, public_url=public, interval_s=self.settings.propagate_s)
        """Subscriptions propagated to the sources (:mod:`citytwin.federation.propagation`)."""

    def start(self) -> None:
        """Start the background work (propagating subscriptions, the schedules of periodic registration
        subscriptions stored before this process started); called by the app's lifespan."""
        self.propagation.start()
        if self._resuming is None:
            self._resuming = asyncio.create_task(self._resume(), name="citytwin-csubs-resume")

    async def _resume(self) -> None:
        try:
            await self.csubs.resume()
        except Exception:  # the broker serves without them; the log says why
            log.exception("the periodic csourceSubscriptions could not be resumed")

    async def aclose(self) -> None:
        """Stop propagation and registration notifications; close the connections to context sources."""
        if self._resuming is not None:
            self._resuming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._resuming
        await self.propagation.aclose()
        await self.csubs.aclose()
        await self.http.aclose()
        if self.fast is not None:
            self.fast.close()

    # -- identity ------------------------------------------------------------------------------------------

    async def identity(self) -> dict[str, Any]:
        """This broker's identity: a stable id and the alias it writes into ``Via`` (kept in the store)."""
        if self._identity is None:
            self._identity = await run(self._load_identity)
        return self._identity

    def _load_identity(self) -> dict[str, Any]:
        store = self.store.tenant(DEFAULT_TENANT)
        try:
            doc = store.get_document(IDENTITY_KIND, IDENTITY_ID)
        except ResourceNotFound:
            doc = {
                "id": f"urn:ngsi-ld:ContextSourceIdentity:{uuid.uuid4()}",
                "alias": f"citytwin-{uuid.uuid4().hex[:12]}",
                "createdAt": format_instant(self.clock()),
            }
            store.put_document(IDENTITY_KIND, IDENTITY_ID, doc)
            doc = store.get_document(IDENTITY_KIND, IDENTITY_ID)  # another worker may have written first
        if self.settings.alias:
            doc = {**doc, "alias": self.settings.alias}
        return doc

    async def alias(self, tenant: str = DEFAULT_TENANT) -> str:
        """The name this broker writes into ``Via`` for ``tenant`` (:func:`tenant_alias`)."""
        return tenant_alias(str((await self.identity())["alias"]), tenant)

    # -- registrations ---------------------------------------------------------------------------------------

    async def registrations(self, tenant: str) -> tuple[Registration, ...]:
        """The tenant's registrations (cached)."""
        found = self.registry.peek(tenant)
        if found is None:
            found = await run(self.registry.load, tenant)
        return found

    def quiet(self, call: Call) -> bool:
        """True when the request certainly goes to no source (``local=true``, or no registration cached)."""
        return call.local or self.registry.peek(call.tenant) == ()

    async def sources(self, call: Call, query: SourceQuery) -> Sources | None:
        """The registered sources ``query`` must go to; None when it is answered locally only."""
        if call.local:
            return None
        regs = self.registry.peek(call.tenant)
        if regs is None:
            regs = await run(self.registry.load, call.tenant)
        if not regs:
            return None
        incoming = call.request.headers.get("via", "")
        passed = via_names(incoming)
        alias = await self.alias(call.tenant)
        if alias in passed:
            return None  # this request went through this broker already: answer locally, forward nothing
        now = self.clock()
        matches = []
        for reg in regs:
            if reg.alias is not None and reg.alias in passed:
                continue
            infos = matching_infos(reg, query, now)
            if infos:
                matches.append(Match(reg, infos))
        if not matches:
            return None
        via = f"{incoming}, 1.1 {alias}" if incoming.strip() else f"1.1 {alias}"
        return Sources(self, call.tenant, matches, via, caller_of(call.request))

    def now(self) -> datetime:
        """The federation clock."""
        return self.clock()


def tenant_alias(alias: str, tenant: str) -> str:
    """The alias of one tenant of this broker (NGSI-LD 5.2.40: in the multi-tenancy case it "shall be
    identifying a specific Tenant"; ETSI TP 061_01_05): the broker's alias for the default tenant, else
    ``<alias>+<tenant>`` with ``:`` written ``~`` (a tenant name never holds ``+`` or ``~``, and a ``Via``
    pseudonym cannot hold ``:``). Two tenants of one broker federated with each other are then two hops, not a
    loop."""
    return alias if tenant == DEFAULT_TENANT else f"{alias}+{tenant.replace(':', '~')}"


def via_names(header: str) -> set[str]:
    """The intermediaries a ``Via`` header names (``1.1 a, HTTP/1.1 b (comment)`` → {a, b})."""
    out = set()
    for part in header.split(","):
        bits = part.strip().split()
        if len(bits) >= 2:
            out.add(bits[1])
    return out


def caller_of(request: Request) -> Caller | None:
    """The subject a request is answered for, with the credentials it came with."""
    from citytwin.governance.enforce_context import current

    ctx = current()
    if ctx is None:
        return None
    headers = request.headers
    return Caller(
        ctx.actor, ctx.request_id, ctx.purpose, headers.get("authorization"), headers.get("x-api-key")
    )


def federation(request: Request) -> Federation | None:
    """The app's federation services (None in an app built without them)."""
    found: Federation | None = getattr(request.app.state, "federation", None)
    return found
