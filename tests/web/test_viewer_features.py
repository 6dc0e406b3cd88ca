"""Viewer features in real Chromium: live colouring by an attribute over the WebSocket, the history chart and
time slider (temporal API), the grid-event list with a lifecycle action, and the indicator dashboard."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import numpy as np
import pytest
from PIL import Image

from tests.web.conftest import Server, screenshot
from tests.web.test_viewer_browser import LOAD_TIMEOUT_MS, look_at_grid, open_viewer

pytestmark = pytest.mark.slow


def _patch(server: Server, entity_id: str, attrs: dict[str, Any]) -> None:
    r = httpx.patch(f"{server.url}/ngsi-ld/v1/entities/{entity_id}/attrs", json=attrs, timeout=10)
    assert r.status_code == 204, r.text


def _hue_at(page: Any, path: str, lng: float, lat: float, h: float) -> np.ndarray:
    pos = page.evaluate("([x, y, h]) => window.citytwin.screenPosition(x, y, h)", [lng, lat, h])
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(np.int32)
    x, y = int(pos["x"]), int(pos["y"])
    return pixels[y - 3 : y + 4, x - 3 : x + 4].reshape(-1, 3).mean(axis=0)


def test_buildings_are_coloured_live_by_an_attribute(page: Any, server: Server) -> None:
    open_viewer(page, server)
    look_at_grid(page, server)
    hot, cold = server.buildings[5 * 20 + 9], server.buildings[5 * 20 + 12]  # mid-grid, clear of the panels
    page.evaluate("window.citytwin.colourBy('attribute:temperature')")
    page.wait_for_timeout(1500)  # the colour filter reaches the server
    _patch(server, hot.id, {"temperature": {"type": "Property", "value": 41.0}})
    _patch(server, cold.id, {"temperature": {"type": "Property", "value": 8.0}})
    page.wait_for_function("window.citytwin.live.deltas >= 2", timeout=10_000)
    page.evaluate("window.citytwin.render()")
    page.wait_for_timeout(800)
    path = str(screenshot(page, "viewer-colour-live"))
    r, g, b = _hue_at(page, path, hot.lng, hot.lat, hot.height)
    assert r > g + 40 and r > b + 40, f"the hot building is not red: {(r, g, b)}"
    r, g, b = _hue_at(page, path, cold.lng, cold.lat, cold.height)
    assert b > r + 40, f"the cold building is not blue: {(r, g, b)}"


def test_history_chart_and_time_slider(page: Any, server: Server) -> None:
    target = server.buildings[44]
    now = datetime.now(UTC)
    for hours, value in ((3, 15.5), (2, 18.5), (1, 21.5)):
        at = (now - timedelta(hours=hours)).isoformat().replace("+00:00", "Z")
        _patch(server, target.id, {"temperature": {"type": "Property", "value": value, "observedAt": at}})
    open_viewer(page, server)
    page.evaluate("id => window.citytwin.select(id)", target.id)
    page.wait_for_function(f"document.querySelector('#selected-id')?.textContent === {target.id!r}")
    assert page.locator("#chart-attr").input_value() == "temperature"
    page.wait_for_function(
        "(document.querySelector('svg.chart polyline')?.getAttribute('points') || '').split(' ').length >= 3",
        timeout=15_000,
    )
    # An hour and a half ago the last reading was the one of two hours ago: 18.5 °C.
    page.evaluate(
        "() => { const r = document.getElementById('time-range'); r.value = +r.max - 90;"
        " r.dispatchEvent(new Event('change')); }"
    )
    historic = "tr.historic[data-attr='temperature'] td.v"
    page.wait_for_function(
        f"document.querySelector({historic!r})?.textContent.startsWith('18.5')", timeout=15_000
    )
    assert page.locator("svg.chart line.cursor").count() == 1
    screenshot(page, "viewer-history")
    page.click("#time-live")
    page.wait_for_function("document.querySelectorAll('tr.historic').length === 0", timeout=15_000)


def test_a_grid_event_is_listed_and_acted_on(page: Any, server: Server) -> None:
    open_viewer(page, server)
    # The list refreshes on the WebSocket's deltas: the filter must be in place before the event is filed.
    page.wait_for_function(
        "window.citytwin.live.subscribed.includes('alerts-events')", timeout=LOAD_TIMEOUT_MS
    )
    spot = server.buildings[60]
    r = httpx.post(f"{server.url}/events", timeout=20, json={
        "category": "water-leak", "description": "测试楼前水管破裂", "reporter": "citizen-7",
        "location": {"type": "Point", "coordinates": [spot.lng, spot.lat]}})  # fmt: skip
    assert r.status_code == 201, r.text
    event = r.json()
    row = f"li[data-event='{event['id']}']"
    page.wait_for_selector(row, timeout=15_000)
    buttons = page.locator(f"{row} button.action")
    action = buttons.first.get_attribute("data-action")
    page.on("dialog", lambda dialog: dialog.accept("网格员张三"))
    buttons.first.click()
    expected = {
        "assign": "assigned",
        "accept": "accepted",
        "start": "in_progress",
        "escalate": event["status"],
    }
    for _ in range(100):
        after = httpx.get(f"{server.url}/events/{event['id']}", timeout=10).json()
        if len(after["transitions"]) > len(event["transitions"]):
            break
        page.wait_for_timeout(100)
    last = after["transitions"][-1]
    assert last["action"] == action and last["actor"] == "viewer"
    assert after["status"] == expected.get(action, after["status"])
    screenshot(page, "viewer-events")


def test_indicator_dashboard_drives_the_colouring(page: Any, server: Server) -> None:
    open_viewer(page, server)
    page.wait_for_selector("#indicator-table tr", timeout=LOAD_TIMEOUT_MS)
    first = page.locator("#indicator-table tr").first
    first.click()
    page.wait_for_function("document.getElementById('colour-mode').value.startsWith('indicator:')")
    assert page.locator("#legend .ramp").count() == 1
    # Drill into a district from the dashboard's area list.
    page.locator("#dashboard div.small a").first.click()
    page.wait_for_function("document.querySelectorAll('#dashboard .crumbs a').length >= 2")
    screenshot(page, "viewer-dashboard")


def test_flood_depth_plays_over_the_globe(page: Any, server: Server, tmp_path: Any) -> None:
    from tests.scenarios.test_flood_twin import area_wkt, bowl_dem

    inputs = {
        "area": area_wkt(),
        "resolution": 5,
        "storm": "uniform:200mm/h:600s",
        "duration": 1200,
        "dem": str(bowl_dem(tmp_path / "dem.tif")),
        "frames_dir": str(tmp_path / "frames"),
        "frame_interval": 300,
    }
    r = httpx.post(f"{server.url}/processes/flood/execution", json={"inputs": inputs}, timeout=120)
    assert r.status_code == 200, r.text
    job_id = r.headers["location"].rsplit("/", 1)[-1]
    open_viewer(page, server)
    page.click("#sec-flood summary")
    page.wait_for_selector(f"#flood-job option[value='{job_id}']", state="attached", timeout=15_000)
    page.select_option("#flood-job", job_id)
    page.wait_for_selector("#flood-frame", timeout=30_000)
    page.fill("#flood-frame", "2")
    page.dispatch_event("#flood-frame", "input")
    assert "15 min" in page.locator("#flood-controls span").inner_text()  # frame 2: 900 s
    # The frame is drawn: the overlay's blues are on screen where there were none.
    page.wait_for_timeout(1500)
    path = screenshot(page, "viewer-flood")
    # The globe between the side panel and the time bar (the page's own blue controls are outside it).
    pixels = np.asarray(Image.open(path).convert("RGB")).astype(np.int32)[44:740, 340:1270]
    r_, g_, b_ = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    water = int(((b_ > 120) & (b_ > r_ + 50) & (b_ > g_ + 10)).sum())
    assert water > 500, f"no flood overlay in {path}"


def test_a_geometry_change_reloads_the_tiles(page: Any, server: Server) -> None:
    open_viewer(page, server)
    look_at_grid(page, server)
    before = page.evaluate("window.citytwin.stats.version")
    # The geometry filter has reached the server (it confirms each subscription on the WebSocket).
    page.wait_for_function(
        "window.citytwin.live.subscribed.includes('buildings-geometry')", timeout=LOAD_TIMEOUT_MS
    )
    grown = server.buildings[5 * 20 + 10]
    _patch(server, grown.id, {"height": {"type": "Property", "value": 320.0, "unitCode": "MTR"}})
    page.wait_for_function(f"window.citytwin.stats.version !== {before!r}", timeout=30_000)
    assert page.evaluate("window.citytwin.stats.reloads") >= 1
    status = httpx.get(f"{server.url}/tiles/buildings/status", timeout=10).json()
    assert str(status["version"]) == page.evaluate("window.citytwin.stats.version")
    # The taller building now stands 320 m tall in the new tiles: its roof projects where a 320 m point does.
    page.evaluate("id => window.citytwin.select(id)", grown.id)
    page.wait_for_function(f"window.citytwin.selected === {grown.id!r}")
    # Until the new tiles have drawn (a loaded machine takes seconds), look again; the bar stays the same.
    deadline = time.monotonic() + 60
    while True:
        page.evaluate("window.citytwin.render()")
        page.wait_for_timeout(250)
        path = str(screenshot(page, "viewer-reloaded"))
        r, g, b = _hue_at(page, path, grown.lng, grown.lat, 250.0)
        if (r > b + 60 and g > b + 40) or time.monotonic() > deadline:
            break
    assert r > b + 60 and g > b + 40, f"no highlighted tower at 250 m: {(r, g, b)}"
