"""Embedded SQLite store: batch upsert of building entities and a within-polygon query at city scale.

Buildings are generated deterministically over Shenzhen's bounding box (113.75-114.62 E, 22.40-22.86 N): a
rotated 10-40 m rectangular footprint, ten properties and an admin code each. Only the store calls are timed.

    .venv/bin/python bench/bench_storage_sqlite.py --n 1000000
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel
from citytwin.storage.registry import open_store

BBOX = (113.75, 22.40, 114.62, 22.86)
DISTRICTS = ("440303", "440304", "440305", "440306", "440307", "440308", "440309", "440310", "440311")
USAGES = ("residential", "office", "commercial", "industrial", "public", "mixed")
BLOCK = 0.01
CALL = 250_000
"""Entities per upsert_many call (the store writes them in chunks, preparing the next while writing)."""
QUERIES = 40
QUERY_RADIUS_M = 1_000.0


def buildings(start: int, count: int, total: int = 1_000_000, seed: int = 2026) -> list[Entity]:
    """Buildings ``start`` .. ``start + count`` of ``total``, the same for the same arguments.

    Like a surveyed city layer, they come block by block (0.01 degree blocks, row by row over the city box,
    ``total / blocks`` buildings at random places in each), so ids and places advance together.
    """
    rng = np.random.default_rng([seed, start])
    cols = round((BBOX[2] - BBOX[0]) / BLOCK)
    rows = round((BBOX[3] - BBOX[1]) / BLOCK)
    per_block = math.ceil(total / (cols * rows))
    block = np.arange(start, start + count) // per_block
    lng = BBOX[0] + (block % cols + rng.uniform(0, 1, count)) * BLOCK
    lat = BBOX[1] + (block // cols % rows + rng.uniform(0, 1, count)) * BLOCK
    width = rng.uniform(10, 40, count)
    depth = rng.uniform(10, 40, count)
    angle = rng.uniform(0, math.pi, count)
    floors = rng.integers(1, 60, count)
    year = rng.integers(1980, 2025, count)
    # Corners of a rotated rectangle in metres, then degrees (local scale is plenty for 40 m).
    cx, cy = np.array([-0.5, 0.5, 0.5, -0.5, -0.5]), np.array([-0.5, -0.5, 0.5, 0.5, -0.5])
    cos_a, sin_a = np.cos(angle)[:, None], np.sin(angle)[:, None]
    dx = (cx * width[:, None]) * cos_a - (cy * depth[:, None]) * sin_a
    dy = (cx * width[:, None]) * sin_a + (cy * depth[:, None]) * cos_a
    xs = lng[:, None] + dx / (111_320.0 * np.cos(np.radians(lat))[:, None])
    ys = lat[:, None] + dy / 110_574.0
    xs[:, 4], ys[:, 4] = xs[:, 0], ys[:, 0]  # close rings exactly
    rings = np.stack((xs, ys), axis=2).round(7).tolist()
    out = []
    for i in range(count):
        n = start + i
        district = DISTRICTS[min(int((lng[i] - BBOX[0]) / (BBOX[2] - BBOX[0]) * 9), 8)]
        community = f"{district}{int(block[i]) % 12 + 1:03d}{int(block[i]) // 12 % 20 + 1:03d}"
        attrs = {
            "location": [Attribute(AttrType.GEOPROPERTY, {"type": "Polygon", "coordinates": [rings[i]]})],
            "name": [Attribute(AttrType.PROPERTY, f"Building {n}")],
            "height": [Attribute(AttrType.PROPERTY, round(float(floors[i]) * 3.1, 1), unit_code="MTR")],
            "floors": [Attribute(AttrType.PROPERTY, int(floors[i]))],
            "yearBuilt": [Attribute(AttrType.PROPERTY, int(year[i]))],
            "usage": [Attribute(AttrType.VOCAB_PROPERTY, USAGES[n % len(USAGES)])],
            "footprintArea": [
                Attribute(AttrType.PROPERTY, round(float(width[i] * depth[i]), 1), unit_code="MTK")
            ],
            "address": [Attribute(AttrType.PROPERTY, {"city": "深圳", "district": district, "no": n % 500})],
            "adminCode": [Attribute(AttrType.PROPERTY, community)],
            "cimLevel": [Attribute(AttrType.PROPERTY, "building")],
            "status": [Attribute(AttrType.PROPERTY, "inUse")],
        }
        out.append(Entity(f"urn:ngsi-ld:Building:sz-{n:08d}", ("Building",), attrs))
    return out


def query_polygons(count: int, seed: int = 7) -> Iterator[shapely.Polygon]:
    """Irregular polygons of about QUERY_RADIUS_M around random points inside the city box."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        lng = rng.uniform(BBOX[0] + 0.05, BBOX[2] - 0.05)
        lat = rng.uniform(BBOX[1] + 0.05, BBOX[3] - 0.05)
        theta = np.sort(rng.uniform(0, 2 * math.pi, 24))
        radius = QUERY_RADIUS_M * rng.uniform(0.8, 1.2, 24)
        xs = lng + radius * np.cos(theta) / (111_320.0 * math.cos(math.radians(lat)))
        ys = lat + radius * np.sin(theta) / 110_574.0
        yield shapely.Polygon(np.column_stack((xs, ys)))


def run(n: int = 1_000_000, path: Path | None = None) -> list[dict[str, Any]]:
    """Load ``n`` buildings into a fresh database, then time within-polygon queries; returns result rows."""
    load = os.getloadavg()  # the machine may be shared: say how busy it was
    with tempfile.TemporaryDirectory(prefix="ct-bench-") as tmp:
        db = path or Path(tmp) / "bench.db"
        store = open_store(f"sqlite:///{db}")
        try:
            tenant = store.tenant("bench")
            loaded = 0.0
            for start in range(0, n, CALL):
                batch = buildings(start, min(CALL, n - start), n)
                t0 = time.perf_counter()
                result = tenant.upsert_many(batch)
                loaded += time.perf_counter() - t0
                if result.errors:
                    raise RuntimeError(f"bench upsert failed: {result.errors[:3]}")
            del batch, result  # a quarter million entities would otherwise sit in the heap the GC walks
            gc.collect()
            timings, sizes = [], []
            for polygon in query_polygons(QUERIES + 3):
                query = EntityQuery(geo=GeoFilter(GeoRel.WITHIN, polygon), limit=1000)
                t0 = time.perf_counter()
                found = tenant.query(query)
                timings.append((time.perf_counter() - t0) * 1000)
                sizes.append(len(found.entities))
            timings, sizes = timings[3:], sizes[3:]  # the first queries warm the page cache
        finally:
            store.close()
    return [
        {
            "name": f"sqlite batch upsert {_label(n)} buildings",
            "value": round(n / loaded),
            "unit": "entities/s",
            "target": 50_000,
            "note": f"{CALL:,} per upsert_many call, block-ordered input; load average before {load[0]:.2f}",
        },
        {
            "name": "sqlite within-polygon query p50",
            "value": round(statistics.median(timings), 2),
            "unit": "ms",
            "target": 20,
            "lower_is_better": True,
            "note": f"{_label(n)} buildings, {len(timings)} queries, mean {statistics.mean(sizes):.0f} hits"
            f" (max {max(sizes)}), p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms",
        },
    ]


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n:,}"


def main() -> None:
    """Command line: ``--n`` buildings (default 1M), ``--db`` to keep the database file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    for row in run(args.n, args.db):
        print(row)


if __name__ == "__main__":
    main()
