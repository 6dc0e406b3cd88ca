"""The aggregated representation aggregates what the other temporal representations would answer: with a
``datasetId`` selection only the selected instances (they alone set the periods' start and the whole-range
end), and with a temporal ``scopeQ`` only the instances of the times a matching scope was valid. Both
backends."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.testclient import TestClient

from tests.api import aggr_support
from tests.api.aggr_support import T, after, at, by_dataset, prop
from tests.api.conftest import V1

E = "urn:ngsi-ld:Vehicle:aggr-selection"
provide = partial(aggr_support.provide, entity_id=E)
aggregated = partial(aggr_support.aggregated, entity_id=E)
A, B = "urn:ngsi-ld:Dataset:a", "urn:ngsi-ld:Dataset:b"


# -- datasetId ---------------------------------------------------------------------------------------------

SPEEDS = [
    prop(100, "10:00", A),  # the attribute's first instance: of dataset a
    prop(10, "12:05"),
    prop(20, "12:35"),
    prop(30, "13:20"),
    prop(200, "13:30", A),
    prop(7, "14:50", B),  # the attribute's last instance: of dataset b
]


def test_the_selected_default_instances_set_the_periods(api: TestClient) -> None:
    provide(api, speed=SPEEDS)
    body = aggregated(api, "sum,totalCount", "PT1H", datasetId="@none")
    assert set(by_dataset(body["speed"])) == {None}
    assert body["speed"]["sum"] == [[30.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]
    assert body["speed"]["totalCount"] == [[2, at("12:05"), at("13:05")], [1, at("13:05"), at("14:05")]]
    whole = aggregated(api, "avg,min,max", datasetId="@none")["speed"]
    assert whole["avg"] == [[20.0, at("12:05"), after("13:20")]]
    assert whole["min"] == [[10.0, at("12:05"), after("13:20")]]
    assert whole["max"] == [[30.0, at("12:05"), after("13:20")]]


def test_one_selected_dataset_sets_the_periods(api: TestClient) -> None:
    provide(api, speed=SPEEDS)
    body = aggregated(api, "sum,max", datasetId=B)
    assert by_dataset(body["speed"]) == {
        B: {"type": "Property", "datasetId": B, "sum": [[7.0, at("14:50"), after("14:50")]],
            "max": [[7.0, at("14:50"), after("14:50")]]},
    }  # fmt: skip
    hourly = by_dataset(aggregated(api, "sum", "PT1H", datasetId=A)["speed"])
    assert set(hourly) == {A}
    assert hourly[A]["sum"] == [[100.0, at("10:00"), at("11:00")], [200.0, at("13:00"), at("14:00")]]


def test_several_selected_datasets_share_one_origin(api: TestClient) -> None:
    provide(api, speed=SPEEDS)
    found = by_dataset(aggregated(api, "sum,totalCount", "PT2H", datasetId=f"@none,{B}")["speed"])
    assert set(found) == {None, B}  # dataset a is not aggregated at all
    # one origin for the answer: the first selected instance (12:05), not dataset a's 10:00
    assert found[None]["sum"] == [[60.0, at("12:05"), at("14:05")]]
    assert found[None]["totalCount"] == [[3, at("12:05"), at("14:05")]]
    assert found[B]["sum"] == [[7.0, at("14:05"), at("16:05")]]
    whole = by_dataset(aggregated(api, "sum", datasetId=f"{A},@none")["speed"])
    assert whole[A]["sum"] == [[300.0, at("10:00"), after("13:30")]]
    assert whole[None]["sum"] == [[60.0, at("10:00"), after("13:30")]]


def test_a_window_bounds_the_selected_instances(api: TestClient) -> None:
    provide(api, speed=SPEEDS)
    body = aggregated(api, "sum", datasetId="@none", timerel="before", timeAt=at("13:00"))
    assert body["speed"]["sum"] == [[30.0, at("12:05"), at("13:00")]]
    body = aggregated(api, "sum", "PT1H", datasetId=A, timerel="after", timeAt=at("09:30"))
    assert body["speed"]["datasetId"] == A
    assert body["speed"]["sum"] == [[100.0, at("09:30"), at("10:30")], [200.0, at("13:30"), at("14:30")]]


def test_a_selection_without_instances_answers_no_aggregate(api: TestClient) -> None:
    provide(api, speed=SPEEDS, fuel=[prop(5, "11:00")])
    body = aggregated(api, "sum", datasetId=B)
    assert "fuel" not in body and set(by_dataset(body["speed"])) == {B}


def test_the_query_endpoint_selects_datasets_as_retrieve_does(api: TestClient) -> None:
    provide(api, speed=SPEEDS)
    params = {
        "type": "Vehicle",
        "timerel": "before",
        "timeAt": at("23:00"),
        "options": "aggregatedValues",
        "aggrMethods": "sum",
        "aggrPeriodDuration": "PT1H",
        "datasetId": "@none",
    }
    response = api.get(T, params=params)
    assert response.status_code == 200, response.text
    [got] = response.json()
    assert got["speed"]["sum"] == [[30.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]


# -- temporal scopeQ ---------------------------------------------------------------------------------------

S = "urn:ngsi-ld:Vehicle:aggr-scoped"
SCOPED_SPEEDS = [prop(1, "11:00"), prop(10, "12:15"), prop(20, "12:20"), prop(40, "12:45"), prop(50, "12:50")]
SCOPES = [prop("/R", "12:00"), prop("/S", "12:30")]


def scoped_query(api: TestClient, scope_q: str, **params: str) -> list[Any]:
    query = {"type": "Vehicle", "scopeQ": scope_q, "timerel": "before", "timeAt": at("13:00"), **params}
    response = api.get(T, params=query)
    assert response.status_code == 200, response.text
    return list(response.json())


def test_only_instances_of_the_matching_scope_are_aggregated(api: TestClient) -> None:
    provide(api, entity_id=S, scope=SCOPES, speed=SCOPED_SPEEDS)
    aggr = {"options": "aggregatedValues", "aggrMethods": "sum,totalCount"}
    [r] = scoped_query(api, "/R", **aggr)
    # the periods start at the first instance aggregated; the whole range ends at the window's end
    assert r["speed"]["sum"] == [[30.0, at("12:15"), at("13:00")]]
    assert r["speed"]["totalCount"] == [[2, at("12:15"), at("13:00")]]
    [s] = scoped_query(api, "/S", **aggr, aggrPeriodDuration="PT10M")
    assert s["speed"]["sum"] == [[90.0, at("12:45"), at("12:55")]]
    # the same instances the other representations answer
    [values] = scoped_query(api, "/R", options="temporalValues")
    assert values["speed"]["values"] == [[10, at("12:15")], [20, at("12:20")]]
    [normalized] = scoped_query(api, "/S")
    assert [i["value"] for i in normalized["speed"]] == [40, 50]
    # without a scopeQ every instance in the window counts
    [everything] = api.get(
        T, params={"type": "Vehicle", "timerel": "before", "timeAt": at("13:00"), **aggr}
    ).json()
    assert everything["speed"]["sum"] == [[121.0, at("11:00"), at("13:00")]]


def test_scope_limits_and_a_dataset_selection_together(api: TestClient) -> None:
    speeds = [*SCOPED_SPEEDS, prop(1000, "12:16", A), prop(2000, "12:40", A)]
    provide(api, entity_id=S, scope=SCOPES, speed=speeds)
    [r] = scoped_query(api, "/R", options="aggregatedValues", aggrMethods="sum", datasetId=A)
    assert r["speed"]["datasetId"] == A
    assert r["speed"]["sum"] == [[1000.0, at("12:16"), at("13:00")]]


def test_a_scoped_post_query_aggregates_the_scope_limits(api: TestClient) -> None:
    provide(api, entity_id=S, scope=SCOPES, speed=SCOPED_SPEEDS)
    query = {
        "type": "Query",
        "entities": [{"type": "Vehicle"}],
        "scopeQ": "/R",
        "temporalQ": {"timerel": "before", "timeAt": at("13:00")},
        "aggrParams": {"aggrMethods": ["max", "totalCount"], "aggrPeriodDuration": "PT5M"},
    }
    response = api.post(f"{V1}/temporal/entityOperations/query", json=query)
    assert response.status_code == 200, response.text
    [got] = response.json()
    assert got["speed"]["max"] == [[10.0, at("12:15"), at("12:20")], [20.0, at("12:20"), at("12:25")]]
    assert got["speed"]["totalCount"] == [[1, at("12:15"), at("12:20")], [1, at("12:20"), at("12:25")]]
