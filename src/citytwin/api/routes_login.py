"""``POST /auth/token``: a local account's username and password for a bearer token (the viewer's login).

The body is JSON ``{"username": ..., "password": ...}`` (or the same as a form). The answer is
``{"access_token", "token_type": "Bearer", "expires_in", "actor"}``: an ES256 token signed by the local key,
as ``citytwin users token`` issues. Public (it is how one gets credentials); with authentication off there is
nothing to log in to (400). Failed logins are throttled per account name.
"""

from __future__ import annotations

from typing import Any

import msgspec
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from citytwin.errors import BadRequestData
from citytwin.governance.auth import issue_token
from citytwin.governance.enforce_context import Unauthenticated
from citytwin.governance.passwords import LoginThrottle, check_password
from citytwin.ngsild.request import run

_ENCODE = msgspec.json.Encoder().encode
_MAX_BODY = 4096


async def _credentials(request: Request) -> tuple[str, str]:
    raw = await request.body()
    if len(raw) > _MAX_BODY:
        raise BadRequestData("the login body is too large")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body: Any
    if kind == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        form = parse_qs(raw.decode("utf-8", "replace"))
        body = {k: v[-1] for k, v in form.items()}
    else:
        try:
            body = msgspec.json.decode(raw) if raw else None
        except msgspec.DecodeError:
            raise BadRequestData("the login body must be JSON: {username, password}") from None
    if not isinstance(body, dict):
        raise BadRequestData("the login body must be an object: {username, password}")
    name, password = body.get("username"), body.get("password")
    if not isinstance(name, str) or not name or not isinstance(password, str) or not password:
        raise BadRequestData("give username and password")
    return name, password


def _throttle(request: Request) -> LoginThrottle:
    found: LoginThrottle | None = getattr(request.app.state, "login_throttle", None)
    if found is None:
        found = request.app.state.login_throttle = LoginThrottle()
    return found


async def token(request: Request) -> Response:
    """POST /auth/token."""
    gov = request.app.state.governance
    if gov.authenticator is None:
        raise BadRequestData("authentication is off here: requests act as the demo identity, no login needed")
    name, password = await _credentials(request)
    throttle = _throttle(request)
    throttle.check(name)
    try:
        account = await run(check_password, gov.store, name, password)
    except Unauthenticated:
        throttle.failed(name)
        raise
    throttle.succeeded(name)
    settings = gov.settings
    issued = await run(issue_token, account, settings)
    body = {
        "access_token": issued,
        "token_type": "Bearer",
        "expires_in": settings.auth_token_ttl_s,
        "actor": account.subject().actor,
    }
    return Response(_ENCODE(body), media_type="application/json", headers={"Cache-Control": "no-store"})


def login_routes() -> list[Route]:
    """The routes of this module."""
    return [Route("/auth/token", token, methods=["POST"])]
