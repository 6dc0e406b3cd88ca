"""Two-phase batch upsert (``prepare_upsert`` then ``upsert_prepared``): what ``upsert_many`` writes, on every
backend and through the wrappers an import writes through."""

from __future__ import annotations

from typing import Any

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity, geo, prop
from citytwin.core.policy import Subject
from citytwin.governance.cli_session import ImportingTenantStore
from citytwin.governance.enforce import Enforcement
from citytwin.governance.enforce_context import PermissionDenied, RequestContext
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.storage.base import PreparedUpsert, Store
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore


def building(i: int, floors: int = 3, *, lng: float = 114.05) -> Entity:
    out = Entity(f"urn:ngsi-ld:Building:prep-{i:04d}", ("Building",))
    out.set("floors", prop(floors))
    out.set("location", geo({"type": "Point", "coordinates": [lng + i * 1e-4, 22.54]}))
    return out


def normalized(store: Store, ids: list[str]) -> dict[str, Any]:
    found = store.tenant().get_many(ids)
    return {i: found[i].to_dict() for i in sorted(found)}


def test_a_prepared_batch_writes_what_upsert_many_writes(store: Store, tmp_path: Any) -> None:
    tenant = store.tenant()
    tenant.upsert_many([building(i, floors=1) for i in range(3)])  # replaced below
    batch = [building(i, floors=10 + i) for i in range(6)]
    prepared = tenant.prepare_upsert(batch)
    assert tenant.get_many([building(5).id]) == {}  # preparing writes nothing
    result = tenant.upsert_prepared(prepared)
    assert result.success == [e.id for e in batch] and not result.errors
    with open_store(f"sqlite:///{tmp_path / 'plain.db'}") as plain:
        plain.tenant().upsert_many([building(i, floors=1) for i in range(3)])
        plain.tenant().upsert_many(batch)
        ids = [e.id for e in batch]
        assert normalized(store, ids) == normalized(plain, ids)
    assert [store.tenant().get(e.id).value("floors") for e in batch] == [10, 11, 12, 13, 14, 15]


def test_bad_entities_of_a_prepared_batch_are_reported_and_the_others_written(store: Store) -> None:
    tenant = store.tenant()
    bad = Entity("urn:ngsi-ld:Building:prep-bad", ("Building",))
    bad.attrs["location"] = [Attribute(AttrType.GEOPROPERTY, {"type": "Point", "coordinates": [500, 22.5]})]
    result = tenant.upsert_prepared(tenant.prepare_upsert([building(1), bad, building(2)]))
    assert result.success == [building(1).id, building(2).id]
    assert [e.entity_id for e in result.errors] == [bad.id]
    assert result.errors[0].problem["status"] == 400
    written = tenant.get_many([building(1).id, bad.id, building(2).id])
    assert sorted(written) == [building(1).id, building(2).id]


def test_a_batch_prepared_elsewhere_is_written_as_upsert_many_writes_it(store: Store, tmp_path: Any) -> None:
    with open_store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        foreign = other.tenant().prepare_upsert([building(1, floors=4)])
    plain = PreparedUpsert([building(2, floors=5)])  # nothing prepared ahead
    tenant = store.tenant("district")
    assert tenant.upsert_prepared(foreign).success == [building(1).id]
    assert tenant.upsert_prepared(plain).success == [building(2).id]
    assert tenant.get(building(1).id).value("floors") == 4
    assert store.tenant().get_many([building(1).id]) == {}  # written to the tenant that was asked


def test_an_observed_store_publishes_the_events_of_a_prepared_batch(store: Store) -> None:
    bus = EventBus()
    seen: list[tuple[str, str]] = []
    # As the ledger listens: a batch upsert tells created entities from updated ones.
    bus.subscribe(lambda change: seen.append((change.kind.value, change.entity_id)), wants_kind=True)
    observed = ObservedStore(store, bus).tenant()
    observed.upsert_many([building(1)])
    prepared = observed.prepare_upsert([building(1, floors=9), building(2)])
    assert len(seen) == 1  # nothing published before the write
    assert observed.upsert_prepared(prepared).success == [building(1).id, building(2).id]
    assert seen[1:] == [("updated", building(1).id), ("created", building(2).id)]


def importing(store: Store, subject: Subject) -> ImportingTenantStore:
    policies = PolicyRegistry(store)
    ctx = RequestContext(subject, "req-prepared", "")
    enforcement = Enforcement(policies, record=None, read_mode="off")
    return ImportingTenantStore(store.tenant(), ctx, enforcement, "sqlite")


def test_an_importing_store_checks_a_batch_when_it_prepares_it_and_checks_any_other_when_written(
    store: Store,
) -> None:
    auditor = Subject("auditor", roles=frozenset({"auditor"}))  # may read, never write
    tenant = importing(store, auditor)
    with pytest.raises(PermissionDenied):
        tenant.prepare_upsert([building(1)])
    # A batch the importing store did not check (prepared below it) is checked when written.
    unchecked = store.tenant().prepare_upsert([building(1)])
    with pytest.raises(PermissionDenied):
        tenant.upsert_prepared(unchecked)
    assert store.tenant().get_many([building(1).id]) == {}
