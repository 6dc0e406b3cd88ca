"""The IoT HTTP endpoints on both backends, read back through the NGSI-LD API (entities and temporal)."""

from __future__ import annotations

import json
from typing import Any

from starlette.testclient import TestClient

from citytwin.core.codes import device_code

from .conftest import PIPE, ROAD, SPOT, DrivenClock

V1 = "/ngsi-ld/v1"
NDJSON = {"content-type": "application/x-ndjson"}


def _register(client: TestClient, rows: list[dict[str, Any]], tenant: str = "") -> list[str]:
    headers = {"NGSILD-Tenant": tenant} if tenant else {}
    response = client.post("/iot/devices", json=rows, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["failed"] == 0, body
    return [str(c) for c in body["codes"]]


def _problem(response: Any) -> str:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return str(response.json()["type"].rsplit("/", 1)[-1])


def test_telemetry_json_reaches_entity_and_temporal_api(client: TestClient) -> None:
    code = _register(client, [{"type": "water-pressure", "district": "440304", "twin": PIPE}])[0]
    body = {
        "device": code,
        "readings": [
            {"ts": "2025-06-01T07:50:00Z", "values": {"pressure": {"value": 0.31, "unitCode": "MPA"}}},
            {"ts": "2025-06-01T07:55:00Z", "values": {"pressure": 312.5, "temperature": 23.8}},
        ],
    }
    response = client.post("/iot/telemetry", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {"accepted": 2, "rejected": 0, "values": 3, "duplicates": 0, "deadLetters": []}
    pipe = client.get(f"{V1}/entities/{PIPE}").json()
    assert pipe["waterPressure"] == {
        "type": "Property",
        "value": 312.5,
        "observedAt": "2025-06-01T07:55:00Z",
        "unitCode": "KPA",
    }
    temporal = client.get(f"{V1}/temporal/entities/{PIPE}", params={"attrs": "waterPressure"}).json()
    instances = temporal["waterPressure"]
    assert [(i["value"], i["observedAt"], i["unitCode"]) for i in instances] == [
        (310.0, "2025-06-01T07:50:00Z", "KPA"),
        (312.5, "2025-06-01T07:55:00Z", "KPA"),
    ]
    assert all(i["instanceId"].startswith(f"urn:ngsi-ld:Reading:{code}:") for i in instances)
    # The same batch again (a gateway retrying): accepted, nothing new in history.
    again = client.post("/iot/telemetry", json=body).json()
    assert (again["accepted"], again["duplicates"]) == (2, 3)
    assert len(client.get(f"{V1}/temporal/entities/{PIPE}").json()["waterPressure"]) == 2


def test_ndjson_with_a_device_parameter_and_bad_lines(client: TestClient, clock: DrivenClock) -> None:
    code = _register(client, [{"type": "traffic-flow", "district": "440304", "twin": ROAD}])[0]
    lines = [
        json.dumps({"values": {"vehicleCount": 31, "averageSpeed": {"value": 12.5, "unitCode": "MTS"}}}),
        "",
        "{oops",
        json.dumps({"ts": "2025-06-01T07:59:30Z", "values": {"occupancy": 140}}),
    ]
    response = client.post(f"/iot/telemetry?device={code}", content="\n".join(lines), headers=NDJSON)
    assert response.status_code == 200, response.text
    result = response.json()
    assert (result["accepted"], result["rejected"]) == (1, 2)
    assert [d["reason"] for d in result["deadLetters"]] == ["unparsable", "out_of_range"]
    road = client.get(f"{V1}/entities/{ROAD}", params={"options": "keyValues"}).json()
    assert (road["intensity"], road["averageVehicleSpeed"]) == (31, 45.0)
    listed = client.get("/iot/deadletters", params={"device": code, "count": "true"}).json()
    assert listed["counts"] == {"unparsable": 1, "out_of_range": 1}
    assert [item["ref"] for item in listed["items"]] == ["line 3", "line 4"]
    assert listed["items"][0]["payload"] == "{oops"


def test_bodies_that_cannot_be_read_are_400_and_write_nothing(client: TestClient) -> None:
    bad = client.post("/iot/telemetry", content=b"{oops", headers={"content-type": "application/json"})
    assert bad.status_code == 400 and _problem(bad) == "InvalidRequest"
    assert (
        client.post(
            "/iot/telemetry", content=b"[1, 2", headers={"content-type": "application/json"}
        ).status_code
        == 400
    )
    lines = client.post("/iot/telemetry", content=b"nope\nnot this\n", headers=NDJSON)
    assert lines.status_code == 400
    empty = client.post("/iot/telemetry", content=b"", headers={"content-type": "application/json"})
    assert empty.status_code == 400
    xml = client.post("/iot/telemetry", content=b"<r/>", headers={"content-type": "application/xml"})
    assert xml.status_code == 415
    assert client.get("/iot/deadletters").json() == []


def test_registration_by_csv_and_the_registry_views(client: TestClient) -> None:
    csv = f"type,district,twin\nparking-space,440304,{SPOT}\nparking-space,440304,\nhovercraft,440304,\n"
    response = client.post("/iot/devices", content=csv, headers={"content-type": "text/csv"})
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["failed"]) == (2, 1)
    assert body["errors"][0]["row"] == 3 and "hovercraft" in body["errors"][0]["error"]
    first, second, _ = body["codes"]
    listed = client.get("/iot/devices", params={"type": "parking-space"}).json()
    assert [d["code"] for d in listed] == sorted([first, second])
    one = client.get(f"/iot/devices/{first.lower()}").json()
    assert one["twin"] == SPOT and one["twinType"] == "ParkingSpot" and one["state"] == "unknown"
    missing = device_code.generate("440304", "K", "01", 9999).code
    assert client.get(f"/iot/devices/{missing}").status_code == 404
    assert client.get("/iot/devices/not-a-code").status_code == 400
    assert client.get("/iot/devices", params={"state": "sleepy"}).status_code == 400
    entities = client.get(
        f"{V1}/entities", params={"type": "Device", "q": 'deviceType=="parking-space"'}
    ).json()
    assert len(entities) == 2
    types = client.get("/iot/types").json()
    assert {t["id"] for t in types} >= {"camera", "water-meter", "ev-charger"}
    assert (
        client.post("/iot/devices", content=b"[]", headers={"content-type": "application/json"}).status_code
        == 400
    )


def test_health_endpoints_and_the_offline_query(client: TestClient, clock: DrivenClock) -> None:
    code = _register(client, [{"type": "parking-space", "district": "440304", "twin": SPOT}])[0]
    client.post(f"/iot/telemetry?device={code}", json={"values": {"status": "occupied"}})
    assert client.get("/iot/health").json() == {
        "devices": {"online": 1, "stale": 0, "offline": 0, "unknown": 0}
    }
    assert client.get(f"{V1}/entities/{SPOT}", params={"options": "keyValues"}).json()["status"] == "occupied"
    clock.advance(6001)  # 600 s interval: offline after 6000 s
    assert client.post("/iot/health/sweep").json()["changed"] == {"offline": 1}
    offline = client.get(f"{V1}/entities", params={"type": "Device", "q": 'deviceState=="offline"'}).json()
    assert [e["deviceCode"]["value"] for e in offline] == [code]
    assert client.get("/iot/devices", params={"state": "offline"}).json()[0]["code"] == code


def test_dead_letters_replay_and_purge_over_http(client: TestClient) -> None:
    code = device_code.generate("440304", "W", "02", 321).code
    posted = client.post(
        "/iot/telemetry", json=[{"device": code, "values": {"pressure": 300 + i}} for i in range(3)]
    )
    assert posted.json()["rejected"] == 3
    client.post("/iot/telemetry", json={"device": code, "values": {"pressure": -5}})
    letters = client.get("/iot/deadletters", params={"reason": "unknown_device"}).json()
    assert len(letters) == 4 and letters[0]["device"] == code
    one = client.get(f"/iot/deadletters/{letters[0]['id']}").json()
    assert one == letters[0]
    assert client.get("/iot/deadletters/0-0.0").status_code == 404
    assert client.get("/iot/deadletters", params={"reason": "gremlins"}).status_code == 400
    _register(client, [{"code": code, "twin": PIPE}])
    replay = client.post("/iot/deadletters/replay", params={"reason": "unknown_device"}).json()
    assert replay == {"replayed": 4, "accepted": 3, "moved": 1, "remaining": 1}
    assert client.get(f"{V1}/entities/{PIPE}", params={"options": "keyValues"}).json()["waterPressure"] == 302
    remaining = client.get("/iot/deadletters", params={"count": "true"}).json()
    assert remaining["counts"] == {"out_of_range": 1}
    assert client.delete("/iot/deadletters", params={"reason": "out_of_range"}).json() == {"deleted": 1}
    assert client.get("/iot/deadletters").json() == []


def test_tenants_are_kept_apart(client: TestClient) -> None:
    code = _register(client, [{"type": "noise", "district": "440305"}], tenant="nanshan")[0]
    posted = client.post(
        "/iot/telemetry",
        json={"device": code, "values": {"laeq": 58.2}},
        headers={"NGSILD-Tenant": "nanshan"},
    )
    assert posted.json()["accepted"] == 1
    assert (
        client.post("/iot/telemetry", json={"device": code, "values": {"laeq": 58.2}}).json()["rejected"] == 1
    )
    device = client.get(
        f"{V1}/entities/{device_code.URN_PREFIX}{code}",
        params={"options": "keyValues"},
        headers={"NGSILD-Tenant": "nanshan"},
    ).json()
    assert device["noiseLevel"] == 58.2
    assert client.get("/iot/devices", headers={"NGSILD-Tenant": "nanshan"}).json()[0]["code"] == code
    assert client.get("/iot/devices").json() == []
