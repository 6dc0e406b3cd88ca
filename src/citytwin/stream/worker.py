"""One subscription's delivery loop: pending changes → notifications, in order, retried until delivered.

A worker is *live* while it keeps up: it is a member of the :class:`~citytwin.stream.lane.Lane` of its
subscription's filter, into which the notifier's pump appends every matching change, and it sends them in
order (several per notification when they queue up behind a slow receiver). When it falls more than
``max_pending`` changes behind (a receiver that has been down for a while), it leaves the lane and *catches
up* from the durable change log from its cursor instead, then rejoins; memory stays bounded however long the
outage. An updated subscription catches up from its cursor too (with its new filter). The cursor
(persisted by the notifier) is the last log seq the worker is done with, so a restart resumes exactly there:
at-least-once delivery, in order per subscription (hence per entity).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool

from citytwin.core.entities import Entity
from citytwin.core.timeutil import format_instant
from citytwin.errors import CitytwinError
from citytwin.stream.changes import Change
from citytwin.stream.lane import Lane
from citytwin.stream.matching import CompiledSubscription
from citytwin.stream.notification import notification_id, notification_message, render_current, render_item
from citytwin.stream.subscription import DeliveryStatus

if TYPE_CHECKING:
    from citytwin.stream.notifier import Notifier

log = logging.getLogger(__name__)


class Worker:
    """Delivers the notifications of one subscription (see the module docstring)."""

    def __init__(self, notifier: Notifier, sub: CompiledSubscription, status: DeliveryStatus) -> None:
        self.notifier = notifier
        self.sub = sub
        self.status = status
        self.lane: Lane | None = None
        """The lane it takes changes from while live (None while it reads the log, or is periodic)."""
        self.position = 0
        """Absolute position in the lane of the next change to deliver."""
        self.lagging = status.cursor < notifier.head
        """Reading the log itself: not in a lane."""
        self.dirty = False
        self.wake = asyncio.Event()
        """Set for anything the loop should look at: a new change, an update, a stop."""
        self.control = asyncio.Event()
        """Set only for an update or a stop (ends a retry wait early; new changes do not)."""
        self.stopped = False
        self.task: asyncio.Task[None] | None = None
        self._next_periodic: float | None = None
        self._retries = 0
        """Failed attempts since the last delivered notification (the backoff goes on across rebuilt ones)."""
        self._whole = False
        """The live batch being sent held every pending change when it was built."""
        if not self.lagging:
            self.go_live()

    # -- the lane ---------------------------------------------------------------------------------------
    def go_live(self) -> None:
        """Take changes from the lane of the subscription's filter from now on (after catching up)."""
        self.lagging = False
        sub = self.sub
        if self.stopped or sub.time_interval is not None:
            self.leave_lane()
            return
        lane = self.lane
        if lane is None or lane.key != sub.match_key:
            self.leave_lane()
            lane = self.lane = self.notifier.lanes.lane(sub.match_key, sub.tenant, sub.index_types,
                                                        sub.matches)  # fmt: skip
        lane.join(self)

    def leave_lane(self) -> None:
        """Stop taking changes from the lane."""
        lane, self.lane = self.lane, None
        if lane is not None:
            lane.leave(self)
            self.notifier.lanes.drop_if_empty(lane)

    def nudge(self) -> None:
        """The pump appended changes to the lane."""
        self.wake.set()

    def fall_behind(self) -> None:
        """Too far behind: read the log from the cursor instead of holding the lane back."""
        self.leave_lane()
        self.lagging = True
        self.wake.set()

    @property
    def pending(self) -> int:
        """Changes of the lane not delivered yet."""
        lane = self.lane
        return 0 if lane is None or self.lagging else lane.end - self.position

    @property
    def idle(self) -> bool:
        """Live with nothing pending: every change up to the pump's head is done."""
        return not self.lagging and not self.pending

    def replace(self, sub: CompiledSubscription) -> None:
        """Use an updated version of the subscription from now on (its filter from its cursor on)."""
        self.sub = sub
        self._next_periodic = None
        self.fall_behind()
        self.control.set()

    def stop(self) -> None:
        """Ask the loop to end."""
        self.stopped = True
        self.leave_lane()
        self.wake.set()
        self.control.set()

    # -- the loop ---------------------------------------------------------------------------------------
    async def run(self) -> None:
        """Deliver until stopped."""
        while not self.stopped:
            try:
                await self._step()
            except asyncio.CancelledError:
                raise
            except Exception:  # a bug must not end delivery for good: log it and go on after a pause
                log.exception("subscription %s: delivery step failed", self.sub.id)
                await asyncio.sleep(1.0)

    async def _wait(self, seconds: float | None = None, *, event: asyncio.Event | None = None) -> None:
        """Until ``event`` (default: ``wake``) is set, or ``seconds`` of timer time have passed."""
        event = event or self.wake
        if seconds is None:
            await event.wait()
        elif seconds > 0:
            sleeper = asyncio.ensure_future(self.notifier.timer.sleep(seconds))
            waker = asyncio.ensure_future(event.wait())
            try:
                await asyncio.wait((sleeper, waker), return_when=asyncio.FIRST_COMPLETED)
            finally:
                sleeper.cancel()
                waker.cancel()
        event.clear()

    async def _step(self) -> None:
        sub = self.sub
        now = self.notifier.timer.now()
        state = sub.status(now)
        if state != "active":
            # Paused or expired: what happens meanwhile is not notified, and the log need not be kept for it.
            self.go_live()  # at the lane's end: what it held is skipped
            self._done_upto(self.notifier.head)
            expires = sub.expires_at
            await self._wait(
                None if state == "expired" or expires is None else (expires - now).total_seconds()
            )
            return
        if sub.time_interval is not None:
            self.leave_lane()
            await self._periodic(sub)
            return
        if self.lagging:
            await self._catch_up(sub)
            return
        lane = self.lane
        if lane is None:  # not live and not reading the log: read it, nothing may be skipped
            self.lagging = True
            return
        if self.position >= lane.end:
            self._done_upto(self.notifier.head)
            await self._wait(self._until_expiry(sub))
            return
        await self._throttle(sub)
        if self.stopped or self.sub is not sub or self.lane is not lane:
            return
        start = self.position
        batch = lane.slice(start, self.notifier.settings.max_notification)
        self._whole = len(batch) == lane.end - start
        if await self._deliver(sub, batch, lane, start):
            if self.lagging or self.lane is not lane:  # it left the lane while the batch was out
                self._done_upto(batch[-1].seq)
                return
            self.position = start + len(batch)
            following = lane.slice(self.position, 1)
            self._done_upto(following[0].seq - 1 if following else self.notifier.head)

    def _until_expiry(self, sub: CompiledSubscription) -> float | None:
        expires = sub.expires_at
        return None if expires is None else max(0.0, (expires - self.notifier.timer.now()).total_seconds())

    async def _throttle(self, sub: CompiledSubscription) -> None:
        if sub.throttling <= 0:
            return
        last = self.notifier.last_sent.get(sub.key)
        if last is not None:
            wait = sub.throttling - (self.notifier.timer.now() - last).total_seconds()
            if wait > 0:
                await self._wait(wait, event=self.control)

    def _done_upto(self, seq: int) -> None:
        if seq > self.status.cursor:
            self.status.cursor = seq
            self.dirty = True

    # -- catching up from the log -----------------------------------------------------------------------
    async def _catch_up(self, sub: CompiledSubscription) -> None:
        notifier = self.notifier
        limit = notifier.settings.batch
        rows = await notifier.read_log(self.status.cursor, limit)
        head = notifier.head  # rows past the pump's head are the pump's to offer
        changes = [c for c in rows if c.seq <= head]
        matched = [c for c in changes if sub.matches(c)]
        size = notifier.settings.max_notification
        for start in range(0, len(matched), size):
            await self._throttle(sub)
            if self.stopped or self.sub is not sub:
                return
            batch = matched[start : start + size]
            if not await self._deliver(sub, batch):
                return
            self._done_upto(batch[-1].seq)
        if changes:
            self._done_upto(changes[-1].seq)
        if len(rows) < limit or len(changes) < len(rows):
            # Everything up to ``head`` is done. Rejoin the live stream unless the pump moved on meanwhile
            # (then the next round reads what it passed); no await between the check and the switch.
            self._done_upto(head)
            if notifier.head == head:
                self.go_live()

    # -- periodic notifications (timeInterval) ----------------------------------------------------------
    async def _periodic(self, sub: CompiledSubscription) -> None:
        notifier = self.notifier
        self._done_upto(notifier.head)
        interval = float(sub.time_interval or 0)
        loop_now = notifier.timer.now().timestamp()
        if self._next_periodic is None:
            self._next_periodic = loop_now + interval
        if loop_now < self._next_periodic:
            await self._wait(self._next_periodic - loop_now)
            return
        self._next_periodic += interval
        try:
            entities = await notifier.query_current(sub)
        except CitytwinError as err:
            log.warning("subscription %s: periodic query failed: %s", sub.id, err.detail)
            return
        access = sub.access
        if access is not None:  # decided now, for the owner: a right revoked since stops what it covered
            if access.refresh_due():
                await run_in_threadpool(access.refresh)
            entities = [seen for e in entities if (seen := access.entity(e)) is not None]
        if not entities:
            return
        size = notifier.settings.max_notification
        for start in range(0, len(entities), size):
            part = entities[start : start + size]
            items = await notifier.join_items(
                sub, part, [notifier.encode_item(render_current(e, sub)) for e in part]
            )
            if not await self._send(sub, items, part):
                return

    # -- sending ------------------------------------------------------------------------------------------
    async def _deliver(
        self, sub: CompiledSubscription, batch: list[Change], lane: Lane | None = None, start: int = 0
    ) -> bool:
        """Send the changes of ``batch`` its owner may see (True: done with them, whether or not any were).

        ``lane``: the batch is the lane's from ``start`` on (its rendering is shared with alike members).
        """
        cache = self.notifier.cache
        access = sub.access
        if sub.linked is not None:  # q over linked entities: decided with store reads, per batch
            kept_here = await self.notifier.linked_filter(sub, batch)
            if len(kept_here) != len(batch):
                batch, lane = kept_here, None
            if not batch:
                return True
        if access is None:  # the platform's own subscription: nothing to decide
            if lane is not None:
                items = lane.items(sub.render_key, start, len(batch), self._renderer(sub))
            else:
                items = [cache.item(c, sub) for c in batch]
            items = await self.notifier.join_items(sub, [c.entity for c in batch], items)
            return await self._send(sub, items, changes=batch)
        if access.refresh_due():
            await run_in_threadpool(access.refresh)
        kept = access.visible(batch)
        if not kept:
            return True  # nothing here for the owner: a notification left empty is not sent
        variant = access.variant()
        if lane is not None and variant == 0 and len(kept) == len(batch) and all(map(_same, kept, batch)):
            # The owner sees these changes as they are (unrestricted): the lane's rendering is theirs too.
            items = lane.items(sub.render_key, start, len(batch), self._renderer(sub))
        else:
            items = [cache.item(c, sub, variant) for c in kept]
        items = await self.notifier.join_items(sub, [c.entity for c in kept], items)
        return await self._send(sub, items, [c.subject for c in kept])

    def _renderer(self, sub: CompiledSubscription) -> Callable[[Change], bytes]:
        encode = self.notifier.encode_item
        return lambda change: encode(render_item(change, sub))

    async def _send(
        self,
        sub: CompiledSubscription,
        items: list[bytes],
        sent: list[Entity] | None = None,
        *,
        changes: list[Change] | None = None,
    ) -> bool:
        """Send until the receiver takes it; False when the subscription changed or stopped meanwhile, or when
        newer changes arrived while a failed notification waited for its retry (the caller builds a new one
        holding them too).

        5.8.6: a notification counts once, however often the receiver fails it: its first attempt adds one to
        ``timesSent`` (and to ``timesFailed`` when it fails) and sets ``lastNotification``; repeated attempts
        are transport and only move ``lastFailure`` / ``lastSuccess`` and the status.

        ``sent``: the entities of the items as the owner saw them (ledgered for a governed owner); else
        ``changes``: the changes the items render (their ids go to the notifier's ``on_delivered``).
        """
        notifier = self.notifier
        timer = notifier.timer
        ident = notification_id()
        message = notification_message(sub, items, format_instant(timer.now()), ident)
        whole, self._whole = self._whole, False
        covered = self.pending
        first = True
        while True:
            outcome = await notifier.deliverer.send(sub.endpoint, message)
            now = timer.now()
            stamp = format_instant(now)
            status = self.status
            if first:
                status.times_sent += 1
                status.last_notification = stamp
            status.last_ok = outcome.ok
            notifier.last_sent[sub.key] = now
            self.dirty = True
            if outcome.ok:
                self._retries = 0
                status.last_success = stamp
                notifier.delivered += len(items)
                access = sub.access
                if access is not None and sent is not None and access.ledgers():
                    ids, names = _sent(sub, sent)
                    access.record(sub.id, ids, names, ident)
                if notifier.on_delivered is not None:
                    _tell(notifier, sub, sent, changes, len(message.body))
                return True
            if first:
                status.times_failed += 1
            status.last_failure = stamp
            first = False
            attempt = self._retries
            if attempt == 0 or attempt % 10 == 0:
                log.info("subscription %s: delivery to %s failed (%s); retrying", sub.id, sub.endpoint.uri,
                         outcome.detail)  # fmt: skip
            delay = notifier.settings.backoff.delay(attempt, floor_s=sub.endpoint.cooldown_s)
            self._retries += 1
            await self._wait(delay, event=self.control)
            if self.stopped or self.sub is not sub or self.sub.status(timer.now()) != "active":
                return False
            if whole and not self.lagging and self.pending > covered:
                return False  # newer changes: the next notification carries them with these


def _same(a: object, b: object) -> bool:
    return a is b


def _sent(sub: CompiledSubscription, entities: list[Entity]) -> tuple[list[str], set[str]]:
    """The ids and the rendered attribute names of a notification's entities (for its ledger record)."""
    wants = sub.project.wants
    return [e.id for e in entities], {n for e in entities for n in e.attrs if wants(n)}


def _tell(
    notifier: Notifier,
    sub: CompiledSubscription,
    sent: list[Entity] | None,
    changes: list[Change] | None,
    size: int,
) -> None:
    """Tell ``on_delivered`` of a delivered notification (its failure must not make it look undelivered)."""
    assert notifier.on_delivered is not None
    ids = [e.id for e in sent] if sent is not None else [c.entity_id for c in changes or ()]
    try:
        notifier.on_delivered(sub, ids, size)
    except Exception:
        log.exception("subscription %s: the delivery callback failed", sub.id)
