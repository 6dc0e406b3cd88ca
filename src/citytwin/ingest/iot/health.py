"""Device health: last seen, online / stale / offline from the expected reporting interval, battery, signal.

The state is an attribute of the Device entity, so it is queryable like any other
(``GET /ngsi-ld/v1/entities?type=Device&q=deviceState=="offline"``):

* ``unknown``: registered, nothing heard yet, and not overdue;
* ``online``: a reading arrived within ``stale_after`` of now;
* ``stale``: silent for longer than ``stale_after`` = max(3 × interval, interval + 2 × flush interval);
* ``offline``: silent for longer than ``offline_after`` = max(10 × interval, 2 × stale_after); a device
  never heard from counts from its registration.

Ingest marks a device ``online`` at once (in the same write as its readings). Writes of
``dateLastValueReported`` and battery / signal are coalesced: at most one per device per flush interval,
the in-memory value being exact in between. :meth:`DeviceHealth.sweep` is clock-driven (the API runs it
periodically; tests call it with a driven clock): it moves silent devices to stale / offline and flushes what
ingest has held back for a flush interval (so the stored value lags by at most a flush interval and a sweep
interval, which the stale threshold allows for). Before it declares a device stale or offline it re-reads
the device's ``dateLastValueReported``, because another process (an MQTT worker) may have heard from it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from citytwin.core.entities import Entity, prop
from citytwin.core.query import EntityQuery
from citytwin.core.timeutil import Clock, parse_instant, to_micros, utc_now
from citytwin.errors import CitytwinError
from citytwin.ingest.iot.registration import DEVICE_TYPE
from citytwin.ingest.iot.registry import DeviceRecord, DeviceRegistry
from citytwin.ingest.iot.timefmt import iso_us
from citytwin.storage.base import Store, TenantStore

ONLINE, STALE, OFFLINE, UNKNOWN = "online", "stale", "offline", "unknown"
STATES = (ONLINE, STALE, OFFLINE, UNKNOWN)
FLUSH_INTERVAL_S = 60.0
STALE_FACTOR = 3.0
OFFLINE_FACTOR = 10.0
_CHUNK = 5000
_SLICE = 10_000
"""Records a sweep scans between two offers of the GIL (a few ms of work). A worker's ingest threads need
the GIL back after every SQLite call: a scan of 300,000 records in one stretch (0.25 s before the per-type
thresholds) held each of them up to the interpreter's switch interval every time."""


@dataclass(slots=True)
class SweepResult:
    """What one sweep changed: devices per new state, and Device entities written."""

    changed: dict[str, int] = field(default_factory=dict)
    written: int = 0
    checked: int = 0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {"changed": self.changed, "written": self.written, "checked": self.checked}


_iso = iso_us
_LAST_REPORTED = ("dateLastValueReported",)


def _merge(ts: TenantStore, patches: list[Entity]) -> None:
    """Merge Device patches as ingest does: the backend's one-transaction ``ingest_rows`` (no history rows)
    where it is offered, which merges existing entities without reading them first (an observed store's
    upsert reads those it does not know to exist, to tell creations from updates); else, or when it could
    not (an entity that does not exist), ``upsert_many``. The entities and change events are the same."""
    together = getattr(ts, "ingest_rows", None)
    if together is not None:
        try:
            if together((), patches) is not None:
                return
        except CitytwinError:  # nothing written (a patch it refused): the general path reports per entity
            pass
    ts.upsert_many(patches, merge=True)


class DeviceHealth:
    """Health bookkeeping for a registry's devices; writes go to ``store`` (an observed store in the app)."""

    def __init__(
        self,
        store: Store,
        registry: DeviceRegistry,
        *,
        clock: Clock = utc_now,
        flush_interval_s: float = FLUSH_INTERVAL_S,
        stale_factor: float = STALE_FACTOR,
        offline_factor: float = OFFLINE_FACTOR,
    ) -> None:
        self.store = store
        self.registry = registry
        self.clock = clock
        self.flush_us = int(flush_interval_s * 1e6)
        self.stale_factor = stale_factor
        self.offline_factor = offline_factor
        self._pending: dict[tuple[str, str], dict[str, Any]] = {}
        """Battery / signal values heard but not yet written, per (tenant, code)."""
        self._lock = threading.Lock()

    # -- thresholds -----------------------------------------------------------------------------------
    def thresholds_us(self, record: DeviceRecord) -> tuple[int, int] | None:
        """(stale after, offline after) in µs for the record's type; None when it need not report."""
        interval = record.type.reporting_interval_s
        if interval is None:
            return None
        stale = max(self.stale_factor * interval, interval + 2 * self.flush_us / 1e6)
        offline = max(self.offline_factor * interval, 2 * stale)
        return int(stale * 1e6), int(offline * 1e6)

    def state_of(self, record: DeviceRecord, now_us: int) -> str:
        """The state the record's last-seen time implies at ``now_us``."""
        limits = self.thresholds_us(record)
        if limits is None:
            return record.state
        since = record.last_seen_us or record.registered_us
        if not since:
            return record.state
        age = now_us - since
        if age > limits[1]:
            return OFFLINE
        if not record.last_seen_us:
            return UNKNOWN  # never heard from: unknown until it is overdue enough to be offline
        return STALE if age > limits[0] else ONLINE

    # -- ingest side ------------------------------------------------------------------------------------
    def on_readings(
        self,
        tenant: str,
        touched: Iterable[tuple[DeviceRecord, int, dict[str, tuple[Any, str | None]]]],
        now_us: int,
    ) -> list[Entity]:
        """Device patches to write with a batch of readings (caller holds the commit lock and writes them).

        ``touched``: (record, newest reading time in the batch, device-field values). Updates the records.
        """
        patches = []
        flush_us = self.flush_us
        now_iso: str | None = None
        with self._lock:
            for record, seen_us, values in touched:
                if values:
                    self._pending.setdefault((tenant, record.code), {}).update(values)
                record.last_seen_us = max(record.last_seen_us, seen_us)
                attrs: dict[str, Any] = {}
                if record.state != ONLINE and self.state_of(record, now_us) == ONLINE:
                    if now_iso is None:
                        now_iso = _iso(now_us)
                    attrs["deviceState"] = [prop(ONLINE, observed_at=now_iso)]
                    record.state = ONLINE
                if attrs or record.last_seen_us - record.reported_us >= flush_us:
                    self._flush_into(tenant, record, attrs)
                if attrs:
                    patches.append(Entity(record.entity_id, (DEVICE_TYPE,), attrs))
        return patches

    def _flush_into(self, tenant: str, record: DeviceRecord, attrs: dict[str, Any]) -> None:
        if record.last_seen_us > record.reported_us:
            attrs["dateLastValueReported"] = [prop(_iso(record.last_seen_us))]
            record.reported_us = record.last_seen_us
        for name, (value, unit) in self._pending.pop((tenant, record.code), {}).items():
            attrs[name] = [prop(value, unit_code=unit, observed_at=_iso(record.last_seen_us))]

    # -- the sweep --------------------------------------------------------------------------------------
    def sweep(
        self, now_us: int | None = None, *, progress: Callable[[str], None] | None = None
    ) -> SweepResult:
        """Move silent devices to stale / offline and flush coalesced writes, for every tenant."""
        now = to_micros(self.clock()) if now_us is None else now_us
        result = SweepResult()
        for tenant in self.registry.tenants():
            index = self.registry.records(tenant)
            records = list(index.values())
            result.checked += len(records)
            overdue, held = self._scan(records, now)
            self._refresh_last_seen(tenant, overdue)
            patches: dict[str, dict[str, Any]] = {}
            with self._lock:  # ingest takes it for every batch: only the candidates are looked at here
                for record in overdue:
                    state = self.state_of(record, now)
                    if state == record.state:
                        continue  # another process heard from it
                    attrs = patches.setdefault(record.entity_id, {})
                    attrs["deviceState"] = [prop(state, observed_at=_iso(now))]
                    record.state = state
                    result.changed[state] = result.changed.get(state, 0) + 1
                # What ingest held back goes out once it has waited a flush interval since the device's
                # last write (sooner with a state change above): flushing all of it every sweep would undo
                # the coalescing, and write a Device for nearly every reading, in bursts that stall ingest.
                due = now - self.flush_us
                waiting = [index[code] for t, code in self._pending if t == tenant and code in index]
                for record in (*held, *waiting):  # checked again: ingest may have written it meanwhile
                    if record.entity_id not in patches and record.reported_us > due:
                        continue
                    if record.last_seen_us > record.reported_us or (tenant, record.code) in self._pending:
                        self._flush_into(tenant, record, patches.setdefault(record.entity_id, {}))
            entities = [Entity(eid, (DEVICE_TYPE,), attrs) for eid, attrs in patches.items() if attrs]
            ts = self.store.tenant(tenant)
            for start in range(0, len(entities), _CHUNK):
                _merge(ts, entities[start : start + _CHUNK])
            result.written += len(entities)
            if progress is not None and entities:
                progress(f"tenant {tenant or '(default)'}: {len(entities)} devices updated")
        return result

    def _scan(
        self, records: Sequence[DeviceRecord], now_us: int
    ) -> tuple[list[DeviceRecord], list[DeviceRecord]]:
        """(records whose state at ``now_us`` is stale or offline and not yet recorded, records heard since
        their last write), found in slices that hand the GIL over between them (see ``_SLICE``).

        A record silent for no longer than its type's stale threshold is online or unknown (what
        :meth:`state_of` says without looking further); only the others are looked at in full."""
        overdue: list[DeviceRecord] = []
        held: list[DeviceRecord] = []
        stale_after: dict[int, int | None] = {}  # per device type (id of the type object)
        for start in range(0, len(records), _SLICE):
            for record in records[start : start + _SLICE]:
                if record.last_seen_us > record.reported_us:
                    held.append(record)
                since = record.last_seen_us or record.registered_us
                if not since:
                    continue
                key = id(record.type)
                if key in stale_after:
                    limit = stale_after[key]
                else:
                    limits = self.thresholds_us(record)
                    limit = stale_after[key] = None if limits is None else limits[0]
                if limit is None or now_us - since <= limit:
                    continue
                if self.state_of(record, now_us) not in (record.state, ONLINE, UNKNOWN):
                    overdue.append(record)
            time.sleep(0)
        return overdue, held

    def _refresh_last_seen(self, tenant: str, records: list[DeviceRecord]) -> None:
        """Take newer ``dateLastValueReported`` values written by other processes into the records."""
        ts = self.store.tenant(tenant)
        for start in range(0, len(records), 1000):
            part = records[start : start + 1000]
            # Only the one attribute: the rest of each Device entity is not built.
            ids = tuple(r.entity_id for r in part)
            page = ts.query(EntityQuery(ids=ids, attrs=_LAST_REPORTED, limit=len(ids)))
            found = {e.id: e for e in page.entities}
            for record in part:
                entity = found.get(record.entity_id)
                raw = None if entity is None else entity.value("dateLastValueReported")
                if not isinstance(raw, str):
                    continue
                try:
                    stored = to_micros(parse_instant(raw))
                except CitytwinError:
                    continue
                if stored > record.last_seen_us:
                    record.last_seen_us = stored
                    record.reported_us = max(record.reported_us, stored)

    def summary(self, tenant: str) -> dict[str, int]:
        """Devices per state in one tenant (from memory)."""
        out = dict.fromkeys(STATES, 0)
        for record in self.registry.records(tenant).values():
            out[record.state] = out.get(record.state, 0) + 1
        return out
