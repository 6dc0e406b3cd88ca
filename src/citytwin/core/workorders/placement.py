"""Placing events: the community (and so street and district) that contains a location, and its grid cell.

:class:`Placer` indexes community polygons in a shapely STRtree once; :meth:`Placer.place_many` places a
batch of points with one vectorised tree query and one vectorised BeiDou encoding, which is what lets
assignment by location keep up with bursts of events. A point on no community (at sea, outside the city)
falls back to the nearest community within ``max_snap_m`` metres (GPS noise on the coast), else None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from citytwin.core.codes.beidou_vector import encode_many

GRID_LEVEL = 7
"""BeiDou level of an event's grid code: cells of about 30 m (a grid worker's block)."""
_DEG_PER_M = 1 / 111_320.0


class Placer:
    """Point-in-community lookup over a fixed set of community polygons (WGS84)."""

    def __init__(self, communities: Iterable[tuple[str, BaseGeometry]], *, max_snap_m: float = 500.0) -> None:
        items = [(code, geom) for code, geom in communities if geom is not None and not geom.is_empty]
        self.codes = np.array([code for code, _ in items], dtype=object)
        self.geoms = np.array([geom for _, geom in items], dtype=object)
        for geom in self.geoms:
            shapely.prepare(geom)
        self.tree = shapely.STRtree(self.geoms)
        self.max_snap_deg = max_snap_m * _DEG_PER_M

    def __len__(self) -> int:
        return len(self.codes)

    def place(self, lng: float, lat: float) -> str | None:
        """The community code containing (lng, lat), or the nearest one within the snap distance."""
        return self.place_many([lng], [lat])[0]

    def place_many(self, lngs: Sequence[float], lats: Sequence[float]) -> list[str | None]:
        """Community codes for many points (None where nothing is close enough)."""
        points = shapely.points(np.asarray(lngs, dtype=float), np.asarray(lats, dtype=float))
        found: list[str | None] = [None] * len(points)
        if len(self.codes) == 0 or len(points) == 0:
            return found
        inputs, hits = self.tree.query(points, predicate="intersects")
        for i, j in zip(inputs.tolist(), hits.tolist(), strict=True):
            if found[i] is None:  # a point on a shared boundary takes the first community
                found[i] = self.codes[j]
        missing = [i for i, code in enumerate(found) if code is None]
        if missing and self.max_snap_deg > 0:
            near_in, near_hit = self.tree.query_nearest(
                points[missing], max_distance=self.max_snap_deg, return_distance=False
            )
            for k, j in zip(near_in.tolist(), near_hit.tolist(), strict=True):
                i = missing[k]
                if found[i] is None:
                    found[i] = self.codes[j]
        return found

    @staticmethod
    def grid_codes(lngs: Sequence[float], lats: Sequence[float]) -> list[str]:
        """BeiDou grid codes (level :data:`GRID_LEVEL`) of the points."""
        return [
            str(c)
            for c in encode_many(np.asarray(lngs, dtype=float), np.asarray(lats, dtype=float), GRID_LEVEL)
        ]
