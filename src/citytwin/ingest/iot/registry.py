"""The device registry: Device entities in the store, and an in-memory index that keeps validation off it.

The index maps (tenant, code) → :class:`DeviceRecord` (type, bound twin, health). It is loaded once from the
store (:meth:`DeviceRegistry.load`), updated by every registration made through it, and on a miss asks the
store for that one device (another process may have registered it), remembering misses for a short while so
unknown devices cannot hammer the store.

Registration (:meth:`DeviceRegistry.register`) validates rows, assigns codes, checks the bound twins exist
and have a type the device type allows, and writes the Device entities with ``upsert_many`` in large chunks
(new devices: plain inserts; re-registered ones: merges, so their health attributes survive).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from citytwin.core.codes import device_code
from citytwin.core.devices import DeviceType
from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import Clock, parse_instant, to_micros, utc_now
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.ingest.iot.catalog import by_prefix, shipped_types
from citytwin.ingest.iot.registration import (
    DEVICE_TYPE,
    STATE_UNKNOWN,
    DeviceSpec,
    RowPlan,
    build_spec,
    plan_row,
    twin_relationship,
)
from citytwin.storage.base import Store

CHUNK = 25_000
"""Devices per store write during registration (the embedded store's own chunk size)."""
LOAD_PAGE = 20_000
MISS_TTL_S = 30.0
MAX_MISSES = 100_000
_LOAD_ATTRS = (
    "deviceCode",
    "deviceType",
    "controlledAsset",
    "twinDatasetId",
    "deviceState",
    "dateLastValueReported",
)

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in total) after each chunk."""


@dataclass(slots=True, eq=False)
class DeviceRecord:
    """What ingest needs about one device, kept in memory (a few hundred bytes each)."""

    code: str
    type: DeviceType
    twin_id: str
    """The entity its readings update: the bound twin, else the Device entity itself."""
    twin_types: tuple[str, ...]
    dataset_id: str | None = None
    last_seen_us: int = 0
    """Time of the newest accepted reading (0: none yet)."""
    reported_us: int = 0
    """``dateLastValueReported`` as last written to the store."""
    state: str = STATE_UNKNOWN
    registered_us: int = 0

    @property
    def entity_id(self) -> str:
        """The Device entity's id."""
        return device_code.URN_PREFIX + self.code


@dataclass(slots=True)
class RegistrationResult:
    """What a bulk registration did; ``codes`` lists each row's code (None for rows that failed)."""

    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    codes: list[str | None] = field(default_factory=list)

    @property
    def registered(self) -> int:
        """Devices written."""
        return self.created + self.updated

    def to_json(self, *, with_codes: bool = True) -> dict[str, Any]:
        """A JSON-ready summary."""
        out: dict[str, Any] = {
            "registered": self.registered,
            "created": self.created,
            "updated": self.updated,
            "failed": len(self.errors),
            "errors": self.errors[:1000],
        }
        if with_codes:
            out["codes"] = self.codes
        return out


def _intern(cache: dict[tuple[str, ...], tuple[str, ...]], value: tuple[str, ...]) -> tuple[str, ...]:
    return cache.setdefault(value, value)


class DeviceRegistry:
    """Device entities of every tenant of ``store`` and their in-memory index."""

    def __init__(
        self, store: Store, *, types: Mapping[str, DeviceType] | None = None, clock: Clock = utc_now
    ) -> None:
        self.store = store
        self.types = types if types is not None else shipped_types()
        self._by_prefix = by_prefix(self.types)
        self.clock = clock
        self._index: dict[str, dict[str, DeviceRecord]] = {}
        self._misses: dict[tuple[str, str], float] = {}
        self._sequences: dict[tuple[str, str], int] = {}
        self._lock = threading.RLock()
        self._tuples: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.loaded = False

    # -- the index -----------------------------------------------------------------------------------
    def load(self, progress: Progress | None = None) -> int:
        """(Re)load the index from the store; returns how many devices it holds."""
        index: dict[str, dict[str, DeviceRecord]] = {}
        total = 0
        for tenant in self.store.tenants():
            records: dict[str, DeviceRecord] = {}
            ts = self.store.tenant(tenant)
            offset = 0
            while True:
                page = ts.query(
                    EntityQuery(
                        types=types_of(DEVICE_TYPE), attrs=_LOAD_ATTRS, limit=LOAD_PAGE, offset=offset
                    )
                )
                for entity in page.entities:
                    record = self._record(entity)
                    if record is not None:
                        records[record.code] = record
                offset += len(page.entities)
                if progress is not None:
                    progress(total + len(records), 0)
                if len(page.entities) < LOAD_PAGE:
                    break
            if records:
                index[tenant] = records
                total += len(records)
        with self._lock:
            self._index = index
            self._misses.clear()
            self._sequences.clear()
            self.loaded = True
        return total

    def _record(self, entity: Entity) -> DeviceRecord | None:
        code = device_code.from_entity_id(entity.id)
        if code is None:
            return None  # a Device entity not made by this registry (no device code in its id)
        kind = self.types.get(str(entity.value("deviceType", "")))
        if kind is None:
            kind = self._by_prefix.get(code[6:9])
        if kind is None:
            return None
        twin_id, twin_type = twin_relationship(entity)
        reported = entity.value("dateLastValueReported")
        reported_us = 0
        if isinstance(reported, str):
            try:
                reported_us = to_micros(parse_instant(reported))
            except CitytwinError:
                reported_us = 0
        created = entity.created_at
        dataset = entity.value("twinDatasetId")
        return DeviceRecord(
            code=code,
            type=kind,
            twin_id=twin_id or entity.id,
            twin_types=_intern(self._tuples, (twin_type,) if twin_id and twin_type else (DEVICE_TYPE,)),
            dataset_id=dataset if isinstance(dataset, str) else None,
            last_seen_us=reported_us,
            reported_us=reported_us,
            state=str(entity.value("deviceState", STATE_UNKNOWN)),
            registered_us=to_micros(parse_instant(created)) if created else 0,
        )

    def records(self, tenant: str) -> Mapping[str, DeviceRecord]:
        """The index of one tenant (code → record); a read-only view for sweeps and listings."""
        return self._index.get(tenant, {})

    def tenants(self) -> list[str]:
        """Tenants with registered devices."""
        return sorted(self._index)

    def count(self) -> int:
        """Devices in the index, all tenants."""
        return sum(len(r) for r in self._index.values())

    def get(self, tenant: str, code: str) -> DeviceRecord | None:
        """The record of a canonical code, from memory only."""
        found = self._index.get(tenant)
        return None if found is None else found.get(code)

    def lookup(self, tenant: str, code: str) -> DeviceRecord | None:
        """The record of a canonical code; on a miss, asks the store once (cached misses expire)."""
        found = self._index.get(tenant)
        record = None if found is None else found.get(code)
        if record is not None:
            return record
        key = (tenant, code)
        now = time.monotonic()
        expiry = self._misses.get(key)
        if expiry is not None and expiry > now:
            return None
        try:
            entity = self.store.tenant(tenant).get(device_code.URN_PREFIX + code, attrs=_LOAD_ATTRS)
        except ResourceNotFound:
            entity = None
        record = None if entity is None else self._record(entity)
        with self._lock:
            if record is None:
                if len(self._misses) >= MAX_MISSES:
                    self._misses.clear()
                self._misses[key] = now + MISS_TTL_S
            else:
                self._index.setdefault(tenant, {})[code] = record
        return record

    def forget_misses(self) -> None:
        """Drop remembered misses (after a registration elsewhere, or in tests)."""
        with self._lock:
            self._misses.clear()

    # -- registration ---------------------------------------------------------------------------------
    def register(
        self,
        tenant: str,
        rows: Iterable[Mapping[str, Any]],
        *,
        verify_twins: bool = True,
        progress: Progress | None = None,
        total: int = 0,
    ) -> RegistrationResult:
        """Validate and write devices in chunks; a bad row is reported, never fails the others."""
        result = RegistrationResult()
        chunk: list[tuple[int, Mapping[str, Any]]] = []
        done = 0
        for pos, row in enumerate(rows, start=1):
            chunk.append((pos, row))
            result.codes.append(None)
            if len(chunk) >= CHUNK:
                self._register_chunk(tenant, chunk, verify_twins, result)
                done += len(chunk)
                chunk = []
                if progress is not None:
                    progress(done, total)
        if chunk:
            self._register_chunk(tenant, chunk, verify_twins, result)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        return result

    def _fail(
        self, result: RegistrationResult, pos: int, err: CitytwinError, code: str | None = None
    ) -> None:
        entry: dict[str, Any] = {"row": pos, "error": err.detail}
        if code is not None:
            entry["code"] = code
        result.errors.append(entry)

    def _register_chunk(
        self,
        tenant: str,
        chunk: list[tuple[int, Mapping[str, Any]]],
        verify_twins: bool,
        result: RegistrationResult,
    ) -> None:
        plans: list[RowPlan] = []
        for pos, row in chunk:
            try:
                plans.append(plan_row(pos, row, self.types))
            except CitytwinError as err:
                self._fail(result, pos, err)
        twin_types = self._twin_types(tenant, plans) if verify_twins else {}
        specs: list[DeviceSpec] = []
        seen: set[str] = set()
        with self._lock:  # code assignment must not race another registration of the same tenant
            for plan in plans:
                try:
                    code = plan.code or self._assign(tenant, plan)
                    if code in seen:
                        raise BadRequestData(
                            f"row {plan.row}: device {code} appears twice in this registration"
                        )
                    twin_type = self._check_twin(plan, twin_types, verify_twins)
                    spec = build_spec(plan, code, twin_type)
                except CitytwinError as err:
                    self._fail(result, plan.row, err, plan.code)
                    continue
                seen.add(code)
                specs.append(spec)
                result.codes[plan.row - 1] = code
        known = self._index.get(tenant, {})
        fresh = [s for s in specs if s.code not in known]
        again = [s for s in specs if s.code in known]
        ts = self.store.tenant(tenant)
        failed: set[str] = set()
        for batch, merge in ((fresh, False), (again, True)):
            if not batch:
                continue
            entities = [s.entity for s in batch]
            if merge:  # a device registered again keeps its health: its state is not the registry's to reset
                entities = [
                    Entity(e.id, e.types, {k: v for k, v in e.attrs.items() if k != "deviceState"})
                    for e in entities
                ]
            outcome = ts.upsert_many(entities, merge=merge)
            for error in outcome.errors:
                failed.add(error.entity_id)
                failed_code = device_code.from_entity_id(error.entity_id)
                detail = error.problem.get("detail", "write failed")
                result.errors.append({"code": failed_code, "error": detail})
        now_us = to_micros(self.clock())
        with self._lock:
            records = self._index.setdefault(tenant, {})
            for spec in specs:
                if spec.entity.id in failed:
                    result.codes = [None if c == spec.code else c for c in result.codes]
                    continue
                previous = records.get(spec.code)
                if previous is None:
                    result.created += 1
                else:
                    result.updated += 1
                records[spec.code] = DeviceRecord(
                    code=spec.code,
                    type=spec.type,
                    twin_id=spec.twin_id or spec.entity.id,
                    twin_types=_intern(
                        self._tuples, (spec.twin_type,) if spec.twin_id and spec.twin_type else (DEVICE_TYPE,)
                    ),
                    dataset_id=spec.dataset_id,
                    last_seen_us=previous.last_seen_us if previous else 0,
                    reported_us=previous.reported_us if previous else 0,
                    state=previous.state if previous else STATE_UNKNOWN,
                    registered_us=previous.registered_us if previous else now_us,
                )
                self._misses.pop((tenant, spec.code), None)

    def _twin_types(self, tenant: str, plans: list[RowPlan]) -> dict[str, tuple[str, ...]]:
        """Types of the bound twins that exist (one query per thousand ids, no attributes decoded)."""
        ids = sorted({str(p.data["twin"]).strip() for p in plans if str(p.data.get("twin") or "").strip()})
        found: dict[str, tuple[str, ...]] = {}
        ts = self.store.tenant(tenant)
        for start in range(0, len(ids), 1000):
            part = tuple(ids[start : start + 1000])
            page = ts.query(EntityQuery(ids=part, attrs=("deviceCode",), limit=len(part)))
            for entity in page.entities:
                found[entity.id] = entity.types
        return found

    def _check_twin(self, plan: RowPlan, found: dict[str, tuple[str, ...]], verify: bool) -> str | None:
        twin = str(plan.data.get("twin") or "").strip()
        given = str(plan.data.get("twinType") or "").strip() or None
        if not twin:
            return None
        if not verify:
            if given is None:
                raise BadRequestData(f"row {plan.row}: without twin verification, give the twin's twinType")
            types: tuple[str, ...] = (given,)
        else:
            if twin not in found:
                raise BadRequestData(f"row {plan.row}: bound twin {twin} does not exist")
            types = found[twin]
            if given is not None and given not in types:
                raise BadRequestData(f"row {plan.row}: twin {twin} is a {types[0]}, not a {given}")
        allowed = plan.type.twin_types
        if allowed and not set(types) & set(allowed):
            raise BadRequestData(
                f"row {plan.row}: a {plan.type.id} may observe {', '.join(allowed)},"
                f" not a {types[0]} ({twin})"
            )
        return given if given in types else types[0]

    def _assign(self, tenant: str, plan: RowPlan) -> str:
        """The code for a row without one: its sequence, or the next free one in its district and type."""
        start = plan.district + plan.type.domain + plan.type.code
        key = (tenant, start)
        if key not in self._sequences:
            # Validates the district and type once per (tenant, district, type), not once per device.
            device_code.generate(plan.district, plan.type.domain, plan.type.code, 1)
            self._sequences[key] = max(
                (int(c[9:16]) for c in self.records(tenant) if c.startswith(start)), default=0
            )
        sequence = self._sequences[key] + 1 if plan.sequence is None else plan.sequence
        if not 1 <= sequence <= device_code.MAX_SEQUENCE:
            raise BadRequestData(
                f"row {plan.row}: sequence {sequence} is outside 1 .. {device_code.MAX_SEQUENCE}"
            )
        body = f"{start}{sequence:07d}"
        self._sequences[key] = max(self._sequences[key], sequence)
        return body + device_code.check_char(body)

    def unregister(self, tenant: str, codes: Iterable[str]) -> int:
        """Delete Device entities and drop them from the index; returns how many were deleted."""
        wanted = [device_code.parse(c).code for c in codes]
        outcome = self.store.tenant(tenant).delete_many([device_code.URN_PREFIX + c for c in wanted])
        with self._lock:
            records = self._index.get(tenant, {})
            for entity_id in outcome.success:
                code = device_code.from_entity_id(entity_id)
                if code is not None:
                    records.pop(code, None)
        return len(outcome.success)
