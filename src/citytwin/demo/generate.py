"""``citytwin demo generate``: build the Shenzhen demo city as data files and load them the real way.

The generator writes ordinary files (GeoJSON, CSV, a GeoTIFF DEM, a device registration CSV) into a folder,
then loads them exactly as a user would: the administrative backbone, every dataset through the importers
(spatial registration, provenance, one-datum-one-source, the catalog) and the devices through the IoT
registry. Generation is deterministic per scale; a stamp in the folder makes a second run with the same
scale, version and store a no-op (``--force`` redoes it).
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import shapely

from citytwin.core.timeutil import utc_now
from citytwin.demo.buildings import generate_buildings
from citytwin.demo.drainage import RELATIONSHIPS, drainage_network
from citytwin.demo.generate_devices import device_rows
from citytwin.demo.generate_places import Layer, facilities, networks, parking, real_pois, stations
from citytwin.demo.generate_scale import GENERATOR_VERSION, SOURCE, Scale
from citytwin.demo.people import generate_people
from citytwin.demo.roads import road_network
from citytwin.demo.terrain import dem_grid, write_dem

Progress = Callable[[str], None]
DEVICE_DATASET = "demo-devices"
STAMP = "generated.json"


@dataclass(frozen=True, slots=True)
class Dataset:
    """One generated file and how it is imported."""

    file: str
    entity_type: str | None
    category: str
    title: str
    subcategory: str | None = None
    grade: int = 1
    crs: str | None = None
    id_column: str | None = "twinId"
    owner_department: str | None = None
    update_frequency: str = "yearly"
    authoritative: bool = True
    relationships: tuple[str, ...] = ()
    """``COLUMN=relName[:TargetType]`` rules: columns naming twins, imported as NGSI-LD Relationships."""


@dataclass(slots=True)
class Generated:
    """What ``build`` wrote: the datasets in load order, the device file and counts."""

    folder: Path
    scale: Scale
    datasets: list[Dataset] = field(default_factory=list)
    devices_file: str = "devices.csv"
    counts: dict[str, int] = field(default_factory=dict)


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    # ``district`` is the generator's own bookkeeping; registration gives every twin its real adminCode.
    return {k: v for k, v in props.items() if k != "district"}


def write_geojson(path: Path, geoms: list[Any], props: list[dict[str, Any]]) -> None:
    """A WGS84 GeoJSON FeatureCollection of ``geoms`` with ``props``."""
    features = [
        {"type": "Feature", "geometry": shapely.geometry.mapping(g), "properties": _clean(p)}
        for g, p in zip(geoms, props, strict=True)
    ]
    # json.dumps, not json.dump: only the one-shot form uses the C encoder (several times faster).
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")


def write_csv(path: Path, rows: list[dict[str, Any]], *, keep_district: bool = False) -> None:
    """A UTF-8 CSV with the union of the rows' keys as header, in first-seen order."""
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row if keep_district else _clean(row)))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(header))
        writer.writeheader()
        writer.writerows(r if keep_district else _clean(r) for r in rows)


def _points(layer: Layer) -> list[dict[str, Any]]:
    return [
        {**p, "lon": round(g.x, 7), "lat": round(g.y, 7)}
        for g, p in zip(layer.geoms, layer.props, strict=True)
    ]


def build(scale: Scale, folder: Path, *, today: date, progress: Progress = print) -> Generated:
    """Generate every dataset of the scale into ``folder`` (no store touched)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = Generated(folder, scale)
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        progress(f"[{time.perf_counter() - t0:6.1f}s] {msg}")

    step(f"roads from {scale.name} bus network + local grid")
    roads = road_network(scale)
    write_geojson(folder / "roads.geojson", roads.lines, roads.props)
    step(f"{len(roads)} road segments; buildings along them")
    buildings = generate_buildings(scale, roads)
    write_geojson(folder / "buildings.geojson", buildings.polygons, buildings.props)
    step(f"{len(buildings)} buildings; DEM and drainage")
    dem = dem_grid(scale)
    dem_stats = write_dem(folder / "dem.tif", scale, dem)
    nets = networks(scale, roads, dem)
    drainage = drainage_network(scale, roads, dem)
    nets["manholes"] = drainage.manholes
    for name in ("pipes", "manholes", "floodpoints"):
        layer = nets[name]
        write_geojson(folder / f"{name}.geojson", layer.geoms, layer.props)
    write_geojson(folder / "drainage-pipes.geojson", drainage.pipes.geoms, drainage.pipes.props)
    step("people, enterprises, places")
    people = generate_people(scale, buildings, today=today)
    write_csv(folder / "enterprises.csv", people.enterprises)
    write_csv(folder / "enterprise-economics.csv", people.economics)
    write_csv(folder / "building-population.csv", people.population)
    write_csv(folder / "elderly-register.csv", people.elderly)
    classified, other = real_pois(scale)
    write_csv(folder / "poi-public-service.csv", classified)
    write_csv(folder / "poi-weibo.csv", other)
    fac = facilities(scale, buildings)
    write_csv(folder / "facilities.csv", _points(fac))
    spots_wanted = int(scale.devices * 0.20)
    lots, spots = parking(scale, buildings, spots_wanted)
    write_csv(folder / "parking-lots.csv", _points(lots))
    write_csv(folder / "parking-spots.csv", _points(spots))
    weather, env = stations(scale)
    write_csv(folder / "weather-stations.csv", _points(weather))
    write_csv(folder / "env-stations.csv", _points(env))
    step("devices")
    layers = {**nets, "spots": spots, "weather": weather, "env": env}
    devices = device_rows(scale, roads=roads, buildings=buildings, elderly=people.elderly, layers=layers)
    write_csv(folder / out.devices_file, devices, keep_district=True)
    out.counts = {
        "roads": len(roads),
        "buildings": len(buildings),
        "population": sum(p["population"] for p in buildings.props),
        "enterprises": len(people.enterprises),
        "elderly": len(people.elderly),
        "poisPublic": len(classified),
        "poisOther": len(other),
        "facilities": len(fac),
        "parkingLots": len(lots),
        "parkingSpaces": sum(p["totalSpotNumber"] for p in lots.props),
        "parkingSpots": len(spots),
        "pipes": len(nets["pipes"]),
        "manholes": len(nets["manholes"]),
        "outfalls": sum(1 for p in drainage.manholes.props if p["nodeType"] == "outfall"),
        "drainagePipes": len(drainage.pipes),
        "drainageKm": round(drainage.length_km),
        "floodPoints": len(nets["floodpoints"]),
        "weatherStations": len(weather),
        "envStations": len(env),
        "devices": sum(1 for d in devices if d["type"] != "camera"),
        "cameras": sum(1 for d in devices if d["type"] == "camera"),
        "demCells": dem_stats["width"] * dem_stats["height"],
    }
    out.datasets = datasets()
    step("files written: " + ", ".join(f"{k} {v}" for k, v in out.counts.items()))
    return out


def datasets() -> list[Dataset]:
    """The generated datasets in load order (referenced twins first), covering all ten categories."""
    dept_plan = "深圳市规划和自然资源局"
    return [
        Dataset(
            "dem.tif",
            None,
            "spatiotemporal-base",
            "深圳合成数字高程模型 (synthetic DEM)",
            "terrain",
            id_column=None,
            owner_department=dept_plan,
        ),
        Dataset(
            "roads.geojson",
            "RoadSegment",
            "spatiotemporal-base",
            "道路网络（公交站点推导+合成支路）",
            "electronic-map",
            owner_department="深圳市交通运输局",
        ),
        Dataset(
            "buildings.geojson",
            "Building",
            "space-2d3d",
            "建筑物白模（合成）",
            "model-3d",
            owner_department=dept_plan,
        ),
        Dataset(
            "building-population.csv",
            "Building",
            "population",
            "分楼栋人口统计（合成）",
            "population-statistics",
            grade=2,
            owner_department="深圳市公安局",
        ),
        Dataset(
            "elderly-register.csv",
            "BuildingUnit",
            "population",
            "独居老人登记（合成，身份证号已脱敏）",
            "resident-population",
            grade=3,
            owner_department="深圳市民政局",
            update_frequency="monthly",
        ),
        Dataset(
            "enterprises.csv",
            "Enterprise",
            "legal-person",
            "企业法人登记（合成统一社会信用代码）",
            "enterprise",
            grade=2,
            owner_department="深圳市市场监督管理局",
        ),
        Dataset(
            "enterprise-economics.csv",
            "Enterprise",
            "economic-operation",
            "企业经营指标（合成）",
            "tax",
            grade=3,
            owner_department="深圳市统计局",
        ),
        Dataset(
            "pipes.geojson",
            "PipeSegment",
            "city-entity",
            "供水与燃气管段（合成）",
            "lifeline",
            grade=2,
            owner_department="深圳市水务局",
        ),
        Dataset(
            "manholes.geojson",
            "Manhole",
            "city-entity",
            "雨水检查井与出水口（合成）",
            "lifeline",
            owner_department="深圳市水务局",
        ),
        Dataset(
            "drainage-pipes.geojson",
            "DrainagePipe",
            "city-entity",
            "雨水管段（合成，沿道路顺地势流向出水口）",
            "lifeline",
            grade=2,
            owner_department="深圳市水务局",
            relationships=RELATIONSHIPS,
        ),
        Dataset(
            "floodpoints.geojson",
            "FloodPoint",
            "city-entity",
            "易涝点（合成，依据DEM低洼处）",
            "lifeline",
            owner_department="深圳市水务局",
        ),
        Dataset(
            "parking-lots.csv",
            "ParkingLot",
            "city-entity",
            "公共停车场（合成）",
            "facility",
            owner_department="深圳市交通运输局",
        ),
        Dataset(
            "parking-spots.csv",
            "ParkingSpot",
            "city-entity",
            "监测车位（合成）",
            "facility",
            owner_department="深圳市交通运输局",
        ),
        Dataset(
            "facilities.csv",
            "Facility",
            "public-management",
            "消防站与应急避难场所（合成）",
            "emergency",
            owner_department="深圳市应急管理局",
        ),
        Dataset(
            "poi-public-service.csv",
            "PointOfInterest",
            "public-service",
            "公共服务设施（微博签到POI按名称分类）",
            "government-service",
            crs="gcj02",
            id_column="poiIndex",
            authoritative=False,
        ),
        Dataset(
            "weather-stations.csv",
            "WeatherStation",
            "iot-sensing",
            "自动气象站（合成）",
            "environment-sensing",
            owner_department="深圳市气象局",
            update_frequency="realtime",
        ),
        Dataset(
            "env-stations.csv",
            "Facility",
            "iot-sensing",
            "环境监测微站（合成）",
            "environment-sensing",
            owner_department="深圳市生态环境局",
            update_frequency="realtime",
        ),
        Dataset(
            "poi-weibo.csv",
            "PointOfInterest",
            "internet-open-data",
            "微博签到兴趣点（未分类）",
            "poi",
            crs="gcj02",
            id_column="poiIndex",
            authoritative=False,
            update_frequency="once",
        ),
    ]


def stamp_path(folder: Path) -> Path:
    """Where the cache stamp of a generated-and-loaded city lives."""
    return folder / STAMP


def stamp_matches(folder: Path, scale: Scale, url: str) -> bool:
    """True when ``folder`` holds a complete load of this scale and generator version into ``url``."""
    try:
        data = json.loads(stamp_path(folder).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return bool(
        data.get("version") == GENERATOR_VERSION and data.get("scale") == scale.name and data.get("db") == url
    )


def write_stamp(folder: Path, scale: Scale, url: str, summary: dict[str, Any]) -> None:
    """Record a complete load (written last, so an interrupted run is redone)."""
    payload = {
        "version": GENERATOR_VERSION,
        "scale": scale.name,
        "db": url,
        "source": SOURCE,
        "at": utc_now().isoformat(),
        **summary,
    }
    stamp_path(folder).write_text(json.dumps(payload, ensure_ascii=False, indent=2), "utf-8")
