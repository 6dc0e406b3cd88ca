"""Enforcement on the stream: subscriptions, notifications and WebSocket feeds carry only what owners see.

:class:`PolicyGuard` is the :class:`~citytwin.stream.guard.StreamGuard` of a governed server:

* A subscription remembers its **owner**, the subject of the request that created it. Creating or updating
  one, and opening a WebSocket filter, needs the ``subscribe`` action on the types it selects and on the
  attributes it watches or asks for (403 otherwise, as for any write the subject may not make).
* Every notification is decided for the owner with the read path's decision code
  (:class:`~citytwin.core.policy_view.PolicyView` of the ``subscribe`` action): an entity the owner may not
  see is dropped (a notification left empty is not sent), invisible attributes are absent, personal data is
  masked unless the policy grants clear access, and a filter (``q``, ``geoQ``) only matches on attributes
  the owner sees in clear. The decision is made at delivery time: :class:`OwnerScope` keeps the owner's view
  per subscription and takes a new one when the policy changes, so a revoked right stops the next
  notification; a disabled local account gets nothing.
* Every delivered notification of a governed owner is ledgered (action ``notify``): one record per
  notification with the attribute names sent and a digest of the entity ids, under the read path's
  ``CITYTWIN_LEDGER_READS`` mode.

Subscriptions of the platform itself (no request: analytics, tests of the stream) have no owner and are not
filtered. An unrestricted owner (an administrator, the loopback demo identity) costs one identity check per
delivery.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from citytwin.core.entities import Entity
from citytwin.core.events import ChangeKind
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy import PolicySet, Subject
from citytwin.core.policy_view import Decision, PolicyView, rule_admits_types
from citytwin.core.query import EntityQuery, TypeExpr
from citytwin.core.timeutil import to_micros
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.governance.auth import Accounts
from citytwin.governance.enforce import Enforcement, filter_names
from citytwin.governance.enforce_context import PermissionDenied, current
from citytwin.stream.changes import Change
from citytwin.stream.guard import Owner

ACTION = "subscribe"
"""The action subscriptions, their notifications and WebSocket feeds exercise."""
ACCOUNT_CHECK_S = 5.0
"""How often a subscription re-reads its owner's account (as long as a looked-up API key is trusted)."""
_VARIANTS = 10_000


def subject_doc(subject: Subject) -> dict[str, Any]:
    """A subject in the form stored with a subscription."""
    return {
        "id": subject.id,
        "kind": subject.kind,
        "roles": sorted(subject.roles),
        "department": subject.department,
        "tenant": subject.tenant,
        "area": subject.area,
    }


def subject_from(doc: Owner) -> Subject:
    """Inverse of :func:`subject_doc`."""
    return Subject(
        str(doc["id"]),
        str(doc.get("kind", "user")),
        frozenset(doc.get("roles") or ()),
        doc.get("department"),
        doc.get("tenant"),
        doc.get("area"),
    )


# -- what a subject may subscribe to ------------------------------------------------------------------------


def type_decision(view: PolicyView, types: tuple[str, ...]) -> Decision | None:
    """What the subject may see of some entity of ``types`` (None: of none, wherever it is).

    Area-bound allow rules count (the subject sees such entities somewhere); only deny rules that hold
    everywhere refuse. Attribute denies bound to an area do not hide an attribute here for the same reason.
    """
    cls = view.classification
    if any(d.area is None and rule_admits_types(cls, d, types) for d in view.entity_denies):
        return None
    rules = tuple(r for r in view.allows if rule_admits_types(cls, r, types))
    if not rules:
        return None
    hidden: set[str] = set()
    for deny in view.attr_denies:
        if deny.area is None and deny.attributes is not None and rule_admits_types(cls, deny, types):
            hidden |= deny.attributes
    return Decision(rules, frozenset(hidden), cls, types)


# -- the guard --------------------------------------------------------------------------------------------


class PolicyGuard:
    """The stream guard of a governed server (see the module docstring)."""

    def __init__(
        self,
        enforcement: Enforcement,
        accounts: Accounts | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.enforcement = enforcement
        self.accounts = accounts
        self.monotonic = monotonic
        self._variants: dict[PolicyView, int] = {}
        self._issued = 0

    @property
    def policy(self) -> PolicySet:
        """The active policy."""
        return self.enforcement.policies.policy

    def view(self, subject: Subject, tenant: str, action: str = ACTION) -> PolicyView:
        """The subject's view of a tenant for an action (the registry caches it per policy)."""
        return self.enforcement.policies.view(subject, action, tenant)

    def variant_of(self, view: PolicyView) -> int:
        """A small number per view: notifications filtered by the same view render alike (0: unfiltered)."""
        if view.unrestricted:
            return 0
        found = self._variants.get(view)
        if found is None:
            if len(self._variants) >= _VARIANTS:
                self._variants = {}  # views of replaced policies are not used any more
            self._issued += 1  # never reused: a number names one view for the life of the process
            found = self._variants[view] = self._issued
        return found

    # -- StreamGuard ----------------------------------------------------------------------------------------
    def owner(self) -> dict[str, Any] | None:
        """The current request's subject (None outside requests and for the platform's own work)."""
        ctx = current()
        if ctx is None or not ctx.governed:
            return None
        return subject_doc(ctx.subject)

    def reference(self) -> str:
        """The current request's id ("" outside requests)."""
        ctx = current()
        return "" if ctx is None else ctx.request_id

    def check(self, tenant: str, types: TypeExpr, names: Iterable[str]) -> None:
        """403 unless the current subject may subscribe to these types and attributes."""
        ctx = current()
        if ctx is None or not ctx.governed:
            return
        view = self.view(ctx.subject, tenant)
        if view.unrestricted:
            return
        if view.nothing:
            raise PermissionDenied(f"{ctx.actor} may not subscribe in tenant {tenant!r}")
        wanted = sorted(set(names))
        for group in types or (frozenset(),):
            key = tuple(sorted(group))
            what = " and ".join(key) if key else "any"
            decision = type_decision(view, key)
            if decision is None:
                raise PermissionDenied(
                    f"{ctx.actor} may not subscribe to {what} entities in tenant {tenant!r}"
                )
            for name in wanted:
                if not decision.visible(name):
                    raise PermissionDenied(
                        f"{ctx.actor} may not subscribe to attribute {name!r} of {what} entities"
                    )

    def may_manage(self, tenant: str, owner: Owner | None) -> bool:
        """The owner itself, a subject with ``administer`` on the tenant, or the platform."""
        ctx = current()
        if ctx is None or not ctx.governed:
            return True
        subject = ctx.subject
        if owner is not None and owner.get("id") == subject.id and owner.get("kind") == subject.kind:
            return True
        return not self.view(subject, tenant, "administer").nothing

    def scope(self, tenant: str, owner: Owner | None, filters: EntityQuery) -> OwnerScope | None:
        """The owner's scope (None for the platform's subscriptions: nothing is filtered)."""
        if owner is None:
            return None
        return OwnerScope(self, tenant, subject_from(owner), frozenset(filter_names(filters)))


class OwnerScope:
    """One owner's view of one tenant for one subscription or feed, renewed when the policy changes."""

    def __init__(self, guard: PolicyGuard, tenant: str, subject: Subject, filters: frozenset[str]) -> None:
        self.guard = guard
        self.tenant = tenant
        self.subject = subject
        self.filters = filters
        self.disabled = False
        """The owner's local account is disabled: nothing is delivered."""
        self._policy: PolicySet | None = None
        self._view: PolicyView | None = None
        self._view_of: Subject | None = None
        self._sensitive: tuple[str, ...] = ()
        self._variant = 0
        self._next_check = 0.0

    # -- the view, per policy version -------------------------------------------------------------------
    def view(self) -> PolicyView:
        """The owner's ``subscribe`` view under the active policy."""
        policy = self.guard.policy
        view = self._view
        subject = self.subject
        if view is None or policy is not self._policy or subject is not self._view_of:
            view = self._view = self.guard.view(subject, self.tenant)
            self._policy = policy
            self._view_of = subject
            self._sensitive = tuple(sorted(n for n in self.filters if not view.always_clear(n)))
            self._variant = self.guard.variant_of(view)
        return view

    def refresh_due(self) -> bool:
        """Whether the owner's account should be looked at again."""
        return self.guard.accounts is not None and self.guard.monotonic() >= self._next_check

    def refresh(self) -> None:
        """Look the owner's local account up: a disabled account's subscriptions deliver nothing, and a
        change of its roles, department, tenant or area applies from the next decision on."""
        accounts = self.guard.accounts
        self._next_check = self.guard.monotonic() + ACCOUNT_CHECK_S
        if accounts is None:
            return
        try:
            account = accounts.get(self.subject.id)
        except ResourceNotFound:
            self.disabled = False  # a subject of the identity provider, not a local account
            return
        except CitytwinError:
            return  # the store is briefly unavailable: keep what was known
        self.disabled = account.disabled
        if account.kind == self.subject.kind:
            current = account.subject()
            if current != self.subject:
                self.subject = current  # view() decides with it from now on

    def variant(self) -> int:
        """How changes are filtered now (0: not at all)."""
        self.view()
        return self._variant

    # -- deciding -----------------------------------------------------------------------------------------
    def _decided(self, view: PolicyView, entity: Entity) -> Decision | None:
        decision = view.decide(entity)
        if decision is None:
            return None
        for name in self._sensitive:
            if name in entity.attrs and not decision.clear(name):
                return None  # the filter read something the owner may not test: it did not match for them
        return decision

    def change(self, change: Change) -> Change | None:
        """The change as the owner sees it; None when the owner sees nothing of what changed."""
        view = self.view()
        if self.disabled or view.nothing:
            return None
        if view.unrestricted:
            return change
        decision = self._decided(view, change.subject)
        if decision is None:
            return None
        if decision.everything:
            return change
        visible = decision.visible
        created = tuple(n for n in change.created if visible(n))
        updated = tuple(n for n in change.updated if visible(n))
        deleted = tuple(n for n in change.deleted if visible(n))
        if change.kind is ChangeKind.UPDATED and not (created or updated or deleted):
            return None  # only attributes hidden from the owner changed: even the fact is not theirs
        # The constructor, not dataclasses.replace (several times slower): this runs for every change.
        return Change(
            change.seq,
            change.tenant,
            change.kind,
            change.entity_id,
            change.types,
            change.at_us,
            None if change.entity is None else decision.apply(change.entity),
            None if change.previous is None else decision.apply(change.previous),
            created,
            updated,
            deleted,
            change.writer,
        )

    def visible(self, changes: Sequence[Change]) -> list[Change]:
        """:meth:`change` for a batch: one look at the policy (an unrestricted owner's batch as it is)."""
        view = self.view()
        if self.disabled or view.nothing:
            return []
        if view.unrestricted:
            return list(changes)
        return [seen for c in changes if (seen := self.change(c)) is not None]

    def entity(self, entity: Entity) -> Entity | None:
        """An entity as the owner sees it, or None."""
        view = self.view()
        if self.disabled or view.nothing:
            return None
        if view.unrestricted:
            return entity
        decision = self._decided(view, entity)
        return None if decision is None else decision.apply(entity)

    # -- the ledger ---------------------------------------------------------------------------------------
    def ledgers(self) -> bool:
        """Deliveries are ledgered like the owner's reads would be (``CITYTWIN_LEDGER_READS``)."""
        enf = self.guard.enforcement
        if enf.record is None or enf.read_mode == "off":
            return False
        return not (enf.read_mode == "restricted" and self.view().unrestricted)

    def record(self, resource: str, ids: Sequence[str], names: Iterable[str], reference: str) -> None:
        """Queue one ``notify`` record (the digest is computed on the ledger's thread)."""
        enf = self.guard.enforcement
        if enf.record is None:
            return
        actor, tenant, at = self.subject.actor, self.tenant, to_micros(enf.clock())
        found, attributes = sorted(ids), tuple(sorted(set(names)))

        def build() -> LedgerEntry:
            from citytwin.governance.ledger_writer import data_digest

            return LedgerEntry(
                at_us=at,
                actor=actor,
                action="notify",
                resource=resource,
                tenant=tenant,
                attributes=attributes,
                purpose="subscription",
                request_id=reference,
                digest=data_digest(found),
            )

        enf.record(build)
