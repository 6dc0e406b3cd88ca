"""ETSI NGSI-LD test suite cases for the temporal API not replayed in ``test_etsi_temporal``: retrieval
020_09-23, the 5731/5741/5744 extension cases. Requests and expectations as the suite's .robot files and
data files give them (the suite leaves out empty parameters). Both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.storage.base import Store
from tests.api.conftest import V1
from tests.api.etsi_support import JSON, LD_JSON, SuiteContext, assert_problem, vehicle_history
from tests.api.test_etsi_temporal_paging import suite_app


@pytest.fixture
def api(store: Store) -> Iterator[TestClient]:
    """The app at the instance limit the suite's README asks for (see ``test_etsi_temporal_paging``)."""
    yield from suite_app(store)


T = f"{V1}/temporal/entities"
V = "urn:ngsi-ld:Vehicle:sweep-A"


@pytest.fixture
def history(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    response = api.post(f"{T}/", json=vehicle_history(V, ctx), headers=LD_JSON)
    assert response.status_code == 201, response.text
    return ctx


def create(api: TestClient, ctx: SuiteContext, body: dict[str, Any]) -> None:
    response = api.post(f"{T}/", json={**body, "@context": ctx.body}, headers=LD_JSON)
    assert response.status_code == 201, response.text


def without_instance_ids(body: Any) -> Any:
    """The body without ``instanceId`` members (server-chosen, as the suite's comparison ignores them)."""
    if isinstance(body, dict):
        return {k: without_instance_ids(v) for k, v in body.items() if k != "instanceId"}
    if isinstance(body, list):
        return [without_instance_ids(v) for v in body]
    return body


# -- 020_09: a timerel without its times -----------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [{"timerel": "after"}, {"timerel": "before"}, {"timerel": "between", "timeAt": "2020-08-01T12:00:00Z"}],
    ids=["020_09_01_after", "020_09_02_before", "020_09_03_between"],
)
def test_020_09_invalid_request_content(
    api: TestClient, history: SuiteContext, params: dict[str, str]
) -> None:
    assert_problem(api.get(f"{T}/{V}", params=params), 400, "BadRequestData")


# -- 020_11: aggregated representation -------------------------------------------------------------------

HOUR_1, HOUR_2, HOUR_3, HOUR_4 = (f"2020-08-01T{h}:03:00Z" for h in (12, 13, 14, 15))
FUEL_AVG = [[67.0, HOUR_1, HOUR_2], [53.0, HOUR_2, HOUR_3], [40.0, HOUR_3, HOUR_4]]


@pytest.mark.parametrize(
    ("methods", "period", "attrs", "expected"),
    [
        (
            "avg",
            "PT1H",
            None,
            {
                "speed": {"type": "Property", "avg": [[100.0, HOUR_1, HOUR_2]]},
                "fuelLevel": {"type": "Property", "avg": FUEL_AVG},
            },
        ),
        ("avg", "PT1H", "fuelLevel", {"fuelLevel": {"type": "Property", "avg": FUEL_AVG}}),
        (
            "avg,max",
            "PT1H",
            None,
            {
                "speed": {
                    "type": "Property",
                    "avg": [[100.0, HOUR_1, HOUR_2]],
                    "max": [[120.0, HOUR_1, HOUR_2]],
                },
                "fuelLevel": {"type": "Property", "avg": FUEL_AVG, "max": FUEL_AVG},
            },
        ),
        (
            "min,max",
            "P1D",
            None,
            {
                "speed": {
                    "type": "Property",
                    "min": [[80.0, HOUR_1, "2020-08-02T12:03:00Z"]],
                    "max": [[120.0, HOUR_1, "2020-08-02T12:03:00Z"]],
                },
                "fuelLevel": {
                    "type": "Property",
                    "min": [[40.0, HOUR_1, "2020-08-02T12:03:00Z"]],
                    "max": [[67.0, HOUR_1, "2020-08-02T12:03:00Z"]],
                },
            },
        ),
    ],
    ids=["020_11_01", "020_11_02", "020_11_03", "020_11_04"],
)
def test_020_11_aggregated_representation(
    api: TestClient,
    history: SuiteContext,
    methods: str,
    period: str,
    attrs: str | None,
    expected: dict[str, Any],
) -> None:
    params = {"options": "aggregatedValues", "aggrMethods": methods, "aggrPeriodDuration": period}
    if attrs:
        params["attrs"] = attrs
    response = api.get(f"{T}/{V}", params=params, headers=history.link)
    assert response.status_code == 200, response.text
    assert response.json() == {"id": V, "type": "Vehicle", **expected}


# -- 020_12, 020_15, 020_16: LanguageProperty, JsonProperty, VocabProperty -------------------------------

AT = ("2020-08-01T12:03:00Z", "2020-08-01T12:07:00Z")


@pytest.mark.parametrize(
    ("attr", "kind", "member", "values"),
    [
        (
            "street",
            "LanguageProperty",
            "languageMap",
            [{"fr": "Grand Place", "nl": "Grote Markt"}, {"it": "Grande"}],
        ),
        ("speed", "JsonProperty", "json", [{"value": 120}, {"value": 80}]),
        ("vocabProperty", "VocabProperty", "vocab", ["monument", ["monument", "sightseeing"]]),
    ],
    ids=["020_12", "020_15", "020_16"],
)
def test_020_12_15_16_normalized_and_simplified(
    api: TestClient, ctx: SuiteContext, attr: str, kind: str, member: str, values: list[Any]
) -> None:
    instances = [{"type": kind, member: v, "observedAt": t} for v, t in zip(values, AT, strict=True)]
    create(api, ctx, {"id": V, "type": "Vehicle", attr: instances})
    normalized = api.get(f"{T}/{V}", headers=ctx.link).json()
    assert without_instance_ids(normalized) == {"id": V, "type": "Vehicle", attr: instances}
    simplified = api.get(f"{T}/{V}", params={"options": "temporalValues"}, headers=ctx.link).json()
    pairs = [[{member: v}, t] for v, t in zip(values, AT, strict=True)]
    assert simplified == {"id": V, "type": "Vehicle", attr: {"type": kind, member + "s": pairs}}


# -- 020_17, 020_19: deletions by timeproperty=deletedAt; scope -------------------------------------------

DIFFERENT_TYPES = {
    "id": V,
    "type": "Vehicle",
    "isParkedIn": [
        {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Commerce", "observedAt": AT[0]},
        {"type": "Relationship", "object": "urn:ngsi-ld:OffStreetParking:Graslin", "observedAt": AT[1]},
    ],
    "name": [
        {
            "type": "LanguageProperty",
            "languageMap": {"fr": "Ma voiture", "en": "My vehicle"},
            "observedAt": AT[0],
        }
    ],
    "fuelLevel": [{"type": "Property", "value": 67, "observedAt": AT[0]}],
}


@pytest.mark.parametrize(
    ("attr", "deleted"),
    [
        ("fuelLevel", {"type": "Property", "value": "urn:ngsi-ld:null"}),
        ("isParkedIn", {"type": "Relationship", "object": "urn:ngsi-ld:null"}),
        ("name", {"type": "LanguageProperty", "languageMap": {"@none": "urn:ngsi-ld:null"}}),
    ],
    ids=["020_17_01_property", "020_17_02_relationship", "020_17_03_languageproperty"],
)
def test_020_17_deleted_at(api: TestClient, ctx: SuiteContext, attr: str, deleted: dict[str, Any]) -> None:
    create(api, ctx, DIFFERENT_TYPES)
    assert api.delete(f"{V1}/entities/{V}/attrs/{attr}", headers=ctx.link).status_code == 204
    response = api.get(f"{T}/{V}", params={"timeproperty": "deletedAt"}, headers=ctx.link)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"id", "type", attr}
    [instance] = without_instance_ids(body[attr])
    assert instance.pop("deletedAt") and instance == deleted


SCOPED = {
    "id": V,
    "type": "Vehicle",
    "scope": ["/Madrid/Gardens/ParqueNorte", "/CompanyA/OrganizationB/UnitC"],
    "fuelLevel": [
        {"type": "Property", "value": 67, "observedAt": "2020-08-01T12:03:00Z"},
        {"type": "Property", "value": 53, "observedAt": "2020-08-01T13:05:00Z"},
    ],
}


def test_020_19_temporal_provision_keeps_the_scope(api: TestClient, ctx: SuiteContext) -> None:
    create(api, ctx, SCOPED)
    assert api.get(f"{V1}/entities/{V}", headers=ctx.link).json()["scope"] == SCOPED["scope"]
    [given] = api.get(f"{T}/{V}", headers=ctx.link).json()["scope"]
    assert given["value"] == SCOPED["scope"] and given["observedAt"]


@pytest.mark.parametrize("options", [None, "temporalValues"], ids=["020_19_01", "020_20_01"])
def test_020_19_scope_deletion_by_deleted_at(api: TestClient, ctx: SuiteContext, options: str | None) -> None:
    create(api, ctx, SCOPED)
    assert api.delete(f"{V1}/entities/{V}/attrs/scope", headers=ctx.link).status_code == 204
    params = {"timeproperty": "deletedAt", **({"options": options} if options else {})}
    response = api.get(f"{T}/{V}", params=params, headers=ctx.link)
    assert response.status_code == 200, response.text
    body = without_instance_ids(response.json())
    if options is None:
        [removed] = body["scope"]
        assert removed.pop("deletedAt") and removed == {"type": "Property", "value": []}
    else:
        [[value, at]] = body["scope"].pop("values")
        assert value == [] and at and body["scope"] == {"type": "Property"}
    assert set(body) == {"id", "type", "scope"}
    # without timeproperty the scope's evolution ends with its removal
    evolution = api.get(f"{T}/{V}", headers=ctx.link).json()["scope"]
    assert [i["value"] for i in evolution] == [SCOPED["scope"], []]


def test_core_api_writes_record_the_scope(api: TestClient, ctx: SuiteContext) -> None:
    """Every write that sets or changes the scope records it (create, merge, update, batch upsert), and
    deleting the entity ends it; writes that leave it alone record nothing."""
    body = {"id": V, "type": "Vehicle", "scope": "/A", "speed": {"type": "Property", "value": 1}}
    assert api.post(f"{V1}/entities", json=body).status_code == 201
    assert (
        api.patch(f"{V1}/entities/{V}", json={"speed": {"type": "Property", "value": 2}}).status_code == 204
    )
    assert api.patch(f"{V1}/entities/{V}", json={"scope": "/B"}).status_code == 204
    upsert = [{"id": V, "type": "Vehicle", "scope": ["/C", "/D"], "speed": {"type": "Property", "value": 3}}]
    assert api.post(f"{V1}/entityOperations/upsert", json=upsert).status_code == 204
    assert api.delete(f"{V1}/entities/{V}").status_code == 204
    scope = api.get(f"{T}/{V}").json()["scope"]
    assert [i["value"] for i in scope] == ["/A", "/B", ["/C", "/D"], []]
    assert "deletedAt" in scope[-1] and all("observedAt" in i for i in scope[:-1])
    simplified = api.get(f"{T}/{V}", params={"options": "temporalValues"}).json()["scope"]
    assert [v for v, _ in simplified["values"]] == ["/A", "/B", ["/C", "/D"], []]


def test_a_replacement_without_scope_records_its_removal(api: TestClient) -> None:
    body = {"id": V, "type": "Vehicle", "scope": "/A", "speed": {"type": "Property", "value": 1}}
    assert api.post(f"{V1}/entities", json=body).status_code == 201
    unscoped = {"type": "Vehicle", "speed": {"type": "Property", "value": 2}}
    assert api.put(f"{V1}/entities/{V}", json=unscoped).status_code == 204
    assert api.put(f"{V1}/entities/{V}", json=unscoped).status_code == 204  # nothing more to remove
    scope = api.get(f"{T}/{V}").json()["scope"]
    assert [i["value"] for i in scope] == ["/A", []] and "deletedAt" in scope[-1]


# -- 020_21-23, 5731: pick and omit ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "members"),
    [
        ({"pick": "speed"}, {"speed"}),
        ({"omit": "speed"}, {"id", "type", "fuelLevel"}),
        ({"pick": "id,speed"}, {"id", "speed"}),
        ({"omit": "type,speed"}, {"id", "fuelLevel"}),
    ],
    ids=["020_21_01", "020_21_02", "020_21_03", "020_21_04"],
)
def test_020_21_pick_and_omit(
    api: TestClient, history: SuiteContext, params: dict[str, str], members: set[str]
) -> None:
    response = api.get(f"{T}/{V}", params=params, headers=history.link)
    assert response.status_code == 200 and set(response.json()) == members


@pytest.mark.parametrize(
    "params",
    [
        {"pick": "speed", "omit": "speed"},
        {"pick": "speed", "attrs": "fuelLevel"},
        {"omit": "speed", "attrs": "fuelLevel"},
        {"pick": "owner{name}"},
    ],
    ids=["020_22_01", "020_22_02", "020_22_03", "5731_01_01_linked_pick"],
)
def test_020_22_invalid_pick_and_omit(api: TestClient, history: SuiteContext, params: dict[str, str]) -> None:
    headers = {**history.link, "Accept": "application/json"}
    assert_problem(api.get(f"{T}/{V}", params=params, headers=headers), 400, "BadRequestData")


def test_5731_01_01_linked_pick_is_refused_before_the_lookup(api: TestClient) -> None:
    response = api.get(
        f"{T}/urn:ngsi-ld:Building:5731?pick=owner{{name}}", headers={"Accept": "application/ld+json"}
    )
    assert_problem(response, 400, "BadRequestData")


@pytest.mark.parametrize(
    "params", [{"pick": "unknown"}, {"omit": "id,type,fuelLevel,speed"}], ids=["020_23_01", "020_23_02"]
)
def test_020_23_nothing_left_is_not_found(
    api: TestClient, history: SuiteContext, params: dict[str, str]
) -> None:
    headers = {**history.link, "Accept": "application/json"}
    assert_problem(api.get(f"{T}/{V}", params=params, headers=headers), 404, "ResourceNotFound")


# -- 5741: query validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "attrs=createdAt",
        "type=Building&pick=owner{name}",
        'type=Building&q=owner{name}=="x"',
        "type=Building&id=not a uri",
        "type=Building&csf=))bad((",
        "type=Building&orderBy=name",
    ],
    ids=["5741_01_01", "5741_01_02", "5741_01_03", "5741_01_04", "5741_01_05", "5741_01_06"],
)
def test_5741_01_query_validation(api: TestClient, query: str) -> None:
    response = api.get(
        f"{T}?timerel=after&timeAt=2020-01-01T00:00:00Z&{query}", headers={"Accept": "application/ld+json"}
    )
    assert_problem(response, 400, "BadRequestData")


def test_5741_system_attrs_with_a_type_are_not_too_wide(api: TestClient, history: SuiteContext) -> None:
    response = api.get(
        f"{T}?timerel=after&timeAt=2020-01-01T00:00:00Z&type=Vehicle&orderBy=id", headers=history.link
    )
    assert response.status_code == 200 and [e["id"] for e in response.json()] == [V]


# -- 5744_01: q over the window's instances --------------------------------------------------------------

IN, OUT = "2026-03-01T12:00:00Z", "2026-01-05T00:00:00Z"
WINDOW = "timerel=between&timeAt=2026-03-01T00:00:00Z&endTimeAt=2026-03-02T00:00:00Z"


def prop(value: Any, at: str, **extra: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value, "observedAt": at, **extra}


@pytest.fixture
def fleet(api: TestClient) -> None:
    """The 5744_01 fixture entities (ids ``urn:ngsi-ld:Vehicle:qp5744-<name>``)."""
    bodies: dict[str, dict[str, Any]] = {
        "fast": {
            "speed": [prop(30, IN), prop(90, OUT)],
            "heading": [prop(45, IN)],
            "route": [prop("550", IN)],
        },
        "slow": {"speed": [prop(10, IN), prop(80, OUT)], "heading": [prop(170, IN)]},
        "shapes": {
            "name": [prop("m", IN)],
            "ref": [{"type": "Relationship", "object": "urn:dest:qp1", "observedAt": IN}],
            "tags": [prop(["a", "b"], IN)],
        },
        "nowin": {"speed": [prop(99, OUT)]},
        "multi": {"speed": [prop(5, IN), prop(60, IN, datasetId="urn:ngsi-ld:Dataset:qp1")]},
    }
    for name, attrs in bodies.items():
        body = {"id": f"urn:ngsi-ld:Vehicle:qp5744-{name}", "type": "Vehicle", **attrs}
        assert api.post(T, json=body, headers=JSON).status_code == 201


@pytest.mark.parametrize(
    ("q", "found", "absent"),
    [
        ("speed%3E25", {"fast"}, {"slow", "nowin"}),
        ("speed%3E%3D5%3Bheading%3C90", {"fast"}, {"slow", "multi"}),
        ("speed%3E25%7Cheading%3E100", {"fast", "slow"}, {"shapes"}),
        ("speed%3E25%7Cname~%3D%22%5Em%22", {"fast", "shapes"}, {"nowin"}),
        ("speed%21%3D10", {"fast"}, {"nowin"}),
        ("%21heading%3Bspeed%3E25", {"multi"}, {"fast"}),
        ("speed%3D%3D10..40", {"fast", "slow"}, {"nowin", "shapes"}),
        ("route%3D%3D%22550%22,%22551%22", {"fast"}, {"slow", "shapes"}),
        ("ref%3D%3D%22urn:dest:qp1%22", {"shapes"}, {"fast"}),
        ("tags%3D%3D%22a%22", {"shapes"}, {"fast"}),
        ("speed%3E50", {"multi"}, {"fast", "slow"}),
    ],
    ids=[f"5744_01_{n:02d}" for n in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)],
)
def test_5744_01_q_over_windowed_instances(
    api: TestClient, fleet: None, q: str, found: set[str], absent: set[str]
) -> None:
    response = api.get(f"{T}?type=Vehicle&q={q}&{WINDOW}")
    assert response.status_code == 200, response.text
    names = {e["id"].removeprefix("urn:ngsi-ld:Vehicle:qp5744-") for e in response.json()}
    assert found <= names and not names & absent
    assert OUT not in response.text


def test_5744_01_03_offset_timestamp_is_refused(api: TestClient) -> None:
    body = {
        "id": "urn:ngsi-ld:Vehicle:qp5744-offset",
        "type": "Vehicle",
        "speed": [prop(50, "2026-03-01T02:00:00+03:00")],
    }
    assert_problem(api.post(T, json=body, headers=JSON), 400, "BadRequestData")


# -- 021_24-26: the too-wide guard, local=true, timerel bounds -------------------------------------------


def test_021_24_ids_alone_are_too_wide(api: TestClient, ctx: SuiteContext) -> None:
    params = {"id": "urn:ngsi-ld:Entity:01,urn:ngsi-ld:Entity:02", "timerel": "after", "timeAt": AT[0]}
    assert_problem(api.get(T, params=params, headers=ctx.link), 400, "BadRequestData")


def test_021_25_local_query_may_select_everything(api: TestClient, history: SuiteContext) -> None:
    params = {"local": "true", "timerel": "after", "timeAt": "2020-07-01T12:05:00Z"}
    response = api.get(T, params=params, headers=history.link)
    assert response.status_code == 200 and [e["id"] for e in response.json()] == [V]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"timerel": "after", "timeAt": "2020-08-01T12:05:00Z"}, ["12:05", "12:07"]),
        ({"timerel": "after", "timeAt": "2020-08-01T12:05:00.000Z"}, ["12:05", "12:07"]),
        ({"timerel": "before", "timeAt": "2020-08-01T12:05:00Z"}, ["12:03"]),
        ({"timerel": "before", "timeAt": "2020-08-01T12:05:00.000Z"}, ["12:03"]),
        (
            {"timerel": "between", "timeAt": "2020-08-01T12:03:00Z", "endTimeAt": "2020-08-01T12:05:00Z"},
            ["12:03"],
        ),
        (
            {
                "timerel": "between",
                "timeAt": "2020-08-01T12:03:00.000Z",
                "endTimeAt": "2020-08-01T12:05:00.000Z",
            },
            ["12:03"],
        ),
        ({"timerel": "during", "timeAt": "2020-08-01T12:05:00Z"}, None),
        ({"timerel": "between", "timeAt": "2020-08-01T12:05:00Z"}, None),
        ({"timerel": "after", "timeAt": "2020-08-01"}, None),
    ],
    ids=[f"021_26_{n:02d}" for n in range(1, 10)],
)
def test_021_26_timerel_bounds(
    api: TestClient, history: SuiteContext, params: dict[str, str], expected: list[str] | None
) -> None:
    response = api.get(T, params={"id": V, "attrs": "speed", **params}, headers=history.link)
    if expected is None:
        assert_problem(response, 400, "BadRequestData")
        return
    assert response.status_code == 200, response.text
    [got] = response.json()
    assert [i["observedAt"][11:16] for i in got["speed"]] == expected


# -- 5744_03: scopeQ over scopes given in the temporal form of clause 4.5.6 ------------------------------


@pytest.fixture
def scoped(api: TestClient) -> None:
    """The 5744_03 fixtures: scopes in the temporal form of clause 4.5.6, some set or replaced inside the
    window (12:00-13:00) and one set only after it."""
    bodies: dict[str, Any] = {
        "ab": ([prop("/A/B", "2026-03-01T10:00:00Z")], [("abval", "12:05")]),
        "xx": ([prop("/X", "2026-03-01T10:00:00Z")], [("xxval", "12:05")]),
        "bare": (None, [("bareval", "12:05")]),
        "both": ([prop(["/A/B", "/C"], "2026-03-01T10:00:00Z")], [("bothval", "12:05")]),
        "mid": ([prop("/M", "2026-03-01T12:10:00Z")], [("midpre", "12:05"), ("midpost", "12:15")]),
        "rep": (
            [prop("/R", "2026-03-01T10:00:00Z"), prop("/S", "2026-03-01T12:30:00Z")],
            [("repold", "12:15"), ("repnew", "12:45")],
        ),
        "late": ([prop("/Z", "2026-03-01T14:00:00Z")], [("lateval", "12:05")]),
    }
    for name, (scope, speeds) in bodies.items():
        body: dict[str, Any] = {
            "id": f"urn:ngsi-ld:Vehicle:qs5744-{name}",
            "type": "Vehicle",
            "speed": [prop(value, f"2026-03-01T{at}:00Z") for value, at in speeds],
        }
        if scope is not None:
            body["scope"] = scope
        assert api.post(T, json=body, headers=JSON).status_code == 201


SCOPE_WINDOW = "timerel=between&timeAt=2026-03-01T12:00:00Z&endTimeAt=2026-03-01T13:00:00Z"


def scope_query(api: TestClient, scope_q: str) -> dict[str, list[Any]]:
    """Fixture name → its speed values, of the entities a windowed scopeQ returns."""
    response = api.get(f"{T}?type=Vehicle&scopeQ={scope_q}&{SCOPE_WINDOW}")
    assert response.status_code == 200, response.text
    return {
        e["id"].removeprefix("urn:ngsi-ld:Vehicle:qs5744-"): [i["value"] for i in e.get("speed", [])]
        for e in response.json()
    }


@pytest.mark.parametrize(
    ("scope_q", "found"),
    [
        ("/A/B", {"ab", "both"}),
        ("/Y", set()),
        ("/A/%23", {"ab", "both"}),
        ("/%23", {"ab", "xx", "both", "mid", "rep"}),
        ("/X%7C/M", {"xx", "mid"}),
        ("(/A/B%3B/C)", {"both"}),
        ("/Z", set()),
    ],
    ids=["5744_03_01", "5744_03_02", "5744_03_03", "5744_03_04", "5744_03_05", "5744_03_06", "5744_03_10"],
)
def test_5744_03_scope_query(api: TestClient, scoped: None, scope_q: str, found: set[str]) -> None:
    assert set(scope_query(api, scope_q)) == found


@pytest.mark.parametrize(
    ("scope_q", "speeds"),
    [("/M", {"mid": ["midpost"]}), ("/R", {"rep": ["repold"]}), ("/S", {"rep": ["repnew"]})],
    ids=["5744_03_07", "5744_03_08", "5744_03_09"],
)
def test_5744_03_instances_are_those_of_the_valid_scope(
    api: TestClient, scoped: None, scope_q: str, speeds: dict[str, list[Any]]
) -> None:
    """Clause 4.18: a scope is valid from when it is set until replaced; only the instances of the time a
    matching scope was valid are returned."""
    assert scope_query(api, scope_q) == speeds


def test_5744_03_scope_query_in_a_post_query(api: TestClient, scoped: None) -> None:
    query = {
        "type": "Query",
        "entities": [{"type": "Vehicle"}],
        "scopeQ": "/R",
        "temporalQ": {
            "timerel": "between",
            "timeAt": "2026-03-01T12:00:00Z",
            "endTimeAt": "2026-03-01T13:00:00Z",
        },
    }
    response = api.post(f"{V1}/temporal/entityOperations/query", json=query, headers=JSON)
    assert response.status_code == 200, response.text
    [got] = response.json()
    assert got["id"].endswith("qs5744-rep") and [i["value"] for i in got["speed"]] == ["repold"]


def test_5744_03_scope_history_is_shown(api: TestClient, scoped: None) -> None:
    """The replaced scope and its replacement, both set in or before the window, are the scope's evolution."""
    response = api.get(
        f"{T}/urn:ngsi-ld:Vehicle:qs5744-rep", params={"timerel": "after", "timeAt": "2026-03-01T11:00:00Z"}
    )
    assert [(i["value"], i["observedAt"]) for i in response.json()["scope"]] == [
        ("/R", "2026-03-01T10:00:00Z"),
        ("/S", "2026-03-01T12:30:00Z"),
    ]
    later = api.get(
        f"{T}/urn:ngsi-ld:Vehicle:qs5744-rep", params={"timerel": "after", "timeAt": "2026-03-01T13:00:00Z"}
    )
    # after the window: the scope valid at its start is carried in
    assert [i["value"] for i in later.json()["scope"]] == ["/S"]


# -- 5744_02, 5744_04: 4.9 operator and datatype edges, geo-queries over windowed instances ---------------


def geo(lon: float, lat: float, at: str = IN) -> dict[str, Any]:
    return {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lon, lat]}, "observedAt": at}


@pytest.fixture
def typed(api: TestClient) -> None:
    """The 5744_02 and 5744_04 fixture entities (ids ``urn:ngsi-ld:Vehicle:<name>``)."""
    label = {"type": "LanguageProperty", "observedAt": IN}
    bodies: dict[str, dict[str, Any]] = {
        "typed": {
            "speed": [prop(30, IN)],
            "route": [prop("550", IN)],
            "active": [prop(True, IN)],
            "departure": [prop("2026-03-01T06:00:00Z", IN)],
        },
        "second": {"active": [prop(False, IN)], "departure": [prop("2026-02-01T00:00:00Z", IN)]},
        "langv": {"label": [{**label, "languageMap": {"en": "red", "fr": "rouge"}}]},
        "langother": {"label": [{**label, "languageMap": {"en": "black", "fr": "rouge"}}]},
        "relv": {"ref": [{"type": "Relationship", "object": "urn:dest:qpA", "observedAt": IN}]},
        "arrv": {"tags": [prop(["a", "b"], IN)]},
        "fastest": {"speed": [prop(99, IN)]},
        "geoin": {"location": [geo(17.1001, 48.1001)]},
        "geoout": {"location": [geo(10.0, 40.0), geo(17.1, 48.1, OUT)]},
        "paris": {"location": [geo(2.29, 48.85)]},
        "far": {"location": [geo(10.0, 50.0)]},
        "outw": {"location": [geo(2.29, 48.85, OUT)]},
        "obs": {"observationSpace": [geo(2.29, 48.85)]},
    }
    for name, attrs in bodies.items():
        body = {"id": f"urn:ngsi-ld:Vehicle:{name}", "type": "Vehicle", **attrs}
        assert api.post(T, json=body, headers=JSON).status_code == 201


BOX = "[[[2.0,48.5],[2.6,48.5],[2.6,49.2],[2.0,49.2],[2.0,48.5]]]"
NEAR_PARIS = "georel=near%3BmaxDistance%3D%3D2000&geometry=Point&coordinates=[2.29,48.85]"


@pytest.mark.parametrize(
    ("query", "found", "absent"),
    [
        ("q=speed%3D%3D%2230%22", set(), {"typed"}),
        ("q=speed%21%3D%22thirty%22", {"typed"}, {"second"}),
        ("q=route%3E100", set(), {"typed"}),
        ("q=ref%3E%22urn:a%22", set(), {"relv"}),
        ("q=ref%3D%3D%22urn:dest:qpA%22", {"relv"}, set()),
        ("q=speed~%3D%223.*%22", set(), {"typed"}),
        ("q=route%21~%3D%229.*%22", {"typed"}, set()),
        ("q=label%5Ben%5D%3D%3D%22red%22", {"langv"}, {"langother"}),
        ("q=label%5B*%5D%3D%3D%22rouge%22", {"langv", "langother"}, set()),
        ("q=tags%3D%3D%22x%22,%22z%22", set(), {"arrv"}),
        ("q=speed%21%3D10..40", {"fastest"}, {"typed"}),
        ("q=departure%3E%222026-02-15T00:00:00Z%22", {"typed"}, {"second"}),
        ("q=active%3D%3Dfalse", {"second"}, {"typed"}),
        ("q=%28speed%3E25%7Croute%3D%3D%22551%22%29%3Bactive%3D%3Dtrue", {"typed"}, {"fastest"}),
        (
            "georel=near%3BmaxDistance%3D%3D1000&geometry=Point&coordinates=%5B17.1,48.1%5D",
            {"geoin"},
            {"geoout"},
        ),
        (NEAR_PARIS, {"paris"}, {"far", "outw"}),
        (f"georel=within&geometry=Polygon&coordinates={BOX}", {"paris"}, {"far", "outw"}),
        (f"georel=disjoint&geometry=Polygon&coordinates={BOX}", {"far"}, {"paris", "outw"}),
        (f"{NEAR_PARIS}&geoproperty=observationSpace", {"obs"}, {"paris", "far"}),
    ],
    ids=[
        "5744_02_01",
        "5744_02_02",
        "5744_02_03",
        "5744_02_04_relationship_ordering",
        "5744_02_04_relationship_equal",
        "5744_02_05",
        "5744_02_06",
        "5744_02_07",
        "5744_02_08",
        "5744_02_09",
        "5744_02_10",
        "5744_02_11",
        "5744_02_12",
        "5744_02_13",
        "5744_02_14",
        "5744_04_01",
        "5744_04_03",
        "5744_04_05",
        "5744_04_07",
    ],
)
def test_5744_02_04_filters(
    api: TestClient, typed: None, query: str, found: set[str], absent: set[str]
) -> None:
    response = api.get(f"{T}?type=Vehicle&{query}&{WINDOW}")
    assert response.status_code == 200, response.text
    names = {e["id"].removeprefix("urn:ngsi-ld:Vehicle:") for e in response.json()}
    assert found <= names and not names & absent


# -- 021_19, 021_20: format and options ------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"format": "temporalValues"},
        {"format": "temporalValues", "options": "aggregatedValues", "aggrMethods": "sum"},
        {"options": "temporalValues"},
    ],
    ids=["021_19_01", "021_19_02_format_wins", "021_19_03"],
)
def test_021_19_format_or_options(api: TestClient, history: SuiteContext, params: dict[str, str]) -> None:
    query = {"type": "Vehicle", "timerel": "after", "timeAt": "2020-01-01T12:03:00Z", **params}
    response = api.get(T, params=query, headers=history.link)
    assert response.status_code == 200, response.text
    [got] = response.json()
    assert got["speed"]["values"][0] == [120, "2020-08-01T12:03:00Z"]


@pytest.mark.parametrize(
    "params",
    [
        {"format": "invalidFormat"},
        {"options": "invalidOptions"},
        {"options": "temporalValues,invalidOptions"},
        {"format": "temporalValues", "options": "aggregatedValues,invalidOptions"},
    ],
    ids=["021_20_01", "021_20_02", "021_20_03", "021_20_04"],
)
def test_021_20_faulty_format_or_options(api: TestClient, ctx: SuiteContext, params: dict[str, str]) -> None:
    query = {"type": "Vehicle", "timerel": "after", "timeAt": "2020-01-01T12:03:00Z", **params}
    assert_problem(api.get(T, params=query, headers=ctx.link), 400, "InvalidRequest")


# -- 5744_06: string order, unequal over arrays and lists, language filters ------------------------------


@pytest.fixture
def named(api: TestClient) -> None:
    label = {"type": "LanguageProperty", "languageMap": {"en": "hello", "fr": "bonjour"}, "observedAt": IN}
    bodies: dict[str, dict[str, Any]] = {
        "mm": {"name": [prop("m", IN)]},
        "zz": {"name": [prop("z", IN)]},
        "num": {"name": [prop(5, IN)]},
        "arr": {"tags": [prop(["a", "b"], IN)]},
        "lang": {"label": [label]},
    }
    for name, attrs in bodies.items():
        body = {"id": f"urn:ngsi-ld:Vehicle:qx5744-{name}", "type": "Vehicle", **attrs}
        assert api.post(T, json=body, headers=JSON).status_code == 201


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("name%3E%22m%22", {"zz"}),
        ("name%3E%3D%22m%22", {"mm", "zz"}),
        ("name%3E%22z%22", set()),
        ("name%21%3D%22m%22", {"zz", "num"}),
        ("tags%21%3D%22a%22", set()),
        ("name%21%3D%22m%22,%22z%22", {"num"}),
        ("label%5B%2A%5D%3D%3D%22bonjour%22", {"lang"}),
        ("label%5Ben%5D%3D%3D%22bonjour%22", set()),
    ],
    ids=[
        "5744_06_01",
        "5744_06_02",
        "5744_06_03",
        "5744_06_04",
        "5744_06_05",
        "5744_06_06",
        "5744_06_08a",
        "5744_06_08b",
    ],
)
def test_5744_06_value_filters(api: TestClient, named: None, q: str, found: set[str]) -> None:
    response = api.get(f"{T}?type=Vehicle&q={q}&{WINDOW}")
    assert response.status_code == 200, response.text
    assert {e["id"].removeprefix("urn:ngsi-ld:Vehicle:qx5744-") for e in response.json()} == found


def test_020_08_01_unknown_attributes_are_not_found(api: TestClient, history: SuiteContext) -> None:
    response = api.get(f"{T}/{V}", params={"attrs": "unknownAttribute"}, headers=history.link)
    assert_problem(response, 404, "ResourceNotFound")
    known = api.get(f"{T}/{V}", params={"attrs": "speed,unknownAttribute"}, headers=history.link)
    assert known.status_code == 200 and set(known.json()) == {"id", "type", "speed"}


def test_5744_03_11_valid_scope_is_presented(api: TestClient, scoped: None) -> None:
    response = api.get(f"{T}?type=Vehicle&scopeQ=/A/B&{SCOPE_WINDOW}")
    assert response.status_code == 200
    by_id = {e["id"]: e for e in response.json()}
    [instance] = by_id["urn:ngsi-ld:Vehicle:qs5744-ab"]["scope"]
    assert instance["type"] == "Property" and instance["value"] == "/A/B"


def test_456_01_core_scope_change_is_a_temporal_property_instance(api: TestClient, ctx: SuiteContext) -> None:
    body = {
        "id": V,
        "type": "Vehicle",
        "@context": ctx.body,
        "scope": "/Old",
        "speed": {"type": "Property", "value": 1, "observedAt": "2026-08-10T00:00:00Z"},
    }
    assert api.post(f"{V1}/entities", json=body, headers=LD_JSON).status_code == 201
    patch = api.patch(f"{V1}/entities/{V}", json={"type": "Vehicle", "scope": "/New"}, headers=ctx.link)
    assert patch.status_code == 204, patch.text
    response = api.get(f"{T}/{V}", params={"options": "sysAttrs"}, headers=ctx.link)
    assert response.status_code == 200, response.text
    # the scope's temporal evolution: the scope set at creation, then the one the merge set
    old, instance = response.json()["scope"]
    assert old["value"] == "/Old" and old["observedAt"] <= instance["observedAt"]
    assert instance["type"] == "Property" and instance["value"] == "/New"
    assert instance["observedAt"] == instance["modifiedAt"]
    assert set(instance) <= {
        "type",
        "value",
        "instanceId",
        "createdAt",
        "modifiedAt",
        "deletedAt",
        "observedAt",
    }
    simplified = api.get(f"{T}/{V}", params={"options": "temporalValues"}, headers=ctx.link).json()
    assert [value for value, _ in simplified["scope"]["values"]] == ["/Old", "/New"]
