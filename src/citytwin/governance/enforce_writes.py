"""Write checks of :class:`~citytwin.governance.enforce.GovernedTenantStore`.

For an existing entity: 404 when the subject cannot read it (as if it did not exist), 403 when it can read
but not write it. The written state must itself be writable (an entity cannot be moved out of the subject's
area, or given a type it may not write), and so must every attribute written. What the subject cannot see
is kept: a replace keeps the hidden attributes, and a masked value sent back unchanged (a read-modify-write
round trip) keeps the stored clear value instead of overwriting it with its mask.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from citytwin.core.entities import Attribute, Entity
from citytwin.core.policy_view import Decision, PolicyView
from citytwin.core.query import AttributeInstance, EntityQuery
from citytwin.errors import CitytwinError, ResourceNotFound
from citytwin.governance.enforce_context import PermissionDenied
from citytwin.storage.base import BatchError

if TYPE_CHECKING:
    from citytwin.governance.enforce import GovernedTenantStore

_CHUNK = 1000
DOCUMENT_ACTIONS = {
    "subscription": "subscribe",
    "csourceSubscription": "subscribe",
    "csourceRegistration": "administer",
}
"""Store documents the governed API writes, and the action writing them needs."""


def _free(store: GovernedTenantStore) -> bool:
    return store.view("write").unrestricted and store.view("read").unrestricted


def _denied(store: GovernedTenantStore, what: str) -> PermissionDenied:
    return PermissionDenied(f"{store.ctx.actor} may not {what}")


def _writable(store: GovernedTenantStore, entity: Entity, touched: Iterable[str]) -> None:
    view = store.view("write")
    if view.unrestricted:
        return
    decision = view.decide(entity)
    if decision is None:
        raise _denied(store, f"write {entity.type} entities like {entity.id} in tenant {store.tenant!r}")
    for name in touched:
        if not decision.visible(name):
            raise _denied(store, f"write attribute {name!r} of {entity.id}")


def _existing(store: GovernedTenantStore, old: Entity) -> Decision | None:
    """The read decision on an existing entity; raises 404/403 unless the subject may change it."""
    read = store.view("read")
    decision = None
    if not read.unrestricted:
        decision = read.decide(old)
        if decision is None:
            raise store.not_found(old.id)
    write = store.view("write")
    if not write.unrestricted and write.decide(old) is None:
        raise _denied(store, f"change entity {old.id}")
    return decision


def check_change(store: GovernedTenantStore, entity: Entity, touched: Iterable[str]) -> None:
    """404 unless the subject sees ``entity``, 403 unless it may change it and the ``touched`` attributes."""
    _existing(store, entity)
    _writable(store, entity, touched)


def _same(given: list[Attribute], masked: list[Attribute]) -> bool:
    def key(items: list[Attribute]) -> list[tuple[str, str]]:
        return sorted((i.dataset_id or "", repr(i.value)) for i in items)

    return key(given) == key(masked)


def _unmasked(
    patch: dict[str, list[Attribute]], old: Entity, decision: Decision | None
) -> dict[str, list[Attribute]]:
    """``patch`` with masked values sent back unchanged replaced by the stored ones."""
    if decision is None:
        return patch
    out = dict(patch)
    for name, given in patch.items():
        if name in old.attrs and decision.visible(name) and decision.mask_kind(name) is not None:
            masked = [decision.mask_instance(name, i) for i in old.attrs[name]]
            if _same(given, masked):
                out[name] = old.attrs[name]
    return out


def checked_new(store: GovernedTenantStore, entity: Entity) -> Entity:
    """A new entity the subject may create."""
    _writable(store, entity, entity.attrs)
    return entity


def checked_replace(store: GovernedTenantStore, entity: Entity, old: Entity | None = None) -> Entity:
    """The replacement to store: hidden attributes kept, unchanged masks restored."""
    if _free(store):
        return entity
    current = old if old is not None else store.inner.get(entity.id)
    decision = _existing(store, current)
    attrs = _unmasked(entity.attrs, current, decision)
    if decision is not None:
        for name, instances in current.attrs.items():
            if not decision.visible(name):
                attrs[name] = instances
    out = replace(entity, attrs=attrs)
    touched = [n for n in entity.attrs if attrs[n] is not current.attrs.get(n)]
    _writable(store, out, touched)
    return out


def checked_merge(store: GovernedTenantStore, patch: Entity, old: Entity | None = None) -> Entity:
    """The patch to merge: unchanged masks dropped back to the stored values."""
    if _free(store):
        return patch
    current = old if old is not None else store.inner.get(patch.id)
    decision = _existing(store, current)
    attrs = _unmasked(patch.attrs, current, decision)
    out = replace(patch, attrs=attrs)
    touched = [n for n in patch.attrs if attrs[n] is not current.attrs.get(n)]
    _writable(store, current.merged(out), touched)
    return out


def check_delete(store: GovernedTenantStore, entity_id: str) -> None:
    """404/403 unless the subject may delete the entity."""
    if not _free(store):
        _existing(store, store.inner.get(entity_id))


def _olds(store: GovernedTenantStore, ids: Sequence[str]) -> dict[str, Entity]:
    found: dict[str, Entity] = {}
    for start in range(0, len(ids), _CHUNK):
        found.update(store.inner.get_many(ids[start : start + _CHUNK]))
    return found


def checked_batch(
    store: GovernedTenantStore, entities: list[Entity], *, merge: bool, new: bool = False
) -> tuple[list[Entity], list[BatchError]]:
    """Entities of a batch the subject may write (adjusted), and per-entity refusals."""
    if _free(store):
        return entities, []
    olds = _olds(store, list(dict.fromkeys(e.id for e in entities)))
    allowed: list[Entity] = []
    refused: list[BatchError] = []
    for entity in entities:
        old = olds.get(entity.id)
        try:
            if old is None or new:
                # An existing id on create: the store reports AlreadyExists itself.
                out = checked_new(store, entity) if old is None else entity
            elif merge:
                out = checked_merge(store, entity, old)
                olds[entity.id] = old.merged(out)
            else:
                out = checked_replace(store, entity, old)
                olds[entity.id] = out
        except CitytwinError as err:
            refused.append(BatchError(entity.id, err.to_problem()))
            continue
        allowed.append(out)
    return allowed, refused


def checked_deletes(store: GovernedTenantStore, ids: list[str]) -> tuple[list[str], list[BatchError]]:
    """Ids the subject may delete, and per-id refusals (missing ids are left to the store to report)."""
    if _free(store):
        return ids, []
    olds = _olds(store, ids)
    allowed: list[str] = []
    refused: list[BatchError] = []
    for entity_id in ids:
        old = olds.get(entity_id)
        try:
            if old is not None:
                _existing(store, old)
        except CitytwinError as err:
            refused.append(BatchError(entity_id, err.to_problem()))
            continue
        allowed.append(entity_id)
    return allowed, refused


def purgeable(store: GovernedTenantStore, query: EntityQuery) -> list[str]:
    """Ids matching ``query`` that the subject sees and may delete."""
    from citytwin.governance.enforce import iter_visible

    ids = [e.id for e in iter_visible(store, replace(query, attrs=()))]
    write = store.view("write")
    if write.unrestricted:
        return ids
    olds = _olds(store, ids)
    return [i for i in ids if i in olds and write.decide(olds[i]) is not None]


def _facts_decision(view: PolicyView, entity: Entity | None, entity_type: str | None) -> Decision | None:
    if entity is not None:
        return view.decide(entity)
    return view.decide_facts((entity_type,) if entity_type else (), None, None)


def check_history_write(store: GovernedTenantStore, instances: list[AttributeInstance]) -> None:
    """403 (404 when invisible) unless every instance's entity and attribute is writable."""
    if _free(store) or not instances:
        return
    types: dict[str, str | None] = {}
    for inst in instances:
        types.setdefault(inst.entity_id, inst.entity_type)
    olds = _olds(store, list(types))
    read, write = store.view("read"), store.view("write")
    for entity_id, entity_type in types.items():
        old = olds.get(entity_id)
        if not read.unrestricted and old is not None and read.decide(old) is None:
            raise store.not_found(entity_id)
        if write.unrestricted:
            continue
        decision = _facts_decision(write, old, entity_type)
        if decision is None:
            raise _denied(store, f"write the history of {entity_id}")
        for inst in instances:
            if inst.entity_id == entity_id and not decision.visible(inst.attr):
                raise _denied(store, f"write attribute {inst.attr!r} of {entity_id}")


def check_history_delete(store: GovernedTenantStore, entity_id: str) -> None:
    """404/403 unless the subject may delete the entity's history."""
    if _free(store):
        return
    try:
        old = store.inner.get(entity_id)
    except ResourceNotFound:
        # Only history is left: without the entity's type and area nobody but the unrestricted may judge it.
        raise _denied(store, f"delete the history of {entity_id}") from None
    _existing(store, old)


def check_document(store: GovernedTenantStore, kind: str) -> None:
    """Subscriptions need ``subscribe``, context source registrations ``administer``."""
    action = DOCUMENT_ACTIONS.get(kind)
    if action is None:
        return
    view = store.view(action)
    if view.nothing:
        raise _denied(store, f"{action} in tenant {store.tenant!r}")
