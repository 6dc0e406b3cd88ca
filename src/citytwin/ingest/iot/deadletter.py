"""The dead-letter store: readings that could not be accepted, with why, the raw payload and when.

Dead letters are durable documents of the tenant's store, so both backends keep them with the same API and
no extra schema. The letters of one ingest call that share a reason are stored together, as one document of
kind ``iot.deadletters.<reason>`` whose id starts with the time: one store write per reason per call however
many readings failed, the documents of a reason are listed in time order, and filtering by reason reads
only that reason's documents. A letter's id is ``<document id>.<n>``.

Replaying (:meth:`citytwin.ingest.iot.pipeline.IngestPipeline.replay`) re-runs letters through the
pipeline after a fix (a device registered, a range widened) and removes the ones that now pass.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from citytwin.core.devices import Reason
from citytwin.core.timeutil import Clock, format_instant, to_micros, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.storage.base import Store, TenantStore

KIND_PREFIX = "iot.deadletters."
GROUP_SIZE = 2000
"""Letters per document at most (a flood of bad readings still makes documents of bounded size)."""
_PAGE = 200
REASONS = tuple(r.value for r in Reason)


@dataclass(frozen=True, slots=True)
class NewLetter:
    """A reading to dead-letter."""

    reason: Reason
    detail: str
    payload: bytes
    device: str | None = None
    transport: str = "http"
    ref: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A stored dead letter."""

    id: str
    tenant: str
    reason: str
    detail: str
    payload: bytes
    device: str | None
    transport: str
    ref: str | None
    received_at: str | None
    at: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (the payload as text when it is UTF-8, else base64)."""
        try:
            payload, encoding = self.payload.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            payload, encoding = base64.b64encode(self.payload).decode(), "base64"
        out: dict[str, Any] = {
            "id": self.id,
            "reason": self.reason,
            "detail": self.detail,
            "device": self.device,
            "transport": self.transport,
            "ref": self.ref,
            "receivedAt": self.received_at,
            "at": self.at,
            "payload": payload,
        }
        if encoding != "utf-8":
            out["payloadEncoding"] = encoding
        return out


def _kind(reason: str) -> str:
    if reason not in REASONS:
        raise BadRequestData(f"unknown dead-letter reason {reason!r}; known: {', '.join(REASONS)}")
    return KIND_PREFIX + reason


def _pack(payload: bytes) -> tuple[str, str]:
    try:
        return payload.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(payload).decode(), "base64"


def _unpack(text: str, encoding: str) -> bytes:
    return base64.b64decode(text) if encoding == "base64" else text.encode("utf-8")


class DeadLetterStore:
    """Dead letters of every tenant of ``store``."""

    def __init__(self, store: Store, *, clock: Clock = utc_now) -> None:
        self.store = store
        self.clock = clock
        self._lock = threading.Lock()
        self._last_us = 0

    def _doc_id(self) -> str:
        # Time-ordered and unique: strictly increasing µs within this process, random bits across processes.
        with self._lock:
            now = max(to_micros(self.clock()), self._last_us + 1)
            self._last_us = now
        return f"{now:017d}-{secrets.token_hex(4)}"

    def add(self, tenant: str, letters: Sequence[NewLetter]) -> list[str]:
        """Store letters durably (one document per reason and group); returns their ids."""
        if not letters:
            return []
        ts = self.store.tenant(tenant)
        at = format_instant(self.clock())
        by_reason: dict[str, list[NewLetter]] = {}
        for letter in letters:
            by_reason.setdefault(letter.reason.value, []).append(letter)
        ids: list[str] = []
        for reason, group in by_reason.items():
            for start in range(0, len(group), GROUP_SIZE):
                part = group[start : start + GROUP_SIZE]
                doc_id = self._doc_id()
                entries = []
                for n, letter in enumerate(part):
                    text, encoding = _pack(letter.payload)
                    entry: dict[str, Any] = {"n": n, "detail": letter.detail, "payload": text}
                    if encoding != "utf-8":
                        entry["encoding"] = encoding
                    if letter.device is not None:
                        entry["device"] = letter.device
                    if letter.transport != "http":
                        entry["transport"] = letter.transport
                    if letter.ref is not None:
                        entry["ref"] = letter.ref
                    if letter.received_at is not None:
                        entry["receivedAt"] = format_instant(letter.received_at)
                    entries.append(entry)
                    ids.append(f"{doc_id}.{n}")
                ts.put_document(_kind(reason), doc_id, {"reason": reason, "at": at, "letters": entries})
        return ids

    # -- reading ----------------------------------------------------------------------------------------
    def groups(self, tenant: str, reason: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(document id, document) of one reason, oldest first."""
        ts = self.store.tenant(tenant)
        kind = _kind(reason)
        offset = 0
        while True:
            page = ts.list_documents(kind, limit=_PAGE, offset=offset)
            yield from page
            if len(page) < _PAGE:
                return
            offset += len(page)

    def iter(
        self, tenant: str, *, reason: str | None = None, device: str | None = None
    ) -> Iterator[DeadLetter]:
        """Letters matching the filters, by reason then time."""
        for name in (reason,) if reason is not None else REASONS:
            for doc_id, doc in self.groups(tenant, str(name)):
                for entry in doc.get("letters", ()):
                    if device is not None and entry.get("device") != device:
                        continue
                    yield letter_from(tenant, doc_id, doc, entry)

    def list(
        self,
        tenant: str,
        *,
        reason: str | None = None,
        device: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[DeadLetter]:
        """A page of letters matching the filters."""
        out = []
        for n, letter in enumerate(self.iter(tenant, reason=reason, device=device)):
            if n >= offset + limit:
                break
            if n >= offset:
                out.append(letter)
        return out

    def counts(self, tenant: str, *, device: str | None = None) -> dict[str, int]:
        """Letters per reason (reasons without any are left out)."""
        out: dict[str, int] = {}
        for reason in REASONS:
            n = 0
            for _, doc in self.groups(tenant, reason):
                letters = doc.get("letters", ())
                n += len(letters) if device is None else sum(1 for e in letters if e.get("device") == device)
            if n:
                out[reason] = n
        return out

    def get(self, tenant: str, letter_id: str) -> DeadLetter:
        """One letter by id (raises ResourceNotFound)."""
        doc_id, _, n = letter_id.rpartition(".")
        for reason in REASONS:
            try:
                doc = self.store.tenant(tenant).get_document(KIND_PREFIX + reason, doc_id)
            except ResourceNotFound:
                continue
            for entry in doc.get("letters", ()):
                if str(entry.get("n")) == n:
                    return letter_from(tenant, doc_id, doc, entry)
        raise ResourceNotFound(f"dead letter {letter_id} not found")

    # -- removing ---------------------------------------------------------------------------------------
    def remove(self, tenant: str, reason: str, doc_id: str, numbers: Iterable[int]) -> int:
        """Remove letters of one document (the document goes when it is empty); returns how many."""
        ts = self.store.tenant(tenant)
        kind = _kind(reason)
        drop = set(numbers)
        try:
            doc = ts.get_document(kind, doc_id)
        except ResourceNotFound:
            return 0
        letters = doc.get("letters", [])
        keep = [e for e in letters if e.get("n") not in drop]
        removed = len(letters) - len(keep)
        if not removed:
            return 0
        _write_group(ts, kind, doc_id, doc, keep)
        return removed

    def purge(self, tenant: str, *, reason: str | None = None, device: str | None = None) -> int:
        """Delete every letter matching the filters; returns how many."""
        removed = 0
        for name in (reason,) if reason is not None else REASONS:
            ts = self.store.tenant(tenant)
            for doc_id, doc in list(self.groups(tenant, str(name))):
                letters = doc.get("letters", [])
                keep = [] if device is None else [e for e in letters if e.get("device") != device]
                if len(keep) < len(letters):
                    removed += len(letters) - len(keep)
                    _write_group(ts, _kind(str(name)), doc_id, doc, keep)
        return removed


def _write_group(ts: TenantStore, kind: str, doc_id: str, doc: dict[str, Any], keep: list[Any]) -> None:
    if keep:
        ts.put_document(kind, doc_id, {**doc, "letters": keep})
    else:
        ts.delete_document(kind, doc_id)


def letter_from(tenant: str, doc_id: str, doc: dict[str, Any], entry: dict[str, Any]) -> DeadLetter:
    """The letter ``entry`` of group document ``doc_id``."""
    return DeadLetter(
        id=f"{doc_id}.{entry.get('n')}",
        tenant=tenant,
        reason=str(doc.get("reason")),
        detail=str(entry.get("detail", "")),
        payload=_unpack(str(entry.get("payload", "")), str(entry.get("encoding", "utf-8"))),
        device=entry.get("device"),
        transport=str(entry.get("transport", "http")),
        ref=entry.get("ref"),
        received_at=entry.get("receivedAt"),
        at=str(doc.get("at", "")),
    )
