"""ETSI NGSI-LD test suite cases for Linked Entity Retrieval (4.5.23: ``join``, ``joinLevel``,
``containedBy``) and q over linked entities (4.9): 018_10/13/14/20/21 and 019_13 shapes, 019_29, 5711_01_03
and 5722_01_03/04, with the suite's request shapes and entities; and linked entities under access policies.
Both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.settings import Settings
from tests.api.conftest import V1, entity
from tests.api.etsi_support import LD_JSON, SuiteContext, assert_problem
from tests.governance.helpers import ACTORS, account_keys, backend_store

BUILDING = "urn:ngsi-ld:Building:018-20"
PARIS = "urn:ngsi-ld:City:Paris"
FRANCE = "urn:ngsi-ld:Country:France"
JSON_ACCEPT = {"Accept": "application/json"}


def rel(target: str) -> dict[str, str]:
    return {"type": "Relationship", "object": target}


def prop(value: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value}


def create(
    api: TestClient, ctx: SuiteContext, body: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    response = api.post(
        f"{V1}/entities", json={**body, "@context": ctx.body}, headers={**LD_JSON, **(headers or {})}
    )
    assert response.status_code == 201, response.text


@pytest.fixture
def chain(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    """building-relationship → city-simple-attributes → country-simple-attributes (as in 018_20 / 018_21)."""
    create(api, ctx, {"id": BUILDING, "type": "Building", "locatedAt": rel(PARIS)})
    city = {
        "id": PARIS,
        "type": "City",
        "name": prop("Paris"),
        "description": prop("Paris is the capital and largest city of France"),
        "isInCountry": rel(FRANCE),
    }
    create(api, ctx, city)
    country = {
        "id": FRANCE,
        "type": "Country",
        "name": prop("France"),
        "description": prop("France is an European country"),
    }
    create(api, ctx, country)
    return ctx


def get(api: TestClient, ctx: SuiteContext, entity_id: str, **params: str) -> Any:
    response = api.get(f"{V1}/entities/{entity_id}", params=params, headers={**JSON_ACCEPT, **ctx.link})
    assert response.status_code == 200, response.text
    return response.json()


CITY_FULL = {
    "id": PARIS,
    "type": "City",
    "name": prop("Paris"),
    "description": prop("Paris is the capital and largest city of France"),
    "isInCountry": rel(FRANCE),
}
COUNTRY_FULL = {
    "id": FRANCE,
    "type": "Country",
    "name": prop("France"),
    "description": prop("France is an European country"),
}


# -- 018 retrieve with linked entities ----------------------------------------------------------------------


def test_018_10_01_inline_normalized(api: TestClient, chain: SuiteContext) -> None:
    got = get(api, chain, BUILDING, join="inline", joinLevel="1")
    assert got == {"id": BUILDING, "type": "Building", "locatedAt": {**rel(PARIS), "entity": CITY_FULL}}


def test_018_10_02_flat_normalized(api: TestClient, chain: SuiteContext) -> None:
    got = get(api, chain, BUILDING, join="flat", joinLevel="1")
    assert got == [{"id": BUILDING, "type": "Building", "locatedAt": rel(PARIS)}, CITY_FULL]


def test_018_10_03_inline_simplified(api: TestClient, chain: SuiteContext) -> None:
    got = get(api, chain, BUILDING, join="inline", joinLevel="1", options="keyValues")
    city = {
        "id": PARIS,
        "type": "City",
        "name": "Paris",
        "description": "Paris is the capital and largest city of France",
        "isInCountry": FRANCE,
    }
    assert got == {"id": BUILDING, "type": "Building", "locatedAt": city}


def test_018_10_04_flat_simplified(api: TestClient, chain: SuiteContext) -> None:
    got = get(api, chain, BUILDING, join="flat", options="keyValues")  # joinLevel defaults to 1
    assert got[0] == {"id": BUILDING, "type": "Building", "locatedAt": PARIS}
    assert [e["id"] for e in got] == [BUILDING, PARIS]


def test_018_13_two_levels_inline_and_flat(api: TestClient, chain: SuiteContext) -> None:
    inline = get(api, chain, BUILDING, join="inline", joinLevel="2")
    city = inline["locatedAt"]["entity"]
    assert city["isInCountry"] == {**rel(FRANCE), "entity": COUNTRY_FULL}
    flat = get(api, chain, BUILDING, join="flat", joinLevel="2")
    assert flat == [{"id": BUILDING, "type": "Building", "locatedAt": rel(PARIS)}, CITY_FULL, COUNTRY_FULL]
    concise = get(api, chain, BUILDING, join="inline", joinLevel="2", format="concise")
    assert concise["locatedAt"]["entity"]["isInCountry"]["entity"]["name"] == "France"


def test_018_14_non_existent_linked_entity(api: TestClient, ctx: SuiteContext) -> None:
    create(api, ctx, {"id": BUILDING, "type": "Building", "locatedAt": rel(PARIS)})
    expected = {"id": BUILDING, "type": "Building", "locatedAt": rel(PARIS)}
    assert get(api, ctx, BUILDING, join="inline", joinLevel="1") == expected
    assert get(api, ctx, BUILDING, join="flat", joinLevel="1") == expected


def test_018_20_pick_on_linked_entities(api: TestClient, chain: SuiteContext) -> None:
    got = get(api, chain, BUILDING, join="inline", joinLevel="2", pick="id,locatedAt{id,name}")
    assert got == {
        "id": BUILDING,
        "locatedAt": {**rel(PARIS), "entity": {"id": PARIS, "name": prop("Paris")}},
    }
    flat = get(api, chain, BUILDING, join="flat", joinLevel="2", pick="id,locatedAt{id,name}")
    assert flat == [{"id": BUILDING, "locatedAt": rel(PARIS)}, {"id": PARIS, "name": prop("Paris")}]
    deep = get(
        api,
        chain,
        BUILDING,
        join="inline",
        joinLevel="2",
        pick="id,locatedAt{id,name,isInCountry{id,description}}",
    )
    country = {"id": FRANCE, "description": prop("France is an European country")}
    assert deep["locatedAt"]["entity"] == {
        "id": PARIS,
        "name": prop("Paris"),
        "isInCountry": {**rel(FRANCE), "entity": country},
    }


def test_018_21_omit_on_linked_entities(api: TestClient, chain: SuiteContext) -> None:
    got = get(
        api,
        chain,
        BUILDING,
        join="inline",
        joinLevel="2",
        omit="type,locatedAt{name,isInCountry{description}}",
    )
    assert got == {
        "id": BUILDING,
        "locatedAt": {
            **rel(PARIS),
            "entity": {
                "id": PARIS,
                "type": "City",
                "description": prop("Paris is the capital and largest city of France"),
                "isInCountry": {
                    **rel(FRANCE),
                    "entity": {"id": FRANCE, "type": "Country", "name": prop("France")},
                },
            },
        },
    }
    flat = get(api, chain, BUILDING, join="flat", joinLevel="2", omit="type,locatedAt{name}")
    assert flat[1] == {k: v for k, v in CITY_FULL.items() if k != "name"}
    assert flat[2] == COUNTRY_FULL


def test_5711_01_03_linked_projection_without_join(api: TestClient, chain: SuiteContext) -> None:
    url = f"{V1}/entities/{BUILDING}"
    headers = {"Accept": "application/ld+json"}
    assert_problem(api.get(url, params={"pick": "owner{name}"}, headers=headers), 400, "BadRequestData")
    too_deep = {"pick": "locatedAt{isInCountry{name}}", "join": "inline", "joinLevel": "1"}
    assert_problem(api.get(url, params=too_deep, headers=headers), 400, "BadRequestData")
    unbalanced = {"pick": "locatedAt{name", "join": "inline"}
    assert_problem(api.get(url, params=unbalanced, headers=headers), 400, "BadRequestData")


@pytest.mark.parametrize(
    "params",
    [{"join": "sideways"}, {"join": "inline", "joinLevel": "0"}, {"join": "flat", "joinLevel": "x"}],
    ids=["bad_join", "zero_level", "text_level"],
)
def test_invalid_join_parameters(api: TestClient, chain: SuiteContext, params: dict[str, str]) -> None:
    assert_problem(api.get(f"{V1}/entities/{BUILDING}", params=params), 400, "BadRequestData")


# -- cycles, containedBy, tenants ---------------------------------------------------------------------------


def test_cycles_stop_and_contained_by_is_not_expanded(api: TestClient, chain: SuiteContext) -> None:
    # France points back at Paris: Paris → France → (Paris is on the path: not expanded again)
    patch = {"capital": rel(PARIS), "@context": chain.body}
    assert api.post(f"{V1}/entities/{FRANCE}/attrs", json=patch, headers=LD_JSON).status_code == 204
    got = get(api, chain, PARIS, join="inline", joinLevel="5")
    france = got["isInCountry"]["entity"]
    assert france["capital"] == rel(PARIS)
    flat = get(api, chain, BUILDING, join="flat", joinLevel="5")
    assert [e["id"] for e in flat] == [BUILDING, PARIS, FRANCE]
    stopped = get(api, chain, BUILDING, join="inline", joinLevel="3", containedBy=PARIS)
    assert stopped["locatedAt"] == rel(PARIS)
    assert [e["id"] for e in get(api, chain, BUILDING, join="flat", joinLevel="3", containedBy=FRANCE)] == [
        BUILDING,
        PARIS,
    ]


def test_linked_entities_come_from_the_same_tenant(api: TestClient, chain: SuiteContext) -> None:
    tenant = {"NGSILD-Tenant": "linkedtenant"}
    create(api, chain, {"id": BUILDING, "type": "Building", "locatedAt": rel(PARIS)}, tenant)
    create(api, chain, {"id": PARIS, "type": "City", "name": prop("Paris, tenant copy")}, tenant)
    response = api.get(
        f"{V1}/entities/{BUILDING}",
        params={"join": "inline"},
        headers={**JSON_ACCEPT, **chain.link, **tenant},
    )
    assert response.status_code == 200, response.text
    assert response.json()["locatedAt"]["entity"] == {
        "id": PARIS,
        "type": "City",
        "name": prop("Paris, tenant copy"),
    }


# -- 019 query with linked entities -------------------------------------------------------------------------


@pytest.fixture
def two(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    """Two buildings in two cities (as in 019_13), and a third building without a relationship."""
    for n in (1, 2):
        create(
            api,
            ctx,
            {
                "id": f"urn:ngsi-ld:Building:019-13-{n}",
                "type": "Building",
                "locatedAt": rel(f"urn:ngsi-ld:City:019-13-{n}"),
            },
        )
        create(api, ctx, {"id": f"urn:ngsi-ld:City:019-13-{n}", "type": "City", "name": prop(f"City {n}")})
    create(api, ctx, {"id": "urn:ngsi-ld:Building:019-13-3", "type": "Building"})
    return ctx


def query(api: TestClient, ctx: SuiteContext, **params: str) -> Any:
    response = api.get(f"{V1}/entities", params=params, headers={**JSON_ACCEPT, **ctx.link})
    assert response.status_code == 200, response.text
    return response


def test_019_13_query_inline_and_flat(api: TestClient, two: SuiteContext) -> None:
    inline = query(api, two, type="Building", join="inline", joinLevel="1", count="true")
    assert inline.headers["NGSILD-Results-Count"] == "3"
    body = inline.json()
    assert body[0]["locatedAt"]["entity"] == {
        "id": "urn:ngsi-ld:City:019-13-1",
        "type": "City",
        "name": prop("City 1"),
    }
    assert body[1]["locatedAt"]["entity"]["name"] == prop("City 2")
    assert body[2] == {"id": "urn:ngsi-ld:Building:019-13-3", "type": "Building"}
    flat = query(api, two, type="Building", join="flat", options="keyValues", limit="2").json()
    assert [e["id"] for e in flat] == [
        "urn:ngsi-ld:Building:019-13-1",
        "urn:ngsi-ld:Building:019-13-2",
        "urn:ngsi-ld:City:019-13-1",
        "urn:ngsi-ld:City:019-13-2",
    ]
    assert flat[0]["locatedAt"] == "urn:ngsi-ld:City:019-13-1" and flat[2]["name"] == "City 1"


def test_019_13_post_query_with_join_in_body(api: TestClient, two: SuiteContext) -> None:
    body = {
        "type": "Query",
        "entities": [{"type": "Building"}],
        "q": 'locatedAt{name}=="City 2"',
        "join": "inline",
        "joinLevel": 1,
        "pick": ["id", "locatedAt{name}"],
    }
    response = api.post(
        f"{V1}/entityOperations/query", json=body, headers={"Content-Type": "application/json", **two.link}
    )
    assert response.status_code == 200, response.text
    assert response.json() == [
        {
            "id": "urn:ngsi-ld:Building:019-13-2",
            "locatedAt": {**rel("urn:ngsi-ld:City:019-13-2"), "entity": {"name": prop("City 2")}},
        }
    ]
    no_join = {k: v for k, v in body.items() if k not in ("join", "pick")}
    response = api.post(
        f"{V1}/entityOperations/query", json=no_join, headers={"Content-Type": "application/json", **two.link}
    )
    assert_problem(response, 400, "BadRequestData")


QL_FEATURES = "urn:ngsi-ld:Building:qlFeatures019x29"
QL_TARGET = "urn:ngsi-ld:Building:qlTarget019x29"


@pytest.fixture
def features(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    """building-query-language-features and building-query-language-target of the suite."""
    create(
        api,
        ctx,
        {
            "id": QL_FEATURES,
            "type": "Building",
            "address": prop({"city": "Berlin", "street": "Ulrich Strasse"}),
            "color": {"type": "LanguageProperty", "languageMap": {"fr": "rouge", "en": "red", "de": "rot"}},
            "category": {"type": "VocabProperty", "vocab": "commercial"},
            "managedBy": rel(QL_TARGET),
        },
    )
    create(api, ctx, {"id": QL_TARGET, "type": "Building", "name": prop("Pisa Tower")})
    return ctx


LINKED = {"join": "inline", "joinLevel": "1"}


@pytest.mark.parametrize(
    ("q", "count", "extra"),
    [
        ('address[city]=="Berlin"', 1, {}),
        ('address[postcode]=="Berlin"', 0, {}),
        ("address[city]", 1, {}),
        ('color[en]=="red"', 1, {}),
        ('color[en]=="rouge"', 0, {}),
        ('color[*]=="rouge"', 1, {}),
        ('color[*]!="red"', 0, {}),
        ('managedBy{name}=="Pisa Tower"', 1, LINKED),
        ('managedBy{Building:name}=="Pisa Tower"', 1, LINKED),
        ('managedBy{Vehicle:name}=="Pisa Tower"', 0, LINKED),
        ('managedBy>"urn:a"', 0, {}),
        ("category==commercial", 1, {"expandValues": "category"}),
        ("category==commercial", 0, {}),
    ],
    ids=[f"019_29_{n:02d}" for n in range(1, 14)],
)
def test_019_29_query_language_paths(
    api: TestClient, features: SuiteContext, q: str, count: int, extra: dict[str, str]
) -> None:
    response = query(api, features, type="Building", q=q, count="true", **extra)
    assert response.headers["NGSILD-Results-Count"] == str(count)
    assert [e["id"] for e in response.json()] == [QL_FEATURES] * count


def test_019_29_linked_q_combines_with_other_terms(api: TestClient, features: SuiteContext) -> None:
    both = query(
        api, features, type="Building", q='managedBy{name}=="Pisa Tower";address[city]=="Berlin"', **LINKED
    )
    assert [e["id"] for e in both.json()] == [QL_FEATURES]
    either = query(api, features, type="Building", q='managedBy{name}=="Nope"|name=="Pisa Tower"', **LINKED)
    assert [e["id"] for e in either.json()] == [QL_TARGET]
    negated = query(api, features, type="Building", q="!managedBy{name}", **LINKED)
    assert [e["id"] for e in negated.json()] == [QL_TARGET]
    # the relationship is read for the filter even when the projection leaves it out
    picked = query(api, features, type="Building", q='managedBy{name}~=".*Tower"', attrs="address", **LINKED)
    assert picked.json() == [
        {
            "id": QL_FEATURES,
            "type": "Building",
            "address": prop({"city": "Berlin", "street": "Ulrich Strasse"}),
        }
    ]


@pytest.mark.parametrize(
    "query_string",
    ['type=Building&q=owner{name}=="x"', 'type=Building&q=owner{works{name}}=="x"&join=inline&joinLevel=1'],
    ids=["5722_01_03_linked_q_without_join", "5722_01_04_linked_q_deeper_than_join_level"],
)
def test_5722_01_linked_q_too_deep(api: TestClient, features: SuiteContext, query_string: str) -> None:
    response = api.get(f"{V1}/entities?{query_string}", headers={"Accept": "application/ld+json"})
    assert_problem(response, 400, "BadRequestData")


def test_linked_q_two_levels(api: TestClient, chain: SuiteContext) -> None:
    q = 'locatedAt{isInCountry{name}}=="France"'
    found = query(api, chain, type="Building", q=q, join="flat", joinLevel="2").json()
    assert [e["id"] for e in found] == [BUILDING, PARIS, FRANCE]
    none = query(
        api,
        chain,
        type="Building",
        q='locatedAt{isInCountry{Country:name}}=="Spain"',
        join="flat",
        joinLevel="2",
    )
    assert none.json() == []


# -- linked entities under access policies (the shipped policy, as in test_access_matrix) ------------------

OWNER = "urn:ngsi-ld:Person:ft-linked"
HOUSE = "urn:ngsi-ld:Building:ft-linked"
FUTIAN = "440304001019"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def governed(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """A secured app: a Futian building whose ``owner`` is a resident (name masked for operators, the
    person invisible to staff)."""
    with backend_store(request.param, tmp_path) as (url, store):
        keys = account_keys(store, ACTORS)
        settings = Settings(
            db=url, auth=True, auth_signing_key=tmp_path / "signing-key.pem", max_page_size=50
        )
        with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
            admin = {"X-API-Key": keys["admin"]}
            person = entity(OWNER, "Person", name="张三丰", phone="13812345678", adminCode=FUTIAN)
            house = entity(HOUSE, "Building", name="园岭新村1栋", adminCode=FUTIAN, owner=rel(OWNER))
            for body in (person, house):
                assert client.post(f"{V1}/entities", json=body, headers=admin).status_code == 201
            yield client, keys


def test_linked_entities_follow_the_access_policy(governed: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = governed

    def as_actor(actor: str, path: str, **params: str) -> Any:
        response = client.get(f"{V1}{path}", params=params, headers={"X-API-Key": keys[actor]})
        assert response.status_code == 200, response.text
        return response.json()

    admin = as_actor("admin", f"/entities/{HOUSE}", join="inline")
    assert admin["owner"]["entity"]["name"]["value"] == "张三丰"
    masked = as_actor("operator", f"/entities/{HOUSE}", join="inline")
    assert masked["owner"]["entity"]["name"]["value"] == "张**"
    # staff may read the building but not the person: nothing is inlined or listed
    assert "entity" not in as_actor("staff", f"/entities/{HOUSE}", join="inline")["owner"]
    assert as_actor("staff", f"/entities/{HOUSE}", join="flat")["id"] == HOUSE
    # a linked q filters only on what the caller sees in clear (else it does not match)
    for actor, q, found in [
        ("admin", 'owner{name}=="张三丰"', [HOUSE]),
        ("operator", 'owner{name}=="张三丰"', []),
        ("operator", 'owner{name}=="张**"', []),
        ("staff", "owner{name}", []),
        ("staff", "owner", [HOUSE]),
    ]:
        got = as_actor(actor, "/entities", type="Building", q=q, join="flat")
        assert [e["id"] for e in got if e["id"] == HOUSE] == found, (actor, q)


@pytest.mark.parametrize(
    ("join", "options"),
    [("inline", None), ("flat", None), ("inline", "keyValues"), ("flat", "keyValues")],
    ids=["019_24_01", "019_24_02", "019_24_03", "019_24_04"],
)
def test_019_24_post_query_with_joins(
    api: TestClient, two: SuiteContext, join: str, options: str | None
) -> None:
    body = {"type": "Query", "entities": [{"type": "Building"}], "join": join}
    params = {"options": options} if options else {}
    headers = {"Content-Type": "application/json", **two.link}
    response = api.post(f"{V1}/entityOperations/query", json=body, params=params, headers=headers)
    assert response.status_code == 200, response.text
    got = response.json()
    city = {"id": "urn:ngsi-ld:City:019-13-1", "type": "City", "name": prop("City 1")}
    if options:
        city = {**city, "name": "City 1"}
    if join == "inline":
        assert len(got) == 3
        linked = got[0]["locatedAt"] if options else got[0]["locatedAt"]["entity"]
        assert linked == city
    else:
        assert [e["id"] for e in got][3:] == ["urn:ngsi-ld:City:019-13-1", "urn:ngsi-ld:City:019-13-2"]
        assert got[3] == city
