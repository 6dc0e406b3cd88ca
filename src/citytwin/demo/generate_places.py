"""Places of the demo city: real POIs classified by name, synthetic facilities, parking, stations, networks.

* Real Weibo check-in POIs (GCJ-02) inside the region, classified by name (医院 → hospital, 学校 → school,
  小区/花园 → residential compound, 公交站 → bus stop ...). Classified ones are public-service places; the
  rest stay internet open data.
* Synthetic public facilities: fire stations and emergency shelters spread over the population, parking
  lots next to busy buildings (their capacities sum to the scale's ``parking_spaces``) with monitored
  spaces, weather stations and environmental monitoring stations on a grid.
* Networks along the roads: water and gas pipe segments, and flood points where the DEM is low (the storm
  drainage network is ``demo.drainage``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from citytwin.core.crs import gcj02_to_wgs84
from citytwin.demo.buildings import Buildings
from citytwin.demo.generate_scale import (
    FloatArray,
    Scale,
    read_data,
    region_of,
    rng,
    to_lnglat,
    to_local,
    twin_id,
)
from citytwin.demo.roads import Roads, _district_of
from citytwin.demo.terrain import sample_dem

# First match wins: more specific words before general ones.
POI_CLASSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("metro-station", ("地铁站", "地铁")),
    ("bus-stop", ("公交站", "公交总站", "公交场站", "巴士站")),
    ("hospital", ("医院", "卫生院", "卫生服务中心", "门诊部", "妇幼保健")),
    ("school", ("小学", "中学", "大学", "学校", "学院", "幼儿园", "实验学校")),
    ("residential-compound", ("小区", "花园", "家园", "公寓", "新村", "山庄", "苑", "名苑", "雅居")),
    ("park", ("公园", "绿道", "广场")),
    ("shopping", ("商场", "购物中心", "百货", "超市", "万象城", "天虹")),
    ("hotel", ("酒店", "宾馆", "旅馆", "客栈")),
    ("government", ("政府", "街道办", "派出所", "法院", "税务", "居委会", "工作站")),
    ("parking", ("停车场",)),
)


def classify_poi(name: str) -> str | None:
    """The POI class its name says, or None."""
    for cls, words in POI_CLASSES:
        if any(w in name for w in words):
            return cls
    return None


@dataclass(slots=True)
class Layer:
    """Rows of one dataset: WGS84 geometries plus properties (``twinId`` first)."""

    geoms: list[Any] = field(default_factory=list)
    props: list[dict[str, Any]] = field(default_factory=list)

    def add(self, geom: Any, props: dict[str, Any]) -> None:
        """Append one row."""
        self.geoms.append(geom)
        self.props.append(props)

    def __len__(self) -> int:
        return len(self.geoms)


def real_pois(scale: Scale) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(classified, unclassified) POI rows inside the region, in the file's GCJ-02 coordinates."""
    region = region_of(scale.districts)
    rows = [r for r in csv.DictReader(io.StringIO(read_data("sz_poi_weibo_checkins_34856.csv")))]
    have = [r for r in rows if r["lon"] and r["lat"]]
    lng, lat = gcj02_to_wgs84(
        np.array([float(r["lon"]) for r in have]), np.array([float(r["lat"]) for r in have])
    )
    inside = shapely.contains_xy(region, lng, lat)
    classified, other = [], []
    for r, ok in zip(have, inside.tolist(), strict=True):
        if not ok:
            continue
        cls = classify_poi(r["name"])
        row = {"poiIndex": r["poiindex"], "name": r["name"], "checkins": int(r["checkins"] or 0)}
        row |= {"lon": r["lon"], "lat": r["lat"]}
        if cls is None:
            other.append(row)
        else:
            classified.append({"poiClass": cls, **row})
    return classified, other


def _spread(scale: Scale, stream: str, count: int, buildings: Buildings) -> tuple[FloatArray, FloatArray]:
    """``count`` points near buildings, picked in proportion to their population (+1 so all count)."""
    gen = rng(scale, stream)
    pops = np.array([p["population"] + 50 for p in buildings.props], dtype=np.float64)
    pick = gen.choice(len(pops), size=min(count, len(pops)), replace=False, p=pops / pops.sum())
    c = shapely.centroid(np.asarray([buildings.polygons[i] for i in pick], dtype=object))
    x, y = to_local(shapely.get_x(c), shapely.get_y(c))
    return to_lnglat(x + gen.normal(0, 40, len(x)), y + gen.normal(0, 40, len(y)))


def facilities(scale: Scale, buildings: Buildings) -> Layer:
    """Fire stations (≈1 per 80k residents) and emergency shelters (≈1 per 15k)."""
    people = sum(p["population"] for p in buildings.props)
    out = Layer()
    for kind, per, name in (
        ("fire-station", 80_000, "消防站"),
        ("emergency-shelter", 15_000, "应急避难场所"),
    ):
        lng, lat = _spread(scale, kind, max(2, people // per), buildings)
        districts = _district_of(shapely.points(lng, lat))
        for n in range(len(lng)):
            props: dict[str, Any] = {
                "twinId": twin_id("Facility", "facility", districts[n], f"{scale.name}:{kind}:{n}"),
                "name": f"{name}{n + 1}",
                "facilityType": kind,
            }
            if kind == "emergency-shelter":
                props["capacity"] = int(rng(scale, f"{kind}-{n}").integers(500, 5000))
            out.add(shapely.Point(lng[n], lat[n]), props)
    return out


def parking(scale: Scale, buildings: Buildings, spots_wanted: int) -> tuple[Layer, Layer]:
    """Parking lots (capacities summing to ``scale.parking_spaces``) and ``spots_wanted`` monitored spaces."""
    gen = rng(scale, "parking")
    lots = max(2, scale.parking_spaces // 180)
    lng, lat = _spread(scale, "parking-lots", lots, buildings)
    lots = len(lng)
    raw = gen.lognormal(0, 0.7, lots)
    cap = np.maximum(np.floor(raw / raw.sum() * scale.parking_spaces).astype(int), 10)
    cap[0] += scale.parking_spaces - int(cap.sum())  # exact total
    districts = _district_of(shapely.points(lng, lat))
    lot_layer, spot_layer = Layer(), Layer()
    per_lot = np.minimum(np.ceil(spots_wanted * cap / cap.sum()).astype(int), cap)
    made = 0
    for n in range(lots):
        lot_id = twin_id("ParkingLot", "parking", districts[n], f"{scale.name}:lot:{n}")
        lot_layer.add(
            shapely.Point(lng[n], lat[n]),
            {
                "twinId": lot_id,
                "name": f"公共停车场{n + 1}",
                "totalSpotNumber": int(cap[n]),
                "availableSpotNumber": int(cap[n]),
                "occupancyRate": 0.0,
                "category": "public",
            },
        )
        x, y = to_local(lng[n], lat[n])
        for k in range(int(per_lot[n])):
            if made >= spots_wanted:
                break
            made += 1
            sx, sy = to_lnglat(x + (k % 20) * 2.6, y + (k // 20) * 5.5)
            spot_layer.add(
                shapely.Point(float(sx), float(sy)),
                {
                    "twinId": twin_id("ParkingSpot", "parking", districts[n], f"{scale.name}:spot:{n}:{k}"),
                    "name": f"P{n + 1}-{k + 1:03d}",
                    "parkingLot": lot_id,
                    "status": "free",
                    "charging": k % 10 == 0,
                },
            )
    return lot_layer, spot_layer


def stations(scale: Scale, spacing_m: float = 3_000.0) -> tuple[Layer, Layer]:
    """Weather stations and environmental monitoring stations on a grid over the region."""
    region = region_of(scale.districts)
    w, s, e, n = region.bounds
    x0, y0 = to_local(w, s)
    x1, y1 = to_local(e, n)
    spacing = min(spacing_m, max(float(x1 - x0), float(y1 - y0)) / 4)
    gx, gy = np.meshgrid(np.arange(float(x0), float(x1), spacing), np.arange(float(y0), float(y1), spacing))
    lng, lat = to_lnglat(gx.ravel() + spacing / 2, gy.ravel() + spacing / 2)
    inside = shapely.contains_xy(region, lng, lat)
    lng, lat = lng[inside], lat[inside]
    districts = _district_of(shapely.points(lng, lat))
    weather, env = Layer(), Layer()
    for k in range(len(lng)):
        weather.add(
            shapely.Point(lng[k], lat[k]),
            {
                "twinId": twin_id("WeatherStation", "facility", districts[k], f"{scale.name}:ws:{k}"),
                "name": f"自动气象站{k + 1:03d}",
                "status": "active",
            },
        )
        ex, ey = to_local(lng[k], lat[k])
        el, et = to_lnglat(ex + 300.0, ey + 200.0)
        env.add(
            shapely.Point(float(el), float(et)),
            {
                "twinId": twin_id("Facility", "facility", districts[k], f"{scale.name}:env:{k}"),
                "name": f"环境监测微站{k + 1:03d}",
                "facilityType": "environment-monitoring",
            },
        )
    return weather, env


def networks(
    scale: Scale, roads: Roads, dem: tuple[FloatArray, tuple[float, float, float, float]]
) -> dict[str, Layer]:
    """Water and gas pipe segments under the roads, and flood points at the lowest road spots.

    The storm drainage (pipes and manholes) is :func:`citytwin.demo.drainage.drainage_network`.
    """
    z, grid = dem
    gen = rng(scale, "networks")
    mids = np.array(
        [
            [(ln.coords[0][0] + ln.coords[-1][0]) / 2, (ln.coords[0][1] + ln.coords[-1][1]) / 2]
            for ln in roads.lines
        ]
    )
    height = sample_dem(z, grid, mids[:, 0], mids[:, 1])
    out = {"pipes": Layer(), "floodpoints": Layer()}
    for k, (line, props) in enumerate(zip(roads.lines, roads.props, strict=True)):
        for net, every in (("water", 2), ("gas", 3)):
            if k % every == 0:
                out["pipes"].add(
                    line,
                    {
                        "twinId": twin_id(
                            "PipeSegment", "pipe", props["district"], f"{scale.name}:{net}:{k}"
                        ),
                        "network": net,
                        "diameter": int(gen.choice([200, 300, 400, 600])),
                        "material": "ductile-iron" if net == "water" else "PE",
                        "road": props["twinId"],
                    },
                )
    low = np.argsort(height, kind="stable")[: max(3, len(height) // 60)]
    for k in sorted(low.tolist()):
        props = roads.props[k]
        out["floodpoints"].add(
            shapely.Point(*mids[k]),
            {
                "twinId": twin_id("FloodPoint", "facility", props["district"], f"{scale.name}:fp:{k}"),
                "name": f"易涝点{len(out['floodpoints']) + 1}",
                "groundElevation": round(float(height[k]), 2),
                "warningLevel": 0.27,
                "road": props["twinId"],
            },
        )
    return out
