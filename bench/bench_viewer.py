"""The 3D viewer: tile generation throughput, time to first render and time to load 100k buildings.

* **Tile generation**: footprint + height extrusion into GLB tiles (quadtree, ids and property tables) for
  ``n`` buildings, from extrusion records (the numpy/GEOS part) and from twin entities (adds parsing).
* **Store → tileset**: what the server does on the first request: read the buildings, build the tree.
* **Headless Chromium** (Debian's, SwiftShader WebGL, as the browser tests): from ``page.goto`` to the first
  frame with buildings at demo scale, and until every tile of ``load_n`` buildings is loaded (``?sse=1``
  makes the viewer refine every tile in view).
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from citytwin.core.entities import Entity, geo, prop
from citytwin.storage.registry import open_store
from citytwin.tiles.buildings import records
from citytwin.tiles.cache import TilesCache
from citytwin.tiles.tileset import BuildingTiles, content_glb

CHROMIUM = os.environ.get("CITYTWIN_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
M_PER_DEG = 111_319.49
HEIGHTS = [6, 9, 12, 18, 24, 36, 60, 100, 200]
HEIGHT_SHARE = [0.2, 0.2, 0.15, 0.15, 0.1, 0.08, 0.06, 0.04, 0.02]


def city(n: int, seed: int = 3) -> list[Entity]:
    """``n`` buildings packed around 福田/南山 like a dense district: 12–60 m footprints, 6–200 m tall."""
    rng = np.random.default_rng(seed)
    side = math.ceil(math.sqrt(n))
    spacing = 70.0
    lng0, lat0 = 113.93, 22.50
    dlat = spacing / M_PER_DEG
    dlng = dlat / math.cos(math.radians(lat0))
    out = []
    for i in range(n):
        col, row = i % side, i // side
        x = lng0 + col * dlng + rng.uniform(0, 0.2) * dlng
        y = lat0 + row * dlat + rng.uniform(0, 0.2) * dlat
        w = rng.uniform(12, 60) / M_PER_DEG / math.cos(math.radians(y))
        d = rng.uniform(12, 45) / M_PER_DEG
        if i % 8 == 0:  # an L-shaped block now and then (a concave roof)
            ring = [
                [x, y],
                [x + w, y],
                [x + w, y + d / 2],
                [x + w / 2, y + d / 2],
                [x + w / 2, y + d],
                [x, y + d],
            ]
        else:
            ring = [[x, y], [x + w, y], [x + w, y + d], [x, y + d]]
        e = Entity(f"urn:ngsi-ld:Building:bench-{i:07d}", ("Building",))
        e.set("location", geo({"type": "Polygon", "coordinates": [[*ring, ring[0]]]}))
        e.set(
            "height",
            prop(float(rng.choice(HEIGHTS, p=HEIGHT_SHARE))),
        )
        e.set("name", prop(f"楼{i}"))
        e.set("adminCode", prop("440304001001"))
        out.append(e)
    return out


def generation(n: int) -> list[dict[str, Any]]:
    """Tile generation throughput (records → every GLB) and entity → record extraction."""
    entities = city(n)
    t0 = time.perf_counter()
    recs, _ = records(entities)
    extract_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    tiles = BuildingTiles(recs)
    tiles.tileset()
    total = 0
    for node in tiles.nodes.values():
        if node.ids:
            total += len(content_glb([tiles.records[i] for i in node.ids]))
    gen_s = time.perf_counter() - t0
    label = f"{n:,} buildings"
    return [
        {"name": "tile generation", "value": n / gen_s, "unit": "buildings/s", "target": 100_000,
         "note": f"{label} → {sum(1 for x in tiles.nodes.values() if x.ids)} GLB tiles, {total / 1e6:.1f} MB,"
                 f" {gen_s:.2f} s (tree, tileset.json, extrusion, GLB)"},
        {"name": "twin entity → extrusion record", "value": n / extract_s, "unit": "buildings/s",
         "note": f"{label}: GeoJSON parsed by GEOS in one call, heights, names, areas"},
    ]  # fmt: skip


def store_to_tileset(n: int, tmp: Path) -> tuple[list[dict[str, Any]], str]:
    """Load ``n`` buildings into SQLite, then time the server's first build of the tiles."""
    url = f"sqlite:///{tmp / f'viewer-{n}.db'}"
    entities = city(n)
    with open_store(url) as store:
        for start in range(0, n, 20_000):
            store.tenant().upsert_many(entities[start : start + 20_000])
        cache = TilesCache(store)
        t0 = time.perf_counter()
        build = cache.ready("", timeout=3600)
        cache.tileset("")
        build_s = time.perf_counter() - t0
    note = f"{n:,} buildings on SQLite: read ({build.to_dict()['loaded']:,}), records, tree"
    row = {"name": "store → tileset (first request)", "value": build_s, "unit": "s", "lower_is_better": True,
           "note": note}  # fmt: skip
    return [row], url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(url: str, log: Path) -> Iterator[str]:
    """``citytwin serve`` on a free port until the block ends."""
    port = _free_port()
    with log.open("wb") as out:
        command = [sys.executable, "-m", "citytwin.cli", "serve", "--db", url, "--port", str(port)]
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        # Build the tiles before the clock starts: the page times the browser, not the first build.
        while httpx.get(base + "/tiles/buildings/status", timeout=30).json()["state"] == "building":
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def browser_rows(url: str, n: int, what: str) -> list[dict[str, Any]]:
    """Time to first render (``first``) or to every tile loaded (``all``), in headless Chromium."""
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory() as tmp,
        serve(url, Path(tmp) / "serve.log") as base,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        query = "?sse=1" if what == "all" else ""
        t0 = time.perf_counter()
        page.goto(base + "/" + query)
        page.wait_for_function("window.citytwin && window.citytwin.ready", timeout=600_000)
        # The whole block in view, from above.
        span = math.sqrt(n)
        east, north = 113.935 + span * 0.00068, 22.505 + span * 0.00063
        page.evaluate(f"window.citytwin.view(113.925, 22.495, {east}, {north})")
        if what == "first":
            page.wait_for_function("window.citytwin.stats.featuresRendered > 0", timeout=600_000)
            seconds = time.perf_counter() - t0
            shown = page.evaluate("window.citytwin.stats.featuresRendered")
            browser.close()
            note = (f"page load → first frame with buildings; {n:,} buildings served, {shown:,} drawn in that"
                    " frame (headless Chromium, SwiftShader)")  # fmt: skip
            return [{"name": "time to first render", "value": seconds, "unit": "s", "lower_is_better": True,
                     "note": note}]  # fmt: skip
        loaded = f"window.citytwin.stats.featuresLoaded >= {n}"
        page.wait_for_function(loaded, timeout=1_800_000, polling=500)
        seconds = time.perf_counter() - t0
        tiles = page.evaluate("window.citytwin.stats.tilesLoaded")
        browser.close()
        note = f"page load → all {tiles} tiles loaded (?sse=1), headless Chromium, SwiftShader"
        name = f"time to load {n:,} buildings"
        return [{"name": name, "value": seconds, "unit": "s", "lower_is_better": True, "note": note}]


def run(n: int = 100_000, demo_n: int = 20_000, load_n: int = 100_000) -> list[dict[str, Any]]:
    """Every viewer benchmark; returns result rows (notes carry the load average: the 2 cores are shared)."""
    load = os.getloadavg()[0]
    rows = generation(n)
    with tempfile.TemporaryDirectory(prefix="ct-bench-viewer-") as tmp:
        built, demo_url = store_to_tileset(demo_n, Path(tmp))
        rows += built
        if not Path(CHROMIUM).exists():
            rows.append({"name": "browser benchmarks", "value": None, "unit": "", "note": f"no {CHROMIUM}"})
            return rows
        rows += browser_rows(demo_url, demo_n, "first")
        if load_n == demo_n:
            load_url = demo_url
        else:
            more, load_url = store_to_tileset(load_n, Path(tmp))
            rows += more
        rows += browser_rows(load_url, load_n, "all")
    for row in rows:
        row["note"] = f"{row.get('note', '')}; load average {load:.1f} at the start"
    return rows


def main() -> None:
    """Command line: sizes of each part."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--demo-n", type=int, default=20_000)
    parser.add_argument("--load-n", type=int, default=100_000)
    args = parser.parse_args()
    for row in run(args.n, args.demo_n, args.load_n):
        print(row)


if __name__ == "__main__":
    main()
