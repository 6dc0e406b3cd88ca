"""Time for the stream's background work: the system clock, or a driven one for tests and simulations.

Every wait of the notifier (retry backoff, throttling, periodic notifications, expiry) goes through a
:class:`Timer`, so a test can run ten minutes of a receiver outage in milliseconds with :class:`DrivenTimer`.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta
from typing import Protocol

from citytwin.core.timeutil import utc_now


class Timer(Protocol):
    """A clock and a way to wait on it."""

    def now(self) -> datetime:
        """The current UTC time."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` of this timer's time."""
        ...


class SystemTimer:
    """Wall-clock time and ``asyncio.sleep``."""

    def now(self) -> datetime:
        """The system clock, in UTC."""
        return utc_now()

    async def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        await asyncio.sleep(max(0.0, seconds))


class DrivenTimer:
    """Virtual time: sleeping moves the clock forward at once (the event loop still gets a turn).

    ``speed`` real seconds are spent per virtual second (0: none), so that other tasks and threads (store
    writes, HTTP receivers) make progress while virtual minutes pass.
    """

    def __init__(self, start: datetime | None = None, *, speed: float = 0.0) -> None:
        self.current = start or utc_now()
        self.speed = speed
        self.slept = 0.0
        """Virtual seconds spent sleeping, summed over every sleeper."""

    def now(self) -> datetime:
        """The virtual time."""
        return self.current

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.current += timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        """Advance the virtual clock to the end of the sleep (never backwards)."""
        seconds = max(0.0, seconds)
        target = self.current + timedelta(seconds=seconds)
        await asyncio.sleep(seconds * self.speed)
        self.slept += seconds
        self.current = max(self.current, target)


class ManualTimer:
    """Virtual time moved only by :meth:`advance` (from any thread); sleepers wake when their time comes."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or utc_now()
        self._sleepers: list[tuple[datetime, asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The virtual time."""
        return self.current

    @property
    def sleeping(self) -> int:
        """How many sleeps are waiting for the clock."""
        with self._lock:
            return sum(1 for _, _, f in self._sleepers if not f.done())

    async def sleep(self, seconds: float) -> None:
        """Wait until the clock has been advanced by ``seconds``."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            target = self.current + timedelta(seconds=max(0.0, seconds))
            if target <= self.current:
                return
            self._sleepers.append((target, loop, future))
        await future

    def advance(self, seconds: float) -> None:
        """Move the clock forward and wake the sleepers that are due (thread-safe)."""
        with self._lock:
            self.current += timedelta(seconds=seconds)
            due = [s for s in self._sleepers if s[0] <= self.current]
            self._sleepers = [s for s in self._sleepers if s[0] > self.current]
        for _, loop, future in due:
            if not loop.is_closed():
                loop.call_soon_threadsafe(_wake, future)


def _wake(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
