"""One way to render every error: NGSI-LD problem details (RFC 9457) with type, title, status and detail.

:class:`~citytwin.errors.CitytwinError` subclasses carry their status and problem type; Starlette's own
404/405 become NGSI-LD problems too; anything else is logged and answered with a bare 500 InternalError,
so neither a stack trace nor a driver message reaches the client.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import msgspec
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from citytwin.errors import (
    CitytwinError,
    InternalError,
    InvalidRequest,
    OperationNotSupported,
    ResourceNotFound,
)

log = logging.getLogger("citytwin.api")

PROBLEM_JSON = "application/problem+json"
_ENCODE = msgspec.json.Encoder().encode


class MethodNotAllowed(OperationNotSupported):
    """The resource exists but does not support the HTTP method (405, with an Allow header)."""

    status = 405
    title = "Method not allowed"


class NotAcceptable(InvalidRequest):
    """None of the media types in the request's Accept header can be produced (406)."""

    status = 406
    title = "Not acceptable"


class UnsupportedMediaType(InvalidRequest):
    """The request body has a media type the endpoint does not take (415)."""

    status = 415
    title = "Unsupported media type"


class PayloadTooLarge(InvalidRequest):
    """The request body is larger than the server accepts (413)."""

    status = 413
    title = "Payload too large"


def problem_media_type(accept: str | None) -> str:
    """``application/json`` when the client asks for it and not for problem+json; else problem+json."""
    if accept and "application/json" in accept and PROBLEM_JSON not in accept:
        return "application/json"
    return PROBLEM_JSON


def problem_response(
    err: CitytwinError, accept: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """The HTTP response for one platform error."""
    return Response(
        _ENCODE(err.to_problem()),
        status_code=err.status,
        headers=dict(headers) if headers else None,
        media_type=problem_media_type(accept),
    )


def _from_http(exc: HTTPException) -> CitytwinError:
    """Starlette's routing errors in NGSI-LD terms."""
    if exc.status_code == 404:
        return ResourceNotFound("no such resource: check the path (the NGSI-LD API lives under /ngsi-ld/v1)")
    if exc.status_code == 405:
        return MethodNotAllowed("this resource does not support the request's HTTP method")
    if exc.status_code == 413:
        return PayloadTooLarge("the request body is too large")
    if 400 <= exc.status_code < 500:
        return InvalidRequest(str(exc.detail))
    return InternalError("the server could not complete the request")


async def citytwin_error_handler(request: Request, exc: Exception) -> Response:
    """Render a CitytwinError raised by an endpoint."""
    assert isinstance(exc, CitytwinError)
    if exc.status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc.detail)
    return problem_response(exc, request.headers.get("accept"))


async def http_error_handler(request: Request, exc: Exception) -> Response:
    """Render Starlette's HTTPException (unknown route, wrong method) as an NGSI-LD problem."""
    assert isinstance(exc, HTTPException)
    return problem_response(_from_http(exc), request.headers.get("accept"), exc.headers)


def exception_handlers() -> dict[Any, Any]:
    """The handlers to pass to Starlette (unexpected exceptions are caught by :class:`CatchAll`)."""
    return {CitytwinError: citytwin_error_handler, HTTPException: http_error_handler}


class CatchAll:
    """ASGI middleware: an unexpected exception is logged and answered with a generic 500 problem.

    Starlette's own handler for ``Exception`` re-raises after responding; this one does not, so servers
    and test clients see an ordinary 500 response and the traceback stays in the log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            log.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # nothing sensible can be sent any more; let the server close the connection
            accept = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"accept"), None)
            err = InternalError("the server could not complete the request")
            await problem_response(err, accept)(scope, receive, send)
