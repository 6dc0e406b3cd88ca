"""The raster the flood engine runs on: geotransform, land use, Manning n and buildings burnt in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import shapely
from numba import njit

from citytwin.errors import BadRequestData


class LandUse(IntEnum):
    """Land-use classes that set Manning n and infiltration; stored per cell as uint8."""

    ROAD = 0
    ROOF = 1
    GREEN = 2
    WATER = 3


N_CLASSES = len(LandUse)

# Manning n (s/m^(1/3)): asphalt/concrete 0.013-0.016 and smooth roofs (Chow 1959); urban lawns and
# shrubs 0.035-0.06 are commonly used in 2D urban models; natural open water 0.025-0.035.
DEFAULT_MANNING: dict[LandUse, float] = {
    LandUse.ROAD: 0.016,
    LandUse.ROOF: 0.015,
    LandUse.GREEN: 0.05,
    LandUse.WATER: 0.03,
}


def parse_land_use(value: str | int) -> LandUse:
    """Accept ``road``, ``ROAD`` or 0 for a land-use class."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return LandUse(value)
        except ValueError:
            raise BadRequestData(f"land-use code {value} is not one of 0..{N_CLASSES - 1}") from None
    key = str(value).strip().upper()
    if key not in LandUse.__members__:
        names = ", ".join(m.name.lower() for m in LandUse)
        raise BadRequestData(f"unknown land use {value!r}; expected one of {names}")
    return LandUse[key]


def manning_table(overrides: dict[str, float] | None = None) -> npt.NDArray[np.float64]:
    """Manning n per land-use code, defaults replaced by ``overrides`` (class name -> n)."""
    table = np.array([DEFAULT_MANNING[c] for c in LandUse], dtype=np.float64)
    for name, n in (overrides or {}).items():
        if not (np.isfinite(n) and 0.0 < n < 1.0):
            raise BadRequestData(f"Manning n for {name!r} must be in (0, 1), got {n}")
        table[parse_land_use(name)] = n
    return table


@dataclass(frozen=True)
class Grid:
    """A north-up regular grid in a projected metric CRS: (x0, y0) is the north-west corner."""

    x0: float
    y0: float
    dx: float
    nx: int
    ny: int
    crs: str = "EPSG:4547"

    def __post_init__(self) -> None:
        if not (np.isfinite(self.dx) and self.dx > 0):
            raise BadRequestData(f"cell size dx must be positive, got {self.dx}")
        if self.nx < 1 or self.ny < 1:
            raise BadRequestData(f"grid needs at least one cell, got {self.ny} x {self.nx}")
        if not (np.isfinite(self.x0) and np.isfinite(self.y0)):
            raise BadRequestData("grid origin must be finite")

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (self.ny, self.nx)

    @property
    def cell_area(self) -> float:
        """Area of one cell in m²."""
        return self.dx * self.dx

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(xmin, ymin, xmax, ymax) of the grid in CRS units."""
        return (self.x0, self.y0 - self.ny * self.dx, self.x0 + self.nx * self.dx, self.y0)

    def x_centres(self) -> npt.NDArray[np.float64]:
        """x of the cell centres of one row."""
        return np.asarray(self.x0 + (np.arange(self.nx) + 0.5) * self.dx, dtype=np.float64)

    def y_centres(self) -> npt.NDArray[np.float64]:
        """y of the cell centres of one column (row 0 is the northernmost)."""
        return np.asarray(self.y0 - (np.arange(self.ny) + 0.5) * self.dx, dtype=np.float64)

    def cell_of(self, x: float, y: float) -> tuple[int, int]:
        """(row, col) of the cell holding point (x, y); BadRequestData if it lies outside."""
        col = int(np.floor((x - self.x0) / self.dx))
        row = int(np.floor((self.y0 - y) / self.dx))
        if not (0 <= col < self.nx and 0 <= row < self.ny):
            raise BadRequestData(f"point ({x}, {y}) lies outside the flood grid {self.bounds}")
        return row, col

    def cells_of(
        self, xs: npt.ArrayLike, ys: npt.ArrayLike
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Vectorised cell_of: (rows, cols, inside); rows/cols are clipped where outside."""
        x = np.asarray(xs, dtype=np.float64)
        y = np.asarray(ys, dtype=np.float64)
        col = np.floor((x - self.x0) / self.dx).astype(np.int64)
        row = np.floor((self.y0 - y) / self.dx).astype(np.int64)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return np.clip(row, 0, self.ny - 1), np.clip(col, 0, self.nx - 1), inside

    def window(self, geom: shapely.Geometry) -> tuple[slice, slice]:
        """Row and column slices of the cells whose centres may fall inside ``geom``'s bounding box."""
        xmin, ymin, xmax, ymax = shapely.bounds(geom)
        c0 = max(int(np.floor((xmin - self.x0) / self.dx - 0.5)), 0)
        c1 = min(int(np.ceil((xmax - self.x0) / self.dx - 0.5)) + 1, self.nx)
        r0 = max(int(np.floor((self.y0 - ymax) / self.dx - 0.5)), 0)
        r1 = min(int(np.ceil((self.y0 - ymin) / self.dx - 0.5)) + 1, self.ny)
        return slice(r0, max(r0, r1)), slice(c0, max(c0, c1))


def cells_in(grid: Grid, geom: shapely.Geometry) -> tuple[slice, slice, npt.NDArray[np.bool_]]:
    """(row slice, col slice, mask) of the cells whose centres lie inside ``geom``.

    Uses shapely's vectorised ``contains_xy`` on the cell centres of the geometry's bounding box
    only, so the cost scales with the geometry's area, not with the grid.
    """
    if not shapely.is_valid(geom):
        raise BadRequestData(f"polygon is not valid: {shapely.is_valid_reason(geom)}")
    rows, cols = grid.window(geom)
    if rows.start >= rows.stop or cols.start >= cols.stop:
        return rows, cols, np.zeros((0, 0), dtype=bool)
    xx, yy = np.meshgrid(grid.x_centres()[cols], grid.y_centres()[rows])
    shapely.prepare(geom)
    return rows, cols, np.asarray(shapely.contains_xy(geom, xx, yy), dtype=bool)


def rasterise_polygons(grid: Grid, polygons: Sequence[shapely.Geometry]) -> npt.NDArray[np.int32]:
    """Label raster: the index of the polygon whose interior holds each cell centre, -1 elsewhere.

    Later polygons win where footprints overlap.
    """
    labels = np.full(grid.shape, -1, dtype=np.int32)
    for index, poly in enumerate(polygons):
        if poly is None or shapely.is_empty(poly):
            continue
        rows, cols, inside = cells_in(grid, poly)
        if inside.size:
            labels[rows, cols][inside] = index
    return labels


def building_mask(grid: Grid, polygons: Sequence[shapely.Geometry]) -> npt.NDArray[np.bool_]:
    """Boolean raster of the cells whose centres lie inside any of the building footprints."""
    return rasterise_polygons(grid, polygons) >= 0


@njit(cache=True)
def _label_4(mask: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.int32], int]:
    # Iterative flood fill with an explicit stack: recursion would overflow on city-block footprints.
    ny, nx = mask.shape
    labels = np.full((ny, nx), -1, dtype=np.int32)
    stack = np.empty(ny * nx, dtype=np.int64)
    count = 0
    for r0 in range(ny):
        for c0 in range(nx):
            if not mask[r0, c0] or labels[r0, c0] >= 0:
                continue
            labels[r0, c0] = count
            top = 0
            stack[top] = r0 * nx + c0
            top += 1
            while top > 0:
                top -= 1
                cell = stack[top]
                r = cell // nx
                c = cell - r * nx
                for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                    rr = r + dr
                    cc = c + dc
                    if 0 <= rr < ny and 0 <= cc < nx and mask[rr, cc] and labels[rr, cc] < 0:
                        labels[rr, cc] = count
                        stack[top] = rr * nx + cc
                        top += 1
            count += 1
    return labels, count


def label_components(mask: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.int32], int]:
    """4-connected components of a boolean raster: (labels with -1 outside, number of components)."""
    labels, count = _label_4(np.ascontiguousarray(mask, dtype=np.bool_))
    return labels, int(count)


@dataclass(frozen=True, eq=False)
class RoofRouting:
    """Where the rain falling on each block of building cells goes: the ground cells around it.

    A block is a 4-connected component of building cells (touching buildings drain together);
    its receivers are the non-building cells sharing an edge with it. Each receiver gets an equal
    share of the block's rain volume, so routed volume equals fallen volume to round-off.
    """

    block_of_cell: npt.NDArray[np.int32]  # per grid cell: block id, -1 for ground cells
    n_blocks: int
    receivers: npt.NDArray[np.int64]  # flat cell indices, one entry per (block, receiver) pair
    receiver_block: npt.NDArray[np.int64]
    receivers_per_block: npt.NDArray[np.int64]

    @classmethod
    def build(cls, buildings: npt.NDArray[np.bool_]) -> RoofRouting:
        """Find the blocks of building cells and the ground cells around each."""
        labels, count = label_components(buildings)
        ny, nx = buildings.shape
        ground = ~buildings
        pairs: list[npt.NDArray[np.int64]] = []
        flat = np.arange(ny * nx, dtype=np.int64).reshape(ny, nx)
        # A ground cell next to a block in direction d: shift the label raster by one cell.
        shifts = (
            (labels[:-1, :], ground[1:, :], flat[1:, :]),
            (labels[1:, :], ground[:-1, :], flat[:-1, :]),
            (labels[:, :-1], ground[:, 1:], flat[:, 1:]),
            (labels[:, 1:], ground[:, :-1], flat[:, :-1]),
        )
        for lab, gr, idx in shifts:
            sel = (lab >= 0) & gr
            pairs.append(np.stack([lab[sel].astype(np.int64), idx[sel]], axis=1))
        both = np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
        # A ground cell touching the same block on two sides is one receiver, not two.
        both = np.unique(both, axis=0)
        per_block = np.bincount(both[:, 0], minlength=count).astype(np.int64)
        return cls(labels, count, both[:, 1].copy(), both[:, 0].copy(), per_block)

    def route(self, rate: npt.NDArray[np.floating]) -> tuple[npt.NDArray[np.float64], float]:
        """Move the rain on building cells to their receivers; returns (new field, unrouted sum).

        The unrouted sum is the rain of blocks without any receiver (a footprint covering the whole
        grid), reported separately in the mass balance rather than silently dropped.
        """
        out = np.array(rate, dtype=np.float64, copy=True)
        flat = out.reshape(-1)
        block_flat = self.block_of_cell.reshape(-1)
        on_roof = block_flat >= 0
        totals = np.bincount(block_flat[on_roof], weights=flat[on_roof], minlength=self.n_blocks)
        flat[on_roof] = 0.0
        share = np.zeros(self.n_blocks, dtype=np.float64)
        has = self.receivers_per_block > 0
        share[has] = totals[has] / self.receivers_per_block[has]
        np.add.at(flat, self.receivers, share[self.receiver_block])
        return out, float(totals[~has].sum())
