"""A command-line process acting as one subject: policy-decided tenants, its own writes on the ledger.

Who: with authentication on (``CITYTWIN_AUTH=1``) a command names an account — ``--user NAME`` (the
account's roles and area apply; whoever holds the database URL is trusted to say so) or a bearer token / API
key in ``CITYTWIN_TOKEN`` (checked like the API checks it). With authentication off (the embedded default)
it acts as the **local operator** ``cli:<os user>@<host>``, an administrator (docs/security.md).

What: :meth:`CliSession.tenant` hands out a tenant store governed for one action — ``write`` for imports
(a batch with any entity the subject may not write is refused whole, before anything of it is written) and
``export`` for exports (rows, attributes and masking of the export rules). Every entity write goes through
an observed store whose change bus feeds this process's :class:`~.ledger_writer.LedgerWriter` (actor, the
session's request id); the session registers its change-log writer name as self-ledgering, so a server's
change-log tail does not record those writes again (:mod:`.ledger_tail`).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from types import TracebackType

from citytwin.core.entities import Entity
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy import Subject
from citytwin.core.policy_view import PolicyView
from citytwin.errors import OperationNotSupported, ResourceNotFound
from citytwin.governance import enforce_writes
from citytwin.governance.auth import Accounts, Authenticator
from citytwin.governance.cli_common import local_operator
from citytwin.governance.enforce import Enforcement, GovernedTenantStore
from citytwin.governance.enforce_context import (
    PermissionDenied,
    RequestContext,
    Unauthenticated,
    acting_as,
    new_request_id,
)
from citytwin.governance.enforce_policy import PolicyRegistry, load_file
from citytwin.governance.enforce_runtime import ledger_of
from citytwin.governance.export import ExportingTenantStore
from citytwin.governance.ledger_tail import register_self, writer_name
from citytwin.governance.ledger_writer import LedgerWriter
from citytwin.settings import Settings
from citytwin.storage.base import BatchResult, PreparedUpsert, Store
from citytwin.storage.codec import KnownLocations
from citytwin.stream.bus import EventBus
from citytwin.stream.changelog import ChangeRecorder
from citytwin.stream.demand import remote_demand
from citytwin.stream.observed import ObservedStore

log = logging.getLogger(__name__)


def cli_subject(store: Store, settings: Settings, *, user: str | None, token: str | None) -> Subject:
    """Who a command acts as: the token's or API key's account, ``--user``'s, else the local operator."""
    accounts = Accounts(store)
    if token:
        return Authenticator(settings, accounts).authenticate(authorization=f"Bearer {token}", api_key=None)
    if user:
        try:
            account = accounts.get(user)
        except ResourceNotFound:
            raise Unauthenticated(f"there is no account {user!r} (see citytwin users list)") from None
        if account.disabled:
            raise Unauthenticated(f"account {user} is disabled")
        return account.subject()
    if settings.auth:
        raise Unauthenticated(
            "authentication is on (CITYTWIN_AUTH=1): act as an account with --user NAME, "
            "or put its token or API key in CITYTWIN_TOKEN"
        )
    return local_operator()


_CHECKED = "citytwin.importing-checked"
"""Key of :attr:`PreparedUpsert.extra` naming the importing store that checked the batch."""


class ImportingTenantStore(GovernedTenantStore):
    """A tenant as an importing subject may write it: a batch with a refused entity is refused whole."""

    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        """Write the batch if the subject may write every entity of it; PermissionDenied otherwise."""
        return self.inner.upsert_many(self._allowed(list(entities), merge), merge=merge, history=history)

    def prepare_upsert(
        self, entities: Iterable[Entity], *, known: KnownLocations | None = None
    ) -> PreparedUpsert:
        """The batch checked as :meth:`upsert_many` checks it (PermissionDenied now), then prepared by the
        store below."""
        prepared = self.inner.prepare_upsert(self._allowed(list(entities), False), known=known)
        prepared.extra[_CHECKED] = self
        return prepared

    def upsert_prepared(self, prepared: PreparedUpsert) -> BatchResult:
        """Write a batch this store checked in :meth:`prepare_upsert`; any other is checked now."""
        if prepared.extra.get(_CHECKED) is not self:
            return self.upsert_many(prepared.entities)
        result: BatchResult = self.inner.upsert_prepared(prepared)
        return result

    def _allowed(self, batch: list[Entity], merge: bool) -> list[Entity]:
        allowed, refused = enforce_writes.checked_batch(self, batch, merge=merge)
        if refused:
            first = refused[0]
            why = first.problem.get("detail") or first.problem.get("title") or "refused"
            raise PermissionDenied(
                f"{self.ctx.actor} may not write {len(refused)} of the {len(batch)} entities of this batch "
                f"in tenant {self.tenant!r}; first {first.entity_id}: {why}"
            )
        return allowed


class CliSession:
    """One command's identity, policy and ledger on a store (a context manager; closing flushes)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        subject: Subject,
        *,
        purpose: str = "",
        request_id: str | None = None,
        origin: str = "cli",
    ) -> None:
        self.plain = store
        self.settings = settings
        self.bus = EventBus()
        self.store = ObservedStore(store, self.bus, origin=origin)
        self.ctx = RequestContext(subject, request_id or new_request_id(), purpose)
        initial = load_file(settings.policy_file) if settings.policy_file else None
        self.policies = PolicyRegistry(store, initial=initial)
        self.enforcement = Enforcement(self.policies, record=None, read_mode="off")
        self.writer: LedgerWriter | None = None
        self.name = writer_name(self.ctx.actor, self.ctx.request_id)
        """This process's change-log writer name."""
        if settings.ledger:
            try:
                ledger = ledger_of(store, settings)
                register_self(store, self.name)
            except OperationNotSupported as err:
                log.warning("this store keeps no ledger: %s", err.detail)
            else:
                self.writer = LedgerWriter(ledger, seal_after_s=settings.ledger_seal_after_s).start()
                self.writer.attach(self.bus)
        self.recorder = ChangeRecorder(self.store, self.bus, writer=self.name)
        self.recorder.demand = lambda: remote_demand(store, self.name)
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> CliSession:
        with contextlib.suppress(OperationNotSupported):  # a store without a change log: nobody tails it
            self.recorder.start()
        self._stack.enter_context(acting_as(self.ctx))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def view(self, action: str, tenant: str) -> PolicyView:
        """The subject's view of ``tenant`` for ``action``."""
        return self.policies.view(self.ctx.subject, action, tenant)

    def require(self, action: str, tenant: str) -> None:
        """PermissionDenied unless the policy lets the subject ``action`` something in ``tenant``."""
        if self.view(action, tenant).nothing:
            raise PermissionDenied(f"{self.ctx.actor} may not {action} anything in tenant {tenant!r}")

    def tenant(self, name: str, action: str) -> GovernedTenantStore:
        """``name`` as the subject may ``write`` (import) or ``export`` it."""
        cls = ExportingTenantStore if action == "export" else ImportingTenantStore
        return cls(self.store.tenant(name), self.ctx, self.enforcement, self.plain.scheme)

    def reader(self, name: str) -> GovernedTenantStore:
        """``name`` as the subject reads it: hidden twins 404, hidden attributes absent, masked ones masked;
        each read is ledgered (when this session ledgers), as over the API."""
        record = self.writer.submit if self.writer is not None else None
        reads = Enforcement(self.policies, record=record, read_mode="all")
        return GovernedTenantStore(self.store.tenant(name), self.ctx, reads, self.plain.scheme)

    def record(self, entry: LedgerEntry) -> None:
        """Ledger one record (an import, an export), if this session ledgers."""
        if self.writer is not None:
            self.writer.submit(entry)

    def close(self) -> None:
        """Append the pending change-log entries and ledger records; stop acting as the subject."""
        self._stack.close()
        self.recorder.close()
        if self.writer is not None:
            self.writer.close()
