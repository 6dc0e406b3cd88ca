"""Static set-up of a run: padded rasters, face masks, boundary segments, sources and gauges.

Everything here is computed once from ``FloodInputs`` in global padded coordinates (the grid plus a
one-cell ring of halo cells); engines cut their tiles out of these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from citytwin.errors import BadRequestData
from citytwin.scenarios.flood.grid import Grid, LandUse, RoofRouting, manning_table
from citytwin.scenarios.flood.infiltration import MODEL_NONE
from citytwin.scenarios.flood.inputs import Boundary, Edge, FloodInputs, Series
from citytwin.scenarios.flood.rain import MM_H_TO_M_S

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class BoundarySegment:
    """The halo cells (padded coordinates) of one open boundary and their interior neighbours."""

    spec: Boundary
    edge: Edge
    rows: IntArray
    cols: IntArray
    in_rows: IntArray
    in_cols: IntArray
    z_halo: FloatArray  # bed of the halo cells, relative to the domain's reference elevation

    def depths(self, t: float, z_ref: float, index: IntArray, h_inside: FloatArray) -> FloatArray:
        """Depth to hold at time t in the halo cells ``index`` (``h_inside``: their inner neighbours)."""
        spec = self.spec
        if spec.kind == "depth" and spec.series is not None:
            return np.full(index.shape, max(spec.series.at(t), 0.0))
        if spec.kind == "level" and spec.series is not None:
            return np.maximum(spec.series.at(t) - z_ref - self.z_halo[index], 0.0)
        return np.maximum(h_inside, 0.0)


@dataclass(frozen=True, eq=False)
class SourceCells:
    """A hydrograph (m³/s) shared evenly by a few cells (padded coordinates)."""

    name: str
    rows: IntArray
    cols: IntArray
    hydrograph: Series


def _edge_cells(grid: Grid, edge: Edge, start: float | None, end: float | None) -> tuple[IntArray, ...]:
    """(halo rows, halo cols, interior rows, interior cols) of an edge segment, padded coordinates."""
    if edge in ("west", "east"):
        idx = np.arange(1, grid.ny + 1)
        coord = grid.y0 - (idx - 0.5) * grid.dx
        halo_col = 0 if edge == "west" else grid.nx + 1
        in_col = 1 if edge == "west" else grid.nx
    else:
        idx = np.arange(1, grid.nx + 1)
        coord = grid.x0 + (idx - 0.5) * grid.dx
        halo_row = 0 if edge == "north" else grid.ny + 1
        in_row = 1 if edge == "north" else grid.ny
    lo = -np.inf if start is None else start
    hi = np.inf if end is None else end
    lo, hi = min(lo, hi), max(lo, hi)
    idx = idx[(coord >= lo) & (coord <= hi)]
    if idx.size == 0:
        raise BadRequestData(f"the {edge} edge segment [{start}, {end}] holds no cell centre")
    if edge in ("west", "east"):
        return idx, np.full_like(idx, halo_col), idx, np.full_like(idx, in_col)
    return np.full_like(idx, halo_row), idx, np.full_like(idx, in_row), idx


@dataclass(frozen=True, eq=False)
class Domain:
    """Static padded rasters and lookup tables of one run."""

    grid: Grid
    dtype: np.dtype[np.floating]
    z_ref: float
    z: FloatArray  # padded bed, relative to z_ref
    cls: npt.NDArray[np.uint8]  # padded land-use codes
    active: npt.NDArray[np.bool_]  # padded: cells that hold and pass water
    ox: npt.NDArray[np.uint8]  # (ny+2, nx+3): x-face open
    oy: npt.NDArray[np.uint8]  # (ny+3, nx+2): y-face open
    h0: FloatArray  # padded initial depth
    manning: FloatArray
    imodel: int
    itab: FloatArray
    drain: FloatArray | None  # padded capacity in m/s
    obstacles: npt.NDArray[np.bool_]  # unpadded, cells removed from the flow (mask mode)
    routing: RoofRouting | None
    segments: tuple[BoundarySegment, ...]
    sources: tuple[SourceCells, ...]
    gauge_rows: IntArray  # padded
    gauge_cols: IntArray
    inputs: FloodInputs

    @classmethod
    def build(cls, inputs: FloodInputs) -> Domain:
        """Rasters, masks and tables for ``inputs``."""
        grid = inputs.grid
        ny, nx = grid.shape
        dtype = np.dtype(inputs.options.dtype)
        buildings = inputs.buildings if inputs.buildings is not None else np.zeros(grid.shape, bool)
        dem = np.array(inputs.dem, dtype=np.float64)
        if inputs.building_mode == "raised":
            dem[buildings] += inputs.building_height
            obstacles = np.zeros(grid.shape, dtype=bool)
        else:
            obstacles = buildings.copy()
        # Elevations relative to the lowest cell keep float32 depths precise on high terrain.
        z_ref = float(dem.min())
        landuse = (
            np.array(inputs.landuse, dtype=np.uint8)
            if inputs.landuse is not None
            else np.full(grid.shape, LandUse.ROAD, dtype=np.uint8)
        )
        landuse[buildings] = LandUse.ROOF

        z = np.zeros((ny + 2, nx + 2), dtype=np.float64)
        z[1:-1, 1:-1] = dem - z_ref
        clsp = np.zeros((ny + 2, nx + 2), dtype=np.uint8)
        clsp[1:-1, 1:-1] = landuse
        # Halo cells take their interior neighbour's class so boundary faces use its roughness.
        clsp[0, 1:-1], clsp[-1, 1:-1] = landuse[0], landuse[-1]
        clsp[1:-1, 0], clsp[1:-1, -1] = landuse[:, 0], landuse[:, -1]
        active = np.zeros((ny + 2, nx + 2), dtype=bool)
        active[1:-1, 1:-1] = ~obstacles

        segments = []
        for spec in inputs.boundaries:
            rows, cols, in_rows, in_cols = _edge_cells(grid, spec.edge, spec.start, spec.end)
            if active[rows, cols].any():
                raise BadRequestData(f"boundary segments on the {spec.edge} edge overlap")
            z_in = z[in_rows, in_cols]
            drop = spec.slope * grid.dx if spec.kind == "free" else 0.0
            z[rows, cols] = z_in - drop
            active[rows, cols] = True
            segments.append(BoundarySegment(spec, spec.edge, rows, cols, in_rows, in_cols, z_in - drop))

        ox = np.zeros((ny + 2, nx + 3), dtype=np.uint8)
        ox[1:-1, 1:-1] = active[1:-1, :-1] & active[1:-1, 1:]
        oy = np.zeros((ny + 3, nx + 2), dtype=np.uint8)
        oy[1:-1, 1:-1] = active[:-1, 1:-1] & active[1:, 1:-1]

        h0 = np.zeros((ny + 2, nx + 2), dtype=np.float64)
        if inputs.initial_depth is not None:
            if np.any(inputs.initial_depth[obstacles] > 0):
                raise BadRequestData("initial depth must be zero inside building footprints (mask mode)")
            h0[1:-1, 1:-1] = inputs.initial_depth

        imodel, itab = (MODEL_NONE, np.zeros((len(LandUse), 3)))
        if inputs.infiltration is not None:
            imodel, itab = inputs.infiltration.table()
        drain = None
        if inputs.drainage is not None:
            cap = inputs.drainage.field_mm_h(grid.shape) * MM_H_TO_M_S
            cap[obstacles] = 0.0
            if np.any(cap > 0):
                drain = np.zeros((ny + 2, nx + 2), dtype=np.float64)
                drain[1:-1, 1:-1] = cap

        routing = None
        if inputs.roof_routing and bool(buildings.any()):
            routing = RoofRouting.build(buildings)

        sources = []
        for inflow in inputs.inflows:
            r, c = grid.cell_of(inflow.x, inflow.y)
            if obstacles[r, c]:
                raise BadRequestData(f"inflow {inflow.name!r} falls inside a building footprint")
            sources.append(SourceCells(inflow.name, np.array([r + 1]), np.array([c + 1]), inflow.hydrograph))
        for k, edge_in in enumerate(inputs.edge_inflows):
            _, _, rows, cols = _edge_cells(grid, edge_in.edge, edge_in.start, edge_in.end)
            keep = active[rows, cols]
            if not keep.any():
                raise BadRequestData(f"edge inflow {k} on the {edge_in.edge} edge has only building cells")
            sources.append(SourceCells(f"{edge_in.edge}-{k}", rows[keep], cols[keep], edge_in.hydrograph))
        for src in sources:
            if min(src.hydrograph.values) < 0:
                raise BadRequestData(f"inflow {src.name!r} has negative discharge; use drainage for sinks")

        g_rows, g_cols = [], []
        for gauge in inputs.gauges:
            r, c = grid.cell_of(gauge.x, gauge.y)
            g_rows.append(r + 1)
            g_cols.append(c + 1)

        return cls(
            grid=grid,
            dtype=dtype,
            z_ref=z_ref,
            z=z,
            cls=clsp,
            active=active,
            ox=ox,
            oy=oy,
            h0=h0,
            manning=manning_table(inputs.manning),
            imodel=imodel,
            itab=itab,
            drain=drain,
            obstacles=obstacles,
            routing=routing,
            segments=tuple(segments),
            sources=tuple(sources),
            gauge_rows=np.array(g_rows, dtype=np.int64),
            gauge_cols=np.array(g_cols, dtype=np.int64),
            inputs=inputs,
        )

    def rain_field(self, t: float) -> tuple[FloatArray | None, float]:
        """(padded rain rate in m/s or None when dry, rate lost on roofs without receivers in m³/s)."""
        rainfall = self.inputs.rainfall
        if rainfall is None:
            return None, 0.0
        rate = rainfall.field_mm_h(self.grid, t) * MM_H_TO_M_S
        lost = 0.0
        if self.routing is not None:
            rate, lost_sum = self.routing.route(rate)
            lost = lost_sum * self.grid.cell_area
        elif self.obstacles.any():
            # Footprints cut out of the flow without roof routing: their rain leaves through the
            # downpipes to the sewer, booked as roof runoff not routed.
            lost = float(rate[self.obstacles].sum()) * self.grid.cell_area
            rate[self.obstacles] = 0.0
        if not np.any(rate > 0):
            return None, lost
        out = np.zeros(self.z.shape, dtype=np.float64)
        out[1:-1, 1:-1] = rate
        return out, lost
