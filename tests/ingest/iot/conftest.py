"""IoT test fixtures: a driven clock, Shenzhen twins to bind devices to, an IoT service, an API client.

The store comes from the root ``store`` fixture, so every test that uses these runs on both backends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Entity, geo, prop
from citytwin.ingest.iot.pipeline import RawMessage
from citytwin.ingest.iot.service import IoTService
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore

T0 = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
"""The driven clock starts here (a morning in Shenzhen, 16:00 local)."""

# Real places in Futian (440304): a water main under Shennan Boulevard, Civic Center, a car park space.
PIPE = "urn:ngsi-ld:Pipe:440304-shennan-dn600"
ROAD = "urn:ngsi-ld:Road:440304-shennan-blvd-e"
BUILDING = "urn:ngsi-ld:Building:440304-civic-center"
SPOT = "urn:ngsi-ld:ParkingSpot:440304-civic-p1-001"
FUTIAN = (114.0596, 22.5431)


@dataclass
class DrivenClock:
    """A clock tests move by hand."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> DrivenClock:
    """A clock at T0."""
    return DrivenClock()


def twins() -> list[Entity]:
    """The twins devices observe in these tests."""
    point = {"type": "Point", "coordinates": list(FUTIAN)}
    return [
        Entity(PIPE, ("Pipe",), {"name": [prop("深南大道 DN600 给水干管")], "location": [geo(point)]}),
        Entity(ROAD, ("Road",), {"name": [prop("深南大道 (东行)")], "location": [geo(point)]}),
        Entity(BUILDING, ("Building",), {"name": [prop("深圳市民中心")], "location": [geo(point)]}),
        Entity(SPOT, ("ParkingSpot",), {"status": [prop("free")]}),
    ]


@pytest.fixture
def bus() -> EventBus:
    """The change bus the observed store publishes on."""
    return EventBus()


@pytest.fixture
def iot(store: Store, clock: DrivenClock, bus: EventBus) -> Iterator[IoTService]:
    """An IoT service over an observed store holding the twins (as the API server builds it)."""
    observed = ObservedStore(store, bus, origin="ingest")
    observed.tenant("").upsert_many(twins())
    service = IoTService.create(observed, clock=clock)
    service.ensure_loaded()
    yield service
    service.close()


def register(service: IoTService, rows: list[dict[str, Any]], tenant: str = "") -> list[str]:
    """Register rows and return their codes (every row must succeed)."""
    result = service.registry.register(tenant, rows)
    assert not result.errors, result.errors
    return [c for c in result.codes if c is not None]


def message(payload: Any, *, device: str | None = None, tenant: str = "", at: datetime = T0) -> RawMessage:
    """A RawMessage carrying ``payload`` as JSON."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return RawMessage(body, tenant=tenant, device_code=device, transport="http", received_at=at)


@pytest.fixture
def client(store: Store, clock: DrivenClock) -> Iterator[TestClient]:
    """An API client over ``store`` holding the twins, the app's IoT side on the driven clock."""
    store.tenant("").upsert_many(twins())
    app = create_app(Settings(db="sqlite:///unused.db"), store=store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        # The app built its IoT service on the wall clock; tests drive time instead.
        service = IoTService.create(app.state.services.store, clock=clock)
        app.state.iot.close()
        app.state.iot = service
        yield test_client
        service.close()
