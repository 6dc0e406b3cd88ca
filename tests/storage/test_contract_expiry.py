"""Contract: an entity's ``expiresAt`` (NGSI-LD 4.22 transient entities) on every backend.

It round-trips through create, merge and replace; ``get`` stops returning the entity once it has expired;
``EntityQuery(expired_at=...)`` finds what is due, which is what ``ExpirySweeper`` purges in every tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from citytwin.core.entities import Entity, prop
from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import ResourceNotFound
from citytwin.ngsild.expiry import ExpirySweeper
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
SOON = "2026-03-01T09:00:00Z"
LATER = "2026-03-01T10:30:00.5Z"
CAR = "urn:ngsi-ld:Vehicle:transient-1"
BUS = "urn:ngsi-ld:Vehicle:lasting-1"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(store_url: str, clock: Clock) -> Iterator[Store]:
    opened = open_store(store_url, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


def _car(expires: str | None = SOON, speed: float = 30.0) -> Entity:
    return Entity(CAR, ("Vehicle",), {"speed": [prop(speed, extra={"expiresAt": LATER})]}, expires_at=expires)


def _ids(store: Store, query: EntityQuery, tenant: str = "") -> list[str]:
    return [e.id for e in store.tenant(tenant).query(query).entities]


def test_expires_at_round_trips_through_writes(timed: Store) -> None:
    ts = timed.tenant()
    ts.create(_car(), history=True)
    got = ts.get(CAR)
    assert got.expires_at == SOON
    assert got.attr("speed") is not None and got.attr("speed").extra == {"expiresAt": LATER}  # type: ignore[union-attr]
    assert ts.get(CAR, attrs=("speed",)).expires_at == SOON
    assert ts.get_many([CAR])[CAR].expires_at == SOON
    assert list(ts.get(CAR).attrs) == ["speed"]  # not an attribute
    ts.merge(Entity(CAR, ("Vehicle",), {"speed": [prop(31.0)]}))  # a merge without one keeps it
    assert ts.get(CAR).expires_at == SOON
    ts.merge(Entity(CAR, ("Vehicle",), {}, expires_at=LATER))
    assert ts.get(CAR).expires_at == LATER
    ts.replace(_car(expires=None))  # a replacement says everything
    assert ts.get(CAR).expires_at is None
    ts.upsert_many([_car()], history=True)
    assert ts.get(CAR).expires_at == SOON


def test_expired_entities_are_gone_for_get_and_found_for_the_purge(timed: Store, clock: Clock) -> None:
    ts = timed.tenant()
    ts.create(_car())
    ts.create(Entity(BUS, ("Vehicle",), {"speed": [prop(50.0)]}))
    assert _ids(timed, EntityQuery(expired_at=T0)) == []
    assert _ids(timed, EntityQuery(expired_at=T0 + timedelta(hours=1))) == [CAR]  # at the instant: due
    assert _ids(timed, EntityQuery(expired_at=T0 + timedelta(hours=1), types=types_of("Vehicle"))) == [CAR]
    clock.now = T0 + timedelta(minutes=59, seconds=59)
    assert ts.get(CAR).id == CAR
    clock.now = T0 + timedelta(hours=1)
    with pytest.raises(ResourceNotFound):
        ts.get(CAR)
    assert ts.get(BUS).id == BUS


def test_the_sweeper_purges_every_tenant(timed: Store, clock: Clock) -> None:
    timed.tenant().create(_car())
    timed.tenant("t1").create(_car(expires=LATER))
    timed.tenant("t1").create(Entity(BUS, ("Vehicle",), {"speed": [prop(50.0)]}))
    sweeper = ExpirySweeper(timed, clock=clock)
    assert sweeper.sweep() == 0
    clock.now = T0 + timedelta(hours=2)
    assert sweeper.sweep() == 1
    assert _ids(timed, EntityQuery()) == []
    assert _ids(timed, EntityQuery(), "t1") == [BUS, CAR]
    clock.now = T0 + timedelta(hours=2, minutes=30, seconds=1)  # past 10:30:00.5
    assert sweeper.sweep() == 1
    assert _ids(timed, EntityQuery(), "t1") == [BUS]
