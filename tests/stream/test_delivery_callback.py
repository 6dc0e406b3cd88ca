"""The notifier's delivery callback: told of every notification a receiver took, with its entities and bytes;
a failing callback does not make a delivered notification look undelivered. On both backends."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from starlette.testclient import TestClient

from citytwin.storage.base import Store
from citytwin.stream.matching import CompiledSubscription
from tests.api.conftest import V1, entity
from tests.stream.receiver import receiver
from tests.stream.test_delivery import app_client, subscribe


def until(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def notifier_of(api: TestClient) -> Any:
    return api.app.state.stream.notifier  # type: ignore[attr-defined]


def test_each_delivered_notification_is_told_with_its_entities_and_bytes(store: Store) -> None:
    told: list[tuple[str, list[str], int]] = []

    def delivered(sub: CompiledSubscription, ids: list[str], size: int) -> None:
        told.append((sub.id, ids, size))

    with receiver() as rx, app_client(store, poll_s=0.05) as api:
        notifier_of(api).on_delivered = delivered
        loc = subscribe(api, rx.url)
        for step in range(3):
            batch = [entity(f"urn:ngsi-ld:Building:d{n}", height=step) for n in range(2)]
            assert api.post(f"{V1}/entityOperations/upsert", json=batch).status_code in (201, 204)
        rx.wait(lambda acc: sum(len(r.body["data"]) for r in acc) >= 6)
        until(lambda: len(told) == len(rx.accepted))
    assert {sub for sub, _, _ in told} == {loc.rsplit("/", 1)[-1]}
    assert [ids for _, ids, _ in told] == [[d["id"] for d in r.body["data"]] for r in rx.accepted]
    assert [size for _, _, size in told] == [int(r.headers["Content-Length"]) for r in rx.accepted]


def test_a_failing_callback_does_not_resend(store: Store) -> None:
    calls = []

    def broken(sub: CompiledSubscription, ids: list[str], size: int) -> None:
        calls.append(ids)
        raise RuntimeError("a bug in whoever counts")

    with receiver() as rx, app_client(store, poll_s=0.05) as api:
        notifier_of(api).on_delivered = broken
        loc = subscribe(api, rx.url)
        assert api.post(f"{V1}/entities", json=entity("urn:ngsi-ld:Building:f1", height=1)).status_code == 201
        rx.wait(lambda acc: len(acc) >= 1)
        until(lambda: api.get(loc).json()["notification"].get("timesSent") == 1)
        time.sleep(1.5)  # a failed step is retried after 1 s: a resend would have come by now
        assert len(rx.requests) == 1 and calls == [["urn:ngsi-ld:Building:f1"]]
        assert api.get(loc).json()["notification"]["status"] == "ok"
