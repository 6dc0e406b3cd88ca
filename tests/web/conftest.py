"""A real ``citytwin serve`` over a small seeded twin, and headless Chromium driven by Playwright.

The twin: Shenzhen's administrative hierarchy (``citytwin.demo.hierarchy``) plus a few hundred buildings laid
out on a grid in 福田 (Futian) with real footprints, heights and names. Chromium is Debian's
``/usr/bin/chromium`` (``scripts/ensure-browser.sh`` installs it); Playwright downloads no browser. Without
it the browser tests skip, unless ``CITYTWIN_REQUIRE_SERVICES=1``, when they fail. Screenshots go to
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from citytwin.core.codes import admin
from citytwin.core.entities import Entity, geo, prop
from citytwin.demo.seed import seed
from citytwin.storage.registry import open_store
from tests.conftest import REQUIRE_SERVICES

CHROMIUM = os.environ.get("CITYTWIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ORIGIN = (114.0520, 22.5330)  # south-west corner of the test grid, 福田 CBD
COLS, ROWS = 20, 15
SPACING_M = 60.0
M_PER_DEG = 111_319.49


@dataclass(frozen=True)
class TestBuilding:
    """One seeded building: its id, footprint centre and height."""

    id: str
    lng: float
    lat: float
    height: float


def browser_unavailable() -> str | None:
    """None when Playwright and Debian's Chromium are both there, else why not."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (scripts/ensure-browser.sh installs Debian's chromium)"
    return None


def require_browser() -> None:
    """Skip (or fail, when services are required) without a browser."""
    reason = browser_unavailable()
    if reason is None:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"CITYTWIN_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


def _community() -> str:
    street = admin.streets("440304")[0]
    return admin.communities(street.code)[0].code


def grid_buildings() -> list[tuple[Entity, TestBuilding]]:
    """The test grid: COLS × ROWS buildings, 30 × 20 m footprints, heights 12–126 m."""
    lng0, lat0 = ORIGIN
    dlat = 1 / M_PER_DEG
    dlng = 1 / (M_PER_DEG * math.cos(math.radians(lat0)))
    community = _community()
    out = []
    for i in range(COLS * ROWS):
        col, row = i % COLS, i // COLS
        x, y = lng0 + col * SPACING_M * dlng, lat0 + row * SPACING_M * dlat
        w, h = 30 * dlng, 20 * dlat
        height = 12.0 + (i * 37) % 115
        ring = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]
        entity = Entity(f"urn:ngsi-ld:Building:viewer-test-{i:04d}", ("Building",))
        entity.set("location", geo({"type": "Polygon", "coordinates": [ring]}))
        entity.set("height", prop(height, unit_code="MTR"))
        entity.set("floorsAboveGround", prop(max(1, int(height // 3))))
        entity.set("name", prop(f"测试楼{i}号"))
        entity.set("adminCode", prop(community))
        entity.set("cimLevel", prop("building"))
        entity.set("temperature", prop(20.0, unit_code="CEL"))
        out.append((entity, TestBuilding(entity.id, x + w / 2, y + h / 2, height)))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running ``citytwin serve`` subprocess."""

    url: str
    process: subprocess.Popen[bytes]
    buildings: list[TestBuilding]
    log: Path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``citytwin serve --analytics`` on a seeded SQLite twin (one per test session)."""
    tmp = tmp_path_factory.mktemp("viewer")
    url = f"sqlite:///{tmp / 'twin.db'}"
    with open_store(url) as store:
        seed(store, progress=lambda _msg: None)
        built = grid_buildings()
        result = store.tenant().upsert_many([e for e, _ in built])
        assert not result.errors
    port = _free_port()
    log = tmp / "serve.log"
    env = {**os.environ, "CITYTWIN_LOG_LEVEL": "WARNING"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "citytwin.cli", "serve", "--db", url, "--port", str(port), "--analytics"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("citytwin serve did not start:\n" + log.read_text(errors="replace")[-3000:])
        time.sleep(0.3)
    try:
        yield Server(base, process, [b for _, b in built], log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's) through Playwright."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh page (1280 × 800) with console errors collected in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(f"{exc}\n{getattr(exc, 'stack', '')}"))
    pg.on(
        "console", lambda msg: errors.append(f"{msg.text} @ {msg.location}") if msg.type == "error" else None
    )
    pg.on("response", lambda r: errors.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    requested: list[str] = []
    pg.on("request", lambda r: requested.append(r.url))
    pg.errors = errors
    pg.requested = requested
    try:
        yield pg
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a screenshot under test-artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
