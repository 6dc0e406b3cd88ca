"""The viewer with authentication on: its page and assets are public, every data call needs a token, and a
person logs in with a local account's password (``citytwin users password``, ``POST /auth/token``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from citytwin.api.app import create_app
from citytwin.api.routes_web import web_root
from citytwin.cli import main
from citytwin.governance.auth import Accounts
from citytwin.governance.enforce_context import Unauthenticated
from citytwin.governance.ledger_store import Ledger
from citytwin.governance.passwords import LoginThrottle, check_password, set_password
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

PASSWORD = "correct horse battery"


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(url) as store:
        Accounts(store).add("wang", roles=("city-operator",))
    return url


@pytest.fixture
def viewer(db: str, tmp_path: Path) -> Iterator[TestClient]:
    out = CliRunner().invoke(
        main, ["users", "password", "wang", "--stdin", "--db", db], input=PASSWORD + "\n"
    )
    assert out.exit_code == 0, out.output
    settings = Settings(db=db, auth=True, auth_signing_key=tmp_path / "keys" / "signing.pem")
    with TestClient(create_app(settings)) as client:
        yield client


def login(client: TestClient, password: str = PASSWORD, name: str = "wang") -> tuple[int, dict[str, object]]:
    answer = client.post("/auth/token", json={"username": name, "password": password})
    return answer.status_code, answer.json()


def test_the_page_and_assets_are_public_and_data_needs_a_token(viewer: TestClient) -> None:
    page = viewer.get("/")
    assert page.status_code == 200 and "<html" in page.text
    bundle = next((web_root() / "assets").glob("index-*.js")).name
    assert viewer.get(f"/static/assets/{bundle}").status_code == 200
    for path in ("/ngsi-ld/v1/entities?type=Building", "/auth/whoami", "/tiles/layers", "/export"):
        refused = viewer.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    with pytest.raises(WebSocketDisconnect), viewer.websocket_connect("/stream/ws") as ws:
        ws.receive_text()


def test_login_gives_a_token_for_fetches_and_the_websocket(viewer: TestClient, db: str) -> None:
    status, body = login(viewer)
    assert status == 200 and body["token_type"] == "Bearer" and body["actor"] == "user:wang"
    bearer = {"Authorization": f"Bearer {body['access_token']}"}
    me = viewer.get("/auth/whoami", headers=bearer).json()
    assert (me["actor"], me["authenticated"], me["roles"]) == ("user:wang", True, ["city-operator"])
    assert viewer.get("/ngsi-ld/v1/entities?type=Building", headers=bearer).status_code == 200
    with viewer.websocket_connect(f"/stream/ws?access_token={body['access_token']}") as ws:
        ws.send_json({"op": "subscribe", "sub": "b", "type": "Building"})
    with open_store(db) as store:
        (record,) = [r.entry for r in Ledger(store).iter_records() if r.entry.resource == "account:wang"]
    assert record.action == "administer" and record.attributes == ("password",)


def test_wrong_passwords_are_refused_alike_and_throttled(viewer: TestClient) -> None:
    assert login(viewer, "wrong password")[0] == 401
    status, body = login(viewer, PASSWORD, name="nobody")
    assert status == 401 and body["detail"] == "unknown account or wrong password"
    for _ in range(4):
        login(viewer, "still wrong!")
    status, body = login(viewer)  # even the right password waits now
    assert status == 401 and "too many failed logins" in str(body["detail"])
    assert viewer.post("/auth/token", json={"username": "wang"}).status_code == 400


def test_passwords_are_hashed_checked_and_need_enabled_accounts(store: Store) -> None:
    accounts = Accounts(store)
    accounts.add("zhao")
    set_password(store, "zhao", "a long enough secret")
    stored = store.tenant().get_document("password", "zhao")
    assert "a long enough secret" not in str(stored) and stored["algorithm"] == "scrypt"
    assert check_password(store, "zhao", "a long enough secret").name == "zhao"
    with pytest.raises(Unauthenticated):
        check_password(store, "zhao", "a long enough secreT")
    accounts.set_disabled("zhao", True)
    with pytest.raises(Unauthenticated, match="disabled"):
        check_password(store, "zhao", "a long enough secret")
    clock = [0.0]
    throttle = LoginThrottle(limit=2, window_s=60, lock_s=30, monotonic=lambda: clock[0])
    throttle.failed("zhao")
    throttle.failed("zhao")
    with pytest.raises(Unauthenticated):
        throttle.check("zhao")
    clock[0] = 31.0
    throttle.check("zhao")  # the lock has passed


def test_without_authentication_there_is_nothing_to_log_in_to(store: Store) -> None:
    with TestClient(create_app(Settings(db="sqlite:///unused.db"), store=store)) as client:
        answer = client.post("/auth/token", json={"username": "a", "password": "b"})
        assert answer.status_code == 400 and "demo identity" in answer.json()["detail"]
        assert client.get("/auth/whoami").json()["actor"] == "user:demo"
