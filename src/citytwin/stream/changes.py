"""Changes as subscribers see them, and their encoding in the durable change log.

A :class:`Change` is an :class:`~citytwin.core.events.EntityChange` reduced to what notification needs: the
entity after the change (for a deletion, the entity before it), which attributes were created, updated or
deleted, and the previous instances of the updated and deleted ones (``showChanges``). It is computed once
per change and stored once in the log (:func:`encode` / :func:`decode`), whatever the number of
subscriptions; entity documents use the stores' compact codec layout. A writer process that does not
ledger its own writes also stores the ledger digest of the entity (:func:`citytwin.core.ledger.entity_digest`)
with the change, so that the server ledgering it reads the digest instead of decoding the entity again.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from citytwin.core.entities import Entity
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.ledger import entity_digest
from citytwin.core.timeutil import format_instant, from_micros, to_micros
from citytwin.storage.base import LoggedChange
from citytwin.storage.codec import decode_entity, document

_KINDS = {k.value: k for k in ChangeKind}
_DELETED = ChangeKind.DELETED.value


@dataclass(frozen=True, slots=True)
class Change:
    """One entity change of one tenant, with the attribute-level facts triggers and showChanges need."""

    seq: int
    tenant: str
    kind: ChangeKind
    entity_id: str
    types: tuple[str, ...]
    at_us: int
    entity: Entity | None
    """The entity after the change; None for a deletion."""
    previous: Entity | None
    """For an update: the previous instances of the updated and deleted attributes (nothing else); for a
    deletion: the whole entity before it; None for a creation or when the previous state is unknown."""
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    writer: str = ""

    @property
    def subject(self) -> Entity:
        """The entity filters are evaluated on: the state after, or before a deletion."""
        found = self.entity if self.entity is not None else self.previous
        assert found is not None
        return found

    @property
    def changed(self) -> tuple[str, ...]:
        """Every attribute the change touched."""
        return (*self.created, *self.updated, *self.deleted)

    @property
    def at(self) -> str:
        """When the change happened, ISO 8601 UTC."""
        return _instant(self.at_us)


_LAST: list[tuple[int, str]] = [(-1, "")]


def _instant(at_us: int) -> str:
    # Changes of one second share its text: format that once (a tuple swap is atomic across threads) and
    # add the microseconds, as format_instant does when there are any.
    seconds, micros = divmod(at_us, 1_000_000)
    last, text = _LAST[0]
    if last != seconds:
        text = format_instant(from_micros(seconds * 1_000_000))[:-1]
        _LAST[0] = (seconds, text)
    return f"{text}.{micros:06d}Z" if micros else text + "Z"


def from_event(event: EntityChange, *, seq: int = 0, writer: str = "") -> Change:
    """The change an event describes (attribute sets from ``previous`` when the writer knew it)."""
    after, before = event.entity, event.previous
    at_us = to_micros(event.at)
    if event.kind is ChangeKind.DELETED:
        assert before is not None
        return Change(seq, event.tenant, event.kind, event.entity_id, event.types, at_us, None, before,
                      deleted=tuple(before.attrs), writer=writer)  # fmt: skip
    assert after is not None
    if event.kind is ChangeKind.CREATED or before is None:
        touched = tuple(event.attrs) or tuple(after.attrs)
        if event.kind is ChangeKind.CREATED:
            return Change(seq, event.tenant, event.kind, event.entity_id, event.types, at_us, after, None,
                          created=tuple(after.attrs), writer=writer)  # fmt: skip
        # An update whose previous state is unknown: every touched attribute counts as updated.
        present = tuple(n for n in touched if n in after.attrs)
        return Change(seq, event.tenant, event.kind, event.entity_id, event.types, at_us, after, None,
                      updated=present, writer=writer)  # fmt: skip
    names = tuple(dict.fromkeys((*before.attrs, *after.attrs)))
    touched = tuple(event.attrs) or names
    created = tuple(n for n in touched if n in after.attrs and n not in before.attrs)
    if set(touched) == set(names):
        # A replacement (PUT, or an attribute deletion written as one) rewrites every attribute: only those
        # whose instances differ were updated. A merge names what it wrote: each of those was updated.
        differ = set(event.changed_attrs())
        updated = tuple(n for n in touched if n in after.attrs and n in before.attrs and n in differ)
    else:
        updated = tuple(n for n in touched if n in after.attrs and n in before.attrs)
    deleted = tuple(n for n in touched if n not in after.attrs and n in before.attrs)
    kept = {n: before.attrs[n] for n in (*updated, *deleted)}
    prev = Entity(before.id, before.types, kept, before.scope, before.created_at, before.modified_at)
    return Change(seq, event.tenant, event.kind, event.entity_id, event.types, at_us, after, prev,
                  created, updated, deleted, writer)  # fmt: skip


# -- the log encoding -------------------------------------------------------------------------------------


class _Doc(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=False):
    """An entity: its stored document (kept raw: decoded only when a consumer needs it) and columns."""

    d: msgspec.Raw
    c: str | None = None
    m: str | None = None
    s: list[str] = []


class _Payload(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=False):
    e: _Doc | None = None
    p: _Doc | None = None
    n: list[str] = []
    u: list[str] = []
    x: list[str] = []
    h: str = ""
    """The ledger digest of the subject (the entity after, or before a deletion); empty when not computed."""


class _Facts(msgspec.Struct, forbid_unknown_fields=False):
    """What the ledger needs of a payload: the attribute sets and the digest (entities are skipped)."""

    n: list[str] = []
    u: list[str] = []
    x: list[str] = []
    h: str = ""


_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder(_Payload).decode
_FACTS = msgspec.json.Decoder(_Facts).decode


def _doc(entity: Entity) -> _Doc:
    return _Doc(msgspec.Raw(_ENCODE(document(entity))), entity.created_at, entity.modified_at,
                list(entity.scope))  # fmt: skip


def _digest(change: Change) -> str:
    try:
        return entity_digest(change.subject)
    except (TypeError, ValueError):  # never hold up the log: the ledger computes it itself from the entity
        return ""


def encode(change: Change, *, digest: bool = False) -> LoggedChange:
    """The change as one change-log row (with the subject's ledger digest when ``digest``)."""
    payload = _Payload(
        None if change.entity is None else _doc(change.entity),
        None if change.previous is None else _doc(change.previous),
        list(change.created),
        list(change.updated),
        list(change.deleted),
        _digest(change) if digest else "",
    )
    return LoggedChange(change.seq, change.tenant, change.entity_id, change.kind.value, change.types,
                        change.at_us, change.writer, _ENCODE(payload))  # fmt: skip


def _entity(row: LoggedChange, doc: _Doc) -> Entity:
    modified = doc.m or ""
    return decode_entity(row.entity_id, row.types, tuple(doc.s), bytes(doc.d),
                         created=doc.c or modified, modified=modified)  # fmt: skip


def decode(row: LoggedChange, *, previous: bool = True) -> Change:
    """A change-log row back as a change (with the seq the store gave it).

    ``previous=False`` leaves the previous state of a creation or update unknown (None) rather than decoding
    it, for consumers that only look at the state after (the WebSocket feed, notifications without
    ``showChanges``); a deletion keeps it (it is the only state there is), and so does a change that deleted
    attributes (a notification shows their last instances nulled).
    """
    payload = _DECODE(row.payload)
    before = payload.p if previous or row.kind == _DELETED or payload.x else None
    return Change(
        row.seq,
        row.tenant,
        _KINDS[row.kind],
        row.entity_id,
        row.types,
        row.at_us,
        None if payload.e is None else _entity(row, payload.e),
        None if before is None else _entity(row, before),
        tuple(payload.n),
        tuple(payload.u),
        tuple(payload.x),
        row.writer,
    )


def ledger_facts(row: LoggedChange) -> tuple[tuple[str, ...], str]:
    """The attributes a change-log row touched and the digest its writer stored ("" when it stored none),
    without decoding its entities."""
    facts = _FACTS(row.payload)
    return (*facts.n, *facts.u, *facts.x), facts.h
