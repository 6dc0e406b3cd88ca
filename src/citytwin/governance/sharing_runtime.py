"""Sharing in a running server: agreement rules in the policy engine, and the background work of agreements.

:class:`~citytwin.governance.sharing_policy.SharingPolicies` is the governance's policy registry in a server
(``Governance.start(..., registry=SharingPolicies)``; :func:`install_sharing` swaps one in through
``Governance.use_policies`` otherwise), so every governed path decides with the agreements in force.
:class:`SharingRuntime` then runs one thread that, every ``interval_s``:

* flushes usage counters (:mod:`.sharing_monitor`);
* records the notifications agreement subscriptions pushed since the last round (told by the stream
  notifier's delivery callback, :meth:`SharingRuntime.on_delivered`) as ``notify`` uses: notifications,
  entities and bytes;
* while holding the store lease ``share-runner`` (one process of a deployment does the rest): runs the exports
  that are due, the batch backflows that are due, and the real-time backflows. Real-time backflow tails the
  store's change log (holding a ``feed:`` lease so that every writer process records its changes) and copies
  each changed source entity within about ``interval_s``; a full reconciliation runs at start, after a pause
  longer than the log is kept for sure, and every ``backflow.period``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from citytwin.core.timeutil import Clock, to_micros, utc_now
from citytwin.errors import CitytwinError, OperationNotSupported, ResourceNotFound
from citytwin.governance.enforce_context import RequestContext, acting_as
from citytwin.governance.enforce_runtime import Governance
from citytwin.governance.sharing import Agreements, Record, ShareAgreement, agreement_of_subscription
from citytwin.governance.sharing_backflow import Backflow
from citytwin.governance.sharing_export import run_export
from citytwin.governance.sharing_monitor import UsageMonitor, Use
from citytwin.governance.sharing_policy import SharingPolicies
from citytwin.storage.base import Store
from citytwin.stream.changes import decode
from citytwin.stream.demand import FEED_LEASE

if TYPE_CHECKING:
    from citytwin.stream.matching import CompiledSubscription

log = logging.getLogger(__name__)

RUNNER_LEASE = "share-runner"
CURSOR = "share:backflow"
"""Stream-state name of the real-time backflow's position in the change log."""
LEASE_S = 15.0
STALE_S = 60.0
RESYNC_AFTER_S = 3.0
"""A cursor older than this may point below what the notifier already trimmed: reconcile first."""
_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode


def install_sharing(gov: Governance) -> SharingPolicies:
    """The governance's policy registry, made one that applies the share agreements in force (a server
    starts its governance with ``registry=SharingPolicies``; this swaps one in otherwise)."""
    if isinstance(gov.policies, SharingPolicies):
        return gov.policies
    current = gov.policies
    registry = SharingPolicies(
        current.store, initial=current.document()["document"], clock=current.clock, record=current.record
    )
    gov.use_policies(registry)
    return registry


class SharingRuntime:
    """The background work of agreements in one server process (module docstring)."""

    def __init__(
        self,
        store: Store,
        policies: SharingPolicies,
        *,
        export_dir: Path,
        record: Record | None = None,
        interval_s: float = 0.5,
        clock: Clock = utc_now,
    ) -> None:
        self.store = store
        self.policies = policies
        self.export_dir = export_dir
        self.record = record
        self.interval_s = interval_s
        self.clock = clock
        self.owner = f"share-{uuid.uuid4().hex[:12]}"
        self.agreements = Agreements(store, clock=clock, record=record)
        self.monitor = UsageMonitor(store, clock=clock, record=record, owner=self.owner)
        self.leading = False
        self.on_feed: Callable[[], None] | None = None
        """Called after the feed lease was taken (the server's recorder re-checks its demand at once)."""
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._cursor: int | None = None
        self._feed = False
        self._resync_at: float | None = None
        self._last_run: dict[tuple[str, str], float] = {}
        self._renew: dict[str, float] = {}
        """Lease name → when (monotonic) it is renewed next (half its time): no store write every round."""
        self._pushed: dict[tuple[str, str, str], list[int]] = {}
        """(agreement, tenant, subscription) → [notifications, entities, bytes] pushed since last round."""
        self._pushed_lock = threading.Lock()
        self._saved_cursor = 0.0
        self.errors = 0

    @classmethod
    def start(
        cls, gov: Governance, store: Store, *, export_dir: Path, interval_s: float = 0.5
    ) -> SharingRuntime:
        """The runtime of a server: the governance's (sharing) policies and ledger writer; thread started."""
        policies = install_sharing(gov)
        record = gov.writer.submit if gov.writer is not None else None
        runtime = cls(store, policies, export_dir=export_dir, record=record, interval_s=interval_s)
        runtime._thread = threading.Thread(target=runtime._run, name="citytwin-sharing", daemon=True)
        runtime._thread.start()
        return runtime

    def wake(self, *_: Any) -> None:
        """Run a round now (a local write reached the change log)."""
        self._wake.set()

    def agreements_changed(self) -> None:
        """Agreements were changed by this process: adopt them now and run a round."""
        self.policies.reload_agreements(force=True)
        self._wake.set()

    # -- the loop --------------------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval_s)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self.step()
            except CitytwinError as err:
                self.errors += 1
                log.warning("sharing: %s", err.detail)
            except Exception:  # keep serving agreements; the failed round is logged
                self.errors += 1
                log.exception("sharing round failed")

    def step(self) -> None:
        """One round (see the module docstring)."""
        with self._lock:
            self._count_notifications()
            self.monitor.flush()
            agreements = self.policies.in_force()
            if not agreements:
                self._hold_feed(False)
                return
            if not self._lead():
                return
            realtime = [a for a in agreements if _realtime(a)]
            self._hold_feed(bool(realtime))
            if realtime and self._cursor is None:
                self._cursor = self._start_cursor()
            for agreement in agreements:
                try:
                    self._due(agreement)
                except CitytwinError as err:  # one agreement's failure must not starve the others
                    self.errors += 1
                    log.warning("share agreement %s: %s", agreement.id, err.detail)
            if realtime:
                self._tail(realtime)

    def _lease(self, name: str) -> bool:
        """Take or renew a lease when half of it has run out (True while held)."""
        if time.monotonic() < self._renew.get(name, 0.0):
            return True
        now = to_micros(utc_now())  # leases are about live processes: wall-clock time
        held = self.store.acquire_lease(name, self.owner, now + int(LEASE_S * 1e6), now)
        self._renew[name] = time.monotonic() + LEASE_S / 2 if held else 0.0
        return held

    def _release(self, name: str) -> None:
        self._renew.pop(name, None)
        self.store.release_lease(name, self.owner)

    def _lead(self) -> bool:
        try:
            self.leading = self._lease(RUNNER_LEASE)
        except OperationNotSupported:
            self.leading = True  # a store without leases serves one process
        return self.leading

    def _due(self, agreement: ShareAgreement) -> None:
        """Run the agreement's periodic export and batch backflow when their period has passed."""
        now = time.monotonic()
        if agreement.export is not None and agreement.export.period_s is not None:
            key = (agreement.id, "export")
            last = self._last_run.get(key)
            if last is None:
                last = self._last_from_usage(agreement, "export", now)
            if now - last >= agreement.export.period_s:
                self._last_run[key] = now
                run_export(
                    self.store,
                    self.policies,
                    agreement,
                    self.export_dir,
                    actor=agreement.job_subject.actor,
                    monitor=self.monitor,
                    clock=self.clock,
                )
            else:
                self._last_run[key] = last
        if agreement.backflow is not None and "backflow" in agreement.modes:
            key = (agreement.id, "backflow")
            last = self._last_run.get(key)
            if last is None or now - last >= agreement.backflow.period_s:
                self._last_run[key] = now
                Backflow(self.store, self.policies, agreement, monitor=self.monitor, clock=self.clock).sync()

    def _last_from_usage(self, agreement: ShareAgreement, mode: str, now: float) -> float:
        """When the last such use was (from the usage document), on the monotonic clock."""
        from citytwin.core.timeutil import parse_instant

        doc = self.monitor.stored(agreement.id)
        last = (doc.get("byMode", {}).get(mode) or {}).get("lastUse")
        if not last:
            return float("-inf")
        age = (self.clock() - parse_instant(last)).total_seconds()
        return now - max(0.0, age)

    # -- real-time backflow ----------------------------------------------------------------------------------
    def _hold_feed(self, wanted: bool) -> None:
        """Hold (or give back) the feed lease that makes every writer process record its changes."""
        if not wanted:
            if self._feed:
                self._release(FEED_LEASE + self.owner)
                self._feed = False
                self._cursor = None
            return
        self._lease(FEED_LEASE + self.owner)
        if not self._feed:
            self._feed = True
            # Other writer processes notice the lease within their demand poll (2 s): reconcile once after it.
            self._resync_at = time.monotonic() + RESYNC_AFTER_S
            if self.on_feed is not None:
                self.on_feed()
        if self._resync_at is not None and time.monotonic() >= self._resync_at:
            self._resync_at = None
            for key in [k for k in self._last_run if k[1] == "backflow"]:
                del self._last_run[key]

    def _start_cursor(self) -> int:
        """Where to tail the log from: the stored cursor when fresh, else the head (a full sync follows)."""
        now_us = to_micros(utc_now())
        stored = self.store.load_stream_state(CURSOR).get(CURSOR)
        if stored is not None and now_us - int(_DECODE(stored[1]).get("at", 0)) < STALE_S * 1e6:
            return stored[0]
        return self.store.last_change_seq()

    def _tail(self, agreements: list[ShareAgreement]) -> None:
        """Apply the changes logged since the cursor to the real-time agreements."""
        assert self._cursor is not None
        moved = False
        while True:
            rows = self.store.read_changes(self._cursor, 5000)
            if rows:
                self._apply_rows(agreements, rows)
                self._cursor = rows[-1].seq
                moved = True
            if len(rows) < 5000:
                break
        if moved or time.monotonic() - self._saved_cursor >= 5.0:  # "at" tells a later start it is fresh
            self._saved_cursor = time.monotonic()
            at = _ENCODE({"at": to_micros(utc_now())})
            self.store.save_stream_state({CURSOR: (self._cursor, at)})

    def _apply_rows(self, agreements: list[ShareAgreement], rows: list[Any]) -> None:
        providers = {a.provider for a in agreements}
        targets = {a.backflow_target for a in agreements}
        changed: dict[str, list[str]] = defaultdict(list)
        district: list[Any] = []
        for row in rows:
            if row.tenant in providers:
                changed[row.tenant].append(row.entity_id)
            if row.tenant in targets:
                district.append(decode(row))
        for agreement in agreements:
            flow = Backflow(self.store, self.policies, agreement, monitor=self.monitor, clock=self.clock)
            for change in district:
                if change.tenant == agreement.backflow_target:
                    flow.observe(change.entity_id, change.entity, change.previous, change.changed, change.at)
            ids = changed.get(agreement.provider)
            if ids:
                flow.apply(ids)

    # -- notifications ---------------------------------------------------------------------------------------
    def on_delivered(self, sub: CompiledSubscription, entity_ids: list[str], size: int) -> None:
        """The stream notifier's delivery callback: note a notification of an agreement's subscription."""
        agreement_id = agreement_of_subscription(sub.id)
        if agreement_id is None:
            return
        with self._pushed_lock:
            counts = self._pushed.setdefault((agreement_id, sub.tenant, sub.id), [0, 0, 0])
            counts[0] += 1
            counts[1] += len(entity_ids)
            counts[2] += size

    def _count_notifications(self) -> None:
        """One ``notify`` use per subscription that pushed since the last round (notifications, entities,
        bytes)."""
        with self._pushed_lock:
            pushed, self._pushed = self._pushed, {}
        if not pushed:
            return
        try:  # from the store: another process may have added the subscription a moment ago
            found = {i: self._stored_agreement(i) for i in {key[0] for key in pushed}}
        except CitytwinError:  # the store is away: count them in a later round
            with self._pushed_lock:
                for key, counts in pushed.items():
                    mine = self._pushed.setdefault(key, [0, 0, 0])
                    for i in range(3):
                        mine[i] += counts[i]
            raise
        for (agreement_id, tenant, sub_id), (sent, entities, size) in pushed.items():
            agreement = found[agreement_id]
            if agreement is None or agreement.provider != tenant or sub_id not in agreement.subscriptions:
                continue  # named like an agreement's subscription, but not one
            use = Use(
                "notify",
                entities,
                size,
                agreement.job_subject.actor,
                self.clock(),
                requests=sent,
                attributes=(sub_id,),
                detail=sub_id,
            )
            self.monitor.record(agreement, use)

    def _stored_agreement(self, agreement_id: str) -> ShareAgreement | None:
        try:
            return self.agreements.get(agreement_id)
        except ResourceNotFound:
            return None

    # -- on demand -------------------------------------------------------------------------------------------
    def sync_now(self, agreement: ShareAgreement, ctx: RequestContext) -> dict[str, Any]:
        """A backflow batch now, for a request (recorded under the request's actor)."""
        with self._lock, acting_as(ctx):
            flow = Backflow(self.store, self.policies, agreement, monitor=self.monitor, clock=self.clock)
            return flow.sync(actor=ctx.actor).to_dict()

    def close(self) -> None:
        """Stop the thread, flush counters, give leases back."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            self.monitor.flush()
            if self._feed:
                self._release(FEED_LEASE + self.owner)
            if self.leading:
                self._release(RUNNER_LEASE)
        except CitytwinError as err:
            log.warning("sharing shutdown: %s", err.detail)


def _realtime(agreement: ShareAgreement) -> bool:
    return (
        "backflow" in agreement.modes
        and agreement.backflow is not None
        and agreement.backflow.mode == "realtime"
    )
