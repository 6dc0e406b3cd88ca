"""The schedule of periodic context source registration subscriptions (``timeInterval``, clause 5.11.7).

A subscription with ``timeInterval`` is sent every registration it matches when it is created or updated, and
then each time the interval has elapsed, whether or not registrations changed. The subscriptions are stored;
their schedules live in the processes that run them:

- the process that creates or updates one starts its schedule (after sending the first notification itself);
- every process starting over a store resumes the schedules of the periodic subscriptions it holds
  (:meth:`PeriodicSchedules.resume`, called from the app's lifespan), continuing from the subscription's
  ``lastNotification`` rather than sending at once;
- of the processes running a schedule, the one holding the subscription's lease in the store sends; a lease
  is renewed every ``tick_s`` seconds, so when its holder stops (or dies) another takes over within a few
  ticks. A store without leases serves one process, which always sends.

Each tick re-reads the subscription, so an update or a deletion made by any process is seen: a deleted one,
or one no longer periodic, ends its schedule.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool

from citytwin.core.timeutil import Clock, parse_instant, to_micros, utc_now
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.storage.base import DEFAULT_TENANT, Store

log = logging.getLogger(__name__)

KIND = "csourceSubscription"
LEASE_PREFIX = "csub-periodic:"
TICK_S = 5.0
"""How often a schedule re-reads its subscription and renews its lease (at most)."""

Send = Callable[[str, Mapping[str, Any]], Awaitable[None]]
"""Send the notification of one periodic subscription: (tenant, stored subscription)."""
Sleep = Callable[[float], Awaitable[None]]


def interval_of(doc: Mapping[str, Any] | None) -> float:
    """The subscription's ``timeInterval`` in seconds (0: not periodic, or no subscription)."""
    if doc is None:
        return 0.0
    value = doc.get("timeInterval")
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return 0.0
    return float(value)


def resumed_due(doc: Mapping[str, Any], now: datetime) -> datetime:
    """When a resumed schedule sends next: one interval after the last notification (now if none)."""
    last = (doc.get("notification") or {}).get("lastNotification")
    if not isinstance(last, str):
        return now
    span = timedelta(seconds=interval_of(doc))
    try:
        return min(parse_instant(last) + span, now + span)  # a stamp from a clock ahead waits no longer
    except CitytwinError:
        return now


def lease_name(tenant: str, sub_id: str) -> str:
    """The store lease that picks the process sending a subscription's periodic notifications."""
    return f"{LEASE_PREFIX}{tenant}:{sub_id}"


class PeriodicSchedules:
    """The periodic csourceSubscriptions this process runs: one task each, sending while it leads."""

    def __init__(
        self,
        store: Store,
        send: Send,
        *,
        clock: Clock = utc_now,
        sleep: Sleep = asyncio.sleep,
        tick_s: float = TICK_S,
    ) -> None:
        self.store = store
        self.send = send
        self.clock = clock
        self.sleep = sleep
        self.tick_s = tick_s
        self.owner = f"csubs-{uuid.uuid4().hex[:12]}"
        self._tasks: dict[tuple[str, str], asyncio.Task[None]] = {}

    def running(self) -> set[tuple[str, str]]:
        """The (tenant, subscription id) pairs whose schedules run here."""
        return {key for key, task in self._tasks.items() if not task.done()}

    def start(self, tenant: str, sub_id: str, due: datetime) -> None:
        """Run a subscription's schedule, next sending at ``due`` (replaces a schedule already running)."""
        self.stop(tenant, sub_id)
        task = asyncio.create_task(self._run(tenant, sub_id, due), name=f"csub-periodic {sub_id}")
        self._tasks[(tenant, sub_id)] = task

    def stop(self, tenant: str, sub_id: str) -> None:
        """Stop a subscription's schedule here (deleted, or about to be replaced)."""
        task = self._tasks.pop((tenant, sub_id), None)
        if task is not None:
            task.cancel()

    async def resume(self) -> int:
        """Start the schedules of every stored periodic subscription not running here; how many started."""
        try:
            tenants = await run_in_threadpool(self.store.document_tenants, KIND)
        except CitytwinError as err:  # a store that cannot list across tenants: its default one only
            log.info("periodic csourceSubscriptions: %s; resuming the default tenant only", err.detail)
            tenants = [DEFAULT_TENANT]
        started = 0
        now = self.clock()
        for tenant in tenants:
            for doc in await run_in_threadpool(all_documents, self.store, tenant):
                if interval_of(doc) and (tenant, doc["id"]) not in self.running():
                    self.start(tenant, doc["id"], resumed_due(doc, now))
                    started += 1
        if started:
            log.info("resumed %d periodic csourceSubscription schedule(s)", started)
        return started

    async def aclose(self) -> None:
        """Stop every schedule and give their leases back, so another process takes over at once."""
        tasks = dict(self._tasks)
        self._tasks.clear()
        for task in tasks.values():
            task.cancel()
        for task in tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task  # a schedule gives its lease back as it ends

    # -- one schedule --------------------------------------------------------------------------------------

    async def _run(self, tenant: str, sub_id: str, due: datetime) -> None:
        leading = False
        try:
            while True:
                wait = min(self.tick_s, max(0.0, (due - self.clock()).total_seconds()))
                if wait > 0:
                    await self.sleep(wait)
                doc = await run_in_threadpool(_document, self.store, tenant, sub_id)
                interval = interval_of(doc)
                if doc is None or not interval:
                    return  # deleted, or no longer periodic (perhaps by another process)
                was_leading, leading = leading, await self._lead(tenant, sub_id)
                if not leading:
                    await self.sleep(self.tick_s)  # another process sends; look again later
                    continue
                now = self.clock()
                if not was_leading:
                    due = max(due, resumed_due(doc, now))  # taking over: keep the previous sender's pace
                if now < due:
                    continue
                try:
                    await self.send(tenant, doc)
                except asyncio.CancelledError:
                    raise
                except Exception:  # the next interval tries again
                    log.exception("periodic notification of csourceSubscription %s failed", sub_id)
                due = now + timedelta(seconds=interval)
        finally:
            if leading:
                await asyncio.shield(self._release(tenant, sub_id))

    async def _lead(self, tenant: str, sub_id: str) -> bool:
        now = self.clock()
        until = to_micros(now) + int(self.tick_s * 3 * 1_000_000)
        try:
            held: bool = await run_in_threadpool(
                self.store.acquire_lease, lease_name(tenant, sub_id), self.owner, until, to_micros(now)
            )
        except CitytwinError:
            return True  # a store without leases serves one process
        return held

    async def _release(self, tenant: str, sub_id: str) -> None:
        with contextlib.suppress(CitytwinError):
            await run_in_threadpool(self.store.release_lease, lease_name(tenant, sub_id), self.owner)


def _document(store: Store, tenant: str, sub_id: str) -> dict[str, Any] | None:
    try:
        return store.tenant(tenant).get_document(KIND, sub_id)
    except ResourceNotFound:
        return None


def all_documents(store: Store, tenant: str, kind: str = KIND) -> list[dict[str, Any]]:
    """Every stored document of ``kind`` (subscriptions by default) of the tenant, a page at a time."""
    t = store.tenant(tenant)
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = t.list_documents(kind, limit=1000, offset=offset)
        out.extend(doc for _, doc in page)
        if len(page) < 1000:
            return out
        offset += 1000
