"""Contract: tenants are isolated (entities, history, documents), and ``tenants()`` lists those with data.

Runs against every backend through the ``store`` fixture.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.query import AttributeInstance, EntityQuery, HistoryQuery, types_of
from citytwin.errors import ResourceNotFound
from citytwin.storage.base import DEFAULT_TENANT, Store

EID = "urn:ngsi-ld:Building:001"
T0 = datetime(2024, 3, 1, tzinfo=UTC)


def building(height: float, entity_id: str = EID) -> Entity:
    """A building with a height."""
    return Entity(entity_id, ("Building",), {"height": [prop(height)]})


def test_a_fresh_store_has_no_tenants(store: Store) -> None:
    assert store.tenants() == []
    store.tenant("futian").query(EntityQuery())  # reading does not create a tenant
    assert store.tenants() == []


def test_tenants_lists_every_tenant_holding_any_kind_of_data(store: Store) -> None:
    store.tenant("nanshan").create(building(1))
    store.tenant("futian").append_history([AttributeInstance(EID, "height", T0, 1)])
    store.tenant(DEFAULT_TENANT).put_document("subscription", "s1", {"a": 1})
    store.tenant("Luohu").put_document("job", "j1", {"b": 2})
    assert store.tenants() == ["", "Luohu", "futian", "nanshan"]  # code-point order


def test_a_tenant_without_data_is_no_longer_listed(store: Store) -> None:
    t = store.tenant("bao'an")
    t.create(building(1))
    t.put_document("job", "j1", {})
    assert store.tenants() == ["bao'an"]
    t.delete(EID)
    t.delete_document("job", "j1")
    assert store.tenants() == []


def test_entities_are_isolated(store: Store) -> None:
    a, b = store.tenant("a"), store.tenant("b")
    a.create(building(10))
    b.create(building(20))  # the same id in another tenant is no conflict
    assert a.get(EID).value("height") == 10
    assert b.get(EID).value("height") == 20
    with pytest.raises(ResourceNotFound):
        store.tenant().get(EID)
    assert store.tenant().get_many([EID]) == {}
    a.merge(Entity(EID, ("Building",), {"floors": [prop(3)]}))
    assert "floors" not in b.get(EID).attrs
    result = a.query(EntityQuery(types=types_of("Building"), count=True))
    assert result.count == 1 and [e.value("height") for e in result.entities] == [10]
    a.delete(EID)
    assert b.get(EID).value("height") == 20
    with pytest.raises(ResourceNotFound):
        a.delete(EID)


def test_batches_and_purge_stay_in_their_tenant(store: Store) -> None:
    a, b = store.tenant("a"), store.tenant("b")
    ids = [f"urn:ngsi-ld:Building:{i:03d}" for i in range(5)]
    assert a.upsert_many(building(i, eid) for i, eid in enumerate(ids)).success == ids
    assert b.create_many([building(99, ids[0])]).success == [ids[0]]
    assert b.delete_many(ids[:2]).success == [ids[0]]  # ids[1] exists only in a
    assert a.purge(EntityQuery()) == 5
    assert a.query(EntityQuery(count=True)).count == 0
    b.create(building(7, ids[4]))
    assert b.query(EntityQuery(count=True)).count == 1


def test_history_is_isolated(store: Store) -> None:
    a, b = store.tenant("a"), store.tenant("b")
    same = AttributeInstance(EID, "height", T0, 1, instance_id="i-1")
    assert a.append_history([same]) == 1
    assert b.append_history([same]) == 1  # idempotence is per tenant
    b.append_history([AttributeInstance(EID, "height", T0, 2)])
    assert [i.value for i in a.read_history(HistoryQuery())] == [1]
    assert [i.value for i in b.read_history(HistoryQuery())] == [1, 2]
    assert a.delete_history(EID) == 1
    assert len(b.read_history(HistoryQuery())) == 2


def test_documents_are_isolated(store: Store) -> None:
    a, b = store.tenant("a"), store.tenant("b")
    a.put_document("subscription", "s1", {"owner": "a"})
    b.put_document("subscription", "s1", {"owner": "b"})
    assert a.get_document("subscription", "s1") == {"owner": "a"}
    assert b.list_documents("subscription") == [("s1", {"owner": "b"})]
    a.delete_document("subscription", "s1")
    assert b.get_document("subscription", "s1") == {"owner": "b"}
    with pytest.raises(ResourceNotFound):
        store.tenant().get_document("subscription", "s1")
