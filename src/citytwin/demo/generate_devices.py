"""Device registration rows for the demo city: every shipped device type, each bound to a fitting twin.

Shares of the scale's device budget per type; a type never gets more devices than it has twins to bind to.
Codes are numbered explicitly per (district, type), so generating again re-registers the same devices.
Each row also carries ``adminCode``: the community (12 digits) holding the device's location, found in the
demo partitions when the file is written; registration checks it lies in the device's district, so a device
standing across a district border is registered (and numbered) in the district it stands in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely

from citytwin.demo import areas
from citytwin.demo.buildings import Buildings
from citytwin.demo.generate_places import Layer
from citytwin.demo.generate_scale import Scale, rng, to_lnglat, to_local
from citytwin.demo.roads import Roads

# Share of the device budget per type (the rest of a type's twins stay unmonitored).
SHARES = {
    "water-meter": 0.22,
    "smoke-detector": 0.17,
    "parking-space": 0.15,
    "elevator-monitor": 0.10,
    "traffic-flow": 0.07,
    "water-pressure": 0.06,
    "gas-pressure": 0.05,
    "water-level": 0.06,
    "noise": 0.03,
    "structural-tilt": 0.03,
    "ev-charger": 0.03,
}
OWNERS = ("深圳市公安局", "深圳市交通运输局", "深圳市城市管理和综合执法局", "街道办事处")
AREA_COLUMN = "adminCode"
"""The row's community code from its location (a registration column: where the device stands)."""


class _Numberer:
    def __init__(self) -> None:
        self.next: dict[tuple[str, str], int] = {}

    def __call__(self, district: str, kind: str) -> int:
        n = self.next.get((district, kind), 0) + 1
        self.next[(district, kind)] = n
        return n


def _point(geom: Any) -> tuple[float, float]:
    if geom.geom_type == "Point":
        p = geom
    elif geom.geom_type == "Polygon":
        p = geom.representative_point()
    else:
        p = geom.interpolate(0.5, normalized=True)
    return round(float(p.x), 7), round(float(p.y), 7)


def _pick(gen: np.random.Generator, n: int, k: int) -> Sequence[int]:
    return sorted(gen.choice(n, size=min(n, k), replace=False).tolist()) if n and k > 0 else []


def device_rows(
    scale: Scale,
    *,
    roads: Roads,
    buildings: Buildings,
    elderly: list[dict[str, Any]],
    layers: dict[str, Layer],
) -> list[dict[str, Any]]:
    """Registration rows (``citytwin devices import`` shape) for every device type, cameras last."""
    gen = rng(scale, "devices")
    number = _Numberer()
    rows: list[dict[str, Any]] = []

    def add(kind: str, twin: str, geom: Any, district: str, **extra: Any) -> None:
        lon, lat = _point(geom)
        row = {
            "type": kind,
            "district": district,
            "sequence": str(number(district, kind)),
            "twin": twin,
            "lon": lon,
            "lat": lat,
            "source": "citytwin-demo",
        }
        rows.append(row | extra)

    def budget(kind: str) -> int:
        return int(scale.devices * SHARES[kind])

    bprops, bpolys = buildings.props, buildings.polygons
    # Elderly homes first: every one has a meter, the elderly-living-alone rule depends on it.
    for unit in elderly:
        add(
            "water-meter",
            unit["twinId"],
            shapely.Point(unit["lon"], unit["lat"]),
            _owner(unit["twinId"]),
            name=f"独居老人水表 {unit['name']}",
        )
    for i in _pick(gen, len(bprops), budget("water-meter") - len(elderly)):
        add("water-meter", bprops[i]["twinId"], bpolys[i], bprops[i]["district"])
    for i in _pick(gen, len(bprops), budget("smoke-detector")):
        add("smoke-detector", bprops[i]["twinId"], bpolys[i], bprops[i]["district"])
    tall = [i for i, p in enumerate(bprops) if p["floors"] >= 7]
    for j in _pick(gen, len(tall), budget("elevator-monitor")):
        i = tall[j]
        add("elevator-monitor", bprops[i]["twinId"], bpolys[i], bprops[i]["district"])
    old = [i for i, p in enumerate(bprops) if p["yearBuilt"] < 2000 or p["floors"] >= 30]
    for j in _pick(gen, len(old), budget("structural-tilt")):
        i = old[j]
        add("structural-tilt", bprops[i]["twinId"], bpolys[i], bprops[i]["district"])
    spots = layers["spots"]
    plain = [k for k, p in enumerate(spots.props) if not p["charging"]]
    charging = [k for k, p in enumerate(spots.props) if p["charging"]]
    for group, kind in ((plain, "parking-space"), (charging, "ev-charger")):
        for j in _pick(gen, len(group), budget(kind)):
            k = group[j]
            add(kind, spots.props[k]["twinId"], spots.geoms[k], _owner(spots.props[k]["twinId"]))
    arterial = [k for k, p in enumerate(roads.props) if p["roadClass"] != "local"]
    for j in _pick(gen, len(arterial), budget("traffic-flow")):
        k = arterial[j]
        add("traffic-flow", roads.props[k]["twinId"], roads.lines[k], roads.props[k]["district"])
    pipes = layers["pipes"]
    for net, kind in (("water", "water-pressure"), ("gas", "gas-pressure")):
        group = [k for k, p in enumerate(pipes.props) if p["network"] == net]
        for j in _pick(gen, len(group), budget(kind)):
            k = group[j]
            add(kind, pipes.props[k]["twinId"], pipes.geoms[k], _owner(pipes.props[k]["twinId"]))
    flood = layers["floodpoints"]
    for k in range(len(flood)):
        add("water-level", flood.props[k]["twinId"], flood.geoms[k], _owner(flood.props[k]["twinId"]))
    manholes = layers["manholes"]
    for k in _pick(gen, len(manholes), budget("water-level") - len(flood)):
        add(
            "water-level", manholes.props[k]["twinId"], manholes.geoms[k], _owner(manholes.props[k]["twinId"])
        )
    for k in range(len(layers["weather"])):
        w = layers["weather"]
        add("rain-gauge", w.props[k]["twinId"], w.geoms[k], _owner(w.props[k]["twinId"]))
    env = layers["env"]
    for k in range(len(env)):
        add("air-quality", env.props[k]["twinId"], env.geoms[k], _owner(env.props[k]["twinId"]))
        add("noise", env.props[k]["twinId"], env.geoms[k], _owner(env.props[k]["twinId"]))
    for j in _pick(gen, len(arterial), budget("noise") - len(env)):
        k = arterial[j]
        add("noise", roads.props[k]["twinId"], roads.lines[k], roads.props[k]["district"])
    rows.extend(cameras(scale, roads, number))
    locate_areas(rows)
    return rows


def locate_areas(rows: list[dict[str, Any]]) -> None:
    """Set each row's ``adminCode``: the community holding it, the nearest within reach, else its district.

    A row whose community lies in another district than the one it was numbered in (a road twin straddling
    a border) moves to that district, numbered after the district's own devices of its type.
    """
    codes = areas.communities().locate([r["lon"] for r in rows], [r["lat"] for r in rows])
    last: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["district"], row["type"])
        last[key] = max(last.get(key, 0), int(row["sequence"]))
    for row, code in zip(rows, codes, strict=True):
        row[AREA_COLUMN] = code or row["district"]
        if code and not code.startswith(row["district"]):
            key = (code[:6], row["type"])
            last[key] = last.get(key, 0) + 1
            row["district"], row["sequence"] = key[0], str(last[key])


def _owner(twin: str) -> str:
    # A twin id ends with its city code, whose first six digits are the registering district.
    return twin.rsplit(":", 1)[1][:6]


def cameras(scale: Scale, roads: Roads, number: _Numberer) -> list[dict[str, Any]]:
    """Cameras along the roads, looking along them, at intersections and mid-block."""
    gen = rng(scale, "cameras")
    out: list[dict[str, Any]] = []
    picks = gen.integers(0, len(roads), scale.cameras)
    for n, k in enumerate(picks.tolist()):
        line, props = roads.lines[k], roads.props[k]
        (ax, ay), (bx, by) = line.coords[0], line.coords[-1]
        t = float(gen.uniform(0, 1))
        x, y = to_local(ax + t * (bx - ax), ay + t * (by - ay))
        lng, lat = to_lnglat(x + gen.normal(0, 6), y + gen.normal(0, 6))
        heading = (np.degrees(np.arctan2(bx - ax, by - ay)) + 360) % 360
        district = props["district"]
        seq = number(district, "camera")
        out.append(
            {
                "type": "camera",
                "district": district,
                "sequence": str(seq),
                "lon": round(float(lng), 7),
                "lat": round(float(lat), 7),
                "streamUrl": f"rtsp://video.demo.citytwin.local/{district}/{seq:07d}",
                "viewDirection": round(float(heading if n % 2 else (heading + 180) % 360), 1),
                "fieldOfView": 90,
                "mountingHeight": round(float(gen.uniform(4, 9)), 1),
                "owner": OWNERS[n % len(OWNERS)],
                "source": "citytwin-demo",
            }
        )
    return out
