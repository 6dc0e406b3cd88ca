"""The governance of a server takes its policy registry as a constructor argument or through
``use_policies``, and every enforcement path (governed store, stream guard) decides with it. Both backends."""

from __future__ import annotations

import pytest

from citytwin.core.query import EntityQuery
from citytwin.governance.enforce_context import PermissionDenied, RequestContext, acting_as
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.enforce_runtime import Governance
from citytwin.governance.enforce_stream import PolicyGuard
from citytwin.governance.sharing import Agreements
from citytwin.governance.sharing_policy import SharingPolicies
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from tests.governance.helpers import Clock
from tests.governance.test_sharing import WATER, agreement, city

FUTIAN_BUILDING = "urn:ngsi-ld:Building:ft-1"


def seen_by_water(gov: Governance, store: Store) -> list[str]:
    """What the water authority reads of the city's buildings through the governed store."""
    with acting_as(RequestContext(WATER, "req-1")):
        found = gov.wrap(store).tenant("").query(EntityQuery(types=(frozenset({"Building"}),)))
    return [e.id for e in found.entities]


def subscribe_to_buildings(guard: PolicyGuard) -> None:
    """What the stream asks before the water authority subscribes to buildings' heights."""
    with acting_as(RequestContext(WATER, "req-2")):
        guard.check("", (frozenset({"Building"}),), ["height"])


def test_the_registry_given_at_start_decides_every_path(store: Store) -> None:
    city(store)
    clock = Clock()
    subscribing = agreement(modes=["query", "subscription"], export=None)
    Agreements(store, clock=clock).put(subscribing, actor="user:admin")
    gov = Governance(Settings(ledger=False), store, EventBus(), clock=clock, registry=SharingPolicies)
    try:
        assert isinstance(gov.policies, SharingPolicies) and gov.enforcement.policies is gov.policies
        assert seen_by_water(gov, store) == ["urn:ngsi-ld:Building:ft-1", "urn:ngsi-ld:Building:ft-2"]
        guard = gov.stream_guard()
        subscribe_to_buildings(guard)  # it may subscribe under the agreement
        gov.use_policies(PolicyRegistry(store, clock=clock))  # the policy document alone
        assert gov.policies is gov.enforcement.policies and not isinstance(gov.policies, SharingPolicies)
        assert seen_by_water(gov, store) == []  # buildings are grade 2: not public
        with pytest.raises(PermissionDenied):  # the guard asks the registry in use at each decision
            subscribe_to_buildings(guard)
    finally:
        gov.close()


def test_a_plain_governance_knows_no_agreements(store: Store) -> None:
    city(store)
    clock = Clock()
    Agreements(store, clock=clock).put(agreement(), actor="user:admin")
    gov = Governance(Settings(ledger=False), store, EventBus(), clock=clock)
    try:
        assert type(gov.policies) is PolicyRegistry and seen_by_water(gov, store) == []
    finally:
        gov.close()
