"""CRS helpers: pyproj routing, GCJ-02 / BD-09 formulas and their inverses, on real Shenzhen points."""

from __future__ import annotations

import doctest
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon

from citytwin.core import crs
from citytwin.core.crs import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    convert,
    from_metric,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    outside_china,
    parse_crs,
    to_metric,
    transform_geometry,
    transformer,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from citytwin.errors import BadRequestData, InvalidCoordinates, UnknownCRS

# 50 named places from sz_poi_weibo_checkins_34856.csv (MIT, (c) 2020 ni1o1, shenzhenbuscorr), every
# ~700th row, as published (GCJ-02). Hard-coded: tests must not read the shared data folder.
POIS = [
    (113.8797662, 22.46854172),  # 凯丰码头公交站
    (113.9064167, 22.51341649),  # 深圳
    (113.9237638, 22.51540234),  # 庭院法式餐厅 Patio Resto
    (113.9282399, 22.52941584),  # 深圳软件产业基地
    (113.9207343, 22.53319508),  # 标走酒吧
    (113.9344735, 22.54174573),  # 深圳大学建筑与城市规划学院
    (114.0450228, 22.52531668),  # 皇爵酒楼
    (114.0522429, 22.53083249),  # 深圳市英尼克电器有限公司
    (114.0597548, 22.53558005),  # Starbuck
    (114.0769468, 22.53575094),  # 深圳福田区
    (113.8679904, 22.56085845),  # 高发西岸花园
    (113.8742505, 22.57824306),  # 大快乐面包西乡分店
    (113.8921545, 22.57074416),  # 建安花园
    (113.9028422, 22.56342477),  # 香江城家私
    (113.9182943, 22.54389678),  # 一壶天椰子鸡
    (113.9404654, 22.55365423),  # 科苑立交南公交站
    (113.9710597, 22.53993206),  # 全明星滑冰俱乐部（益田假日广场店）
    (113.9955388, 22.55032876),  # 鸿新花园
    (113.9368353, 22.62745166),  # 深圳市南山区白芒小学
    (113.9209073, 22.63945209),  # 金葵花便利店
    (114.0626912, 22.55425463),  # 中航健身会(星河丹堤会所)
    (114.0784261, 22.54669927),  # 优力锋自助式KTV
    (114.083707, 22.54484662),  # 香港Chip1ExchangeAsiaLimited深圳代办处
    (114.0937622, 22.54178482),  # 王子厨房
    (114.0996072, 22.54713546),  # 酷党量贩KTV 红岭店
    (114.1038823, 22.54252729),  # 品村会所·料理·西餐
    (114.1078256, 22.56730744),  # 金汤海底捞肥牛火锅
    (114.112384, 22.54210291),  # 潮旺
    (114.1158385, 22.56002433),  # 深圳市龙岗区坪山京基御景印象
    (114.1189535, 22.56912659),  # 马古岭小区
    (114.1203554, 22.57913698),  # Evolution Coffee
    (114.1044886, 22.6091205),  # 万昌百货
    (114.1318693, 22.57485202),  # 中国银行东乐支行
    (114.0864422, 22.63228478),  # 龙景收费站
    (114.1434846, 22.6103155),  # 樟树布新塘东小区
    (114.2282757, 22.55365304),  # 诗宁大厦公交站
    (114.3005742, 22.60278973),  # 大梅沙休闲会所
    (114.5541082, 22.54440797),  # 杨梅坑度假村
    (113.8057766, 22.69925911),  # 体育馆(桥头羽毛球馆北)
    (113.8903044, 22.70167999),  # 玉律农庄 望家欢蔬菜基地
    (113.9313174, 22.68532872),  # 官田花园
    (113.9554314, 22.71214408),  # 深圳永德福电子工业有限公司生活区
    (113.9400449, 22.73013216),  # 深圳市晋荣建材有限公司
    (114.0714907, 22.645032),  # 怡情咖啡店
    (114.0639294, 22.72145234),  # 中航格澜郡一期
    (114.1868569, 22.64896811),  # 新雅苑
    (114.2251124, 22.69491744),  # 亚马逊巴西烤肉店(星河时代店)
    (114.2382059, 22.72310638),  # 润和鼎炖品店
    (114.2719523, 22.73179144),  # 维也纳酒店（深圳双龙地铁站店）
    (113.7852651, 22.74923237),  # 深圳发展银行ATM取款机
]
# District centroids from sz_districts_10_transbigdata.geojson (BSD-3-Clause, (c) 2021 Qing Yu), GCJ-02.
DISTRICT_CENTROIDS = {
    "罗湖": (114.14315709597267, 22.57760501887363),
    "福田": (114.04153456314172, 22.546179790257238),
    "盐田": (114.27020609974376, 22.596432145224526),
    "宝安": (113.85138714604174, 22.679120046693892),
    "光明": (113.92628974379988, 22.76615693637706),
    "坪山": (114.35693645970632, 22.691020081280136),
    "龙华": (114.02968730542743, 22.686909519422066),
    "南山": (113.93071445034239, 22.544103140666856),
    "大鹏": (114.50220451761903, 22.57133688833955),
    "龙岗": (114.20678954118611, 22.695694468363087),
}
POINTS = POIS + list(DISTRICT_CENTROIDS.values())
LNG = np.array([p[0] for p in POINTS])
LAT = np.array([p[1] for p in POINTS])
GEOD = Geod(ellps="WGS84")
ROUND_TRIP_LIMIT_M = 0.5


def metres(
    lng1: npt.ArrayLike, lat1: npt.ArrayLike, lng2: npt.ArrayLike, lat2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Geodesic distances on WGS84."""
    _, _, dist = GEOD.inv(lng1, lat1, lng2, lat2)
    return np.asarray(dist, dtype=np.float64)


def test_the_fixture_points_lie_in_shenzhen() -> None:
    assert len(POIS) == 50 and len(DISTRICT_CENTROIDS) == 10
    assert LNG.min() > 113.7 and LNG.max() < 114.65
    assert LAT.min() > 22.39 and LAT.max() < 22.87


# --- GCJ-02 -------------------------------------------------------------------------------------------------


def test_gcj02_offset_in_shenzhen_is_a_few_hundred_metres() -> None:
    glng, glat = wgs84_to_gcj02(LNG, LAT)
    offset = metres(LNG, LAT, glng, glat)
    assert offset.min() > 200.0 and offset.max() < 800.0, (offset.min(), offset.max())
    # In Shenzhen GCJ-02 moves points east and south.
    assert np.all(glng > LNG) and np.all(glat < LAT)


def test_wgs84_gcj02_round_trips_are_under_half_a_metre() -> None:
    glng, glat = wgs84_to_gcj02(LNG, LAT)
    back_lng, back_lat = gcj02_to_wgs84(glng, glat)
    assert metres(LNG, LAT, back_lng, back_lat).max() < ROUND_TRIP_LIMIT_M
    # The other way round: treat the published (GCJ-02) coordinates as the start.
    wlng, wlat = gcj02_to_wgs84(LNG, LAT)
    again_lng, again_lat = wgs84_to_gcj02(wlng, wlat)
    assert metres(LNG, LAT, again_lng, again_lat).max() < ROUND_TRIP_LIMIT_M


def test_iterative_inverse_beats_the_one_step_approximation() -> None:
    glng, glat = wgs84_to_gcj02(LNG, LAT)
    exact_lng, exact_lat = gcj02_to_wgs84(glng, glat)
    # The widely used approximation subtracts the offset computed at the GCJ-02 point: metres off.
    approx_lng = glng - (wgs84_to_gcj02(glng, glat)[0] - glng)
    approx_lat = glat - (wgs84_to_gcj02(glng, glat)[1] - glat)
    assert metres(LNG, LAT, exact_lng, exact_lat).max() < 1e-3
    assert metres(LNG, LAT, approx_lng, approx_lat).max() > 1e-2


# Published by the eviltransform project's test suite (wgsLng, wgsLat, gcjLng, gcjLat) and reproduced by the
# public formulas to the last digit; the Shenzhen pair is in 南山.
EVILTRANSFORM_PAIRS = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # Beijing
]


@pytest.mark.parametrize(("wlng", "wlat", "glng", "glat"), EVILTRANSFORM_PAIRS)
def test_published_wgs84_gcj02_pairs(wlng: float, wlat: float, glng: float, glat: float) -> None:
    lng, lat = wgs84_to_gcj02(wlng, wlat)
    assert float(lng) == pytest.approx(glng, abs=1e-9)
    assert float(lat) == pytest.approx(glat, abs=1e-9)
    back = gcj02_to_wgs84(glng, glat)
    assert metres(wlng, wlat, *back) < 0.01


@pytest.mark.parametrize(
    ("lng", "lat"),
    [(2.35, 48.85), (-104.9903, 39.7392), (153.0251, -27.4698), (-43.1729, -22.9068), (139.69, 35.69)],
)
def test_points_outside_china_are_not_offset(lng: float, lat: float) -> None:
    assert outside_china(lng, lat)
    assert tuple(map(float, wgs84_to_gcj02(lng, lat))) == (lng, lat)
    assert tuple(map(float, gcj02_to_wgs84(lng, lat))) == (lng, lat)
    assert not outside_china(114.05, 22.54)


# --- BD-09 --------------------------------------------------------------------------------------------------


def test_published_gcj02_bd09_pair() -> None:
    # wandergis/coordtransform's documented example (also in hutool's CoordinateUtilTest).
    lng, lat = gcj02_to_bd09(116.404, 39.915)
    assert float(lng) == pytest.approx(116.41036949371029, abs=1e-9)
    assert float(lat) == pytest.approx(39.92133699351021, abs=1e-9)
    # Their inverse is the one-step approximation; ours iterates, so they agree to a few centimetres.
    glng, glat = bd09_to_gcj02(116.404, 39.915)
    assert metres(glng, glat, 116.39762729119315, 39.90865673957631) < 0.1


def test_bd09_round_trips_are_under_half_a_metre() -> None:
    blng, blat = wgs84_to_bd09(LNG, LAT)
    back = bd09_to_wgs84(blng, blat)
    assert metres(LNG, LAT, *back).max() < ROUND_TRIP_LIMIT_M
    blng, blat = gcj02_to_bd09(LNG, LAT)
    back = bd09_to_gcj02(blng, blat)
    assert metres(LNG, LAT, *back).max() < ROUND_TRIP_LIMIT_M
    glng, glat = bd09_to_gcj02(LNG, LAT)
    again = gcj02_to_bd09(glng, glat)
    assert metres(LNG, LAT, *again).max() < ROUND_TRIP_LIMIT_M


def test_bd09_is_a_further_offset_of_gcj02() -> None:
    glng, glat = wgs84_to_gcj02(LNG, LAT)
    blng, blat = wgs84_to_bd09(LNG, LAT)
    np.testing.assert_allclose(gcj02_to_bd09(glng, glat), (blng, blat), rtol=0, atol=1e-12)
    offset = metres(glng, glat, blng, blat)
    assert offset.min() > 500.0 and offset.max() < 1200.0


# --- vectorisation and validation ---------------------------------------------------------------------------


def test_functions_are_vectorised_and_keep_shapes() -> None:
    grid_lng = LNG[:50].reshape(5, 10)
    grid_lat = LAT[:50].reshape(5, 10)
    for func in (wgs84_to_gcj02, gcj02_to_wgs84, gcj02_to_bd09, bd09_to_gcj02, wgs84_to_bd09, bd09_to_wgs84):
        out_lng, out_lat = func(grid_lng, grid_lat)
        assert out_lng.shape == out_lat.shape == (5, 10)
        one_by_one = [func(x, y) for x, y in zip(grid_lng.ravel(), grid_lat.ravel(), strict=True)]
        np.testing.assert_allclose(out_lng.ravel(), [float(p[0]) for p in one_by_one], rtol=0, atol=1e-9)
        scalar = func(114.05, 22.54)
        assert scalar[0].shape == () and isinstance(float(scalar[0]), float)
    empty = wgs84_to_gcj02([], [])
    assert empty[0].shape == (0,)
    assert gcj02_to_wgs84(np.empty(0), np.empty(0))[0].shape == (0,)


@pytest.mark.parametrize(
    ("lngs", "lats", "message"),
    [
        ([114.0, np.nan], [22.5, 22.5], "longitude nan at index 1 is not a number"),
        ([114.0, 114.0], [22.5, np.nan], "latitude nan at index 1 is not a number"),
        ([114.0, 114.0, 114.0], [22.5, 22.5, 95.0], r"latitude 95.0 at index 2 is out of range \[-90, 90\]"),
        ([-181.0], [22.5], r"longitude -181.0 at index 0 is out of range \[-180, 180\]"),
        ([np.inf], [22.5], r"longitude inf at index 0 is out of range"),
        ([114.0, 114.1, 114.2], [22.5, 22.6], "incompatible shapes"),
        (["east"], [22.5], "coordinates must be numbers"),
    ],
)
def test_bad_coordinates_raise_invalid_coordinates(lngs: list[Any], lats: list[Any], message: str) -> None:
    for func in (wgs84_to_gcj02, gcj02_to_wgs84, bd09_to_wgs84):
        with pytest.raises(InvalidCoordinates, match=message):
            func(lngs, lats)
    with pytest.raises(InvalidCoordinates, match=message):
        convert(lngs, lats, "wgs84", "EPSG:4547")


# --- pyproj routing -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("EPSG:4326", "EPSG:4326"),
        ("epsg:4326", "EPSG:4326"),
        ("4326", "EPSG:4326"),
        (4326, "EPSG:4326"),
        ("wgs84", "EPSG:4326"),
        ("WGS84", "EPSG:4326"),
        ("OGC:CRS84", "EPSG:4326"),
        ("cgcs2000", "EPSG:4490"),
        ("EPSG:4490", "EPSG:4490"),
        ("gcj02", "GCJ02"),
        ("GCJ-02", "GCJ02"),
        ("bd09", "BD09"),
        ("BD-09", "BD09"),
        ("EPSG:4547", "EPSG:4547"),
        (" 32650 ", "EPSG:32650"),
        ("+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs", "EPSG:32650"),
    ],
)
def test_parse_crs(name: str | int, key: str) -> None:
    assert parse_crs(name) == key


@pytest.mark.parametrize("name", ["EPSG:99999", "mars", "gcj03", "", "   ", "99999999"])
def test_unknown_crs_names_the_bad_input(name: str) -> None:
    with pytest.raises(UnknownCRS) as info:
        parse_crs(name)
    if name.strip():
        assert repr(name.strip()) in info.value.detail


def test_unknown_crs_rejects_non_names() -> None:
    with pytest.raises(UnknownCRS):
        parse_crs(True)
    with pytest.raises(UnknownCRS):
        parse_crs(4326.0)  # type: ignore[arg-type]


def test_transformer_is_cached_and_refuses_offset_systems() -> None:
    assert transformer("wgs84", "EPSG:4547") is transformer("EPSG:4326", 4547)
    with pytest.raises(UnknownCRS, match="GCJ02 is an offset of WGS84"):
        transformer("gcj02", "wgs84")


def test_to_metric_puts_shenzhen_on_the_114e_meridian() -> None:
    x, y = to_metric(LNG, LAT)
    assert np.all(np.abs(x - 500_000.0) < 70_000.0)
    assert np.all((y > 2_480_000.0) & (y < 2_540_000.0))
    # Gauss-Kruger on its central meridian: planar distances match geodesic ones to well under 0.1 %.
    planar = np.hypot(np.diff(x), np.diff(y))
    geodesic = metres(LNG[:-1], LAT[:-1], LNG[1:], LAT[1:])
    assert np.all(np.abs(planar / geodesic - 1.0) < 1e-3)
    back_lng, back_lat = from_metric(x, y)
    assert metres(LNG, LAT, back_lng, back_lat).max() < 1e-3


def test_to_metric_with_utm_and_with_a_gcj02_source() -> None:
    ux, _ = to_metric(LNG, LAT, epsg=32650)
    assert np.all((ux > 150_000.0) & (ux < 300_000.0))  # CM 117E lies ~300 km east
    wlng, wlat = gcj02_to_wgs84(LNG, LAT)
    np.testing.assert_allclose(to_metric(LNG, LAT, src="gcj02"), to_metric(wlng, wlat), rtol=0, atol=1e-6)
    back = from_metric(*to_metric(LNG, LAT, src="gcj02"), dst="gcj02")
    assert metres(LNG, LAT, *back).max() < ROUND_TRIP_LIMIT_M


def test_to_metric_refuses_a_non_metric_crs() -> None:
    with pytest.raises(BadRequestData, match="EPSG:4490 is not a projected CRS in metres"):
        to_metric(LNG, LAT, epsg=4490)


def test_convert_between_every_pair_round_trips() -> None:
    names = ["wgs84", "cgcs2000", "gcj02", "bd09", "EPSG:4547", "EPSG:32650"]
    for src, dst in itertools.permutations(names, 2):
        x, y = convert(LNG, LAT, "gcj02", src)
        there = convert(x, y, src, dst)
        back = convert(*there, dst, src)
        start = convert(x, y, src, "wgs84")
        finish = convert(*back, src, "wgs84")
        assert metres(*start, *finish).max() < ROUND_TRIP_LIMIT_M, (src, dst)
    same = convert(LNG, LAT, "gcj02", "GCJ-02")
    np.testing.assert_array_equal(same[0], LNG)


def test_convert_matches_the_direct_functions() -> None:
    np.testing.assert_allclose(
        convert(LNG, LAT, "bd09", "wgs84"), bd09_to_wgs84(LNG, LAT), rtol=0, atol=1e-12
    )
    np.testing.assert_allclose(
        convert(LNG, LAT, "wgs84", "gcj02"), wgs84_to_gcj02(LNG, LAT), rtol=0, atol=1e-12
    )
    # WGS84 and CGCS2000 are the same at city scale.
    np.testing.assert_allclose(convert(LNG, LAT, "wgs84", "cgcs2000"), (LNG, LAT), rtol=0, atol=1e-9)


def test_convert_checks_projected_input_is_finite() -> None:
    with pytest.raises(InvalidCoordinates, match="x nan at index 0"):
        convert([np.nan], [2_500_000.0], "EPSG:4547", "wgs84")
    with pytest.raises(UnknownCRS, match="'nowhere'"):
        convert([114.0], [22.5], "wgs84", "nowhere")


# --- shapely geometries -------------------------------------------------------------------------------------


def test_transform_geometry_polygon_round_trip() -> None:
    poly = Polygon(POIS[:6]).convex_hull
    wgs = transform_geometry(poly, "gcj02", "wgs84")
    assert isinstance(wgs, Polygon)
    shift = metres(*shapely.get_coordinates(poly).T, *shapely.get_coordinates(wgs).T)
    assert np.all((shift > 200.0) & (shift < 800.0))
    back = transform_geometry(wgs, "wgs84", "gcj02")
    error = metres(*shapely.get_coordinates(poly).T, *shapely.get_coordinates(back).T)
    assert error.max() < ROUND_TRIP_LIMIT_M
    metric = transform_geometry(wgs, "wgs84", "EPSG:4547")
    assert 1e6 < metric.area < 1e9  # m², a few square kilometres of Nanshan


def test_transform_geometry_keeps_z_and_handles_empty_and_identity() -> None:
    point = Point(114.05, 22.54, 12.5)
    moved = transform_geometry(point, "wgs84", "bd09")
    assert moved.has_z and moved.z == 12.5
    line = LineString([(114.05, 22.54, 1.0), (114.06, 22.55, 2.0)])
    assert shapely.get_coordinates(transform_geometry(line, "wgs84", 4547), include_z=True)[
        :, 2
    ].tolist() == [
        1.0,
        2.0,
    ]
    assert transform_geometry(Polygon(), "wgs84", "gcj02").is_empty
    assert transform_geometry(point, "EPSG:4326", "wgs84") is point


def test_transform_geometry_rejects_out_of_range_coordinates() -> None:
    with pytest.raises(InvalidCoordinates, match=r"latitude 91\.0"):
        transform_geometry(Point(114.0, 91.0), "wgs84", "gcj02")


def test_docs_examples_run() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "crs.md"
    result = doctest.testfile(str(doc), module_relative=False, verbose=False)
    assert result.attempted >= 8
    assert result.failed == 0


def test_module_exports_only_what_exists() -> None:
    for name in crs.__all__:
        assert hasattr(crs, name), name
