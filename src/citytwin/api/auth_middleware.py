"""ASGI middleware: who is asking. Authenticates every HTTP and WebSocket request and binds its context.

With authentication on, a request without valid credentials gets 401 (with ``WWW-Authenticate: Bearer``);
the public endpoints (health, version, OpenAPI, the local public keys, the login, the viewer's page and its
static assets) need none; every data call does. With it off (loopback only, see
:func:`citytwin.governance.auth.check_bind`) every request acts as the documented demo identity. Either
way the request's context (subject, request id, purpose) is bound for the store wrapper and the ledger, and
the response carries ``X-Request-ID``. WebSocket clients that cannot set headers may pass
``?access_token=``.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citytwin.api.problems import problem_response
from citytwin.governance.enforce_context import RequestContext, Unauthenticated, bind, unbind

PUBLIC_PATHS = frozenset({"/", "/health", "/version", "/openapi.json", "/auth/jwks.json", "/auth/token"})
PUBLIC_PREFIXES = ("/viewer", "/static")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_PURPOSE_MAX = 256


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            text: str = value.decode("utf-8", "replace").strip()
            return text
    return None


class AuthMiddleware:
    """Binds a :class:`RequestContext` for each request (``app.state.governance`` does the checking)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        gov = getattr(scope["app"].state, "governance", None)
        if gov is None:  # the lifespan has not started governance (or this app runs without it)
            await self.app(scope, receive, send)
            return
        given = purpose = None
        for key, value in scope.get("headers", ()):  # one pass for both (the first of each counts)
            if key == b"x-request-id":
                given = value if given is None else given
            elif key == b"x-purpose":
                purpose = value if purpose is None else purpose
        request_id = _request_id(given)
        said = "" if purpose is None else purpose.decode("utf-8", "replace").strip()[:_PURPOSE_MAX]
        if gov.authenticator is None:  # no credentials to check: nothing to await
            ctx = gov.context_without_auth(request_id, said)
        else:
            try:
                ctx = await self._context(gov, scope, request_id, said)
            except Unauthenticated as err:
                await self._refuse(scope, send, err, request_id)
                return
        token = bind(ctx)
        try:
            await self.app(scope, receive, self._with_request_id(send, request_id))
        finally:
            unbind(token)

    async def _context(self, gov: Any, scope: Scope, request_id: str, purpose: str) -> RequestContext:
        path: str = scope["path"]
        authorization = _header(scope, b"authorization")
        api_key = _header(scope, b"x-api-key")
        if scope["type"] == "websocket" and not (authorization or api_key):
            token = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("access_token")
            authorization = f"Bearer {token[-1]}" if token else None
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        if public and not (authorization or api_key):
            from citytwin.governance.enforce_runtime import ANONYMOUS

            return RequestContext(ANONYMOUS, request_id, purpose)
        subject = await run_in_threadpool(
            gov.authenticator.authenticate, authorization=authorization, api_key=api_key
        )
        return RequestContext(subject, request_id, purpose)

    async def _refuse(self, scope: Scope, send: Send, err: Unauthenticated, request_id: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": err.detail[:120]})
            return
        challenge = 'Bearer realm="citytwin"'
        if _header(scope, b"authorization") or _header(scope, b"x-api-key"):
            challenge += ', error="invalid_token"'
        response = problem_response(
            err,
            _header(scope, b"accept"),
            headers={"WWW-Authenticate": challenge, "X-Request-ID": request_id},
        )
        await response(scope, _noop_receive, send)

    @staticmethod
    def _with_request_id(send: Send, request_id: str) -> Send:
        raw = request_id.encode("latin-1")

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", ())
                if not any(k.lower() == b"x-request-id" for k, _ in headers):
                    message = {**message, "headers": [*headers, (b"x-request-id", raw)]}
            await send(message)

        return sending


def _request_id(given: bytes | None) -> str:
    """The client's ``X-Request-ID`` when well formed, else a fresh one."""
    if given is not None:
        text = given.decode("utf-8", "replace").strip()
        if text and _REQUEST_ID.match(text):
            return text
    return new_request_id()


def new_request_id() -> str:
    """A fresh request id: 32 random hex digits, the text of a ``uuid4().hex`` at a fifth of its cost."""
    return os.urandom(16).hex()


async def _noop_receive() -> Message:
    return {"type": "http.disconnect"}
