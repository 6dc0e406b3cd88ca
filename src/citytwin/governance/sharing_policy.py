"""The active policy plus the rules of the share agreements in force: one policy engine decides everything.

:class:`SharingPolicies` is a :class:`~citytwin.governance.enforce_policy.PolicyRegistry` whose views are
built from the policy document *and* the rules of every agreement that is in force now
(:meth:`~citytwin.governance.sharing.ShareAgreement.rules`). The document part is managed exactly as before
(``PUT /governance/policy``, re-read every few seconds); agreements are re-read when their change counter
moves (:meth:`refresh`, run by the same timer) and the composition is rebuilt the moment an agreement starts
or expires, so an expired agreement stops granting on the next request, not on the next refresh.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from citytwin.core.policy import PolicySet, Subject
from citytwin.core.policy_view import PolicyView
from citytwin.core.timeutil import Clock, utc_now
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.sharing import Agreements, Record, ShareAgreement
from citytwin.storage.base import Store

_VIEWS = 20_000


class SharingPolicies(PolicyRegistry):
    """A policy registry that adds the rules of the share agreements in force (module docstring)."""

    def __init__(
        self,
        store: Store | None,
        *,
        initial: Mapping[str, Any] | None = None,
        clock: Clock = utc_now,
        record: Record | None = None,
    ) -> None:
        self._share_lock = threading.RLock()
        self.agreements: tuple[ShareAgreement, ...] = ()
        self._share_version = -1
        self._base: PolicySet | None = None
        self._composed: PolicySet | None = None
        self._next_change: datetime | None = None
        self._share_views: tuple[PolicySet | None, dict[tuple[Subject, str, str], PolicyView]] = (None, {})
        self._by_subject: tuple[PolicySet | None, dict[tuple[Subject, str, str], list[ShareAgreement]]] = (
            None,
            {},
        )
        super().__init__(store, initial=initial, clock=clock, record=record)
        self.reload_agreements()

    # -- agreements ----------------------------------------------------------------------------------------
    def reload_agreements(self, *, force: bool = False) -> bool:
        """Re-read the agreements when their counter moved (or ``force``); True when they changed."""
        if self.store is None:
            return False
        repo = Agreements(self.store, clock=self.clock)
        version = repo.version()
        if version == self._share_version and not force:
            return False
        found = tuple(repo.all())
        with self._share_lock:
            self.agreements, self._share_version = found, version
            self._composed = None
        return True

    def refresh(self) -> bool:
        """Adopt a newer stored policy and newer agreements; True when either changed."""
        changed = super().refresh()
        return self.reload_agreements() or changed

    def in_force(self) -> list[ShareAgreement]:
        """The agreements granting access now."""
        now = self.clock()
        return [a for a in self.agreements if a.in_force(now)]

    # -- the composed policy -------------------------------------------------------------------------------
    @property
    def policy(self) -> PolicySet:
        """The active policy: the document's rules plus the agreements' (a new object whenever that changes,
        so whoever caches per policy object notices revocations and expiries)."""
        return self.composed()

    @policy.setter
    def policy(self, value: PolicySet) -> None:
        """The policy document's rules (set by the registry when a document is activated)."""
        with self._share_lock:
            self._base = value
            self._composed = None

    @property
    def document_policy(self) -> PolicySet:
        """The policy document alone, without agreements."""
        assert self._base is not None
        return self._base

    def composed(self) -> PolicySet:
        """The policy document's rules plus those of the agreements in force now."""
        now = self.clock()
        found = self._composed
        if found is not None and (self._next_change is None or now < self._next_change):
            return found
        with self._share_lock:
            base = self.document_policy
            rules = list(base.rules)
            upcoming: list[datetime] = []
            for agreement in self.agreements:
                state = agreement.state(now)
                if state == "active":
                    rules.extend(agreement.rules())
                    upcoming.append(agreement.expires_at)
                elif state == "pending" and agreement.valid_from is not None:
                    upcoming.append(agreement.valid_from)
            version = f"{base.version}+share.{self._share_version}"
            self._composed = PolicySet(tuple(rules), base.classification, version)
            self._next_change = min(upcoming, default=None)
            self._share_views = (self._composed, {})
            return self._composed

    def agreements_for(self, subject: Subject, mode: str, tenant: str) -> list[ShareAgreement]:
        """The agreements in force whose consumer is ``subject``, with ``mode``, on ``tenant``'s data."""
        policy = self.composed()
        built_for, found = self._by_subject
        if built_for is not policy:
            found = {}
            self._by_subject = (policy, found)
        key = (subject, mode, tenant)
        hit = found.get(key)
        if hit is None:
            now = self.clock()
            hit = [
                a
                for a in self.agreements
                if mode in a.modes
                and a.provider == tenant
                and a.in_force(now)
                and a.consumer.matches(subject)
            ]
            if len(found) >= _VIEWS:
                found.clear()
            found[key] = hit
        return hit

    def view(self, subject: Subject, action: str, tenant: str) -> PolicyView:
        """What ``subject`` may do with ``tenant``'s entities for ``action``, agreements included (cached)."""
        policy = self.composed()
        key = (subject, action, tenant)
        built_for, views = self._share_views  # one tuple: never a view of one policy cached for another
        found = views.get(key) if built_for is policy else None
        if found is None:
            found = PolicyView(policy, subject, action, tenant)
            if built_for is policy:
                if len(views) >= _VIEWS:
                    views.clear()
                views[key] = found
        return found
