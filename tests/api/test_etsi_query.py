"""ETSI NGSI-LD test suite cases for queries (019: GET /entities and POST /entityOperations/query), batch
operations (050-053, 057) and discovery (022-027), with the suite's request shapes. Both backends.
"""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import (
    JSON,
    LD_JSON,
    VOCAB,
    SuiteContext,
    assert_problem,
    building,
)

IDS = [f"urn:ngsi-ld:Building:00000000000000{n:02d}" for n in range(1, 4)]
BUILDING = VOCAB + "Building"


@pytest.fixture
def three(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    """Three buildings; the second one's air quality is 6 (as in building-simple-attributes-second)."""
    for n, entity_id in enumerate(IDS):
        body = building(entity_id, ctx)
        if n == 1:
            body["airQualityLevel"] = {"type": "Property", "value": 6}
        assert api.post(f"{V1}/entities/", json=body, headers=LD_JSON).status_code == 201
    return ctx


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(e["id"] for e in response.json())


# -- 019 query entities -------------------------------------------------------------------------------


def test_019_01_01_query_several_entities_by_id(api: TestClient, three: SuiteContext) -> None:
    params = {"id": f"{IDS[0]},{IDS[1]}", "type": BUILDING}
    assert ids(api.get(f"{V1}/entities/", params=params)) == IDS[:2]


def test_019_01_02_query_by_id_pattern(api: TestClient, three: SuiteContext) -> None:
    params = {"idPattern": "^urn:ngsi-ld:Building:0+0[23]$", "type": "Building"}
    assert ids(api.get(f"{V1}/entities/", params=params, headers=three.link)) == IDS[1:]


def test_019_02_01_query_one_entity_via_post(api: TestClient, three: SuiteContext) -> None:
    query = {"type": "Query", "entities": [{"id": IDS[0], "type": BUILDING}]}
    response = api.post(
        f"{V1}/entityOperations/query", json=query, headers={**JSON, "Accept": "application/json"}
    )
    assert ids(response) == [IDS[0]]


def test_019_02_02_query_via_post_with_attrs_and_link(api: TestClient, three: SuiteContext) -> None:
    query = {"type": "Query", "entities": [{"type": "Building"}], "attrs": ["name"]}
    response = api.post(f"{V1}/entityOperations/query", json=query, headers={**JSON, **three.link})
    assert response.status_code == 200
    assert all(set(e) == {"id", "type", "name"} for e in response.json())


def test_019_03_01_query_with_invalid_ids(api: TestClient, three: SuiteContext) -> None:
    params = {"id": "thisisaninvaliduri1,thisisaninvaliduri2", "type": BUILDING}
    assert_problem(api.get(f"{V1}/entities/", params=params), 400, "BadRequestData")


def test_019_04_01_query_in_simplified_representation(api: TestClient, three: SuiteContext) -> None:
    params = {"id": IDS[0], "type": "Building", "options": "keyValues"}
    [got] = api.get(f"{V1}/entities/", params=params, headers=three.link).json()
    assert got["name"] == "Civic Centre" and got["airQualityLevel"] == 4


def test_019_06_01_query_with_limit(api: TestClient, three: SuiteContext) -> None:
    params = {"id": ",".join(IDS), "type": BUILDING, "limit": "2"}
    assert len(api.get(f"{V1}/entities/", params=params).json()) == 2


@pytest.mark.parametrize(
    ("q", "count"), [(None, "3"), ("airQualityLevel==6", "1")], ids=["019_07_01", "019_07_02"]
)
def test_019_07_count_header(api: TestClient, three: SuiteContext, q: str | None, count: str) -> None:
    params = {"type": "Building", "count": "true", **({"q": q} if q else {})}
    response = api.get(f"{V1}/entities/", params=params, headers=three.link)
    assert response.status_code == 200
    assert response.headers["NGSILD-Results-Count"] == count


@pytest.mark.parametrize(
    ("params", "status", "kind"),
    [
        ({"type": "Building", "limit": "-1"}, 400, "InvalidRequest"),
        ({"type": "Building", "offset": "-1"}, 400, "InvalidRequest"),
        ({"type": "Building", "limit": "1000"}, 403, "TooManyResults"),
        ({"type": "Building", "q": "((("}, 400, "InvalidRequest"),
        ({"type": "Building", "georel": "near;maxDistance==10"}, 400, "BadRequestData"),
    ],
    ids=["limit_negative", "offset_negative", "limit_too_large", "q_malformed", "georel_without_geometry"],
)
def test_019_08_query_parameter_errors(
    api: TestClient, three: SuiteContext, params: dict[str, str], status: int, kind: str
) -> None:
    assert_problem(api.get(f"{V1}/entities/", params=params, headers=three.link), status, kind)


def test_019_09_query_with_q_on_a_value(api: TestClient, three: SuiteContext) -> None:
    params = {"type": "Building", "q": "airQualityLevel>5"}
    assert ids(api.get(f"{V1}/entities/", params=params, headers=three.link)) == [IDS[1]]


def test_019_10_query_with_limit_zero_and_count(api: TestClient, three: SuiteContext) -> None:
    response = api.get(
        f"{V1}/entities/", params={"type": "Building", "limit": "0", "count": "true"}, headers=three.link
    )
    assert response.json() == [] and response.headers["NGSILD-Results-Count"] == "3"


def test_019_11_query_with_scope_q(api: TestClient, ctx: SuiteContext) -> None:
    scoped = building(IDS[0], ctx, scope="/Shenzhen/Futian")
    assert api.post(f"{V1}/entities/", json=scoped, headers=LD_JSON).status_code == 201
    assert api.post(f"{V1}/entities/", json=building(IDS[1], ctx), headers=LD_JSON).status_code == 201
    params = {"type": "Building", "scopeQ": "/Shenzhen/#"}
    assert ids(api.get(f"{V1}/entities/", params=params, headers=ctx.link)) == [IDS[0]]


def test_019_12_query_with_georel_near(api: TestClient, ctx: SuiteContext) -> None:
    def at(lon: float) -> dict[str, Any]:
        return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lon, 22.54]}}

    for entity_id, lon in ((IDS[0], 114.06), (IDS[1], 114.30)):
        assert (
            api.post(
                f"{V1}/entities/", json=building(entity_id, ctx, location=at(lon)), headers=LD_JSON
            ).status_code
            == 201
        )
    params = {
        "type": "Building",
        "georel": "near;maxDistance==2000",
        "geometry": "Point",
        "coordinates": "[114.061,22.541]",
    }
    assert ids(api.get(f"{V1}/entities/", params=params, headers=ctx.link)) == [IDS[0]]


def test_019_13_query_with_pick_and_omit(api: TestClient, three: SuiteContext) -> None:
    picked = api.get(
        f"{V1}/entities/", params={"type": "Building", "pick": "id,name"}, headers=three.link
    ).json()
    assert all(set(e) == {"id", "name"} for e in picked)
    omitted = api.get(
        f"{V1}/entities/", params={"type": "Building", "omit": "name,type"}, headers=three.link
    ).json()
    assert all("name" not in e and "type" not in e and "id" in e for e in omitted)


# -- batch operations ------------------------------------------------------------------------------------


def test_003_01_batch_create(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(
        f"{V1}/entityOperations/create", json=[building(i, ctx) for i in IDS[:2]], headers=LD_JSON
    )
    assert response.status_code == 201
    assert sorted(response.json()) == IDS[:2]


def test_003_02_batch_create_partial_success_is_207(api: TestClient, ctx: SuiteContext) -> None:
    assert api.post(f"{V1}/entities/", json=building(IDS[0], ctx), headers=LD_JSON).status_code == 201
    batch = [building(IDS[0], ctx), building(IDS[1], ctx), building("invalid", ctx)]
    response = api.post(f"{V1}/entityOperations/create", json=batch, headers=LD_JSON)
    assert response.status_code == 207
    body = response.json()
    assert body["success"] == [IDS[1]]
    errors = {e["entityId"]: e["error"]["type"].rsplit("/", 1)[-1] for e in body["errors"]}
    assert errors == {IDS[0]: "AlreadyExists", "invalid": "BadRequestData"}


def test_003_03_batch_create_with_invalid_json(api: TestClient) -> None:
    assert_problem(
        api.post(f"{V1}/entityOperations/create", content=b"[{", headers=LD_JSON), 400, "InvalidRequest"
    )


def test_003_04_batch_create_with_a_non_array_body(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/entityOperations/create", json=building(IDS[0], ctx), headers=LD_JSON)
    assert_problem(response, 400, "BadRequestData")


def test_004_01_batch_upsert_creates_and_replaces(api: TestClient, three: SuiteContext) -> None:
    batch = [
        building(IDS[0], three, floors={"type": "Property", "value": 2}),
        building(IDS[2].replace("03", "09"), three),
    ]
    response = api.post(f"{V1}/entityOperations/upsert?options=replace", json=batch, headers=LD_JSON)
    assert response.status_code == 201
    assert response.json() == [IDS[2].replace("03", "09")]
    assert api.get(f"{V1}/entities/{IDS[0]}", headers=three.link).json()["floors"]["value"] == 2


def test_005_01_batch_update_reports_unknown_entities(api: TestClient, three: SuiteContext) -> None:
    batch = [building(IDS[0], three), building("urn:ngsi-ld:Building:missing", three)]
    response = api.post(f"{V1}/entityOperations/update?", json=batch, headers=LD_JSON)
    assert response.status_code == 207
    body = response.json()
    assert body["success"] == [IDS[0]]
    assert body["errors"][0]["entityId"] == "urn:ngsi-ld:Building:missing"
    assert body["errors"][0]["error"]["type"].endswith("/ResourceNotFound")


def test_006_01_batch_delete(api: TestClient, three: SuiteContext) -> None:
    response = api.post(f"{V1}/entityOperations/delete", json=IDS[:2], headers=LD_JSON)
    assert response.status_code == 204
    assert ids(api.get(f"{V1}/entities/", params={"type": BUILDING})) == [IDS[2]]


def test_006_02_batch_delete_of_unknown_entity_is_207(api: TestClient, three: SuiteContext) -> None:
    response = api.post(
        f"{V1}/entityOperations/delete", json=[IDS[0], "urn:ngsi-ld:Building:missing"], headers=LD_JSON
    )
    assert response.status_code == 207
    assert response.json()["success"] == [IDS[0]]


def test_057_01_batch_merge(api: TestClient, three: SuiteContext) -> None:
    patch = {
        "id": IDS[0],
        "type": "Building",
        "name": {"type": "Property", "value": "Merged"},
        "@context": three.body,
    }
    assert api.post(f"{V1}/entityOperations/merge", json=[patch], headers=LD_JSON).status_code == 204
    got = api.get(f"{V1}/entities/{IDS[0]}", headers=three.link).json()
    assert got["name"]["value"] == "Merged" and got["almostFull"]["value"] is False


# -- discovery -------------------------------------------------------------------------------------------


def test_022_01_retrieve_entity_types(api: TestClient, three: SuiteContext) -> None:
    body = api.get(f"{V1}/types/", params={"details": "false"}, headers=three.link).json()
    assert body["type"] == "EntityTypeList" and body["typeList"] == ["Building"]


def test_023_01_retrieve_entity_types_with_details(api: TestClient, three: SuiteContext) -> None:
    body = api.get(f"{V1}/types/", params={"details": "true"}, headers=three.link).json()
    [entry] = body
    assert entry["type"] == "EntityType" and entry["typeName"] == "Building"
    assert "name" in entry["attributeNames"]


def test_024_01_retrieve_entity_type_information(api: TestClient, three: SuiteContext) -> None:
    body = api.get(f"{V1}/types/Building", headers=three.link).json()
    assert body["type"] == "EntityTypeInfo" and body["entityCount"] == 3


def test_024_02_unknown_entity_type(api: TestClient, three: SuiteContext) -> None:
    assert_problem(api.get(f"{V1}/types/Unknown", headers=three.link), 404, "ResourceNotFound")


def test_025_01_retrieve_attributes(api: TestClient, three: SuiteContext) -> None:
    body = api.get(f"{V1}/attributes", params={"details": "false"}, headers=three.link).json()
    assert body["type"] == "AttributeList"
    assert sorted(body["attributeList"]) == ["airQualityLevel", "almostFull", "name", "subCategory"]


def test_027_01_retrieve_attribute_information(api: TestClient, three: SuiteContext) -> None:
    body = api.get(f"{V1}/attributes/name", headers=three.link).json()
    assert (
        body["type"] == "Attribute" and body["attributeName"] == "name" and body["typeNames"] == ["Building"]
    )


def test_027_02_unknown_attribute(api: TestClient, three: SuiteContext) -> None:
    assert_problem(api.get(f"{V1}/attributes/unknownAttr", headers=three.link), 404, "ResourceNotFound")


# -- pagination links (4.12): 019_31 (entities) ----------------------------------------------------------


def page_links(response: Any) -> list[str]:
    return [v for v in response.headers.get_list("link") if 'rel="prev"' in v or 'rel="next"' in v]


@pytest.mark.parametrize(
    ("limit", "offset", "in_page", "prev", "next_"),
    [(1, 0, 1, None, 1), (1, 1, 1, 0, 2), (1, 2, 1, 1, None), (2, 0, 2, None, 2), (0, 0, 0, None, None)],
    ids=[
        "019_31_01_first",
        "019_31_02_middle",
        "019_31_03_last",
        "019_31_04_page_size",
        "019_31_05_limit_zero",
    ],
)
def test_019_31_pagination_links(
    api: TestClient,
    three: SuiteContext,
    limit: int,
    offset: int,
    in_page: int,
    prev: int | None,
    next_: int | None,
) -> None:
    params = {"type": "Building", "idPattern": "urn:ngsi-ld:Building:0.*", "count": "true"}
    response = api.get(
        f"{V1}/entities", params={**params, "limit": limit, "offset": offset}, headers=three.link
    )
    assert response.status_code == 200 and len(response.json()) == in_page
    assert response.headers["NGSILD-Results-Count"] == "3"
    base = f"/ngsi-ld/v1/entities?count=true&idPattern=urn:ngsi-ld:Building:0.*&limit={limit}"
    expected = [
        f'<{base}&offset={o}&type=Building>;rel="{rel}";type="application/json"'
        for rel, o in (("prev", prev), ("next", next_))
        if o is not None
    ]
    assert page_links(response) == expected


# -- 5233 EntitySelector, 019_32 Query body, 5722 too-wide queries --------------------------------------


@pytest.mark.parametrize(
    ("selector", "status", "found"),
    [
        ({"type": "Building", "id": IDS[:2]}, 200, IDS[:2]),
        ({"type": "Building", "id": IDS[0], "idPattern": f"^{IDS[1]}$"}, 200, [IDS[0]]),
        ({"id": IDS[0]}, 400, None),
        ({"type": "Building", "id": "not a uri"}, 400, None),
        ({"type": "Building", "id": [IDS[0], 5]}, 400, None),
        ({"type": "Building", "idPattern": f"^{IDS[1]}$"}, 200, [IDS[1]]),
    ],
    ids=["5233_01_01", "5233_01_02", "5233_01_03", "5233_01_04", "5233_01_05", "5233_01_06"],
)
def test_5233_01_entity_selector(
    api: TestClient, three: SuiteContext, selector: dict[str, Any], status: int, found: list[str] | None
) -> None:
    query = {"type": "Query", "entities": [selector]}
    response = api.post(f"{V1}/entityOperations/query", json=query, headers={**JSON, **three.link})
    if found is None:
        assert_problem(response, status, "BadRequestData")
    else:
        assert ids(response) == found


@pytest.mark.parametrize(
    "body",
    [
        {"entities": []},
        {"attrs": []},
        {"q": 42},
        {"join": "inline", "joinLevel": 0},
        {"temporalQ": {"timerel": "after", "timeAt": "2020-01-01T00:00:00Z"}},
        {"type": "NotQuery"},
    ],
    ids=["019_32_04", "019_32_05", "019_32_06", "019_32_07", "019_32_08", "019_32_09"],
)
def test_019_32_invalid_query_body(api: TestClient, three: SuiteContext, body: dict[str, Any]) -> None:
    query = {"type": "Query", "entities": [{"type": "Building"}], **body}
    response = api.post(f"{V1}/entityOperations/query", json=query, headers={**JSON, **three.link})
    assert_problem(response, 400, "BadRequestData")


def test_019_32_01_body_q_pick_and_omit(api: TestClient, three: SuiteContext) -> None:
    url = f"{V1}/entityOperations/query"
    headers = {**JSON, **three.link}
    base = {"type": "Query", "entities": [{"type": "Building"}]}
    assert ids(api.post(url, json={**base, "q": "airQualityLevel>5"}, headers=headers)) == [IDS[1]]
    picked = api.post(url, json={**base, "pick": ["name"]}, headers=headers).json()
    assert picked == [{"name": {"type": "Property", "value": "Civic Centre"}}] * 3
    omitted = api.post(url, json={**base, "omit": ["name"]}, headers=headers).json()
    assert all("name" not in e and "subCategory" in e for e in omitted)


@pytest.mark.parametrize(
    "params",
    [
        {"attrs": "createdAt"},
        {"q": 'modifiedAt>"2020-01-01T00:00:00Z"'},
        {"type": "Building", "csf": "))bad(("},
    ],
    ids=["5722_01_01_system_attrs", "5722_01_02_system_q", "5722_01_05_invalid_csf"],
)
def test_5722_01_query_validation_edges(api: TestClient, three: SuiteContext, params: dict[str, str]) -> None:
    response = api.get(f"{V1}/entities", params=params, headers={"Accept": "application/ld+json"})
    assert_problem(response, 400, "BadRequestData")


# -- batch extension TPs: 567 null items, 5620 batch merge, 466 duplicate ordering ------------------------


def test_567_01_01_null_item_fails_the_whole_batch(api: TestClient) -> None:
    batch = [{"id": IDS[0], "type": "Vehicle"}, None]
    assert_problem(api.post(f"{V1}/entityOperations/create", json=batch, headers=JSON), 400, "BadRequestData")
    assert api.get(f"{V1}/entities/{IDS[0]}").status_code == 404
    assert_problem(api.post(f"{V1}/entityOperations/create", json=[], headers=JSON), 400, "BadRequestData")


@pytest.mark.parametrize(
    "batch", [[{"id": IDS[0], "type": "Building"}, None], []], ids=["5620_01_01", "5620_01_02"]
)
def test_5620_01_invalid_batch_merge_arrays(api: TestClient, batch: list[Any]) -> None:
    assert_problem(api.post(f"{V1}/entityOperations/merge", json=batch, headers=JSON), 400, "BadRequestData")


def test_5620_01_03_merge_null_deletes_the_attribute(api: TestClient, three: SuiteContext) -> None:
    fragment = {"id": IDS[0], "type": "Building", "subCategory": "urn:ngsi-ld:null", "@context": three.body}
    response = api.post(f"{V1}/entityOperations/merge", json=[fragment], headers=LD_JSON)
    assert response.status_code == 204 and response.content == b""
    got = api.get(f"{V1}/entities/{IDS[0]}", headers=three.link)
    assert (
        "subCategory" not in got.text and "urn:ngsi-ld:null" not in got.text and "airQualityLevel" in got.text
    )


def test_466_01_01_later_duplicate_determines_the_final_state(api: TestClient, ctx: SuiteContext) -> None:
    first = {
        "id": IDS[0],
        "type": "Vehicle",
        "speed": {"type": "Property", "value": 1},
        "old": {"type": "Property", "value": True},
        "@context": ctx.body,
    }
    second = {
        "id": IDS[0],
        "type": "Vehicle",
        "speed": {"type": "Property", "value": 2},
        "@context": ctx.body,
    }
    response = api.post(
        f"{V1}/entityOperations/upsert?options=replace", json=[first, second], headers=LD_JSON
    )
    assert response.status_code in (201, 204)
    got = api.get(f"{V1}/entities/{IDS[0]}", headers=ctx.link).json()
    assert got["speed"]["value"] == 2 and "old" not in got


# -- discovery extension TPs: 577 entity types, 5710 attributes -------------------------------------------


def test_577_01_01_unused_entity_type_is_not_found(api: TestClient, three: SuiteContext) -> None:
    assert_problem(api.get(f"{V1}/types/NoSuchType12345", headers=three.link), 404, "ResourceNotFound")


@pytest.mark.parametrize(
    "path",
    ["/types/Building?details=true", "/attributes?limit=5", "/attributes/name?details=true"],
    ids=["577_01_02", "5710_01_03_list", "5710_01_03_one"],
)
def test_discovery_endpoints_take_only_their_parameters(
    api: TestClient, three: SuiteContext, path: str
) -> None:
    assert_problem(api.get(f"{V1}{path}", headers=three.link), 400, "InvalidRequest")


def test_577_01_03_entity_types_are_scoped_to_the_tenant(api: TestClient) -> None:
    for tenant, entity_type in (("tp577a", "TenantAType"), ("tp577b", "Building")):
        body = {"id": f"urn:ngsi-ld:Building:{tenant}", "type": entity_type}
        assert (
            api.post(f"{V1}/entities", json=body, headers={**JSON, "NGSILD-Tenant": tenant}).status_code
            == 201
        )
    assert "TenantAType" in api.get(f"{V1}/types", headers={"NGSILD-Tenant": "tp577a"}).json()["typeList"]
    assert "TenantAType" not in api.get(f"{V1}/types", headers={"NGSILD-Tenant": "tp577b"}).json()["typeList"]
    response = api.get(f"{V1}/types/TenantAType", headers={"NGSILD-Tenant": "tp577b"})
    assert_problem(response, 404, "ResourceNotFound")


def test_5710_01_02_entity_members_are_not_attributes(api: TestClient, three: SuiteContext) -> None:
    listed = api.get(f"{V1}/attributes", headers=three.link).json()["attributeList"]
    for member in ("id", "type", "scope", "createdAt", "modifiedAt", "deletedAt"):
        assert member not in listed
        assert api.get(f"{V1}/attributes/{member}", headers=three.link).status_code == 404
