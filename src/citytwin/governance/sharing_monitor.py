"""Data-flow monitoring (数据流向监测): every use of a share agreement counted, ledgered and checked.

:meth:`UsageMonitor.record` takes one use (an online query, a batch of notifications, an export, a backflow
batch, a download), appends its ledger record (resource ``share:<id>``, the agreement's purpose, the request
id) and adds it to the agreement's counters, which are flushed into a store document (kind ``share-usage``,
default tenant) every second by the server, under a store lease so that several processes add up rather
than overwrite each other.

**Anomalies.** A query, export or backflow batch is an anomaly when its volume (entities) exceeds
``factor`` × the median volume of the previous ``window`` uses of the same mode, once at least
``min_history`` are known, and is at least ``min_volume`` entities (defaults 3×, 20, 5, 100; per agreement in
its ``monitoring`` member). The median, not the mean, so one earlier spike does not raise the baseline. An
anomaly raises an ``Alert`` twin in the default (city) tenant, shaped like the alert service's
(``category`` ``security``, ``subCategory`` ``share-volume-anomaly``, ``alertSource`` the agreement's URN) and
a ledger record (action ``notify``, attributes ``["anomaly", mode]``).
"""

from __future__ import annotations

import hashlib
import logging
import statistics
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from citytwin.core.entities import Entity, prop, rel
from citytwin.core.ledger import LedgerEntry
from citytwin.core.policy import Subject
from citytwin.core.timeutil import Clock, format_instant, to_micros, utc_now
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.governance.enforce_context import RequestContext, acting_as
from citytwin.governance.ledger_writer import data_digest
from citytwin.governance.sharing import RULE_PREFIX, Record, ShareAgreement
from citytwin.storage.base import DEFAULT_TENANT, Store

log = logging.getLogger(__name__)

USAGE_KIND: Final = "share-usage"
USE_MODES: Final = ("query", "subscribe", "notify", "export", "backflow", "download")
CHECKED: Final = ("query", "export", "backflow")
"""Modes whose volume is checked for anomalies (a round's notifications are counted, not checked: how many
changes a round holds follows the provider's writes, not the consumer's asking)."""
LEDGER_ACTIONS: Final = {
    "query": "read",
    "subscribe": "subscribe",
    "notify": "notify",
    "export": "export",
    "backflow": "export",
    "download": "export",
}
KEEP: Final = 50
"""Recent uses remembered per mode (the anomaly window is at most this)."""
ALERT_TYPE: Final = "Alert"
_LEASE_S = 5.0
MONITOR = RequestContext(Subject("share-monitor", kind="system"), governed=False)
"""Who writes anomaly alerts and their ledger records."""


@dataclass(frozen=True, slots=True)
class Use:
    """One use of an agreement."""

    mode: str
    entities: int
    bytes: int
    actor: str
    at: datetime
    requests: int = 1
    request_id: str = ""
    purpose: str = ""
    attributes: tuple[str, ...] = ()
    digest: str = ""
    detail: str = ""
    """What was used (a query, a file name), for the ledger digest."""


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A use far above the usual volume."""

    agreement: str
    mode: str
    volume: int
    baseline: float
    factor: float
    at: datetime
    alert_id: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "agreement": self.agreement,
            "mode": self.mode,
            "volume": self.volume,
            "baseline": self.baseline,
            "factor": self.factor,
            "at": format_instant(self.at),
            "alert": self.alert_id,
        }


def is_anomaly(volume: int, history: list[int], agreement: ShareAgreement) -> float | None:
    """The baseline (median) when ``volume`` is an anomaly against ``history`` (oldest first), else None."""
    rules = agreement.monitoring
    recent = history[-rules.window :]
    if len(recent) < rules.min_history or volume < rules.min_volume:
        return None
    baseline = float(statistics.median(recent))
    return baseline if volume > rules.factor * baseline else None


@dataclass(slots=True)
class _Pending:
    consumer: str
    provider: str
    counts: dict[str, list[int]] = field(default_factory=dict)
    """mode → [requests, entities, bytes]."""
    last: dict[str, str] = field(default_factory=dict)
    recent: dict[str, list[list[Any]]] = field(default_factory=dict)
    anomalies: list[dict[str, Any]] = field(default_factory=list)


class UsageMonitor:
    """Counts, ledgers and checks the uses of agreements (module docstring)."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Clock = utc_now,
        record: Record | None = None,
        owner: str = "",
        alerts_tenant: str = DEFAULT_TENANT,
    ) -> None:
        self.store = store
        self.clock = clock
        self.record_entry = record
        self.owner = owner or f"usage-{id(self):x}"
        self.alerts_tenant = alerts_tenant
        self._lock = threading.Lock()
        self._store_lock = threading.Lock()
        """Serialises this process's read-modify-writes of usage documents (leases: across processes)."""
        self._pending: dict[str, _Pending] = {}
        self._history: dict[tuple[str, str], deque[int]] = {}

    # -- recording -----------------------------------------------------------------------------------------
    def record(self, agreement: ShareAgreement, use: Use) -> Anomaly | None:
        """Ledger one use, count it, and raise an alert when its volume is anomalous."""
        self._ledger(agreement, use)
        at = format_instant(use.at)
        anomaly = None
        with self._lock:
            history = self._history_of(agreement.id, use.mode)
            baseline = is_anomaly(use.entities, list(history), agreement) if use.mode in CHECKED else None
            history.append(use.entities)
            pending = self._pending.get(agreement.id)
            if pending is None:
                pending = self._pending[agreement.id] = _Pending(agreement.consumer.key, agreement.provider)
            counts = pending.counts.setdefault(use.mode, [0, 0, 0])
            counts[0] += use.requests
            counts[1] += use.entities
            counts[2] += use.bytes
            pending.last[use.mode] = at
            pending.recent.setdefault(use.mode, []).append([at, use.entities, use.bytes])
            if baseline is not None:
                # Counted with the use, under the same lock: a flush in between cannot separate them (the
                # alert twin is written after, outside the lock).
                anomaly = _anomaly(agreement, use, baseline)
                pending.anomalies.append(anomaly.to_dict())
        if anomaly is not None:
            self._raise(agreement, use, anomaly)
        return anomaly

    def _history_of(self, agreement_id: str, mode: str) -> deque[int]:
        key = (agreement_id, mode)
        found = self._history.get(key)
        if found is None:
            found = deque(maxlen=KEEP)
            doc = self.stored(agreement_id)
            for _, entities, _ in doc.get("recent", {}).get(mode, []):
                found.append(int(entities))
            self._history[key] = found
        return found

    def _ledger(self, agreement: ShareAgreement, use: Use) -> None:
        if self.record_entry is None:
            return
        digest = use.digest or data_digest(
            {"mode": use.mode, "entities": use.entities, "bytes": use.bytes, "detail": use.detail}
        )
        self.record_entry(
            LedgerEntry(
                at_us=to_micros(use.at),
                actor=use.actor,
                action=LEDGER_ACTIONS[use.mode],
                resource=f"{RULE_PREFIX}{agreement.id}",
                tenant=agreement.provider,
                attributes=use.attributes,
                purpose=use.purpose or agreement.purpose,
                request_id=use.request_id,
                digest=digest,
            )
        )

    def _raise(self, agreement: ShareAgreement, use: Use, anomaly: Anomaly) -> None:
        """The Alert twin and ledger record of an anomalous use."""
        at = format_instant(use.at)
        ident, baseline, factor = anomaly.alert_id, anomaly.baseline, anomaly.factor
        text = (
            f"共享数据量异常 share volume anomaly: {use.mode} of {use.entities} entities under agreement "
            f"{agreement.id} ({agreement.consumer.key}), more than {factor:g}× the median {baseline:g}"
        )
        twin = Entity(
            id=ident,
            types=(ALERT_TYPE,),
            attrs={
                "category": [prop("security")],
                "subCategory": [prop("share-volume-anomaly")],
                "severity": [prop("major")],
                "status": [prop("raised", observed_at=at)],
                "description": [prop(text)],
                "dateIssued": [prop(at)],
                "alertSource": [rel(f"urn:ngsi-ld:ShareAgreement:{agreement.id}")],
                "shareAgreement": [prop(agreement.id)],
                "consumer": [prop(agreement.consumer.key)],
                "usageMode": [prop(use.mode)],
                "triggerValue": [prop(use.entities)],
                "baseline": [prop(baseline)],
            },
        )
        try:
            with acting_as(MONITOR):  # the alert is the platform's write, not the consumer's
                self.store.tenant(self.alerts_tenant).upsert_many([twin])
        except CitytwinError as err:  # the use is counted and ledgered even when the alert cannot be stored
            log.error("share anomaly alert for %s could not be stored: %s", agreement.id, err.detail)
        if self.record_entry is not None:
            self.record_entry(
                LedgerEntry(
                    at_us=to_micros(use.at),
                    actor=MONITOR.actor,
                    action="notify",
                    resource=f"{RULE_PREFIX}{agreement.id}",
                    tenant=agreement.provider,
                    attributes=("anomaly", use.mode),
                    purpose=agreement.purpose,
                    request_id=use.request_id,
                    digest=data_digest(anomaly.to_dict()),
                )
            )

    # -- persistence ---------------------------------------------------------------------------------------
    def stored(self, agreement_id: str) -> dict[str, Any]:
        """The stored usage document of an agreement (empty when never used)."""
        try:
            return self.store.tenant(DEFAULT_TENANT).get_document(USAGE_KIND, agreement_id)
        except ResourceNotFound:
            return {}

    def flush(self) -> int:
        """Add the pending counts to the stored usage documents; returns how many agreements were written."""
        with self._lock:
            pending, self._pending = self._pending, {}
        written = 0
        for agreement_id, item in pending.items():
            if self._merge(agreement_id, item):
                written += 1
            else:  # the lease was busy for too long: keep the counts for the next flush
                with self._lock:
                    later = self._pending.get(agreement_id)
                    self._pending[agreement_id] = _combine(item, later) if later is not None else item
        return written

    def _merge(self, agreement_id: str, item: _Pending) -> bool:
        lease = f"share-usage:{agreement_id}"
        with self._store_lock:
            if not self._acquire(lease):
                return False
            return self._merge_locked(agreement_id, item, lease)

    def _merge_locked(self, agreement_id: str, item: _Pending, lease: str) -> bool:
        try:
            doc = self.stored(agreement_id)
            self.store.tenant(DEFAULT_TENANT).put_document(USAGE_KIND, agreement_id, _merged(doc, item))
        finally:
            try:
                self.store.release_lease(lease, self.owner)
            except CitytwinError as err:
                log.warning("share usage lease %s: %s", lease, err.detail)
        with self._lock:  # other processes' uses join the anomaly history
            for mode in item.recent:
                self._history.pop((agreement_id, mode), None)
        return True

    def _acquire(self, lease: str) -> bool:
        for _ in range(100):
            now = to_micros(utc_now())  # leases are about live processes: wall-clock time
            if self.store.acquire_lease(lease, self.owner, now + int(_LEASE_S * 1e6), now):
                return True
            time.sleep(0.02)
        return False

    # -- reading ---------------------------------------------------------------------------------------------
    def usage(self, agreement: ShareAgreement) -> dict[str, Any]:
        """The agreement's counters (this process's pending uses flushed first)."""
        self.flush()
        with self._store_lock:  # after a merge another thread's flush may be writing
            doc = self.stored(agreement.id)
        return {
            "agreement": agreement.id,
            "consumer": agreement.consumer.key,
            "provider": {"tenant": agreement.provider},
            "purpose": agreement.purpose,
            "state": agreement.state(self.clock()),
            "totals": doc.get("totals", {"requests": 0, "entities": 0, "bytes": 0}),
            "lastUse": doc.get("lastUse"),
            "byMode": doc.get("byMode", {}),
            "recent": doc.get("recent", {}),
            "anomalies": doc.get("anomalies", []),
        }

    def consumer_usage(self, key: str, agreements: list[ShareAgreement]) -> dict[str, Any]:
        """The counters of every agreement of one consumer, and their sum."""
        mine = [a for a in agreements if a.consumer.key == key]
        per = [self.usage(a) for a in mine]
        totals = {"requests": 0, "entities": 0, "bytes": 0}
        for item in per:
            for name in totals:
                totals[name] += int(item["totals"].get(name, 0))
        last = max((i["lastUse"] for i in per if i["lastUse"]), default=None)
        anomalies = sum(len(i["anomalies"]) for i in per)
        brief = [
            {"agreement": i["agreement"], "state": i["state"], "totals": i["totals"], "lastUse": i["lastUse"]}
            for i in per
        ]
        return {
            "consumer": key,
            "totals": totals,
            "lastUse": last,
            "anomalies": anomalies,
            "agreements": brief,
        }


def _combine(a: _Pending, b: _Pending) -> _Pending:
    out = _Pending(a.consumer, a.provider)
    for item in (a, b):
        for mode, counts in item.counts.items():
            mine = out.counts.setdefault(mode, [0, 0, 0])
            for i in range(3):
                mine[i] += counts[i]
        for mode, at in item.last.items():
            out.last[mode] = max(out.last.get(mode, ""), at)
        for mode, rows in item.recent.items():
            out.recent.setdefault(mode, []).extend(rows)
        out.anomalies.extend(item.anomalies)
    return out


def _merged(doc: dict[str, Any], item: _Pending) -> dict[str, Any]:
    """The stored usage document with the pending counts added."""
    out = dict(doc)
    out["consumer"], out["provider"] = item.consumer, item.provider
    totals = dict(out.get("totals") or {"requests": 0, "entities": 0, "bytes": 0})
    by_mode = {k: dict(v) for k, v in (out.get("byMode") or {}).items()}
    recent = {k: list(v) for k, v in (out.get("recent") or {}).items()}
    for mode, (requests, entities, size) in item.counts.items():
        mine = by_mode.setdefault(mode, {"requests": 0, "entities": 0, "bytes": 0, "lastUse": None})
        mine["requests"] += requests
        mine["entities"] += entities
        mine["bytes"] += size
        mine["lastUse"] = max(mine.get("lastUse") or "", item.last.get(mode, ""))
        totals["requests"] += requests
        totals["entities"] += entities
        totals["bytes"] += size
    for mode, rows in item.recent.items():
        recent[mode] = sorted([*recent.get(mode, []), *rows], key=lambda r: str(r[0]))[-KEEP:]
    out["totals"], out["byMode"], out["recent"] = totals, by_mode, recent
    lasts = [str(v["lastUse"]) for v in by_mode.values() if v.get("lastUse")]
    out["lastUse"] = max(lasts) if lasts else None
    out["anomalies"] = [*(out.get("anomalies") or []), *item.anomalies][-KEEP:]
    return out


def _anomaly(agreement: ShareAgreement, use: Use, baseline: float) -> Anomaly:
    """The anomaly of a use ``baseline`` says is one; its alert twin's id is derived from the use."""
    at = format_instant(use.at)
    ident = (
        "urn:ngsi-ld:Alert:" + hashlib.sha1(f"share|{agreement.id}|{use.mode}|{at}".encode()).hexdigest()[:20]
    )
    factor = agreement.monitoring.factor
    return Anomaly(agreement.id, use.mode, use.entities, baseline, factor, use.at, ident)
