"""Encryption at rest in the store: sensitive attributes reach the database only as AES-GCM envelopes.

``EncryptedStore(store, encryption)`` wraps a backend the way ``GovernedStore`` does, and
:func:`citytwin.storage.registry.open_store` applies it whenever encryption is configured, so every writer and
reader (API, importers, IoT ingest, the demo, the CLI) encrypts and decrypts without knowing it:

* Writes: each attribute the rules (:mod:`citytwin.core.encryption_rules`) mark sensitive on the entity's
  types is stored as a Property whose value is an envelope (:mod:`citytwin.core.fieldcrypt`); the original
  attribute type rides in the envelope. Metadata (observedAt, unitCode, datasetId) and sub-attributes stay
  in clear. History instances are encrypted the same way (and get an instance id, so that key rotation can
  replace them). Change-log payloads (the stream's copy of each changed entity) are encrypted whole.
* Reads: envelopes are opened wherever they are found, whatever the rules say now.
* Queries: ``q`` equality on an encrypted attribute compares keyed hashes; anything else is refused (400).
* Without a key but with rules configured, writing a sensitive attribute is refused (fail closed) and reading
  an envelope answers 503.

Backend extras (bulk paths) are not reachable through the wrapper, so callers fall back to the interface,
except ``append_history_rows`` (IoT ingest), which is wrapped.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import msgspec

from citytwin.core.encryption_rules import EncryptionRules, rewrite_query
from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.fieldcrypt import (
    BLOB_MAGIC,
    EncryptionUnavailable,
    Keyring,
    is_envelope,
    query_hashes,
    seal,
    seal_bytes,
    unseal,
    unseal_bytes,
)
from citytwin.core.query import (
    Aggregate,
    AggregateBucket,
    AggregateQuery,
    AttributeInstance,
    EntityQuery,
    HistoryQuery,
    QueryResult,
    Scalar,
)
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.storage.base import DEFAULT_TENANT, BatchError, BatchResult, LoggedChange, Store, TenantStore
from citytwin.storage.codec import history_value, loads
from citytwin.stream.wrapper import WrappedStore

_CHANGE_AAD = b"citytwin-change-v1"
_JSON = msgspec.json.Encoder()
_ATTR_TYPES = {t.value: t for t in AttrType}


@dataclass(frozen=True, slots=True)
class FieldEncryption:
    """What is encrypted and with which keys (``ring`` None: configured without a key, fail closed)."""

    rules: EncryptionRules
    ring: Keyring | None

    def require_ring(self, what: str) -> Keyring:
        """The key ring, or EncryptionUnavailable saying what needed it."""
        if self.ring is None:
            raise EncryptionUnavailable(
                f"{what}, but no encryption key is configured (set CITYTWIN_ENCRYPTION_KEYS to a key file "
                "or CITYTWIN_ENCRYPTION_KEY; see docs/security.md, 'Encryption at rest')"
            )
        return self.ring


def new_instance_id() -> str:
    """An attribute-instance id of the form the stores give."""
    return f"urn:ngsi-ld:attribute:instance:{uuid.uuid4()}"


_ENTITY_SLOTS = tuple(Entity.__slots__)


def _with_attrs(entity: Entity, attrs: dict[str, list[Attribute]]) -> Entity:
    """A shallow copy of ``entity`` with other attributes (not re-validated: id and types are unchanged)."""
    out = Entity.__new__(Entity)
    for name in _ENTITY_SLOTS:
        setattr(out, name, getattr(entity, name))
    out.attrs = attrs
    return out


def with_value(inst: Attribute, value: Any, kind: AttrType | None = None) -> Attribute:
    """A copy of an attribute instance with another value (and type); metadata and sub-attributes kept."""
    # The constructor, not dataclasses.replace: this runs for every sealed or opened value.
    return Attribute(
        kind or inst.type,
        value,
        inst.observed_at,
        inst.unit_code,
        inst.dataset_id,
        inst.created_at,
        inst.modified_at,
        inst.sub,
        inst.extra,
    )


def _refuse_envelope(entity_id: str, attr: str) -> BadRequestData:
    return BadRequestData(
        f"attribute {attr!r} of {entity_id}: the value has the shape of an encrypted envelope "
        "(members enc, kid, n, ct, h), which is reserved"
    )


# -- entities ------------------------------------------------------------------------------------------------


class Crypter:
    """Entity and history encryption for one tenant."""

    def __init__(self, tenant: str, encryption: FieldEncryption) -> None:
        self.tenant = tenant
        self.encryption = encryption
        self.rules = encryption.rules
        self._names = encryption.rules.names
        self._by_types: dict[tuple[str, ...], frozenset[str]] = {}

    def names_on(self, types: tuple[str, ...]) -> frozenset[str]:
        """Attributes encrypted on an entity of ``types`` (cached per type tuple)."""
        found = self._by_types.get(types)
        if found is None:
            if len(self._by_types) > 10_000:
                self._by_types.clear()
            found = self._by_types[types] = self.rules.on_types(types)
        return found

    def seal_entity(self, entity: Entity) -> Entity:
        """A copy of ``entity`` with its sensitive attributes as envelopes (``entity`` itself when none)."""
        for name, insts in entity.attrs.items():
            for inst in insts:
                if inst.value.__class__ is dict and is_envelope(inst.value):
                    raise _refuse_envelope(entity.id, name)
        wanted = self.names_on(entity.types)
        hit = [n for n in entity.attrs if n in wanted] if wanted else []
        if not hit:
            return entity
        ring = self.encryption.require_ring(f"attribute {hit[0]!r} of {entity.id} must be encrypted at rest")
        attrs = dict(entity.attrs)
        for name in hit:
            attrs[name] = [self.seal_attribute(ring, entity.id, name, inst) for inst in attrs[name]]
        return _with_attrs(entity, attrs)

    def seal_attribute(self, ring: Keyring, entity_id: str, name: str, inst: Attribute) -> Attribute:
        """One attribute instance as a Property holding its envelope (metadata and sub-attributes kept)."""
        kind = None if inst.type is AttrType.PROPERTY else inst.type.value
        envelope = seal(ring, self.tenant, entity_id, name, inst.value, kind=kind)
        return with_value(inst, envelope, AttrType.PROPERTY)

    def open_entity(self, entity: Entity) -> Entity:
        """A copy of ``entity`` with every envelope opened (``entity`` itself when it holds none)."""
        attrs: dict[str, list[Attribute]] | None = None
        for name, insts in entity.attrs.items():
            if any(i.value.__class__ is dict and is_envelope(i.value) for i in insts):
                if attrs is None:
                    attrs = dict(entity.attrs)
                attrs[name] = [self._open_instance(entity.id, name, i) for i in insts]
        if attrs is None:
            return entity
        return _with_attrs(entity, attrs)

    def _open_instance(self, entity_id: str, name: str, inst: Attribute) -> Attribute:
        envelope = inst.value
        if not (envelope.__class__ is dict and is_envelope(envelope)):
            return inst
        ring = self.encryption.require_ring(f"attribute {name!r} of {entity_id} is stored encrypted")
        value = unseal(ring, self.tenant, entity_id, name, envelope)
        kind = _ATTR_TYPES.get(envelope.get("t") or "Property", AttrType.PROPERTY)
        return with_value(inst, value, kind)

    # -- history ---------------------------------------------------------------------------------------------
    def history_encrypted(self, attr: str, entity_type: str | None) -> bool:
        """Whether a history value of ``attr`` is encrypted (an unknown type: if any rule names ``attr``)."""
        if attr not in self._names:
            return False
        return entity_type is None or attr in self.names_on((entity_type,))

    def seal_instance(self, inst: AttributeInstance) -> AttributeInstance:
        """A history instance with its value sealed when it is sensitive (and an instance id given)."""
        if inst.value.__class__ is dict and is_envelope(inst.value):
            raise _refuse_envelope(inst.entity_id, inst.attr)
        if not self.history_encrypted(inst.attr, inst.entity_type):
            return inst
        ring = self.encryption.require_ring(
            f"history of attribute {inst.attr!r} of {inst.entity_id} must be encrypted at rest"
        )
        return replace(
            inst,
            value=seal(ring, self.tenant, inst.entity_id, inst.attr, inst.value),
            instance_id=inst.instance_id or new_instance_id(),
        )

    def open_instance(self, inst: AttributeInstance) -> AttributeInstance:
        """A history instance with its envelope opened."""
        value = inst.value
        if not (value.__class__ is dict and is_envelope(value)):
            return inst
        ring = self.encryption.require_ring(
            f"history of attribute {inst.attr!r} of {inst.entity_id} is stored encrypted"
        )
        return replace(inst, value=unseal(ring, self.tenant, inst.entity_id, inst.attr, value))

    def seal_row(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """An embedded-store history row (``append_history_rows``) with its value sealed when sensitive."""
        entity_id, attr, dataset, ts_us, text, _num, unit, entity_type, iid = row
        if '"enc"' in text and is_envelope(loads(text)):
            raise _refuse_envelope(entity_id, attr)
        if not self.history_encrypted(attr, entity_type):
            return row
        ring = self.encryption.require_ring(
            f"history of attribute {attr!r} of {entity_id} must be encrypted at rest"
        )
        sealed, _ = history_value(seal(ring, self.tenant, entity_id, attr, loads(text)))
        return (entity_id, attr, dataset, ts_us, sealed, None, unit, entity_type, iid or new_instance_id())

    def hasher(self, attr: str, values: Sequence[Scalar]) -> tuple[str, ...]:
        """Keyed hashes of query values (every key of the ring), for the q rewrite."""
        ring = self.encryption.require_ring(f"a query compares the encrypted attribute {attr!r}")
        return query_hashes(ring, self.tenant, attr, values)


def _count_only(bucket: AggregateBucket) -> AggregateBucket:
    values = {m: (v if m is Aggregate.TOTAL_COUNT else None) for m, v in bucket.values.items()}
    return replace(bucket, values=values)


def _problem(err: CitytwinError) -> dict[str, Any]:
    return err.to_problem()


class EncryptedTenantStore(TenantStore):
    """One tenant's store with sensitive attributes encrypted on the way in and opened on the way out."""

    def __init__(self, inner: TenantStore, encryption: FieldEncryption, crypt: Crypter | None = None) -> None:
        self.inner = inner
        self.tenant = inner.tenant
        self.crypt = crypt if crypt is not None else Crypter(inner.tenant, encryption)
        self.rules = encryption.rules

    # -- entity writes --------------------------------------------------------------------------------------
    def create(self, entity: Entity, *, history: bool = False) -> Entity:
        return self.crypt.open_entity(self.inner.create(self.crypt.seal_entity(entity), history=history))

    def replace(self, entity: Entity, *, history: bool = False, if_modified: str | None = None) -> Entity:
        sealed = self.crypt.seal_entity(entity)
        return self.crypt.open_entity(self.inner.replace(sealed, history=history, if_modified=if_modified))

    def merge(self, patch: Entity, *, history: bool = False) -> Entity:
        return self.crypt.open_entity(self.inner.merge(self.crypt.seal_entity(patch), history=history))

    def _sealed(self, entities: Iterable[Entity]) -> tuple[list[Entity], list[BatchError]]:
        sealed: list[Entity] = []
        refused: list[BatchError] = []
        for entity in entities:
            try:
                sealed.append(self.crypt.seal_entity(entity))
            except CitytwinError as err:
                refused.append(BatchError(entity.id, _problem(err)))
        return sealed, refused

    def upsert_many(
        self, entities: Iterable[Entity], *, merge: bool = False, history: bool = False
    ) -> BatchResult:
        sealed, refused = self._sealed(entities)
        result = self.inner.upsert_many(sealed, merge=merge, history=history)
        result.errors.extend(refused)
        return result

    def create_many(self, entities: Iterable[Entity], *, history: bool = False) -> BatchResult:
        sealed, refused = self._sealed(entities)
        result = self.inner.create_many(sealed, history=history)
        result.errors.extend(refused)
        return result

    def delete(self, entity_id: str) -> None:
        self.inner.delete(entity_id)

    def delete_many(self, entity_ids: Iterable[str]) -> BatchResult:
        return self.inner.delete_many(entity_ids)

    # -- entity reads ---------------------------------------------------------------------------------------
    def get(self, entity_id: str, *, attrs: Sequence[str] = ()) -> Entity:
        return self.crypt.open_entity(self.inner.get(entity_id, attrs=attrs))

    def get_many(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        opened = self.crypt.open_entity
        return {i: opened(e) for i, e in self.inner.get_many(entity_ids).items()}

    def stored_query(self, query: EntityQuery) -> EntityQuery:
        """``query`` as the store runs it: equality on encrypted attributes by keyed hash (400 otherwise)."""
        return rewrite_query(query, self.rules, self.crypt.hasher)

    def query(self, query: EntityQuery) -> QueryResult:
        result = self.inner.query(self.stored_query(query))
        opened = self.crypt.open_entity
        return QueryResult([opened(e) for e in result.entities], result.count)

    def purge(self, query: EntityQuery) -> int:
        return self.inner.purge(self.stored_query(query))

    # -- history ---------------------------------------------------------------------------------------------
    def append_history(self, instances: Iterable[AttributeInstance]) -> int:
        sealed = self.crypt.seal_instance
        return self.inner.append_history([sealed(i) for i in instances])

    def read_history(self, query: HistoryQuery) -> list[AttributeInstance]:
        opened = self.crypt.open_instance
        return [opened(i) for i in self.inner.read_history(query)]

    def dataset_series(self, series: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = self.inner.dataset_series(series)
        return found

    def aggregate_history(self, query: AggregateQuery) -> list[AggregateBucket]:
        buckets = self.inner.aggregate_history(query)
        names = self.rules.names
        # Over envelopes only the count means anything: distinct values and numbers are not computed.
        return [
            b
            if b.attr not in names
            else replace(
                b, values={m: (v if m is Aggregate.TOTAL_COUNT else None) for m, v in b.values.items()}
            )
            for b in buckets
        ]

    def delete_history(
        self,
        entity_id: str,
        attr: str | None = None,
        *,
        dataset_id: str | None = None,
        instance_id: str | None = None,
    ) -> int:
        return self.inner.delete_history(entity_id, attr, dataset_id=dataset_id, instance_id=instance_id)

    # -- documents -------------------------------------------------------------------------------------------
    def put_document(self, kind: str, doc_id: str, doc: dict[str, Any]) -> None:
        self.inner.put_document(kind, doc_id, doc)

    def get_document(self, kind: str, doc_id: str) -> dict[str, Any]:
        return self.inner.get_document(kind, doc_id)

    def list_documents(
        self, kind: str, *, limit: int = 1000, offset: int = 0
    ) -> list[tuple[str, dict[str, Any]]]:
        return self.inner.list_documents(kind, limit=limit, offset=offset)

    def delete_document(self, kind: str, doc_id: str) -> None:
        self.inner.delete_document(kind, doc_id)

    def _append_history_rows(self, rows: Sequence[tuple[Any, ...]]) -> int:
        """The embedded store's bulk history append, with sensitive values sealed first."""
        fast = self.inner.append_history_rows  # type: ignore[attr-defined]
        sealed = self.crypt.seal_row
        return int(fast([sealed(row) for row in rows]))

    def __getattr__(self, name: str) -> Any:
        # Backend extras read and write stored values directly: none is reachable through encryption, so
        # callers take the interface. The wrapped bulk history append exists only where the backend has one.
        if name == "append_history_rows" and hasattr(self.inner, name):
            return self._append_history_rows
        raise AttributeError(name)


# -- the store -----------------------------------------------------------------------------------------------


class EncryptedStore(WrappedStore):
    """``store`` with encryption at rest; closing it closes ``store``. Store-level extras (the ledger's
    tables, tile caches) hold no attribute values: they pass through unencrypted."""

    def __init__(self, store: Store, encryption: FieldEncryption) -> None:
        super().__init__(store)
        self.encryption = encryption
        self._crypters: dict[str, Crypter] = {}
        """One per tenant: their per-type caches outlive the tenant stores handed out per request."""

    def tenant(self, name: str = DEFAULT_TENANT) -> TenantStore:
        inner = self.inner.tenant(name)
        crypt = self._crypters.get(inner.tenant)
        if crypt is None:
            if len(self._crypters) > 10_000:
                self._crypters.clear()
            crypt = self._crypters[inner.tenant] = Crypter(inner.tenant, self.encryption)
        return EncryptedTenantStore(inner, self.encryption, crypt)

    # -- the change log: payloads carry whole entities, so they are encrypted whole --------------------------
    def _change_aad(self, change: LoggedChange) -> bytes:
        return _CHANGE_AAD + _JSON.encode([change.tenant, change.entity_id, change.kind])

    def seal_change(self, change: LoggedChange) -> LoggedChange:
        """The change with its payload encrypted when the entity's types may hold encrypted attributes."""
        ring = self.encryption.ring
        if ring is None or not self.encryption.rules.anywhere(change.types):
            return change
        return replace(change, payload=seal_bytes(ring, bytes(change.payload), self._change_aad(change)))

    def open_change(self, change: LoggedChange) -> LoggedChange:
        """The change with its payload decrypted (unchanged when it is not encrypted)."""
        payload = bytes(change.payload)
        if not payload.startswith(BLOB_MAGIC):
            return change
        what = f"change {change.seq} of the change log"
        ring = self.encryption.require_ring(f"{what} is stored encrypted")
        return replace(change, payload=unseal_bytes(ring, payload, self._change_aad(change), what))

    def append_changes(self, changes: Sequence[LoggedChange]) -> int:
        return self.inner.append_changes([self.seal_change(c) for c in changes])

    def read_changes(self, after: int, limit: int = 1000) -> list[LoggedChange]:
        return [self.open_change(c) for c in self.inner.read_changes(after, limit)]
