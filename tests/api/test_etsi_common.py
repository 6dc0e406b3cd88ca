"""ETSI NGSI-LD test suite cases for common behaviours: @context availability (043, 556), media types (045,
048, 049), Content-Length (046_01 of CommonBehaviours), unknown parameters (059) and subscriptions (028-032).
Both backends.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from starlette.testclient import TestClient

from tests.api.conftest import V1
from tests.api.etsi_support import (
    CORE,
    JSON,
    LD_JSON,
    SuiteContext,
    assert_problem,
    building,
)

B = "urn:ngsi-ld:Building:0000000000000045"
S = "urn:ngsi-ld:Subscription:0000000000000001"


@pytest.fixture
def one(api: TestClient, ctx: SuiteContext) -> SuiteContext:
    assert api.post(f"{V1}/entities/", json=building(B, ctx), headers=LD_JSON).status_code == 201
    return ctx


def subscription(ctx: SuiteContext, sub_id: str = S) -> dict[str, object]:
    """Shaped like the suite's subscriptions/subscription.jsonld."""
    return {
        "id": sub_id,
        "type": "Subscription",
        "timeInterval": 5,
        "entities": [{"type": "Building"}],
        "notification": {
            "format": "keyValues",
            "endpoint": {"uri": "http://localhost:1111/notify", "accept": "application/json"},
        },
        "@context": ctx.body,
    }


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# -- 043 / 556: remote @context not available or invalid ------------------------------------------------


def test_043_01_01_unretrievable_context_is_503(api: TestClient) -> None:
    body = {
        "id": B,
        "type": "Building",
        "@context": [f"http://127.0.0.1:{unused_port()}/non-existing.jsonld"],
    }
    assert_problem(api.post(f"{V1}/entities/", json=body, headers=LD_JSON), 503, "LdContextNotAvailable")


def test_043_01_04_batch_create_reports_each_entity(api: TestClient) -> None:
    context = [f"http://127.0.0.1:{unused_port()}/non-existing.jsonld"]
    ids = ["urn:ngsi-ld:Building:043-1", "urn:ngsi-ld:Building:043-2"]
    batch = [{"id": i, "type": "Building", "@context": context} for i in ids]
    response = api.post(f"{V1}/entityOperations/create", json=batch, headers=LD_JSON)
    assert response.status_code == 207
    body = response.json()
    assert body["success"] == [] and [e["entityId"] for e in body["errors"]] == ids
    for error in body["errors"]:
        assert error["error"]["type"].endswith("/LdContextNotAvailable") and error["error"]["title"]


class _BadContexts(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"note": "no context member here"}' if "invalid" in self.path else b"this is { not json"
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def context_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BadContexts)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "doc", ["invalid", "broken"], ids=["556_01_01_no_context_member", "556_01_02_not_json"]
)
def test_556_01_retrieved_but_invalid_context_is_bad_request(
    api: TestClient, context_server: str, doc: str
) -> None:
    body = {"id": B, "type": "Vehicle", "@context": f"{context_server}/api/v1/{doc}.jsonld"}
    assert_problem(api.post(f"{V1}/entities", json=body, headers=LD_JSON), 400, "BadRequestData")
    assert api.get(f"{V1}/entities/{B}").status_code == 404


# -- 045 Accept precedence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("application/ld+json, application/json", "application/json"),
        ("application/geo+json, application/json", "application/json"),
        ("application/json;q=0.1, application/ld+json;q=0.9", "application/ld+json"),
        ("application/ld+json", "application/ld+json"),
        ("application/json;q=0, */*", "application/ld+json"),
        ("application/json;q=0, application/ld+json", "application/ld+json"),
        ("*/*;q=0.9, application/ld+json;q=0.8", "application/json"),
        ("application/ld+json;q=notanumber", "application/ld+json"),
    ],
    ids=[
        "045_01",
        "045_02_01",
        "045_02_02",
        "045_02_03",
        "045_02_04",
        "045_04_01",
        "045_04_02",
        "045_04_03",
        "045_04_04",
    ],
)
def test_045_accept_precedence_on_retrieve_entity(
    api: TestClient, one: SuiteContext, accept: str | None, expected: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = api.get(f"{V1}/entities/{B}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/geo+json, application/json", "application/json"),
        ("application/geo+json;q=0.9, application/ld+json;q=0.1", "application/ld+json"),
        ("*/*", "application/json"),
        ("application/json;q=0, application/ld+json", "application/ld+json"),
    ],
    ids=["045_03_01", "045_03_02", "045_03_03", "045_03_04"],
)
def test_045_03_accept_on_retrieve_subscription(
    api: TestClient, ctx: SuiteContext, accept: str, expected: str
) -> None:
    assert api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON).status_code == 201
    response = api.get(f"{V1}/subscriptions/{S}", headers={"Accept": accept, **JSON})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)


# -- 046 (CommonBehaviours) Content-Length, 048 unsupported and 049 not acceptable media types --------


def _chunked() -> Iterator[bytes]:
    yield json.dumps({"id": "urn:ngsi-ld:Building:411-01", "type": "Building"}).encode()


@pytest.mark.parametrize(
    ("method", "path", "tenant"),
    [
        ("POST", "/entities/", None),
        ("PATCH", "/entities/urn:ngsi-ld:Building:411-01/attrs/", None),
        ("PUT", "/entities/urn:ngsi-ld:Building:411-01", None),
        ("POST", "/entities/", "tp46105nosuchtenant"),
    ],
    ids=["046_01_01_post", "046_01_02_patch", "046_01_03_put", "046_01_05_before_tenant"],
)
def test_046_01_no_content_length_is_a_bare_411(
    api: TestClient, method: str, path: str, tenant: str | None
) -> None:
    headers = {**JSON, **({"NGSILD-Tenant": tenant} if tenant else {})}
    response = api.request(method, f"{V1}{path}", content=_chunked(), headers=headers)
    assert response.status_code == 411 and response.content == b""


def test_046_01_04_get_is_outside_the_precondition(api: TestClient) -> None:
    assert api.get(f"{V1}/entities/", params={"type": "Building"}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PATCH", "/entities/urn:ngsi-ld:Vehicle:1/attrs/speed"),
        ("PATCH", f"/subscriptions/{S}"),
        ("POST", "/entities/"),
        ("POST", "/subscriptions/"),
        ("POST", "/entityOperations/create"),
        ("POST", "/temporal/entities/"),
    ],
    ids=["048_01_01", "048_01_02", "048_01_03", "048_01_04", "048_01_05", "048_01_06"],
)
def test_048_01_unsupported_media_type(api: TestClient, method: str, path: str) -> None:
    response = api.request(method, f"{V1}{path}", content=b"{}", headers={"Content-Type": "application/xml"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/entities/urn:ngsi-ld:Building:1", {}),
        (f"/subscriptions/{S}", {}),
        ("/csourceRegistrations/", {"type": "Building"}),
        ("/csourceSubscriptions/", {}),
        ("/temporal/entities", {"type": "Vehicle", "timerel": "after", "timeAt": "2020-08-01T12:05:00Z"}),
    ],
    ids=["049_01_01", "049_01_02", "049_01_03", "049_01_04", "049_01_05"],
)
def test_049_01_not_acceptable(api: TestClient, path: str, params: dict[str, str]) -> None:
    assert api.get(f"{V1}{path}", params=params, headers={"Accept": "application/xml"}).status_code == 406


def test_049_02_geojson_where_it_is_not_offered(api: TestClient, ctx: SuiteContext) -> None:
    assert api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON).status_code == 201
    assert api.get(f"{V1}/subscriptions/{S}", headers={"Accept": "application/geo+json"}).status_code == 406


# -- 059 unknown parameters --------------------------------------------------------------------------------

_MINIMAL = json.dumps({"id": "urn:ngsi-ld:Building:randomUUID", "type": "Building"})


@pytest.mark.parametrize(
    ("method", "endpoint", "body", "extra"),
    [
        ("POST", "entities", _MINIMAL, ""),
        ("GET", "entities", None, "&type=Building"),
        ("POST", "temporal/entities", _MINIMAL, ""),
        ("GET", "temporal/entities", None, "&type=Building"),
        ("GET", "types", None, ""),
        ("POST", "subscriptions", _MINIMAL, ""),
        ("GET", "subscriptions", None, ""),
        ("DELETE", "entities", None, ""),
    ],
    ids=[
        "059_01_01",
        "059_01_02",
        "059_01_03",
        "059_01_04",
        "059_01_05",
        "059_01_06",
        "059_01_07",
        "059_01_08",
    ],
)
def test_059_01_unknown_parameter_is_invalid_request(
    api: TestClient, method: str, endpoint: str, body: str | None, extra: str
) -> None:
    # The suite sends the data file's text as a JSON string: the parameter is reported all the same.
    url = f"{V1}/{endpoint}?invalidParams=invalidValue{extra}"
    response = api.request(method, url, json=body, headers=LD_JSON) if body else api.request(method, url)
    assert_problem(response, 400, "InvalidRequest")


def test_known_parameters_still_pass(api: TestClient, one: SuiteContext) -> None:
    params = {"type": "Building", "attrs": "name", "options": "keyValues", "count": "true", "limit": "5"}
    assert api.get(f"{V1}/entities", params=params, headers=one.link).status_code == 200


# -- subscriptions 028-032 -------------------------------------------------------------------------------


def test_028_01_create_subscription(api: TestClient, ctx: SuiteContext) -> None:
    response = api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON)
    assert response.status_code == 201
    assert response.headers["location"].endswith(f"/subscriptions/{S}")


@pytest.mark.parametrize(
    ("body", "kind"),
    [(b'{"id": "urn:ngsi-ld:Subscription:1", ', "InvalidRequest"), (b"{}", "BadRequestData")],
    ids=["028_02_01_invalid_json", "028_02_02_empty_json"],
)
def test_028_02_create_subscription_with_invalid_request(api: TestClient, body: bytes, kind: str) -> None:
    assert_problem(api.post(f"{V1}/subscriptions/", content=body, headers=LD_JSON), 400, kind)


@pytest.mark.parametrize("sub_id", ["invalidId", ""], ids=["028_03_01_invalid_id", "028_03_02_empty_id"])
def test_028_03_create_subscription_with_invalid_id(api: TestClient, ctx: SuiteContext, sub_id: str) -> None:
    response = api.post(f"{V1}/subscriptions/", json=subscription(ctx, sub_id), headers=LD_JSON)
    assert_problem(response, 400, "BadRequestData")


def test_028_04_create_existing_subscription(api: TestClient, ctx: SuiteContext) -> None:
    assert api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON).status_code == 201
    assert_problem(
        api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON), 409, "AlreadyExists"
    )


def test_029_01_update_subscription(api: TestClient, ctx: SuiteContext) -> None:
    assert api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON).status_code == 201
    fragment = {
        "type": "Subscription",
        "notification": {"format": "keyValues", "endpoint": {"uri": "http://my.second.endpoint.org/notify"}},
    }
    assert api.patch(f"{V1}/subscriptions/{S}", json=fragment, headers=JSON).status_code == 204
    got = api.get(f"{V1}/subscriptions/{S}").json()
    assert got["notification"]["endpoint"]["uri"] == "http://my.second.endpoint.org/notify"


def test_029_02_update_unknown_subscription(api: TestClient) -> None:
    fragment = {
        "type": "Subscription",
        "notification": {"endpoint": {"uri": "http://my.second.endpoint.org/n"}},
    }
    response = api.patch(
        f"{V1}/subscriptions/urn:ngsi-ld:Subscription:unknowSubscription", json=fragment, headers=JSON
    )
    assert_problem(response, 404, "ResourceNotFound")


def test_030_01_retrieve_subscription_with_context(api: TestClient, ctx: SuiteContext) -> None:
    assert api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON).status_code == 201
    got = api.get(f"{V1}/subscriptions/{S}", headers={**JSON, **ctx.link}).json()
    assert got["id"] == S and got["type"] == "Subscription" and got["entities"] == [{"type": "Building"}]
    assert got["timeInterval"] == 5 and got["notification"]["format"] == "keyValues"


def test_030_02_retrieve_unknown_subscription(api: TestClient) -> None:
    response = api.get(f"{V1}/subscriptions/urn:ngsi-ld:Subscription:unknowSubscription")
    assert_problem(response, 404, "ResourceNotFound")


def test_031_01_query_subscriptions_with_limit(api: TestClient, ctx: SuiteContext) -> None:
    for n in range(3):
        sub = subscription(ctx, f"urn:ngsi-ld:Subscription:q{n}")
        assert api.post(f"{V1}/subscriptions/", json=sub, headers=LD_JSON).status_code == 201
    assert len(api.get(f"{V1}/subscriptions/", params={"limit": "2"}).json()) == 2
    counted = api.get(f"{V1}/subscriptions/", params={"limit": "0", "count": "true"})
    assert counted.json() == [] and counted.headers["NGSILD-Results-Count"] == "3"


def test_032_01_delete_subscription(api: TestClient, ctx: SuiteContext) -> None:
    assert api.post(f"{V1}/subscriptions/", json=subscription(ctx), headers=LD_JSON).status_code == 201
    assert api.delete(f"{V1}/subscriptions/{S}").status_code == 204
    assert api.get(f"{V1}/subscriptions/{S}").status_code == 404


def test_032_02_delete_unknown_subscription(api: TestClient) -> None:
    response = api.delete(f"{V1}/subscriptions/urn:ngsi-ld:Subscription:unknowSubscription")
    assert_problem(response, 404, "ResourceNotFound")


def test_core_context_is_named_when_the_request_brings_none(api: TestClient, one: SuiteContext) -> None:
    link = api.get(f"{V1}/entities/{B}").headers["link"]
    assert link.startswith(f"<{CORE}>")


def test_031_02_subscription_pagination_links(api: TestClient, ctx: SuiteContext) -> None:
    for n in range(3):
        sub = subscription(ctx, f"urn:ngsi-ld:Subscription:p{n}")
        assert api.post(f"{V1}/subscriptions/", json=sub, headers=LD_JSON).status_code == 201
    accept = {"Accept": "application/ld+json", **ctx.link}
    base = "/ngsi-ld/v1/subscriptions?limit=1&offset="
    middle = api.get(f"{V1}/subscriptions/", params={"limit": 1, "offset": 1}, headers=accept)
    assert len(middle.json()) == 1
    assert middle.headers.get_list("link") == [
        f'<{base}0>;rel="prev";type="application/ld+json"',
        f'<{base}2>;rel="next";type="application/ld+json"',
    ]
    last = api.get(f"{V1}/subscriptions/", params={"limit": 1, "offset": 2}, headers=accept)
    assert last.headers["link"] == f'<{base}1>;rel="prev";type="application/ld+json"'
    everything = api.get(f"{V1}/subscriptions/", params={"limit": 15, "offset": 0}, headers=accept)
    assert len(everything.json()) == 3 and "link" not in everything.headers


# -- notification payload (046 SubscriptionNotificationBehaviour) ----------------------------------------


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], dict[str, object]]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        type(self).received.append((dict(self.headers), json.loads(self.rfile.read(length))))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], dict[str, object]]]]]:
    handler = type("Receiver", (_Receiver,), {"received": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/notify", handler.received
    finally:
        server.shutdown()
        server.server_close()


def test_046_notification_payload_shape(
    api: TestClient, ctx: SuiteContext, receiver: tuple[str, list[tuple[dict[str, str], dict[str, object]]]]
) -> None:
    uri, received = receiver
    sub = {
        "id": S,
        "type": "Subscription",
        "entities": [{"type": "Building"}],
        "watchedAttributes": ["name"],
        "notification": {"attributes": ["name"], "endpoint": {"uri": uri, "accept": "application/json"}},
        "@context": ctx.body,
    }
    assert api.post(f"{V1}/subscriptions/", json=sub, headers=LD_JSON).status_code == 201
    assert api.post(f"{V1}/entities/", json=building(B, ctx), headers=LD_JSON).status_code == 201
    deadline = time.monotonic() + 20
    while not received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert received, "no notification arrived"
    headers, body = received[0]
    assert headers["Content-Type"].startswith("application/json") and "Link" in headers
    assert body["type"] == "Notification" and body["subscriptionId"] == S
    assert str(body["id"]).startswith("urn:ngsi-ld:Notification:") and "notifiedAt" in body
    data = body["data"]
    assert isinstance(data, list)
    assert data[0] == {"id": B, "type": "Building", "name": {"type": "Property", "value": "Civic Centre"}}
    status = api.get(f"{V1}/subscriptions/{S}").json()["notification"]
    assert status["timesSent"] >= 1 and "lastNotification" in status


# -- 636 GeoJSON @context placement, 044 merge-patch+json ------------------------------------------------


@pytest.fixture
def located(api: TestClient) -> str:
    body = {
        "id": "urn:ngsi-ld:Vehicle:geo636",
        "type": "Vehicle",
        "brandName": {"type": "Property", "value": "Volvo"},
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [8.5, 41.2]}},
    }
    assert api.post(f"{V1}/entities", json=body, headers=JSON).status_code == 201
    return str(body["id"])


def test_636_01_01_geojson_body_embeds_the_context(api: TestClient, located: str) -> None:
    response = api.get(
        f"{V1}/entities", params={"type": "Vehicle"}, headers={"Accept": "application/geo+json"}
    )
    assert response.status_code == 200 and "application/geo+json" in response.headers["content-type"]
    assert response.json()["@context"] == CORE and response.json()["type"] == "FeatureCollection"


def test_636_01_02_prefer_body_json_moves_the_context_to_the_link(api: TestClient, located: str) -> None:
    headers = {"Accept": "application/geo+json", "Prefer": "body=json"}
    response = api.get(f"{V1}/entities", params={"type": "Vehicle"}, headers=headers)
    assert response.status_code == 200 and "@context" not in response.json()
    assert response.headers["link"].startswith(f"<{CORE}>")


def test_636_01_03_no_content_length_on_204(api: TestClient, located: str) -> None:
    response = api.delete(f"{V1}/entities/{located}")
    assert response.status_code == 204 and "content-length" not in response.headers


def test_044_01_01_partial_update_with_merge_patch_json(api: TestClient, located: str) -> None:
    headers = {"Content-Type": "application/merge-patch+json"}
    response = api.patch(
        f"{V1}/entities/{located}/attrs/brandName", json={"value": "Mercedes"}, headers=headers
    )
    assert response.status_code == 204
    assert api.get(f"{V1}/entities/{located}").json()["brandName"]["value"] == "Mercedes"
