"""The stream services of one API process: recorder, subscriptions, notification delivery, WebSocket hub.

:class:`StreamService` is what the app's lifespan starts and stops and what the subscription routes call.
Subscription CRUD writes the store document and the subscription's starting cursor (the log's head at
creation: only later changes are notified), then tells the local notifier; a notifier in another process
picks it up on its next reload.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.concurrency import run_in_threadpool

from citytwin.core.timeutil import format_instant
from citytwin.errors import AlreadyExists, CitytwinError, ResourceNotFound
from citytwin.ngsild.context import ContextResolver, LdContext
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.changelog import ChangeRecorder, writer_id
from citytwin.stream.delivery import Deliverer
from citytwin.stream.demand import SUBSCRIPTION_KIND, remote_demand
from citytwin.stream.guard import StreamGuard
from citytwin.stream.matching import CompiledSubscription, compile_subscription
from citytwin.stream.notifier import Notifier, NotifierSettings, decode_status, encode_status, state_name
from citytwin.stream.subscription import (
    DeliveryStatus,
    StoredSubscription,
    new_subscription,
    patched_subscription,
)
from citytwin.stream.timer import SystemTimer, Timer
from citytwin.stream.websocket import Hub

log = logging.getLogger(__name__)
_PAGE = 1000


@dataclass(slots=True)
class StreamOptions:
    """How a process takes part in the stream (``create_app(..., stream=StreamOptions(...))``)."""

    notify: bool = True
    """Deliver notifications from this process (when it wins the store's notifier lease)."""
    websocket: bool = True
    """Serve WebSocket feeds."""
    timer: Timer = field(default_factory=SystemTimer)
    notifier: NotifierSettings = field(default_factory=NotifierSettings)
    deliverer: Callable[[], Deliverer] = Deliverer
    reload_s: float = 5.0
    """How often the delivering process re-reads subscriptions written by other processes."""
    ws_max_queue: int = 50_000
    """Deltas a WebSocket client may fall behind before it is told it lagged (and they are dropped)."""
    ws_flush_s: float = 0.1
    """How long WebSocket deltas gather before a client's next frame."""


class StreamSettings(BaseSettings):
    """Stream tuning from the environment (``CITYTWIN_STREAM_*``), for servers built by ``app_from_env``."""

    model_config = SettingsConfigDict(env_prefix="CITYTWIN_STREAM_", extra="ignore")

    notify: bool = Field(
        default=True, description="Deliver notifications from this process (lease permitting)."
    )
    websocket: bool = Field(default=True, description="Serve WebSocket feeds at /stream/ws.")
    ws_max_queue: int = Field(default=50_000, ge=1, description="Deltas a WebSocket client may fall behind.")
    ws_flush_s: float = Field(default=0.1, gt=0, description="How long WebSocket deltas gather per frame.")
    poll_s: float = Field(
        default=0.1, gt=0, description="Change-log poll interval for other processes' writes."
    )
    max_pending: int = Field(default=20_000, ge=1, description="Changes a subscription holds in memory.")
    max_notification: int = Field(default=500, ge=1, description="Entities per notification at most.")

    def options(self) -> StreamOptions:
        """The options these settings describe."""
        return StreamOptions(
            notify=self.notify,
            websocket=self.websocket,
            ws_max_queue=self.ws_max_queue,
            ws_flush_s=self.ws_flush_s,
            notifier=NotifierSettings(
                poll_s=self.poll_s, max_pending=self.max_pending, max_notification=self.max_notification
            ),
        )


class StreamService:
    """Recorder + subscription registry + notifier (+ WebSocket hub) of one process."""

    def __init__(
        self,
        store: Store,
        bus: EventBus,
        resolver: ContextResolver,
        options: StreamOptions | None = None,
        *,
        guard: StreamGuard | None = None,
    ) -> None:
        self.store = store
        self.bus = bus
        self.resolver = resolver
        self.options = options or StreamOptions()
        self.guard = guard
        """Access control of subscriptions, notifications and feeds (None: everything goes to everyone)."""
        self.owner = writer_id()
        self.recorder = ChangeRecorder(store, bus, writer=self.owner, demand=self._demand)
        self.deliverer: Deliverer | None = None
        self.notifier: Notifier | None = None
        self.local_subscriptions = 0
        self.feed_clients = 0
        """WebSocket filters served by this process (they need the log only for other processes' writes)."""
        self._reload: asyncio.Task[None] | None = None
        options = self.options
        self.hub: Hub | None = (
            Hub(self, max_queue=options.ws_max_queue, flush_s=options.ws_flush_s)
            if options.websocket
            else None
        )

    @property
    def timer(self) -> Timer:
        """The clock of delivery."""
        return self.options.timer

    # -- lifecycle -------------------------------------------------------------------------------------
    def _demand(self) -> bool:
        if self.local_subscriptions > 0:
            return True
        return remote_demand(self.store, self.owner)

    async def start(self) -> None:
        """Start recording (when needed) and, if allowed, delivering."""
        count = 0
        with contextlib.suppress(CitytwinError):
            count = len(await run_in_threadpool(self.store.document_tenants, SUBSCRIPTION_KIND))
        self.local_subscriptions = count
        await run_in_threadpool(self.recorder.start)
        if self.options.notify:
            self.deliverer = self.options.deliverer()
            self.notifier = Notifier(
                self.store,
                self.deliverer,
                owner=self.owner,
                timer=self.options.timer,
                settings=self.options.notifier,
                recent=self.recorder.recent,
                load=self.load_all,
            )
            self.recorder.listeners.append(self.notifier.announce)
            await self.notifier.start()
            self._reload = asyncio.create_task(self._reload_loop(), name="citytwin-subscription-reload")

    async def stop(self) -> None:
        """Flush the recorder, stop delivering, close connections."""
        if self.hub is not None:
            await self.hub.close()
        if self._reload is not None:
            self._reload.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reload
        await run_in_threadpool(self.recorder.close)
        if self.notifier is not None:
            await self.notifier.stop()
        if self.deliverer is not None:
            await self.deliverer.aclose()

    # -- loading -------------------------------------------------------------------------------------------
    async def compile(self, tenant: str, stored: StoredSubscription) -> CompiledSubscription:
        """Resolve a subscription's contexts and compile it."""
        ctx = await self.resolver.resolve(stored.context)
        link = stored.body.get("jsonldContext")
        render_ctx = ctx if link is None or link == ctx.link_url else await self.resolver.resolve(link)
        compiled = compile_subscription(tenant, stored, ctx, render_ctx)
        if self.guard is not None:
            compiled.access = self.guard.scope(tenant, stored.owner, compiled.filters())
        return compiled

    def _check(self, compiled: CompiledSubscription) -> None:
        """403 unless the requesting subject may subscribe to what the subscription selects and asks for."""
        if self.guard is None:
            return
        types = tuple(g for sel in compiled.selectors for g in (sel.types or (frozenset(),)))
        names = {*(compiled.watched or ()), *(compiled.project.keep or ())}
        self.guard.check(compiled.tenant, types, names)

    def _manages(self, tenant: str, stored: StoredSubscription) -> bool:
        return self.guard is None or self.guard.may_manage(tenant, stored.owner)

    async def _load(self, tenant: str, sub_id: str) -> StoredSubscription:
        """A subscription the requesting subject may manage (404 alike for absent and someone else's)."""
        missing = ResourceNotFound(f"subscription {sub_id} was not found")
        try:
            doc = await run_in_threadpool(self.store.tenant(tenant).get_document, SUBSCRIPTION_KIND, sub_id)
        except ResourceNotFound:
            raise missing from None
        stored = StoredSubscription.from_doc(doc)
        if not self._manages(tenant, stored):
            raise missing
        return stored

    async def _documents(self) -> list[tuple[str, StoredSubscription]]:
        tenants = await run_in_threadpool(self.store.document_tenants, SUBSCRIPTION_KIND)
        out: list[tuple[str, StoredSubscription]] = []
        for tenant in tenants:
            store = self.store.tenant(tenant)
            offset = 0
            while True:
                page = await run_in_threadpool(
                    store.list_documents, SUBSCRIPTION_KIND, limit=_PAGE, offset=offset
                )
                out.extend((tenant, StoredSubscription.from_doc(doc)) for _, doc in page)
                if len(page) < _PAGE:
                    break
                offset += _PAGE
        return out

    async def load_all(self) -> list[CompiledSubscription]:
        """Every subscription of every tenant, compiled (those whose @context cannot be had are skipped)."""
        out = []
        for tenant, stored in await self._documents():
            try:
                out.append(await self.compile(tenant, stored))
            except CitytwinError as err:
                log.warning(
                    "subscription %s (tenant %r) cannot be loaded now: %s", stored.id, tenant, err.detail
                )
        self.local_subscriptions = len(out)
        return out

    async def _reload_loop(self) -> None:
        """Pick up subscriptions created, changed or deleted by other processes."""
        while True:
            await asyncio.sleep(self.options.reload_s)
            notifier = self.notifier
            if notifier is None or not notifier.leading:
                continue
            try:
                docs = await self._documents()
            except CitytwinError as err:
                log.warning("subscriptions cannot be reloaded: %s", err.detail)
                continue
            seen = set()
            states: dict[str, tuple[int, bytes]] | None = None
            for tenant, stored in docs:
                key = (tenant, stored.id)
                seen.add(key)
                known = notifier.index.get(key)
                if known is not None and known.stored.modified_at == stored.modified_at:
                    continue
                if states is None:
                    states = await run_in_threadpool(self.store.load_stream_state, "sub:")
                with contextlib.suppress(CitytwinError):
                    compiled = await self.compile(tenant, stored)
                    status = notifier.status_of(key) or decode_status(states.get(state_name(*key)))
                    notifier.put(compiled, status)
            for sub in list(notifier.index):
                if sub.key not in seen:
                    notifier.remove(sub.key)
            self.local_subscriptions = len(seen)

    # -- CRUD (the subscription routes) -------------------------------------------------------------------
    async def create(self, tenant: str, payload: object, ctx: LdContext) -> StoredSubscription:
        """Validate, store and start a new subscription; 409 when its id exists."""
        now = self.timer.now()
        body = new_subscription(payload, ctx, now)
        stamp = format_instant(now)
        owner = self.guard.owner() if self.guard is not None else None
        stored = StoredSubscription(body, ctx.reference, stamp, stamp, ctx.link_url, owner)
        compiled = await self.compile(tenant, stored)  # a context that cannot be had fails here, not later
        self._check(compiled)
        store = self.store.tenant(tenant)
        exists = True
        try:
            await run_in_threadpool(store.get_document, SUBSCRIPTION_KIND, stored.id)
        except ResourceNotFound:
            exists = False
        if exists:
            raise AlreadyExists(f"subscription {stored.id} already exists")
        # Record from now on, then start at the log's head: exactly the later changes are notified.
        self.local_subscriptions += 1
        await run_in_threadpool(self.recorder.enable)
        await run_in_threadpool(self.recorder.flush)
        head = await run_in_threadpool(self.store.last_change_seq)
        status = DeliveryStatus(cursor=head)
        await run_in_threadpool(
            self.store.save_stream_state, {state_name(tenant, stored.id): encode_status(status)}
        )
        await run_in_threadpool(store.put_document, SUBSCRIPTION_KIND, stored.id, stored.to_doc())
        if self.notifier is not None:
            self.notifier.put(compiled, status)
        return stored

    async def get(self, tenant: str, sub_id: str) -> tuple[StoredSubscription, DeliveryStatus]:
        """A subscription and its delivery status (ResourceNotFound when absent or someone else's)."""
        stored = await self._load(tenant, sub_id)
        return stored, await self._status(tenant, sub_id)

    async def _status(self, tenant: str, sub_id: str) -> DeliveryStatus:
        live = self.notifier.status_of((tenant, sub_id)) if self.notifier is not None else None
        if live is not None:
            return live
        states = await run_in_threadpool(self.store.load_stream_state, state_name(tenant, sub_id))
        return decode_status(states.get(state_name(tenant, sub_id)))

    async def query(
        self, tenant: str, limit: int, offset: int
    ) -> tuple[list[tuple[StoredSubscription, DeliveryStatus]], int]:
        """A page of the tenant's subscriptions (by id) and their total."""
        store = self.store.tenant(tenant)
        docs: list[StoredSubscription] = []
        start = 0
        while True:
            page = await run_in_threadpool(store.list_documents, SUBSCRIPTION_KIND, limit=_PAGE, offset=start)
            found = (StoredSubscription.from_doc(d) for _, d in page)
            docs.extend(stored for stored in found if self._manages(tenant, stored))
            if len(page) < _PAGE:
                break
            start += _PAGE
        states = await run_in_threadpool(self.store.load_stream_state, state_name(tenant, ""))
        out = []
        for stored in docs[offset : offset + limit]:
            live = self.notifier.status_of((tenant, stored.id)) if self.notifier is not None else None
            out.append((stored, live or decode_status(states.get(state_name(tenant, stored.id)))))
        return out, len(docs)

    async def update(self, tenant: str, sub_id: str, fragment: object, ctx: LdContext) -> None:
        """Apply a PATCH fragment (400 when the result is invalid, 404 when absent)."""
        store = self.store.tenant(tenant)
        current = await self._load(tenant, sub_id)
        now = self.timer.now()
        body = patched_subscription(current.body, fragment, ctx, now)
        # A fragment sent with its own @context brings it: its q and names are in that context's terms.
        context, link = (
            (ctx.reference, ctx.link_url) if ctx.reference is not None else (current.context, current.link)
        )
        # The owner stays the creator's: an administrator's change does not widen what is notified.
        stored = StoredSubscription(
            body, context, current.created_at, format_instant(now), link, current.owner
        )
        compiled = await self.compile(tenant, stored)
        self._check(compiled)
        await run_in_threadpool(store.put_document, SUBSCRIPTION_KIND, sub_id, stored.to_doc())
        if self.notifier is not None:
            self.notifier.put(compiled, await self._status(tenant, sub_id))

    async def delete(self, tenant: str, sub_id: str) -> None:
        """Delete a subscription and its cursor (404 when absent or someone else's)."""
        if self.guard is not None:
            await self._load(tenant, sub_id)
        await run_in_threadpool(self.store.tenant(tenant).delete_document, SUBSCRIPTION_KIND, sub_id)
        await run_in_threadpool(self.store.delete_stream_state, [state_name(tenant, sub_id)])
        self.local_subscriptions = max(0, self.local_subscriptions - 1)
        if self.notifier is not None:
            self.notifier.remove((tenant, sub_id))
