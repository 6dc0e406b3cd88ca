"""Governance in a running server: the ledger writer, the policy registry, authentication, the governed store.

:meth:`Governance.start` wires them for one app (``create_app``'s lifespan): every write published on the
change bus is ledgered, reads through :meth:`Governance.wrap` are decided by policy and ledgered, and the
policy is re-read from the store every few seconds so a change made by another process applies here too.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from citytwin.core.policy import Subject
from citytwin.core.timeutil import Clock, utc_now
from citytwin.errors import CitytwinError, OperationNotSupported
from citytwin.governance.auth import Accounts, Authenticator
from citytwin.governance.enforce import Enforcement, GovernedStore
from citytwin.governance.enforce_context import RequestContext
from citytwin.governance.enforce_policy import PolicyRegistry, load_file
from citytwin.governance.ledger_anchor import Anchor, FileAnchor
from citytwin.governance.ledger_store import Ledger
from citytwin.governance.ledger_writer import LedgerWriter
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus, Subscription

if TYPE_CHECKING:
    from citytwin.governance.enforce_stream import PolicyGuard
    from citytwin.governance.ledger_tail import ChangeLogTail

log = logging.getLogger(__name__)
POLICY_REFRESH_S = 3.0
ANONYMOUS = Subject("anonymous", kind="anonymous")
"""Who calls the public endpoints (health, version, OpenAPI, public keys) when authentication is on."""


def anchors_of(settings: Settings) -> list[Anchor]:
    """The anchors the settings configure."""
    return [FileAnchor(settings.ledger_anchor_file)] if settings.ledger_anchor_file else []


def ledger_of(store: Store, settings: Settings, *, clock: Clock = utc_now) -> Ledger:
    """The ledger of ``store`` with the configured block size and anchors."""
    return Ledger(store, block_size=settings.ledger_block_size, anchors=anchors_of(settings), clock=clock)


class Governance:
    """Everything governance a server process runs."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        bus: EventBus,
        *,
        clock: Clock = utc_now,
        registry: type[PolicyRegistry] = PolicyRegistry,
    ) -> None:
        self.settings = settings
        self.store = store
        self.bus = bus
        try:
            self.ledger: Ledger | None = ledger_of(store, settings, clock=clock)
        except OperationNotSupported as err:  # a backend without ledger tables still serves, unledgered
            log.warning("no ledger: %s", err.detail)
            self.ledger = None
        self.writer = (
            LedgerWriter(self.ledger, seal_after_s=settings.ledger_seal_after_s)
            if settings.ledger and self.ledger is not None
            else None
        )
        record = self.writer.submit if self.writer is not None else None
        initial = load_file(settings.policy_file) if settings.policy_file else None
        self.policies = registry(store, initial=initial, clock=clock, record=record)
        """Where every decision of this process comes from (:meth:`use_policies` replaces it)."""
        reads = settings.ledger_reads
        if reads == "auto":  # every read traced in production; the loopback demo identity's reads are not
            reads = "all" if settings.auth else "restricted"
        self.enforcement = Enforcement(self.policies, record=record, read_mode=reads, clock=clock)
        self.accounts = Accounts(store, clock=clock)
        self.authenticator = Authenticator(settings, self.accounts, clock=clock) if settings.auth else None
        self.demo = Subject(settings.demo_identity, "user", frozenset({"administrator"}))
        """Who every request is while authentication is off (loopback only): an administrator."""
        self._stop = threading.Event()
        self._refresher: threading.Thread | None = None
        self._multitypes: Subscription | None = None
        self.tail: ChangeLogTail | None = None
        """Ledgers other processes' writes from the change log (:meth:`tail_changes`)."""

    @classmethod
    def start(
        cls,
        settings: Settings,
        store: Store,
        bus: EventBus,
        *,
        registry: type[PolicyRegistry] = PolicyRegistry,
    ) -> Governance:
        """Create and start: ledger writer on the bus, policy refresh timer. ``registry`` is the kind of
        policy registry every decision comes from (e.g. one that adds the share agreements in force)."""
        gov = cls(settings, store, bus, registry=registry)
        if gov.writer is not None:
            gov.writer.start()
            gov.writer.attach(bus)
        gov._multitypes = bus.subscribe(gov.enforcement.multitypes.on_change)
        gov._refresher = threading.Thread(target=gov._refresh_loop, name="citytwin-policy", daemon=True)
        gov._refresher.start()
        return gov

    def use_policies(self, registry: PolicyRegistry) -> None:
        """Decide with ``registry`` from now on: governed stores, the stream guard, exports, the refresh timer
        (they all ask :attr:`enforcement`'s registry at each decision)."""
        self.policies = registry
        self.enforcement.policies = registry

    def _refresh_loop(self) -> None:
        while not self._stop.wait(POLICY_REFRESH_S):
            try:
                self.policies.refresh()
            except CitytwinError as err:  # a store hiccup: keep the active policy, try again later
                log.warning("policy refresh failed: %s", err.detail)

    def tail_changes(self, owner: str) -> None:
        """Ledger other processes' writes too; ``owner`` is this process's change-log writer name."""
        from citytwin.governance.ledger_tail import ChangeLogTail

        if self.writer is None or self.ledger is None or self.tail is not None:
            return
        try:
            self.tail = ChangeLogTail(self.store, self.ledger, owner=owner, append=self.writer.append_now)
            self.tail.start()
        except OperationNotSupported as err:  # a store without a change log: only this process writes
            log.warning("other processes' writes are not ledgered: %s", err.detail)
            self.tail = None

    def wrap(self, store: Store) -> GovernedStore:
        """``store`` governed by this process's policy for each request's subject."""
        return GovernedStore(store, self.enforcement)

    def stream_guard(self) -> PolicyGuard:
        """Access control of this server's subscriptions, notifications and WebSocket feeds."""
        from citytwin.governance.enforce_stream import PolicyGuard

        # Owners' accounts are looked at again only where accounts authenticate anyone.
        return PolicyGuard(self.enforcement, self.accounts if self.settings.auth else None)

    def context_without_auth(self, request_id: str, purpose: str) -> RequestContext:
        """The request context while authentication is off: the documented demo identity."""
        return RequestContext(self.demo, request_id, purpose)

    def close(self) -> None:
        """Stop the timer and the writer (appending what is queued, sealing the last block)."""
        self._stop.set()
        if self._multitypes is not None:
            self._multitypes.close()
        if self._refresher is not None:
            self._refresher.join(timeout=5)
        if self.tail is not None:
            self.tail.close()
        if self.writer is not None:
            self.writer.close()
