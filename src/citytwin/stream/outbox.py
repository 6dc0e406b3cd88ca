"""A durable, ordered outbox of notifications for notifiers that produce payloads one by one.

``Outbox(tenant_store, "csub:<id>", deliverer)`` keeps each message as a store document before trying it
(kind ``outbox:<channel>``, ids in arrival order), sends them in order, one at a time, retrying a failed one
with :class:`~citytwin.stream.delivery.Backoff` until the receiver takes it, and deletes it then. Messages
left when the process stops are sent after the next :meth:`Outbox.start`. Good for low-volume streams
(context source registration notifications); entity subscriptions use the change log instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool

from citytwin.storage.base import TenantStore
from citytwin.stream.delivery import Backoff, Deliverer, Endpoint, Message, Outcome
from citytwin.stream.timer import SystemTimer, Timer

log = logging.getLogger(__name__)
_PAGE = 500


@dataclass(slots=True)
class OutboxStatus:
    """What an outbox has done so far."""

    sent: int = 0
    failed_attempts: int = 0
    last: Outcome | None = None


class Outbox:
    """Messages to endpoints, persisted before sending, delivered in order (see the module docstring)."""

    def __init__(
        self,
        store: TenantStore,
        channel: str,
        deliverer: Deliverer,
        *,
        timer: Timer | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.store = store
        self.kind = f"outbox:{channel}"
        self.deliverer = deliverer
        self.timer: Timer = timer or SystemTimer()
        self.backoff = backoff or Backoff()
        self.status = OutboxStatus()
        self._next = 0
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Resume sending what an earlier run left, then whatever is put."""
        existing = await run_in_threadpool(self._ids)
        self._next = int(existing[-1]) + 1 if existing else 0
        self._task = asyncio.create_task(self._run(), name=f"citytwin-{self.kind}")
        self._wake.set()

    async def stop(self) -> None:
        """Stop sending; unsent messages stay stored."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _ids(self) -> list[str]:
        ids: list[str] = []
        while True:
            page = self.store.list_documents(self.kind, limit=_PAGE, offset=len(ids))
            ids.extend(doc_id for doc_id, _ in page)
            if len(page) < _PAGE:
                return ids

    async def put(self, endpoint: Endpoint, message: Message) -> str:
        """Store a message for sending; returns its id (sending happens in the background, in order)."""
        doc_id = f"{self._next:020d}"
        self._next += 1
        doc: dict[str, Any] = {
            "endpoint": endpoint.to_dict(),
            "body": message.body.decode("utf-8"),
            "contentType": message.content_type,
            "headers": dict(message.headers),
        }
        await run_in_threadpool(self.store.put_document, self.kind, doc_id, doc)
        self._wake.set()
        return doc_id

    async def pending(self) -> int:
        """Messages not delivered yet."""
        return len(await run_in_threadpool(self._ids))

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while True:
                page = await run_in_threadpool(self.store.list_documents, self.kind, limit=_PAGE, offset=0)
                if not page:
                    break
                for doc_id, doc in page:
                    await self._deliver(doc)
                    await run_in_threadpool(self.store.delete_document, self.kind, doc_id)

    async def _deliver(self, doc: dict[str, Any]) -> None:
        endpoint = Endpoint.from_dict(doc["endpoint"])
        message = Message(doc["body"].encode("utf-8"), doc["contentType"], doc.get("headers", {}))
        attempt = 0
        while True:
            outcome = await self.deliverer.send(endpoint, message)
            self.status.last = outcome
            if outcome.ok:
                self.status.sent += 1
                return
            self.status.failed_attempts += 1
            log.info("%s: delivery to %s failed (%s); retrying", self.kind, endpoint.uri, outcome.detail)
            await self.timer.sleep(self.backoff.delay(attempt, floor_s=endpoint.cooldown_s))
            attempt += 1
