"""The governed store on both backends with a custom policy: row-filter branches, paging, counting, and
entities with several types (which a type branch can admit although the query names another type)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.core.policy import Subject
from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import ResourceNotFound
from citytwin.governance.enforce import Enforcement, GovernedStore
from citytwin.governance.enforce_context import RequestContext, acting_as
from citytwin.governance.enforce_multitype import MultiTypes
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.storage.base import Store

POLICY: dict[str, Any] = {
    "rules": [
        {"id": "own-street", "subjects": {"users": ["u"]}, "actions": ["read"],
         "resources": {"area": {"admin_codes": ["440304001"]}}},
        {"id": "kiosks-anywhere", "subjects": {"users": ["u"]}, "actions": ["read"],
         "resources": {"types": ["Kiosk"]}},
    ]
}  # fmt: skip


def device(n: int, admin: str, *types: str) -> Entity:
    e = Entity(f"urn:ngsi-ld:Device:{n:03d}", ("Device", *types))
    e.set("adminCode", prop(admin))
    e.set("battery", prop(80 + n))
    return e


@pytest.fixture
def governed(store: Store) -> tuple[GovernedStore, MultiTypes]:
    store.tenant("").upsert_many(
        [
            device(1, "440304001019"),  # in the street
            device(2, "440305001001", "Kiosk"),  # elsewhere, but also a kiosk
            device(3, "440305001001"),  # elsewhere
            device(4, "440304001020"),  # in the street
        ]
    )
    multitypes = MultiTypes(ttl_s=3600)
    return GovernedStore(
        store, Enforcement(PolicyRegistry(None, initial=POLICY), multitypes=multitypes)
    ), multitypes


def _ids(governed: GovernedStore, query: EntityQuery) -> tuple[list[str], int | None]:
    with acting_as(RequestContext(Subject("u"), "t")):
        result = governed.tenant("").query(query)
    return [e.id for e in result.entities], result.count


def test_branches_are_merged_counted_and_paged(governed: tuple[GovernedStore, MultiTypes]) -> None:
    store, _ = governed
    everything = ["urn:ngsi-ld:Device:001", "urn:ngsi-ld:Device:002", "urn:ngsi-ld:Device:004"]
    assert _ids(store, EntityQuery(types=types_of("Device"), count=True)) == (everything, 3)
    pages = [
        _ids(store, EntityQuery(types=types_of("Device"), limit=1, offset=k, count=True)) for k in range(4)
    ]
    assert [p[0] for p in pages] == [[everything[0]], [everything[1]], [everything[2]], []]
    assert {p[1] for p in pages} == {3}
    assert _ids(store, EntityQuery(count=True)) == (everything, 3)


def test_a_type_branch_is_skipped_only_while_no_entity_has_both_types(
    governed: tuple[GovernedStore, MultiTypes], store: Store
) -> None:
    gov, multitypes = governed
    store.tenant("").delete("urn:ngsi-ld:Device:002")
    assert _ids(gov, EntityQuery(types=types_of("Device"), count=True))[1] == 2
    # A device that is also a kiosk appears: the cached "no such entity" is forgotten on its change event.
    kiosk = device(5, "440306001001", "Kiosk")
    store.tenant("").create(kiosk)
    multitypes.on_change(
        EntityChange(1, "", ChangeKind.CREATED, kiosk.id, kiosk.types, kiosk, None, (), datetime.now(UTC))
    )
    ids, count = _ids(gov, EntityQuery(types=types_of("Device"), count=True))
    assert "urn:ngsi-ld:Device:005" in ids and count == 3


def test_entities_outside_every_branch_do_not_exist_for_the_subject(
    governed: tuple[GovernedStore, Any],
) -> None:
    gov, _ = governed
    with acting_as(RequestContext(Subject("u"), "t")):
        twin = gov.tenant("")
        assert twin.get("urn:ngsi-ld:Device:002").id == "urn:ngsi-ld:Device:002"
        with pytest.raises(ResourceNotFound):
            twin.get("urn:ngsi-ld:Device:003")
        assert set(twin.get_many(["urn:ngsi-ld:Device:003", "urn:ngsi-ld:Device:004"])) == {
            "urn:ngsi-ld:Device:004"
        }
    # Outside any request (the platform itself) nothing is filtered.
    assert gov.tenant("").get("urn:ngsi-ld:Device:003").id == "urn:ngsi-ld:Device:003"
