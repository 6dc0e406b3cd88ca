"""Authentication: local accounts and API keys, locally issued tokens, an external OIDC provider's JWTs (JWKS
file and URL), clock skew, and the refusal to serve a non-loopback address without authentication."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.errors import AlreadyExists, BadRequestData
from citytwin.governance.auth import (
    Accounts,
    Authenticator,
    check_bind,
    ensure_signing_key,
    is_loopback,
    issue_token,
    public_jwks,
)
from citytwin.governance.enforce_context import Unauthenticated
from citytwin.settings import Settings
from citytwin.storage.base import Store

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
IDP = "https://id.sz.gov.cn/realms/city"


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(auth=True, auth_signing_key=tmp_path / "keys" / "signing.pem", auth_leeway_s=60)


@pytest.fixture
def accounts(store: Store) -> Accounts:
    found = Accounts(store)
    found.add("li.wei", roles=("grid-worker",), department="福田区南园街道办", area="440304001")
    found.add("gw-futian-01", kind="device")
    found.add("sz-water-sys", kind="service", roles=("city-operator",))
    return found


def test_accounts(accounts: Accounts) -> None:
    assert [a.name for a in accounts.all()] == ["gw-futian-01", "li.wei", "sz-water-sys"]
    li = accounts.get("li.wei")
    assert li.subject().area == "440304001" and li.subject().roles == {"grid-worker"}
    with pytest.raises(AlreadyExists):
        accounts.add("li.wei")
    with pytest.raises(BadRequestData):
        accounts.add("bad name!")
    with pytest.raises(BadRequestData):
        accounts.add("x", kind="robot")


def test_api_keys_are_hashed_at_rest_scoped_and_revocable(
    accounts: Accounts, store: Store, settings: Settings
) -> None:
    key, record = accounts.create_key("gw-futian-01", label="gateway 1")
    assert key.startswith("ctk_") and record["hash"] != key
    stored = json.dumps(store.tenant("").list_documents("apikey"))
    secret = key.split("_", 2)[2]  # ctk_<id>_<secret>: the secret itself may hold "_"
    assert len(secret) == 43 and key not in stored and secret not in stored
    auth = Authenticator(settings, accounts)
    subject = auth.authenticate(authorization=None, api_key=key)
    assert (subject.id, subject.kind) == ("gw-futian-01", "device")
    assert auth.authenticate(authorization=f"Bearer {key}", api_key=None) == subject
    with pytest.raises(Unauthenticated, match="unknown"):
        auth.authenticate(authorization=None, api_key=key[:-1] + ("A" if key[-1] != "A" else "B"))
    accounts.revoke_key(record["id"])
    with pytest.raises(Unauthenticated, match="revoked"):
        Authenticator(settings, accounts).authenticate(authorization=None, api_key=key)
    assert [k["id"] for k in accounts.keys("gw-futian-01")] == [record["id"]]
    assert "hash" not in accounts.keys()[0]


def test_a_disabled_account_cannot_authenticate(accounts: Accounts, settings: Settings) -> None:
    key, _ = accounts.create_key("sz-water-sys")
    accounts.set_disabled("sz-water-sys", True)
    with pytest.raises(Unauthenticated, match="disabled"):
        Authenticator(settings, accounts).authenticate(authorization=None, api_key=key)


def test_local_tokens_with_clock_skew(accounts: Accounts, settings: Settings) -> None:
    clock = Clock()
    token = issue_token(accounts.get("li.wei"), settings, ttl_s=600, clock=clock)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "ES256" and header["kid"]
    assert (settings.auth_signing_key or Path()).stat().st_mode & 0o777 == 0o600
    auth = Authenticator(settings, accounts, clock=clock)
    subject = auth.authenticate(authorization=f"Bearer {token}", api_key=None)
    assert subject.id == "li.wei" and subject.area == "440304001"
    clock.now = NOW + timedelta(seconds=600 + 59)  # expired, but within the leeway
    assert Authenticator(settings, accounts, clock=clock).authenticate(
        authorization=f"Bearer {token}", api_key=None
    )
    clock.now = NOW + timedelta(seconds=600 + 61)
    with pytest.raises(Unauthenticated, match="expired"):
        Authenticator(settings, accounts, clock=clock).authenticate(
            authorization=f"Bearer {token}", api_key=None
        )
    clock.now = NOW - timedelta(seconds=120)  # issued "in the future" beyond the leeway
    with pytest.raises(Unauthenticated, match="not valid yet"):
        Authenticator(settings, accounts, clock=clock).authenticate(
            authorization=f"Bearer {token}", api_key=None
        )


def test_local_tokens_follow_the_account(accounts: Accounts, settings: Settings) -> None:
    token = issue_token(accounts.get("li.wei"), settings)
    accounts.set_disabled("li.wei", True)
    with pytest.raises(Unauthenticated, match="disabled"):
        Authenticator(settings, accounts).authenticate(authorization=f"Bearer {token}", api_key=None)


def test_tokens_for_another_audience_or_key_are_refused(
    accounts: Accounts, settings: Settings, tmp_path: Path
) -> None:
    other = settings.model_copy(update={"auth_audience": "another-service"})
    token = issue_token(accounts.get("li.wei"), other)
    with pytest.raises(Unauthenticated, match="audience"):
        Authenticator(settings, accounts).authenticate(authorization=f"Bearer {token}", api_key=None)
    elsewhere = settings.model_copy(update={"auth_signing_key": tmp_path / "other" / "key.pem"})
    forged = issue_token(accounts.get("li.wei"), elsewhere)
    with pytest.raises(Unauthenticated, match="another local key"):
        Authenticator(settings, accounts).authenticate(authorization=f"Bearer {forged}", api_key=None)


def test_the_signing_key_is_never_created_inside_a_repository(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    with pytest.raises(BadRequestData, match="inside the repository"):
        ensure_signing_key(tmp_path / "repo" / "keys" / "signing.pem")
    assert not (tmp_path / "repo" / "keys").exists()


# -- an external OIDC identity provider -------------------------------------------------------------------


@pytest.fixture(scope="module")
def idp_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _jwks(key: rsa.RSAPrivateKey, kid: str = "idp-2025") -> dict[str, Any]:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**jwk, "kid": kid, "use": "sig", "alg": "RS256"}]}


def _idp_token(key: rsa.RSAPrivateKey, **claims: Any) -> str:
    now = int(NOW.timestamp())
    body = {"iss": IDP, "aud": "citytwin", "sub": "zhang.min", "iat": now, "exp": now + 300, **claims}
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "idp-2025"})


def test_provider_tokens_from_a_jwks_file(
    idp_key: rsa.RSAPrivateKey, accounts: Accounts, settings: Settings, tmp_path: Path
) -> None:
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(_jwks(idp_key)))
    configured = settings.model_copy(update={"auth_issuer": IDP, "auth_jwks": str(jwks)})
    auth = Authenticator(configured, accounts, clock=Clock())
    token = _idp_token(
        idp_key,
        realm_access={"roles": ["city-operator"]},
        department="sz-gsdm",
        tenant="futian",
        area="440304",
    )
    subject = auth.authenticate(authorization=f"Bearer {token}", api_key=None)
    assert (subject.id, subject.kind, subject.roles, subject.tenant) == (
        "zhang.min",
        "user",
        frozenset({"city-operator"}),
        "futian",
    )
    refused = {
        "unknown issuer": _idp_token(idp_key, iss="https://evil.example/"),
        "no expiry": _idp_token(idp_key, exp=None),
        "wrong audience": _idp_token(idp_key, aud="other"),
        "expired": _idp_token(idp_key, exp=int(NOW.timestamp()) - 61),
        "other key": _idp_token(rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        "HMAC": jwt.encode(
            {"iss": IDP, "aud": "citytwin", "sub": "x", "exp": 2**40}, "secret" * 8, algorithm="HS256"
        ),
        "alg none": jwt.encode(
            {"iss": IDP, "aud": "citytwin", "sub": "x", "exp": 2**40}, None, algorithm="none"
        ),
        "garbage": "not.a.jwt",
    }
    for why, bad in refused.items():
        with pytest.raises(Unauthenticated):
            auth.authenticate(authorization=f"Bearer {bad}", api_key=None)
            pytest.fail(f"accepted a token with {why}")


@pytest.fixture
def jwks_server(idp_key: rsa.RSAPrivateKey) -> Iterator[str]:
    body = json.dumps(_jwks(idp_key)).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/realms/city/protocol/openid-connect/certs"
    finally:
        server.shutdown()
        server.server_close()


def test_provider_tokens_from_a_jwks_url(
    idp_key: rsa.RSAPrivateKey, jwks_server: str, accounts: Accounts, settings: Settings
) -> None:
    configured = settings.model_copy(update={"auth_issuer": IDP, "auth_jwks": jwks_server})
    auth = Authenticator(configured, accounts, clock=Clock())
    subject = auth.authenticate(
        authorization=f"Bearer {_idp_token(idp_key, roles=['auditor'])}", api_key=None
    )
    assert subject.roles == {"auditor"}


# -- serving -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False), ("10.1.2.3", False)],
)
def test_binding(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
    if loopback:
        check_bind(Settings(host=host))
    else:
        with pytest.raises(BadRequestData, match="without authentication"):
            check_bind(Settings(host=host))
        with pytest.raises(BadRequestData):
            create_app(Settings(host=host))
        check_bind(Settings(host=host, auth=True))


def test_the_api_with_tokens(store: Store, accounts: Accounts, settings: Settings) -> None:
    token = issue_token(accounts.get("li.wei"), settings)
    app = create_app(settings.model_copy(update={"db": "sqlite:///unused.db"}), store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        me = client.get("/auth/whoami", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200
        assert me.json()["actor"] == "user:li.wei" and me.json()["authenticated"]
        assert me.headers["X-Request-ID"]
        assert client.get("/auth/whoami", headers={"Authorization": "Basic bGk6d2Vp"}).status_code == 401
        jwks = client.get("/auth/jwks.json").json()  # public: other services check our tokens with it
        key = jwt.PyJWKSet.from_dict(jwks).keys[0]
        assert jwt.decode(token, key, algorithms=["ES256"], audience="citytwin")["sub"] == "li.wei"
        assert jwks == public_jwks(ensure_signing_key(settings.auth_signing_key or Path()))


def test_without_authentication_requests_act_as_the_demo_identity(api: TestClient) -> None:
    me = api.get("/auth/whoami").json()
    assert me["actor"] == "user:demo" and me["roles"] == ["administrator"] and not me["authenticated"]
