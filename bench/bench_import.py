"""Importer benchmarks: 1M building footprints (GeoJSON) into the embedded store; 1M buildings joined to 788
communities.

Footprints are generated deterministically inside Shenzhen's district boundaries (rotated 10-40 m
rectangles, a few properties each) and written as one GeoJSON file before timing. The import runs the whole
pipeline (read, convert, validate, map, register against the seeded administrative areas, one datum one
source, provenance, write, catalog and lineage). The spatial join is the registration step alone:
representative points of the footprints against the 788 community polygons, one vectorised STRtree query.

    .venv/bin/python bench/bench_import.py --n 1000000
    .venv/bin/python bench/bench_import.py --quick          # 50,000
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from citytwin.demo.hierarchy import admin_entities, district_boundaries
from citytwin.ingest.importers.geometry import representative_points
from citytwin.ingest.importers.model import ImportOptions
from citytwin.ingest.importers.pipeline import run_import
from citytwin.ingest.importers.register import AdminIndex
from citytwin.storage.registry import open_store

BBOX = (113.75, 22.40, 114.62, 22.86)
USAGES = ("residential", "office", "commercial", "industrial", "public", "mixed")
IMPORT_TARGET_S = 60.0
JOIN_TARGET_S = 20.0
WRITE_BLOCK = 20_000


def _on_land(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` uniform points inside Shenzhen's district boundaries (rejection sampling over the bbox)."""
    city = shapely.union_all(list(district_boundaries().values()))
    shapely.prepare(city)
    lngs: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    found = 0
    while found < n:
        x = rng.uniform(BBOX[0], BBOX[2], 2 * n)
        y = rng.uniform(BBOX[1], BBOX[3], 2 * n)
        inside = shapely.contains_xy(city, x, y)
        lngs.append(x[inside])
        lats.append(y[inside])
        found += int(inside.sum())
    return np.concatenate(lngs)[:n], np.concatenate(lats)[:n]


def footprints(n: int, seed: int = 2026) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Corner coordinates (n x 5 x 2), floors and years of ``n`` deterministic footprints in the city."""
    rng = np.random.default_rng(seed)
    lng, lat = _on_land(rng, n)
    width, depth = rng.uniform(10, 40, n), rng.uniform(10, 40, n)
    angle = rng.uniform(0, math.pi, n)
    cx, cy = np.array([-0.5, 0.5, 0.5, -0.5, -0.5]), np.array([-0.5, -0.5, 0.5, 0.5, -0.5])
    cos_a, sin_a = np.cos(angle)[:, None], np.sin(angle)[:, None]
    dx = (cx * width[:, None]) * cos_a - (cy * depth[:, None]) * sin_a
    dy = (cx * width[:, None]) * sin_a + (cy * depth[:, None]) * cos_a
    xs = lng[:, None] + dx / (111_320.0 * np.cos(np.radians(lat))[:, None])
    ys = lat[:, None] + dy / 110_574.0
    xs[:, 4], ys[:, 4] = xs[:, 0], ys[:, 0]
    return np.stack((xs, ys), axis=2), rng.integers(1, 60, n), rng.integers(1980, 2025, n)


def write_geojson(path: Path, n: int) -> int:
    """Write ``n`` footprints as a GeoJSON FeatureCollection; returns the file size in bytes."""
    rings, floors, years = footprints(n)
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","features":[\n')
        for start in range(0, n, WRITE_BLOCK):
            parts = []
            for i in range(start, min(start + WRITE_BLOCK, n)):
                coords = ",".join(f"[{x:.7f},{y:.7f}]" for x, y in rings[i])
                parts.append(
                    f'{{"type":"Feature","properties":{{"bid":"B{i:07d}","floors":{floors[i]},'
                    f'"yearBuilt":{years[i]},"usage":"{USAGES[i % len(USAGES)]}"}},'
                    f'"geometry":{{"type":"Polygon","coordinates":[[{coords}]]}}}}'
                )
            fh.write((",\n" if start else "") + ",\n".join(parts))
        fh.write("\n]}\n")
    return path.stat().st_size


def bench_import(n: int, workdir: Path) -> list[dict[str, Any]]:
    """The full import of ``n`` footprints into a fresh embedded store seeded with the admin areas."""
    path = workdir / f"buildings_{n}.geojson"
    size = write_geojson(path, n)
    url = f"sqlite:///{workdir / 'import.db'}"
    with open_store(url) as store:
        tenant = store.tenant()
        tenant.upsert_many(admin_entities())
        gc.collect()
        load = os.getloadavg()[0]
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu = time.perf_counter(), time.process_time()
        report = run_import(
            path, tenant, ImportOptions(category="space-2d3d", entity_type="Building", id_column="bid")
        )
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) * 1024  # KiB on Linux
    size_note = f"{size / 1e6:,.0f} MB GeoJSON"
    return [
        {
            "name": f"import {n:,} building footprints (GeoJSON → embedded store)",
            "value": round(seconds, 1),
            "unit": "s",
            "target": IMPORT_TARGET_S * n / 1_000_000,
            "lower_is_better": True,
            "note": (
                f"{size_note}; whole pipeline incl. registration ({report.registered:,} registered, "
                f"rate {report.registration_rate:.1%}), provenance, catalog and lineage; "
                f"{n / seconds:,.0f} rows/s; CPU time {cpu:,.0f} s (both threads); "
                f"peak RSS grew {grown / 1e6:,.0f} MB ({grown / n:,.0f} B/row); "
                f"load average before {load:.2f} on {os.cpu_count()} cores"
                + ("" if n == 1_000_000 else "; target scaled from 60 s per 1M")
            ),
        }
    ]


def bench_join(n: int) -> list[dict[str, Any]]:
    """Representative points of ``n`` footprints located in the 788 communities (vectorised STRtree)."""
    rings, _, _ = footprints(n)
    polygons = shapely.polygons(rings)
    communities = [e for e in admin_entities() if e.type == "Community"]
    index = AdminIndex(communities)
    gc.collect()
    started = time.perf_counter()
    lng, lat = representative_points(polygons)
    areas = index.locate(lng, lat)
    seconds = time.perf_counter() - started
    found = sum(a is not None for a in areas)
    return [
        {
            "name": f"spatial join {n:,} buildings → {len(communities)} communities",
            "value": round(seconds, 2),
            "unit": "s",
            "target": JOIN_TARGET_S * n / 1_000_000,
            "lower_is_better": True,
            "note": (
                f"point on surface + STRtree query (intersects), smallest area wins; {found:,} inside a "
                f"community ({found / n:.1%}); {n / seconds:,.0f} buildings/s"
                + ("" if n == 1_000_000 else "; target scaled from 20 s per 1M")
            ),
        }
    ]


def run(n: int = 1_000_000, **_: Any) -> list[dict[str, Any]]:
    """Both benchmarks at size ``n``."""
    rows = bench_join(n)
    with tempfile.TemporaryDirectory(prefix="citytwin-bench-import-") as tmp:
        rows += bench_import(n, Path(tmp))
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000, help="buildings (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="50,000 buildings")
    args = parser.parse_args()
    for row in run(50_000 if args.quick else args.n):
        print(f"{row['name']}: {row['value']} {row['unit']} (target ≤ {row['target']:g}) — {row['note']}")
