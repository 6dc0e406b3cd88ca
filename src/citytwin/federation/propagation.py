"""Subscriptions propagated to context sources (ETSI GS CIM 009 V1.8.1 clauses 4.3.6, 5.8): subordinate
subscriptions at the sources, whose notifications come back here and go on to the subscriber as if local.

A subscription of this broker (``localOnly`` not true) is propagated to every registration that offers
``createSubscription`` and could hold what it selects: its entity selectors, watched attributes and geoQ,
and its ``csf`` over the registrations' own properties. A *subordinate* subscription is created at that
source with the same selection (``entities``, ``watchedAttributes``, ``notificationTrigger``, ``q``,
``geoQ``, ``scopeQ``, ``temporalQ``, ``throttling``, ``timeInterval``, ``expiresAt``, ``isActive``, ``lang``,
``notification.attributes``), asking for normalized entities with system attributes, sent to this broker's
receiver (:mod:`.propagation_receive`) with a secret key. Changing the subscription updates its subordinates
(``updateSubscription``, else deleted and created again); deleting it, or a registration that no longer
matches, deletes them (``deleteSubscription``).

This is reconciled rather than hooked into the subscription routes: every ``CITYTWIN_FEDERATION_PROPAGATE_S``
(2 s) the one process holding the store's ``federation-propagation`` lease compares each tenant's
subscriptions with what it propagated (kept as store documents, kind :data:`KIND`) and sends what differs; a
source that fails is tried again on the next pass. A subscription reaches the sources within a pass of being
written, by whichever process, and registrations added later are picked up the same way.

Loops: a subordinate subscription carries the chain of brokers it passed as a ``Via`` receiverInfo pair; a
broker finding its own alias there propagates it no further, nor to a registration whose alias is in it, nor
back to the broker its notifications go to (same host and port as the registration's endpoint).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool

from citytwin.core.qlang import parse_q
from citytwin.core.timeutil import to_micros
from citytwin.core.typeexpr import parse_types
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.federation.client import Forward, Outcome
from citytwin.federation.matching import SourceQuery, matching_infos
from citytwin.federation.registration import Registration
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.routes_query import geo_filter
from citytwin.storage.base import Store
from citytwin.stream.demand import SUBSCRIPTION_KIND
from citytwin.stream.subscription import DeliveryStatus, StoredSubscription, render_subscription

if TYPE_CHECKING:
    from citytwin.federation.service import Federation

log = logging.getLogger(__name__)

KIND = "subscriptionPropagation"
"""Store documents of what was propagated, one per local subscription (by its id)."""
LEASE = "federation-propagation"
RECEIVER_PATH = "/ngsi-ld/v1/csourceNotify"
KEY_HEADER = "X-Citytwin-Propagation-Key"
CREATE, UPDATE, DELETE = "createSubscription", "updateSubscription", "deleteSubscription"
COPIED = (
    "entities", "watchedAttributes", "notificationTrigger", "q", "geoQ", "scopeQ", "temporalQ",
    "throttling", "timeInterval", "expiresAt", "isActive", "lang",
)  # fmt: skip
_PAGE = 1000


def via_chain(body: Mapping[str, Any]) -> str:
    """The ``Via`` chain a subscription came with (a subordinate made by another broker), or ''."""
    endpoint = body.get("notification", {}).get("endpoint", {})
    for pair in endpoint.get("receiverInfo") or ():
        if isinstance(pair, dict) and str(pair.get("key", "")).lower() == "via":
            return str(pair.get("value", ""))
    return ""


def targets(
    body: Mapping[str, Any], regs: Iterable[Registration], ctx: LdContext, now: datetime, passed: set[str]
) -> list[Registration]:
    """The registrations a subscription (stored body) is propagated to.

    A subordinate (``passed`` names brokers) is not sent back to the broker its notifications go to.
    """
    if body.get("localOnly"):
        return []
    back = urlsplit(body["notification"]["endpoint"]["uri"]).netloc if passed else None
    csf = parse_q(body["csf"], expand=ctx.to_store) if "csf" in body else None
    geo = None
    if "geoQ" in body:
        g = body["geoQ"]
        geo = geo_filter(g["georel"], g["geometry"], g["coordinates"], None, ctx)
    watched = tuple(body.get("watchedAttributes", ()))
    queries = [
        SourceQuery(
            CREATE,
            types=parse_types(sel["type"]),
            ids=(sel["id"],) if "id" in sel else (),
            id_pattern=sel.get("idPattern"),
            attrs=watched,
            geo=geo,
            csf=csf,
        )
        for sel in body.get("entities", ())
    ] or [SourceQuery(CREATE, attrs=watched, geo=geo, csf=csf)]
    return [
        reg
        for reg in regs
        if reg.mode != "auxiliary"
        and not (reg.alias and reg.alias in passed)
        and urlsplit(reg.endpoint).netloc != back
        and any(matching_infos(reg, q, now) for q in queries)
    ]


def receiver_uri(public_url: str, tenant: str, sub_id: str) -> str:
    """Where a source sends the notifications of one subscription's subordinates."""
    return (
        f"{public_url}{RECEIVER_PATH}?tenant={quote(tenant, safe='')}&subscription={quote(sub_id, safe='')}"
    )


def subordinate(
    stored: StoredSubscription, ctx: LdContext, now: datetime, *, remote_id: str, uri: str, key: str, via: str
) -> dict[str, Any]:
    """The body of a subordinate subscription (names in the subscription's own @context)."""
    shown = render_subscription(stored, DeliveryStatus(), ctx, now)
    body: dict[str, Any] = {
        "id": remote_id,
        "type": "Subscription",
        "description": f"propagated from {stored.id}",
    }
    body.update({k: shown[k] for k in COPIED if k in shown})
    notification: dict[str, Any] = {
        "format": "normalized",
        "sysAttrs": True,
        "endpoint": {
            "uri": uri,
            "accept": "application/json",
            "receiverInfo": [{"key": KEY_HEADER, "value": key}, {"key": "Via", "value": via}],
        },
    }
    if "attributes" in shown["notification"]:
        notification["attributes"] = shown["notification"]["attributes"]
    body["notification"] = notification
    return body


def _version(stored: StoredSubscription, reg: Registration) -> str:
    return f"{stored.modified_at}|{reg.doc.get('modifiedAt', '')}"


class Propagator:
    """Keeps every subscription's subordinates at the sources in step (see the module docstring)."""

    def __init__(self, fed: Federation, store: Store, *, public_url: str, interval_s: float) -> None:
        self.fed = fed
        self.store = store
        self.public_url = public_url.rstrip("/")
        self.interval_s = interval_s
        self.owner = f"propagation-{uuid.uuid4().hex[:12]}"
        self.last: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
        """The last item sent on per (tenant, subscription, entity): the receiver drops repeats."""
        self.compiled: dict[tuple[str, str], tuple[str, Any]] = {}
        """The receiver's compiled subscriptions by (tenant, id): (modifiedAt, CompiledSubscription)."""
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle ------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the reconciling loop (unless propagation is off)."""
        if self.interval_s > 0 and self._task is None:
            self._task = asyncio.create_task(self._loop(), name="citytwin-subscription-propagation")

    async def aclose(self) -> None:
        """Stop the loop and give the lease back."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
            with contextlib.suppress(CitytwinError):
                await run_in_threadpool(self.store.release_lease, LEASE, self.owner)

    async def _loop(self) -> None:
        while True:
            try:
                await self.reconcile()
            except CitytwinError as err:
                log.warning("subscription propagation: %s", err.detail)
            except Exception:  # a malformed document must not end propagation for every subscription
                log.exception("subscription propagation pass failed")
            await asyncio.sleep(self.interval_s)

    def remember(self, key: tuple[str, str, str], item: bytes) -> None:
        """Note the item last sent for an entity of a subscription (bounded)."""
        self.last[key] = item
        self.last.move_to_end(key)
        while len(self.last) > 100_000:
            self.last.popitem(last=False)

    # -- reconciling --------------------------------------------------------------------------------------
    async def reconcile(self) -> bool:
        """One pass over every tenant (False: another process holds the lease)."""
        done = set(await run_in_threadpool(self.store.document_tenants, KIND))
        subscribed = await run_in_threadpool(self.store.document_tenants, SUBSCRIPTION_KIND)
        # The usual case costs two reads: no tenant both subscribes and registers, nothing was propagated.
        tenants = sorted(done | {t for t in subscribed if await self.fed.registrations(t)})
        if not tenants:
            return True
        now = self.fed.now()
        until = to_micros(now) + int(max(self.interval_s, 1.0) * 3 * 1_000_000)
        try:
            leading = await run_in_threadpool(
                self.store.acquire_lease, LEASE, self.owner, until, to_micros(now)
            )
        except CitytwinError:
            leading = True  # a store without leases serves one process
        if not leading:
            return False
        for tenant in tenants:
            await self._tenant(tenant)
        return True

    def _documents(self, tenant: str, kind: str) -> dict[str, dict[str, Any]]:
        store = self.store.tenant(tenant)
        out: dict[str, dict[str, Any]] = {}
        offset = 0
        while True:
            page = store.list_documents(kind, limit=_PAGE, offset=offset)
            out.update(page)
            if len(page) < _PAGE:
                return out
            offset += _PAGE

    async def _tenant(self, tenant: str) -> None:
        regs = await self.fed.registrations(tenant)
        done = await run_in_threadpool(self._documents, tenant, KIND)
        if not regs and not done:
            return  # the usual case: nothing registered, nothing propagated
        subs = await run_in_threadpool(self._documents, tenant, SUBSCRIPTION_KIND)
        alias = await self.fed.alias(tenant)
        now = self.fed.now()
        for sub_id, doc in subs.items():
            stored = StoredSubscription.from_doc(doc)
            chain = via_chain(stored.body)
            passed = _via_names(chain)
            try:
                ctx = await self.fed.resolver.resolve(stored.context)
                wanted = [] if alias in passed else targets(stored.body, regs, ctx, now, passed)
            except CitytwinError as err:
                log.warning("subscription %s cannot be propagated now: %s", sub_id, err.detail)
                continue
            previous = done.pop(sub_id, None)
            if previous is None and not wanted:
                continue
            state = previous or {"subscription": sub_id, "key": secrets.token_urlsafe(24), "remotes": {}}
            versions = {r.id: _version(stored, r) for r in wanted}
            current = {k: v.get("version") for k, v in state["remotes"].items()}
            if previous is not None and current == versions:
                continue
            via = f"{chain}, 1.1 {alias}" if chain.strip() else f"1.1 {alias}"
            await self._apply(tenant, stored, ctx=ctx, wanted=wanted, state=state, via=via)
            await self._save(tenant, sub_id, state)
        for sub_id, state in done.items():  # the subscription is gone
            await self._apply(tenant, None, ctx=None, wanted=[], state=state, via=f"1.1 {alias}")
            await self._save(tenant, sub_id, state)

    async def _save(self, tenant: str, sub_id: str, state: dict[str, Any]) -> None:
        store = self.store.tenant(tenant)
        if state["remotes"] or state.get("pending"):
            await run_in_threadpool(store.put_document, KIND, sub_id, state)
            return
        with contextlib.suppress(ResourceNotFound):
            await run_in_threadpool(store.delete_document, KIND, sub_id)

    async def _apply(
        self,
        tenant: str,
        stored: StoredSubscription | None,
        *,
        ctx: LdContext | None,
        wanted: list[Registration],
        state: dict[str, Any],
        via: str,
    ) -> None:
        """Bring one subscription's subordinates in line with ``wanted`` (failures are retried next pass)."""
        remotes: dict[str, Any] = state["remotes"]
        keep = {r.id for r in wanted}
        state["pending"] = False
        for reg_id in [k for k in remotes if k not in keep]:
            if await self._delete(tenant, remotes[reg_id], via):
                del remotes[reg_id]
            else:
                state["pending"] = True
        if stored is None or ctx is None:
            return
        now = self.fed.now()
        uri = receiver_uri(self.public_url, tenant, stored.id)
        link = (("Link", ctx.link_header()),) if ctx.reference is not None else ()
        for reg in wanted:
            remote = remotes.get(reg.id)
            version = _version(stored, reg)
            if remote is not None and remote.get("version") == version:
                continue
            remote_id = remote["id"] if remote else f"urn:ngsi-ld:Subscription:{uuid.uuid4()}"
            body = subordinate(stored, ctx, now, remote_id=remote_id, uri=uri, key=state["key"], via=via)
            if await self._put(tenant, reg, body, link, via, exists=remote is not None):
                remotes[reg.id] = {"id": remote_id, "version": version, "registration": dict(reg.doc)}
            else:
                state["pending"] = True

    async def _send(self, tenant: str, reg: Registration, fwd: Forward, via: str) -> Outcome:
        return await self.fed.client.send(tenant, reg, fwd, via=via)

    async def _put(
        self,
        tenant: str,
        reg: Registration,
        body: dict[str, Any],
        link: tuple[tuple[str, str], ...],
        via: str,
        *,
        exists: bool,
    ) -> bool:
        """Create the subordinate at the source, or update it (True: the source has it as ``body`` says)."""
        path = f"/subscriptions/{quote(body['id'], safe=':')}"
        if exists and reg.supports(UPDATE):
            fragment = {k: v for k, v in body.items() if k not in ("id", "type")}
            outcome = await self._send(tenant, reg, Forward("PATCH", path, (), fragment, link), via)
            if outcome.ok and outcome.status != 404:
                return True
        elif exists and reg.supports(DELETE):
            await self._send(tenant, reg, Forward("DELETE", path, (), None, link), via)
        outcome = await self._send(tenant, reg, Forward("POST", "/subscriptions", (), body, link), via)
        if not outcome.ok:
            log.info("subscription %s not propagated to %s: %s", body["id"], reg.id, outcome.warning)
        return outcome.ok and outcome.status != 404

    async def _delete(self, tenant: str, remote: Mapping[str, Any], via: str) -> bool:
        """Delete one subordinate (True: gone, or the source cannot delete it and it is forgotten)."""
        try:
            reg = Registration.from_doc(remote["registration"])
        except (CitytwinError, KeyError, TypeError):
            return True
        if not reg.supports(DELETE):
            return True  # nothing to do about it: the receiver drops what it still sends
        path = f"/subscriptions/{quote(remote['id'], safe=':')}"
        outcome = await self._send(tenant, reg, Forward("DELETE", path), via)
        return outcome.ok  # a 404 counts: it is gone


def _via_names(chain: str) -> set[str]:
    from citytwin.federation.service import via_names

    return via_names(chain)
