"""Keeping the desk's contact subscriptions equal to the contact directory.

:func:`plan` compares the subscriptions the directory maps to (:func:`citytwin.analytics.contacts.
subscriptions`) with the ones stored under the desk's id prefix and says what to create, update and remove;
:class:`ContactSync` applies it through the stream service's own subscription CRUD (validation, starting
cursor at the log's head, live notifier update), when the server starts and whenever the operator's file
changes (checked every ``interval_s``). Applying it twice changes nothing. A file that stops being valid
while the server runs is reported in the log and the subscriptions stay as they were.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool

from citytwin.analytics.contacts import SUBSCRIPTION_PREFIX, Directory, load_directory, subscriptions
from citytwin.errors import AlreadyExists, CitytwinError, ResourceNotFound
from citytwin.ngsild.context import builtin_context
from citytwin.ngsild.representation import NGSI_LD_NULL
from citytwin.storage.base import DEFAULT_TENANT, Store
from citytwin.stream.demand import SUBSCRIPTION_KIND
from citytwin.stream.subscription import StoredSubscription, new_subscription

if TYPE_CHECKING:
    from citytwin.stream.service import StreamService

log = logging.getLogger(__name__)
_PAGE = 1000


@dataclass(frozen=True, slots=True)
class Plan:
    """What reconciling the directory does: subscription ids to create, update, remove, and left alone."""

    create: tuple[str, ...] = ()
    update: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def changes(self) -> int:
        """How many subscriptions it writes or deletes."""
        return len(self.create) + len(self.update) + len(self.remove)

    def summary(self) -> str:
        """One line: counts per kind of step."""
        return (
            f"{len(self.create)} created, {len(self.update)} updated, {len(self.remove)} removed, "
            f"{len(self.unchanged)} unchanged"
        )


def desired_bodies(directory: Directory, now: datetime) -> dict[str, dict[str, Any]]:
    """The stored form of every subscription the directory maps to (as the subscription API stores it)."""
    ctx = builtin_context()
    return {sub_id: new_subscription(p, ctx, now) for sub_id, p in subscriptions(directory).items()}


def managed_subscriptions(store: Store, tenant: str = DEFAULT_TENANT) -> dict[str, StoredSubscription]:
    """The stored subscriptions of ``tenant`` under the desk's id prefix."""
    out: dict[str, StoredSubscription] = {}
    t = store.tenant(tenant)
    offset = 0
    while True:
        page = t.list_documents(SUBSCRIPTION_KIND, limit=_PAGE, offset=offset)
        for doc_id, doc in page:
            if doc_id.startswith(SUBSCRIPTION_PREFIX):
                out[doc_id] = StoredSubscription.from_doc(doc)
        if len(page) < _PAGE:
            return out
        offset += _PAGE


def plan(desired: Mapping[str, dict[str, Any]], existing: Mapping[str, StoredSubscription]) -> Plan:
    """The steps that make ``existing`` equal to ``desired`` (ids in order)."""
    create, update, unchanged = [], [], []
    for sub_id in sorted(desired):
        found = existing.get(sub_id)
        if found is None:
            create.append(sub_id)
        elif found.body != desired[sub_id] or found.owner is not None:
            update.append(sub_id)  # someone else's subscription under the desk's id is taken over
        else:
            unchanged.append(sub_id)
    remove = sorted(set(existing) - set(desired))
    return Plan(tuple(create), tuple(update), tuple(remove), tuple(unchanged))


def replacement(payload: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """A PATCH fragment turning ``current`` into ``payload`` (members it no longer has are nulled)."""
    fragment = dict(payload)
    for key in current:
        if key not in fragment and key not in ("id", "type"):
            fragment[key] = NGSI_LD_NULL
    notification = dict(payload["notification"])
    for key in current.get("notification", {}):
        notification.setdefault(key, NGSI_LD_NULL)
    fragment["notification"] = notification
    return fragment


def _fingerprint(path: Path) -> bytes | None:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return None


class ContactSync:
    """Reconciles the contact directory into the stream service's subscriptions, and follows its file."""

    def __init__(
        self,
        stream: StreamService,
        *,
        path: Path | None = None,
        broker: str | None = None,
        tenant: str = DEFAULT_TENANT,
        interval_s: float = 2.0,
    ) -> None:
        self.stream = stream
        self.path = path
        self.broker = broker
        self.tenant = tenant
        self.interval_s = interval_s
        self.directory: Directory | None = None
        self.last: Plan | None = None
        self._seen: bytes | None = None
        self._task: asyncio.Task[None] | None = None

    async def sync(self) -> Plan:
        """Read the directory and reconcile (BadRequestData names the entry of an invalid file)."""
        seen = None if self.path is None else await run_in_threadpool(_fingerprint, self.path)
        directory = await run_in_threadpool(load_directory, self.path, broker=self.broker)
        steps = await self.apply(directory)
        self._seen = seen
        return steps

    async def apply(self, directory: Directory) -> Plan:
        """Create, update and remove subscriptions so the store holds exactly what ``directory`` maps to."""
        stream, tenant = self.stream, self.tenant
        ctx = builtin_context()
        payloads = subscriptions(directory)
        desired = desired_bodies(directory, stream.timer.now())
        existing = await run_in_threadpool(managed_subscriptions, stream.store, tenant)
        steps = plan(desired, existing)
        for sub_id in steps.remove:
            with contextlib.suppress(ResourceNotFound):  # another worker removed it first
                await stream.delete(tenant, sub_id)
        for sub_id in steps.update:
            if existing[sub_id].owner is not None:
                await stream.delete(tenant, sub_id)
                await self._create(payloads[sub_id])
            else:
                await stream.update(tenant, sub_id, replacement(payloads[sub_id], existing[sub_id].body), ctx)
        for sub_id in steps.create:
            await self._create(payloads[sub_id])
        self.directory, self.last = directory, steps
        if steps.changes:
            log.info("contacts from %s: %s", directory.source, steps.summary())
        return steps

    async def _create(self, payload: dict[str, Any]) -> None:
        ctx = builtin_context()
        try:
            await self.stream.create(self.tenant, payload, ctx)
        except AlreadyExists:  # another worker of this server created it a moment ago
            await self.stream.update(self.tenant, payload["id"], payload, ctx)

    async def start(self) -> None:
        """Reconcile once (an invalid directory stops the start) and follow the operator's file."""
        await self.sync()
        if self.path is not None:
            self._task = asyncio.create_task(self._follow(), name="citytwin-contacts")

    async def _follow(self) -> None:
        assert self.path is not None
        while True:
            await asyncio.sleep(self.interval_s)
            seen = await run_in_threadpool(_fingerprint, self.path)
            if seen is None or seen == self._seen:
                continue
            try:
                await self.sync()
            except CitytwinError as err:
                self._seen = seen  # report a bad version once; its next edit is tried again
                log.error("contacts file %s not applied, subscriptions unchanged: %s", self.path, err.detail)
            except Exception:  # keep following the file; the next change is tried again
                log.exception("contacts file %s could not be applied", self.path)

    async def stop(self) -> None:
        """Stop following the file."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
