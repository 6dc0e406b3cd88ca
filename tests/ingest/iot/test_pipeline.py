"""The ingest pipeline end to end on both backends: live state, history, events, dead letters, replay."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from citytwin.core.codes import device_code
from citytwin.core.events import EntityChange
from citytwin.core.query import HistoryQuery
from citytwin.ingest.iot.service import IoTService
from citytwin.stream.bus import EventBus

from .conftest import BUILDING, PIPE, ROAD, T0, DrivenClock, message, register


def _pressure(iot: IoTService) -> str:
    return register(iot, [{"type": "water-pressure", "district": "440304", "twin": PIPE}])[0]


def test_readings_update_live_state_and_history(iot: IoTService) -> None:
    code = _pressure(iot)
    readings = [
        {"ts": "2025-06-01T07:55:00Z", "values": {"pressure": 318.5, "temperature": 24.1}},
        {"ts": "2025-06-01T07:50:00Z", "values": {"pressure": {"value": 0.3205, "unitCode": "MPA"}}},
        {"ts": "2025-06-01T07:45:00Z", "values": {"pressure": {"value": 3.25, "unitCode": "BAR"}}},
    ]
    outcome = iot.pipeline.ingest([message({"device": code, "readings": readings})])
    assert (outcome.accepted, outcome.rejected, outcome.values, outcome.duplicates) == (3, 0, 4, 0)
    pipe = iot.store.tenant("").get(PIPE)
    pressure = pipe.attr("waterPressure")
    assert pressure is not None
    assert (pressure.value, pressure.unit_code, pressure.observed_at) == (
        318.5,
        "KPA",
        "2025-06-01T07:55:00Z",
    )
    assert pipe.value("waterTemperature") == 24.1
    assert pipe.value("name") == "深南大道 DN600 给水干管"  # the merge keeps the twin's other attributes
    history = iot.store.tenant("").read_history(HistoryQuery(entity_ids=(PIPE,), attrs=("waterPressure",)))
    assert [(h.observed_at, h.value, h.unit_code) for h in history] == [
        (T0 - timedelta(minutes=15), 325.0, "KPA"),
        (T0 - timedelta(minutes=10), 320.5, "KPA"),
        (T0 - timedelta(minutes=5), 318.5, "KPA"),
    ]
    assert all(h.entity_type == "Pipe" for h in history)
    assert (
        history[0].instance_id
        == f"urn:ngsi-ld:Reading:{code}:{int((T0 - timedelta(minutes=15)).timestamp() * 1e6)}:pressure"
    )


def test_redelivery_does_not_duplicate_history(iot: IoTService) -> None:
    code = _pressure(iot)
    batch = [
        message({"device": code, "ts": f"2025-06-01T07:5{i}:00Z", "values": {"pressure": 300 + i}})
        for i in range(5)
    ]
    first = iot.pipeline.ingest(batch)
    again = iot.pipeline.ingest(batch[1:3])  # a QoS 1 redelivery
    assert (first.values, first.duplicates) == (5, 0)
    assert (again.accepted, again.values, again.duplicates) == (2, 2, 2)
    history = iot.store.tenant("").read_history(HistoryQuery(entity_ids=(PIPE,), attrs=("waterPressure",)))
    assert [h.value for h in history] == [300, 301, 302, 303, 304]
    assert iot.store.tenant("").get(PIPE).value("waterPressure") == 304  # the late copies do not roll it back


def test_an_older_reading_goes_to_history_but_not_live_state(iot: IoTService) -> None:
    code = _pressure(iot)
    iot.pipeline.ingest(
        [message({"device": code, "ts": "2025-06-01T07:59:00Z", "values": {"pressure": 330}})]
    )
    iot.pipeline.ingest(
        [message({"device": code, "ts": "2025-06-01T07:30:00Z", "values": {"pressure": 290}})]
    )
    pressure = iot.store.tenant("").get(PIPE).attr("waterPressure")
    assert pressure is not None and (pressure.value, pressure.observed_at) == (330, "2025-06-01T07:59:00Z")
    history = iot.store.tenant("").read_history(HistoryQuery(entity_ids=(PIPE,), attrs=("waterPressure",)))
    assert [h.value for h in history] == [290, 330]


def test_one_merge_and_one_event_per_twin_per_batch(iot: IoTService, bus: EventBus) -> None:
    pressure = _pressure(iot)
    traffic = register(iot, [{"type": "traffic-flow", "district": "440304", "twin": ROAD}])[0]
    events: list[EntityChange] = []
    bus.subscribe(events.append)
    payload = [
        {
            "device": pressure if i % 2 else traffic,
            "ts": (T0 - timedelta(seconds=60 - i)).isoformat(),
            "values": v,
        }
        for i, v in enumerate(
            {"vehicleCount": n, "averageSpeed": 40 + n} if n % 2 == 0 else {"pressure": 300 + n}
            for n in range(40)
        )
    ]
    outcome = iot.pipeline.ingest([message(payload)])
    assert outcome.accepted == 40
    twin_events = [e for e in events if e.entity_id in (PIPE, ROAD)]
    assert sorted(e.entity_id for e in twin_events) == sorted([PIPE, ROAD])
    road = next(e for e in twin_events if e.entity_id == ROAD)
    assert road.origin == "ingest" and set(road.attrs) == {"intensity", "averageVehicleSpeed"}
    assert iot.store.tenant("").get(ROAD).value("intensity") == 38  # the latest of the batch
    assert iot.store.tenant("").get(PIPE).value("waterPressure") == 339


def test_bad_readings_become_dead_letters_and_the_rest_pass(iot: IoTService) -> None:
    code = _pressure(iot)
    unknown = device_code.generate("440304", "water", "02", 999).code
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    payload = [
        {"device": code, "values": {"pressure": 301}},
        {"device": code, "values": {"pressure": 9000}},
        {"device": code, "values": {"pm25": 12}},
        {"device": code, "values": {"pressure": "high"}},
        {"device": code, "values": {"pressure": {"value": 3, "unitCode": "MTR"}}},
        {"device": code, "ts": "tomorrow", "values": {"pressure": 301}},
        {"device": unknown, "values": {"pressure": 301}},
        {"device": typo, "values": {"pressure": 301}},
        {"values": {"pressure": 301}},
        {"device": code, "values": [1, 2]},
    ]
    outcome = iot.pipeline.ingest([message(payload), message(b"{not json"), message({"device": code})])
    assert (outcome.accepted, outcome.rejected) == (1, 11)
    reasons = [letter["reason"] for letter in outcome.dead_letters]
    assert reasons == [
        "unparsable",
        "out_of_range",
        "wrong_type",
        "bad_value",
        "bad_unit",
        "bad_time",
        "unknown_device",
        "bad_code",
        "missing_device",
        "unparsable",
        "unparsable",
    ]
    assert outcome.results[0].accepted == 1 and outcome.results[0].rejected == 9
    counts = iot.dead_letters.counts("")
    assert counts == {
        "unparsable": 3,
        "missing_device": 1,
        "bad_code": 1,
        "unknown_device": 1,
        "wrong_type": 1,
        "bad_value": 1,
        "bad_unit": 1,
        "out_of_range": 1,
        "bad_time": 1,
    }
    letter = iot.dead_letters.list("", reason="out_of_range")[0]
    assert letter.device == code and "9000" in letter.detail
    assert json.loads(letter.payload) == {"device": code, "values": {"pressure": 9000}}
    assert letter.received_at == "2025-06-01T08:00:00Z" and letter.transport == "http"
    raw = iot.dead_letters.list("", reason="unparsable")
    assert b"{not json" in [r.payload for r in raw]
    assert [d.device for d in iot.dead_letters.list("", device=unknown)] == [unknown]
    assert iot.dead_letters.get("", letter.id) == letter


def test_replay_after_registering_the_device(iot: IoTService, clock: DrivenClock) -> None:
    code = device_code.generate("440304", "traffic", "01", 42).code
    first = iot.pipeline.ingest(
        [message({"ts": "2025-06-01T07:58:00Z", "values": {"vehicleCount": 17}}, device=code)]
        + [
            message({"values": {"vehicleCount": 20 + i}}, device=code, at=T0 + timedelta(seconds=i))
            for i in range(3)
        ]
    )
    assert first.rejected == 4 and iot.dead_letters.counts("") == {"unknown_device": 4}
    # Replaying before the fix changes nothing.
    assert iot.pipeline.replay("", reason="unknown_device")["accepted"] == 0
    assert iot.dead_letters.counts("") == {"unknown_device": 4}
    register(iot, [{"code": code, "twin": ROAD}])
    clock.advance(3600)
    result = iot.pipeline.replay("", device=code)
    assert result == {"replayed": 4, "accepted": 4, "moved": 0, "remaining": 0}
    assert iot.dead_letters.counts("") == {}
    history = iot.store.tenant("").read_history(HistoryQuery(entity_ids=(ROAD,), attrs=("intensity",)))
    # Readings without a time keep the time they were received at, not the replay's.
    assert [(h.observed_at, h.value) for h in history] == [
        (T0 - timedelta(minutes=2), 17),
        (T0, 20),
        (T0 + timedelta(seconds=1), 21),
        (T0 + timedelta(seconds=2), 22),
    ]
    assert iot.store.tenant("").get(ROAD).value("intensity") == 22


def test_replay_keeps_what_still_fails_and_moves_what_fails_differently(iot: IoTService) -> None:
    code = device_code.generate("440304", "water", "02", 7).code
    iot.pipeline.ingest(
        [
            message({"device": code, "values": {"pressure": 305}}),
            message({"device": code, "values": {"pressure": 9999}}),
        ]
    )
    register(iot, [{"code": code, "twin": PIPE}])
    result = iot.pipeline.replay("")
    assert result == {"replayed": 2, "accepted": 1, "moved": 1, "remaining": 1}
    assert iot.dead_letters.counts("") == {"out_of_range": 1}
    assert iot.pipeline.replay("", reason="out_of_range") == {
        "replayed": 1,
        "accepted": 0,
        "moved": 0,
        "remaining": 1,
    }
    assert iot.dead_letters.purge("", reason="out_of_range") == 1
    assert iot.dead_letters.counts("") == {}


def test_an_unbound_device_is_its_own_twin(iot: IoTService) -> None:
    code = register(iot, [{"type": "air-quality", "district": "440305", "lon": 113.93, "lat": 22.53}])[0]
    iot.pipeline.ingest(
        [
            message(
                {
                    "device": code,
                    "values": {
                        "pm25": 35,
                        "temperature": {"value": 86, "unitCode": "FAH"},
                        "batteryLevel": 0.9,
                    },
                }
            )
        ]
    )
    device = iot.store.tenant("").get(device_code.URN_PREFIX + code)
    assert device.value("pm25") == 35
    temperature = device.attr("temperature")
    assert temperature is not None and (temperature.value, temperature.unit_code) == (30.0, "CEL")
    assert device.value("batteryLevel") == 0.9
    assert device.value("deviceState") == "online"
    assert device.value("dateLastValueReported") == "2025-06-01T08:00:00Z"


def test_devices_sharing_a_twin_write_their_own_dataset(iot: IoTService) -> None:
    rows = [
        {"type": "water-meter", "district": "440304", "twin": BUILDING, "datasetId": "device"}
        for _ in range(2)
    ]
    first, second = register(iot, rows)
    iot.pipeline.ingest(
        [
            message({"device": first, "values": {"volume": 1200.5}}),
            message({"device": second, "values": {"volume": {"value": 800000, "unitCode": "LTR"}}}),
        ]
    )
    building = iot.store.tenant("").get(BUILDING)
    volumes = {inst.dataset_id: inst.value for inst in building.instances("waterVolume")}
    assert volumes == {device_code.URN_PREFIX + first: 1200.5, device_code.URN_PREFIX + second: 800.0}
    history = iot.store.tenant("").read_history(
        HistoryQuery(entity_ids=(BUILDING,), dataset_id=device_code.URN_PREFIX + second)
    )
    assert [h.value for h in history] == [800.0]


def test_the_topic_device_and_tenants(iot: IoTService) -> None:
    code = _pressure(iot)
    # Codes are unique within a tenant: number this one apart from the default tenant's.
    other = register(
        iot, [{"type": "water-pressure", "district": "440304", "sequence": 50}], tenant="sz-water"
    )[0]
    outcome = iot.pipeline.ingest(
        [
            message({"values": {"pressure": 310}}, device=code.lower()),  # the topic names it, in any case
            message({"device": other, "values": {"pressure": 310}}, device=code),  # another device's topic
            message({"device": other, "values": {"pressure": 311}}, tenant="sz-water"),
            message({"device": code, "values": {"pressure": 312}}, tenant="sz-water"),  # not in that tenant
        ]
    )
    assert [r.reasons for r in outcome.results] == [[], ["bad_code"], [], ["unknown_device"]]
    assert iot.store.tenant("").get(PIPE).value("waterPressure") == 310
    water = iot.store.tenant("sz-water").get(device_code.URN_PREFIX + other)
    assert water.value("waterPressure") == 311
    assert iot.dead_letters.counts("sz-water") == {"unknown_device": 1}


def test_readings_without_a_time_need_a_receive_time(iot: IoTService) -> None:
    code = _pressure(iot)
    outcome = iot.pipeline.ingest(
        [replace(message({"device": code, "values": {"pressure": 300}}), received_at=None)]
    )
    assert outcome.rejected == 1 and outcome.results[0].reasons == ["missing_time"]


def test_a_batch_coalesces_live_state_per_attribute_and_keeps_every_reading(
    iot: IoTService, bus: EventBus
) -> None:
    code = _pressure(iot)
    events: list[EntityChange] = []
    bus.subscribe(events.append)
    readings = [  # arrival order is not time order; the fields differ from reading to reading
        {"ts": "2025-06-01T07:58:00Z", "values": {"temperature": 25.0}},
        {"ts": "2025-06-01T07:59:00Z", "values": {"pressure": 305.5}},
        {"ts": "2025-06-01T07:57:00Z", "values": {"pressure": 301.0, "temperature": 23.0}},
        {"ts": "2025-06-01T07:56:00Z", "values": {"pressure": {"value": 3.1, "unitCode": "BAR"}}},
    ]
    outcome = iot.pipeline.ingest([message({"device": code, "readings": readings})])
    assert (outcome.accepted, outcome.values, outcome.duplicates) == (4, 5, 0)
    pipe = iot.store.tenant("").get(PIPE)
    pressure, temperature = pipe.attr("waterPressure"), pipe.attr("waterTemperature")
    assert pressure is not None and temperature is not None
    assert (pressure.value, pressure.observed_at) == (305.5, "2025-06-01T07:59:00Z")
    assert (temperature.value, temperature.observed_at) == (25.0, "2025-06-01T07:58:00Z")
    assert [e.entity_id for e in events].count(PIPE) == 1  # one live-state write for the four readings
    history = iot.store.tenant("").read_history(HistoryQuery(entity_ids=(PIPE,)))
    assert [(h.attr, h.observed_at.minute, h.value) for h in history] == [
        ("waterPressure", 56, 310.0),
        ("waterPressure", 57, 301.0),
        ("waterPressure", 59, 305.5),
        ("waterTemperature", 57, 23.0),
        ("waterTemperature", 58, 25.0),
    ]
    again = iot.pipeline.ingest([message({"device": code, "readings": readings})])  # redelivered whole
    assert (again.accepted, again.values, again.duplicates) == (4, 5, 5)
    assert len(iot.store.tenant("").read_history(HistoryQuery(entity_ids=(PIPE,)))) == 5
