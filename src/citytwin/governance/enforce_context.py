"""Who is asking: the request context every governed read and write is attributed to.

The API's authentication middleware sets it for each request (a context variable, so it follows the request
into the thread pool where store calls run and into bus listeners called on the writer's thread). Code outside
a request (ingest workers, importers, the CLI) runs as the ``system`` context of its process unless it sets
its own with :func:`acting_as`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from citytwin.core.policy import Subject
from citytwin.errors import InvalidRequest


class Unauthenticated(InvalidRequest):
    """The request carries no valid credentials (401; NGSI-LD defines no own type for it)."""

    status = 401
    title = "Unauthorized"


class PermissionDenied(InvalidRequest):
    """The subject may see the resource but not do this to it (403)."""

    status = 403
    title = "Forbidden"


@dataclass(frozen=True, slots=True)
class RequestContext:
    """The subject of a request, its id (``X-Request-ID``), the declared purpose, and whether it is governed.

    ``governed`` is false for the platform's own work: policies do not filter it, but its writes are still
    ledgered under its actor name.
    """

    subject: Subject
    request_id: str = ""
    purpose: str = ""
    governed: bool = True

    @property
    def actor(self) -> str:
        """The actor name in ledger records (``user:alice``, ``key:gw-7``, ``system:ingest``)."""
        return self.subject.actor


SYSTEM = RequestContext(Subject("system", kind="system", roles=frozenset({"administrator"})), governed=False)
"""The platform itself (background workers, the CLI)."""

_CURRENT: ContextVar[RequestContext | None] = ContextVar("citytwin_request_context", default=None)


def current() -> RequestContext | None:
    """The context of the request being served (None outside any request)."""
    return _CURRENT.get()


def current_or_system() -> RequestContext:
    """The current context, or :data:`SYSTEM`."""
    return _CURRENT.get() or SYSTEM


def new_request_id() -> str:
    """A fresh request id."""
    return uuid.uuid4().hex


@contextmanager
def acting_as(context: RequestContext) -> Iterator[RequestContext]:
    """Run a block as ``context`` (the CLI, tests, workers acting for a subject)."""
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)


def bind(context: RequestContext) -> object:
    """Set the context for the rest of this task (returns the token :func:`unbind` takes)."""
    return _CURRENT.set(context)


def unbind(token: object) -> None:
    """Restore the context before :func:`bind`."""
    _CURRENT.reset(token)  # type: ignore[arg-type]
