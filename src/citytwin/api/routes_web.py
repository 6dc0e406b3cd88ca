"""The 3D viewer: ``GET /`` is its page, ``GET /static/...`` its built assets (shipped in ``citytwin/web``).

The assets are built from ``web/`` with ``scripts/build-web.sh`` and committed, so running the viewer never
needs Node. Hashed bundle names (``/static/assets/index-<hash>.js``) are cached for good; the page itself and
Cesium's workers and assets are revalidated.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from citytwin.errors import ResourceNotFound

IMMUTABLE = "public, max-age=31536000, immutable"
STATIC = "/static"


def web_root() -> Path:
    """Where the built viewer lies inside the installed package."""
    return Path(str(files("citytwin").joinpath("web")))


_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".html": "text/html",
}


async def asset(request: Request) -> Response:
    """GET /static/{path}: a built viewer file (hashed bundles cached for good, the rest revalidated)."""
    rel = request.path_params["path"]
    root = web_root().resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root) or not target.is_file() or target.suffix not in _TYPES:
        raise ResourceNotFound(f"no viewer asset {rel!r}")
    immutable = rel.startswith("assets/")
    return FileResponse(
        target,
        media_type=_TYPES[target.suffix],
        headers={"Cache-Control": IMMUTABLE if immutable else "no-cache"},
    )


async def index(request: Request) -> Response:
    """GET /: the viewer page."""
    page = web_root() / "index.html"
    if not page.is_file():
        raise ResourceNotFound("the viewer is not built into this installation: run scripts/build-web.sh")
    return FileResponse(page, media_type="text/html", headers={"Cache-Control": "no-cache"})


def web_routes() -> list[BaseRoute]:
    """``/`` and ``/static/{path}`` (the built assets)."""
    return [Route("/", index, methods=["GET"]), Route(STATIC + "/{path:path}", asset, methods=["GET"])]
