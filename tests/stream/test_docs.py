"""docs/subscriptions.md stays true: its subscription is accepted; its WebSocket messages are real."""

from __future__ import annotations

import json
import re
from pathlib import Path

from starlette.testclient import TestClient

from citytwin.stream.websocket import MAX_FILTERS
from citytwin.stream.wsfilter import FILTER_MEMBERS
from tests.api.conftest import V1

DOC = (Path(__file__).resolve().parents[2] / "docs" / "subscriptions.md").read_text(encoding="utf-8")


def _blocks(after: str) -> str:
    return DOC.split(after, 1)[1].split("```json", 1)[1].split("```", 1)[0]


def _messages(block: str) -> list[dict[str, object]]:
    """The JSON objects of a block, one per top-level object (objects may span lines)."""
    decoder, out, text = json.JSONDecoder(), [], block.strip()
    while text:
        obj, end = decoder.raw_decode(text)
        out.append(obj)
        text = text[end:].strip()
    return out


def test_the_subscription_example_is_accepted(api: TestClient) -> None:
    body = json.loads(DOC.split("<<'EOF'", 1)[1].split("EOF", 1)[0])
    response = api.post(f"{V1}/subscriptions", json=body)
    assert response.status_code == 201, response.text
    got = api.get(response.headers["Location"]).json()
    assert got["q"] == body["q"] and got["throttling"] == 1
    assert got["notification"]["endpoint"]["receiverInfo"] == body["notification"]["endpoint"]["receiverInfo"]


def test_the_notification_example_has_the_notification_shape() -> None:
    (note,) = _messages(_blocks("### Notifications"))
    assert set(note) == {"id", "type", "subscriptionId", "notifiedAt", "data"}


def test_the_websocket_examples_are_what_the_server_speaks(api: TestClient) -> None:
    client_messages = _messages(_blocks("### Client → server"))
    server_messages = _messages(_blocks("### Server → client"))
    table = DOC.split("Filter members", 1)[1].split("\n\n", 2)[1]
    first_cells = [row.split("|")[1] for row in table.splitlines() if row.startswith("| `")]
    documented_members = {name for cell in first_cells for name in re.findall(r"`(\w+)`", cell)}
    assert documented_members - {"snapshot"} == set(FILTER_MEMBERS)
    assert f"at most {MAX_FILTERS} filters" in DOC
    with api.websocket_connect("/stream/ws") as ws:
        for message in client_messages:
            ws.send_json(message)
        answers = [ws.receive_json() for _ in range(5)]
    assert [a["op"] for a in answers] == ["subscribed", "snapshot", "subscribed", "unsubscribed", "pong"]
    documented_ops = {m["op"] for m in server_messages}
    assert documented_ops == {"subscribed", "snapshot", "changes", "unsubscribed", "pong", "lagged", "error"}
    frames = [m for m in server_messages if m["op"] == "changes"]
    assert all({"sub", "seq", "changes"} <= set(m) for m in frames)
    change_keys = {k for m in frames for d in m["changes"] for k in d}  # type: ignore[attr-defined]
    assert change_keys == {"kind", "id", "type", "at", "attrs", "deletedAttrs"}
