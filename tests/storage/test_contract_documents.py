"""Contract: JSON documents (subscriptions, registrations, jobs ...) stored by (kind, id).

Runs against every backend through the ``store`` fixture.
"""

from __future__ import annotations

from typing import Any

import pytest

from citytwin.errors import ResourceNotFound
from citytwin.storage.base import Store, TenantStore

SUB = "subscription"
DOC: dict[str, Any] = {
    "id": "urn:ngsi-ld:Subscription:1",
    "type": "Subscription",
    "entities": [{"type": "Building"}],
    "q": "height>100",
    "notification": {"endpoint": {"uri": "mqtt://broker:1883/alerts"}, "attributes": ["height"]},
    "throttling": 5,
    "ratio": 0.25,
    "isActive": True,
    "expiresAt": None,
    "description": "高层建筑告警",
    "big": 2**53 + 1,
}


@pytest.fixture
def t(store: Store) -> TenantStore:
    """The default tenant of a fresh store."""
    return store.tenant()


def test_put_then_get_round_trips_every_json_kind(t: TenantStore) -> None:
    t.put_document(SUB, "s1", DOC)
    got = t.get_document(SUB, "s1")
    assert got == DOC
    assert type(got["throttling"]) is int and type(got["ratio"]) is float and got["big"] == 2**53 + 1


def test_put_replaces_the_previous_document(t: TenantStore) -> None:
    t.put_document(SUB, "s1", DOC)
    t.put_document(SUB, "s1", {"only": "this"})
    assert t.get_document(SUB, "s1") == {"only": "this"}
    assert t.list_documents(SUB) == [("s1", {"only": "this"})]


def test_missing_documents_are_not_found(t: TenantStore) -> None:
    with pytest.raises(ResourceNotFound):
        t.get_document(SUB, "nope")
    t.put_document(SUB, "s1", DOC)
    with pytest.raises(ResourceNotFound):
        t.get_document("registration", "s1")  # same id, another kind
    with pytest.raises(ResourceNotFound):
        t.delete_document(SUB, "nope")


def test_list_is_ordered_by_id_in_code_point_order_and_paged(t: TenantStore) -> None:
    ids = ["b", "a", "B", "a2", "ä", "A", "10", "9"]
    for i, doc_id in enumerate(ids):
        t.put_document(SUB, doc_id, {"n": i})
    expected = sorted(ids)  # Python's str order is code-point order: "10" < "9" < "A" < "B" < "a" ...
    assert [doc_id for doc_id, _ in t.list_documents(SUB)] == expected
    assert t.list_documents(SUB, limit=3) == [(i, {"n": ids.index(i)}) for i in expected[:3]]
    assert [d for d, _ in t.list_documents(SUB, limit=3, offset=3)] == expected[3:6]
    assert [d for d, _ in t.list_documents(SUB, offset=6)] == expected[6:]
    assert t.list_documents(SUB, offset=100) == []
    assert t.list_documents(SUB, limit=0) == []


def test_kinds_are_separate(t: TenantStore) -> None:
    t.put_document(SUB, "x", {"kind": "sub"})
    t.put_document("job", "x", {"kind": "job"})
    t.put_document("job", "y", {"kind": "job"})
    assert t.list_documents(SUB) == [("x", {"kind": "sub"})]
    assert [d for d, _ in t.list_documents("job")] == ["x", "y"]
    assert t.list_documents("context") == []
    t.delete_document("job", "x")
    assert t.get_document(SUB, "x") == {"kind": "sub"}
    assert [d for d, _ in t.list_documents("job")] == ["y"]


def test_delete_removes_the_document(t: TenantStore) -> None:
    t.put_document(SUB, "s1", DOC)
    t.put_document(SUB, "s2", DOC)
    t.delete_document(SUB, "s1")
    with pytest.raises(ResourceNotFound):
        t.get_document(SUB, "s1")
    assert [d for d, _ in t.list_documents(SUB)] == ["s2"]
    t.put_document(SUB, "s1", {"back": True})
    assert t.get_document(SUB, "s1") == {"back": True}


def test_documents_survive_reopening(store_url: str, store: Store) -> None:
    store.tenant().put_document(SUB, "s1", DOC)
    from citytwin.storage.registry import open_store

    with open_store(store_url) as again:
        assert again.tenant().get_document(SUB, "s1") == DOC
