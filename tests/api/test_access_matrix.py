"""Access matrix: actors × NGSI-LD endpoints × expected outcome (status, visible attributes, masking).

One secured app per backend (authentication on, the shipped policy), seeded by an administrator with real
Shenzhen codes: a resident and a building in 沙埔头社区 (Futian, 440304001019) and in 南头城社区 (Nanshan,
440305001001), and a Futian air-quality station. Each actor calls with its own API key.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.codes import beidou
from citytwin.settings import Settings
from tests.api.conftest import V1, entity
from tests.governance.helpers import ACTORS, account_keys, backend_store

FT_COMMUNITY, NS_COMMUNITY = "440304001019", "440305001001"
FT_HOME = (114.1032, 22.5452)
P_FT, P_NS = "urn:ngsi-ld:Person:ft-0001", "urn:ngsi-ld:Person:ns-0001"
B_FT, B_NS = "urn:ngsi-ld:Building:ft-0001", "urn:ngsi-ld:Building:ns-0001"
AQ_FT = "urn:ngsi-ld:AirQualityObserved:ft-0001"


def _geo(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lng, lat]}}


def seed() -> list[dict[str, Any]]:
    """The seeded entities."""
    return [
        entity(P_FT, "Person", name="张三丰", phone="13812345678", idNumber="440304195001011234", age=81,
               adminCode=FT_COMMUNITY, location=_geo(*FT_HOME)),
        entity(P_NS, "Person", name="李四", phone="13900001111", idNumber="440305196002022345", age=64,
               adminCode=NS_COMMUNITY, location=_geo(113.9201, 22.5405)),
        entity(B_FT, "Building", name="园岭新村1栋", height=24.5, adminCode=FT_COMMUNITY,
               location=_geo(114.1030, 22.5450)),
        entity(B_NS, "Building", name="南头古城1号", height=12.0, adminCode=NS_COMMUNITY,
               location=_geo(113.9200, 22.5400)),
        entity(AQ_FT, "AirQualityObserved", pm25=35, adminCode=FT_COMMUNITY,
               location=_geo(114.1031, 22.5451)),
    ]  # fmt: skip


@dataclass
class Secured:
    """The client, each actor's API key, and the store."""

    client: TestClient
    keys: dict[str, str]
    store: Any

    def call(self, actor: str | None, method: str, path: str, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if actor is not None:
            headers["X-API-Key"] = self.keys[actor]
        return self.client.request(method, path, headers=headers, **kwargs)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def secured(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Secured]:
    tmp: Path = tmp_path_factory.mktemp("matrix")
    with backend_store(request.param, tmp) as (url, store):
        keys = account_keys(store, ACTORS)
        settings = Settings(db=url, auth=True, auth_signing_key=tmp / "signing-key.pem", max_page_size=50)
        with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
            secured = Secured(client, keys, store)
            for body in seed():
                assert secured.call("admin", "POST", f"{V1}/entities", json=body).status_code == 201
            # A second phone number makes temporal history to mask.
            patch = {
                "phone": {"type": "Property", "value": "13812349999", "observedAt": "2025-03-01T08:00:00Z"}
            }
            assert (
                secured.call("admin", "PATCH", f"{V1}/entities/{P_FT}/attrs", json=patch).status_code == 204
            )
            yield secured


# -- reading one entity ----------------------------------------------------------------------------------

ALL_PERSON = {"name", "phone", "idNumber", "age", "adminCode", "location"}
GRADE3_PERSON = ALL_PERSON - {"idNumber"}
BUILDING = {"name", "height", "adminCode", "location"}

# actor, entity, status, visible attributes, attributes expected masked
RETRIEVE = [
    ("admin", P_FT, 200, ALL_PERSON, set()),
    ("operator", P_FT, 200, GRADE3_PERSON, {"name", "phone", "location"}),
    ("grid", P_FT, 200, GRADE3_PERSON, {"location"}),
    ("grid", P_NS, 404, None, None),
    ("staff", P_FT, 404, None, None),
    ("staff", B_FT, 200, BUILDING, set()),
    ("staff", B_NS, 404, None, None),
    ("public", P_FT, 404, None, None),
    ("public", B_FT, 404, None, None),
    ("public", AQ_FT, 200, {"pm25", "adminCode", "location"}, set()),
    ("partner", P_FT, 404, None, None),
    ("partner", B_NS, 200, BUILDING, set()),
    ("device", B_FT, 404, None, None),
    ("device", AQ_FT, 200, {"pm25", "adminCode", "location"}, set()),
]


@pytest.mark.parametrize(("actor", "entity_id", "status", "visible", "masked"), RETRIEVE)
def test_retrieve_entity(
    secured: Secured,
    actor: str,
    entity_id: str,
    status: int,
    visible: set[str] | None,
    masked: set[str] | None,
) -> None:
    response = secured.call(actor, "GET", f"{V1}/entities/{entity_id}")
    assert response.status_code == status, response.text
    if status == 404:
        # Indistinguishable from an entity that does not exist.
        missing = secured.call("admin", "GET", f"{V1}/entities/urn:ngsi-ld:Person:nobody")
        assert response.json()["type"] == missing.json()["type"]
        assert response.json()["detail"].replace(entity_id, "X") == missing.json()["detail"].replace(
            "urn:ngsi-ld:Person:nobody", "X"
        )
        return
    body = response.json()
    assert set(body) - {"id", "type"} == visible
    assert masked is not None
    _check_masking(body, masked)


def _check_masking(body: dict[str, Any], masked: set[str]) -> None:
    """Masked attributes carry their masked forms; the others the stored values."""
    expected_clear = {"name": "张三丰", "phone": "13812349999", "idNumber": "440304195001011234"}
    expected_masked = {"name": "张**", "phone": "138****9999", "idNumber": "440304********1234"}
    for name in ("name", "phone", "idNumber"):
        if name in body and body["id"] == P_FT:
            want = expected_masked if name in masked else expected_clear
            assert body[name]["value"] == want[name], name
    if "location" in body and body["id"] == P_FT:
        coords = body["location"]["value"]["coordinates"]
        if "location" in masked:
            cell = beidou.decode(beidou.encode(*FT_HOME, 4))
            assert coords == pytest.approx(list(cell.centre), abs=1e-6)
            assert coords != pytest.approx(list(FT_HOME), abs=1e-4)
        else:
            assert coords == list(FT_HOME)


# -- queries ---------------------------------------------------------------------------------------------

# actor, type, visible ids (in id order)
QUERY = [
    ("admin", "Person", [P_FT, P_NS]),
    ("operator", "Person", [P_FT, P_NS]),
    ("grid", "Person", [P_FT]),
    ("staff", "Person", []),
    ("public", "Person", []),
    ("partner", "Person", []),
    ("admin", "Building", [B_FT, B_NS]),
    ("grid", "Building", [B_FT]),
    ("staff", "Building", [B_FT]),
    ("public", "Building", []),
    ("partner", "Building", [B_FT, B_NS]),
    ("public", "Building,AirQualityObserved", [AQ_FT]),
    ("grid", "Building,AirQualityObserved,Person", [AQ_FT, B_FT, P_FT]),
]


@pytest.mark.parametrize(("actor", "types", "ids"), QUERY)
def test_query_entities(secured: Secured, actor: str, types: str, ids: list[str]) -> None:
    response = secured.call(actor, "GET", f"{V1}/entities", params={"type": types, "count": "true"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert sorted(e["id"] for e in body) == sorted(ids)
    assert response.headers["NGSILD-Results-Count"] == str(len(ids))
    for item in body:
        if item["id"] == P_FT and actor == "operator":
            _check_masking(item, {"name", "phone", "location"})
        assert actor == "admin" or "idNumber" not in item


@pytest.mark.parametrize(
    ("actor", "types", "ids"), [q for q in QUERY if q[0] in ("grid", "staff", "partner")]
)
def test_post_query(secured: Secured, actor: str, types: str, ids: list[str]) -> None:
    body = {"type": "Query", "entities": [{"type": t} for t in types.split(",")]}
    response = secured.call(actor, "POST", f"{V1}/entityOperations/query", json=body)
    assert response.status_code == 200, response.text
    assert sorted(e["id"] for e in response.json()) == sorted(ids)


@pytest.mark.parametrize(
    ("actor", "q", "ids"),
    [
        ("admin", 'idNumber=="440304195001011234"', [P_FT]),
        # A filter on what the subject sees masked or not at all matches nothing: it cannot probe values.
        ("operator", 'idNumber=="440304195001011234"', []),
        ("operator", 'phone=="13812349999"', []),
        ("grid", 'phone=="13812349999"', [P_FT]),
        ("operator", "age>80", [P_FT]),
    ],
)
def test_filters_cannot_probe_hidden_values(secured: Secured, actor: str, q: str, ids: list[str]) -> None:
    response = secured.call(
        actor, "GET", f"{V1}/entities", params={"type": "Person", "q": q, "count": "true"}
    )
    assert response.status_code == 200, response.text
    assert [e["id"] for e in response.json()] == ids
    assert response.headers["NGSILD-Results-Count"] == str(len(ids))


def test_paging_through_a_restricted_view(secured: Secured) -> None:
    # The grid worker's view has two branches (its street; public data anywhere): pages merge by id.
    seen = []
    for offset in range(3):
        page = secured.call(
            "grid",
            "GET",
            f"{V1}/entities",
            params={"type": "*", "limit": "1", "offset": str(offset), "count": "true"},
        )
        assert page.headers["NGSILD-Results-Count"] == "3"
        seen += [e["id"] for e in page.json()]
    assert seen == sorted([AQ_FT, B_FT, P_FT])


# -- temporal --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "status", "phones"),
    [
        ("admin", 200, ["13812345678", "13812349999"]),
        ("operator", 200, ["138****5678", "138****9999"]),
        ("grid", 200, ["13812345678", "13812349999"]),
        ("staff", 404, None),
        ("public", 404, None),
    ],
)
def test_temporal_entity(secured: Secured, actor: str, status: int, phones: list[str] | None) -> None:
    response = secured.call(actor, "GET", f"{V1}/temporal/entities/{P_FT}")
    assert response.status_code == status, response.text
    if phones is None:
        return
    body = response.json()
    phone = body["phone"] if isinstance(body["phone"], list) else [body["phone"]]
    assert sorted(i["value"] for i in phone) == sorted(phones)
    assert actor == "admin" or "idNumber" not in body


# -- writes ----------------------------------------------------------------------------------------------

# actor, entity, attribute patch, status
PATCHES = [
    ("admin", B_FT, {"height": 24.5}, 204),
    ("operator", B_FT, {"height": 24.5}, 204),
    ("operator", P_FT, {"age": 81}, 403),  # sees residents, may not change them
    ("grid", B_FT, {"height": 24.5}, 403),
    ("staff", B_FT, {"height": 24.5}, 403),  # city-level data flows back read-only
    ("public", B_FT, {"height": 24.5}, 404),
    ("device", AQ_FT, {"pm25": 35}, 204),
    ("device", B_FT, {"height": 24.5}, 404),
]


@pytest.mark.parametrize(("actor", "entity_id", "patch", "status"), PATCHES)
def test_patch_attributes(
    secured: Secured, actor: str, entity_id: str, patch: dict[str, Any], status: int
) -> None:
    body = {k: {"type": "Property", "value": v} for k, v in patch.items()}
    response = secured.call(actor, "PATCH", f"{V1}/entities/{entity_id}/attrs", json=body)
    assert response.status_code == status, response.text


def test_a_masked_round_trip_keeps_the_stored_values(secured: Secured) -> None:
    # District staff read and write residents of their own district platform (tenant), masked. Writing back
    # what they read must neither overwrite clear values with masks nor drop the attributes they cannot see.
    futian = {"NGSILD-Tenant": "futian"}
    resident = next(b for b in seed() if b["id"] == P_FT)
    assert secured.call("admin", "POST", f"{V1}/entities", json=resident, headers=futian).status_code == 201
    seen = secured.call("staff", "GET", f"{V1}/entities/{P_FT}", headers=futian).json()
    assert seen["name"]["value"] == "张**" and "idNumber" not in seen
    seen["age"]["value"] = 82
    replaced = secured.call("staff", "PUT", f"{V1}/entities/{P_FT}", json=seen, headers=futian)
    assert replaced.status_code == 204, replaced.text
    stored = secured.call("admin", "GET", f"{V1}/entities/{P_FT}", headers=futian).json()
    assert stored["age"]["value"] == 82
    assert stored["name"]["value"] == "张三丰" and stored["phone"]["value"] == "13812345678"
    assert stored["idNumber"]["value"] == "440304195001011234"
    assert stored["location"]["value"]["coordinates"] == list(FT_HOME)
    # A new value is a real change, even for a masked attribute.
    patch = {"phone": {"type": "Property", "value": "13700000000"}}
    assert (
        secured.call("staff", "PATCH", f"{V1}/entities/{P_FT}/attrs", json=patch, headers=futian).status_code
        == 204
    )
    stored = secured.call("admin", "GET", f"{V1}/entities/{P_FT}", headers=futian).json()
    assert stored["phone"]["value"] == "13700000000"
    # Moving the resident out of the staff's area is refused.
    moved = {"adminCode": {"type": "Property", "value": NS_COMMUNITY}}
    refused = secured.call("staff", "PATCH", f"{V1}/entities/{P_FT}/attrs", json=moved, headers=futian)
    assert refused.status_code == 403


def test_batch_upsert_reports_refusals_per_entity(secured: Secured) -> None:
    bodies = [b for b in seed() if b["id"] in (B_FT, B_NS)]
    response = secured.call("grid", "POST", f"{V1}/entityOperations/upsert", json=bodies)
    assert response.status_code == 207, response.text
    errors = {e["entityId"]: e["error"]["status"] for e in response.json()["errors"]}
    assert errors == {B_FT: 403, B_NS: 404}
    ok = secured.call("operator", "POST", f"{V1}/entityOperations/upsert", json=bodies)
    assert ok.status_code in (201, 204), ok.text


# -- authentication and the ledger --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", f"{V1}/entities/{P_FT}"), ("GET", f"{V1}/entities?type=Person"), ("GET", "/auth/whoami"),
     ("POST", f"{V1}/entityOperations/query"), ("GET", f"{V1}/temporal/entities/{P_FT}")],
)  # fmt: skip
def test_no_credentials_is_401(secured: Secured, method: str, path: str) -> None:
    response = secured.call(None, method, path)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    forged = secured.call(None, method, path, headers={"X-API-Key": "ctk_0123456789abcdef_" + "x" * 43})
    assert forged.status_code == 401
    assert 'error="invalid_token"' in forged.headers["WWW-Authenticate"]
    assert secured.call(None, "GET", "/health").status_code == 200


def test_governed_reads_and_writes_are_ledgered(secured: Secured) -> None:
    rid = uuid.uuid4().hex
    headers = {"X-Request-ID": rid, "X-Purpose": "elderly-care visit"}
    assert secured.call("grid", "GET", f"{V1}/entities/{P_FT}", headers=headers).status_code == 200
    records = secured.call("admin", "GET", "/governance/ledger", params={"limit": "1000"}).json()
    mine = [r for r in records if r["request_id"] == rid]
    assert len(mine) == 1
    read = mine[0]
    assert (read["actor"], read["action"], read["resource"]) == ("user:grid", "read", P_FT)
    assert read["purpose"] == "elderly-care visit"
    assert "idNumber" not in read["attributes"] and "phone" in read["attributes"]
    creates = [r for r in records if r["action"] == "create"]
    assert {r["resource"] for r in creates} >= {P_FT, P_NS, B_FT, B_NS, AQ_FT}
    assert all(r["actor"] == "user:admin" for r in creates)
    proof = secured.call("admin", "GET", f"/governance/ledger/{read['seq']}/proof")
    assert proof.status_code == 200
    assert proof.json()["record"]["request_id"] == rid
    assert secured.call("grid", "GET", "/governance/ledger").status_code == 403


@pytest.mark.parametrize(
    ("actor", "types"),
    [
        ("admin", {"AirQualityObserved", "Building", "Person"}),
        ("grid", {"AirQualityObserved", "Building", "Person"}),
        ("staff", {"AirQualityObserved", "Building"}),
        ("public", {"AirQualityObserved"}),
    ],
)
def test_type_discovery_lists_only_what_the_subject_sees(
    secured: Secured, actor: str, types: set[str]
) -> None:
    body = secured.call(actor, "GET", f"{V1}/types").json()
    assert set(body["typeList"]) == types
    attrs = secured.call(actor, "GET", f"{V1}/attributes").json()["attributeList"]
    assert ("idNumber" in attrs) is (actor == "admin")
