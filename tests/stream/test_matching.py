"""Subscription matching and notification rendering: triggers, watchedAttributes, filters, showChanges."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest

from citytwin.core.entities import Entity, geo, prop, rel
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.errors import BadRequestData
from citytwin.ngsild.context import builtin_context
from citytwin.stream.changes import Change, from_event
from citytwin.stream.matching import SubscriptionIndex, compile_subscription
from citytwin.stream.notification import RenderCache, notification_message, render_item
from citytwin.stream.subscription import StoredSubscription, new_subscription

CTX = builtin_context()
NOW = datetime(2026, 5, 1, tzinfo=UTC)
ENDPOINT = {"uri": "http://127.0.0.1:9/notify"}
FUTIAN = {"type": "Point", "coordinates": [114.0579, 22.5431]}  # Shenzhen Civic Center, Futian
NANSHAN = {"type": "Point", "coordinates": [113.9305, 22.5333]}


def sub(tenant: str = "", **members: Any) -> Any:
    payload = {
        "type": "Subscription",
        "id": "urn:ngsi-ld:Subscription:t",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": ENDPOINT},
        **members,
    }
    body = new_subscription(payload, CTX, NOW)
    return compile_subscription(tenant, StoredSubscription(body), CTX, CTX)


def building(**attrs: Any) -> Entity:
    e = Entity("urn:ngsi-ld:Building:b1", ("Building",), {k: [v] for k, v in attrs.items()})
    e.created_at, e.modified_at = "2026-05-01T00:00:00Z", "2026-05-01T01:00:00Z"
    return e


def change(
    kind: ChangeKind, after: Entity | None, before: Entity | None, attrs: tuple[str, ...] = ()
) -> Change:
    subject = after or before
    assert subject is not None
    event = EntityChange(1, "", kind, subject.id, subject.types, after, before, attrs, NOW)
    return from_event(event)


BEFORE = building(height=prop(30.0), name=prop("Civic Center"), location=geo(FUTIAN))
CREATED = change(ChangeKind.CREATED, BEFORE, None)
UPDATED = change(
    ChangeKind.UPDATED,
    building(height=prop(31.0), name=prop("Civic Center"), location=geo(FUTIAN)),
    BEFORE,
    ("height",),
)
ADDED = change(
    ChangeKind.UPDATED,
    building(height=prop(30.0), name=prop("Civic Center"), location=geo(FUTIAN), floors=prop(9)),
    BEFORE,
    ("floors",),
)
# An attribute deletion is written as a replacement of the entity without it.
REMOVED = change(ChangeKind.UPDATED, building(height=prop(30.0), location=geo(FUTIAN)), BEFORE)
DELETED = change(ChangeKind.DELETED, None, BEFORE)


@pytest.mark.parametrize(
    ("triggers", "expected"),
    [
        (None, {"created", "updated", "added"}),  # default: attributeCreated + attributeUpdated
        (["entityCreated"], {"created"}),
        (["entityUpdated"], {"created", "updated", "added", "removed"}),  # = attributeCreated+Updated+Deleted
        (["entityDeleted"], {"deleted"}),
        (["attributeDeleted"], {"removed", "deleted"}),  # a deleted entity loses its attributes too
        (["attributeUpdated"], {"updated"}),
        (["attributeCreated"], {"created", "added"}),
        (["entityCreated", "entityDeleted"], {"created", "deleted"}),
    ],
)
def test_notification_triggers(triggers: list[str] | None, expected: set[str]) -> None:
    s = sub(**({"notificationTrigger": triggers} if triggers else {}))
    cases = {"created": CREATED, "updated": UPDATED, "added": ADDED, "removed": REMOVED, "deleted": DELETED}
    assert {name for name, c in cases.items() if s.matches(c)} == expected


def test_watched_attributes_and_filters() -> None:
    assert sub(watchedAttributes=["height"]).matches(UPDATED)
    assert not sub(watchedAttributes=["name"]).matches(UPDATED)
    assert not sub(watchedAttributes=["name"]).matches(ADDED)
    assert sub(q="height>30").matches(UPDATED) and not sub(q="height>31").matches(UPDATED)
    assert sub(q='name=="Civic Center"').matches(UPDATED)
    near = {"geometry": "Point", "coordinates": FUTIAN["coordinates"], "georel": "near;maxDistance==500"}
    far = {"geometry": "Point", "coordinates": NANSHAN["coordinates"], "georel": "near;maxDistance==500"}
    assert sub(geoQ=near).matches(UPDATED) and not sub(geoQ=far).matches(UPDATED)
    assert not sub(entities=[{"type": "Road"}]).matches(UPDATED)
    assert sub(
        entities=[{"type": "Road"}, {"idPattern": "^urn:ngsi-ld:Building:", "type": "Building"}]
    ).matches(UPDATED)
    assert not sub(entities=[{"id": "urn:ngsi-ld:Building:other", "type": "Building"}]).matches(UPDATED)
    assert not sub(scopeQ="/Shenzhen/#").matches(UPDATED)
    assert not sub(tenant="other").matches(UPDATED)  # changes of another tenant never match


def test_index_finds_candidates_by_type() -> None:
    index = SubscriptionIndex()
    a = sub()
    b = compile_subscription(
        "",
        StoredSubscription(
            new_subscription(
                {
                    "type": "Subscription",
                    "id": "urn:x:roads",
                    "entities": [{"type": "Road"}],
                    "notification": {"endpoint": ENDPOINT},
                },
                CTX,
                NOW,
            )
        ),
        CTX,
        CTX,
    )
    c = compile_subscription(
        "",
        StoredSubscription(
            new_subscription(
                {
                    "type": "Subscription",
                    "id": "urn:x:any",
                    "watchedAttributes": ["height"],
                    "notification": {"endpoint": ENDPOINT},
                },
                CTX,
                NOW,
            )
        ),
        CTX,
        CTX,
    )
    for s in (a, b, c):
        index.put(s)
    assert {s.id for s in index.candidates(UPDATED)} == {a.id, c.id}
    index.remove(a.key)
    assert {s.id for s in index.candidates(UPDATED)} == {c.id}
    assert len(index) == 2


def test_show_changes_deleted_attribute_and_deleted_entity() -> None:
    s = sub(
        notification={"endpoint": ENDPOINT, "showChanges": True},
        notificationTrigger=["entityUpdated", "entityDeleted"],
    )
    item = render_item(UPDATED, s)
    assert item["height"] == {"type": "Property", "value": 31.0, "previousValue": 30.0}
    assert item["name"] == {"type": "Property", "value": "Civic Center"}  # unchanged: no previous value
    gone = render_item(REMOVED, s)
    assert gone["name"] == {"type": "Property", "value": "urn:ngsi-ld:null", "previousValue": "Civic Center"}
    dead = render_item(DELETED, s)
    assert dead["deletedAt"] == "2026-05-01T00:00:00Z"
    assert dead["height"] == {"type": "Property", "value": "urn:ngsi-ld:null", "previousValue": 30.0}
    assert dead["location"]["previousValue"] == FUTIAN


def test_formats_attributes_and_payload() -> None:
    kv = sub(notification={"endpoint": ENDPOINT, "format": "keyValues", "attributes": ["height"]})
    assert render_item(UPDATED, kv) == {"id": "urn:ngsi-ld:Building:b1", "type": "Building", "height": 31.0}
    assert render_item(REMOVED, sub(notification={"endpoint": ENDPOINT, "format": "keyValues"}))["name"] == (
        "urn:ngsi-ld:null"
    )
    concise = sub(notification={"endpoint": ENDPOINT, "format": "concise", "showChanges": True})
    assert render_item(UPDATED, concise)["height"] == {"value": 31.0, "previousValue": 30.0}
    rel_change = change(
        ChangeKind.UPDATED,
        building(owner=rel("urn:ngsi-ld:Org:2")),
        building(owner=rel("urn:ngsi-ld:Org:1")),
        ("owner",),
    )
    shown = render_item(rel_change, sub(notification={"endpoint": ENDPOINT, "showChanges": True}))
    assert shown["owner"] == {
        "type": "Relationship",
        "object": "urn:ngsi-ld:Org:2",
        "previousObject": "urn:ngsi-ld:Org:1",
    }
    s = sub(tenant="futian", notification={"endpoint": {**ENDPOINT, "accept": "application/ld+json"}})
    cache = RenderCache()
    stamped = Change(42, *[getattr(UPDATED, f) for f in UPDATED.__slots__[1:]])  # type: ignore[attr-defined]
    items = [cache.item(stamped, s), cache.item(stamped, s)]
    assert items[0] is items[1]  # rendered once, shared
    message = notification_message(s, items, "2026-05-01T00:00:01Z")
    body = msgspec.json.decode(message.body)
    assert body["type"] == "Notification" and body["subscriptionId"] == "urn:ngsi-ld:Subscription:t"
    assert body["@context"] and len(body["data"]) == 2 and body["notifiedAt"] == "2026-05-01T00:00:01Z"
    assert message.content_type == "application/ld+json" and message.headers["NGSILD-Tenant"] == "futian"
    geo_sub = sub(notification={"endpoint": {**ENDPOINT, "accept": "application/geo+json"}})
    feature = render_item(UPDATED, geo_sub)
    assert feature["type"] == "Feature" and feature["geometry"] == FUTIAN


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"type": "Subscription"},  # no entities nor watchedAttributes
        {"type": "Sub", "entities": [{"type": "Building"}], "notification": {"endpoint": ENDPOINT}},
        {"type": "Subscription", "entities": [{"type": "Building"}]},  # no notification
        {"type": "Subscription", "entities": [{"idPattern": ".*"}], "notification": {"endpoint": ENDPOINT}},
        {"type": "Subscription", "entities": [{"type": "Building"}], "notification": {}},
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "notification": {"endpoint": {"uri": "ftp://x/y"}},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "notification": {"endpoint": {"uri": "mqtt://127.0.0.1:1883"}},
        },  # no topic
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "q": "height>>3",
            "notification": {"endpoint": ENDPOINT},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "throttling": -1,
            "notification": {"endpoint": ENDPOINT},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "timeInterval": 10,
            "watchedAttributes": ["height"],
            "notification": {"endpoint": ENDPOINT},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "notificationTrigger": ["entityMoved"],
            "notification": {"endpoint": ENDPOINT},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "expiresAt": "2020-01-01T00:00:00Z",
            "notification": {"endpoint": ENDPOINT},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "notification": {"endpoint": ENDPOINT, "format": "keyValues", "showChanges": True},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "geoQ": {"geometry": "Point", "coordinates": [114.05], "georel": "near;maxDistance==10"},
            "notification": {"endpoint": ENDPOINT},
        },
        {
            "type": "Subscription",
            "entities": [{"type": "Building"}],
            "notification": {
                "endpoint": {"uri": "mqtt://127.0.0.1/t", "notifierInfo": [{"key": "MQTT-QoS", "value": "3"}]}
            },
        },
        {
            "type": "Subscription",
            "id": "not a uri",
            "entities": [{"type": "Building"}],
            "notification": {"endpoint": ENDPOINT},
        },
    ],
)
def test_invalid_subscriptions_are_bad_request_data(bad: dict[str, Any]) -> None:
    with pytest.raises(BadRequestData):
        new_subscription(bad, CTX, NOW)


def test_an_instance_deleted_by_dataset_id_is_an_attribute_deletion() -> None:
    french = prop("Tour Eiffel")
    french.dataset_id = "urn:ngsi-ld:Dataset:fr"
    before = building(height=prop(30.0))
    before.attrs["name"] = [prop("Eiffel Tower"), french]
    after = building(height=prop(30.0))
    after.attrs["name"] = [prop("Eiffel Tower")]
    dropped = change(ChangeKind.UPDATED, after, before, ("name",))
    assert sub(notificationTrigger=["attributeDeleted"], watchedAttributes=["name"]).matches(dropped)
    assert not sub(notificationTrigger=["attributeDeleted"], watchedAttributes=["height"]).matches(dropped)
    normalized = render_item(dropped, sub(notificationTrigger=["attributeDeleted"]))
    assert normalized["name"] == [
        {"type": "Property", "value": "Eiffel Tower"},
        {"type": "Property", "value": "urn:ngsi-ld:null", "datasetId": "urn:ngsi-ld:Dataset:fr"},
    ]
    simplified = render_item(
        dropped,
        sub(
            notificationTrigger=["attributeDeleted"],
            notification={"endpoint": ENDPOINT, "format": "keyValues"},
        ),
    )
    assert simplified["name"] == {
        "dataset": {"@none": "Eiffel Tower", "urn:ngsi-ld:Dataset:fr": "urn:ngsi-ld:null"}
    }
    # Without attributeDeleted the remaining instances are sent as they are.
    assert (
        render_item(dropped, sub(notificationTrigger=["attributeUpdated"]))["name"] == normalized["name"][0]
    )


def test_a_deleted_entity_carries_attributes_only_when_asked() -> None:
    before = building(height=prop(30.0), name=prop("Civic Center"))
    gone = change(ChangeKind.DELETED, None, before)
    assert set(render_item(gone, sub(notificationTrigger=["entityDeleted"]))) == {"id", "type", "deletedAt"}
    watched = render_item(gone, sub(notificationTrigger=["attributeDeleted"], watchedAttributes=["name"]))
    assert watched["name"] == {"type": "Property", "value": "urn:ngsi-ld:null"} and "height" not in watched
    kv = sub(notificationTrigger=["entityDeleted"], notification={"endpoint": ENDPOINT, "format": "keyValues",
                                                                  "sysAttrs": True})  # fmt: skip
    assert set(render_item(gone, kv)) == {"id", "type", "createdAt", "modifiedAt", "deletedAt"}
