"""The ASGI application: NGSI-LD under ``/ngsi-ld/v1``, plus ``/version``, ``/health`` and ``/openapi.json``.

:func:`create_app` takes explicit settings (and optionally an already opened store, which the caller then
owns); its lifespan opens and closes what it created. :func:`app_from_env` is the factory servers use
(``granian --factory citytwin.api.app:app_from_env``), reading ``CITYTWIN_*`` from the environment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from citytwin import __version__
from citytwin.api.openapi import openapi_document
from citytwin.api.problems import CatchAll, exception_handlers
from citytwin.api.routes_processes import JobManagers, process_routes
from citytwin.errors import CitytwinError, StorageUnavailable
from citytwin.ngsild.context import ContextResolver
from citytwin.ngsild.request import BASE, Services, run, services
from citytwin.ngsild.routes_batch import batch_routes
from citytwin.ngsild.routes_contexts import context_routes
from citytwin.ngsild.routes_entities import entity_routes
from citytwin.ngsild.routes_query import query_routes
from citytwin.ngsild.routes_temporal import temporal_routes
from citytwin.ngsild.routes_types import type_routes
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store

NGSI_LD_VERSION = "1.8.1"
_ENCODE = msgspec.json.Encoder().encode


def _json(content: Any, status: int = 200) -> Response:
    return Response(_ENCODE(content), status_code=status, media_type="application/json")


async def version(request: Request) -> Response:
    """GET /version: platform name, version and the NGSI-LD version it speaks."""
    return _json({"name": "citytwin", "version": __version__, "ngsiLdVersion": NGSI_LD_VERSION})


async def health(request: Request) -> Response:
    """GET /health: 200 when the store answers, else a 503 problem."""
    store = services(request).store
    try:
        schema = await run(store.schema_version)
    except CitytwinError:
        raise
    except Exception as err:  # a driver failure here means "not healthy", never a traceback
        raise StorageUnavailable("the store does not answer") from err
    return _json({"status": "ok", "store": store.scheme, "schemaVersion": schema})


async def openapi(request: Request) -> Response:
    """GET /openapi.json: the hand-written description of the served endpoints."""
    return _json(openapi_document())


class TrailingSlash:
    """ASGI middleware: ``/entities/`` is routed as ``/entities`` (clients and test suites send both).

    Only a slash that is in the raw path is dropped, so an id ending in an encoded ``%2F`` keeps it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if len(path) > 1 and path[-1] == "/":
                raw: bytes | None = scope.get("raw_path")
                if raw is None or raw.endswith(b"/"):
                    scope = {**scope, "path": path.rstrip("/") or "/"}
                    if raw is not None:
                        scope["raw_path"] = raw.rstrip(b"/") or b"/"
        await self.app(scope, receive, send)


def _under_base(route: Route) -> Route:
    """A route given relative to the NGSI-LD base, placed under it.

    Not a Mount: a Mount matches every path below the base, which would turn a wrong method on another
    NGSI-LD path into 404 instead of 405.
    """
    methods = sorted(route.methods - {"HEAD"}) if route.methods else None
    return Route(BASE + route.path, route.endpoint, methods=methods, name=route.name)


def routes(resolver: ContextResolver) -> list[BaseRoute]:
    """Every route, most specific first (entity paths take any id, so /attrs routes precede them)."""
    return [
        *entity_routes(),
        *query_routes(),
        *batch_routes(),
        *type_routes(),
        *temporal_routes(),
        *(_under_base(r) for r in context_routes(resolver)),
        *process_routes(),
        Route("/version", version, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
    ]


def create_app(settings: Settings, *, store: Store | None = None) -> Starlette:
    """The citytwin API; opens ``settings.db`` at startup unless ``store`` is given (its caller closes it)."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    # Hosted and implicitly created contexts are named by absolute URLs under this server.
    resolver = ContextResolver(base_url=f"http://{host}:{settings.port}")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        opened = store if store is not None else await run(open_store, settings.db)
        app.state.services = Services(settings, opened, resolver)
        app.state.job_managers = JobManagers()
        try:
            yield
        finally:
            await run(app.state.job_managers.close)  # jobs use the store: stop them first
            await resolver.aclose()
            if store is None:
                await run(opened.close)

    app = Starlette(
        routes=routes(resolver),
        middleware=[Middleware(CatchAll), Middleware(TrailingSlash)],
        exception_handlers=exception_handlers(),
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False  # TrailingSlash routes both forms; a redirect would drop POST bodies
    return app


def app_from_env() -> Starlette:
    """The app configured from ``CITYTWIN_*`` environment variables (the server factory)."""
    return create_app(Settings())
