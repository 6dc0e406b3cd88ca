"""A Starlette router that tries only the routes whose literal path prefix fits the request.

Starlette's router matches a request against every route in order, one regular expression each. With the
hundred-odd routes of the platform, a request for a route near the end of the table (temporal, IoT, tiles,
the viewer) spent more time finding its handler than running it. Here each route is indexed by the literal
segments that start its path (up to :data:`DEPTH`); a request is matched, in the original order, only against
the routes whose literal prefix is a prefix of its own path. Precedence and the 404 fallback are exactly the
linear router's (the candidates are the routes that could match, in table order); a 405 names in ``Allow``
every method the path serves, where Starlette named only those of the first route that matched it.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import Receive, Scope, Send

DEPTH = 3
"""Literal path segments used as the index key (``/ngsi-ld/v1/entities`` has three)."""

_CACHE_MAX = 4096
"""Request prefixes remembered; request paths are unbounded, so the cache is cleared when full."""


def literal_prefix(path: str) -> tuple[str, ...]:
    """The whole segments of a route path before its first parameter, at most :data:`DEPTH` of them."""
    out: list[str] = []
    for segment in path.split("/")[1:]:
        if "{" in segment or len(out) == DEPTH:
            break
        out.append(segment)
    return tuple(out)


def request_prefix(path: str) -> tuple[str, ...]:
    """The first :data:`DEPTH` segments of a request path."""
    return tuple(path.split("/", DEPTH + 1)[1 : DEPTH + 1])


def route_path(scope: Scope) -> str:
    """The path routes match against: the request path below the ASGI ``root_path`` (as Starlette does)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if not root or not path.startswith(root):
        return path
    if path == root:
        return ""
    return path[len(root) :] if path[len(root)] == "/" else path


class IndexedRouter(Router):
    """A :class:`~starlette.routing.Router` whose per-request scan covers only the routes that can match."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._by_prefix: dict[tuple[str, ...], list[int]] = {}
        self._indexed = -1
        self._cache: dict[tuple[str, ...], list[BaseRoute]] = {}
        self._serving: dict[tuple[tuple[str, ...], str], list[BaseRoute]] = {}

    def candidates(self, path: str) -> list[BaseRoute]:
        """The routes that could match ``path``, in table order."""
        if self._indexed != len(self.routes):
            self._reindex()
        key = request_prefix(path)
        found = self._cache.get(key)
        if found is None:
            picked: list[int] = []
            for depth in range(len(key) + 1):
                picked.extend(self._by_prefix.get(key[:depth], ()))
            found = [self.routes[i] for i in sorted(picked)]
            if len(self._cache) >= _CACHE_MAX:
                self._cache.clear()
            self._cache[key] = found
        return found

    def serving(self, path: str, method: str) -> list[BaseRoute]:
        """The candidates for ``path`` an HTTP request with ``method`` can fully match, in table order.

        A plain :class:`~starlette.routing.Route` is left out when its methods exclude ``method``; other
        routes (mounts, WebSocket routes, subclasses that may match differently) are kept.
        """
        if self._indexed != len(self.routes):
            self._reindex()
        key = (request_prefix(path), method)
        found = self._serving.get(key)
        if found is None:
            found = [
                r
                for r in self.candidates(path)
                if type(r) is not Route or not r.methods or method in r.methods
            ]
            if len(self._serving) >= _CACHE_MAX:
                self._serving.clear()
            self._serving[key] = found
        return found

    def _reindex(self) -> None:
        by_prefix: dict[tuple[str, ...], list[int]] = {}
        for i, route in enumerate(self.routes):
            path = getattr(route, "path", None)
            prefix = literal_prefix(path) if isinstance(path, str) and path.startswith("/") else ()
            by_prefix.setdefault(prefix, []).append(i)
        self._by_prefix = by_prefix
        self._cache = {}
        self._serving = {}
        self._indexed = len(self.routes)

    def _allowed(self, scope: Scope, path: str) -> set[str]:
        """The methods of every route that matches the path with some method."""
        out: set[str] = set()
        for route in self.candidates(path):
            methods = getattr(route, "methods", None)
            if methods and route.matches(scope)[0] is not Match.NONE:
                out |= set(methods)
        return out

    async def app(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Dispatch to the first fully matching candidate, else the first partial one (405), else 404."""
        if scope["type"] == "lifespan" or self.redirect_slashes:
            await super().app(scope, receive, send)
            return
        if "router" not in scope:
            scope["router"] = self
        if scope["type"] == "http":
            path = route_path(scope)
            for route in self.serving(path, scope["method"]):
                match, child_scope = route.matches(scope)
                if match is Match.FULL:
                    scope["route"] = route
                    scope.update(child_scope)
                    await route.handle(scope, receive, send)
                    return
        partial = None
        partial_scope: Scope = {}
        for route in self.candidates(route_path(scope)):
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                scope["route"] = route
                scope.update(child_scope)
                await route.handle(scope, receive, send)
                return
            if match is Match.PARTIAL and partial is None:
                partial = route
                partial_scope = child_scope
        if partial is not None and scope["type"] == "http" and "app" in scope:
            # 405 names every method the path serves, not just those of the first route that matched it.
            allowed = self._allowed(scope, route_path(scope))
            raise HTTPException(status_code=405, headers={"Allow": ", ".join(sorted(allowed))})
        if partial is not None:
            scope["route"] = partial
            scope.update(partial_scope)
            await partial.handle(scope, receive, send)
            return
        await self.default(scope, receive, send)
