"""Aggregation periods without a time window start at the first instance of the aggregated attributes, not
at a scope-history row, a deletion marker or an attribute left out of the answer. Both backends."""

from __future__ import annotations

from functools import partial

from starlette.testclient import TestClient

from tests.api import aggr_support
from tests.api.aggr_support import at, prop
from tests.api.conftest import V1

E = "urn:ngsi-ld:Vehicle:aggr-window"
provide = partial(aggr_support.provide, entity_id=E)
aggregated = partial(aggr_support.aggregated, entity_id=E)


SPEEDS = [prop(10, "12:05"), prop(20, "12:35"), prop(30, "13:20")]


def test_periods_start_at_the_first_instance_not_at_an_earlier_scope(api: TestClient) -> None:
    # the scope was set at 10:00, two hours before the first speed
    provide(api, scope=[{"type": "Property", "value": "/A", "observedAt": at("10:00")}], speed=SPEEDS)
    body = aggregated(api, "sum,totalCount", "PT1H")
    assert body["speed"]["sum"] == [[30.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]
    assert body["speed"]["totalCount"] == [[2, at("12:05"), at("13:05")], [1, at("13:05"), at("14:05")]]
    assert "scope" not in body
    # the same without a period: one bucket over the attribute's own instances
    whole = aggregated(api, "avg", attrs="speed")["speed"]["avg"]
    assert whole == [[20.0, at("12:05"), "2026-03-01T13:20:00.000001Z"]]
    whole_all = aggregated(api, "avg")["speed"]["avg"]
    assert whole_all == whole


def test_non_numeric_series_follow_the_same_origin(api: TestClient) -> None:
    """Series aggregated from their instances (strings here) use the origin the numeric ones do."""
    provide(
        api,
        scope=[{"type": "Property", "value": "/A", "observedAt": at("09:00")}],
        state=[prop("a", "12:10"), prop("b", "12:40"), prop("c", "13:15")],
    )
    body = aggregated(api, "max", "PT1H")
    assert body["state"]["max"] == [["b", at("12:10"), at("13:10")], ["c", at("13:10"), at("14:10")]]


def test_a_deleted_attribute_does_not_move_the_window(api: TestClient) -> None:
    """The deletion marker of an attribute (recorded at the deletion time, later than every instance) is no
    instance of the answer: the whole-range bucket ends after the last instance of the aggregated ones."""
    provide(api, speed=SPEEDS, fuel=[prop(5, "11:00")])
    assert api.delete(f"{V1}/entities/{E}/attrs/fuel").status_code == 204
    body = aggregated(api, "max")
    assert body["speed"]["max"] == [[30.0, at("11:00"), "2026-03-01T13:20:00.000001Z"]]
    assert "fuel" in body  # its history stays; only the marker is no value
    # with fuel left out of the answer the periods are speed's alone
    only_speed = aggregated(api, "max", "PT1H", attrs="speed")
    assert only_speed["speed"]["max"] == [[20.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]


def test_omitted_attributes_do_not_set_the_origin(api: TestClient) -> None:
    provide(api, speed=SPEEDS, fuel=[prop(5, "11:00")])
    body = aggregated(api, "max", "PT1H", omit="fuel")
    assert set(body) == {"id", "type", "speed"}
    assert body["speed"]["max"] == [[20.0, at("12:05"), at("13:05")], [30.0, at("13:05"), at("14:05")]]


def test_a_window_start_still_sets_the_origin(api: TestClient) -> None:
    provide(api, scope=[{"type": "Property", "value": "/A", "observedAt": at("10:00")}], speed=SPEEDS)
    body = aggregated(api, "sum", "PT1H", timerel="after", timeAt=at("11:30"))
    assert body["speed"]["sum"] == [[10.0, at("11:30"), at("12:30")], [50.0, at("12:30"), at("13:30")]]
