"""PostgreSQL + PostGIS store: batch upsert of building entities and a within-polygon query at city scale.

The buildings and query polygons are those of ``bench_storage_sqlite`` (same generator, same seeds), so the
two backends are measured on identical data: rotated 10-40 m footprints over Shenzhen's bounding box, ten
properties each. Only the store calls are timed. The run uses its own schema, dropped afterwards.

    .venv/bin/python bench/bench_storage_postgres.py --n 1000000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg

from citytwin.core.query import EntityQuery, GeoFilter, GeoRel
from citytwin.storage.registry import open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_storage_sqlite import buildings, query_polygons

DSN = os.environ.get("CITYTWIN_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
CHUNK = 50_000
QUERIES = 40
WARMUP = 3


def _label(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def run(n: int = 1_000_000, dsn: str = DSN) -> list[dict[str, Any]]:
    """Load ``n`` buildings into a fresh schema, then time within-polygon queries; returns result rows."""
    schema = f"ct_bench_{uuid.uuid4().hex[:10]}"
    sep = "&" if "?" in dsn else "?"
    store = open_store(f"{dsn}{sep}schema={schema}")
    try:
        tenant = store.tenant("bench")
        loaded = 0.0
        for start in range(0, n, CHUNK):
            batch = buildings(start, min(CHUNK, n - start))
            t0 = time.perf_counter()
            result = tenant.upsert_many(batch)
            loaded += time.perf_counter() - t0
            if result.errors:
                raise RuntimeError(f"bench upsert failed: {result.errors[:3]}")
        # What autovacuum would do soon after a bulk load; the planner needs it to pick the GiST index.
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'vacuum analyze "{schema}".entities'.encode())
        timings, sizes = [], []
        for polygon in query_polygons(QUERIES + WARMUP):
            query = EntityQuery(geo=GeoFilter(GeoRel.WITHIN, polygon), limit=1000)
            t0 = time.perf_counter()
            found = tenant.query(query)
            timings.append((time.perf_counter() - t0) * 1000)
            sizes.append(len(found.entities))
        timings, sizes = timings[WARMUP:], sizes[WARMUP:]
    finally:
        store.close()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'drop schema if exists "{schema}" cascade'.encode())
    return [
        {
            "name": f"postgis batch upsert {_label(n)} buildings",
            "value": round(n / loaded),
            "unit": "entities/s",
            "target": 100_000,
        },
        {
            "name": "postgis within-polygon query p50",
            "value": round(statistics.median(timings), 2),
            "unit": "ms",
            "target": 20,
            "lower_is_better": True,
            "note": f"{_label(n)} buildings, {len(timings)} polygons of ~1 km radius,"
            f" mean {statistics.mean(sizes):.0f} hits (max {max(sizes)}),"
            f" p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms",
        },
    ]


def main() -> None:
    """Command line: ``--n`` buildings (default 1,000,000)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    args = parser.parse_args()
    for row in run(args.n):
        print(row)


if __name__ == "__main__":
    main()
