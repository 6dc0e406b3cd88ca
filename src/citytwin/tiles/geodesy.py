"""WGS84 geodesy for 3D Tiles: geodetic → ECEF, local east-north-up frames and their 4×4 transforms.

3D Tiles place content in Earth-centred, Earth-fixed (ECEF) metres. Each tile's vertices are written in a
local east-north-up frame at the tile's centre (small float32 numbers) and the tile carries the ENU→ECEF
matrix as its ``transform``; vertices are converted through ECEF exactly, so the Earth's curvature over a
city (≈ 50 m of drop at 25 km) is honoured.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)

Arr = npt.NDArray[np.float64]


def ecef(lng_deg: npt.ArrayLike, lat_deg: npt.ArrayLike, h: npt.ArrayLike) -> Arr:
    """ECEF coordinates (n, 3) of geodetic points (degrees, ellipsoidal height in metres)."""
    lam = np.radians(np.asarray(lng_deg, dtype=np.float64))
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    hh = np.asarray(h, dtype=np.float64)
    sphi, cphi = np.sin(phi), np.cos(phi)
    n = A / np.sqrt(1 - E2 * sphi * sphi)
    out = np.empty((*np.broadcast(lam, phi, hh).shape, 3))
    out[..., 0] = (n + hh) * cphi * np.cos(lam)
    out[..., 1] = (n + hh) * cphi * np.sin(lam)
    out[..., 2] = (n * (1 - E2) + hh) * sphi
    return out


def enu_rotation(lng_deg: float, lat_deg: float) -> Arr:
    """3×3 matrix whose rows are the east, north and up unit vectors (ECEF) at a point."""
    lam, phi = np.radians(lng_deg), np.radians(lat_deg)
    sl, cl, sp, cp = np.sin(lam), np.cos(lam), np.sin(phi), np.cos(phi)
    return np.array([[-sl, cl, 0.0], [-sp * cl, -sp * sl, cp], [cp * cl, cp * sl, sp]])


class EnuFrame:
    """A local east-north-up frame at a geodetic origin (height 0)."""

    def __init__(self, lng_deg: float, lat_deg: float) -> None:
        self.lng = float(lng_deg)
        self.lat = float(lat_deg)
        self.origin = ecef(self.lng, self.lat, 0.0)
        self.rotation = enu_rotation(self.lng, self.lat)

    def to_local(self, lng: npt.ArrayLike, lat: npt.ArrayLike, h: npt.ArrayLike) -> Arr:
        """(n, 3) east, north, up metres of geodetic points relative to the origin."""
        xyz = ecef(np.atleast_1d(lng), np.atleast_1d(lat), np.atleast_1d(h)) - self.origin
        return np.asarray(xyz.reshape(-1, 3) @ self.rotation.T)

    def up_vectors(self, lng: npt.ArrayLike, lat: npt.ArrayLike) -> Arr:
        """(n, 3) local coordinates of the ellipsoid normal at each point (the roof normal)."""
        lam = np.radians(np.atleast_1d(np.asarray(lng, dtype=np.float64)))
        phi = np.radians(np.atleast_1d(np.asarray(lat, dtype=np.float64)))
        up = np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)
        return np.asarray(up @ self.rotation.T)

    def matrix(self) -> Arr:
        """The 4×4 ENU→ECEF matrix (row-major numpy)."""
        m = np.eye(4)
        m[:3, :3] = self.rotation.T  # columns: east, north, up
        m[:3, 3] = self.origin
        return m

    def transform(self) -> list[float]:
        """The ENU→ECEF matrix in column-major order, as a 3D Tiles ``transform``."""
        return [float(v) for v in self.matrix().T.reshape(-1)]


def region(*bounds: float) -> dict[str, Any]:
    """A 3D Tiles ``region`` from (west, south, east, north) degrees and (min, max) heights in metres."""
    lng_min, lat_min, lng_max, lat_max, h_min, h_max = bounds
    return {
        "region": [
            float(np.radians(lng_min)),
            float(np.radians(lat_min)),
            float(np.radians(lng_max)),
            float(np.radians(lat_max)),
            float(h_min),
            float(h_max),
        ]
    }
