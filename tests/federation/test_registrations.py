"""/csourceRegistrations: create, retrieve, update, delete, discovery, tenants, bad input (both backends)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1, problem_type

from citytwin.core.geometry import to_geojson
from citytwin.demo.hierarchy import district_boundaries

ANY = {"idPattern": ".*"}
"""Discovery of every registration (a discovery request must name a filter)."""
REGS = f"{V1}/csourceRegistrations"
FUTIAN_POINT = [114.0553, 22.5216]
NANSHAN_POINT = [113.9305, 22.5329]


def csr(reg_id: str, **members: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"urn:ngsi-ld:ContextSourceRegistration:{reg_id}",
        "type": "ContextSourceRegistration",
        "information": [{"entities": [{"type": "Building"}]}],
        "endpoint": "http://district.example:1026",
    }
    body.update(members)
    return body


def district(code: str, **members: Any) -> dict[str, Any]:
    area = to_geojson(district_boundaries()[code].simplify(0.001))
    info = [
        {"entities": [{"type": "Building"}, {"type": "PointOfInterest"}], "propertyNames": ["name", "height"]}
    ]
    return csr(
        code, information=info, location=area, adminCode={"type": "Property", "value": code}, **members
    )


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [r["id"].rsplit(":", 1)[-1] for r in response.json()]


def test_create_retrieve_update_delete(api: TestClient) -> None:
    created = api.post(REGS, json=csr("a", registrationName="福田区平台", management={"timeout": 500}))
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location == f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:a"
    got = api.get(location).json()
    assert got["registrationName"] == "福田区平台" and got["management"] == {"timeout": 500}
    assert got["information"] == [{"entities": [{"type": "Building"}]}] and "createdAt" not in got
    sys_attrs = api.get(location, params={"options": "sysAttrs"}).json()
    assert sys_attrs["createdAt"] <= sys_attrs["modifiedAt"]
    assert api.post(REGS, json=csr("a")).status_code == 409
    patched = api.patch(location, json={"endpoint": "http://other.example:1026", "registrationName": None})
    assert patched.status_code == 204, patched.text
    got = api.get(location, params={"options": "sysAttrs"}).json()
    assert got["endpoint"] == "http://other.example:1026" and "registrationName" not in got
    assert got["createdAt"] == sys_attrs["createdAt"]
    assert api.patch(location, json={"mode": "sideways"}).status_code == 400
    assert api.get(location).json()["endpoint"] == "http://other.example:1026"  # a bad update changes nothing
    assert api.delete(location).status_code == 204
    missing = api.get(location)
    assert missing.status_code == 404 and problem_type(missing) == "ResourceNotFound"
    assert api.delete(location).status_code == 404


def test_generated_id_and_trailing_slash(api: TestClient) -> None:
    body = csr("x")
    del body["id"]
    created = api.post(REGS + "/", json=body)
    assert created.status_code == 201
    reg_id = created.headers["location"].rsplit("/", 1)[-1]
    assert reg_id.startswith("urn:ngsi-ld:ContextSourceRegistration:")
    assert api.get(f"{REGS}/{quote(reg_id, safe=':')}").status_code == 200


BAD = [
    ({"type": "Registration"}, "type"),
    ({"information": []}, "information"),
    ({"information": [{}]}, "information"),
    ({"information": [{"entities": [{"id": "urn:x:1"}]}]}, "type"),
    ({"information": [{"entity": [{"type": "Building"}]}]}, "unknown"),
    ({"information": [{"entities": [{"type": "Building", "idPattern": "("}]}]}, ""),
    ({"information": [{"propertyNames": []}]}, "propertyNames"),
    ({"endpoint": "ftp://district.example"}, "endpoint"),
    ({"endpoint": None}, "endpoint"),
    ({"mode": "sideways"}, "mode"),
    ({"operations": ["everythingOps"]}, "operations"),
    ({"mode": "auxiliary", "operations": ["updateOps"]}, "auxiliary"),
    ({"mode": "exclusive"}, "exclusive"),
    ({"location": {"type": "Point", "coordinates": [200, 95]}}, ""),
    ({"expiresAt": "2001-01-01T00:00:00Z"}, "expiresAt"),
    ({"management": {"timeout": 0}}, "timeout"),
    ({"management": {"cacheDuration": "soon"}}, "cacheDuration"),
    ({"contextSourceInfo": [{"key": "bad header", "value": "x"}]}, "HTTP header"),
    ({"tenant": "no spaces please"}, "tenant"),
    ({"observationInterval": {"startAt": "2026-02-01T00:00:00Z", "endAt": "2026-01-01T00:00:00Z"}}, "before"),
]


@pytest.mark.parametrize(("members", "says"), BAD)
def test_invalid_registrations_are_400_and_store_nothing(
    api: TestClient, members: dict[str, Any], says: str
) -> None:
    body = csr("bad")
    for key, value in members.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    answer = api.post(REGS, json=body)
    assert answer.status_code == 400, answer.text
    assert problem_type(answer) in ("BadRequestData", "InvalidRequest")
    assert says in answer.json()["detail"]
    assert api.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:bad").status_code == 404


def test_not_json_is_400(api: TestClient) -> None:
    answer = api.post(REGS, content=b"{nope", headers={"Content-Type": "application/json"})
    assert answer.status_code == 400


def test_exclusive_registrations_cannot_overlap(api: TestClient) -> None:
    claim = [
        {"entities": [{"type": "Building", "id": "urn:ngsi-ld:Building:1"}], "propertyNames": ["height"]}
    ]
    assert api.post(REGS, json=csr("ex1", mode="exclusive", information=claim)).status_code == 201
    clash = api.post(REGS, json=csr("ex2", mode="exclusive", information=claim))
    assert clash.status_code == 409 and problem_type(clash) == "AlreadyExists"
    other = [
        {"entities": [{"type": "Building", "id": "urn:ngsi-ld:Building:1"}], "propertyNames": ["floors"]}
    ]
    assert api.post(REGS, json=csr("ex3", mode="exclusive", information=other)).status_code == 201


def test_discovery_by_type_id_attrs_geo_and_csf(api: TestClient) -> None:
    for code in ("440304", "440305"):
        assert api.post(REGS, json=district(code)).status_code == 201
    pinned = [{"entities": [{"type": "Sensor", "id": "urn:ngsi-ld:Sensor:s1"}]}]
    assert api.post(REGS, json=csr("sensor", information=pinned, scope="/sz/futian")).status_code == 201
    unfiltered = api.get(REGS)  # 5.10.2.4 (ETSI TP 037_02): discovery names what it looks for
    assert unfiltered.status_code == 400 and problem_type(unfiltered) == "BadRequestData"
    assert ids(api.get(REGS, params=ANY)) == ["440304", "440305", "sensor"]
    assert ids(api.get(REGS, params={"type": "Building"})) == ["440304", "440305"]
    assert ids(api.get(REGS, params={"type": "Road"})) == []
    assert ids(api.get(REGS, params={"type": "Sensor", "id": "urn:ngsi-ld:Sensor:s1"})) == ["sensor"]
    assert ids(api.get(REGS, params={"type": "Sensor", "id": "urn:ngsi-ld:Sensor:s2"})) == []
    assert ids(api.get(REGS, params={"idPattern": "s1$"})) == ["440304", "440305", "sensor"]
    assert ids(api.get(REGS, params={"attrs": "height"})) == ["440304", "440305", "sensor"]
    assert ids(api.get(REGS, params={"type": "Building", "attrs": "temperature"})) == []
    near_futian = {"georel": "near;maxDistance==1000", "geometry": "Point", "coordinates": str(FUTIAN_POINT)}
    assert ids(api.get(REGS, params={**near_futian, "type": "Building"})) == ["440304"]
    at_nanshan = {"georel": "intersects", "geometry": "Point", "coordinates": str(NANSHAN_POINT)}
    assert ids(api.get(REGS, params={**at_nanshan, "type": "Building"})) == ["440305"]
    assert ids(api.get(REGS, params={"csf": 'adminCode=="440305"'})) == ["440305"]
    assert ids(api.get(REGS, params={"q": 'adminCode=="440304"'})) == ["440304"]
    assert ids(api.get(REGS, params={"scopeQ": "/sz/#", "type": "Sensor"})) == ["sensor"]
    counted = api.get(REGS, params={"type": "Building", "limit": 1, "count": "true"})
    assert counted.headers["NGSILD-Results-Count"] == "2" and len(counted.json()) == 1
    page2 = api.get(REGS, params={"type": "Building", "limit": 1, "offset": 1})
    assert ids(page2) == ["440305"]
    assert api.get(REGS, params={"csf": "adminCode=="}).status_code == 400
    assert api.get(REGS, params={"limit": 51}).status_code == 403


def test_discovery_by_time_window(api: TestClient) -> None:
    window = {"startAt": "2026-01-01T00:00:00Z", "endAt": "2026-02-01T00:00:00Z"}
    assert api.post(REGS, json=csr("jan", observationInterval=window)).status_code == 201
    inside = {"timerel": "after", "timeAt": "2026-01-15T00:00:00Z"}
    outside = {"timerel": "before", "timeAt": "2025-12-01T00:00:00Z"}
    assert ids(api.get(REGS, params=inside)) == ["jan"]
    assert ids(api.get(REGS, params=outside)) == []
    assert api.get(REGS, params={"timerel": "between", "timeAt": "2026-01-15T00:00:00Z"}).status_code == 400


def test_registration_names_follow_the_request_context(api: TestClient) -> None:
    ctx = {
        "@context": [
            {"Bldg": "https://smartdatamodels.org/dataModel.Building/Building"},
            "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld",
        ]
    }
    body = {**csr("sdm", information=[{"entities": [{"type": "Bldg"}]}]), **ctx}
    created = api.post(REGS, json=body, headers={"Content-Type": "application/ld+json"})
    assert created.status_code == 201, created.text
    plain = api.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:sdm").json()
    assert (
        plain["information"][0]["entities"][0]["type"]
        == "https://smartdatamodels.org/dataModel.Building/Building"
    )
    assert ids(api.get(REGS, params={"type": "Building"})) == []
    assert ids(api.get(REGS, params={"type": "https://smartdatamodels.org/dataModel.Building/Building"})) == [
        "sdm"
    ]


def test_registrations_are_tenant_scoped(api: TestClient) -> None:
    tenant = {"NGSILD-Tenant": "futian"}
    assert api.post(REGS, json=csr("t1"), headers=tenant).status_code == 201
    assert ids(api.get(REGS, params=ANY, headers=tenant)) == ["t1"]
    assert ids(api.get(REGS, params=ANY)) == []
    assert api.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:t1").status_code == 404
    missing = api.get(REGS, params=ANY, headers={"NGSILD-Tenant": "nowhere"})
    assert missing.status_code == 404 and problem_type(missing) == "NonexistentTenant"


def test_source_identity(api: TestClient) -> None:
    first = api.get(f"{V1}/info/sourceIdentity").json()
    assert first["type"] == "ContextSourceIdentity"
    assert first["contextSourceAlias"].startswith("citytwin-")
    assert api.get(f"{V1}/info/sourceIdentity").json()["id"] == first["id"]  # stable


def test_each_tenant_has_its_own_alias(api: TestClient) -> None:
    # ETSI TP 061_01_05 (Table 5.2.40-1: in the multi-tenancy case the alias identifies a tenant), also for a
    # tenant that holds nothing yet; the broker's id stays one
    def identity(tenant: str | None = None) -> dict[str, Any]:
        headers = {"NGSILD-Tenant": tenant} if tenant is not None else {}
        response = api.get(f"{V1}/info/sourceIdentity", headers=headers)
        assert response.status_code == 200, response.text
        return dict(response.json())

    default, a, b, c = identity(), identity("urnalias-a"), identity("urnalias-b"), identity("urn:alias:c")
    aliases = [x["contextSourceAlias"] for x in (default, a, b, c)]
    assert len(set(aliases)) == 4 and identity("urnalias-a")["contextSourceAlias"] == aliases[1]
    assert {x["id"] for x in (default, a, b, c)} == {default["id"]}
    assert all(" " not in alias and ":" not in alias and "," not in alias for alias in aliases)  # Via tokens
    assert identity("")["contextSourceAlias"] == aliases[0]


def test_expired_registrations_are_neither_discovered_nor_used(api: TestClient) -> None:
    from datetime import UTC, datetime

    fed = api.app.state.federation  # type: ignore[attr-defined]
    now = datetime(2026, 5, 1, tzinfo=UTC)
    fed.clock = lambda: now
    assert api.post(REGS, json=csr("soon", expiresAt="2026-05-02T00:00:00Z")).status_code == 201
    assert ids(api.get(REGS, params=ANY)) == ["soon"]
    now = datetime(2026, 5, 3, tzinfo=UTC)  # the clock moves past expiresAt
    assert ids(api.get(REGS, params=ANY)) == []
    location = f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:soon"
    assert api.get(location).json()["expiresAt"] == "2026-05-02T00:00:00Z"  # still retrievable by id
    assert api.patch(location, json={"registrationName": "late"}).status_code == 204  # keeps its old expiry
    assert (
        api.patch(location, json={"expiresAt": "2026-05-02T12:00:00Z"}).status_code == 400
    )  # a new one: ahead
    assert api.patch(location, json={"expiresAt": "2026-06-01T00:00:00Z"}).status_code == 204
    assert ids(api.get(REGS, params=ANY)) == ["soon"]
