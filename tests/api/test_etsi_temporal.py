"""ETSI NGSI-LD test suite cases for the temporal API: provision (007-009),
retrieval (020), queries (021, 021_27 JSON temporalQ, 5244 aggrParams) and deletion. Both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.storage.base import Store
from tests.api.conftest import V1
from tests.api.etsi_support import (
    JSON,
    LD_JSON,
    SuiteContext,
    assert_problem,
    vehicle_history,
)
from tests.api.test_etsi_temporal_paging import suite_app


@pytest.fixture
def api(store: Store) -> Iterator[TestClient]:
    """The app at the instance limit the suite's README asks for (see ``test_etsi_temporal_paging``)."""
    yield from suite_app(store)


V = "urn:ngsi-ld:Vehicle:021-27-A"
W = "urn:ngsi-ld:Vehicle:021-27-B"
AFTER = {"timerel": "after", "timeAt": "2020-08-01T12:00:00Z"}


@pytest.fixture
def history(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    response = api.post(f"{V1}/temporal/entities/", json=vehicle_history(V, ctx), headers=LD_JSON)
    assert response.status_code == 201, response.text
    return ctx


def values(attr: list[dict[str, Any]]) -> list[Any]:
    return [inst["value"] for inst in attr]


# -- provision -------------------------------------------------------------------------------------------


def test_007_01_create_temporal_entity(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/temporal/entities/", json=vehicle_history(V, ctx), headers=LD_JSON)
    assert response.status_code == 201
    assert response.headers["location"].endswith(f"/temporal/entities/{V}")


def test_007_01_create_again_adds_instances_with_204(api: TestClient, history: SuiteContext) -> None:
    more = {
        "id": V,
        "type": "Vehicle",
        "speed": [{"type": "Property", "value": 90, "observedAt": "2020-08-01T12:09:00Z"}],
    }
    response = api.post(f"{V1}/temporal/entities/", json={**more, "@context": history.body}, headers=LD_JSON)
    assert response.status_code == 204
    got = api.get(f"{V1}/temporal/entities/{V}", params={"attrs": "speed"}, headers=history.link).json()
    assert values(got["speed"]) == [120, 80, 100, 90]


def test_008_01_add_attributes(api: TestClient, history: SuiteContext) -> None:
    fragment = {
        "speed": [{"type": "Property", "value": 70, "observedAt": "2020-08-01T12:11:00Z"}],
        "@context": history.body,
    }
    assert api.post(f"{V1}/temporal/entities/{V}/attrs/", json=fragment, headers=LD_JSON).status_code == 204


def test_008_02_add_attributes_to_unknown_entity(api: TestClient, ctx: SuiteContext) -> None:
    fragment = {
        "speed": [{"type": "Property", "value": 70, "observedAt": "2020-08-01T12:11:00Z"}],
        "@context": ctx.body,
    }
    response = api.post(f"{V1}/temporal/entities/{W}/attrs/", json=fragment, headers=LD_JSON)
    assert_problem(response, 404, "ResourceNotFound")


def test_te_delete_attribute_history(api: TestClient, history: SuiteContext) -> None:
    assert api.delete(f"{V1}/temporal/entities/{V}/attrs/fuelLevel", headers=history.link).status_code == 204
    got = api.get(f"{V1}/temporal/entities/{V}", headers=history.link).json()
    assert "fuelLevel" not in got and values(got["speed"]) == [120, 80, 100]
    response = api.delete(f"{V1}/temporal/entities/{V}/attrs/fuelLevel", headers=history.link)
    assert_problem(response, 404, "ResourceNotFound")


def test_009_01_delete_temporal_entity(api: TestClient, history: SuiteContext) -> None:
    assert api.delete(f"{V1}/temporal/entities/{V}").status_code == 204
    assert_problem(api.get(f"{V1}/temporal/entities/{V}"), 404, "ResourceNotFound")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_009_02_02_invalid_entity_id_is_bad_request(api: TestClient, method: str) -> None:
    assert_problem(api.request(method, f"{V1}/temporal/entities/thisisaninvaliduri"), 400, "BadRequestData")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_009_03_01_unknown_entity(api: TestClient, method: str) -> None:
    assert_problem(api.request(method, f"{V1}/temporal/entities/{W}"), 404, "ResourceNotFound")


# -- 020 retrieve ----------------------------------------------------------------------------------------


def test_020_02_01_retrieve_temporal_evolution_with_context(api: TestClient, history: SuiteContext) -> None:
    got = api.get(f"{V1}/temporal/entities/{V}", headers=history.link).json()
    assert got["id"] == V and got["type"] == "Vehicle"
    assert values(got["speed"]) == [120, 80, 100] and values(got["fuelLevel"]) == [67, 53, 40]
    assert all("instanceId" in inst for inst in got["speed"])


def test_020_03_retrieve_with_timerel_and_attrs(api: TestClient, history: SuiteContext) -> None:
    params = {"timerel": "after", "timeAt": "2020-08-01T12:04:00Z", "attrs": "speed"}
    got = api.get(f"{V1}/temporal/entities/{V}", params=params, headers=history.link).json()
    assert set(got) == {"id", "type", "speed"} and values(got["speed"]) == [80, 100]


def test_020_04_retrieve_between(api: TestClient, history: SuiteContext) -> None:
    params = {"timerel": "between", "timeAt": "2020-08-01T12:04:00Z", "endTimeAt": "2020-08-01T13:00:00Z"}
    got = api.get(f"{V1}/temporal/entities/{V}", params=params, headers=history.link).json()
    assert values(got["speed"]) == [80, 100]


def test_020_05_retrieve_last_n(api: TestClient, history: SuiteContext) -> None:
    got = api.get(f"{V1}/temporal/entities/{V}", params={"lastN": "1"}, headers=history.link).json()
    assert values(got["speed"]) == [100] and values(got["fuelLevel"]) == [40]


def test_020_06_retrieve_temporal_values(api: TestClient, history: SuiteContext) -> None:
    got = api.get(
        f"{V1}/temporal/entities/{V}", params={"options": "temporalValues"}, headers=history.link
    ).json()
    assert got["speed"] == {
        "type": "Property",
        "values": [
            [120, "2020-08-01T12:03:00Z"],
            [80, "2020-08-01T12:05:00Z"],
            [100, "2020-08-01T12:07:00Z"],
        ],
    }


def test_020_07_retrieve_aggregated_values(api: TestClient, history: SuiteContext) -> None:
    params = {"options": "aggregatedValues", "aggrMethods": "sum,avg", "aggrPeriodDuration": "P1D"}
    got = api.get(f"{V1}/temporal/entities/{V}", params=params, headers=history.link).json()
    assert got["speed"]["sum"][0][0] == 300 and got["speed"]["avg"][0][0] == 100


@pytest.mark.parametrize(
    "params",
    [
        {"timerel": "between", "timeAt": "2020-08-01T12:04:00Z"},
        {"timerel": "foo", "timeAt": "2020-08-01T12:04:00Z"},
        {"timerel": "after"},
    ],
    ids=["between_without_end", "unknown_timerel", "timerel_without_timeAt"],
)
def test_020_08_invalid_temporal_parameters(
    api: TestClient, history: SuiteContext, params: dict[str, str]
) -> None:
    assert_problem(
        api.get(f"{V1}/temporal/entities/{V}", params=params, headers=history.link), 400, "BadRequestData"
    )


# -- 021 query -------------------------------------------------------------------------------------------


def test_021_02_01_query_certain_attributes(api: TestClient, history: SuiteContext) -> None:
    params = {"type": "Vehicle", "timerel": "after", "timeAt": "2020-07-01T12:05:00Z", "attrs": "speed"}
    [got] = api.get(f"{V1}/temporal/entities", params=params, headers=history.link).json()
    assert set(got) == {"id", "type", "speed"}


def test_021_03_01_query_last_n(api: TestClient, history: SuiteContext) -> None:
    params = {"type": "Vehicle", "timerel": "after", "timeAt": "2020-07-01T12:05:00Z", "lastN": "2"}
    [got] = api.get(f"{V1}/temporal/entities", params=params, headers=history.link).json()
    assert values(got["speed"]) == [80, 100] and values(got["fuelLevel"]) == [53, 40]


def test_021_query_without_selection_is_too_wide(api: TestClient, history: SuiteContext) -> None:
    params = {"timerel": "before", "timeAt": "2021-01-01T00:00:00Z"}
    assert_problem(
        api.get(f"{V1}/temporal/entities", params=params, headers=history.link), 400, "BadRequestData"
    )


def post_query(api: TestClient, ctx: SuiteContext, temporal_q: dict[str, Any], **extra: Any) -> Any:
    body = {"type": "Query", "entities": [{"type": "Vehicle"}], "temporalQ": temporal_q, **extra}
    return api.post(f"{V1}/temporal/entityOperations/query", json=body, headers={**JSON, **ctx.link})


def test_021_27_01_last_n_in_the_json_temporal_q(api: TestClient, history: SuiteContext) -> None:
    response = post_query(api, history, {**AFTER, "lastN": 1})
    assert response.status_code == 200
    assert "2020-08-01T12:07:00Z" in response.text and "2020-08-01T12:03:00Z" not in response.text


@pytest.mark.parametrize(
    "temporal_q",
    [
        {**AFTER, "lastN": 0},
        {**AFTER, "lastN": 1.5},
        {"timerel": "during", "timeAt": "2020-08-01T12:00:00Z"},
        {"timerel": "between", "timeAt": "2020-08-01T12:00:00Z"},
        {**AFTER, "timeproperty": "foo"},
    ],
    ids=[
        "021_27_02_lastN_zero",
        "021_27_03_lastN_fractional",
        "021_27_04_timerel",
        "021_27_05_between",
        "021_27_06_timeproperty",
    ],
)
def test_021_27_invalid_json_temporal_q(
    api: TestClient, history: SuiteContext, temporal_q: dict[str, Any]
) -> None:
    assert_problem(post_query(api, history, temporal_q), 400, "BadRequestData")


@pytest.mark.parametrize("methods", [["avg"], "avg"], ids=["021_27_07_array", "021_27_08_string"])
def test_021_27_aggr_methods_in_temporal_q_aggregate(
    api: TestClient, history: SuiteContext, methods: list[str] | str
) -> None:
    response = post_query(api, history, {**AFTER, "aggrMethods": methods})
    assert response.status_code == 200, response.text
    assert "avg" in response.text and "instanceId" not in response.text
    [got] = response.json()
    assert got["speed"]["avg"][0][0] == 100


def test_021_27_09_invalid_aggr_period_duration(api: TestClient, history: SuiteContext) -> None:
    response = post_query(api, history, {**AFTER, "aggrMethods": ["avg"], "aggrPeriodDuration": "bogus"})
    assert response.status_code == 400 and "aggrPeriodDuration" in response.text


def test_5244_01_01_aggr_params_yield_aggregated_values(api: TestClient, history: SuiteContext) -> None:
    response = post_query(
        api, history, AFTER, aggrParams={"aggrMethods": ["avg"], "aggrPeriodDuration": "PT0S"}
    )
    assert response.status_code == 200, response.text
    assert "avg" in response.text and "instanceId" not in response.text


@pytest.mark.parametrize(
    ("aggr", "named"),
    [
        ({"aggrMethods": ["bogus"], "aggrPeriodDuration": "PT0S"}, "aggrMethods"),
        ({"aggrMethods": ["avg"], "aggrPeriodDuration": "P1X"}, "aggrPeriodDuration"),
    ],
    ids=["5244_01_02_unknown_method", "5244_01_03_bad_duration"],
)
def test_5244_01_invalid_aggr_params(
    api: TestClient, history: SuiteContext, aggr: dict[str, Any], named: str
) -> None:
    response = post_query(api, history, AFTER, aggrParams=aggr)
    assert_problem(response, 400, "BadRequestData")
    assert named in response.text


# -- 007 create errors, 009 delete, 5611 upsert edges ----------------------------------------------------


def test_007_02_01_create_temporal_with_invalid_json(api: TestClient) -> None:
    response = api.post(
        f"{V1}/temporal/entities/", content=b'{"id": "urn:ngsi-ld:Vehicle:1",', headers=LD_JSON
    )
    assert_problem(response, 400, "InvalidRequest")


def test_007_03_02_create_temporal_with_invalid_id(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/temporal/entities/", json=vehicle_history("invalidId", ctx), headers=LD_JSON)
    assert_problem(response, 400, "BadRequestData")


def test_009_01_01_deleted_temporal_representation_is_gone(api: TestClient, history: SuiteContext) -> None:
    response = api.delete(f"{V1}/temporal/entities/{V}")
    assert response.status_code == 204 and response.content == b""
    assert api.get(f"{V1}/temporal/entities/{V}", headers=history.link).status_code == 404


def test_009_02_01_delete_temporal_without_id_is_405(api: TestClient) -> None:
    assert api.delete(f"{V1}/temporal/entities/").status_code == 405


def test_5611_01_01_upsert_unions_types_and_accepts_deletion_instances(api: TestClient) -> None:
    first = {
        "id": W,
        "type": "Vehicle",
        "speed": [{"type": "Property", "value": 1, "observedAt": "2026-01-01T00:00:00Z"}],
    }
    assert api.post(f"{V1}/temporal/entities", json=first, headers=JSON).status_code == 201
    deleted = {"type": "Property", "value": "urn:ngsi-ld:null", "observedAt": "2026-01-02T00:00:00Z"}
    second = {"id": W, "type": ["Vehicle", "Truck"], "speed": [deleted]}
    assert api.post(f"{V1}/temporal/entities", json=second, headers=JSON).status_code == 204
    got = api.get(f"{V1}/temporal/entities/{W}?timerel=before&timeAt=2030-01-01T00:00:00Z")
    assert got.status_code == 200
    assert set(got.json()["type"]) == {"Vehicle", "Truck"} and len(got.json()["speed"]) == 2


def test_5611_01_02_first_level_null_member_is_refused(api: TestClient) -> None:
    body = {
        "id": W,
        "type": "Vehicle",
        "expiresAt": "urn:ngsi-ld:null",
        "speed": [{"type": "Property", "value": 1, "observedAt": "2026-01-01T00:00:00Z"}],
    }
    assert_problem(api.post(f"{V1}/temporal/entities", json=body, headers=JSON), 400, "BadRequestData")
    assert (
        api.get(f"{V1}/temporal/entities/{W}?timerel=before&timeAt=2030-01-01T00:00:00Z").status_code == 404
    )
