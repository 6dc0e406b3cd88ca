"""WGS84 → ECEF and local ENU frames, checked against PROJ (EPSG:4979 → EPSG:4978)."""

from __future__ import annotations

import numpy as np
from pyproj import Transformer

from citytwin.tiles.geodesy import EnuFrame, ecef, region


def test_ecef_matches_proj() -> None:
    rng = np.random.default_rng(7)
    lng = rng.uniform(113.7, 114.7, 500)
    lat = rng.uniform(22.4, 22.9, 500)
    h = rng.uniform(-50, 600, 500)
    x, y, z = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True).transform(lng, lat, h)
    got = ecef(lng, lat, h)
    assert np.abs(got - np.stack([x, y, z], axis=1)).max() < 1e-6


def test_enu_axes_point_east_north_up() -> None:
    frame = EnuFrame(114.06, 22.54)
    assert np.allclose(frame.to_local(114.06, 22.54, 0.0), 0.0, atol=1e-6)
    assert np.allclose(frame.to_local(114.06, 22.54, 100.0), [[0, 0, 100]], atol=1e-6)
    north = frame.to_local(114.06, 22.54 + 0.01, 0.0)[0]
    east = frame.to_local(114.06 + 0.01, 22.54, 0.0)[0]
    assert north[1] > 1100 and abs(north[0]) < 1e-6
    assert east[0] > 1000 and abs(east[1]) < 1.0
    # The Earth curves away: 25 km north, the ground is ~49 m below the frame's horizontal plane.
    far = frame.to_local(114.06, 22.54 + 25_000 / 110_750, 0.0)[0]
    assert -52 < far[2] < -46


def test_transform_maps_local_back_to_ecef() -> None:
    frame = EnuFrame(113.93, 22.52)
    local = frame.to_local([113.94, 113.92], [22.53, 22.51], [30.0, 5.0])
    m = np.array(frame.transform()).reshape(4, 4).T  # column-major, as 3D Tiles stores it
    back = (m @ np.c_[local, np.ones(2)].T).T[:, :3]
    assert np.abs(back - ecef([113.94, 113.92], [22.53, 22.51], [30.0, 5.0])).max() < 1e-6


def test_region_is_in_radians() -> None:
    r = region(114.0, 22.5, 114.1, 22.6, 0.0, 80.0)["region"]
    assert np.allclose(r[:4], np.radians([114.0, 22.5, 114.1, 22.6]))
    assert r[4:] == [0.0, 80.0]
