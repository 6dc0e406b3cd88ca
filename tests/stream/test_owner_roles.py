"""A subscription owner's account changing roles: its scopes decide with the new roles from the next look at
the account (every few seconds, as for a disabled account), for notifications and WebSocket feeds alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind
from citytwin.core.policy import Subject
from citytwin.core.query import EntityQuery
from citytwin.governance.auth import ACCOUNT_KIND, Accounts
from citytwin.governance.enforce import Enforcement
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.enforce_stream import PolicyGuard, subject_doc
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.stream.changes import Change

OPERATOR = Subject("op", roles=frozenset({"city-operator"}))


class Ticking:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def resident() -> Entity:
    entity = Entity("urn:ngsi-ld:Person:ft-0001", ("Person",))
    for name, value in (("name", "张三丰"), ("phone", "13812345678"), ("adminCode", "440304001019")):
        entity.set(name, prop(value))
    return entity


def created(entity: Entity, seq: int = 1) -> Change:
    return Change(seq, "", ChangeKind.CREATED, entity.id, entity.types, 0, entity, None, tuple(entity.attrs))


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('roles') / 'twin.db'}")
    yield opened
    opened.close()


def set_roles(store: Store, name: str, roles: list[str]) -> None:
    """What an administrator changing the account's roles writes."""
    docs = store.tenant("")
    docs.put_document(ACCOUNT_KIND, name, {**docs.get_document(ACCOUNT_KIND, name), "roles": roles})


def test_a_role_change_applies_at_the_next_account_check(store: Store) -> None:
    clock = Ticking()
    guard = PolicyGuard(Enforcement(PolicyRegistry(store)), Accounts(store), monotonic=clock)
    Accounts(store).add("op", roles=("city-operator",))
    scope = guard.scope("", subject_doc(OPERATOR), EntityQuery())
    assert scope is not None
    scope.refresh()
    before = scope.variant()
    assert scope.visible([created(resident())]) != []
    set_roles(store, "op", ["city-operator", "partner"])  # partners may not see people at all
    assert scope.visible([created(resident())]) != []  # looked at again only every few seconds
    clock.now += 5.0
    assert scope.refresh_due()
    scope.refresh()
    assert scope.visible([created(resident())]) == [] and scope.change(created(resident())) is None
    assert scope.entity(resident()) is None
    set_roles(store, "op", ["city-operator"])  # and back
    clock.now += 5.0
    scope.refresh()
    seen = scope.change(created(resident()))
    assert seen is not None and seen.entity is not None and seen.entity.value("phone") == "138****5678"
    assert scope.variant() == before


def test_visible_keeps_an_unrestricted_owners_changes_as_they_are(store: Store) -> None:
    guard = PolicyGuard(Enforcement(PolicyRegistry(store)), Accounts(store), monotonic=Ticking())
    admin = guard.scope("", subject_doc(Subject("root", roles=frozenset({"administrator"}))), EntityQuery())
    operator = guard.scope("", subject_doc(OPERATOR), EntityQuery())
    assert admin is not None and operator is not None
    batch = [created(resident(), 1), created(resident(), 2)]
    assert all(a is b for a, b in zip(admin.visible(batch), batch, strict=True))
    masked = operator.visible(batch)
    assert [c.seq for c in masked] == [1, 2] and all(c is not b for c, b in zip(masked, batch, strict=True))
