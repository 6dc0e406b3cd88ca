"""The ASGI application: NGSI-LD under ``/ngsi-ld/v1``, plus ``/version``, ``/health`` and ``/openapi.json``.

:func:`create_app` takes explicit settings (and optionally an already opened store, which the caller then
owns); its lifespan opens and closes what it created. :func:`app_from_env` is the factory servers use
(``granian --factory citytwin.api.app:app_from_env``), reading ``CITYTWIN_*`` from the environment.
"""

from __future__ import annotations

import gc
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
from citytwin.analytics.contacts_sync import ContactSync
from citytwin.api.auth_middleware import AuthMiddleware
from citytwin.api.openapi import OptionsResponder, openapi_document
from citytwin.api.preconditions import Preconditions
from citytwin.api.problems import CatchAll, exception_handlers
from citytwin.api.routes_analytics import AnalyticsRuntime, analytics_routes
from citytwin.api.routes_catalog import catalog_routes
from citytwin.api.routes_export import export_routes
from citytwin.api.routes_login import login_routes
from citytwin.api.routes_processes import JobManagers, process_routes
from citytwin.api.routes_security import security_routes
from citytwin.api.routes_sharing import ShareUsage, sharing_routes
from citytwin.api.routes_tiles import TilesService, tile_routes
from citytwin.api.routes_web import web_routes
from citytwin.api.routing import IndexedRouter
from citytwin.errors import CitytwinError, StorageUnavailable
from citytwin.federation.config import FederationSettings
from citytwin.federation.service import Federation
from citytwin.governance.auth import check_bind
from citytwin.governance.enforce_runtime import Governance
from citytwin.governance.sharing_policy import SharingPolicies
from citytwin.governance.sharing_runtime import SharingRuntime
from citytwin.ingest.iot.http import iot_routes
from citytwin.ingest.iot.mqtt_app import start_mqtt
from citytwin.ingest.iot.mqtt_routes import command_routes
from citytwin.ingest.iot.service import IoTService
from citytwin.ngsild.context import ContextResolver
from citytwin.ngsild.expiry import ExpirySweeper
from citytwin.ngsild.request import BASE, Services, TenantEcho, run, services
from citytwin.ngsild.routes_batch import batch_routes
from citytwin.ngsild.routes_contexts import context_routes
from citytwin.ngsild.routes_csources import csource_routes
from citytwin.ngsild.routes_entities import entity_routes
from citytwin.ngsild.routes_query import query_routes
from citytwin.ngsild.routes_subscriptions import subscription_routes
from citytwin.ngsild.routes_temporal import temporal_routes
from citytwin.ngsild.routes_types import type_routes
from citytwin.settings import Settings
from citytwin.storage.base import Store
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore
from citytwin.stream.service import StreamOptions, StreamService, StreamSettings
from citytwin.stream.websocket import websocket_routes

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
        *subscription_routes(),
        *websocket_routes(),
        *csource_routes(),
        *(_under_base(r) for r in context_routes(resolver)),
        *process_routes(),
        *command_routes(),
        *iot_routes(),
        *catalog_routes(),
        *analytics_routes(),
        *security_routes(),
        *sharing_routes(),
        *export_routes(),
        *login_routes(),
        Route("/version", version, methods=["GET"]),
        Route("/health", health, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        *tile_routes(),
        *web_routes(),
    ]


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    stream: StreamOptions | None = None,
    long_lived: bool = False,
) -> Starlette:
    """The citytwin API; opens ``settings.db`` at startup unless ``store`` is given (its caller closes it).

    ``long_lived``: the app is its process's for the process's lifetime (the server factory): the IoT
    registry index, once loaded, is frozen out of the cyclic collector (:attr:`IngestPipeline.long_lived`).
    An app made and dropped again (a test, an embedding tool) leaves the collector be."""
    check_bind(settings)  # a non-loopback bind needs authentication (docs/security.md)
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    # Hosted and implicitly created contexts are named by absolute URLs under this server.
    resolver = ContextResolver(base_url=f"http://{host}:{settings.port}")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        opened = store if store is not None else await run(open_store, settings.db)
        bus = EventBus()
        app.state.bus = bus
        # Every write through the API (and anything else using this store) publishes change events.
        app.state.services = Services(settings, ObservedStore(opened, bus, origin="api"), resolver, bus=bus)
        # Governance: the ledger records every write (bus) and governed read; policy decides each request.
        # Share agreements in force add their rules to the policy every path decides with (docs/sharing.md).
        app.state.governance = await run(
            Governance.start, settings, app.state.services.store, bus, registry=SharingPolicies
        )
        app.state.job_managers = JobManagers()
        # Subscriptions and WebSocket feeds: the change log recorder, notification delivery (citytwin.stream).
        app.state.stream = StreamService(
            app.state.services.store, bus, resolver, stream, guard=app.state.governance.stream_guard()
        )
        # Other processes' writes (ingest workers, simulators) reach the ledger through the change log.
        await run(app.state.governance.tail_changes, app.state.stream.owner)
        await app.state.stream.start()
        # Share agreements: exports, backflow, usage counters (the platform's view of the store).
        app.state.sharing = await run(
            SharingRuntime.start,
            app.state.governance,
            app.state.services.store,
            export_dir=settings.share_export_dir,
            interval_s=settings.share_interval_s,
        )
        app.state.sharing.on_feed = app.state.stream.recorder.refresh_demand
        app.state.stream.recorder.listeners.append(app.state.sharing.wake)
        if app.state.stream.notifier is not None:  # what agreements' subscriptions push is counted per entity
            app.state.stream.notifier.on_delivered = app.state.sharing.on_delivered
        # Context source registrations and distributed operations (one connection pool to the sources).
        app.state.federation = Federation(app.state.services.store, FederationSettings(), resolver=resolver)
        app.state.federation.start()  # subscriptions propagated to context sources
        # Device commands (and, with settings.mqtt_ingest, MQTT ingest into this store) when a broker is set.
        # IoT: device registry, HTTP ingest, dead letters, health sweep (one pipeline for HTTP and MQTT).
        app.state.iot = IoTService.create(app.state.services.store, long_lived=long_lived)
        app.state.iot.start_sweeper()
        # Transient entities (NGSI-LD 4.22): those past their expiresAt are purged, as published deletions.
        app.state.expiry = ExpirySweeper(app.state.services.store)
        app.state.expiry.start()
        app.state.mqtt = await run(
            start_mqtt, settings, app.state.services.store, pipeline=app.state.iot.pipeline
        )
        app.state.commands = app.state.mqtt.commands if app.state.mqtt is not None else None
        # The event desk's contacts, kept as its subscriptions before it files anything (docs/analytics.md).
        app.state.contacts = (
            ContactSync(app.state.stream, path=settings.contacts_file, broker=settings.mqtt_url)
            if settings.analytics
            else None
        )
        if app.state.contacts is not None:
            await app.state.contacts.start()
        # Live indicators, alert rules and the grid-management desk (CITYTWIN_ANALYTICS=1, serve --analytics).
        app.state.analytics = (
            await run(AnalyticsRuntime.start, app.state.services.store, bus) if settings.analytics else None
        )
        # 3D Tiles and base layers for the viewer, kept fresh by the change bus (citytwin.tiles).
        app.state.tiles = TilesService(app.state.services.store, bus, getattr(app.state.stream, "hub", None))
        # Requests reach the store through policy enforcement; the components above keep the platform's view.
        app.state.services.store = app.state.governance.wrap(app.state.services.store)
        # What startup built lives as long as the server: kept out of the collector's full passes, which
        # otherwise rescan it every few thousand requests.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            app.state.tiles.close()
            if app.state.analytics is not None:
                await run(app.state.analytics.close)  # its threads write to the store
            if app.state.mqtt is not None:
                await run(app.state.mqtt.close)  # ingest writes to the store: stop it before closing that
            await run(app.state.iot.close)
            await run(app.state.expiry.close)
            await run(app.state.job_managers.close)  # jobs use the store: stop them first
            await run(app.state.sharing.close)  # backflow writes to the store
            if app.state.contacts is not None:
                await app.state.contacts.stop()
            await app.state.stream.stop()  # after every writer: their last changes reach the log
            await run(app.state.governance.close)  # appends what is queued, seals the last ledger block
            await app.state.federation.aclose()
            await resolver.aclose()
            if store is None:
                await run(opened.close)

    app = Starlette(
        routes=routes(resolver),
        middleware=[
            Middleware(CatchAll),
            Middleware(TenantEcho),
            Middleware(TrailingSlash),
            Middleware(Preconditions),
            Middleware(OptionsResponder),
            Middleware(AuthMiddleware),
            Middleware(ShareUsage),
        ],
        exception_handlers=exception_handlers(),
        lifespan=lifespan,
    )
    # TrailingSlash routes both forms (a redirect would drop POST bodies); the indexed router tries only the
    # routes whose literal prefix fits the path, in table order (citytwin.api.routing).
    app.router = IndexedRouter(app.router.routes, redirect_slashes=False, lifespan=lifespan)
    return app


def app_from_env() -> Starlette:
    """The app configured from ``CITYTWIN_*`` environment variables (the server factory)."""
    return create_app(Settings(), stream=StreamSettings().options(), long_lived=True)
