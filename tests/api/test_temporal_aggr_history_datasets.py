"""Without a ``datasetId`` selection the aggregated representation aggregates each datasetId of an attribute
apart (clause 4.5.19), also one the entity holds no more: its instances stay in the history, and they are not
the default instance's. Both backends."""

from __future__ import annotations

from functools import partial

from starlette.testclient import TestClient

from tests.api import aggr_support
from tests.api.aggr_support import at, by_dataset, prop
from tests.api.conftest import V1

E = "urn:ngsi-ld:Vehicle:aggr-history-datasets"
provide = partial(aggr_support.provide, entity_id=E)
aggregated = partial(aggr_support.aggregated, entity_id=E)
A, B = "urn:ngsi-ld:Dataset:a", "urn:ngsi-ld:Dataset:b"


SPEEDS = [
    prop(10, "12:05"),
    prop(100, "12:10", A),
    prop(20, "12:35"),
    prop(200, "13:30", A),
    prop(7, "14:50", B),
]


def test_datasets_the_entity_no_longer_holds_are_aggregated_apart(api: TestClient) -> None:
    provide(api, speed=SPEEDS)
    current = api.get(f"{V1}/entities/{E}").json()["speed"]
    assert {i.get("datasetId") for i in current} == {None, A, B}  # the provision made them current
    # Replaced: the entity now holds a default instance of speed only (its new value lands in the history
    # now, after the window below).
    response = api.put(
        f"{V1}/entities/{E}", json={"type": "Vehicle", "speed": {"type": "Property", "value": 0}}
    )
    assert response.status_code == 204, response.text
    assert "datasetId" not in api.get(f"{V1}/entities/{E}").json()["speed"]
    window = {"timerel": "before", "timeAt": at("23:00")}
    found = by_dataset(aggregated(api, "sum,totalCount,max", **window)["speed"])
    assert set(found) == {None, A, B}
    whole = (at("12:05"), at("23:00"))
    assert found[None]["sum"] == [[30.0, *whole]]  # the default instances only
    assert found[None]["totalCount"] == [[2, *whole]]
    assert found[A]["sum"] == [[300.0, *whole]] and found[A]["max"] == [[200.0, *whole]]
    assert found[B]["totalCount"] == [[1, *whole]]
    hourly = by_dataset(aggregated(api, "sum", "PT1H", **window)["speed"])
    assert hourly[None]["sum"] == [[30.0, at("12:05"), at("13:05")]]  # periods without instances: none
    assert hourly[A]["sum"] == [[100.0, at("12:05"), at("13:05")], [200.0, at("13:05"), at("14:05")]]
    assert hourly[B]["sum"] == [[7.0, at("14:05"), at("15:05")]]


def test_a_series_that_never_had_datasets_is_aggregated_in_sql_as_before(api: TestClient) -> None:
    provide(api, speed=[prop(10, "12:05"), prop(20, "12:35"), prop(30, "13:20")])
    found = aggregated(api, "sum,avg", "PT1H", timerel="before", timeAt=at("14:05"))["speed"]
    assert "datasetId" not in found
    assert found["sum"] == [[30.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]
    assert found["avg"] == [[15.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]
