"""What the stream asks of access control: who owns a subscription, and what each owner may be sent.

The stream knows nothing of policies. A server gives its :class:`~citytwin.stream.service.StreamService` a
:class:`StreamGuard` (``citytwin.governance.enforce_stream.PolicyGuard``); without one (the platform's own
streams, tests of the stream alone) everything is delivered as it is, at no cost.

* :meth:`StreamGuard.owner` is the subject of the request creating a subscription or opening a WebSocket
  (None for the platform's own work); it is stored with the subscription.
* :meth:`StreamGuard.check` refuses (403) a subscription or WebSocket filter on types or attributes its
  subject may not subscribe to.
* :meth:`StreamGuard.scope` gives, per subscription (or WebSocket filter), the :class:`NotificationScope`
  that filters and masks every change before it is rendered, decided again at delivery time, and ledgers
  what was delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, TypeExpr
from citytwin.stream.changes import Change

Owner = Mapping[str, Any]
"""A subject in stored form (``id``, ``kind``, ``roles``, ``department``, ``tenant``, ``area``)."""


class NotificationScope(Protocol):
    """One owner's view of one tenant, for one subscription or WebSocket filter."""

    def refresh_due(self) -> bool:
        """Whether :meth:`refresh` (which may read the store) should run before the next delivery."""

    def refresh(self) -> None:
        """Re-read what may have changed outside the policy (the owner's account); blocking."""

    def variant(self) -> int:
        """Identifies how changes are filtered now (0: not at all); equal variants render alike."""

    def change(self, change: Change) -> Change | None:
        """The change as the owner may see it, or None when it must not be notified to the owner."""

    def visible(self, changes: Sequence[Change]) -> list[Change]:
        """:meth:`change` for a batch, in order, without the ones the owner must not be notified of (the same
        objects when the owner sees everything); decided with one look at the policy."""

    def entity(self, entity: Entity) -> Entity | None:
        """An entity as the owner may see it (periodic notifications, snapshots), or None."""

    def ledgers(self) -> bool:
        """Whether deliveries to this owner are ledgered."""

    def record(self, resource: str, ids: Sequence[str], names: Iterable[str], reference: str) -> None:
        """Ledger one delivery: the entities' ids (digested), the attribute names sent, a reference."""


class StreamGuard(Protocol):
    """Access control for subscriptions, notifications and WebSocket feeds."""

    def owner(self) -> dict[str, Any] | None:
        """The subject of the current request in stored form; None for the platform's own work."""

    def reference(self) -> str:
        """The current request's id (ledger records of what a WebSocket connection was sent name it)."""

    def check(self, tenant: str, types: TypeExpr, names: Iterable[str]) -> None:
        """Raise 403 unless the current subject may subscribe to entities of ``types`` (empty: any type)
        and to the attributes ``names`` of them."""

    def may_manage(self, tenant: str, owner: Owner | None) -> bool:
        """Whether the current subject may read, change or delete a subscription owned by ``owner``."""

    def scope(self, tenant: str, owner: Owner | None, filters: EntityQuery) -> NotificationScope | None:
        """The scope of what ``owner`` may be notified of (None: everything, the platform's own); a change
        matched by ``filters`` (q, geo) counts only if the owner sees every attribute they read in clear."""
