"""What a flood touches: flooded area by depth class, building entrances, roads and devices."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import shapely

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood.grid import Grid, cells_in, rasterise_polygons


@dataclass(frozen=True)
class DepthClassArea:
    """Area (m²) and cell count whose depth lies in [min_m, max_m)."""

    min_m: float
    max_m: float | None
    cells: int
    area_m2: float

    def to_dict(self) -> dict[str, float | int | None]:
        """JSON-able form."""
        return {"min_m": self.min_m, "max_m": self.max_m, "cells": self.cells, "area_m2": self.area_m2}


def flooded_area_by_class(
    depth: npt.NDArray[np.floating], cell_area: float, thresholds: tuple[float, ...] = (0.05, 0.15, 0.3, 0.5)
) -> list[DepthClassArea]:
    """Flooded area per depth class; thresholds (0.05, 0.15, 0.3, 0.5) give 0.05-0.15 ... >0.5 m."""
    bounds = [*thresholds, None]
    out = []
    for lo, hi in pairwise(bounds):
        assert lo is not None
        sel = depth >= lo if hi is None else (depth >= lo) & (depth < hi)
        cells = int(np.count_nonzero(sel))
        out.append(DepthClassArea(float(lo), None if hi is None else float(hi), cells, cells * cell_area))
    return out


def building_entrance_depths(
    depth: npt.NDArray[np.floating],
    grid: Grid,
    buildings: Mapping[str, shapely.Geometry],
    ring_cells: int = 1,
    footprints: npt.NDArray[np.bool_] | None = None,
) -> dict[str, float]:
    """Entrance depth per building: the deepest water in a ring of cells just outside its footprint.

    The ring is the cells whose centres lie within ``ring_cells`` cell sizes of the footprint but
    not inside any footprint (``footprints``, default: these buildings rasterised).
    """
    if ring_cells < 1:
        raise BadRequestData("ring_cells must be at least 1")
    polys = list(buildings.values())
    covered = footprints if footprints is not None else rasterise_polygons(grid, polys) >= 0
    out: dict[str, float] = {}
    for bid, poly in buildings.items():
        # The 1e-6 widening keeps cell centres exactly ring_cells away from the wall in the ring.
        ring = shapely.difference(shapely.buffer(poly, ring_cells * grid.dx * (1 + 1e-6)), poly)
        rows, cols, inside = cells_in(grid, ring)
        vals = depth[rows, cols][inside & ~covered[rows, cols]] if inside.size else np.zeros(0)
        out[bid] = float(vals.max()) if vals.size else float("nan")
    return out


def _points_along(line: shapely.Geometry, spacing: float) -> tuple[npt.NDArray[np.float64], ...]:
    length = float(shapely.length(line))
    n = max(int(np.ceil(length / spacing)), 1)
    pts = shapely.line_interpolate_point(line, np.linspace(0.0, length, n + 1))
    xy = shapely.get_coordinates(pts)
    return xy[:, 0], xy[:, 1]


@dataclass(frozen=True)
class RoadImpact:
    """Depth along a road: its maximum, the flooded length over the threshold, and passability."""

    max_depth_m: float
    flooded_length_m: float
    impassable: bool


def road_impacts(
    depth: npt.NDArray[np.floating],
    grid: Grid,
    roads: Mapping[str, shapely.Geometry],
    threshold_m: float = 0.3,
) -> dict[str, RoadImpact]:
    """Roads sampled every half cell: impassable where depth exceeds ``threshold_m`` anywhere along."""
    out = {}
    step = 0.5 * grid.dx
    for rid, line in roads.items():
        if line is None or shapely.is_empty(line):
            raise BadRequestData(f"road {rid!r} has no geometry")
        xs, ys = _points_along(line, step)
        rows, cols, inside = grid.cells_of(xs, ys)
        d = np.where(inside, depth[rows, cols], 0.0)
        seg_len = float(shapely.length(line)) / max(len(xs) - 1, 1)
        over = d > threshold_m
        out[rid] = RoadImpact(
            float(d.max(initial=0.0)), float(np.count_nonzero(over[1:]) * seg_len), bool(over.any())
        )
    return out


def device_depths(
    depth: npt.NDArray[np.floating], grid: Grid, points: Mapping[str, tuple[float, float]]
) -> dict[str, float | None]:
    """Depth at each device location; None for devices outside the grid."""
    ids = list(points)
    if not ids:
        return {}
    xy = np.array([points[i] for i in ids], dtype=np.float64)
    rows, cols, inside = grid.cells_of(xy[:, 0], xy[:, 1])
    return {
        i: (float(depth[r, c]) if ok else None) for i, r, c, ok in zip(ids, rows, cols, inside, strict=True)
    }
