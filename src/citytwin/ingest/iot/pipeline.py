"""The ingest pipeline every transport feeds (HTTP, MQTT, replays): decode, validate, normalise, write.

``IngestPipeline(store).ingest(messages)`` returns only after everything it accepted is durably written:

1. **decode** each :class:`RawMessage` with msgspec (:mod:`citytwin.ingest.iot.readings`);
2. **validate** each reading against its device's type (registry index in memory, checks precompiled per
   type in :mod:`citytwin.ingest.iot.checks`): unknown device, bad code, wrong fields for the type, bad
   value or unit, out of range, missing or bad time → dead letter;
3. **normalise** values to the field's canonical unit (UN/CEFACT code kept as ``unitCode``);
4. **write**, per tenant: dead letters; every value to attribute history (``observedAt`` = reading time,
   instance id ``urn:ngsi-ld:Reading:<code>:<µs>:<field>``, so a redelivered reading is not stored twice);
   the bound twins' live state, one merge per twin carrying the latest value of each attribute (through the
   store given, so an observed store raises the change events); device health (``deviceState``,
   coalesced ``dateLastValueReported`` / battery / signal). On the embedded store (bare or observed) history
   and live state are one transaction, written whole or not at all; elsewhere history goes first, and a
   retry of a batch whose live state failed adds no history twice (instance ids).

A *reading* is one device's report at one instant; it carries one or more *values* (one per field). A
reading is accepted or rejected whole.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

import msgspec

from citytwin.core.codes import device_code
from citytwin.core.devices import DeviceType, FieldSpec, ReadingProblem, Reason, reading_time_us
from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.gcpause import gc_paused
from citytwin.core.query import AttributeInstance
from citytwin.core.timeutil import Clock, from_micros, parse_instant, to_micros, utc_now
from citytwin.errors import CitytwinError
from citytwin.ingest.iot import readings
from citytwin.ingest.iot.checks import TypeCheck
from citytwin.ingest.iot.deadletter import REASONS, DeadLetterStore, NewLetter, letter_from
from citytwin.ingest.iot.health import DeviceHealth
from citytwin.ingest.iot.registry import DeviceRecord, DeviceRegistry
from citytwin.ingest.iot.timefmt import iso_us
from citytwin.storage.base import Store, TenantStore
from citytwin.storage.codec import history_value, loads

__all__ = ["IngestOutcome", "IngestPipeline", "MessageResult", "Prepared", "RawMessage"]

READING_URN = "urn:ngsi-ld:Reading:"
_SHOWN_LETTERS = 100
_CHUNK = 25_000


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One payload as a transport received it.

    ``payload``: JSON, one reading or a batch (see :mod:`citytwin.ingest.iot.readings`). ``device_code``:
    the device the transport names (MQTT topic, HTTP ``?device=``); readings may name it instead.
    ``received_at``: the default time of readings without one (None: such readings are dead letters).
    ``ref``: the transport's reference (MQTT ``topic#mid``), kept in dead letters.
    """

    payload: bytes
    tenant: str = ""
    device_code: str | None = None
    transport: str = "http"
    received_at: datetime | None = None
    ref: str | None = None


@dataclass(slots=True)
class MessageResult:
    """What became of one message: readings accepted and rejected, and why (one reason per rejection)."""

    accepted: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)
    letters: list[NewLetter] = field(default_factory=list)
    """The dead letters made of this message's rejected readings."""


@dataclass(slots=True)
class IngestOutcome:
    """What one ``ingest`` call did.

    ``accepted`` / ``rejected``: readings written / dead-lettered. ``values``: attribute values offered to
    history; ``duplicates``: those history already held (redeliveries).
    """

    accepted: int = 0
    rejected: int = 0
    values: int = 0
    duplicates: int = 0
    results: list[MessageResult] = field(default_factory=list)
    dead_letters: list[dict[str, Any]] = field(default_factory=list)
    """The first rejections (reason, detail, device), for responses."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (no per-message results)."""
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "values": self.values,
            "duplicates": self.duplicates,
            "deadLetters": self.dead_letters,
        }


HistoryRow = tuple[str, str, str | None, int, str, float | None, str | None, str, str]
"""One value as a history row: (entity id, attribute, datasetId, time µs, value as canonical JSON, value as
a number (None unless it is one), unitCode, entity type, instance id): the embedded store's column order."""

Live = tuple[int, Any, str | None, DeviceRecord]
"""The latest value of one attribute instance of one twin in a batch: (time µs, value, unitCode, record)."""

DeviceSeen = tuple[DeviceRecord, int, dict[str, tuple[Any, str | None]]]
"""A device heard in a batch: its record, its newest reading time, its device-field values (battery ...)."""


@dataclass(slots=True)
class _TenantBatch:
    """Everything one tenant's accepted readings will write."""

    history: list[HistoryRow] = field(default_factory=list)
    live: dict[str, dict[tuple[str, str | None], Live]] = field(default_factory=dict)
    """Per twin, the latest value of each attribute instance: several readings of one device in a batch
    make one live-state update (every reading still goes to history)."""
    twin_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    devices: dict[str, DeviceSeen] = field(default_factory=dict)
    letters: list[NewLetter] = field(default_factory=list)


@dataclass(slots=True)
class Prepared:
    """Messages decoded and validated, nothing written yet (see :meth:`IngestPipeline.prepare`)."""

    batches: dict[str, _TenantBatch] = field(default_factory=dict)
    results: list[MessageResult] = field(default_factory=list)
    unparsable: list[int] = field(default_factory=list)
    """Positions of messages whose payload as a whole could not be read."""
    accepted: int = 0
    rejected: int = 0

    def batch(self, tenant: str) -> _TenantBatch:
        """The batch of one tenant (created on first use)."""
        found = self.batches.get(tenant)
        if found is None:
            found = self.batches[tenant] = _TenantBatch()
        return found


class IngestPipeline:
    """Decode, validate, normalise and durably write telemetry into ``store``."""

    def __init__(
        self,
        store: Store,
        *,
        registry: DeviceRegistry | None = None,
        clock: Clock = utc_now,
        dead_letters: DeadLetterStore | None = None,
        health: DeviceHealth | None = None,
        long_lived: bool = False,
    ) -> None:
        self.store = store
        self.clock = clock
        self.long_lived = long_lived
        """The process keeps this pipeline for its lifetime (a server, an ingest worker): the registry index,
        once loaded, is frozen out of the cyclic collector (``gc.freeze``)."""
        self.registry = registry if registry is not None else DeviceRegistry(store, clock=clock)
        self.dead_letters = dead_letters if dead_letters is not None else DeadLetterStore(store, clock=clock)
        self.health = health if health is not None else DeviceHealth(store, self.registry, clock=clock)
        self._commit_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._checks: dict[str, TypeCheck] = {}

    def _check_of(self, dtype: DeviceType) -> TypeCheck:
        """The precompiled checks of a device type (rebuilt when the registry's type object changes)."""
        found = self._checks.get(dtype.id)
        if found is None or found.type is not dtype:
            found = self._checks[dtype.id] = TypeCheck(dtype)
        return found

    def ensure_loaded(self) -> None:
        """Load the registry index once (lazily: a process that never ingests never reads its devices)."""
        if not self.registry.loaded:
            with self._load_lock:
                if not self.registry.loaded:
                    self.registry.load()
                    if self.long_lived:
                        # 300,000 devices are millions of objects, alive as long as the process. Left to the
                        # collector, every full pass rescanned them: 0.25-0.65 s with every thread stopped,
                        # every few seconds under load, and readings waited behind each pause.
                        gc.collect()
                        gc.freeze()

    # -- the public steps -------------------------------------------------------------------------------
    def ingest(self, messages: Sequence[RawMessage]) -> IngestOutcome:
        """Validate and durably write ``messages``; returns after the write (raises if the store fails)."""
        with gc_paused():  # one pause for both steps: no collection between them over the batch's objects
            return self.commit(self.prepare(messages))

    def prepare(self, messages: Sequence[RawMessage]) -> Prepared:
        """Decode and validate (no writes; the registry may read the store for devices it does not know)."""
        self.ensure_loaded()
        out = Prepared()
        with gc_paused():
            for pos, message in enumerate(messages):
                result = MessageResult()
                out.results.append(result)
                self._prepare_message(pos, message, out, result)
        return out

    def commit(self, prepared: Prepared, *, dead_letters: bool = True) -> IngestOutcome:
        """Write what ``prepare`` produced: dead letters, history, live state, device health."""
        with gc_paused():
            return self._commit(prepared, dead_letters)

    def _commit(self, prepared: Prepared, dead_letters: bool) -> IngestOutcome:
        outcome = IngestOutcome(
            accepted=prepared.accepted, rejected=prepared.rejected, results=prepared.results
        )
        for tenant, batch in prepared.batches.items():
            for letter in batch.letters:
                if len(outcome.dead_letters) >= _SHOWN_LETTERS:
                    break
                outcome.dead_letters.append(
                    {"reason": letter.reason.value, "detail": letter.detail, "device": letter.device}
                )
            if dead_letters and batch.letters:
                self.dead_letters.add(tenant, batch.letters)
            if batch.history or batch.devices:
                outcome.values += len(batch.history)
                outcome.duplicates += self._write(tenant, batch)
        return outcome

    # -- preparing ------------------------------------------------------------------------------------------
    def _reject(
        self,
        out: Prepared,
        result: MessageResult,
        message: RawMessage,
        problem: ReadingProblem,
        *,
        payload: bytes,
        device: str | None,
    ) -> None:
        out.rejected += 1
        result.rejected += 1
        result.reasons.append(problem.reason.value)
        letter = NewLetter(
            reason=problem.reason,
            detail=problem.detail,
            payload=payload,
            device=device,
            transport=message.transport,
            ref=message.ref,
            received_at=message.received_at,
        )
        result.letters.append(letter)
        out.batch(message.tenant).letters.append(letter)

    def _prepare_message(self, pos: int, message: RawMessage, out: Prepared, result: MessageResult) -> None:
        try:
            decoded = readings.decode(message.payload)
        except readings.Unparsable as err:
            out.unparsable.append(pos)
            problem = ReadingProblem(Reason.UNPARSABLE, str(err))
            self._reject(out, result, message, problem, payload=message.payload, device=message.device_code)
            return
        for raw, why in decoded.bad:
            problem = ReadingProblem(Reason.UNPARSABLE, why)
            self._reject(out, result, message, problem, payload=raw, device=message.device_code)
        received_us = None if message.received_at is None else to_micros(message.received_at)
        topic_code = message.device_code
        default = decoded.default_device or topic_code
        batch = out.batch(message.tenant)
        registry = self.registry
        tenant = message.tenant
        checks = self._checks
        accepted = 0
        for reading in decoded.readings:
            code = reading.device or default
            try:
                if code is None:
                    raise ReadingProblem(
                        Reason.MISSING_DEVICE, "no device: name it in the reading or the topic"
                    )
                if (
                    topic_code is not None
                    and code != topic_code
                    and device_code.normalize(code) != device_code.normalize(topic_code)
                ):
                    raise ReadingProblem(
                        Reason.BAD_CODE, f"a reading for {code} arrived for device {topic_code}"
                    )
                record = registry.get(tenant, code)
                if record is None:
                    record = self._resolve(tenant, code)
                if not reading.values:
                    raise ReadingProblem(
                        Reason.UNPARSABLE, "a reading needs 'values' (an object of field values)"
                    )
                ts_us = reading_time_us(reading.time, received_us)
                dtype = record.type
                check = checks.get(dtype.id)
                if check is None or check.type is not dtype:
                    check = self._check_of(dtype)
                checked = check.checked(reading.values)
            except ReadingProblem as problem:
                self._reject(
                    out, result, message, problem, payload=readings.encode(reading, code), device=code
                )
                continue
            _accept(batch, record, ts_us, checked)
            accepted += 1
        out.accepted += accepted
        result.accepted += accepted

    def _resolve(self, tenant: str, code: str) -> DeviceRecord:
        """The record of a code not found as given: normalise it, check it, ask the registry's store."""
        try:
            canonical = device_code.parse(code).code
        except CitytwinError as err:
            raise ReadingProblem(Reason.BAD_CODE, f"device code {code!r}: {err.detail}") from None
        record = self.registry.lookup(tenant, canonical)
        if record is None:
            raise ReadingProblem(Reason.UNKNOWN_DEVICE, f"device {canonical} is not registered")
        return record

    # -- writing ----------------------------------------------------------------------------------------
    def _write(self, tenant: str, batch: _TenantBatch) -> int:
        """History, live state and health of one tenant; returns the duplicate values."""
        ts = self.store.tenant(tenant)
        rows = batch.history
        offered = len(rows)
        # Rows in (entity, attribute, time) order reach the history indexes' pages in order.
        rows.sort(key=_SERIES_ORDER)
        # Live state and health under one lock: a batch must not overwrite a newer one's values, and the
        # records' last-seen times (the guard) move only with the writes they describe.
        with self._commit_lock:
            patches = _live_patches(batch)
            now_us = to_micros(self.clock())
            for patch in self.health.on_readings(tenant, batch.devices.values(), now_us):
                found = patches.get(patch.id)
                if found is None:
                    patches[patch.id] = patch
                else:  # an unbound device is its own twin: one merge carries both
                    found.attrs.update(patch.attrs)
            entities = list(patches.values())
            added = _write_together(ts, rows, entities)
            if added is None:
                added = _append_history(ts, rows)
                for start in range(0, len(entities), _CHUNK):
                    result = ts.upsert_many(entities[start : start + _CHUNK], merge=True)
                    if result.errors:
                        first = result.errors[0]
                        raise CitytwinError(f"live state of {first.entity_id}: {first.problem.get('detail')}")
        return offered - added

    # -- replay -------------------------------------------------------------------------------------------
    def replay(
        self,
        tenant: str,
        *,
        reason: str | None = None,
        device: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, int]:
        """Re-run matching dead letters: those that now pass are written and removed.

        A letter that still fails for the same reason stays as it is; one that fails for another reason
        is replaced by a letter with the new reason. Returns counts.
        """
        self.ensure_loaded()
        replayed = passed = moved = 0
        # The documents as they are now: letters this replay moves to another reason are not run twice.
        # A reading refused for its credentials stays evidence: replaying it would accept it unauthenticated.
        names = [n for n in ((reason,) if reason is not None else REASONS) if n != Reason.BAD_KEY]
        targets = [
            (str(name), doc_id, doc)
            for name in names
            for doc_id, doc in self.dead_letters.groups(tenant, str(name))
        ]
        for name, doc_id, doc in targets:
            entries = [e for e in doc.get("letters", ()) if device is None or e.get("device") == device]
            if not entries:
                continue
            messages = []
            for entry in entries:
                letter = letter_from(tenant, doc_id, doc, entry)
                received = None if letter.received_at is None else parse_instant(letter.received_at)
                messages.append(
                    RawMessage(letter.payload, tenant, letter.device, letter.transport, received, letter.ref)
                )
            prepared = self.prepare(messages)
            done: list[int] = []
            again: list[NewLetter] = []
            for entry, result in zip(entries, prepared.results, strict=True):
                if result.accepted == 0 and result.reasons and set(result.reasons) == {str(name)}:
                    continue  # fails as before: keep the original letter
                done.append(int(entry["n"]))
                again.extend(result.letters)
                passed += result.rejected == 0
            self.commit(prepared, dead_letters=False)
            if again:
                self.dead_letters.add(tenant, again)
            self.dead_letters.remove(tenant, str(name), doc_id, done)
            replayed += len(entries)
            moved += len(done) - sum(1 for r in prepared.results if r.rejected == 0)
            if progress is not None:
                progress(replayed, 0)
        return {"replayed": replayed, "accepted": passed, "moved": moved, "remaining": replayed - passed}


_SERIES_ORDER = itemgetter(0, 1, 3)


def _write_together(ts: TenantStore, rows: list[HistoryRow], patches: list[Entity]) -> int | None:
    """History rows and live-state patches in one transaction where the store offers it (the backend extra
    ``ingest_rows``: the embedded store, and the change-events wrapper around it); the new history rows, or
    None when it does not or could not (nothing written: the caller writes them one after the other).

    Wrappers that must see every write (encryption, policy for a restricted subject) do not offer it.
    """
    together = getattr(ts, "ingest_rows", None)
    if together is None:
        return None
    done = together(rows, patches)
    return None if done is None else int(done.added)


def _append_history(ts: TenantStore, rows: list[HistoryRow]) -> int:
    """History rows in a transaction of their own (chunked); returns how many were new.

    The embedded store takes rows as they are (names and values were checked here); others take
    AttributeInstances through the store interface.
    """
    added = 0
    fast = getattr(ts, "append_history_rows", None)
    for start in range(0, len(rows), _CHUNK * 4):
        part = rows[start : start + _CHUNK * 4]
        if fast is not None:
            added += fast(part)
        else:
            added += ts.append_history(
                [
                    AttributeInstance(e, a, from_micros(t), loads(text), d, typ, u, i)
                    for e, a, d, t, text, _, u, typ, i in part
                ]
            )
    return added


_ENCODE_NUMBER = msgspec.json.Encoder().encode


def _value_columns(value: Any) -> tuple[str, float | None]:
    """(canonical JSON, number) of a normalised value, as :func:`history_value` gives them."""
    kind = type(value)
    if kind is float:  # finite: normalisation checked it
        return _ENCODE_NUMBER(value).decode(), value
    if kind is bool:
        return ("true" if value else "false"), None
    if kind is int:
        return str(value), float(value)
    return history_value(value)


def _accept(
    batch: _TenantBatch, record: DeviceRecord, ts_us: int, checked: list[tuple[FieldSpec, Any]]
) -> None:
    """One accepted reading: its history rows, the twin's latest values, the device's last-seen time."""
    code = record.code
    twin = record.twin_id
    dataset = record.dataset_id
    live = batch.live.get(twin)
    if live is None:
        live = batch.live[twin] = {}
        batch.twin_types[twin] = record.twin_types
    twin_type = record.twin_types[0]
    device_values: dict[str, tuple[Any, str | None]] | None = None
    history = batch.history
    prefix = f"{READING_URN}{code}:{ts_us}:"
    for spec, value in checked:
        text, number = _value_columns(value)
        unit = spec.unit
        if spec.device:
            history.append(
                (
                    record.entity_id,
                    spec.attribute,
                    None,
                    ts_us,
                    text,
                    number,
                    unit,
                    "Device",
                    prefix + spec.name,
                )
            )
            if device_values is None:
                device_values = {}
            device_values[spec.attribute] = (value, unit)
            continue
        history.append(
            (twin, spec.attribute, dataset, ts_us, text, number, unit, twin_type, prefix + spec.name)
        )
        key = (spec.attribute, dataset)
        current = live.get(key)
        if current is None or current[0] <= ts_us:
            live[key] = (ts_us, value, unit, record)
    seen = batch.devices.get(code)
    if seen is None:
        batch.devices[code] = (record, ts_us, device_values or {})
    else:
        values = seen[2]
        if device_values and ts_us >= seen[1]:
            values.update(device_values)
        if ts_us > seen[1]:
            batch.devices[code] = (record, ts_us, values)


def _live_patches(batch: _TenantBatch) -> dict[str, Entity]:
    """One merge patch per twin carrying the latest value of each attribute instance in the batch.

    A value older than the device's last reading already written (a late replay) goes to history only.
    """
    patches: dict[str, Entity] = {}
    times: dict[int, str] = {}  # readings of a batch share few distinct times: format each once
    prop = AttrType.PROPERTY
    for twin, attrs in batch.live.items():
        fresh: dict[str, list[Attribute]] = {}
        for (name, dataset), (ts_us, value, unit, record) in attrs.items():
            if ts_us < record.last_seen_us:
                continue
            observed = times.get(ts_us)
            if observed is None:
                observed = times[ts_us] = iso_us(ts_us)
            instance = Attribute(prop, value, observed, unit, dataset)
            found = fresh.get(name)
            if found is None:
                fresh[name] = [instance]
            else:
                found.append(instance)
        if fresh:
            patches[twin] = Entity(twin, batch.twin_types[twin], fresh)
    return patches


def ingest_iter(
    pipeline: IngestPipeline, messages: Iterable[RawMessage], chunk: int = 10_000
) -> IngestOutcome:
    """Ingest a long stream of messages in chunks, summing the outcomes."""
    total = IngestOutcome()
    part: list[RawMessage] = []
    for message in messages:
        part.append(message)
        if len(part) >= chunk:
            _add(total, pipeline.ingest(part))
            part = []
    if part:
        _add(total, pipeline.ingest(part))
    return total


def _add(total: IngestOutcome, outcome: IngestOutcome) -> None:
    total.accepted += outcome.accepted
    total.rejected += outcome.rejected
    total.values += outcome.values
    total.duplicates += outcome.duplicates
    total.results.extend(outcome.results)
    room = _SHOWN_LETTERS - len(total.dead_letters)
    if room > 0:
        total.dead_letters.extend(outcome.dead_letters[:room])
