"""The "1+11+N" federation demo: a city platform and district platforms, each a citytwin with its own store.

Each district platform (福田 440304 and 南山 440305 by default) is seeded with its own data: its
administrative areas (from :mod:`citytwin.demo.hierarchy`), the 60 busiest real places of interest inside its
boundary (Weibo check-ins, shipped in ``citytwin/data/federation``), 40 generated buildings and three air
quality stations with a day of hourly PM2.5 history. The city platform holds the city itself and registers
each district platform as a context source whose ``location`` is the district's boundary; a query to the city
is then answered from every district whose area it touches.

:func:`seed_district`, :func:`seed_city` and :func:`registration` are what the CLI (``citytwin federate up``)
and the tests use; :class:`Federation` starts, registers and stops the processes.
"""

from __future__ import annotations

import csv
import http.client
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import shapely
from shapely.geometry import Point, box

from citytwin.core.codes import admin
from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, Attribute, AttrType, Entity, prop
from citytwin.core.geometry import to_geojson
from citytwin.core.query import AttributeInstance
from citytwin.core.timeutil import format_instant
from citytwin.demo.hierarchy import SHENZHEN, admin_entities, area_id, district_boundaries
from citytwin.errors import BadRequestData, InternalError
from citytwin.storage.base import Store

DEFAULT_DISTRICTS = (("440304", 8001), ("440305", 8002))
DEFAULT_CITY_PORT = 8000
DAY = datetime(2026, 1, 1, tzinfo=UTC)
"""The day of the stations' hourly history (fixed, so example queries give the same answer every run)."""
BUILDINGS = 40
STATIONS = 3
PROVIDED_TYPES = ("District", "SubDistrict", "Community", "Building", "PointOfInterest", "AirQualityObserved")
SYNTHETIC = "synthetic (citytwin federate demo)"
V1 = "/ngsi-ld/v1"


def district_name(code: str) -> str:
    """The district's Chinese name (``福田区``)."""
    return admin.lookup(code).name


def _name(text: str) -> Attribute:
    return Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": text})


def places(code: str) -> list[Entity]:
    """The shipped places of interest inside the district (real names and check-in counts, WGS84)."""
    raw = files("citytwin.data.federation").joinpath("sz_poi_futian_nanshan.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(io.StringIO(raw)):
        if row["district"] != code:
            continue
        entity = Entity(f"urn:ngsi-ld:PointOfInterest:sz-weibo-{row['poiindex']}", ("PointOfInterest",))
        entity.set("name", _name(row["name"]))
        entity.set("checkins", prop(int(row["checkins"])))
        entity.set(ADMIN_CODE, prop(code))
        point = Point(float(row["lon_wgs84"]), float(row["lat_wgs84"]))
        entity.set(LOCATION, Attribute(AttrType.GEOPROPERTY, to_geojson(point)))
        entity.set("source", prop("Weibo check-ins (shenzhenbuscorr, MIT), GCJ-02 converted to WGS84"))
        out.append(entity)
    return out


def _points_inside(code: str, n: int, seed: int) -> list[Point]:
    """``n`` reproducible random points inside the district boundary."""
    boundary = district_boundaries()[code]
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = boundary.bounds
    found: list[Point] = []
    while len(found) < n:
        xs = rng.uniform(minx, maxx, 256)
        ys = rng.uniform(miny, maxy, 256)
        keep = shapely.contains_xy(boundary, xs, ys)
        found.extend(Point(x, y) for x, y in zip(xs[keep], ys[keep], strict=True))
    return found[:n]


def buildings(code: str) -> list[Entity]:
    """Generated buildings inside the district (no footprints can be shipped: the shapes are synthetic)."""
    rng = np.random.default_rng(int(code) + 1)
    out = []
    for i, point in enumerate(_points_inside(code, BUILDINGS, int(code))):
        half = 0.00012 + 0.0001 * float(rng.random())
        footprint = box(point.x - half, point.y - half, point.x + half, point.y + half)
        entity = Entity(f"urn:ngsi-ld:Building:fed-{code}-{i:03d}", ("Building",))
        entity.set("name", _name(f"{district_name(code)}示范楼 {i + 1}"))
        entity.set("height", prop(round(12 + 180 * float(rng.random()) ** 2, 1), unit_code="MTR"))
        entity.set(LEVEL, prop("building"))
        entity.set(ADMIN_CODE, prop(code))
        entity.set(LOCATION, Attribute(AttrType.GEOPROPERTY, to_geojson(footprint)))
        entity.set("geometrySource", prop(SYNTHETIC))
        out.append(entity)
    return out


def stations(code: str) -> tuple[list[Entity], list[AttributeInstance]]:
    """Air quality stations with a day of hourly PM2.5 (generated), and that history."""
    rng = np.random.default_rng(int(code) + 2)
    entities: list[Entity] = []
    history: list[AttributeInstance] = []
    for i, point in enumerate(_points_inside(code, STATIONS, int(code) + 3)):
        station_id = f"urn:ngsi-ld:AirQualityObserved:fed-{code}-{i}"
        base = 18 + 20 * float(rng.random())
        values = [
            round(base + 8 * float(np.sin(h / 24 * 2 * np.pi)) + 3 * float(rng.random()), 1)
            for h in range(24)
        ]
        for h, value in enumerate(values):
            history.append(
                AttributeInstance(
                    station_id,
                    "pm25",
                    DAY + timedelta(hours=h),
                    value,
                    entity_type="AirQualityObserved",
                    unit_code="GQ",
                    instance_id=f"urn:ngsi-ld:Instance:fed-{code}-{i}-{h:02d}",
                )
            )
        entity = Entity(station_id, ("AirQualityObserved",))
        entity.set("name", _name(f"{district_name(code)}空气质量站 {i + 1}"))
        observed = format_instant(DAY + timedelta(hours=23))
        entity.set("pm25", prop(values[-1], unit_code="GQ", observed_at=observed))
        entity.set(ADMIN_CODE, prop(code))
        entity.set(LOCATION, Attribute(AttrType.GEOPROPERTY, to_geojson(point)))
        entity.set("dataSource", prop(SYNTHETIC))
        entities.append(entity)
    return entities, history


def district_entities(code: str) -> list[Entity]:
    """Everything a district platform holds: its areas, places, buildings and stations."""
    areas = [
        e for e in admin_entities() if e.type != "City" and str(e.value(ADMIN_CODE, "")).startswith(code)
    ]
    return [*areas, *places(code), *buildings(code), *stations(code)[0]]


def seed_district(store: Store, code: str) -> dict[str, int]:
    """Write a district platform's data (idempotent); returns counts by type."""
    if code not in district_boundaries():
        raise BadRequestData(f"{code} is not a Shenzhen district code with a boundary")
    entities = district_entities(code)
    tenant = store.tenant()
    result = tenant.upsert_many(entities)
    if result.errors:
        raise InternalError(
            f"seeding {code} failed: {result.errors[0].entity_id}: {result.errors[0].problem}"
        )
    tenant.append_history(stations(code)[1])
    counts: dict[str, int] = {}
    for entity in entities:
        counts[entity.type] = counts.get(entity.type, 0) + 1
    return counts


def seed_city(store: Store) -> dict[str, int]:
    """The city platform's own data: the city entity (its districts' data stays with the districts)."""
    city = next(e for e in admin_entities() if e.id == area_id(SHENZHEN))
    result = store.tenant().upsert_many([city])
    if result.errors:
        raise InternalError(f"seeding the city failed: {result.errors[0].problem}")
    return {"City": 1}


def registration(
    code: str, endpoint: str, *, alias: str | None = None, timeout_ms: int = 2000
) -> dict[str, Any]:
    """The registration of a district platform on the city platform."""
    boundary = district_boundaries()[code].simplify(0.0005)
    body: dict[str, Any] = {
        "id": f"urn:ngsi-ld:ContextSourceRegistration:district-{code}",
        "type": "ContextSourceRegistration",
        "registrationName": f"{district_name(code)}平台 ({code})",
        "description": f"The district platform of {district_name(code)} ({code}), federated into the city's",
        "information": [{"entities": [{"type": t} for t in PROVIDED_TYPES]}],
        "location": to_geojson(boundary),
        "endpoint": endpoint,
        "mode": "inclusive",
        "operations": ["federationOps", "retrieveTemporal", "queryTemporal"],
        "management": {"timeout": timeout_ms},
        "adminCode": {"type": "Property", "value": code},
    }
    if alias:
        body["contextSourceAlias"] = alias
    return body


# -- processes --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Platform:
    """One citytwin process of the federation."""

    name: str
    port: int
    db: str
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Its NGSI-LD API root."""
        return f"http://127.0.0.1:{self.port}{V1}"


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        conn.request("GET", "/health")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def serve_command(db: str, port: int) -> list[str]:
    """The command line of ``citytwin serve`` with this Python."""
    return [sys.executable, "-m", "citytwin.cli", "serve", "--db", db, "--port", str(port)]


@dataclass(slots=True)
class Federation:
    """A city platform and its district platforms as child processes (see :func:`start`)."""

    city: Platform
    districts: dict[str, Platform]
    progress: Callable[[str], None] = print
    env: dict[str, str] = field(default_factory=dict)

    @property
    def platforms(self) -> list[Platform]:
        """Every platform, the city first."""
        return [self.city, *self.districts.values()]

    def start(self, timeout_s: float = 90.0) -> None:
        """Start every platform and wait until all answer /health."""
        env = {**os.environ, **self.env}
        for p in self.platforms:
            p.log.parent.mkdir(parents=True, exist_ok=True)
            with p.log.open("ab") as out:  # the child's output goes to its log file (a pipe could fill up)
                p.process = subprocess.Popen(serve_command(p.db, p.port), stdout=out, stderr=out, env=env)
        deadline = time.monotonic() + timeout_s
        for p in self.platforms:
            while not _healthy(p.port):
                if p.process is not None and p.process.poll() is not None:
                    raise InternalError(
                        f"{p.name} platform exited: {p.log.read_text(errors='replace')[-1500:]}"
                    )
                if time.monotonic() > deadline:
                    raise InternalError(
                        f"{p.name} platform did not start within {timeout_s:g} s (log: {p.log})"
                    )
                time.sleep(0.1)
            self.progress(f"{p.name} platform up on {p.url} (pid {p.process.pid if p.process else '?'})")

    def register(self, timeout_ms: int = 2000) -> list[str]:
        """Register every district platform as a context source of the city; returns the registration ids."""
        ids = []
        with httpx.Client(timeout=10, trust_env=False) as client:
            for code, p in self.districts.items():
                alias = client.get(f"{p.url}/info/sourceIdentity").json().get("contextSourceAlias")
                body = registration(code, f"http://127.0.0.1:{p.port}", alias=alias, timeout_ms=timeout_ms)
                client.delete(f"{self.city.url}/csourceRegistrations/{body['id']}")  # a re-run replaces it
                answer = client.post(f"{self.city.url}/csourceRegistrations", json=body)
                if answer.status_code != 201:
                    raise InternalError(f"registering {code} failed: {answer.status_code} {answer.text}")
                ids.append(body["id"])
                self.progress(f"registered {district_name(code)} ({code}) as context source {body['id']}")
        return ids

    def stop(self) -> None:
        """Stop every platform (SIGTERM, then SIGKILL after 15 s)."""
        for p in self.platforms:
            if p.process is not None and p.process.poll() is None:
                p.process.send_signal(signal.SIGTERM)
        for p in self.platforms:
            if p.process is None:
                continue
            try:
                p.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.process.kill()
                p.process.wait()


def plan(directory: Path, city_port: int, districts: list[tuple[str, int]]) -> Federation:
    """The platforms of a federation kept under ``directory`` (one SQLite store and log each)."""
    city = Platform("city", city_port, f"sqlite:///{directory / 'city.db'}", directory / "city.log")
    parts = {
        code: Platform(
            code, port, f"sqlite:///{directory / f'district-{code}.db'}", directory / f"{code}.log"
        )
        for code, port in districts
    }
    return Federation(city, parts)


def examples(city_url: str) -> Iterator[str]:
    """Example requests against the city platform."""
    city_box = "[[[113.75,22.4],[114.65,22.4],[114.65,22.87],[113.75,22.87],[113.75,22.4]]]"
    yield f"curl -sg '{city_url}/csourceRegistrations?type=PointOfInterest'"
    yield (
        f"curl -sg '{city_url}/entities?type=PointOfInterest&georel=intersects&geometry=Polygon"
        f"&coordinates={city_box}&count=true&limit=5&options=keyValues&attrs=name,checkins' -i"
    )
    yield f"curl -sg '{city_url}/entities?type=District&attrs=name,adminCode&options=keyValues'"
    yield f"curl -sg '{city_url}/entities?type=Building&local=true'   # the city's own data only: none"
    yield f"curl -sg '{city_url}/types'"
    yield (
        f"curl -sg '{city_url}/temporal/entities?type=AirQualityObserved&attrs=pm25&timerel=after"
        f"&timeAt={format_instant(DAY)}&options=temporalValues&limit=10'"
    )
