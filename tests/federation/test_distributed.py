"""Distributed operations: a city broker (``api``, both backends) forwarding to real ``citytwin serve``s.

Two source brokers run for the whole module, each on its own SQLite store: "futian" and "nanshan", with
buildings around their district centres and one building (``shared-1``) that both, and the city, know.
Each test registers what it needs on a fresh city broker.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1
from tests.federation.conftest import Receiver, Server, free_port, start_servers

REGS = f"{V1}/csourceRegistrations"
SHARED = "urn:ngsi-ld:Building:shared-1"
FT = [f"urn:ngsi-ld:Building:ft-{i:02d}" for i in range(12)]
NS = [f"urn:ngsi-ld:Building:ns-{i:02d}" for i in range(12)]
TEMPORAL = {"timerel": "after", "timeAt": "2025-12-31T00:00:00Z"}


def point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, lat]}}


def building(entity_id: str, lng: float, lat: float, **attrs: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"id": entity_id, "type": "Building", "location": point(lng, lat)}
    body.update(attrs)
    return body


def prop(value: Any, observed: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "Property", "value": value}
    if observed:
        out["observedAt"] = observed
    return out


def history(entity_id: str, values: list[float]) -> dict[str, Any]:
    return {
        "id": entity_id,
        "type": "Sensor",
        "temperature": [
            {"type": "Property", "value": v, "observedAt": f"2026-01-01T{h:02d}:00:00Z"}
            for h, v in enumerate(values)
        ],
    }


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Server]]:
    """The "futian" and "nanshan" source brokers, seeded."""
    tmp = tmp_path_factory.mktemp("sources")
    futian, nanshan = start_servers(tmp, ["futian", "nanshan"])
    try:
        with httpx.Client(timeout=30, trust_env=False) as client:
            ft = [building(e, 114.05 + i * 0.001, 22.54, name=prop(f"ft {i}")) for i, e in enumerate(FT)]
            ft.append(
                building(SHARED, 114.06, 22.54, name=prop("A"), height=prop(30, "2026-03-01T00:00:00Z"))
            )
            ns = [building(e, 113.93 + i * 0.001, 22.53, name=prop(f"ns {i}")) for i, e in enumerate(NS)]
            ns.append(
                building(SHARED, 114.06, 22.54, height=prop(20, "2026-02-01T00:00:00Z"), floors=prop(5))
            )
            for server, batch in ((futian, ft), (nanshan, ns)):
                assert client.post(f"{server.url}/entityOperations/upsert", json=batch).status_code in (
                    201,
                    204,
                )
            tenant = {"NGSILD-Tenant": "district"}
            only = building("urn:ngsi-ld:Building:tenant-1", 113.94, 22.53, name=prop("in a tenant"))
            assert client.post(f"{nanshan.url}/entities", json=only, headers=tenant).status_code == 201
            for server, sensor, values in ((futian, "a", [20.0, 21.0]), (nanshan, "b", [25.0, 26.0, 27.0])):
                body = history(f"urn:ngsi-ld:Sensor:{sensor}-s1", values)
                assert client.post(f"{server.url}/temporal/entities", json=body).status_code in (201, 204)
        yield {"futian": futian, "nanshan": nanshan}
    finally:
        futian.stop()
        nanshan.stop()


def register(api: TestClient, name: str, endpoint: str, **members: Any) -> str:
    body: dict[str, Any] = {
        "id": f"urn:ngsi-ld:ContextSourceRegistration:{name}",
        "type": "ContextSourceRegistration",
        "information": [{"entities": [{"type": "Building"}, {"type": "Sensor"}]}],
        "endpoint": endpoint,
        "management": {"timeout": 5000},
    }
    body.update(members)
    answer = api.post(REGS, json=body)
    assert answer.status_code == 201, answer.text
    return str(body["id"])


@pytest.fixture
def city(api: TestClient) -> TestClient:
    """The city broker with its own two buildings (one of them also known by both sources)."""
    own = [
        building("urn:ngsi-ld:Building:local-1", 114.0, 22.6, name=prop("city")),
        building(SHARED, 114.06, 22.54, name=prop("city"), height=prop(10, "2025-12-01T00:00:00Z")),
    ]
    assert api.post(f"{V1}/entityOperations/upsert", json=own).status_code in (201, 204)
    return api


def listed(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [e["id"] for e in answer.json()]


def test_query_merges_every_source_with_local_data(city: TestClient, sources: dict[str, Server]) -> None:
    register(city, "ft", sources["futian"].endpoint)
    register(city, "ns", sources["nanshan"].endpoint)
    answer = city.get(f"{V1}/entities", params={"type": "Building", "limit": 50, "count": "true"})
    expected = sorted([*FT, *NS, SHARED, "urn:ngsi-ld:Building:local-1"])
    assert listed(answer) == expected
    assert answer.headers["NGSILD-Results-Count"] == str(len(expected))
    assert "NGSILD-Warning" not in answer.headers
    shared = next(e for e in answer.json() if e["id"] == SHARED)
    assert shared["height"]["value"] == 30  # futian's instance is the newest observed
    assert shared["floors"]["value"] == 5  # only nanshan has it
    assert shared["name"]["value"] == "city"  # modified last here
    pages: list[str] = []
    for offset in range(0, len(expected) + 5, 7):
        pages += listed(city.get(f"{V1}/entities", params={"type": "Building", "limit": 7, "offset": offset}))
    assert pages == expected
    simple = city.get(
        f"{V1}/entities", params={"id": FT[3], "type": "Building", "options": "keyValues"}
    ).json()
    assert simple == [
        {
            "id": FT[3],
            "type": "Building",
            "name": "ft 3",
            "location": {"type": "Point", "coordinates": [114.053, 22.54]},
        }
    ]
    geo = city.get(
        f"{V1}/entities", params={"type": "Building", "limit": 50}, headers={"Accept": "application/geo+json"}
    )
    assert geo.json()["type"] == "FeatureCollection" and len(geo.json()["features"]) == len(expected)
    posted = city.post(
        f"{V1}/entityOperations/query",
        json={
            "type": "Query",
            "entities": [{"type": "Building"}],
            "geoQ": {"georel": "near;maxDistance==400", "geometry": "Point", "coordinates": [113.93, 22.53]},
        },
        params={"limit": 50},
    )
    assert listed(posted) == NS[:4]
    assert listed(city.get(f"{V1}/entities", params={"type": "Building", "local": "true"})) == [
        "urn:ngsi-ld:Building:local-1",
        SHARED,
    ]


def test_geo_queries_only_go_to_districts_they_touch(city: TestClient, sources: dict[str, Server]) -> None:
    ft_area = {
        "type": "Polygon",
        "coordinates": [[[114.0, 22.5], [114.1, 22.5], [114.1, 22.6], [114.0, 22.6], [114.0, 22.5]]],
    }
    ns_area = {
        "type": "Polygon",
        "coordinates": [[[113.9, 22.5], [113.99, 22.5], [113.99, 22.6], [113.9, 22.6], [113.9, 22.5]]],
    }
    register(city, "ft", sources["futian"].endpoint, location=ft_area)
    register(city, "ns", sources["nanshan"].endpoint, location=ns_area)
    params = {"type": "Building", "georel": "within", "geometry": "Polygon", "limit": 50}
    params["coordinates"] = (
        "[[[113.92,22.52],[113.9355,22.52],[113.9355,22.54],[113.92,22.54],[113.92,22.52]]]"
    )
    assert listed(city.get(f"{V1}/entities", params=params)) == NS[:6]
    ft_status = city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:ft").json()
    ns_status = city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:ns").json()
    assert "timesSent" not in ft_status  # never asked
    assert ns_status["timesSent"] == 1 and ns_status["status"] == "ok" and "lastSuccess" in ns_status


def test_a_source_gives_only_what_it_registered(city: TestClient, sources: dict[str, Server]) -> None:
    info = [{"entities": [{"type": "Building"}], "propertyNames": ["height"]}]
    register(city, "ns", sources["nanshan"].endpoint, information=info)
    shared = city.get(f"{V1}/entities/{SHARED}").json()
    assert shared["height"]["value"] == 20 and "floors" not in shared  # floors not registered
    assert listed(city.get(f"{V1}/entities", params={"type": "Building", "attrs": "floors"})) == []
    assert city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:ns").json()["timesSent"] == 1


def test_retrieve_merges_and_404s_only_when_nobody_has_it(
    city: TestClient, sources: dict[str, Server]
) -> None:
    register(city, "ft", sources["futian"].endpoint)
    register(city, "ns", sources["nanshan"].endpoint)
    remote_only = city.get(f"{V1}/entities/{NS[2]}")
    assert remote_only.status_code == 200 and remote_only.json()["name"]["value"] == "ns 2"
    merged = city.get(f"{V1}/entities/{SHARED}", params={"options": "keyValues"}).json()
    assert merged["height"] == 30 and merged["floors"] == 5 and merged["name"] == "city"
    nowhere = city.get(f"{V1}/entities/urn:ngsi-ld:Building:nowhere")
    assert nowhere.status_code == 404 and "context source" in nowhere.json()["detail"]
    assert city.get(f"{V1}/entities/{NS[2]}", params={"local": "true"}).status_code == 404


def test_exclusive_source_owns_its_attributes(city: TestClient, sources: dict[str, Server]) -> None:
    claim = [{"entities": [{"type": "Building", "id": SHARED}], "propertyNames": ["height"]}]
    # 5.9.2.4: an exclusive registration cannot claim an attribute the local entity holds (409 Conflict)
    exclusive = {"mode": "exclusive", "information": claim}
    with pytest.raises(AssertionError, match="Conflict"):
        register(city, "ex", sources["nanshan"].endpoint, **exclusive)
    assert city.delete(f"{V1}/entities/{SHARED}/attrs/height", params={"local": "true"}).status_code == 204
    register(city, "ex", sources["nanshan"].endpoint, **exclusive)
    register(city, "ft", sources["futian"].endpoint)
    shared = city.get(f"{V1}/entities/{SHARED}", params={"options": "keyValues"}).json()
    assert shared["height"] == 20  # nanshan's, though futian's is newer
    assert shared["name"] == "city"


def test_redirect_source_answers_for_its_entities(city: TestClient, sources: dict[str, Server]) -> None:
    info = [{"entities": [{"type": "Building", "idPattern": "shared"}]}]
    register(city, "rd", sources["nanshan"].endpoint, mode="redirect", information=info)
    shared = city.get(f"{V1}/entities/{SHARED}", params={"options": "keyValues"}).json()
    assert "name" not in shared and shared["height"] == 20  # the city's own copy is not used
    listed_ids = listed(city.get(f"{V1}/entities", params={"type": "Building", "limit": 50}))
    assert listed_ids == ["urn:ngsi-ld:Building:local-1", SHARED]


def test_auxiliary_source_only_fills_gaps(city: TestClient, sources: dict[str, Server]) -> None:
    register(city, "aux", sources["futian"].endpoint, mode="auxiliary")
    local = city.get(f"{V1}/entities/urn:ngsi-ld:Building:local-1")
    assert local.status_code == 200
    assert "timesSent" not in city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:aux").json()
    fallback = city.get(f"{V1}/entities/{FT[1]}").json()
    assert fallback["name"]["value"] == "ft 1"
    shared = city.get(f"{V1}/entities/{SHARED}", params={"options": "keyValues"}).json()
    assert (
        shared["name"] == "city" and shared["height"] == 10
    )  # the city's own values win over auxiliary ones
    assert listed(city.get(f"{V1}/entities", params={"type": "Building", "limit": 50})) == sorted(
        [*FT, SHARED, "urn:ngsi-ld:Building:local-1"]
    )


class Silent:
    """A real TCP server that accepts connections and never answers (a hung broker)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.conns:
            conn.close()


def test_failing_sources_give_a_partial_answer_with_warnings(
    city: TestClient, sources: dict[str, Server], receiver: Receiver
) -> None:
    register(city, "ft", sources["futian"].endpoint)
    register(city, "down", f"http://127.0.0.1:{free_port()}")
    silent = Silent()
    try:
        register(city, "hung", f"http://127.0.0.1:{silent.port}", management={"timeout": 300})
        receiver.status = 500
        register(city, "broken", receiver.url)
        answer = city.get(f"{V1}/entities", params={"type": "Building", "limit": 50})
    finally:
        silent.close()
    assert answer.status_code == 200
    assert listed(answer) == sorted([*FT, SHARED, "urn:ngsi-ld:Building:local-1"])
    warning = answer.headers["NGSILD-Warning"]
    assert "199 127.0.0.1:" in warning and "down: unreachable" in warning
    assert "hung: no response within 300 ms" in warning
    assert f"299 127.0.0.1:{receiver.port}" in warning and "broken: answered 500: broken" in warning
    status = city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:down").json()
    assert status["status"] == "failed" and status["timesFailed"] == 1 and "lastFailure" in status
    assert city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:ft").json()["status"] == "ok"


def test_cooldown_and_cache(city: TestClient, receiver: Receiver) -> None:
    receiver.status = 503
    register(city, "cool", receiver.url, management={"timeout": 2000, "cooldown": 60_000})
    first = city.get(f"{V1}/entities", params={"type": "Building"})
    second = city.get(f"{V1}/entities", params={"type": "Building"})
    assert "answered 503" in first.headers["NGSILD-Warning"]
    assert "cooling down" in second.headers["NGSILD-Warning"]
    assert len(receiver.received) == 1  # the second request never reached it
    city.delete(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:cool")
    receiver.status = 200
    register(city, "cached", receiver.url, management={"cacheDuration": "PT60S"})
    for _ in range(3):
        assert city.get(f"{V1}/entities", params={"type": "Building"}).status_code == 200
    assert len(receiver.received) == 2  # one more, then answered from the cache


def test_forwarded_requests_carry_tenant_via_and_source_info(
    city: TestClient, sources: dict[str, Server], receiver: Receiver
) -> None:
    register(city, "tenant", sources["nanshan"].endpoint, tenant="district")
    assert listed(
        city.get(f"{V1}/entities", params={"id": "urn:ngsi-ld:Building:tenant-1", "type": "Building"})
    ) == ["urn:ngsi-ld:Building:tenant-1"]
    city.delete(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:tenant")
    info = [{"key": "X-District", "value": "440305"}]
    register(city, "rec", receiver.url, tenant="district", contextSourceInfo=info)
    city.get(f"{V1}/entities", params={"type": "Building", "q": "height>10"})
    headers, _ = receiver.wait_for(1)[0]
    alias = city.get(f"{V1}/info/sourceIdentity").json()["contextSourceAlias"]
    assert headers["via"] == f"1.1 {alias}"
    assert headers["ngsild-tenant"] == "district" and headers["x-district"] == "440305"


def test_a_request_that_passed_here_is_answered_locally(city: TestClient, sources: dict[str, Server]) -> None:
    register(city, "ft", sources["futian"].endpoint)
    alias = city.get(f"{V1}/info/sourceIdentity").json()["contextSourceAlias"]
    looped = city.get(
        f"{V1}/entities", params={"type": "Building"}, headers={"Via": f"1.1 other, 1.1 {alias}"}
    )
    assert listed(looped) == ["urn:ngsi-ld:Building:local-1", SHARED]
    skipped = register(city, "known", sources["nanshan"].endpoint, contextSourceAlias="broker-x")
    answer = city.get(
        f"{V1}/entities", params={"type": "Building", "limit": 50}, headers={"Via": "1.1 broker-x"}
    )
    assert NS[0] not in listed(answer) and FT[0] in listed(answer)
    assert "timesSent" not in city.get(f"{REGS}/{skipped}").json()


def test_brokers_registering_each_other_do_not_loop(sources: dict[str, Server]) -> None:
    futian, nanshan = sources["futian"], sources["nanshan"]
    with httpx.Client(timeout=30, trust_env=False) as client:
        made = []
        for here, there, name in ((futian, nanshan, "to-nanshan"), (nanshan, futian, "to-futian")):
            body = {
                "id": f"urn:ngsi-ld:ContextSourceRegistration:{name}",
                "type": "ContextSourceRegistration",
                "information": [{"entities": [{"type": "Building"}]}],
                "endpoint": there.endpoint,
            }
            assert client.post(f"{here.url}/csourceRegistrations", json=body).status_code == 201
            made.append((here, body["id"]))
        try:
            answer = client.get(
                f"{futian.url}/entities", params={"type": "Building", "limit": 100, "count": "true"}
            )
            assert answer.status_code == 200 and "NGSILD-Warning" not in answer.headers
            ids = [e["id"] for e in answer.json()]
            assert ids == sorted([*FT, *NS, SHARED]) and answer.headers["NGSILD-Results-Count"] == str(
                len(ids)
            )
            shared = next(e for e in answer.json() if e["id"] == SHARED)
            assert shared["height"]["value"] == 30 and shared["floors"]["value"] == 5
        finally:
            for here, reg_id in made:
                client.delete(f"{here.url}/csourceRegistrations/{reg_id}")


def test_types_and_temporal_are_federated(city: TestClient, sources: dict[str, Server]) -> None:
    ops = ["federationOps", "queryTemporal", "retrieveTemporal"]
    register(city, "ft", sources["futian"].endpoint, operations=ops)
    register(city, "ns", sources["nanshan"].endpoint, operations=ops)
    assert city.get(f"{V1}/types").json()["typeList"] == ["Building", "Sensor"]
    details = city.get(f"{V1}/types", params={"details": "true"}).json()
    building_attrs = next(t for t in details if t["typeName"] == "Building")["attributeNames"]
    assert {"floors", "height", "name", "location"} <= set(building_attrs)
    answer = city.get(f"{V1}/temporal/entities", params={"type": "Sensor", **TEMPORAL, "count": "true"})
    assert answer.status_code == 200, answer.text
    got = {e["id"]: [i["value"] for i in e["temperature"]] for e in answer.json()}
    assert got == {"urn:ngsi-ld:Sensor:a-s1": [20.0, 21.0], "urn:ngsi-ld:Sensor:b-s1": [25.0, 26.0, 27.0]}
    assert answer.headers["NGSILD-Results-Count"] == "2"
    one = city.get(
        f"{V1}/temporal/entities/urn:ngsi-ld:Sensor:b-s1", params={**TEMPORAL, "options": "temporalValues"}
    )
    assert one.status_code == 200 and [v[0] for v in one.json()["temperature"]["values"]] == [
        25.0,
        26.0,
        27.0,
    ]
    assert city.get(f"{V1}/temporal/entities/urn:ngsi-ld:Sensor:zz", params=TEMPORAL).status_code == 404


def test_temporal_needs_the_operation(city: TestClient, sources: dict[str, Server]) -> None:
    register(city, "ft", sources["futian"].endpoint)  # federationOps has no temporal operation
    answer = city.get(f"{V1}/temporal/entities", params={"type": "Sensor", **TEMPORAL})
    assert answer.status_code == 200 and answer.json() == []


def test_csf_picks_the_sources(city: TestClient, sources: dict[str, Server]) -> None:
    register(city, "ft", sources["futian"].endpoint, adminCode={"type": "Property", "value": "440304"})
    register(city, "ns", sources["nanshan"].endpoint, adminCode={"type": "Property", "value": "440305"})
    only_ns = city.get(
        f"{V1}/entities", params={"type": "Building", "csf": 'adminCode=="440305"', "limit": 50}
    )
    assert listed(only_ns) == sorted([*NS, SHARED, "urn:ngsi-ld:Building:local-1"])
    posted = city.post(
        f"{V1}/entityOperations/query",
        json={"type": "Query", "entities": [{"type": "Building"}], "csf": 'adminCode=="440304"'},
        params={"limit": 50},
    )
    assert listed(posted) == sorted([*FT, SHARED, "urn:ngsi-ld:Building:local-1"])


def test_no_registration_is_the_local_answer(api: TestClient, tmp_path: Path) -> None:
    api.post(f"{V1}/entities", json=building("urn:ngsi-ld:Building:solo", 114.0, 22.5))
    answer = api.get(f"{V1}/entities", params={"type": "Building", "count": "true"})
    assert listed(answer) == ["urn:ngsi-ld:Building:solo"] and answer.headers["NGSILD-Results-Count"] == "1"
    assert "NGSILD-Warning" not in answer.headers


def test_post_queries_reach_sources_offering_only_query_entity(
    city: TestClient, sources: dict[str, Server]
) -> None:
    register(city, "ft", sources["futian"].endpoint, operations=["retrieveOps"])
    one = {"type": "Query", "entities": [{"type": "Building"}], "q": 'name=="ft 3"'}
    assert listed(city.post(f"{V1}/entityOperations/query", json=one)) == [FT[3]]
    geo = {"georel": "near;maxDistance==150", "geometry": "Point", "coordinates": [114.05, 22.54]}
    assert (
        listed(
            city.post(
                f"{V1}/entityOperations/query",
                json={"type": "Query", "entities": [{"type": "Building"}], "geoQ": geo},
            )
        )
        == FT[:2]
    )
    two = {"type": "Query", "entities": [{"type": "Building"}, {"type": "Sensor"}], "q": 'name=="ft 3"'}
    assert listed(city.post(f"{V1}/entityOperations/query", json=two)) == []  # not expressible as one GET
    assert city.get(f"{REGS}/urn:ngsi-ld:ContextSourceRegistration:ft").json()["timesSent"] == 2


def test_tenants_of_one_broker_federated_in_a_chain_are_hops_not_a_loop(sources: dict[str, Server]) -> None:
    # Each tenant writes its own alias into Via (061_01_05), so a request that went hop-1 -> hop-2 of the same
    # broker still goes on to hop-3; with one alias per broker hop-2 took it for a loop and answered alone.
    broker = sources["nanshan"]
    deep = "urn:ngsi-ld:Building:hop-3"

    def tenant(name: str) -> dict[str, str]:
        return {"NGSILD-Tenant": name}

    with httpx.Client(timeout=30, trust_env=False) as client:
        made = client.post(
            f"{broker.url}/entities", json=building(deep, 113.95, 22.53), headers=tenant("hop-3")
        )
        assert made.status_code == 201, made.text
        for here, there in (("hop-1", "hop-2"), ("hop-2", "hop-3")):
            reg = {
                "id": f"urn:ngsi-ld:ContextSourceRegistration:{here}",
                "type": "ContextSourceRegistration",
                "information": [{"entities": [{"type": "Building"}]}],
                "endpoint": broker.endpoint,
                "tenant": there,
                "management": {"timeout": 5000},
            }
            created = client.post(f"{broker.url}/csourceRegistrations", json=reg, headers=tenant(here))
            assert created.status_code == 201, created.text
        answer = client.get(f"{broker.url}/entities", params={"type": "Building"}, headers=tenant("hop-1"))
        assert listed(answer) == [deep]
        assert "NGSILD-Warning" not in answer.headers
