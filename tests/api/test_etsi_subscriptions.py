"""ETSI NGSI-LD test suite, Subscription section (TP/NGSI-LD/ContextInformation/Subscription): the requests of
each case replayed on both backends, with the suite's data files inlined (its @context hosted on the broker,
notifications received by a local HTTP receiver, MQTT ones by a paho subscriber). Tests are named after
the case ids. Where a case waits long (046_02 timeInterval 10 s, 046_15 throttling 15 s) shorter periods are
used; where it PATCHes an attribute the entity lacks (046_20, 046_23-30, 046_41: a 207 with nothing updated,
so nothing to notify) the attribute is appended instead.
"""

from __future__ import annotations

import copy
import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import CORE, JSON, LD_JSON, VOCAB, SuiteContext, assert_problem, building
from tests.stream.receiver import Receiver, receiver

SUBS = f"{V1}/subscriptions"
ENTITIES = f"{V1}/entities"
S = "urn:ngsi-ld:Subscription:0000000000000046"
B = "urn:ngsi-ld:Building:0000000000000046"
UNREACHABLE = "http://localhost:1111/notify"


@pytest.fixture
def rx() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


def ld(ctx: SuiteContext, body: dict[str, Any]) -> dict[str, Any]:
    """A suite data file's body: its ``@context`` is the suite's compound context (here: hosted)."""
    return {**copy.deepcopy(body), "@context": [ctx.url]}


# -- the suite's data files (data/subscriptions, data/entities) -------------------------------------------

SUBSCRIPTION = {  # subscriptions/subscription.jsonld
    "id": S,
    "type": "Subscription",
    "timeInterval": 5,
    "entities": [{"type": "Building"}],
    "notification": {"format": "keyValues", "endpoint": {"uri": UNREACHABLE, "accept": "application/json"}},
}
WATCHED = {  # subscriptions/subscription-watchedAttributes.jsonld (as expected back by 031_01)
    "type": "Subscription",
    "watchedAttributes": ["name", "subCategory"],
    "entities": [{"type": "Building"}],
    "notification": {"format": "keyValues", "endpoint": {"uri": UNREACHABLE, "accept": "application/json"}},
}
INACTIVE = {  # subscriptions/subscription-inactive.jsonld
    "type": "Subscription",
    "isActive": False,
    "entities": [{"type": "Building"}],
    "notification": {"format": "keyValues", "endpoint": {"uri": UNREACHABLE, "accept": "application/json"}},
}
BUILDING = building(  # entities/building-simple-attributes.jsonld, with the suite's own values
    B,
    name={"type": "Property", "value": "Eiffel Tower"},
    subCategory={"type": "Property", "value": "tourism"},
)
AIR_QUALITY = {  # entities/fragmentEntities/airQualityLevel-fragment.jsonld
    "airQualityLevel": {
        "type": "Property",
        "value": 5,
        "unitCode": "C62",
        "observedAt": "2020-10-10T16:40:00.000Z",
    }
}
DIFFERENT_TYPES = {  # entities/building-different-attributes-types.jsonld
    "id": B,
    "type": "Building",
    "name": {"type": "Property", "value": "Eiffel Tower"},
    "locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Paris"},
    "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [-8.5, 41.2]}},
    "street": {"type": "LanguageProperty", "languageMap": {"fr": "Grand Place", "nl": "Grote Markt"}},
}
MULTI_INSTANCES = {  # entities/building-multi-instances-attributes.jsonld
    "id": B,
    "type": "Building",
    "name": [
        {"type": "Property", "value": "Eiffel Tower"},
        {"type": "Property", "value": "Tour Eiffel", "datasetId": "urn:ngsi-ld:Dataset:french-name"},
        {"type": "Property", "value": "Eiffelturm", "datasetId": "urn:ngsi-ld:Dataset:german-name"},
    ],
    "locatedAt": [
        {"type": "Relationship", "object": "urn:ngsi-ld:City:Paris"},
        {
            "type": "Relationship",
            "object": "urn:ngsi-ld:Ville:Paris",
            "datasetId": "urn:ngsi-ld:Dataset:french-name",
        },
        {
            "type": "Relationship",
            "object": "urn:ngsi-ld:Ciudad:París",
            "datasetId": "urn:ngsi-ld:Dataset:spanish-name",
        },
    ],
}


def endpoint(uri: str, accept: str | None = "application/json", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"uri": uri, **extra}
    if accept is not None:
        out["accept"] = accept
    return out


def create_sub(api: TestClient, body: dict[str, Any], status: int = 201, **headers: str) -> Any:
    response = api.post(f"{SUBS}/", json=body, headers={**LD_JSON, **headers})
    assert response.status_code == status, response.text
    return response


def create_entity(api: TestClient, ctx: SuiteContext, body: dict[str, Any]) -> None:
    response = api.post(f"{ENTITIES}/", json=ld(ctx, body), headers=LD_JSON)
    assert response.status_code == 201, response.text


def update_attrs(api: TestClient, ctx: SuiteContext, fragment: dict[str, Any], entity_id: str = B) -> None:
    response = api.patch(f"{ENTITIES}/{entity_id}/attrs", json=ld(ctx, fragment), headers=LD_JSON)
    assert response.status_code == 204, response.text


def retrieve(api: TestClient, ctx: SuiteContext | None, sub_id: str = S, **headers: str) -> Any:
    link = ctx.link if ctx is not None else {}
    return api.get(f"{SUBS}/{sub_id}", headers={**JSON, **link, **headers})


# -- 028 CreateSubscription ------------------------------------------------------------------------------


def test_028_01_01_create_subscription(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    got = retrieve(api, ctx, Accept="application/ld+json").json()
    # The suite compares exactly, ignoring only jsonldContext, timesFailed, timesSent, notificationTrigger.
    assert got == {
        **SUBSCRIPTION,
        "status": "active",
        "notificationTrigger": got["notificationTrigger"],
        "@context": ctx.url,
    }


def test_028_02_invalid_request(api: TestClient) -> None:
    bad = api.post(f"{SUBS}/", content=b'{"id": "urn:ngsi-ld:Subscription:1", ', headers=LD_JSON)
    assert_problem(bad, 400, "InvalidRequest")
    assert_problem(api.post(f"{SUBS}/", content=b"{}", headers=LD_JSON), 400, "BadRequestData")


@pytest.mark.parametrize("sub_id", ["invalidId", ""], ids=["028_03_01", "028_03_02"])
def test_028_03_invalid_id(api: TestClient, ctx: SuiteContext, sub_id: str) -> None:
    assert_problem(create_sub(api, ld(ctx, {**SUBSCRIPTION, "id": sub_id}), 400), 400, "BadRequestData")


def test_028_04_existing_id(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    assert_problem(create_sub(api, ld(ctx, SUBSCRIPTION), 409), 409, "AlreadyExists")


@pytest.mark.parametrize(
    "members",
    [{"timeInterval": 10, "throttling": 30}, {"throttling": -30}],
    ids=["028_05_01_throttling_and_time_interval", "028_05_02_negative_throttling"],
)
def test_028_05_invalid_throttling(api: TestClient, members: dict[str, Any]) -> None:
    body = {**SUBSCRIPTION, **members}
    if "timeInterval" not in members:
        del body["timeInterval"]
    assert_problem(api.post(f"{SUBS}/", json=body, headers=LD_JSON), 400, "BadRequestData")


def test_028_06_dataset_id(api: TestClient, ctx: SuiteContext) -> None:
    body = {
        "id": S,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"format": "normalized", "endpoint": endpoint(UNREACHABLE, "application/ld+json")},
        "datasetId": ["urn:ngsi-ld:Dataset:french-name"],
    }
    create_sub(api, ld(ctx, body))
    got = retrieve(api, ctx, Accept="application/ld+json").json()
    # Compared exactly by the suite: no member may be added to a fresh subscription.
    assert got == {
        **body,
        "notificationTrigger": ["attributeCreated", "attributeUpdated"],
        "status": "active",
        "@context": ctx.url,
    }


@pytest.mark.parametrize(
    ("json_ld_context", "status", "kind"),
    [
        ("unknownContext", 400, "BadRequestData"),
        ("http://127.0.0.1:9/ngsi-ld-core-context-non-existing.jsonld", 503, "LdContextNotAvailable"),
    ],
    ids=["028_07_01_invalid", "028_07_02_unavailable"],
)
def test_028_07_json_ld_context(
    api: TestClient, ctx: SuiteContext, json_ld_context: str, status: int, kind: str
) -> None:
    body = {
        "id": S,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"format": "normalized", "endpoint": endpoint(UNREACHABLE, "application/ld+json")},
        "jsonldContext": json_ld_context,
    }
    assert_problem(create_sub(api, ld(ctx, body), status), status, kind)


@pytest.mark.parametrize(
    "members",
    [
        {"pick": ["id"], "omit": ["id"]},
        {"pick": ["id"], "attributes": ["id"]},
        {"omit": ["id"], "attributes": ["id"]},
    ],
    ids=["028_08_01_pick_and_omit", "028_08_02_pick_and_attrs", "028_08_03_omit_and_attrs"],
)
def test_028_08_invalid_pick_omit_attrs(api: TestClient, ctx: SuiteContext, members: dict[str, Any]) -> None:
    body = {
        "id": S,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": endpoint(UNREACHABLE), **members},
    }
    response = api.post(f"{SUBS}/", json=body, headers={**JSON, **ctx.link})
    assert_problem(response, 400, "BadRequestData")


def minimal(sub_id: str = S, **notification: Any) -> dict[str, Any]:
    return {
        "id": sub_id,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": {"uri": "http://localhost:18099/notify"}, **notification},
    }


@pytest.mark.parametrize(
    ("notification", "status"),
    [
        ({"format": "keyValues", "showChanges": True}, 400),
        ({"format": "simplified", "showChanges": True}, 400),
        ({"attributes": []}, 400),
        ({"pick": []}, 400),
        ({"omit": []}, 400),
        ({"format": "normalized", "showChanges": True}, 201),
    ],
    ids=["028_09_01", "028_09_02", "028_09_03", "028_09_04", "028_09_05", "028_09_06"],
)
def test_028_09_notification_params(api: TestClient, notification: dict[str, Any], status: int) -> None:
    response = api.post(f"{SUBS}", json=minimal(**notification), headers=JSON)
    assert response.status_code == status, response.text
    if status == 400:
        assert_problem(response, 400, "BadRequestData")


@pytest.mark.parametrize(
    ("extra", "status"),
    [
        (
            {
                "receiverInfo": [{"key": "Authorization", "value": "Bearer abc"}],
                "notifierInfo": [{"key": "Prefer", "value": "body=json"}],
            },
            201,
        ),
        ({"receiverInfo": [{"key": "K", "value": 42}]}, 400),
        ({"notifierInfo": [{"key": "K", "value": {"a": 1}}]}, 400),
        ({"receiverInfo": [{"key": "K"}]}, 400),
        ({"receiverInfo": [{"key": 5, "value": "v"}]}, 400),
    ],
    ids=["028_10_01", "028_10_02", "028_10_03", "028_10_04", "028_10_05"],
)
def test_028_10_key_value_pairs(api: TestClient, extra: dict[str, Any], status: int) -> None:
    body = minimal()
    body["notification"]["endpoint"].update(extra)
    assert api.post(f"{SUBS}", json=body, headers=JSON).status_code == status


# -- 5811 CreateSubscription edges ------------------------------------------------------------------------


def test_5811_01_01_past_expires_at(api: TestClient, ctx: SuiteContext) -> None:
    body = ld(ctx, {**minimal(), "expiresAt": "2000-01-01T00:00:00Z"})
    assert_problem(create_sub(api, body, 400), 400, "BadRequestData")


def test_5811_01_02_inactive_is_paused(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, {**minimal(), "isActive": False}))
    got = retrieve(api, ctx, Accept="application/ld+json")
    assert got.status_code == 200 and got.json()["status"] == "paused"


def test_5811_01_03_generated_id(api: TestClient, ctx: SuiteContext) -> None:
    body = ld(ctx, minimal())
    del body["id"]
    location = create_sub(api, body).headers["Location"]
    assert "urn:" in location
    assert retrieve(api, ctx, location.rsplit("/", 1)[-1]).status_code == 200


@pytest.mark.parametrize(
    ("members", "status"),
    [
        ({"notificationTrigger": ["entityChanged"]}, 400),
        (
            {
                "notificationTrigger": [
                    "entityCreated",
                    "entityUpdated",
                    "entityDeleted",
                    "attributeCreated",
                    "attributeUpdated",
                    "attributeDeleted",
                ]
            },
            201,
        ),
        ({"csf": "(("}, 400),
    ],
    ids=["5811_02_01_invalid_trigger", "5811_02_02_all_triggers", "5811_02_03_invalid_csf"],
)
def test_5811_02_value_spaces(
    api: TestClient, ctx: SuiteContext, members: dict[str, Any], status: int
) -> None:
    response = create_sub(api, ld(ctx, {**minimal(), **members}), status)
    if status == 400:
        assert_problem(response, 400, "BadRequestData")


def test_5811_02_04_only_subscription_members(api: TestClient, ctx: SuiteContext) -> None:
    body = ld(ctx, minimal())
    body.update({"__context": "http://localhost:1111/hijacked.jsonld", "status": "expired"})
    body["notification"]["timesSent"] = 42
    create_sub(api, body)
    got = retrieve(api, ctx, Accept="application/ld+json")
    assert got.status_code == 200
    assert "__context" not in got.text and "hijacked.jsonld" not in got.text
    assert got.json()["status"] == "active" and got.json()["notification"].get("timesSent") != 42


# -- 029 UpdateSubscription -------------------------------------------------------------------------------

SECOND_ENDPOINT = {  # subscriptions/fragments/subscription-update.json
    "type": "Subscription",
    "notification": {
        "format": "keyValues",
        "endpoint": {"uri": "http://my.second.endpoint.org/notify", "accept": "application/json"},
    },
}


@pytest.mark.parametrize(
    ("path", "status"), [("", 405), ("InvalidUri", 400)], ids=["029_01_01_no_id", "029_01_02_invalid_id"]
)
def test_029_01_update_without_or_with_invalid_id(api: TestClient, path: str, status: int) -> None:
    response = api.patch(f"{SUBS}/{path}", json=SECOND_ENDPOINT, headers=JSON)
    assert response.status_code == status
    if status == 400:
        assert_problem(response, 400, "BadRequestData")


def test_029_02_update_unknown(api: TestClient) -> None:
    response = api.patch(
        f"{SUBS}/urn:ngsi-ld:Subscription:unknowSubscription", json=SECOND_ENDPOINT, headers=JSON
    )
    assert_problem(response, 404, "ResourceNotFound")


@pytest.mark.parametrize(
    "fragment",
    [
        {"type": "Subscription", "timeInterval": "every minute"},
        {"type": "Subscription", "notification": {"format": "keyValues", "endpoint": None}},
    ],
    ids=["029_03_invalid_fragment", "029_04_null_mandatory_member"],
)
def test_029_03_04_invalid_update(api: TestClient, ctx: SuiteContext, fragment: dict[str, Any]) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    assert_problem(api.patch(f"{SUBS}/{S}", json=fragment, headers=JSON), 400, "BadRequestData")
    assert retrieve(api, ctx).json()["notification"]["endpoint"]["uri"] == UNREACHABLE


def test_029_05_term_expansion(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    fragment = {
        "type": "Subscription",
        "entities": [{"type": "Vehicle"}],
        "notification": {"format": "keyValues", "endpoint": endpoint(UNREACHABLE)},
    }
    response = api.patch(f"{SUBS}/{S}", json=fragment, headers={**JSON, **ctx.link})
    assert response.status_code == 204 and response.content == b""
    expected = {**SUBSCRIPTION, "entities": [{"type": "Vehicle"}], "status": "active"}
    got = retrieve(api, ctx).json()
    assert {k: v for k, v in got.items() if k != "notificationTrigger"} == expected  # 029_05_01
    got = retrieve(api, None).json()
    expanded = {**expected, "entities": [{"type": VOCAB + "Vehicle"}]}
    assert {k: v for k, v in got.items() if k != "notificationTrigger"} == expanded  # 029_05_02


def test_029_06_update(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    response = api.patch(f"{SUBS}/{S}", json=SECOND_ENDPOINT, headers={**JSON, **ctx.link})
    assert response.status_code == 204 and response.content == b""
    got = retrieve(api, ctx, Accept="application/ld+json").json()
    got.pop("notificationTrigger")
    assert got == {**SUBSCRIPTION, **SECOND_ENDPOINT, "status": "active", "@context": ctx.url}


@pytest.mark.parametrize(
    ("initial", "fragment", "status"),
    [
        (INACTIVE, {"type": "Subscription", "isActive": True}, "active"),
        (INACTIVE, {"type": "Subscription", "isActive": True, "expiresAt": "2030-08-01T22:07:00Z"}, "active"),
        (SUBSCRIPTION, {"type": "Subscription", "isActive": False}, "paused"),
    ],
    ids=["029_07_01_active", "029_08_01_active_expires_at", "029_09_01_paused"],
)
def test_029_07_08_09_status(
    api: TestClient, ctx: SuiteContext, initial: dict[str, Any], fragment: dict[str, Any], status: str
) -> None:
    create_sub(api, ld(ctx, {**initial, "id": S}))
    response = api.patch(f"{SUBS}/{S}", json=fragment, headers=JSON)
    assert response.status_code == 204 and response.content == b""
    assert retrieve(api, None).json()["status"] == status


def test_029_10_reactivate_expired(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    soon = (datetime.now(UTC) + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (
        api.patch(f"{SUBS}/{S}", json={"type": "Subscription", "expiresAt": soon}, headers=JSON).status_code
        == 204
    )
    deadline = time.monotonic() + 5
    while retrieve(api, None).json()["status"] != "expired" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert retrieve(api, None).json()["status"] == "expired"
    future = {"type": "Subscription", "expiresAt": "2030-08-01T22:07:00Z"}
    response = api.patch(f"{SUBS}/{S}", json=future, headers=JSON)
    assert response.status_code == 204 and response.content == b""
    assert retrieve(api, None).json()["status"] == "active"


def test_029_11_past_expires_at(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    past = {"type": "Subscription", "expiresAt": "2020-08-01T22:07:00Z"}
    assert_problem(api.patch(f"{SUBS}/{S}", json=past, headers=JSON), 400, "BadRequestData")


# -- 030 / 436 RetrieveSubscription, 031 QuerySubscriptions, 032 DeleteSubscription --------------------


def test_030_01_invalid_id(api: TestClient) -> None:
    assert_problem(api.get(f"{SUBS}/InvalidUri", headers=JSON), 400, "BadRequestData")


def test_030_02_unknown(api: TestClient) -> None:
    assert_problem(api.get(f"{SUBS}/urn:ngsi-ld:Subscription:unknowSubscription"), 404, "ResourceNotFound")


def test_030_03_retrieve(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    got = retrieve(api, ctx)
    assert got.status_code == 200
    body = got.json()
    assert body == {
        **SUBSCRIPTION,
        "status": "active",
        "notificationTrigger": ["attributeCreated", "attributeUpdated"],
    }


# subscriptions/subscription-building-entities-active-notificationAttributes.jsonld
NOTIFICATION_ATTRIBUTES = {
    "id": S,
    "type": "Subscription",
    "isActive": True,
    "entities": [{"type": "Building"}],
    "notification": {"endpoint": endpoint(UNREACHABLE), "attributes": ["airQualityLevel"]},
}


@pytest.mark.parametrize(
    ("prefer", "applied"),
    [
        ("ngsi-ld=1.0", "ngsi-ld=1.0"),
        ("NGSI-LD=1.0", "ngsi-ld=1.0"),
        ("Ngsi-Ld=1.0", "ngsi-ld=1.0"),
        ('ngsi-ld="1.0"', "ngsi-ld=1.0"),
        ("ngsi-ld=1.0;q=0.1", "ngsi-ld=1.0"),
        ("respond-async, ngsi-ld=1.0", "ngsi-ld=1.0"),
        ("respond-async", None),
    ],
    ids=["436_09_01", "436_10_01", "436_10_02", "436_10_03", "436_10_04", "436_10_05", "436_10_06"],
)
def test_436_version_preference(api: TestClient, ctx: SuiteContext, prefer: str, applied: str | None) -> None:
    create_sub(api, ld(ctx, NOTIFICATION_ATTRIBUTES))
    response = api.get(f"{SUBS}/{S}", headers={"Prefer": prefer, **ctx.link})
    assert response.status_code == 200
    assert response.headers.get("Preference-Applied") == applied
    body = response.json()
    assert body["type"] == "Subscription" and isinstance(body["entities"], list)
    assert body["notification"]["attributes"] == ["airQualityLevel"]


def three_subscriptions(api: TestClient, ctx: SuiteContext) -> list[str]:
    ids = [f"urn:ngsi-ld:Subscription:031{n}" for n in range(3)]
    for sub_id, body in zip(ids, (SUBSCRIPTION, WATCHED, INACTIVE), strict=True):
        create_sub(api, ld(ctx, {**body, "id": sub_id}))
    return ids


def test_031_01_query(api: TestClient, ctx: SuiteContext) -> None:
    ids = three_subscriptions(api, ctx)
    got = api.get(f"{SUBS}/", headers=ctx.link)
    assert got.status_code == 200
    triggers = ["attributeCreated", "attributeUpdated"]
    expected = [
        {**SUBSCRIPTION, "id": ids[0], "status": "active", "notificationTrigger": triggers},
        {**WATCHED, "id": ids[1], "status": "active", "notificationTrigger": triggers},
        {**INACTIVE, "id": ids[2], "status": "paused", "notificationTrigger": triggers},
    ]
    assert sorted(got.json(), key=lambda s: s["id"]) == expected  # compared exactly, in any order


@pytest.mark.parametrize(
    ("limit", "offset", "count", "links"),
    [
        (
            1,
            1,
            1,
            ['<{b}0>;rel="prev";type="application/ld+json"', '<{b}2>;rel="next";type="application/ld+json"'],
        ),
        (1, 2, 1, ['<{b}1>;rel="prev";type="application/ld+json"']),
        (15, 0, 3, []),
    ],
    ids=["031_02_01", "031_02_02", "031_02_03"],
)
def test_031_02_paging(
    api: TestClient, ctx: SuiteContext, limit: int, offset: int, count: int, links: list[str]
) -> None:
    three_subscriptions(api, ctx)
    headers = {"Accept": "application/ld+json", **ctx.link}
    got = api.get(f"{SUBS}/", params={"limit": limit, "offset": offset}, headers=headers)
    assert got.status_code == 200
    assert len(got.json()) == count and all(s["type"] == "Subscription" for s in got.json())
    base = f"/ngsi-ld/v1/subscriptions?limit={limit}&offset="
    assert got.headers.get_list("link") == [link.format(b=base) for link in links]


@pytest.mark.parametrize(
    ("path", "status"), [("", 405), ("InvalidUri", 400)], ids=["032_01_01_no_id", "032_01_02_invalid_id"]
)
def test_032_01_delete_without_or_with_invalid_id(api: TestClient, path: str, status: int) -> None:
    response = api.delete(f"{SUBS}/{path}")
    assert response.status_code == status
    if status == 400:
        assert_problem(response, 400, "BadRequestData")


def test_032_02_delete_unknown(api: TestClient) -> None:
    assert_problem(api.delete(f"{SUBS}/urn:ngsi-ld:Subscription:unknowSubscription"), 404, "ResourceNotFound")


def test_032_03_delete(api: TestClient, ctx: SuiteContext) -> None:
    create_sub(api, ld(ctx, SUBSCRIPTION))
    response = api.delete(f"{SUBS}/{S}")
    assert response.status_code == 204 and response.content == b""
    assert api.get(f"{SUBS}/{S}").status_code == 404


# -- 046 / 5212 SubscriptionNotificationBehaviour ----------------------------------------------------------

ACTIVE = {  # subscriptions/subscription-building-entities-active.jsonld
    "id": S,
    "type": "Subscription",
    "isActive": True,
    "entities": [{"type": "Building"}],
    "notification": {"format": "normalized", "endpoint": endpoint(UNREACHABLE)},
}
DEFAULT = {  # subscriptions/subscription-building-entities-default.jsonld
    "id": S,
    "type": "Subscription",
    "entities": [{"type": "Building"}],
    "notification": {"endpoint": {"uri": UNREACHABLE}},
}


def subscribe(
    api: TestClient, ctx: SuiteContext, rx: Receiver, body: dict[str, Any], *, entity_id: str | None = B
) -> None:
    """Load Subscription Sample With Reachable Endpoint (+ Set Entity Id In Subscription), then create it."""
    sent = ld(ctx, body)
    sent["notification"]["endpoint"]["uri"] = rx.url
    if entity_id is not None:
        sent["entities"][0]["id"] = entity_id
    create_sub(api, sent)


def notified(rx: Receiver, count: int = 1) -> dict[str, Any]:
    """The ``count``-th notification's body (waiting for it)."""
    body: dict[str, Any] = rx.wait(lambda got: len(got) >= count)[count - 1].body
    assert body["subscriptionId"] == S and body["type"] == "Notification"
    return body


def first_entity(rx: Receiver) -> dict[str, Any]:
    item: dict[str, Any] = notified(rx)["data"][0]
    assert item["id"] == B
    return item


def test_046_01_notified_while_active(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    subscribe(api, ctx, rx, ACTIVE)
    update_attrs(api, ctx, AIR_QUALITY)
    assert first_entity(rx)["airQualityLevel"]["value"] == 5


def test_046_02_time_interval(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    # subscription-timeInterval.jsonld asks every 10 s; 1 s keeps the test short (two periods are awaited).
    body = {**DEFAULT, "timeInterval": 1, "notification": {"endpoint": endpoint(UNREACHABLE)}}
    subscribe(api, ctx, rx, body)
    second = notified(rx, 2)["data"][0]
    assert second["id"] == B and second["airQualityLevel"]["value"] == 4
    assert second["name"]["value"] == "Eiffel Tower"


@pytest.mark.parametrize(
    ("body", "entity_id"),
    [
        (DEFAULT, B),
        (
            {
                **ACTIVE,
                "watchedAttributes": ["airQualityLevel"],
                "notification": {"endpoint": endpoint(UNREACHABLE)},
            },
            None,
        ),
        (
            {
                **ACTIVE,
                "watchedAttributes": ["airQualityLevel"],
                "q": 'name=="Eiffel%20Tower"',
                "notification": {"endpoint": endpoint(UNREACHABLE)},
            },
            B,
        ),
    ],
    ids=["046_03_all_entities", "046_04_watched_attributes", "046_05_watched_attributes_and_q"],
)
def test_046_03_04_05_changed_entities(
    api: TestClient, ctx: SuiteContext, rx: Receiver, body: dict[str, Any], entity_id: str | None
) -> None:
    create_entity(api, ctx, BUILDING)
    subscribe(api, ctx, rx, body, entity_id=entity_id)
    update_attrs(api, ctx, AIR_QUALITY)
    item = first_entity(rx)
    assert item["airQualityLevel"]["value"] == 5 and item["name"]["value"] == "Eiffel Tower"


LOCATED = {  # entities/building-location-attribute.jsonld
    "id": B,
    "type": "Building",
    "name": {"type": "Property", "value": "Eiffel Tower"},
    "subCategory": {"type": "Property", "value": "tourism"},
    "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [13.3986, 52.5547]}},
}


def test_046_06_entity_created(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    subscribe(api, ctx, rx, {**DEFAULT, "notificationTrigger": ["entityCreated"]}, entity_id=None)
    create_entity(api, ctx, LOCATED)
    first_entity(rx)


def test_046_07_notification_structure(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    subscribe(api, ctx, rx, NOTIFICATION_ATTRIBUTES)
    update_attrs(api, ctx, AIR_QUALITY)
    body = notified(rx)
    assert datetime.fromisoformat(body["notifiedAt"].replace("Z", "+00:00"))  # 046_07_01
    assert "name" not in body["data"][0] and "airQualityLevel" in body["data"][0]  # 046_07_02


def test_046_07_03_uri_expansion(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    body = {  # subscription-building-entities-active-default-context.jsonld: the core @context only
        "id": S,
        "type": "Subscription",
        "isActive": True,
        "entities": [{"type": VOCAB + "Building", "id": B}],
        "notification": {"attributes": [VOCAB + "airQualityLevel"], "endpoint": endpoint(rx.url)},
        "@context": [CORE],
    }
    create_sub(api, body)
    update_attrs(api, ctx, AIR_QUALITY)
    assert VOCAB + "airQualityLevel" in first_entity(rx)


@pytest.mark.parametrize("fmt", ["normalized", "keyValues"], ids=["046_08_01", "046_08_02"])
def test_046_08_all_attributes(api: TestClient, ctx: SuiteContext, rx: Receiver, fmt: str) -> None:
    create_entity(api, ctx, BUILDING)
    body = copy.deepcopy(ACTIVE)
    body["notification"]["format"] = fmt
    subscribe(api, ctx, rx, body)
    update_attrs(api, ctx, AIR_QUALITY)
    item = first_entity(rx)
    assert {"name", "almostFull", "airQualityLevel", "subCategory"} <= set(item)
    assert item["name"] == (
        {"type": "Property", "value": "Eiffel Tower"} if fmt == "normalized" else "Eiffel Tower"
    )


def test_046_09_receiver_info(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    body = copy.deepcopy(ACTIVE)
    body["notification"]["endpoint"]["receiverInfo"] = [{"key": "X-Additional-Key", "value": "Value"}]
    subscribe(api, ctx, rx, body)
    update_attrs(api, ctx, AIR_QUALITY)
    got = rx.wait(lambda acc: len(acc) >= 1)[0]
    assert got.headers["X-Additional-Key"] == "Value"


def test_046_10_json_by_default(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    subscribe(api, ctx, rx, DEFAULT)
    update_attrs(api, ctx, AIR_QUALITY)
    got = rx.wait(lambda acc: len(acc) >= 1)[0]
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Link"] == ctx.link["Link"]
    assert "@context" not in got.body["data"][0]


def wait_status(api: TestClient, ctx: SuiteContext, ready: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    while True:
        status: dict[str, Any] = retrieve(api, ctx, Accept="application/ld+json").json()["notification"]
        if ready(status) or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def test_046_11_12_times_sent_and_last_success(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    subscribe(api, ctx, rx, ACTIVE)
    update_attrs(api, ctx, AIR_QUALITY)
    notified(rx)
    status = wait_status(api, ctx, lambda s: "lastSuccess" in s)
    assert status["timesSent"] == 1  # 046_11
    assert status["status"] == "ok" and status["lastNotification"] == status["lastSuccess"]  # 046_12
    assert datetime.fromisoformat(status["lastSuccess"].replace("Z", "+00:00"))


def test_046_13_failed_delivery(api: TestClient, ctx: SuiteContext) -> None:
    failing = {
        **ACTIVE,
        "notification": {"format": "normalized", "endpoint": endpoint("http://127.0.0.1:9/notify")},
    }
    create_sub(api, ld(ctx, failing))
    create_entity(api, ctx, BUILDING)
    update_attrs(api, ctx, AIR_QUALITY)
    status = wait_status(api, ctx, lambda s: "lastFailure" in s)
    assert status["status"] == "failed" and "lastFailure" in status and status["timesFailed"] >= 1


def test_046_14_json_ld(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    body = {**ACTIVE, "notification": {"endpoint": endpoint(UNREACHABLE, "application/ld+json")}}
    subscribe(api, ctx, rx, body)
    update_attrs(api, ctx, AIR_QUALITY)
    got = rx.wait(lambda acc: len(acc) >= 1)[0]
    assert "Link" not in got.headers and got.headers["Content-Type"] == "application/ld+json"
    assert got.body["data"][0]["@context"] == ctx.url


def test_046_15_throttling(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    # subscription-valid-throttling.jsonld throttles 15 s; 2 s here, and the held notification is awaited.
    body = {
        **ACTIVE,
        "throttling": 2,
        "notification": {"format": "keyValues", "endpoint": endpoint(UNREACHABLE)},
    }
    subscribe(api, ctx, rx, body)
    update_attrs(api, ctx, AIR_QUALITY)
    notified(rx)
    first = time.monotonic()
    update_attrs(api, ctx, {"airQualityLevel": {"type": "Property", "value": 6}})
    time.sleep(1.0)
    assert len(rx.accepted) == 1  # not before the throttling has elapsed
    assert notified(rx, 2)["data"][0]["airQualityLevel"] == 6
    assert time.monotonic() - first >= 1.9


VEHICLE = {
    "id": "urn:ngsi-ld:Vehicle:0000000000000046",
    "type": "Vehicle",
    "speed": {"type": "Property", "value": 1},
}


def test_046_16_type_selection(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    body = {**DEFAULT, "entities": [{"type": "(Building|Tower)"}], "notificationTrigger": ["entityCreated"]}
    subscribe(api, ctx, rx, body, entity_id=None)
    create_entity(api, ctx, VEHICLE)  # 046_16_02: not notified (the building's notification comes first)
    create_entity(api, ctx, BUILDING)  # 046_16_01
    assert [item["id"] for item in notified(rx)["data"]] == [B]


@pytest.mark.parametrize("sys_attrs", [True, False], ids=["046_17", "046_18"])
def test_046_17_18_sys_attrs(api: TestClient, ctx: SuiteContext, rx: Receiver, sys_attrs: bool) -> None:
    create_entity(api, ctx, BUILDING)
    body = {**ACTIVE, "notification": {"sysAttrs": sys_attrs, "endpoint": endpoint(UNREACHABLE)}}
    subscribe(api, ctx, rx, body)
    update_attrs(api, ctx, AIR_QUALITY)
    item = first_entity(rx)
    assert ("createdAt" in item and "modifiedAt" in item) is sys_attrs
    assert ("createdAt" in item or "modifiedAt" in item) is sys_attrs


WITH_DATASET = {  # subscriptions/subscription-building-with-datasetId.jsonld
    "id": S,
    "type": "Subscription",
    "entities": [{"type": "Building"}],
    "notification": {"format": "normalized", "endpoint": endpoint(UNREACHABLE, "application/ld+json")},
    "datasetId": ["urn:ngsi-ld:Dataset:french-name"],
}
FRENCH_NAME = {  # entities/fragmentEntities/building-name-fragment.jsonld
    "name": {"type": "Property", "value": "Le Tour Eiffel", "datasetId": "urn:ngsi-ld:Dataset:french-name"}
}


def test_046_19_dataset_id(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, MULTI_INSTANCES)
    subscribe(api, ctx, rx, WITH_DATASET)
    update_attrs(api, ctx, FRENCH_NAME)
    assert first_entity(rx) == {  # expectations/entity-with-datasetid-046-19.jsonld
        "id": B,
        "type": "Building",
        "name": {
            "type": "Property",
            "value": "Le Tour Eiffel",
            "datasetId": "urn:ngsi-ld:Dataset:french-name",
        },
        "locatedAt": {
            "type": "Relationship",
            "datasetId": "urn:ngsi-ld:Dataset:french-name",
            "object": "urn:ngsi-ld:Ville:Paris",
        },
        "@context": ctx.url,
    }


def test_046_20_json_ld_context(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, {"id": B, "type": "Building"})
    body = {k: v for k, v in WITH_DATASET.items() if k != "datasetId"}
    subscribe(api, ctx, rx, {**body, "jsonldContext": CORE})
    # The suite PATCHes name onto building-minimal, which has none (207, nothing updated, nothing notified);
    # the name is appended here instead, which notifies (attributeCreated).
    response = api.post(f"{ENTITIES}/{B}/attrs", json=ld(ctx, FRENCH_NAME), headers=LD_JSON)
    assert response.status_code == 204, response.text
    assert first_entity(rx) == {  # expectations/compacted-entity-with-jsonldContext-046-20.jsonld
        "id": B,
        "type": VOCAB + "Building",
        VOCAB + "name": {
            "type": "Property",
            "value": "Le Tour Eiffel",
            "datasetId": "urn:ngsi-ld:Dataset:french-name",
        },
        "@context": CORE,
    }


def test_5212_01_paused_then_resumed(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    subscribe(api, ctx, rx, {**minimal(), "isActive": False}, entity_id=None)
    create_entity(api, ctx, BUILDING)  # 5212_01_01: paused, nothing is sent
    time.sleep(0.5)
    assert rx.requests == []
    resumed = api.patch(f"{SUBS}/{S}", json={"isActive": True}, headers=JSON)
    assert resumed.status_code == 204
    update_attrs(api, ctx, AIR_QUALITY)  # 5212_01_02
    body = notified(rx)
    assert [item["id"] for item in body["data"]] == [B] and body["data"][0]["airQualityLevel"]["value"] == 5


NULL = "urn:ngsi-ld:null"


def deletion_sub(
    fmt: str | None = None, triggers: tuple[str, ...] = ("attributeDeleted",), **extra: Any
) -> Any:
    """subscription-building-entities-<trigger>[-specific-attribute]-<format>[-sysAttrs].jsonld"""
    notification: dict[str, Any] = {"endpoint": endpoint(UNREACHABLE)}
    if fmt is not None:
        notification["format"] = fmt
    notification.update(extra.pop("notification", {}))
    return {**DEFAULT, "notification": notification, "notificationTrigger": list(triggers), **extra}


def same(expected: Any, actual: Any) -> bool:
    """Equal as the suite compares them: in any order, system timestamps only present."""

    def norm(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: "<time>" if k in ("createdAt", "modifiedAt", "deletedAt") else norm(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    return bool(norm(expected) == norm(actual))


@pytest.mark.parametrize(
    ("sys_attrs", "members"),
    [(False, {"id", "type", "deletedAt"}), (True, {"id", "type", "createdAt", "modifiedAt", "deletedAt"})],
    ids=["046_21_01", "046_21_02"],
)
def test_046_21_entity_deleted(
    api: TestClient, ctx: SuiteContext, rx: Receiver, sys_attrs: bool, members: set[str]
) -> None:
    create_entity(api, ctx, LOCATED)
    extra = {"notification": {"sysAttrs": True}} if sys_attrs else {}
    fmt = "keyValues" if sys_attrs else None
    subscribe(api, ctx, rx, deletion_sub(fmt, ("entityDeleted",), **extra), entity_id=None)
    assert api.delete(f"{ENTITIES}/{B}").status_code == 204
    body = notified(rx)
    assert len(body["data"]) == 1 and set(body["data"][0]) == members and body["data"][0]["id"] == B


KEY_VALUES_DELETED = {
    "id": B,
    "type": "Building",
    "almostFull": False,
    "subCategory": "tourism",
    "airQualityLevel": 4,
    "name": NULL,
}


@pytest.mark.parametrize(
    ("watched", "fmt", "expected"),
    [
        (None, "keyValues", KEY_VALUES_DELETED),
        (["name"], "keyValues", KEY_VALUES_DELETED),
        (
            ["name"],
            "normalized",
            {**BUILDING, "name": {"type": "Property", "value": NULL}},
        ),
    ],
    ids=["046_22_01", "046_22_02", "046_22_04"],
)
def test_046_22_attribute_deleted(
    api: TestClient,
    ctx: SuiteContext,
    rx: Receiver,
    watched: list[str] | None,
    fmt: str,
    expected: dict[str, Any],
) -> None:
    create_entity(api, ctx, BUILDING)
    extra = {"watchedAttributes": watched} if watched else {}
    subscribe(api, ctx, rx, deletion_sub(fmt, **extra), entity_id=None)
    # 046_22_03: airQualityLevel is not watched (the name's notification is the first to come).
    if watched:
        assert api.delete(f"{ENTITIES}/{B}/attrs/airQualityLevel", headers=ctx.link).status_code == 204
        expected = {k: v for k, v in expected.items() if k != "airQualityLevel"}
    assert api.delete(f"{ENTITIES}/{B}/attrs/name", headers=ctx.link).status_code == 204
    body = notified(rx)
    assert len(body["data"]) == 1 and body["data"][0] == expected


def test_046_22_05_attribute_deleted_sys_attrs(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, BUILDING)
    body = deletion_sub("normalized", watchedAttributes=["name"], notification={"sysAttrs": True})
    subscribe(api, ctx, rx, body, entity_id=None)
    assert api.delete(f"{ENTITIES}/{B}/attrs/name", headers=ctx.link).status_code == 204
    name = first_entity(rx)["name"]
    assert name["value"] == NULL and {"createdAt", "modifiedAt", "deletedAt"} <= set(name)


@pytest.mark.parametrize("fmt", ["normalized", "keyValues"], ids=["046_22_06", "046_22_07"])
def test_046_22_06_07_instance_deleted(api: TestClient, ctx: SuiteContext, rx: Receiver, fmt: str) -> None:
    create_entity(api, ctx, MULTI_INSTANCES)
    subscribe(api, ctx, rx, deletion_sub(fmt, watchedAttributes=["name"]), entity_id=None)
    params = {"datasetId": "urn:ngsi-ld:Dataset:french-name"}
    assert api.delete(f"{ENTITIES}/{B}/attrs/name", params=params, headers=ctx.link).status_code == 204
    item = first_entity(rx)
    if fmt == "normalized":  # expectations/entity-deleted-name-attribute-instance-normalized.json
        expected = {
            **MULTI_INSTANCES,
            "name": [
                {"type": "Property", "value": "Eiffel Tower"},
                {"type": "Property", "datasetId": "urn:ngsi-ld:Dataset:german-name", "value": "Eiffelturm"},
                {"type": "Property", "datasetId": "urn:ngsi-ld:Dataset:french-name", "value": NULL},
            ],
        }
    else:  # expectations/entity-deleted-name-attribute-instance-keyValues.json
        expected = {
            "id": B,
            "type": "Building",
            "name": {
                "dataset": {
                    "urn:ngsi-ld:Dataset:german-name": "Eiffelturm",
                    "@none": "Eiffel Tower",
                    "urn:ngsi-ld:Dataset:french-name": NULL,
                }
            },
            "locatedAt": {
                "dataset": {
                    "urn:ngsi-ld:Dataset:french-name": "urn:ngsi-ld:Ville:Paris",
                    "urn:ngsi-ld:Dataset:spanish-name": "urn:ngsi-ld:Ciudad:París",
                    "@none": "urn:ngsi-ld:City:Paris",
                }
            },
        }
    assert same(expected, item), item


def test_046_22_08_all_instances_deleted(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    create_entity(api, ctx, MULTI_INSTANCES)
    subscribe(api, ctx, rx, deletion_sub("normalized", watchedAttributes=["name"]), entity_id=None)
    response = api.delete(f"{ENTITIES}/{B}/attrs/name", params={"deleteAll": "true"}, headers=ctx.link)
    assert response.status_code == 204
    assert first_entity(rx)["name"]["value"] == NULL


@pytest.mark.parametrize(
    ("attr", "nulled"),
    [
        ("name", {"type": "Property", "value": NULL}),
        ("locatedAt", {"type": "Relationship", "object": NULL}),
        ("street", {"type": "LanguageProperty", "languageMap": {"@none": NULL}}),
    ],
    ids=["046_22_09", "046_22_10", "046_22_11"],
)
@pytest.mark.parametrize("how", ["merge", "update", "partial"], ids=["01_merge", "02_update", "03_partial"])
def test_046_22_09_10_11_deleted_with_null(
    api: TestClient, ctx: SuiteContext, rx: Receiver, attr: str, nulled: dict[str, Any], how: str
) -> None:
    create_entity(api, ctx, DIFFERENT_TYPES)
    subscribe(api, ctx, rx, deletion_sub("normalized", watchedAttributes=[attr]), entity_id=None)
    kind = DIFFERENT_TYPES[attr]["type"]
    member = {"Property": "value", "Relationship": "object", "LanguageProperty": "languageMap"}[kind]
    null: Any = {"@none": NULL} if kind == "LanguageProperty" else NULL
    fragment = {"type": kind, member: null}
    if how == "merge":
        response = api.patch(
            f"{ENTITIES}/{B}", json=ld(ctx, {"id": B, "type": "Building", attr: fragment}), headers=LD_JSON
        )
    elif how == "update":
        response = api.patch(f"{ENTITIES}/{B}/attrs", json=ld(ctx, {attr: fragment}), headers=LD_JSON)
    else:
        response = api.patch(f"{ENTITIES}/{B}/attrs/{attr}", json=ld(ctx, fragment), headers=LD_JSON)
    assert response.status_code == 204, response.text
    assert first_entity(rx) == {**DIFFERENT_TYPES, attr: nulled}


@pytest.mark.parametrize("sys_attrs", [False, True], ids=["046_22_12", "046_22_13"])
def test_046_22_12_13_entity_deleted_with_watched_attribute(
    api: TestClient, ctx: SuiteContext, rx: Receiver, sys_attrs: bool
) -> None:
    create_entity(api, ctx, BUILDING)
    extra = {"notification": {"sysAttrs": True}} if sys_attrs else {}
    subscribe(api, ctx, rx, deletion_sub("normalized", watchedAttributes=["name"], **extra), entity_id=None)
    assert api.delete(f"{ENTITIES}/{B}").status_code == 204
    name: dict[str, Any] = {"type": "Property", "value": NULL}
    expected: dict[str, Any] = {"id": B, "type": "Building", "deletedAt": "", "name": name}
    if sys_attrs:
        expected.update(createdAt="", modifiedAt="")
        name.update(createdAt="", modifiedAt="", deletedAt="")
    assert same(expected, first_entity(rx))


SHOW_CHANGES = {**DEFAULT, "notification": {"endpoint": {"uri": UNREACHABLE}, "showChanges": True}}


@pytest.mark.parametrize(
    ("fragment", "changed"),
    [
        ({"name": {"type": "Property", "value": "Tour Eiffel"}}, {"previousValue": "Eiffel Tower"}),
        (
            {"locatedAt": {"type": "Relationship", "object": "urn:ngsi-ld:City:Lyon"}},
            {"previousObject": "urn:ngsi-ld:City:Paris"},
        ),
        (
            {"location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [2.29, 48.85]}}},
            {"previousValue": {"type": "Point", "coordinates": [-8.5, 41.2]}},
        ),
        (
            {
                "street": {
                    "type": "LanguageProperty",
                    "languageMap": {"fr": "Grand Place", "es": "Gran Lugar"},
                }
            },
            {"previousLanguageMap": {"fr": "Grand Place", "nl": "Grote Markt"}},
        ),
    ],
    ids=["046_31_01", "046_31_02", "046_31_03", "046_31_04"],
)
def test_046_31_show_changes_on_update(
    api: TestClient, ctx: SuiteContext, rx: Receiver, fragment: dict[str, Any], changed: dict[str, Any]
) -> None:
    create_entity(api, ctx, DIFFERENT_TYPES)
    subscribe(api, ctx, rx, SHOW_CHANGES, entity_id=None)
    update_attrs(api, ctx, fragment)
    ((name, value),) = fragment.items()
    assert first_entity(rx) == {**DIFFERENT_TYPES, name: {**value, **changed}}


JSON_BUILDING = {  # entities/building-json-property-object.jsonld
    "id": B,
    "type": "Building",
    "jsonProperty": {
        "type": "JsonProperty",
        "json": {"id": "some-id", "type": "some-type", "null": None, "anythingElse": "anything-else"},
    },
}
VOCAB_BUILDING = {
    "id": B,
    "type": "Building",
    "vocabProperty": {"type": "VocabProperty", "vocab": "monument"},
}


@pytest.mark.parametrize(
    ("entity", "fragment", "expected"),
    [
        (
            JSON_BUILDING,
            {"jsonProperty": {"type": "JsonProperty", "json": {"id": "other-id"}}},
            {
                "type": "JsonProperty",
                "json": {"id": "other-id"},
                "previousJson": JSON_BUILDING["jsonProperty"]["json"],
            },
        ),
        (
            VOCAB_BUILDING,
            {"vocabProperty": {"type": "VocabProperty", "vocab": "museum"}},
            {"type": "VocabProperty", "vocab": "museum", "previousVocab": "monument"},
        ),
    ],
    ids=["046_32", "046_33"],
)
def test_046_32_33_show_changes_json_and_vocab(
    api: TestClient,
    ctx: SuiteContext,
    rx: Receiver,
    entity: dict[str, Any],
    fragment: dict[str, Any],
    expected: Any,
) -> None:
    create_entity(api, ctx, entity)
    subscribe(api, ctx, rx, SHOW_CHANGES, entity_id=None)
    update_attrs(api, ctx, fragment)
    (name,) = fragment
    assert first_entity(rx)[name] == expected


@pytest.mark.parametrize(
    ("entity", "attr", "expected"),
    [
        (DIFFERENT_TYPES, "name", {"type": "Property", "value": NULL, "previousValue": "Eiffel Tower"}),
        (
            DIFFERENT_TYPES,
            "locatedAt",
            {"type": "Relationship", "object": NULL, "previousObject": "urn:ngsi-ld:City:Paris"},
        ),
        (
            DIFFERENT_TYPES,
            "location",
            {
                "type": "GeoProperty",
                "value": NULL,
                "previousValue": {"type": "Point", "coordinates": [-8.5, 41.2]},
            },
        ),
        (
            DIFFERENT_TYPES,
            "street",
            {
                "type": "LanguageProperty",
                "languageMap": {"@none": NULL},
                "previousLanguageMap": {"fr": "Grand Place", "nl": "Grote Markt"},
            },
        ),
        (
            JSON_BUILDING,
            "jsonProperty",
            {"type": "JsonProperty", "json": NULL, "previousJson": JSON_BUILDING["jsonProperty"]["json"]},
        ),
        (
            VOCAB_BUILDING,
            "vocabProperty",
            {"type": "VocabProperty", "vocab": NULL, "previousVocab": "monument"},
        ),
    ],
    ids=["046_34_01", "046_34_02", "046_34_03", "046_34_04", "046_35", "046_36"],
)
def test_046_34_35_36_show_changes_on_attribute_deleted(
    api: TestClient, ctx: SuiteContext, rx: Receiver, entity: dict[str, Any], attr: str, expected: Any
) -> None:
    create_entity(api, ctx, entity)
    body = {**SHOW_CHANGES, "notificationTrigger": ["attributeDeleted"]}
    subscribe(api, ctx, rx, body, entity_id=None)
    response = api.delete(f"{ENTITIES}/{B}/attrs/{attr}", params={"deleteAll": "false"}, headers=ctx.link)
    assert response.status_code == 204
    assert first_entity(rx) == {**entity, attr: expected}


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        (
            DIFFERENT_TYPES,
            {
                "location": {
                    "type": "GeoProperty",
                    "previousValue": {"type": "Point", "coordinates": [-8.5, 41.2]},
                    "value": NULL,
                },
                "name": {"type": "Property", "previousValue": "Eiffel Tower", "value": NULL},
                "street": {
                    "type": "LanguageProperty",
                    "previousLanguageMap": {"fr": "Grand Place", "nl": "Grote Markt"},
                    "languageMap": NULL,
                },
                "locatedAt": {
                    "type": "Relationship",
                    "previousObject": "urn:ngsi-ld:City:Paris",
                    "object": NULL,
                },
            },
        ),
        (
            JSON_BUILDING,
            {
                "jsonProperty": {
                    "type": "JsonProperty",
                    "json": NULL,
                    "previousJson": JSON_BUILDING["jsonProperty"]["json"],
                }
            },
        ),
        (
            VOCAB_BUILDING,
            {"vocabProperty": {"type": "VocabProperty", "vocab": NULL, "previousVocab": "monument"}},
        ),
    ],
    ids=["046_37", "046_38", "046_39"],
)
def test_046_37_38_39_show_changes_on_entity_deleted(
    api: TestClient, ctx: SuiteContext, rx: Receiver, entity: dict[str, Any], expected: dict[str, Any]
) -> None:
    create_entity(api, ctx, entity)
    subscribe(api, ctx, rx, {**SHOW_CHANGES, "notificationTrigger": ["entityDeleted"]}, entity_id=None)
    assert api.delete(f"{ENTITIES}/{B}").status_code == 204
    assert same({"id": B, "type": "Building", "deletedAt": "", **expected}, first_entity(rx))


def test_046_40_no_previous_value_on_entity_created(api: TestClient, ctx: SuiteContext, rx: Receiver) -> None:
    subscribe(api, ctx, rx, {**SHOW_CHANGES, "notificationTrigger": ["entityCreated"]}, entity_id=None)
    create_entity(api, ctx, BUILDING)
    assert "previousValue" not in str(first_entity(rx))


def test_046_41_no_previous_value_on_attribute_created(
    api: TestClient, ctx: SuiteContext, rx: Receiver
) -> None:
    create_entity(api, ctx, {"id": B, "type": "Building"})
    subscribe(api, ctx, rx, {**SHOW_CHANGES, "notificationTrigger": ["attributeCreated"]}, entity_id=None)
    response = api.post(
        f"{ENTITIES}/{B}/attrs",
        json=ld(ctx, {"name": {"type": "Property", "value": "Tour Eiffel"}}),
        headers=LD_JSON,
    )
    assert response.status_code == 204
    item = first_entity(rx)
    assert item["name"] == {"type": "Property", "value": "Tour Eiffel"} and "previousValue" not in str(item)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"pick": ["id", "name"]}, {"id": B, "name": {"type": "Property", "value": "Tour Eiffel"}}),
        ({"omit": ["type", "name"]}, {k: v for k, v in DIFFERENT_TYPES.items() if k not in ("type", "name")}),
    ],
    ids=["046_42_pick", "046_43_omit"],
)
def test_046_42_43_pick_omit(
    api: TestClient, ctx: SuiteContext, rx: Receiver, members: dict[str, Any], expected: dict[str, Any]
) -> None:
    create_entity(api, ctx, DIFFERENT_TYPES)
    subscribe(
        api,
        ctx,
        rx,
        {**DEFAULT, "notification": {"endpoint": endpoint(UNREACHABLE), **members}},
        entity_id=None,
    )
    update_attrs(api, ctx, {"name": {"type": "Property", "value": "Tour Eiffel"}})
    assert notified(rx)["data"] == [expected]


# -- 058 MQTT notifications (the local Mosquitto, 127.0.0.1:1883) ----------------------------------------


@pytest.fixture
def mqtt_listener() -> Iterator[Any]:
    from tests.stream.test_mqtt import Listener, _mosquitto

    _mosquitto()
    found = Listener(f"ngsild-test-suite/topic/{uuid.uuid4().hex[:8]}")
    try:
        yield found
    finally:
        found.close()


@pytest.mark.parametrize(
    ("userinfo", "notifier_info"),
    [
        ("", []),
        ("user@", []),
        ("user_with_password:password@", []),
        ("", [{"key": "MQTT-QoS", "value": "1"}]),
        ("", [{"key": "MQTT-QoS", "value": "2"}]),
        ("", [{"key": "MQTT-Version", "value": "mqtt3.1.1"}]),
        ("", [{"key": "MQTT-Version", "value": "mqtt5.0"}]),
    ],
    ids=["058_01_01", "058_01_03", "058_01_04", "058_02_02", "058_02_03", "058_03_02", "058_03_03"],
)
def test_058_mqtt_notification(
    api: TestClient, ctx: SuiteContext, mqtt_listener: Any, userinfo: str, notifier_info: list[dict[str, str]]
) -> None:
    create_entity(api, ctx, BUILDING)
    point: dict[str, Any] = {"uri": f"mqtt://{userinfo}127.0.0.1/{mqtt_listener.topic}"}
    point["receiverInfo"] = [{"key": "test-receiver-key", "value": "test-receiver-info"}]  # 058_04
    if notifier_info:
        point["notifierInfo"] = notifier_info
    body = ld(ctx, {**DEFAULT, "notification": {"endpoint": point}})
    body["entities"][0]["id"] = B
    create_sub(api, body)
    update_attrs(api, ctx, AIR_QUALITY)
    ((_, message),) = mqtt_listener.wait(1)  # one message (Check Messages Contain One Instance)
    assert {"metadata", "body"} <= set(message)
    assert message["metadata"]["Content-Type"] == "application/json" and "Link" in message["metadata"]
    assert message["metadata"]["test-receiver-key"] == "test-receiver-info"
    assert message["body"]["type"] == "Notification" and message["body"]["subscriptionId"] == S
    assert {"id", "type"} <= set(message["body"]["data"][0])


# -- 046_23-30 linked entities in notifications (notification.join) -------------------------------------

CITY = "urn:ngsi-ld:City:Paris"
LINKING = {"id": B, "type": "Building", "locatedAt": {"type": "Relationship", "object": CITY}}
CITY_MINIMAL = {"id": CITY, "type": "City"}
CITY_SIMPLE = {  # entities/city-simple-attributes.jsonld
    "id": CITY,
    "type": "City",
    "name": {"type": "Property", "value": "Paris"},
    "description": {"type": "Property", "value": "Paris is the capital and largest city of France"},
    "isInCountry": {"type": "Relationship", "object": "urn:ngsi-ld:Country:France"},
}
NAMED = {"name": {"type": "Property", "value": "Tour Eiffel"}}
LINKING_NAMED = {**LINKING, **NAMED}
CITY_SIMPLE_KV = {
    "id": CITY,
    "type": "City",
    "name": "Paris",
    "isInCountry": "urn:ngsi-ld:Country:France",
    "description": "Paris is the capital and largest city of France",
}
T = ""  # a system timestamp (compared for presence only)


@pytest.mark.parametrize(
    ("join", "extra", "city", "expected"),
    [
        ("flat", {}, CITY_MINIMAL, [LINKING_NAMED, CITY_MINIMAL]),
        (
            "flat",
            {"sysAttrs": True},
            CITY_MINIMAL,
            [
                {
                    "id": B,
                    "type": "Building",
                    "createdAt": T,
                    "modifiedAt": T,
                    "name": {**NAMED["name"], "createdAt": T, "modifiedAt": T},
                    "locatedAt": {**LINKING["locatedAt"], "createdAt": T, "modifiedAt": T},
                },
                {**CITY_MINIMAL, "createdAt": T, "modifiedAt": T},
            ],
        ),
        (
            "flat",
            {"format": "keyValues"},
            CITY_SIMPLE,
            [{"id": B, "type": "Building", "name": "Tour Eiffel", "locatedAt": CITY}, CITY_SIMPLE_KV],
        ),
        ("flat", {"attributes": ["locatedAt"]}, CITY_SIMPLE, [LINKING, CITY_SIMPLE]),
        (
            "inline",
            {},
            CITY_MINIMAL,
            [{**LINKING_NAMED, "locatedAt": {**LINKING["locatedAt"], "entity": CITY_MINIMAL}}],
        ),
        (
            "inline",
            {"sysAttrs": True},
            CITY_MINIMAL,
            [
                {
                    "id": B,
                    "type": "Building",
                    "createdAt": T,
                    "modifiedAt": T,
                    "name": {**NAMED["name"], "createdAt": T, "modifiedAt": T},
                    "locatedAt": {
                        **LINKING["locatedAt"],
                        "createdAt": T,
                        "modifiedAt": T,
                        "entity": {**CITY_MINIMAL, "createdAt": T, "modifiedAt": T},
                    },
                }
            ],
        ),
        (
            "inline",
            {"format": "keyValues"},
            CITY_SIMPLE,
            [{"id": B, "type": "Building", "name": "Tour Eiffel", "locatedAt": CITY_SIMPLE_KV}],
        ),
        (
            "inline",
            {"attributes": ["locatedAt"]},
            CITY_SIMPLE,
            [{**LINKING, "locatedAt": {**LINKING["locatedAt"], "entity": CITY_SIMPLE}}],
        ),
    ],
    ids=["046_23", "046_24", "046_25", "046_26", "046_27", "046_28", "046_29", "046_30"],
)
def test_046_23_to_30_join(
    api: TestClient,
    ctx: SuiteContext,
    rx: Receiver,
    join: str,
    extra: dict[str, Any],
    city: dict[str, Any],
    expected: list[dict[str, Any]],
) -> None:
    create_entity(api, ctx, LINKING)
    create_entity(api, ctx, city)
    notification = {"endpoint": {"uri": UNREACHABLE}, "join": join, "joinLevel": 1, **extra}
    subscribe(api, ctx, rx, {**DEFAULT, "notification": notification}, entity_id=None)
    assert retrieve(api, ctx).json()["notification"]["join"] == join
    # The suite PATCHes name onto a building without one; appended here (see test_046_20_json_ld_context).
    response = api.post(f"{ENTITIES}/{B}/attrs", json=ld(ctx, NAMED), headers=LD_JSON)
    assert response.status_code == 204, response.text
    data = notified(rx)["data"]
    assert same(expected, data), data


@pytest.mark.parametrize(
    "notification",
    [{"join": "sideways"}, {"join": "flat", "joinLevel": 0}, {"join": "flat", "joinLevel": "one"}],
    ids=["join", "join_level_zero", "join_level_text"],
)
def test_join_members_are_checked(api: TestClient, notification: dict[str, Any]) -> None:
    body = minimal(**notification)
    assert_problem(api.post(f"{SUBS}", json=body, headers=JSON), 400, "BadRequestData")


# -- 49_01 q over linked entities --------------------------------------------------------------------------


def test_49_01_linked_entity_q(api: TestClient, rx: Receiver) -> None:
    for device, level in (("urn:ngsi-ld:Device:linkedq-low", 0.3), ("urn:ngsi-ld:Device:linkedq-full", 0.95)):
        body = {"id": device, "type": "Device", "batteryLevel": {"type": "Property", "value": level}}
        assert api.post(f"{ENTITIES}", json=body, headers=JSON).status_code == 201
    sub = {
        "id": "urn:ngsi-ld:Subscription:linkedq4901",
        "type": "Subscription",
        "entities": [{"type": "Vehicle"}],
        "q": "isConnectedTo{batteryLevel}<0.5",
        "notification": {"endpoint": {"uri": rx.url}},
    }
    assert api.post(SUBS, json=sub, headers=JSON).status_code == 201
    for vehicle, device in (("ok", "full"), ("low", "low")):  # the non-matching one is written first
        body = {
            "id": f"urn:ngsi-ld:Vehicle:linkedq-{vehicle}",
            "type": "Vehicle",
            "isConnectedTo": {"type": "Relationship", "object": f"urn:ngsi-ld:Device:linkedq-{device}"},
        }
        assert api.post(f"{ENTITIES}", json=body, headers=JSON).status_code == 201
    got = rx.wait(lambda acc: len(acc) >= 1)[0].body
    assert got["subscriptionId"] == sub["id"]
    assert [item["id"] for item in got["data"]] == ["urn:ngsi-ld:Vehicle:linkedq-low"]


@pytest.fixture(params=[False, True], ids=["058_01_02_non_default_port", "058_01_05_user_password_and_port"])
def private_mosquitto(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[tuple[int, str]]:
    """A Mosquitto of its own on a free port (with a password file and no anonymous access for 058_01_05)."""
    import getpass
    import shutil
    import socket
    import subprocess

    binary, passwd = shutil.which("mosquitto"), shutil.which("mosquitto_passwd")
    if binary is None or passwd is None:
        pytest.skip("mosquitto is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Run as the current user: started as root, Mosquitto would switch to "mosquitto" and lose tmp_path.
    config = [f"listener {port} 127.0.0.1", "persistence false", f"user {getpass.getuser()}"]
    userinfo = ""
    if request.param:
        subprocess.run(
            [passwd, "-b", "-c", str(tmp_path / "passwd"), "user_with_password", "password"], check=True
        )
        config += ["allow_anonymous false", f"password_file {tmp_path / 'passwd'}"]
        userinfo = "user_with_password:password@"
    else:
        config.append("allow_anonymous true")
    (tmp_path / "mosquitto.conf").write_text("\n".join(config) + "\n")
    process = subprocess.Popen([binary, "-c", str(tmp_path / "mosquitto.conf")], stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, (
                    process.stderr and process.stderr.read()
                )
                time.sleep(0.05)
        yield port, userinfo
    finally:
        process.terminate()
        process.wait(10)
        if process.stderr is not None:
            process.stderr.close()


def test_058_01_private_broker(
    api: TestClient, ctx: SuiteContext, private_mosquitto: tuple[int, str]
) -> None:
    import threading

    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    port, userinfo = private_mosquitto
    topic = "ngsild-test-suite/topic"
    got: list[dict[str, Any]] = []
    arrived, subscribed = threading.Event(), threading.Event()
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"test-{uuid.uuid4().hex[:8]}")
    if userinfo:
        client.username_pw_set("user_with_password", "password")
    client.on_connect = lambda c, *a: c.subscribe(topic, qos=1)
    client.on_subscribe = lambda *a: subscribed.set()
    client.on_message = lambda c, u, msg: (got.append(json.loads(msg.payload)), arrived.set())
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        assert subscribed.wait(10)
        create_entity(api, ctx, BUILDING)
        body = ld(
            ctx,
            {**DEFAULT, "notification": {"endpoint": {"uri": f"mqtt://{userinfo}127.0.0.1:{port}/{topic}"}}},
        )
        body["entities"][0]["id"] = B
        create_sub(api, body)
        update_attrs(api, ctx, AIR_QUALITY)
        assert arrived.wait(20), "no MQTT notification"
        assert got[0]["body"]["subscriptionId"] == S and got[0]["body"]["data"][0]["id"] == B
    finally:
        client.disconnect()
        client.loop_stop()
