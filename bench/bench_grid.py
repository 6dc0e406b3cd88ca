"""BeiDou grid code benchmarks: vectorised and scalar encoding, and a district-sized cover at level 7.

``run()`` returns rows for bench/run.py; ``python bench/bench_grid.py`` prints them.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from shapely.geometry import Polygon

from citytwin.core.codes.beidou import encode
from citytwin.core.codes.beidou_cover import cover
from citytwin.core.codes.beidou_vector import encode_many, encode_many_int

# Shenzhen's extent, roughly.
WEST, EAST, SOUTH, NORTH = 113.75, 114.65, 22.40, 22.86


def district() -> Polygon:
    """An irregular polygon of about 80 km² (Futian-sized) with 720 vertices, centred in Shenzhen."""
    theta = np.linspace(0, 2 * np.pi, 721)[:-1]
    radius = 1 + 0.15 * np.sin(7 * theta) + 0.05 * np.sin(31 * theta)
    return Polygon(np.c_[114.05 + 0.048 * radius * np.cos(theta), 22.55 + 0.045 * radius * np.sin(theta)])


def best_of(repeats: int, fn: Any) -> tuple[float, Any]:
    """Fastest wall time of ``repeats`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def run(n: int = 1_000_000, n_scalar: int = 50_000) -> list[dict[str, Any]]:
    """Benchmark rows: name, value, unit, target (when there is one), note."""
    rng = np.random.default_rng(2020)
    lngs, lats = rng.uniform(WEST, EAST, n), rng.uniform(SOUTH, NORTH, n)
    rows: list[dict[str, Any]] = []

    seconds, _ = best_of(3, lambda: encode_many(lngs, lats))
    rows.append(
        {
            "name": "grid encode vectorised",
            "value": n / seconds,
            "unit": "points/s",
            "target": 1_000_000,
            "note": f"encode_many, {n:,} Shenzhen points, level 10, '<U20', one core",
        }
    )
    seconds, _ = best_of(3, lambda: encode_many_int(lngs, lats))
    rows.append(
        {
            "name": "grid encode vectorised (integer form)",
            "value": n / seconds,
            "unit": "points/s",
            "note": f"encode_many_int, {n:,} points, uint64",
        }
    )
    pts = list(zip(lngs[:n_scalar].tolist(), lats[:n_scalar].tolist(), strict=True))
    seconds, _ = best_of(1, lambda: [encode(x, y) for x, y in pts])
    rows.append(
        {
            "name": "grid encode scalar",
            "value": n_scalar / seconds,
            "unit": "points/s",
            "note": f"encode() in a Python loop, {n_scalar:,} points, level 10",
        }
    )
    polygon = district()
    area_km2 = polygon.area * (111.32 * np.cos(np.radians(22.55))) * 110.57
    for compact in (False, True):
        seconds, cells = best_of(2, lambda compact=compact: cover(polygon, 7, compact=compact))
        rows.append(
            {
                "name": "grid cover district level 7" + (" (compact)" if compact else ""),
                "value": seconds * 1000,
                "unit": "ms",
                "lower_is_better": True,
                "note": f"{len(cells):,} cells, ~{area_km2:.0f} km² polygon with 720 vertices",
            }
        )
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
