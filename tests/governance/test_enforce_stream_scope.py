"""The stream guard's decisions without a server: what a subject may subscribe to, per-owner scopes, disabled
accounts, and renderings shared by owners who see alike (the shipped policy, a Futian resident)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind
from citytwin.core.policy import Subject
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery
from citytwin.governance.auth import Accounts
from citytwin.governance.enforce import Enforcement
from citytwin.governance.enforce_context import PermissionDenied, RequestContext, acting_as
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.enforce_stream import PolicyGuard, subject_doc, type_decision
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.stream.changes import Change

OPERATOR = Subject("op", roles=frozenset({"city-operator"}))
GRID = Subject("li.wei", roles=frozenset({"grid-worker"}), area="440304001")
PARTNER = Subject("p", roles=frozenset({"city-operator", "partner"}))
ADMIN = Subject("root", roles=frozenset({"administrator"}))


def resident() -> Entity:
    entity = Entity("urn:ngsi-ld:Person:ft-0001", ("Person",))
    for name, value in (("name", "张三丰"), ("phone", "13812345678"), ("idNumber", "440304195001011234"),
                        ("age", 81), ("adminCode", "440304001019")):  # fmt: skip
        entity.set(name, prop(value))
    return entity


def created(entity: Entity, seq: int = 1) -> Change:
    return Change(seq, "", ChangeKind.CREATED, entity.id, entity.types, 0, entity, None, tuple(entity.attrs))


class Ticking:
    """A monotonic clock tests move."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path_factory.mktemp('scope') / 'twin.db'}")
    yield opened
    opened.close()


@pytest.fixture
def guard(store: Store) -> PolicyGuard:
    return PolicyGuard(Enforcement(PolicyRegistry(store)), Accounts(store), monotonic=Ticking())


@pytest.mark.parametrize(
    ("subject", "visible", "hidden"),
    [(OPERATOR, {"phone", "name", "location"}, {"idNumber"}), (GRID, {"phone", "name"}, {"idNumber"})],
)
def test_what_may_be_subscribed_to(
    guard: PolicyGuard, subject: Subject, visible: set[str], hidden: set[str]
) -> None:
    decision = type_decision(guard.view(subject, ""), ("Person",))
    assert decision is not None
    assert all(decision.visible(n) for n in visible) and not any(decision.visible(n) for n in hidden)
    assert type_decision(guard.view(PARTNER, ""), ("Person",)) is None  # denied wherever it is
    with acting_as(RequestContext(subject)):
        guard.check("", (frozenset({"Person"}),), ["phone"])
        with pytest.raises(PermissionDenied):
            guard.check("", (frozenset({"Person"}),), ["idNumber"])
    staff = Subject("zhao", roles=frozenset({"district-staff"}), tenant="futian", area="440304")
    with acting_as(RequestContext(staff)):
        guard.check("futian", (frozenset({"Building"}),), ["height"])  # its own district platform
        with pytest.raises(PermissionDenied):
            guard.check("luohu", (frozenset({"Building"}),), [])  # another district's: public data only


def test_a_scope_filters_masks_and_refuses_probing_filters(guard: PolicyGuard) -> None:
    plain = guard.scope("", subject_doc(OPERATOR), EntityQuery())
    assert plain is not None
    seen = plain.change(created(resident()))
    assert seen is not None and seen.entity is not None
    assert set(seen.entity.attrs) == {"name", "phone", "age", "adminCode"} and "idNumber" not in seen.created
    assert seen.entity.value("phone") == "138****5678" and seen.entity.value("name") == "张**"
    # A subscription filtering on the phone number would learn it from matches: it never matches.
    probing = guard.scope("", subject_doc(OPERATOR), EntityQuery(q=parse_q('phone=="13812345678"')))
    assert probing is not None and probing.change(created(resident())) is None
    # An update of hidden attributes only is not announced at all.
    update = Change(2, "", ChangeKind.UPDATED, resident().id, ("Person",), 0, resident(), None,
                    updated=("idNumber",))  # fmt: skip
    assert plain.change(update) is None
    assert guard.scope("", None, EntityQuery()) is None  # the platform's own subscriptions


def test_owners_who_see_alike_share_renderings(guard: PolicyGuard) -> None:
    first = guard.scope("", subject_doc(OPERATOR), EntityQuery())
    second = guard.scope("", subject_doc(OPERATOR), EntityQuery(q=parse_q("age>80")))
    grid = guard.scope("", subject_doc(GRID), EntityQuery())
    admin = guard.scope("", subject_doc(ADMIN), EntityQuery())
    assert first is not None and second is not None and grid is not None and admin is not None
    assert first.variant() == second.variant() != grid.variant()
    assert admin.variant() == 0 and admin.change(created(resident())) is not None


def test_a_disabled_account_gets_nothing(store: Store, guard: PolicyGuard) -> None:
    accounts = Accounts(store)
    accounts.add("op", roles=("city-operator",))
    scope = guard.scope("", subject_doc(OPERATOR), EntityQuery())
    assert scope is not None and scope.refresh_due()
    scope.refresh()
    assert scope.change(created(resident())) is not None and not scope.refresh_due()
    accounts.set_disabled("op", True)
    assert scope.change(created(resident())) is not None  # looked at again only every few seconds
    clock = guard.monotonic
    assert isinstance(clock, Ticking)
    clock.now += 5.0
    assert scope.refresh_due()
    scope.refresh()
    assert scope.change(created(resident())) is None and scope.entity(resident()) is None
