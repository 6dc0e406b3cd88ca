"""A subscription's ``temporalQ``: checked with the temporal API's grammar, stored, shown, and applied."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.core.entities import Entity, prop
from citytwin.core.events import ChangeKind, EntityChange
from citytwin.errors import BadRequestData
from citytwin.ngsild.context import builtin_context
from citytwin.stream.changes import Change, from_event
from citytwin.stream.matching import compile_subscription
from citytwin.stream.subscription import StoredSubscription, new_subscription
from tests.api.conftest import V1
from tests.stream.receiver import Receiver, receiver

CTX = builtin_context()
NOW = datetime(2026, 5, 1, tzinfo=UTC)
SUBS = f"{V1}/subscriptions"
AFTER = {"timerel": "after", "timeAt": "2026-01-01T00:00:00Z"}


def compiled(temporal: dict[str, Any], **members: Any) -> Any:
    payload = {
        "type": "Subscription",
        "id": "urn:ngsi-ld:Subscription:tq",
        "entities": [{"type": "Sensor"}],
        "notificationTrigger": ["entityCreated", "entityUpdated", "entityDeleted"],
        "notification": {"endpoint": {"uri": "http://127.0.0.1:9/notify"}},
        "temporalQ": temporal,
        **members,
    }
    body = new_subscription(payload, CTX, NOW)
    return compile_subscription("", StoredSubscription(body), CTX, CTX)


def sensor(observed: str, *, modified: str = "2026-05-01T10:00:00Z", **more: Any) -> Entity:
    temperature = replace(
        prop(21.5), observed_at=observed, created_at="2026-04-01T00:00:00Z", modified_at=modified
    )
    entity = Entity("urn:ngsi-ld:Sensor:s1", ("Sensor",), {"temperature": [temperature]})
    for name, value in more.items():
        entity.attrs[name] = [prop(value)]
    return entity


def change(
    kind: ChangeKind, after: Entity | None, before: Entity | None, attrs: tuple[str, ...] = ()
) -> Change:
    subject = after or before
    assert subject is not None
    at = datetime(2026, 5, 1, 12, tzinfo=UTC)
    return from_event(EntityChange(1, "", kind, subject.id, subject.types, after, before, attrs, at))


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("after", "must be an object"),
        ({"timeAt": "2026-01-01T00:00:00Z"}, "timerel must be before, after or between"),
        ({"timerel": "during", "timeAt": "2026-01-01T00:00:00Z"}, "timerel must be before"),
        ({"timerel": "after"}, "needs timeAt"),
        ({"timerel": "after", "timeAt": "yesterday"}, "timeAt"),
        ({"timerel": "between", "timeAt": "2026-01-01T00:00:00Z"}, "needs endTimeAt"),
        (
            {"timerel": "between", "timeAt": "2026-01-02T00:00:00Z", "endTimeAt": "2026-01-01T00:00:00Z"},
            "later than timeAt",
        ),
        (
            {"timerel": "after", "timeAt": "2026-01-01T00:00:00Z", "endTimeAt": "2026-02-01T00:00:00Z"},
            "only for",
        ),
        ({"timerel": "after", "timeAt": "2026-01-01T00:00:00Z", "timeproperty": "seenAt"}, "timeproperty"),
        ({"timerel": "after", "timeAt": "2026-01-01T00:00:00Z", "lastN": 3}, "unknown members"),
    ],
)
def test_invalid_temporal_queries_are_refused(raw: Any, problem: str) -> None:
    with pytest.raises(BadRequestData, match=problem):
        compiled(raw)


def test_observed_at_selects_the_changes_whose_instances_are_in_the_window() -> None:
    sub = compiled(
        {"timerel": "between", "timeAt": "2026-05-01T08:00:00Z", "endTimeAt": "2026-05-01T09:00:00Z"}
    )
    before = sensor("2026-05-01T07:00:00Z")
    assert not sub.matches(change(ChangeKind.CREATED, before, None))
    inside = sensor("2026-05-01T08:30:00Z")
    assert sub.matches(change(ChangeKind.UPDATED, inside, before, ("temperature",)))
    # The window is half-open, as the temporal API's.
    assert sub.matches(change(ChangeKind.CREATED, sensor("2026-05-01T08:00:00Z"), None))
    assert not sub.matches(change(ChangeKind.CREATED, sensor("2026-05-01T09:00:00Z"), None))
    # Only the touched attributes count: a change of another attribute is tested on that one (no observedAt).
    other = sensor("2026-05-01T08:30:00Z", status="ok")
    assert not sub.matches(change(ChangeKind.UPDATED, other, inside, ("status",)))
    # A deleted entity is judged by the instances it had.
    assert sub.matches(change(ChangeKind.DELETED, None, inside))
    assert not sub.matches(change(ChangeKind.DELETED, None, before))
    assert sub.selects(inside) and not sub.selects(before)  # periodic notifications


def test_time_property_and_watched_attributes() -> None:
    window = {"timerel": "after", "timeAt": "2026-05-01T11:00:00Z"}
    by_write = compiled({**window, "timeproperty": "modifiedAt"})
    fresh = sensor("2020-01-01T00:00:00Z", modified="2026-05-01T12:00:00Z")
    stale = sensor("2026-05-01T12:00:00Z", modified="2026-05-01T10:00:00Z")
    assert by_write.matches(change(ChangeKind.UPDATED, fresh, stale, ("temperature",)))
    assert not by_write.matches(change(ChangeKind.UPDATED, stale, fresh, ("temperature",)))
    created = compiled({"timerel": "before", "timeAt": "2026-04-02T00:00:00Z", "timeproperty": "createdAt"})
    assert created.matches(change(ChangeKind.UPDATED, fresh, stale, ("temperature",)))

    deletions = compiled({**window, "timeproperty": "deletedAt"}, watchedAttributes=["status"])
    with_status = sensor("2026-05-01T12:00:00Z", status="ok")
    assert not deletions.matches(change(ChangeKind.UPDATED, with_status, stale, ("status",)))
    assert deletions.matches(change(ChangeKind.UPDATED, stale, with_status))  # status deleted at 12:00
    early = compiled({"timerel": "before", "timeAt": "2026-05-01T11:00:00Z", "timeproperty": "deletedAt"})
    assert not early.matches(change(ChangeKind.DELETED, None, with_status))
    assert not deletions.selects(with_status)  # nothing current was deleted


@pytest.fixture
def rx() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


def test_temporal_q_through_the_api(api: TestClient, rx: Receiver) -> None:
    body = {
        "id": "urn:ngsi-ld:Subscription:late-readings",
        "type": "Subscription",
        "entities": [{"type": "Sensor"}],
        "temporalQ": {"timerel": "after", "timeAt": "2026-03-01T08:00:00+08:00"},
        "notification": {"endpoint": {"uri": rx.url}, "format": "keyValues"},
    }
    assert api.post(SUBS, json=body).status_code == 201
    got = api.get(f"{SUBS}/{body['id']}").json()
    assert got["temporalQ"] == {"timerel": "after", "timeAt": "2026-03-01T00:00:00Z"}
    bad = api.patch(f"{SUBS}/{body['id']}", json={"temporalQ": {"timerel": "before"}})
    assert bad.status_code == 400 and "timeAt" in bad.json()["detail"]

    def reading(n: int, observed: str) -> dict[str, Any]:
        return {
            "id": f"urn:ngsi-ld:Sensor:t{n}",
            "type": "Sensor",
            "temperature": {"type": "Property", "value": n, "observedAt": observed},
        }

    assert api.post(f"{V1}/entities", json=reading(1, "2026-02-28T23:00:00Z")).status_code == 201
    assert api.post(f"{V1}/entities", json=reading(2, "2026-03-01T01:00:00Z")).status_code == 201
    rx.wait(lambda got: len(got) >= 1)
    assert [e["id"] for e in rx.entities()] == ["urn:ngsi-ld:Sensor:t2"]

    removed = api.patch(f"{SUBS}/{body['id']}", json={"temporalQ": "urn:ngsi-ld:null"})
    assert removed.status_code == 204 and "temporalQ" not in api.get(f"{SUBS}/{body['id']}").json()
    assert api.post(f"{V1}/entities", json=reading(3, "2020-01-01T00:00:00Z")).status_code == 201
    rx.wait(lambda got: len(got) >= 2)
    assert [e["id"] for e in rx.entities()] == ["urn:ngsi-ld:Sensor:t2", "urn:ngsi-ld:Sensor:t3"]
