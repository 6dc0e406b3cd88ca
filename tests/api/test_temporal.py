"""The temporal API (/temporal/entities) on both backends, and the pure temporal parameter parsing."""

from __future__ import annotations

import doctest
import math
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import AttrType
from citytwin.core.query import Aggregate
from citytwin.errors import BadRequestData, InvalidRequest, OperationNotSupported
from citytwin.ngsild.temporal import aggregate_values, parse_duration, parse_temporal
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from tests.api.conftest import MAX_PAGE, V1, problem_type

T = f"{V1}/temporal/entities"
S1 = "urn:ngsi-ld:Sensor:t1"
DAY = "2024-03-01T"
DOC = Path(__file__).resolve().parents[2] / "docs" / "ngsi-ld-temporal.md"
CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"


def at(hh_mm: str) -> str:
    """An instant on the test day: ``at("01:30")``."""
    return f"{DAY}{hh_mm}:00Z"


def prop(value: Any, when: str, **extra: Any) -> dict[str, Any]:
    return {"type": "Property", "value": value, "observedAt": at(when), **extra}


def point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lng, lat]}


def provide(api: TestClient, entity_id: str, entity_type: str = "Sensor", **attrs: Any) -> Any:
    response = api.post(T, json={"id": entity_id, "type": entity_type, **attrs})
    assert response.status_code in (201, 204), response.text
    return response


def history(api: TestClient, entity_id: str = S1, **params: Any) -> Any:
    response = api.get(f"{T}/{entity_id}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def series(api: TestClient, attr: str, entity_id: str = S1, **params: Any) -> list[list[Any]]:
    """``[[value, time], ...]`` of one attribute in the simplified temporal representation."""
    body = history(api, entity_id, options="temporalValues", **params)
    return body[attr]["values"] if attr in body else []


# -- provision and the core API -------------------------------------------------------------------------


def test_provision_creates_the_entity_and_its_history(api: TestClient) -> None:
    created = provide(api, S1, temperature=[prop(20, "00:00"), prop(22, "02:00"), prop(21, "01:00")])
    assert created.status_code == 201
    assert created.headers["location"] == f"{T}/{S1}"
    body = history(api)
    assert body["id"] == S1 and body["type"] == "Sensor"
    instances = body["temperature"]
    assert [i["value"] for i in instances] == [20, 21, 22]  # time order, not arrival order
    assert [i["observedAt"] for i in instances] == [at("00:00"), at("01:00"), at("02:00")]
    assert all(i["type"] == "Property" and i["instanceId"].startswith("urn:") for i in instances)
    assert len({i["instanceId"] for i in instances}) == 3
    # The current state shows the newest provided instance.
    assert api.get(f"{V1}/entities/{S1}").json()["temperature"]["value"] == 22
    # Providing again adds instances (204) and keeps the current value: history may be a back-fill.
    again = provide(api, S1, temperature=[prop(19, "03:00")], humidity=[prop(40, "03:00")])
    assert again.status_code == 204
    assert [v for v, _ in series(api, "temperature")] == [20, 21, 22, 19]
    current = api.get(f"{V1}/entities/{S1}").json()
    assert current["temperature"]["value"] == 22 and current["humidity"]["value"] == 40


def test_every_core_update_lands_in_history(api: TestClient) -> None:
    e = f"{V1}/entities"
    assert api.post(e, json={"id": S1, "type": "Sensor", "level": prop(1, "00:00")}).status_code == 201
    assert api.post(f"{e}/{S1}/attrs", json={"level": prop(2, "01:00")}).status_code == 204
    assert api.patch(f"{e}/{S1}/attrs", json={"level": prop(3, "02:00")}).status_code == 204
    assert api.patch(f"{e}/{S1}/attrs/level", json={"value": 4, "observedAt": at("03:00")}).status_code == 204
    assert api.patch(f"{e}/{S1}", json={"level": prop(5, "04:00")}).status_code == 204
    assert api.put(f"{e}/{S1}", json={"type": "Sensor", "level": prop(6, "05:00")}).status_code == 204
    batch = [{"id": S1, "type": "Sensor", "level": prop(7, "06:00")}]
    assert api.post(f"{V1}/entityOperations/upsert", json=batch).status_code in (201, 204)
    assert api.post(
        f"{V1}/entityOperations/update", json=[{"id": S1, "level": prop(8, "07:00")}]
    ).status_code in (
        204,
        207,
    )
    assert [v for v, _ in series(api, "level")] == [1, 2, 3, 4, 5, 6, 7, 8]


# -- windows, lastN, representations --------------------------------------------------------------------


@pytest.fixture
def hourly(api: TestClient) -> TestClient:
    """S1 with temperature 10, 11, ... 15 at 00:00 .. 05:00."""
    provide(api, S1, temperature=[prop(10 + h, f"0{h}:00") for h in range(6)])
    return api


def test_timerel_windows_are_half_open(hourly: TestClient) -> None:
    def values(**params: Any) -> list[Any]:
        return [v for v, _ in series(hourly, "temperature", **params)]

    assert values(timerel="before", timeAt=at("02:00")) == [10, 11]
    assert values(timerel="after", timeAt=at("04:00")) == [14, 15]
    assert values(timerel="between", timeAt=at("01:00"), endTimeAt=at("03:00")) == [11, 12]
    assert values(timerel="after", timeAt=at("09:00")) == []
    assert values(lastN=2) == [14, 15]
    assert values(lastN=2, timerel="before", timeAt=at("03:00")) == [11, 12]
    pairs = series(hourly, "temperature", timerel="between", timeAt=at("05:00"), endTimeAt=at("06:00"))
    assert pairs == [[15, at("05:00")]]


def test_simplified_representation_by_kind_and_dataset(api: TestClient) -> None:
    provide(
        api,
        S1,
        owner=[{"type": "Relationship", "object": "urn:ngsi-ld:Person:a", "observedAt": at("00:00")}],
        position=[
            {
                "type": "GeoProperty",
                "value": {"type": "Point", "coordinates": [114.0, 22.5]},
                "observedAt": at("00:00"),
            }
        ],
        label=[{"type": "LanguageProperty", "languageMap": {"en": "one"}, "observedAt": at("00:00")}],
        speed=[
            prop(5, "00:00", datasetId="urn:ds:gps"),
            prop(6, "00:00", datasetId="urn:ds:wheel"),
            prop(7, "01:00"),
        ],
    )
    body = history(api, options="temporalValues")
    assert body["owner"] == {"type": "Relationship", "objects": [["urn:ngsi-ld:Person:a", at("00:00")]]}
    assert body["position"]["type"] == "GeoProperty"
    assert body["position"]["values"][0][0]["type"] == "Point"
    assert body["label"] == {
        "type": "LanguageProperty",
        "languageMaps": [[{"languageMap": {"en": "one"}}, at("00:00")]],
    }
    by_dataset = {s.get("datasetId"): s["values"] for s in body["speed"]}
    assert by_dataset == {
        "urn:ds:gps": [[5, at("00:00")]],
        "urn:ds:wheel": [[6, at("00:00")]],
        None: [[7, at("01:00")]],
    }
    only = history(api, options="temporalValues", datasetId="urn:ds:gps", attrs="speed")
    assert only == {
        "id": S1,
        "type": "Sensor",
        "speed": {"type": "Property", "datasetId": "urn:ds:gps", "values": [[5, at("00:00")]]},
    }
    assert history(api, datasetId="@none", attrs="speed")["speed"][0]["value"] == 7
    normalized = history(api, attrs="owner")
    assert normalized["owner"][0]["object"] == "urn:ngsi-ld:Person:a"


# -- aggregation ----------------------------------------------------------------------------------------


def aggregated(api: TestClient, methods: str, period: str | None = None, **params: Any) -> Any:
    query = {"options": "aggregatedValues", "aggrMethods": methods, **params}
    if period is not None:
        query["aggrPeriodDuration"] = period
    return api.get(f"{T}/{S1}", params=query)


def test_aggregation_per_period_matches_hand_computed_values(api: TestClient) -> None:
    # Hour 0: 10, 20, 30 / hour 1: nothing / hour 2: 5, 5 / after the window: 1000.
    provide(
        api,
        S1,
        power=[
            *(
                prop(v, t)
                for v, t in ((10, "00:00"), (20, "00:20"), (30, "00:59"), (5, "02:00"), (5, "02:30"))
            ),
            prop(1000, "03:00"),
        ],
    )
    window = {"timerel": "between", "timeAt": at("00:00"), "endTimeAt": at("03:00")}
    methods = "totalCount,distinctCount,sum,avg,min,max,stddev,sumsq"
    response = aggregated(api, methods, "PT1H", **window)
    assert response.status_code == 200, response.text
    power = response.json()["power"]
    assert power["type"] == "Property"
    h0, h2 = (at("00:00"), at("01:00")), (at("02:00"), at("03:00"))
    assert power["totalCount"] == [[3, *h0], [2, *h2]]  # empty periods are left out
    assert power["distinctCount"] == [[3, *h0], [1, *h2]]
    assert power["sum"] == [[60, *h0], [10, *h2]]
    assert power["avg"] == [[20, *h0], [5, *h2]]
    assert power["min"] == [[10, *h0], [5, *h2]]
    assert power["max"] == [[30, *h0], [5, *h2]]
    assert power["sumsq"] == [[1400, *h0], [50, *h2]]
    assert power["stddev"][0][0] == pytest.approx(math.sqrt(200 / 3))  # population standard deviation
    assert power["stddev"][1][0] == 0
    # No period (or PT0S): one bucket spanning the whole window.
    for period in (None, "PT0S"):
        whole = aggregated(api, "avg,max", period, **window).json()["power"]
        assert whole == {
            "type": "Property",
            "avg": [[14, at("00:00"), at("03:00")]],
            "max": [[30, at("00:00"), at("03:00")]],
        }
    days = aggregated(api, "sum", "P1D", timerel="after", timeAt=f"{DAY}00:00:00Z").json()["power"]
    assert days["sum"] == [[1070, at("00:00"), "2024-03-02T00:00:00Z"]]


def test_aggregation_follows_clause_4_5_19_for_other_values(api: TestClient) -> None:
    provide(
        api,
        S1,
        open=[prop(True, "00:00"), prop(False, "00:10"), prop(True, "00:20")],
        state=[prop("ok", "00:00"), prop("alarm", "00:10"), prop("ok", "00:20")],
        owner=[
            {"type": "Relationship", "object": f"urn:ngsi-ld:Person:{p}", "observedAt": at("00:00")}
            for p in "ab"
        ],
    )
    booleans = aggregated(api, "sum,avg", attrs="open").json()["open"]
    assert booleans["sum"][0][0] == 2 and booleans["avg"][0][0] == pytest.approx(2 / 3)
    strings = aggregated(api, "min,max,distinctCount", attrs="state").json()["state"]
    assert [strings[m][0][0] for m in ("min", "max", "distinctCount")] == ["alarm", "ok", 2]
    rel = aggregated(api, "totalCount,distinctCount", attrs="owner").json()["owner"]
    assert rel["type"] == "Relationship" and rel["totalCount"][0][0] == 2 and rel["distinctCount"][0][0] == 2
    for attrs, methods in (("state", "avg"), ("owner", "max")):
        refused = aggregated(api, methods, attrs=attrs)
        assert refused.status_code == 400 and problem_type(refused) == "InvalidRequest"


# -- queries --------------------------------------------------------------------------------------------


def test_query_selects_entities_with_history_in_the_window(api: TestClient) -> None:
    for n, when in ((1, "01:00"), (2, "02:00"), (3, "03:00")):
        provide(
            api,
            f"urn:ngsi-ld:Sensor:q{n}",
            temperature=[prop(n * 10, when)],
            zone=[prop("north" if n < 3 else "south", when)],
            location=[{"type": "GeoProperty", "value": point(114.0 + n / 100, 22.5), "observedAt": at(when)}],
        )
    provide(api, "urn:ngsi-ld:Room:r1", "Room", temperature=[prop(99, "02:00")])
    window = {"type": "Sensor", "timerel": "after", "timeAt": at("01:30"), "options": "temporalValues"}
    found = api.get(T, params=window)
    assert found.status_code == 200, found.text
    assert [e["id"] for e in found.json()] == ["urn:ngsi-ld:Sensor:q2", "urn:ngsi-ld:Sensor:q3"]
    assert found.json()[0]["temperature"]["values"] == [[20, at("02:00")]]
    filtered = api.get(T, params={**window, "q": 'zone=="north"', "attrs": "temperature"}).json()
    assert [(e["id"], sorted(e)) for e in filtered] == [
        ("urn:ngsi-ld:Sensor:q2", ["id", "temperature", "type"])
    ]
    near = {"georel": "near;maxDistance==500", "geometry": "Point", "coordinates": "[114.03, 22.5]"}
    assert [e["id"] for e in api.get(T, params={**window, **near}).json()] == ["urn:ngsi-ld:Sensor:q3"]
    paged = api.get(T, params={**window, "limit": 1, "offset": 1, "count": "true"})
    assert [e["id"] for e in paged.json()] == ["urn:ngsi-ld:Sensor:q3"]
    assert paged.headers["NGSILD-Results-Count"] == "2"
    body = {
        "type": "Query",
        "entities": [{"type": "Sensor"}],
        "temporalQ": {"timerel": "before", "timeAt": at("02:30")},
    }
    for path in (f"{V1}/temporal/entityOperations/query", f"{V1}/temporalOperations/query"):
        posted = api.post(path, json=body, params={"options": "temporalValues"})
        assert posted.status_code == 200, posted.text
        assert [e["id"] for e in posted.json()] == ["urn:ngsi-ld:Sensor:q1", "urn:ngsi-ld:Sensor:q2"]
    aggr = api.get(
        T, params={**window, "options": "aggregatedValues", "aggrMethods": "max", "attrs": "temperature"}
    )
    assert [e["temperature"]["max"][0][0] for e in aggr.json()] == [20, 30]


def test_paging_limits_tenants_and_context(api: TestClient) -> None:
    over = api.get(
        T, params={"type": "Sensor", "timerel": "after", "timeAt": at("00:00"), "limit": MAX_PAGE + 1}
    )
    assert over.status_code == 403 and problem_type(over) == "TooManyResults"
    tenant = {"NGSILD-Tenant": "district-7"}
    assert (
        api.post(T, json={"id": S1, "type": "Sensor", "t": [prop(1, "00:00")]}, headers=tenant).status_code
        == 201
    )
    assert api.get(f"{T}/{S1}", headers=tenant).json()["t"][0]["value"] == 1
    assert api.get(f"{T}/{S1}").status_code == 404  # other tenants do not see it
    unknown = api.get(f"{T}/{S1}", headers={"NGSILD-Tenant": "nowhere"})
    assert unknown.status_code == 404 and problem_type(unknown) == "NonexistentTenant"
    # Names go through the request's @context: a JSON-LD body's own terms, full IRIs without it.
    ctx = [{"temp": "https://example.org/ns/temp", "Probe": "https://example.org/ns/Probe"}, CORE]
    body = {"@context": ctx, "id": "urn:ngsi-ld:Probe:1", "type": "Probe", "temp": [prop(5, "00:00")]}
    posted = api.post(T, json=body, headers={"Content-Type": "application/ld+json"})
    assert posted.status_code == 201, posted.text
    plain = history(api, "urn:ngsi-ld:Probe:1", options="temporalValues")
    assert plain["type"] == "https://example.org/ns/Probe"
    assert plain["https://example.org/ns/temp"]["values"] == [[5, at("00:00")]]


# -- deletion and instance edits ------------------------------------------------------------------------


def test_instance_edit_and_deletions(hourly: TestClient) -> None:
    api = hourly
    first = history(api)["temperature"][0]["instanceId"]
    edited = api.patch(
        f"{T}/{S1}/attrs/temperature/{first}", json={"temperature": [{"type": "Property", "value": 100}]}
    )
    assert edited.status_code == 204, edited.text
    assert series(api, "temperature")[0] == [100, at("00:00")]  # the time is kept
    assert api.delete(f"{T}/{S1}/attrs/temperature/{first}").status_code == 204
    gone = api.delete(f"{T}/{S1}/attrs/temperature/{first}")
    assert gone.status_code == 404 and problem_type(gone) == "ResourceNotFound"
    assert [v for v, _ in series(api, "temperature")] == [11, 12, 13, 14, 15]
    provide(api, S1, temperature=[prop(1, "06:00", datasetId="urn:ds:b")])
    assert api.delete(f"{T}/{S1}/attrs/temperature").status_code == 204  # the default instance only
    assert history(api, options="temporalValues")["temperature"]["datasetId"] == "urn:ds:b"
    assert api.delete(f"{T}/{S1}/attrs/temperature", params={"datasetId": "urn:ds:a"}).status_code == 404
    assert api.delete(f"{T}/{S1}/attrs/temperature", params={"deleteAll": "true"}).status_code == 204
    # No history of any attribute is left: the entity has no temporal evolution to retrieve (404).
    assert api.get(f"{T}/{S1}").status_code == 404
    provide(api, S1, temperature=[prop(3, "07:00")])
    assert api.delete(f"{T}/{S1}").status_code == 204
    # The temporal evolution is gone (404, as ETSI TP 009_01 checks); the entity itself stays.
    gone_history = api.get(f"{T}/{S1}")
    assert gone_history.status_code == 404 and problem_type(gone_history) == "ResourceNotFound"
    assert api.get(f"{V1}/entities/{S1}").status_code == 200
    for response in (api.get(f"{T}/urn:ngsi-ld:Sensor:none"), api.delete(f"{T}/urn:ngsi-ld:Sensor:none")):
        assert response.status_code == 404 and problem_type(response) == "ResourceNotFound"
    missing = api.post(f"{T}/urn:ngsi-ld:Sensor:none/attrs", json={"temperature": [prop(1, "00:00")]})
    assert missing.status_code == 404


def test_history_outlives_the_entity(hourly: TestClient) -> None:
    assert hourly.delete(f"{V1}/entities/{S1}").status_code == 204
    body = history(hourly, lastN=2)
    last, deletion = body["temperature"]
    assert body["type"] == "Sensor" and last["value"] == 15
    # The deletion ends the series: the NGSI-LD Null at deletedAt (tests/api/test_spec_gaps_temporal.py).
    assert deletion["value"] == "urn:ngsi-ld:null" and "deletedAt" in deletion
    appended = hourly.post(f"{T}/{S1}/attrs", json={"temperature": [prop(16, "06:00")]})
    assert appended.status_code == 204
    assert [v for v, _ in series(hourly, "temperature", lastN=3)] == [15, 16, "urn:ngsi-ld:null"]


# -- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "status", "problem"),
    [
        ({"timerel": "during", "timeAt": at("00:00")}, 400, "BadRequestData"),
        ({"timerel": "between", "timeAt": at("00:00")}, 400, "BadRequestData"),
        ({"timerel": "before"}, 400, "BadRequestData"),
        ({"timeAt": "yesterday", "timerel": "before"}, 400, "BadRequestData"),
        ({"lastN": "0"}, 400, "BadRequestData"),
        ({"timeproperty": "updatedAt"}, 400, "BadRequestData"),
        (
            {"timeproperty": "deletedAt", "options": "aggregatedValues", "aggrMethods": "sum"},
            422,
            "OperationNotSupported",
        ),
        ({"options": "aggregatedValues"}, 400, "BadRequestData"),
        ({"options": "aggregatedValues", "aggrMethods": "median"}, 400, "BadRequestData"),
        (
            {"options": "aggregatedValues", "aggrMethods": "avg", "aggrPeriodDuration": "P1M"},
            422,
            "OperationNotSupported",
        ),
        (
            {"options": "aggregatedValues", "aggrMethods": "avg", "aggrPeriodDuration": "1 hour"},
            400,
            "BadRequestData",
        ),
        ({"options": "temporalValues,aggregatedValues", "aggrMethods": "avg"}, 400, "InvalidRequest"),
        ({"options": "keyValuez"}, 400, "InvalidRequest"),
    ],
)
def test_bad_parameters_are_problems(
    hourly: TestClient, params: dict[str, str], status: int, problem: str
) -> None:
    response = hourly.get(f"{T}/{S1}", params=params)
    assert response.status_code == status, response.text
    assert problem_type(response) == problem


def test_bad_queries_and_bodies(api: TestClient) -> None:
    no_timerel = api.get(T, params={"type": "Sensor"})
    assert no_timerel.status_code == 400 and problem_type(no_timerel) == "BadRequestData"
    too_wide = api.get(T, params={"timerel": "after", "timeAt": at("00:00")})
    assert too_wide.status_code == 400 and problem_type(too_wide) == "BadRequestData"
    no_temporal_q = api.post(
        f"{V1}/temporal/entityOperations/query", json={"type": "Query", "entities": [{"type": "Sensor"}]}
    )
    assert no_temporal_q.status_code == 400
    for body in ({"type": "Sensor"}, {"id": "not a uri", "type": "Sensor"}, {"id": S1}, [1]):
        response = api.post(T, json=body)
        assert response.status_code == 400 and problem_type(response) == "BadRequestData", body
    bad_time = api.post(
        T, json={"id": S1, "type": "Sensor", "t": [{"type": "Property", "value": 1, "observedAt": "noon"}]}
    )
    assert bad_time.status_code == 400


# -- pure parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT1H", timedelta(hours=1)),
        ("P1D", timedelta(days=1)),
        ("P2W", timedelta(weeks=2)),
        ("P1DT12H30M", timedelta(days=1, hours=12, minutes=30)),
        ("PT0.5S", timedelta(milliseconds=500)),
        ("PT0S", None),
        ("P0D", None),
        ("P0M", None),
    ],
)
def test_durations(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["P", "PT", "P1H", "PT1D", "1H", "PT-1H", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(BadRequestData):
        parse_duration(text)


def test_calendar_durations_are_refused() -> None:
    for text in ("P1M", "P1Y", "P1Y2M"):
        with pytest.raises(OperationNotSupported):
            parse_duration(text)


def test_parse_temporal_defaults() -> None:
    tp = parse_temporal({})
    assert tp.history.timerel is None and tp.representation == "normalized" and tp.methods == ()
    tp = parse_temporal({"format": "aggregatedValues", "aggrMethods": "max,avg,max"})
    assert tp.methods == (Aggregate.MAX, Aggregate.AVG) and tp.period is None
    with pytest.raises(BadRequestData):
        parse_temporal({}, require_timerel=True)


def test_aggregate_values_semantics() -> None:
    assert aggregate_values([[1, 2], [1, 2, 3, 4]], [Aggregate.AVG, Aggregate.MAX]) == {
        Aggregate.AVG: 3.0,
        Aggregate.MAX: 4.0,
    }
    assert aggregate_values([1, 1.0, 2], [Aggregate.DISTINCT_COUNT, Aggregate.TOTAL_COUNT]) == {
        Aggregate.DISTINCT_COUNT: 2,
        Aggregate.TOTAL_COUNT: 3,
    }
    for values, kind in (
        ([{"a": 1}], AttrType.PROPERTY),
        ([1, "a"], AttrType.PROPERTY),
        (["urn:a"], AttrType.RELATIONSHIP),
    ):
        with pytest.raises(InvalidRequest):
            aggregate_values(values, [Aggregate.MAX], kind)


def test_temporal_doc_examples(tmp_path: Path) -> None:
    """The examples in docs/ngsi-ld-temporal.md run against a fresh embedded store and give what it shows."""
    store = open_store(f"sqlite:///{tmp_path / 'doc.db'}")
    app = create_app(Settings(db="sqlite:///unused.db"), store=store)
    try:
        with TestClient(app) as client:
            test = doctest.DocTestParser().get_doctest(
                DOC.read_text(encoding="utf-8"), {"api": client}, DOC.name, str(DOC), 0
            )
            assert len(test.examples) >= 15
            runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
            runner.run(test)
            result = runner.summarize(verbose=False)
    finally:
        store.close()
    assert result.failed == 0, f"{result.failed} example(s) in {DOC.name} failed (see the output above)"
