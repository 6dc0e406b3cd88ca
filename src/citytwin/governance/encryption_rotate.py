"""Key rotation: re-encrypt every stored envelope with the active key; report which keys are still in use.

:func:`reencrypt` walks every tenant of the *unwrapped* store: entities page by page (in id order), then the
history of every attribute the rules name. An envelope under another key is re-encrypted with the active
one; a clear value of an attribute the rules now mark sensitive is encrypted (so enabling encryption on an
existing database is the same operation). It is idempotent and resumable: what already uses the active key
is left alone, so a run that stopped half-way is finished by running it again.

History instances are replaced one by one: the re-encrypted copy is appended under a derived instance id
(``<id>#<key id>``), then the old instance is deleted. A run interrupted between the two leaves the copy,
which the next run recognises (appends are idempotent on instance id) before deleting the old instance.
A series holding instances without an instance id (appended in clear before encryption was enabled) cannot be
changed instance by instance: the new series (values encrypted, ids given) is first written to a journal
document, then the old series is deleted and the new one appended; a run that stopped in between replays the
journal first.

Entities are rewritten with a merge of the changed attributes, so their ``modifiedAt`` moves; a writer that
changes the same attribute of the same entity between the read and the write of its page loses that change
(run rotations when writers are quiet, or repeat ``reencrypt`` afterwards, which changes nothing it need not).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from citytwin.core.entities import Attribute, Entity
from citytwin.core.fieldcrypt import Keyring, is_envelope, reseal
from citytwin.core.query import AttributeInstance, EntityQuery, HistoryQuery
from citytwin.governance.encryption_store import Crypter, EncryptedStore, FieldEncryption, with_value
from citytwin.storage.base import Store, TenantStore

Progress = Callable[[str, int], None]
"""(what, how many so far) — called after every page."""
PAGE = 500
CLEAR = "clear"
"""The key-usage bucket of sensitive values stored in clear."""


@dataclass(slots=True)
class RotationReport:
    """What a re-encryption pass did."""

    active: str
    entities_scanned: int = 0
    entities_rewritten: int = 0
    values_resealed: int = 0
    values_encrypted: int = 0
    history_resealed: int = 0
    history_encrypted: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready camelCase members."""
        return {
            "active": self.active,
            "entitiesScanned": self.entities_scanned,
            "entitiesRewritten": self.entities_rewritten,
            "valuesResealed": self.values_resealed,
            "valuesEncrypted": self.values_encrypted,
            "historyResealed": self.history_resealed,
            "historyEncrypted": self.history_encrypted,
        }


@dataclass(slots=True)
class KeyUsage:
    """Envelopes per key id (and sensitive values still in clear), in entities and in history."""

    entities: Counter[str] = field(default_factory=Counter)
    history: Counter[str] = field(default_factory=Counter)

    def uses(self, kid: str) -> int:
        """How many stored values need key ``kid``."""
        return self.entities[kid] + self.history[kid]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "entities": dict(sorted(self.entities.items())),
            "history": dict(sorted(self.history.items())),
        }


def unwrapped(store: Store) -> Store:
    """The backend under an encrypted store (rotation reads and writes envelopes as they are stored)."""
    return store.inner if isinstance(store, EncryptedStore) else store


def _entity_pages(ts: TenantStore, page: int) -> Iterator[list[Entity]]:
    yield from ts.iter_query(EntityQuery(), page=page)


def _history_rows(ts: TenantStore, attr: str) -> list[AttributeInstance]:
    return ts.read_history(HistoryQuery(attrs=(attr,)))


def rotated_id(instance_id: str, kid: str) -> str:
    """The instance id of a re-encrypted copy: the original id (without an earlier key suffix) and the key."""
    return f"{instance_id.split('#', 1)[0]}#{kid}"


class _Pass:
    """One tenant's share of a re-encryption."""

    def __init__(self, ts: TenantStore, encryption: FieldEncryption, ring: Keyring, report: RotationReport):
        self.ts = ts
        self.ring = ring
        self.crypt = Crypter(ts.tenant, encryption)
        self.report = report

    def patch(self, entity: Entity) -> Entity | None:
        """The merge patch that brings ``entity`` onto the active key (None: nothing to do)."""
        wanted = self.crypt.names_on(entity.types)
        changed: dict[str, list[Attribute]] = {}
        for name, insts in entity.attrs.items():
            out: list[Attribute] = []
            touched = False
            for inst in insts:
                value = inst.value
                if value.__class__ is dict and is_envelope(value):
                    if value["kid"] != self.ring.active:
                        inst = with_value(inst, reseal(self.ring, self.ts.tenant, entity.id, name, value))  # noqa: PLW2901
                        self.report.values_resealed += 1
                        touched = True
                elif name in wanted:
                    inst = self.crypt.seal_attribute(self.ring, entity.id, name, inst)  # noqa: PLW2901
                    self.report.values_encrypted += 1
                    touched = True
                out.append(inst)
            if touched:
                changed[name] = out
        return Entity(entity.id, entity.types, changed) if changed else None

    def entities(self, page: int, progress: Progress | None) -> None:
        """Re-encrypt the tenant's entities, a page at a time."""
        for found in _entity_pages(self.ts, page):
            patches = [p for e in found if (p := self.patch(e)) is not None]
            self.report.entities_scanned += len(found)
            if patches:
                self.ts.upsert_many(patches, merge=True)
                self.report.entities_rewritten += len(patches)
            if progress is not None:
                progress(f"entities of tenant {self.ts.tenant!r}", self.report.entities_scanned)

    def _target(self, attr: str, inst: AttributeInstance) -> Any:
        """The value ``inst`` must hold on the active key (counted), or None when it already does."""
        value = inst.value
        if value.__class__ is dict and is_envelope(value):
            if value["kid"] == self.ring.active:
                return None
            self.report.history_resealed += 1
            return reseal(self.ring, self.ts.tenant, inst.entity_id, attr, value)
        if self.crypt.history_encrypted(attr, inst.entity_type):
            self.report.history_encrypted += 1
            return self.crypt.seal_instance(inst).value
        return None

    def history(self, attr: str, progress: Progress | None) -> None:
        """Re-encrypt the history of one attribute: instance by instance, or series by series (journaled)
        where instances without an instance id cannot be replaced one by one."""
        series: dict[str, list[AttributeInstance]] = {}
        for inst in _history_rows(self.ts, attr):
            series.setdefault(inst.entity_id, []).append(inst)
        redo: list[tuple[AttributeInstance, AttributeInstance]] = []
        done = 0
        for entity_id, instances in series.items():
            targets = [self._target(attr, inst) for inst in instances]
            if all(t is None for t in targets):
                continue
            if any(t is not None and i.instance_id is None for i, t in zip(instances, targets, strict=True)):
                self.rewrite_series(entity_id, attr, instances, targets)
                done += len(instances)
                continue
            for inst, target in zip(instances, targets, strict=True):
                if target is not None and inst.instance_id is not None:
                    new_id = rotated_id(inst.instance_id, self.ring.active)
                    redo.append((inst, _with_instance(inst, target, new_id)))
        for start in range(0, len(redo), PAGE):
            part = redo[start : start + PAGE]
            self.ts.append_history([new for _, new in part])  # first the copies: nothing is lost if we stop
            for old, _ in part:
                assert old.instance_id is not None
                self.ts.delete_history(old.entity_id, attr, instance_id=old.instance_id)
            done += len(part)
            if progress is not None:
                progress(f"history of {attr!r} in tenant {self.ts.tenant!r}", done)

    def rewrite_series(
        self, entity_id: str, attr: str, instances: list[AttributeInstance], targets: list[Any]
    ) -> None:
        """Replace the whole series of ``attr`` of ``entity_id``: journal the new series, delete, append."""
        fresh = [
            _with_instance(
                inst,
                inst.value if target is None else target,
                inst.instance_id or _derived_id(inst, n),
            )
            for n, (inst, target) in enumerate(zip(instances, targets, strict=True))
        ]
        doc_id = _journal_id(entity_id, attr)
        journal = _journal(entity_id, attr, fresh)
        self.ts.put_document(JOURNAL, doc_id, journal)
        replay_journal(self.ts, doc_id, journal)


JOURNAL = "encryption-journal"
"""Document kind of a history series being replaced (holds the new series, values encrypted)."""


def _journal_id(entity_id: str, attr: str) -> str:
    return hashlib.sha256(f"{entity_id}\x00{attr}".encode()).hexdigest()[:32]


def _derived_id(inst: AttributeInstance, n: int) -> str:
    """A stable instance id for an instance that had none (same series, time and position: same id)."""
    key = f"{inst.entity_id}|{inst.attr}|{inst.dataset_id}|{inst.observed_at.isoformat()}|{n}"
    return f"urn:ngsi-ld:attribute:instance:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def _journal(entity_id: str, attr: str, instances: list[AttributeInstance]) -> dict[str, Any]:
    return {
        "entityId": entity_id,
        "attr": attr,
        "instances": [
            {
                "observedAt": i.observed_at.isoformat(),
                "value": i.value,
                "datasetId": i.dataset_id,
                "entityType": i.entity_type,
                "unitCode": i.unit_code,
                "instanceId": i.instance_id,
            }
            for i in instances
        ],
    }


def replay_journal(ts: TenantStore, doc_id: str, doc: dict[str, Any]) -> None:
    """Make a journaled series the stored one (idempotent: a run that stopped anywhere is finished)."""
    entity_id, attr = doc["entityId"], doc["attr"]
    instances = [
        AttributeInstance(
            entity_id,
            attr,
            datetime.fromisoformat(i["observedAt"]),
            i["value"],
            i["datasetId"],
            i["entityType"],
            i["unitCode"],
            i["instanceId"],
        )
        for i in doc["instances"]
    ]
    ts.delete_history(entity_id, attr)
    ts.append_history(instances)
    ts.delete_document(JOURNAL, doc_id)


def replay_journals(ts: TenantStore) -> int:
    """Finish the series replacements a stopped run left behind; returns how many."""
    pending = ts.list_documents(JOURNAL, limit=1_000_000)
    for doc_id, doc in pending:
        replay_journal(ts, doc_id, doc)
    return len(pending)


def _with_instance(inst: AttributeInstance, value: Any, instance_id: str) -> AttributeInstance:
    return AttributeInstance(
        inst.entity_id,
        inst.attr,
        inst.observed_at,
        value,
        inst.dataset_id,
        inst.entity_type,
        inst.unit_code,
        instance_id,
    )


def reencrypt(
    store: Store, encryption: FieldEncryption, *, progress: Progress | None = None, page: int = PAGE
) -> RotationReport:
    """Bring every stored sensitive value onto the active key (see the module doc); returns what it did."""
    ring = encryption.require_ring("re-encryption needs the key ring")
    raw = unwrapped(store)
    report = RotationReport(ring.active)
    for tenant in raw.tenants():
        work = _Pass(raw.tenant(tenant), encryption, ring, report)
        replay_journals(work.ts)
        work.entities(page, progress)
        for attr in sorted(encryption.rules.names):
            work.history(attr, progress)
    return report


def key_usage(store: Store, encryption: FieldEncryption, *, page: int = PAGE) -> KeyUsage:
    """How many stored values each key id encrypts (and how many sensitive values are still clear)."""
    raw = unwrapped(store)
    usage = KeyUsage()
    for tenant in raw.tenants():
        ts = raw.tenant(tenant)
        crypt = Crypter(tenant, encryption)
        for found in _entity_pages(ts, page):
            for entity in found:
                wanted = crypt.names_on(entity.types)
                for name, attribute in entity.iter_instances():
                    value = attribute.value
                    if value.__class__ is dict and is_envelope(value):
                        usage.entities[value["kid"]] += 1
                    elif name in wanted:
                        usage.entities[CLEAR] += 1
        for attr in sorted(encryption.rules.names):
            for inst in _history_rows(ts, attr):
                value = inst.value
                if value.__class__ is dict and is_envelope(value):
                    usage.history[value["kid"]] += 1
                elif crypt.history_encrypted(attr, inst.entity_type):
                    usage.history[CLEAR] += 1
    return usage
