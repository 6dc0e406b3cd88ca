"""What a health sweep writes: Device merges and their change events, on whichever path the store offers."""

from __future__ import annotations

from citytwin.core.codes import device_code
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.ingest.iot.service import IoTService
from citytwin.stream.bus import EventBus

from .conftest import PIPE, ROAD, DrivenClock, message, register


def _device(iot: IoTService, code: str) -> dict[str, object]:
    entity = iot.store.tenant("").get(device_code.URN_PREFIX + code)
    return {name: entity.value(name) for name in entity.attrs}


def test_a_sweep_merges_device_states_and_publishes_one_update_each(
    iot: IoTService, clock: DrivenClock, bus: EventBus
) -> None:
    codes = register(
        iot,
        [
            {"type": "traffic-flow", "district": "440304", "twin": ROAD},
            {"type": "water-pressure", "district": "440304", "twin": PIPE},
        ],
    )
    iot.pipeline.ingest([message({"values": {"vehicleCount": 12}}, device=codes[0], at=clock.now)])
    before = {code: _device(iot, code) for code in codes}
    clock.advance(3600)  # both silent for an hour: offline (the second never reported)
    seen: list[EntityChange] = []
    bus.subscribe(seen.append)
    result = iot.health.sweep()
    assert result.changed == {"offline": 2}
    assert result.written == 2
    for code in codes:
        after = _device(iot, code)
        assert after["deviceState"] == "offline"
        # A merge: every other attribute of the Device is as it was.
        assert {k: v for k, v in after.items() if k != "deviceState"} == {
            k: v for k, v in before[code].items() if k != "deviceState"
        }
    assert sorted(c.entity_id for c in seen) == sorted(device_code.URN_PREFIX + c for c in codes)
    assert {c.kind for c in seen} == {ChangeKind.UPDATED}
    assert all(c.attrs == ("deviceState",) and c.types == ("Device",) for c in seen)
    assert iot.health.sweep().written == 0  # nothing changed since


def test_a_sweep_still_writes_when_a_device_entity_is_gone(iot: IoTService, clock: DrivenClock) -> None:
    """A Device entity deleted behind the registry's back: the sweep's merge takes the general path (an
    upsert, as it always did) and the other devices of the batch are written too."""
    codes = register(
        iot,
        [
            {"type": "traffic-flow", "district": "440304", "twin": ROAD},
            {"type": "water-pressure", "district": "440304", "twin": PIPE},
        ],
    )
    iot.store.tenant("").delete(device_code.URN_PREFIX + codes[1])
    clock.advance(3600)
    assert iot.health.sweep().changed == {"offline": 2}
    assert _device(iot, codes[0])["deviceState"] == "offline"
    assert _device(iot, codes[1]) == {"deviceState": "offline"}
