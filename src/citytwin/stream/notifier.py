"""Notification delivery for every NGSI-LD subscription of a store, driven by the durable change log.

One process delivers (it holds the ``notifier`` lease in the store; another takes over when it stops
renewing it). Its *pump* tails the change log from the store, whoever wrote the changes, decodes each
change once (or takes it from the local recorder's memory), finds candidate subscriptions by tenant and type
and offers the matching changes to their :class:`~citytwin.stream.worker.Worker`. Workers send and retry on
their own, so a slow or unreachable receiver never holds up another subscription, nor the API. Cursors and
delivery status are saved every ``save_s`` and at shutdown; the log is trimmed below the slowest cursor.

Why the log and cursors rather than an outbox row per notification: at 5,000 changes/s and 100
subscriptions an outbox would write 500,000 rows/s; the log writes 5,000 and each subscription remembers a
single number. A receiver that was down gets its backlog from the log, in order, when it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from bisect import bisect_right
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import msgspec
from starlette.concurrency import run_in_threadpool

from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, Predicate, TypeExpr
from citytwin.core.query_eval import evaluate
from citytwin.core.timeutil import to_micros, utc_now
from citytwin.errors import CitytwinError
from citytwin.ngsild.linked import Shape, expand, flat, inline
from citytwin.ngsild.representation import Projection, render_entity
from citytwin.storage.base import Store
from citytwin.stream.changelog import RecentChanges, ledger_bound
from citytwin.stream.changes import Change
from citytwin.stream.delivery import Backoff, Deliverer
from citytwin.stream.lane import Lane, LaneIndex
from citytwin.stream.matching import CompiledSubscription, SubscriptionIndex
from citytwin.stream.notification import RenderCache, finish_item
from citytwin.stream.sharedlog import shared_log
from citytwin.stream.subscription import DeliveryStatus
from citytwin.stream.timer import SystemTimer, Timer
from citytwin.stream.worker import Worker

log = logging.getLogger(__name__)

Delivered = Callable[[CompiledSubscription, list[str], int], None]
"""Told of each notification a receiver took: the subscription, the ids of the entities it held, its bytes."""
LEASE = "notifier"
_INSTANCE_DELETED = frozenset({"attributeDeleted", "entityUpdated"})
STATE_PREFIX = "sub:"
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode


def state_name(tenant: str, sub_id: str) -> str:
    """The stream-state name of a subscription's cursor and status."""
    return f"{STATE_PREFIX}{tenant}\x1f{sub_id}"


def encode_status(status: DeliveryStatus) -> tuple[int, bytes]:
    """(cursor, state bytes) as stored."""
    return status.cursor, _ENCODE(status.to_state())


def decode_status(raw: tuple[int, bytes] | None) -> DeliveryStatus:
    """Inverse of :func:`encode_status` (a fresh status when nothing is stored)."""
    if raw is None:
        return DeliveryStatus()
    return DeliveryStatus.from_state(raw[0], _DECODE(raw[1]))


@dataclass(frozen=True, slots=True)
class NotifierSettings:
    """Tuning of notification delivery (the defaults suit a city; tests shrink them)."""

    poll_s: float = 0.1
    """How often the log is read when no local write announced itself (writes of other processes)."""
    batch: int = 2_000
    """Log rows per read."""
    max_pending: int = 20_000
    """Changes a subscription holds in memory before it reads the log itself."""
    max_notification: int = 500
    """Entities per notification at most."""
    save_s: float = 1.0
    """How often cursors and status are saved."""
    lease_s: float = 15.0
    """How long the delivering process's lease lasts without renewal."""
    keep_s: float = 120.0
    """Log entries are kept at least this long (WebSocket feeds of other processes read them)."""
    retention_s: float = 7 * 86_400.0
    """A subscription that cannot deliver for longer loses its oldest notifications (the log is trimmed)."""
    trim_s: float = 30.0
    """How often the log is trimmed."""
    backoff: Backoff = field(default_factory=Backoff)


class Notifier:
    """Delivers every subscription's notifications (see the module docstring)."""

    def __init__(
        self,
        store: Store,
        deliverer: Deliverer,
        *,
        owner: str,
        timer: Timer | None = None,
        settings: NotifierSettings | None = None,
        recent: RecentChanges | None = None,
        load: Callable[[], Awaitable[list[CompiledSubscription]]] | None = None,
    ) -> None:
        self.store = store
        self.deliverer = deliverer
        self.owner = owner
        self.timer: Timer = timer or SystemTimer()
        self.settings = settings or NotifierSettings()
        self.recent = recent or RecentChanges(0)
        self.log = shared_log(store)
        """Other processes' changes, read and decoded once for the pump, subscriptions catching up, the
        change feed and the ledger tail of this process."""
        self.load = load
        """Reads every subscription of the store (the registry's loader)."""
        self.index = SubscriptionIndex()
        self.lanes = LaneIndex()
        """What the live workers deliver: the matched changes, per distinct filter."""
        self.workers: dict[tuple[str, str], Worker] = {}
        self.cache = RenderCache()
        self.last_sent: dict[tuple[str, str], datetime] = {}
        self.head = 0
        self.leading = False
        self.delivered = 0
        """Entities notified so far (for health and benchmarks)."""
        self.on_delivered: Delivered | None = None
        """Called (on the event loop: it must only take note) after each notification its receiver took;
        off by default (share agreements count what their subscriptions push with it)."""
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._marks: list[tuple[int, int]] = []  # (time us, head seq): which seq was the head when

    # -- starting and stopping ----------------------------------------------------------------------------
    async def start(self) -> None:
        """Take the lease if free and start delivering; keep trying in the background otherwise."""
        self._loop = asyncio.get_running_loop()
        await self._try_lead()
        self._tasks.append(asyncio.create_task(self._lease_loop(), name="citytwin-notifier-lease"))

    async def stop(self) -> None:
        """Stop delivering, save cursors and give the lease back."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self.leading:
            await self._stop_leading()
            with contextlib.suppress(CitytwinError):
                await run_in_threadpool(self.store.release_lease, LEASE, self.owner)

    def announce(self, head: int) -> None:
        """A local write reached the log (called from the recorder's thread): read it now."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    # -- leadership ---------------------------------------------------------------------------------------
    async def _try_lead(self) -> None:
        now_us = to_micros(utc_now())  # leases are about live processes: wall-clock time, never driven
        until = now_us + int(self.settings.lease_s * 1e6)
        try:
            held = await run_in_threadpool(self.store.acquire_lease, LEASE, self.owner, until, now_us)
        except CitytwinError as err:
            log.warning("notifier lease: %s", err.detail)
            held = self.leading  # keep what we had until the store answers again
        if held and not self.leading:
            await self._start_leading()
        elif not held and self.leading:
            log.warning("another process took over notification delivery")
            await self._stop_leading()

    async def _lease_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.lease_s / 3)
            await self._try_lead()

    async def _start_leading(self) -> None:
        self.head = await run_in_threadpool(self.store.last_change_seq)
        self.leading = True
        subs = await self.load() if self.load is not None else []
        states = await run_in_threadpool(self.store.load_stream_state, STATE_PREFIX)
        for sub in subs:
            self._add(sub, decode_status(states.get(state_name(*sub.key))))
        self._lead_tasks = [
            asyncio.create_task(self._pump(), name="citytwin-notifier-pump"),
            asyncio.create_task(self._saver(), name="citytwin-notifier-saver"),
        ]
        log.info("delivering notifications of %d subscriptions from log seq %d", len(subs), self.head)

    async def _stop_leading(self) -> None:
        self.leading = False
        for task in getattr(self, "_lead_tasks", []):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        workers = list(self.workers.values())
        for worker in workers:
            worker.stop()
            if worker.task is not None:
                worker.task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await worker.task
        with contextlib.suppress(CitytwinError):
            await self.save()
        self.workers.clear()
        self.lanes = LaneIndex()
        for sub in list(self.index):
            self.index.remove(sub.key)

    # -- subscriptions --------------------------------------------------------------------------------------
    def _add(self, sub: CompiledSubscription, status: DeliveryStatus) -> None:
        self.index.put(sub)
        worker = self.workers.get(sub.key)
        if worker is not None:
            worker.replace(sub)
            return
        worker = self.workers[sub.key] = Worker(self, sub, status)
        worker.task = asyncio.create_task(worker.run(), name=f"citytwin-subscription-{sub.id}")

    def put(self, sub: CompiledSubscription, status: DeliveryStatus | None = None) -> None:
        """A subscription was created or updated (in this process or, via reload, in another)."""
        if not self.leading:
            return
        self._add(sub, status or DeliveryStatus(cursor=self.head))

    def remove(self, key: tuple[str, str]) -> None:
        """A subscription was deleted."""
        self.index.remove(key)
        self.last_sent.pop(key, None)
        worker = self.workers.pop(key, None)
        if worker is not None:
            worker.stop()

    def status_of(self, key: tuple[str, str]) -> DeliveryStatus | None:
        """The live delivery status of a subscription this process delivers."""
        worker = self.workers.get(key)
        return None if worker is None else worker.status

    # -- the pump -------------------------------------------------------------------------------------------
    async def read_log(self, after: int, limit: int | None = None) -> list[Change]:
        """Changes after a seq, decoded (or from the recorder's memory when this process wrote them)."""
        # The previous state of an update is rendered only for showChanges and read only by temporalQ: while
        # no subscription has either, it is not decoded.
        # An instance deleted by datasetId is an update whose previous state tells it (attributeDeleted).
        previous = any(
            sub.show_changes or sub.temporal is not None or not sub.triggers.isdisjoint(_INSTANCE_DELETED)
            for sub in self.index
        )
        return await run_in_threadpool(self._read, after, limit or self.settings.batch, previous)

    def _read(self, after: int, limit: int, previous: bool) -> list[Change]:
        recent, shared = self.recent, self.log
        # The pump and the subscriptions catching up read the same changes: always kept for one another.
        shared.sharing("notifier")
        out = []
        for row in shared.rows(after, limit):
            change = recent.get(row.seq)
            # Other processes' changes: decoded once, by whichever consumer of this process needs one first.
            out.append(change if change is not None else shared.change(row, previous=previous))
        return out

    async def _pump(self) -> None:
        while True:
            if not self.index:  # no subscription: follow the log's head without decoding anything
                with contextlib.suppress(CitytwinError):
                    self.head = max(self.head, await run_in_threadpool(self.store.last_change_seq))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.poll_s)
                self._wake.clear()
                continue
            try:
                changes = await self.read_log(self.head)
            except CitytwinError as err:
                log.warning("notifier: reading the change log failed (%s)", err.detail)
                changes = []
                await asyncio.sleep(1.0)
            if changes:
                try:
                    self._dispatch(changes)
                except Exception:  # a bug must not stop delivery for every subscription
                    log.exception("notifier: dispatching changes up to seq %d failed", changes[-1].seq)
                    self.head = changes[-1].seq
            if len(changes) < self.settings.batch:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.settings.poll_s)
                self._wake.clear()

    def _dispatch(self, changes: list[Change]) -> None:
        """Append each change to the lanes whose filter it matches, then move the head and wake the workers.

        A change is evaluated once per lane (per distinct filter), whatever the number of subscriptions.
        """
        touched: dict[bytes, Lane] = {}
        for change in changes:
            for lane in self.lanes.candidates(change).values():
                try:
                    hit = lane.matches(change)
                except Exception as err:  # e.g. a regular expression the evaluator refuses
                    log.warning("a subscription filter cannot evaluate change %d: %s", change.seq, err)
                    continue
                if hit:
                    lane.append(change)
                    touched[lane.key] = lane
        self.head = changes[-1].seq
        self._marks.append((to_micros(utc_now()), self.head))
        limit = self.settings.max_pending
        for lane in touched.values():
            for member in list(lane.members.values()):
                if lane.behind(member) > limit:
                    member.fall_behind()  # it reads the log from its cursor instead of holding the lane
                else:
                    member.nudge()
            lane.trim()

    # -- persistence and trimming --------------------------------------------------------------------------
    async def save(self) -> None:
        """Save the cursor and status of every subscription that changed."""
        items: dict[str, tuple[int, bytes]] = {}
        now = self.timer.now()
        for worker in self.workers.values():
            sub = worker.sub
            # Idle, paused, expired and periodic subscriptions owe nothing up to the head: move them along.
            done = worker.idle or sub.time_interval is not None or sub.status(now) != "active"
            if done and worker.status.cursor < self.head:
                worker.status.cursor = self.head
                worker.dirty = True
            if worker.dirty:
                worker.dirty = False
                items[state_name(*worker.sub.key)] = encode_status(worker.status)
        if items:
            await run_in_threadpool(self.store.save_stream_state, items)

    async def _saver(self) -> None:
        last_trim = 0.0
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.settings.save_s)
            try:
                await self.save()
                if loop.time() - last_trim >= self.settings.trim_s:
                    last_trim = loop.time()
                    await self.trim()
            except CitytwinError as err:
                log.warning("notifier: saving cursors failed (%s)", err.detail)

    def _seq_at(self, at_us: int) -> int:
        """The head seq at a past time (0 when older than what is remembered)."""
        marks = self._marks
        i = bisect_right(marks, (at_us, 2**63))
        return marks[i - 1][1] if i else 0

    async def trim(self) -> int:
        """Delete log entries every subscription is done with (keeping ``keep_s`` for feeds)."""
        now_us = to_micros(utc_now())
        upto = min([w.status.cursor for w in self.workers.values()], default=self.head)
        upto = min(upto, self._seq_at(now_us - int(self.settings.keep_s * 1e6)))
        upto = max(upto, self._seq_at(now_us - int(self.settings.retention_s * 1e6)))
        keep_from = now_us - int(max(self.settings.keep_s, self.settings.retention_s) * 1e6)
        self._marks = [m for m in self._marks if m[0] >= keep_from] or self._marks[-1:]
        upto = await run_in_threadpool(ledger_bound, self.store, upto)  # what the ledger tail still needs
        if upto <= 0:
            return 0
        return await run_in_threadpool(self.store.trim_changes, upto)

    # -- helpers for workers --------------------------------------------------------------------------
    async def query_current(self, sub: CompiledSubscription) -> list[Entity]:
        """The entities a periodic subscription currently selects."""
        tenant = self.store.tenant(sub.tenant)
        found: dict[str, Entity] = {}
        for query in sub.queries(limit=10_000):
            if sub.access is not None and query.attrs:
                # The owner's decision reads the whole entity (its area, location, filtered attributes);
                # rendering projects it afterwards.
                query = replace(query, attrs=())  # noqa: PLW2901
            result = await run_in_threadpool(tenant.query, query)
            for entity in result.entities:
                if sub.selects(entity):
                    found.setdefault(entity.id, entity)
        if sub.linked is not None and found:
            kept = await run_in_threadpool(self._linked_ids, sub, list(found.values()))
            return [e for e in found.values() if e.id in kept]
        return list(found.values())

    def encode_item(self, item: dict[str, Any]) -> bytes:
        """A data element as JSON bytes."""
        return _ENCODE(item)

    async def linked_filter(self, sub: CompiledSubscription, changes: list[Change]) -> list[Change]:
        """The changes whose entity satisfies the linked part of the subscription's ``q`` (``rel{attr}``:
        some target of ``rel`` satisfies the condition on ``attr``), decided by store queries."""
        if sub.linked is None or not changes:
            return changes
        kept = await run_in_threadpool(self._linked_ids, sub, [c.subject for c in changes])
        return [c for c in changes if c.subject.id in kept]

    def _linked_ids(self, sub: CompiledSubscription, entities: list[Entity]) -> set[str]:
        assert sub.linked is not None
        linked, pred = sub.linked
        tenant = self.store.tenant(sub.tenant)
        access = sub.access

        def fetch(ids: Sequence[str]) -> dict[str, Entity]:
            found = tenant.query(EntityQuery(ids=tuple(ids), limit=len(ids))).entities
            if access is None:
                return {e.id: e for e in found}
            return {e.id: seen for e in found if (seen := access.entity(e)) is not None}

        def select(ids: Sequence[str], term: Predicate, kinds: TypeExpr) -> set[str]:
            if access is None:  # the store decides
                query = EntityQuery(ids=tuple(ids), types=kinds, q=term, limit=len(ids))
                return {e.id for e in tenant.query(query).entities}
            # A governed owner: decided on the entities as the owner sees them (a hidden target never counts).
            return {
                i
                for i, e in fetch(ids).items()
                if (not kinds or any(k <= set(e.types) for k in kinds)) and evaluate(term, e)
            }

        latest = list({e.id: e for e in entities}.values())
        return {e.id for e in linked.filter(pred, latest, fetch, select)}

    async def join_items(
        self, sub: CompiledSubscription, roots: Sequence[Entity | None], items: list[bytes]
    ) -> list[bytes]:
        """Items with the entities their relationships point at (``notification.join``, clause 4.5.23):
        inside the relationships (``inline``, replacing each root's item) or after them (``flat``).

        ``roots`` are the entities of ``items`` (None: a deletion, which links nothing). Linked entities are
        read from the store as the owner may see them and rendered like the notified ones, unprojected.
        """
        join = sub.join
        present = [e for e in roots if e is not None]
        if not join.enabled or not present:
            return items
        form = Shape(sub.project)

        async def fetch(ids: Sequence[str]) -> dict[str, Entity]:
            query = EntityQuery(ids=tuple(ids), limit=len(ids))
            result = await run_in_threadpool(self.store.tenant(sub.tenant).query, query)
            access = sub.access
            found = {e.id: e for e in result.entities}
            if access is not None:
                found = {i: seen for i, e in found.items() if (seen := access.entity(e)) is not None}
            return found

        exp = await expand(present, form, join, fetch)

        def render(entity: Entity, project: Projection) -> dict[str, Any]:
            return render_entity(entity, sub.render_ctx, sub.fmt, sys_attrs=sub.sys_attrs, project=project,
                                 lang=sub.lang)  # fmt: skip

        if join.mode == "flat":
            return items + [_ENCODE(finish_item(linked, sub)) for linked in flat(exp, render)]
        out = []
        for root, item in zip(roots, items, strict=True):
            if root is None:
                out.append(item)
                continue
            body = inline(root, form, exp, render=render, names=sub.render_ctx, fmt=sub.fmt)
            out.append(_ENCODE(finish_item(body, sub)))
        return out
