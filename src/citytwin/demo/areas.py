"""Which street (街道) or community (社区) of the demo partitions holds a point: one STRtree per level.

The trees are built once per process over the same synthetic polygons the backbone loads
(:mod:`citytwin.demo.partitions`), so a code found here is the code the importer's spatial registration
would give. Points just outside every polygon (the coast, a GPS fix over the border) take the nearest area
within ``max_distance_m``; farther ones get no code.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import shapely

from citytwin.demo.generate_scale import M_PER_DEG_LAT
from citytwin.demo.partitions import community_partitions, street_partitions

NEAR_M = 500.0
"""How far outside every area a point may lie and still take the nearest one."""


class AreaLocator:
    """Point → admin code over one level of polygons (vectorised, most points in one STRtree query)."""

    def __init__(self, polygons: dict[str, shapely.Geometry]) -> None:
        self.codes = sorted(polygons)
        geoms = np.asarray([polygons[c] for c in self.codes], dtype=object)
        shapely.prepare(geoms)
        self.tree = shapely.STRtree(geoms)
        self.sizes = shapely.area(geoms)

    def locate(
        self, lngs: npt.ArrayLike, lats: npt.ArrayLike, *, max_distance_m: float = NEAR_M
    ) -> list[str | None]:
        """The code of the area holding each WGS84 point, the nearest within reach, else None."""
        x = np.asarray(lngs, dtype=np.float64)
        y = np.asarray(lats, dtype=np.float64)
        out: list[str | None] = [None] * len(x)
        ok = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
        if ok.size == 0:
            return out
        points = shapely.points(x[ok], y[ok])
        inputs, hits = self.tree.query(points, predicate="intersects")
        # A point on a shared border: the smaller area wins, as in the importer's registration.
        order = np.lexsort((self.sizes[hits], inputs))
        inputs, hits = inputs[order], hits[order]
        first = np.unique(inputs, return_index=True)[1]
        found = np.zeros(ok.size, dtype=bool)
        for i, h in zip(inputs[first].tolist(), hits[first].tolist(), strict=True):
            out[int(ok[i])] = self.codes[h]
            found[i] = True
        missing = np.flatnonzero(~found)
        if missing.size and max_distance_m > 0:
            near_in, near_hit = self.tree.query_nearest(
                points[missing], max_distance=max_distance_m / M_PER_DEG_LAT, all_matches=False
            )
            for i, h in zip(near_in.tolist(), near_hit.tolist(), strict=True):
                out[int(ok[missing[i]])] = self.codes[h]
        return out


@cache
def streets() -> AreaLocator:
    """The locator over the 79 street-level units (9-digit codes)."""
    return AreaLocator(dict(street_partitions()))


@cache
def communities() -> AreaLocator:
    """The locator over the 788 communities (12-digit codes)."""
    return AreaLocator(dict(community_partitions()))
