"""Demo city generation: time to generate and load a scale (``city`` ≈ 600,000 buildings) and the store size.

The run writes every dataset, imports them through the importers and catalog and registers the devices into
a fresh embedded (SQLite) store, like ``citytwin demo generate``; it reports generation and load time and
the database size on disk.

    .venv/bin/python bench/bench_demo.py --scale city
    .venv/bin/python bench/bench_demo.py --quick          # demo scale (福田 + 南山)
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from citytwin.demo.generate import build
from citytwin.demo.generate_load import load
from citytwin.demo.generate_scale import scale_named
from citytwin.storage.registry import open_store

# Targets (2-core VM): the whole city in an hour; the demo scale within the 5-minute `make demo` budget.
TARGET_S = {"city": 3_600.0, "district": 900.0, "demo": 240.0, "tiny": 60.0}


def run(scale: str = "city", **_: Any) -> list[dict[str, Any]]:
    """Generate and load ``scale`` into a temporary embedded store; time both and measure the database."""
    chosen = scale_named(scale)
    with tempfile.TemporaryDirectory(prefix="citytwin-bench-demo-") as tmp:
        root = Path(tmp)
        load_avg = os.getloadavg()[0]
        t0 = time.perf_counter()
        generated = build(chosen, root / "files", today=date(2026, 6, 1), progress=lambda _: None)
        t1 = time.perf_counter()
        with open_store(f"sqlite:///{root / 'demo.db'}") as store:
            load(store, generated, raster_dir=root / "rasters", progress=lambda _: None)
        t2 = time.perf_counter()
        size = sum(p.stat().st_size for p in root.glob("demo.db*"))
    counts = generated.counts
    note = (
        f"{counts['buildings']:,} buildings, {counts['roads']:,} roads, {counts['devices']:,} devices, "
        f"{counts['cameras']:,} cameras, {counts['enterprises']:,} enterprises; load average before "
        f"{load_avg:.2f} on {os.cpu_count()} cores"
    )
    return [
        {
            "name": f"demo city generation, --scale {scale} (files)",
            "value": round(t1 - t0, 1),
            "unit": "s",
            "target": None,
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": f"demo city generate + load, --scale {scale} (importers, catalog, device registry)",
            "value": round(t2 - t0, 1),
            "unit": "s",
            "target": TARGET_S[scale],
            "lower_is_better": True,
            "note": note,
        },
        {
            "name": f"demo city database size, --scale {scale} (SQLite)",
            "value": round(size / 1e6, 1),
            "unit": "MB",
            "target": None,
            "lower_is_better": True,
            "note": note,
        },
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="city", help="tiny, demo, district or city (default city)")
    parser.add_argument("--quick", action="store_true", help="demo scale")
    args = parser.parse_args()
    for row in run("demo" if args.quick else args.scale):
        print(f"{row['name']}: {row['value']} {row['unit']} (target {row['target']}) — {row['note']}")
