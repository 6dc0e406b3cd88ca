"""Temporal API gaps closed against GS CIM 009 V1.8: paging (206 + Content-Range, clause 6.3.10), deletions
(the NGSI-LD Null with ``deletedAt``, ``timeproperty=deletedAt``), ``q`` over the window's instances, ``lang``
and ``sysAttrs`` on temporal representations. Both backends.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.query import AttributeInstance
from citytwin.ngsild.temporal_window import page
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from tests.api.conftest import MAX_PAGE, V1, entity, problem_type

T = f"{V1}/temporal/entities"
V = "urn:ngsi-ld:Vehicle:v1"
NULL = "urn:ngsi-ld:null"
START = datetime(2024, 5, 1, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def minute(m: int) -> str:
    return iso(START + timedelta(minutes=m))


class Clock:
    """A settable clock for the store: deletions are recorded at its time."""

    def __init__(self) -> None:
        self.now = datetime(2024, 6, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def twin(store_url: str, clock: Clock) -> Iterator[TestClient]:
    """An API over a store of each backend whose clock the test drives."""
    store: Store = open_store(store_url, clock=clock)
    app = create_app(Settings(db="sqlite:///unused.db", max_page_size=MAX_PAGE), store=store)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        store.close()


def limit(client: TestClient, value: int) -> None:
    """Configure how many attribute instances one temporal answer holds."""
    client.app.state.services.temporal_instance_limit = value  # type: ignore[attr-defined]


def vehicle(client: TestClient, entity_id: str = V, *, speeds: range, fuels: range) -> None:
    """Speed observed at the minutes in ``speeds``, fuel level at those in ``fuels``."""
    body = {
        "id": entity_id,
        "type": "Vehicle",
        "speed": [{"type": "Property", "value": m, "observedAt": minute(m)} for m in speeds],
        "fuelLevel": [{"type": "Property", "value": 100 - m, "observedAt": minute(m)} for m in fuels],
    }
    assert client.post(T, json=body).status_code in (201, 204)


def times(body: dict[str, Any], *attrs: str) -> list[str]:
    return sorted(i["observedAt"] for a in attrs for i in body.get(a, []))


def content_range(response: Any) -> tuple[str, str, str, str]:
    unit, _, rest = response.headers["content-range"].partition(" ")
    span, _, size = rest.partition("/")
    start, end = span[:20], span[21:]
    assert span[20] == "-"
    return unit, start, end, size


# -- paging: clause 6.3.10 ------------------------------------------------------------------------------


def test_an_answer_within_the_limit_is_whole(twin: TestClient) -> None:
    vehicle(twin, speeds=range(0, 10), fuels=range(0, 10))
    response = twin.get(f"{T}/{V}")
    assert response.status_code == 200 and "content-range" not in response.headers
    assert len(response.json()["speed"]) == 10


def test_forward_paging_cuts_every_attribute_at_one_timestamp(twin: TestClient) -> None:
    vehicle(twin, speeds=range(0, 20), fuels=range(0, 20))  # two instances per minute
    limit(twin, 7)
    response = twin.get(f"{T}/{V}", params={"timerel": "after", "timeAt": minute(0)})
    assert response.status_code == 206
    body = response.json()
    # Cut before the 8th instance in time order: minutes 0-2 of both attributes (6 instances).
    assert [i["value"] for i in body["speed"]] == [0, 1, 2]
    assert [i["value"] for i in body["fuelLevel"]] == [100, 99, 98]
    unit, start, end, size = content_range(response)
    assert (unit, start, end, size) == ("date-time", minute(0), minute(2), "*")


def test_paging_forward_through_everything_returns_each_instance_once(twin: TestClient) -> None:
    vehicle(twin, speeds=range(0, 40, 2), fuels=range(1, 40, 3))
    limit(twin, 5)
    every = twin.get(f"{T}/{V}", params={"timerel": "after", "timeAt": minute(0)})
    assert every.status_code == 206  # more than 5
    seen: dict[str, str] = {}
    time_at = minute(0)
    for _ in range(50):
        response = twin.get(f"{T}/{V}", params={"timerel": "after", "timeAt": time_at})
        body = response.json()
        for attr in ("speed", "fuelLevel"):
            for inst in body.get(attr, []):
                seen[inst["instanceId"]] = inst["observedAt"]
        if response.status_code == 200:
            break
        _, _, end, _ = content_range(response)
        assert end > time_at or end == time_at == minute(0)
        time_at = end  # the next page starts at the end of this one (its last instants come again)
    else:
        pytest.fail("paging did not finish")
    limit(twin, 10_000)
    whole = twin.get(f"{T}/{V}", params={"timerel": "after", "timeAt": minute(0)}).json()
    expected = {i["instanceId"]: i["observedAt"] for a in ("speed", "fuelLevel") for i in whole[a]}
    assert seen == expected and len(expected) == 20 + 13


def test_backward_paging_with_last_n(twin: TestClient) -> None:
    vehicle(twin, speeds=range(0, 30), fuels=range(0, 30))
    limit(twin, 9)
    window = {"timerel": "before", "timeAt": minute(100), "lastN": 20}
    response = twin.get(f"{T}/{V}", params=window)
    assert response.status_code == 206
    body = response.json()
    # lastN=20 per attribute (minutes 10-29), then the newest 9 instances in time: minutes 26-29.
    assert [i["value"] for i in body["speed"]] == [26, 27, 28, 29]
    assert [i["value"] for i in body["fuelLevel"]] == [74, 73, 72, 71]
    unit, start, end, size = content_range(response)
    assert (unit, start, end, size) == ("date-time", minute(100), minute(26), "20")
    # Going on backwards from the range's end (before is exclusive) gives the next, older page.
    older = twin.get(f"{T}/{V}", params={**window, "timeAt": end, "lastN": 16}).json()
    assert [i["value"] for i in older["speed"]] == [22, 23, 24, 25]


def test_unsynchronised_attributes_page_out_whole_and_stay_named(twin: TestClient) -> None:
    # All speeds come before every fuel level: a forward page of 10 holds speeds only, and fuelLevel
    # is still in the answer, empty (as in the temporalValues form).
    vehicle(twin, speeds=range(0, 30), fuels=range(30, 60))
    limit(twin, 10)
    forward = twin.get(f"{T}/{V}", params={"timerel": "after", "timeAt": minute(0)})
    assert forward.status_code == 206
    assert len(forward.json()["speed"]) == 10 and forward.json()["fuelLevel"] == []
    backward = twin.get(f"{T}/{V}", params={"lastN": 100, "options": "temporalValues"})
    assert backward.status_code == 206
    assert backward.json()["speed"] == {"type": "Property", "values": []}
    assert len(backward.json()["fuelLevel"]["values"]) == 10


def test_query_pages_across_entities_with_one_range(twin: TestClient) -> None:
    vehicle(twin, "urn:ngsi-ld:Vehicle:a", speeds=range(0, 10), fuels=range(0, 0))
    vehicle(twin, "urn:ngsi-ld:Vehicle:b", speeds=range(5, 15), fuels=range(0, 0))
    limit(twin, 8)
    response = twin.get(T, params={"type": "Vehicle", "timerel": "between", "timeAt": minute(0),
                                   "endTimeAt": minute(60)})  # fmt: skip
    assert response.status_code == 206
    a, b = response.json()
    # In time order the 9th instance is at minute 6: the page is everything before it, in both entities.
    assert [i["value"] for i in a["speed"]] == [0, 1, 2, 3, 4, 5]
    assert [i["value"] for i in b["speed"]] == [5]
    assert content_range(response)[1:] == (minute(0), minute(5), "*")
    # Aggregations are per period, never paged.
    aggregated = twin.get(T, params={"type": "Vehicle", "timerel": "after", "timeAt": minute(0),
                                     "options": "aggregatedValues", "aggrMethods": "totalCount"})  # fmt: skip
    assert aggregated.status_code == 200
    assert [e["speed"]["totalCount"][0][0] for e in aggregated.json()] == [10, 10]


def _instances(times_by_attr: dict[str, list[int]]) -> list[AttributeInstance]:
    return [
        AttributeInstance("urn:x:e", attr, START + timedelta(seconds=t), t, instance_id=f"urn:i:{attr}:{n}")
        for attr, ts in times_by_attr.items()
        for n, t in enumerate(ts)
    ]


@pytest.mark.parametrize("seed", range(25))
def test_page_keeps_a_time_prefix_of_at_most_limit_instances(seed: int) -> None:
    rng = random.Random(seed)
    data = {a: sorted(rng.choices(range(50), k=rng.randint(0, 40))) for a in ("a", "b", "c")}
    instances = _instances(data)
    size = rng.randint(1, 30)
    for backwards in (False, True):
        part = page(instances, size, backwards=backwards, window=(None, None), last_n=None)
        kept = {i.instance_id for i in part.instances}
        if len(instances) <= size:
            assert part.content_range is None and len(kept) == len(instances)
            continue
        assert part.content_range is not None and part.content_range.startswith("date-time ")
        kept_times = [i.observed_at for i in part.instances]
        if backwards:
            edge = min(kept_times)
            left = [i for i in instances if i.instance_id not in kept]
            assert all(i.observed_at <= edge for i in left)  # nothing newer than the page is left out
        else:
            edge = max(kept_times)
            left = [i for i in instances if i.instance_id not in kept]
            assert all(i.observed_at >= edge for i in left)
        # At most the limit, unless one timestamp alone holds more (then exactly that timestamp).
        assert len(kept) <= size or len(set(kept_times)) == 1


# -- deletions ------------------------------------------------------------------------------------------


def test_deleted_attributes_end_with_the_null_at_deleted_at(twin: TestClient, clock: Clock) -> None:
    body = {
        **entity("urn:ngsi-ld:Building:d1", height=10),
        "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Person:a"},
        "name": {"type": "LanguageProperty", "languageMap": {"en": "Hall", "zh": "大厅"}},
    }
    clock.now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert twin.post(f"{V1}/entities", json=body).status_code == 201
    clock.now = datetime(2024, 6, 2, 12, tzinfo=UTC)
    assert twin.delete(f"{V1}/entities/urn:ngsi-ld:Building:d1/attrs/owner").status_code == 204
    clock.now = datetime(2024, 6, 3, 12, tzinfo=UTC)
    merged = twin.patch(f"{V1}/entities/urn:ngsi-ld:Building:d1", json={"height": NULL, "name": NULL})
    assert merged.status_code == 204
    history = twin.get(f"{T}/urn:ngsi-ld:Building:d1").json()
    assert history["owner"][-1]["object"] == NULL
    assert history["owner"][-1]["deletedAt"] == "2024-06-02T12:00:00Z"
    assert history["owner"][-1]["type"] == "Relationship" and "observedAt" not in history["owner"][-1]
    assert [i.get("value") for i in history["height"]] == [10, NULL]
    assert history["name"][-1] == {
        "type": "LanguageProperty",
        "languageMap": {"@none": NULL},
        "deletedAt": "2024-06-03T12:00:00Z",
        "instanceId": history["name"][-1]["instanceId"],
    }
    # timeproperty=deletedAt selects the deletions in the window, and only them.
    deletions = twin.get(
        f"{T}/urn:ngsi-ld:Building:d1",
        params={"timeproperty": "deletedAt", "timerel": "before", "timeAt": "2024-06-03T00:00:00Z"},
    ).json()
    assert set(deletions) == {"id", "type", "owner"} and len(deletions["owner"]) == 1
    # Aggregations count values, not deletions.
    counted = twin.get(
        f"{T}/urn:ngsi-ld:Building:d1",
        params={"options": "aggregatedValues", "aggrMethods": "totalCount,max", "attrs": "height"},
    ).json()
    assert counted["height"]["totalCount"][0][0] == 1 and counted["height"]["max"][0][0] == 10


def test_deleted_entities_and_purges_are_recorded(twin: TestClient, clock: Clock) -> None:
    ids = [f"urn:ngsi-ld:Building:p{i}" for i in range(4)]
    batch = [entity(i, height=n) for n, i in enumerate(ids)]
    assert twin.post(f"{V1}/entityOperations/create", json=batch).status_code == 201
    clock.now = datetime(2024, 7, 1, tzinfo=UTC)
    assert twin.delete(f"{V1}/entities/{ids[0]}").status_code == 204
    assert twin.post(f"{V1}/entityOperations/delete", json=[ids[1]]).status_code == 204
    assert twin.delete(f"{V1}/entities", params={"id": ids[2]}).status_code == 204
    assert twin.delete(f"{V1}/entities", params={"id": ids[3], "pick": "height"}).status_code == 204
    for i in ids:
        body = twin.get(f"{T}/{i}", params={"options": "sysAttrs"}).json()
        assert body["height"][-1]["value"] == NULL, i
        assert body["height"][-1]["deletedAt"] == "2024-07-01T00:00:00Z"
    gone = twin.get(f"{T}/{ids[0]}", params={"options": "sysAttrs"}).json()
    assert gone["deletedAt"] == "2024-07-01T00:00:00Z"
    kept = twin.get(f"{T}/{ids[3]}", params={"options": "sysAttrs"}).json()
    assert "deletedAt" not in kept and "createdAt" in kept  # only its attribute went
    # lastN counts the deletion as the newest instance; the temporal query finds deleted attributes too.
    assert [i.get("value") for i in twin.get(f"{T}/{ids[3]}", params={"lastN": 1}).json()["height"]] == [NULL]


def test_replace_records_what_the_new_state_leaves_out(twin: TestClient, clock: Clock) -> None:
    assert twin.post(f"{V1}/entities", json=entity("urn:x:r", height=1, width=2)).status_code == 201
    clock.now = datetime(2024, 8, 1, tzinfo=UTC)
    assert twin.put(f"{V1}/entities/urn:x:r", json=entity("urn:x:r", height=3)).status_code == 204
    body = twin.get(f"{T}/urn:x:r").json()
    assert [i.get("value") for i in body["width"]] == [2, NULL]
    assert [i.get("value") for i in body["height"]] == [1, 3]


def test_timeproperty_created_and_modified_select_on_the_broker_times(twin: TestClient, clock: Clock) -> None:
    """Clause 4.11: timerel on createdAt / modifiedAt of each instance, not on observedAt."""
    clock.now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    body = entity(V, "Vehicle", speed={"type": "Property", "value": 1, "observedAt": minute(0)}, fuelLevel=70)
    assert twin.post(f"{V1}/entities", json=body).status_code == 201
    clock.now = datetime(2024, 6, 2, 12, tzinfo=UTC)
    patch = {"speed": {"type": "Property", "value": 2, "observedAt": minute(1)}}
    assert twin.patch(f"{V1}/entities/{V}/attrs", json=patch).status_code == 204
    day_two = {"timerel": "after", "timeAt": "2024-06-02T00:00:00Z"}
    # observedAt (May) is outside the window; both speed instances were written on or after June 1st
    assert twin.get(f"{T}/{V}", params={**day_two, "attrs": "speed"}).status_code == 404
    modified = twin.get(f"{T}/{V}", params={**day_two, "timeproperty": "modifiedAt"}).json()
    assert set(modified) == {"id", "type", "speed"}
    [second] = modified["speed"]
    assert second["value"] == 2 and second["modifiedAt"] == "2024-06-02T12:00:00Z"
    assert second["observedAt"] == minute(1)
    # the speed attribute was created on June 1st: its createdAt is kept by the update
    created = twin.get(f"{T}/{V}", params={**day_two, "timeproperty": "createdAt"})
    assert created.status_code == 200 and set(created.json()) == {"id", "type"}
    since_june = {"timerel": "after", "timeAt": "2024-06-01T00:00:00Z", "timeproperty": "createdAt"}
    both = twin.get(f"{T}/{V}", params={**since_june, "options": "temporalValues"}).json()
    assert both["speed"]["values"] == [[1, "2024-06-01T12:00:00Z"], [2, "2024-06-01T12:00:00Z"]]
    assert both["fuelLevel"]["values"] == [[70, "2024-06-01T12:00:00Z"]]
    # sysAttrs shows both times of every instance
    full = twin.get(f"{T}/{V}", params={"options": "sysAttrs", "attrs": "speed"}).json()
    assert [(i["createdAt"], i["modifiedAt"]) for i in full["speed"]] == [
        ("2024-06-01T12:00:00Z", "2024-06-01T12:00:00Z"),
        ("2024-06-01T12:00:00Z", "2024-06-02T12:00:00Z"),
    ]
    # queries and lastN go by the chosen time too
    newest = twin.get(
        T,
        params={"type": "Vehicle", **since_june, "timeproperty": "modifiedAt", "lastN": 1, "attrs": "speed"},
    ).json()
    assert [i["value"] for i in newest[0]["speed"]] == [2]
    counted = twin.get(
        f"{T}/{V}",
        params={
            **since_june,
            "timeproperty": "modifiedAt",
            "options": "aggregatedValues",
            "aggrMethods": "totalCount",
            "aggrPeriodDuration": "P1D",
            "attrs": "speed",
        },
    ).json()
    assert counted["speed"]["totalCount"] == [
        [1, "2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z"],
        [1, "2024-06-02T00:00:00Z", "2024-06-03T00:00:00Z"],
    ]


def test_timeproperty_names_are_checked(twin: TestClient) -> None:
    vehicle(twin, speeds=range(0, 3), fuels=range(0, 0))
    bad = twin.get(f"{T}/{V}", params={"timeproperty": "updatedAt"})
    assert bad.status_code == 400
    aggregated = twin.get(
        f"{T}/{V}", params={"timeproperty": "deletedAt", "options": "aggregatedValues", "aggrMethods": "sum"}
    )
    assert aggregated.status_code == 422


def test_reserved_deletion_names_cannot_be_written(twin: TestClient) -> None:
    forged = {"id": "urn:x:f", "type": "T", "urn:citytwin:deleted:height": {"value": 1}}
    assert twin.post(f"{V1}/entities", json=forged).status_code == 400
    assert twin.post(T, json=forged).status_code == 400


def test_deleting_an_attributes_history_removes_its_deletions_too(twin: TestClient) -> None:
    assert twin.post(f"{V1}/entities", json=entity("urn:x:h", height=1)).status_code == 201
    assert twin.delete(f"{V1}/entities/urn:x:h/attrs/height").status_code == 204
    assert len(twin.get(f"{T}/urn:x:h").json()["height"]) == 2
    assert twin.delete(f"{T}/urn:x:h/attrs/height").status_code == 204
    assert "height" not in twin.get(f"{T}/urn:x:h").json()
    assert twin.delete(f"{T}/urn:x:h/attrs/height").status_code == 404


# -- q over the window, lang ----------------------------------------------------------------------------


def test_temporal_q_holds_over_the_instances_in_the_window(twin: TestClient) -> None:
    vehicle(twin, "urn:ngsi-ld:Vehicle:fast", speeds=range(0, 100, 10), fuels=range(0, 0))  # up to 90
    vehicle(twin, "urn:ngsi-ld:Vehicle:slow", speeds=range(0, 40, 10), fuels=range(0, 0))  # up to 30
    # The current speed of "slow" is 30; "fast" drove above 50 only after minute 50.
    query = {"type": "Vehicle", "timerel": "before", "q": "speed>50"}

    def found(**params: Any) -> list[str]:
        response = twin.get(T, params={**query, **params})
        assert response.status_code == 200, response.text
        return [e["id"] for e in response.json()]

    assert found(timeAt=minute(100)) == ["urn:ngsi-ld:Vehicle:fast"]
    assert found(timeAt=minute(50)) == []  # the current value (90) does not count, the window does
    assert found(timeAt=minute(100), q="speed<5") == ["urn:ngsi-ld:Vehicle:fast", "urn:ngsi-ld:Vehicle:slow"]
    assert found(timeAt=minute(100), q="speed==30;speed==90") == ["urn:ngsi-ld:Vehicle:fast"]
    # The matching entities come with all their instances in the window, not only those matching.
    fast = twin.get(T, params={**query, "timeAt": minute(100)}).json()[0]
    assert len(fast["speed"]) == 10
    body = {"type": "Query", "entities": [{"type": "Vehicle"}], "q": "speed>50",
            "temporalQ": {"timerel": "before", "timeAt": minute(100)}}  # fmt: skip
    posted = twin.post(f"{V1}/temporal/entityOperations/query", json=body)
    assert [e["id"] for e in posted.json()] == ["urn:ngsi-ld:Vehicle:fast"]


def test_lang_picks_one_language_of_language_properties(twin: TestClient) -> None:
    body = {
        "id": "urn:x:l",
        "type": "Sign",
        "label": [
            {"type": "LanguageProperty", "languageMap": {"en": "Stop", "zh": "停"}, "observedAt": minute(0)},
            {"type": "LanguageProperty", "languageMap": {"en": "Go", "zh": "行"}, "observedAt": minute(1)},
        ],
    }
    assert twin.post(T, json=body).status_code == 201
    normalized = twin.get(f"{T}/urn:x:l", params={"lang": "zh"}).json()["label"]
    assert [(i["type"], i["value"], i["lang"]) for i in normalized] == [
        ("Property", "停", "zh"),
        ("Property", "行", "zh"),
    ]
    simplified = twin.get(f"{T}/urn:x:l", params={"lang": "en", "options": "temporalValues"}).json()["label"]
    assert simplified == {"type": "Property", "values": [["Stop", minute(0)], ["Go", minute(1)]]}
    whole = twin.get(f"{T}/urn:x:l", params={"options": "temporalValues"}).json()["label"]
    assert whole["type"] == "LanguageProperty" and whole["languageMaps"][0][0] == {
        "languageMap": {"en": "Stop", "zh": "停"}
    }


def test_temporal_options_are_checked(twin: TestClient) -> None:
    vehicle(twin, speeds=range(0, 2), fuels=range(0, 0))
    assert twin.get(f"{T}/{V}", params={"options": "sysAttrs"}).status_code == 200
    bad = twin.get(f"{T}/{V}", params={"options": "observedAt"})
    assert bad.status_code == 400 and problem_type(bad) == "InvalidRequest"
    assert twin.get(f"{T}/{V}", params={"local": "yes"}).status_code == 400
    assert (
        twin.get(
            T, params={"type": "Vehicle", "timerel": "after", "timeAt": minute(0), "csf": "(("}
        ).status_code
        == 400
    )
