"""Periodic /csourceSubscriptions (``timeInterval``, clause 5.11.7) across restarts and processes.

The subscriptions are stored; their schedules are not. These tests restart the app over the same database
and check that the schedules come back without any request, and run two apps over one database at once to
check that only one of them sends (the store lease of :mod:`citytwin.federation.csubs_periodic`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from starlette.testclient import TestClient
from tests.api.conftest import V1
from tests.stream.receiver import Receiver, receiver

from citytwin.api.app import create_app
from citytwin.settings import Settings

SUBS = f"{V1}/csourceSubscriptions"
REGS = f"{V1}/csourceRegistrations"
RID = "urn:ngsi-ld:ContextSourceRegistration:periodic"


@contextmanager
def app_over(db: str) -> Iterator[TestClient]:
    """An app that opens (and at its end closes) the database ``db`` itself, as ``citytwin serve`` does."""
    with TestClient(create_app(Settings(db=db)), raise_server_exceptions=False) as client:
        yield client


def building_registration(api: TestClient) -> None:
    body = {
        "id": RID,
        "type": "ContextSourceRegistration",
        "information": [{"entities": [{"type": "Building"}]}],
        "endpoint": "http://district.example:1026",
    }
    assert api.post(REGS, json=body).status_code == 201


def subscribe(api: TestClient, rx: Receiver, name: str, **members: Any) -> str:
    sid = f"urn:ngsi-ld:Subscription:{name}"
    body = {
        "id": sid,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "notification": {"endpoint": {"uri": rx.url, "accept": "application/json"}},
        **members,
    }
    assert api.post(SUBS, json=body).status_code == 201
    return sid


def settle(rx: Receiver, seconds: float = 1.5) -> int:
    """How many notifications arrived once a quiet ``seconds`` has passed (one in flight may land)."""
    time.sleep(seconds)
    return len(rx.accepted)


@pytest.fixture
def sqlite_db(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path / 'twin.db'}"


def test_periodic_schedule_resumes_after_restart(sqlite_db: str) -> None:
    with receiver() as periodic, receiver() as on_change:
        with app_over(sqlite_db) as api:
            building_registration(api)
            sid = subscribe(api, periodic, "every-second", timeInterval=1)
            subscribe(api, on_change, "on-change")  # not periodic: notified once, on subscription
            subscribe(api, periodic, "paused", timeInterval=1, isActive=False)
            periodic.wait(lambda got: len(got) >= 2)  # on subscription, then once the interval elapsed
        stopped = settle(periodic)
        assert settle(periodic) == stopped  # the app is down: its schedules stopped with it
        with app_over(sqlite_db) as api:  # no request: the schedule comes back by itself
            notes = periodic.wait(lambda got: len(got) >= stopped + 2, timeout=15)[stopped:]
            for note in notes:
                assert note.body["subscriptionId"] == sid  # never the paused one
                assert [r["id"] for r in note.body["data"]] == [RID]
                assert note.body["triggerReason"] == "newlyMatching"
            resumed = api.app.state.federation.csubs.periodic.running()  # type: ignore[attr-defined]
            assert {s for _, s in resumed} == {sid, "urn:ngsi-ld:Subscription:paused"}
            assert api.delete(f"{SUBS}/{sid}").status_code == 204
            gone = settle(periodic)
            assert settle(periodic) == gone  # deleted: its schedule ended
        assert len(on_change.accepted) == 1


def test_resumed_schedule_keeps_its_pace(sqlite_db: str) -> None:
    with receiver() as rx:
        with app_over(sqlite_db) as api:
            building_registration(api)
            subscribe(api, rx, "hourly", timeInterval=3600)
            rx.wait(lambda got: len(got) == 1)
        with app_over(sqlite_db) as api:  # the last notification was just now: the next is an hour away
            resumed = api.app.state.federation.csubs.periodic.running()  # type: ignore[attr-defined]
            deadline = time.monotonic() + 10
            while not resumed and time.monotonic() < deadline:
                time.sleep(0.05)
                resumed = api.app.state.federation.csubs.periodic.running()  # type: ignore[attr-defined]
            assert resumed
            assert settle(rx, 1.0) == 1


def test_one_of_two_processes_sends_and_the_other_takes_over(store_url: str) -> None:
    with receiver() as rx:
        first = app_over(store_url)
        api = first.__enter__()
        try:
            building_registration(api)
            subscribe(api, rx, "shared", timeInterval=1)
            rx.wait(lambda got: len(got) >= 1)
            with app_over(store_url):  # a second process over the same store resumes the same schedule
                begin = len(rx.accepted)
                time.sleep(4.2)
                sent = len(rx.accepted) - begin
                assert 3 <= sent <= 6, sent  # one sender: about one a second (two would send about eight)
                first.__exit__(None, None, None)  # the sender stops and gives its lease back
                api = None
                after_stop = len(rx.accepted)
                rx.wait(lambda got: len(got) >= after_stop + 2, timeout=15)  # the other one takes over
        finally:
            if api is not None:
                first.__exit__(None, None, None)
