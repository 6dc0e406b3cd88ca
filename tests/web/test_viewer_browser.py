"""The viewer in real Chromium (SwiftShader WebGL) against a real ``citytwin serve``.

The scene must draw the seeded buildings (the app's rendered-feature counter, and the selected building's
highlight colour read back from a screenshot at the building's projected position), picking a building by
clicking it must open its NGSI-LD entity, and a reading written to the twin must show in the panel within
2 s, pushed over the WebSocket.
"""

from __future__ import annotations

from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.web.conftest import Server, screenshot

pytestmark = pytest.mark.slow
LOAD_TIMEOUT_MS = 180_000


def open_viewer(page: Any, server: Server, query: str = "") -> None:
    page.goto(server.url + "/" + query)
    page.wait_for_function("window.citytwin && window.citytwin.ready", timeout=LOAD_TIMEOUT_MS)


def look_at_grid(page: Any, server: Server) -> None:
    """Put the camera over the test grid and wait until its tiles are drawn."""
    lngs = [b.lng for b in server.buildings]
    lats = [b.lat for b in server.buildings]
    page.evaluate(
        "([w, s, e, n]) => window.citytwin.view(w, s, e, n)",
        [min(lngs) - 0.002, min(lats) - 0.002, max(lngs) + 0.002, max(lats) + 0.002],
    )
    page.wait_for_function(
        "window.citytwin.stats.featuresRendered >= 300 && window.citytwin.stats.tilesLoaded > 0",
        timeout=LOAD_TIMEOUT_MS,
    )


def test_the_scene_renders_the_seeded_buildings(page: Any, server: Server) -> None:
    open_viewer(page, server)
    look_at_grid(page, server)
    stats = page.evaluate("window.citytwin.stats")
    assert stats["featuresRendered"] >= len(server.buildings)
    # A building's own pixels: select the tallest one (it turns the highlight colour) and look for that
    # colour in a screenshot around where the camera projects its roof.
    tallest = max(server.buildings, key=lambda b: b.height)
    page.evaluate("id => window.citytwin.select(id)", tallest.id)
    page.wait_for_function(f"window.citytwin.selected === {tallest.id!r}")
    page.evaluate("window.citytwin.render()")
    page.wait_for_timeout(500)
    pos = page.evaluate(
        "([x, y, h]) => window.citytwin.screenPosition(x, y, h)",
        [tallest.lng, tallest.lat, tallest.height / 2],
    )
    path = screenshot(page, "viewer-buildings")
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(np.int32)
    x, y = int(pos["x"]), int(pos["y"])
    region = pixels[max(y - 40, 0) : y + 40, max(x - 40, 0) : x + 40]
    r, g, b = region[..., 0], region[..., 1], region[..., 2]
    # The highlight is yellow whatever the shading: red and green well above blue.
    highlighted = int(((r > 110) & (g > 90) & (r - b > 60) & (g - b > 40)).sum())
    assert highlighted >= 20, f"no highlighted building pixels near {pos} in {path}"
    # And the rest of the city is drawn too: light building greys, absent from the empty globe colour.
    greys = int(((pixels.min(axis=2) > 110) & (np.ptp(pixels, axis=2) < 25)).sum())
    assert greys > 2000, f"too few building pixels in {path}"
    assert not page.errors, page.errors
    # Offline: everything the page asked for came from our server (no ion, no imagery, no CDN).
    foreign = [u for u in page.requested if not u.startswith((server.url, "data:", "blob:"))]
    assert not foreign, foreign
    assert any("/tiles/buildings/content/" in u for u in page.requested)


def test_pick_a_building_and_see_a_live_value(page: Any, server: Server) -> None:
    open_viewer(page, server)
    look_at_grid(page, server)
    target = server.buildings[len(server.buildings) // 2 + 7]
    page.wait_for_timeout(300)
    pos = page.evaluate(
        "([x, y, h]) => window.citytwin.screenPosition(x, y, h)", [target.lng, target.lat, target.height]
    )
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function(
        f"document.querySelector('#selected-id')?.textContent === {target.id!r}", timeout=30_000
    )
    page.wait_for_function("window.citytwin.live.state === 'open'", timeout=30_000)
    # The panel shows the entity as GET /ngsi-ld/v1/entities/{id} returns it.
    assert page.locator("tr[data-attr='height'] td.v").inner_text().startswith(f"{target.height:g}")
    assert page.locator("tr[data-attr='temperature'] td.v").inner_text().startswith("20")
    # The panel's filter has reached the server (confirmed on the WebSocket).
    page.wait_for_function("window.citytwin.live.subscribed.includes('selected')", timeout=30_000)
    value = 27.125
    response = httpx.patch(
        f"{server.url}/ngsi-ld/v1/entities/{target.id}/attrs",
        json={"temperature": {"type": "Property", "value": value, "unitCode": "CEL"}},
        timeout=10,
    )
    assert response.status_code == 204, response.text
    cell = "tr[data-attr='temperature'] td.v"
    # The brief's bound: the pushed value is on screen within 2 s of the write.
    page.wait_for_function(
        f"(document.querySelector({cell!r})?.textContent || '').startsWith('27.125')", timeout=2000
    )
    screenshot(page, "viewer-picked-live")


def test_the_ui_speaks_chinese_and_english(page: Any, server: Server) -> None:
    open_viewer(page, server)
    assert page.locator("#bar strong").inner_text() == "深圳城市数字孪生"
    page.click("#lang")
    assert page.locator("#bar strong").inner_text() == "Shenzhen city digital twin"
    assert page.locator("#sec-dashboard summary").inner_text() == "Indicator dashboard"
    page.click("#lang")
    assert page.locator("#sec-dashboard summary").inner_text() == "指标看板"


def test_the_first_view_shows_the_buildings_right_of_the_panel(page: Any, server: Server) -> None:
    # No view() call: the page opens framed on the buildings, close enough that their tiles draw.
    open_viewer(page, server)
    page.wait_for_function(
        "window.citytwin.stats.featuresRendered > 0 && window.citytwin.stats.tilesLoaded > 0", timeout=60_000
    )
    lng = sum(b.lng for b in server.buildings) / len(server.buildings)
    lat = sum(b.lat for b in server.buildings) / len(server.buildings)
    pos = page.evaluate("([x, y]) => window.citytwin.screenPosition(x, y, 0)", [lng, lat])
    panel = page.evaluate("document.getElementById('left').getBoundingClientRect().right")
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    # The grid's centre is on screen, in the part the left panel leaves free.
    assert pos is not None and panel < pos["x"] < width and 0 < pos["y"] < height, (pos, panel)
    assert abs(pos["x"] - (panel + width) / 2) < width / 8, (pos, panel)
    screenshot(page, "viewer-first-view")
    assert not page.errors, page.errors


def test_the_header_names_the_user_without_a_stray_null(page: Any, server: Server) -> None:
    open_viewer(page, server)
    who = httpx.get(f"{server.url}/auth/whoami", timeout=10).json()
    text = page.locator("#who").inner_text()
    assert "null" not in text and "undefined" not in text, text
    assert text.strip() == f"{who['actor']} (未启用认证)", text
