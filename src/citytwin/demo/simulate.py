"""The live simulator's model: what every demo device reads at a given time, and the scripted incidents.

Pure functions of (device, time): diurnal and weekly patterns (Beijing time), seeded per-device variation,
and incidents that change the readings of the devices they touch while they run. ``simulate_run`` sends the
readings (MQTT or HTTP) and replays taxi trips; tests drive this module with their own clock.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from citytwin.demo.generate_scale import M_PER_DEG_LAT, M_PER_DEG_LNG

BEIJING = timezone(timedelta(hours=8))
# Rain intensity (mm/h) per metre of water level at a flood point: 50 mm/h gives about 0.3 m.
LEVEL_PER_MMH = 0.006
NANSHAN, FUTIAN = "440305", "440304"


@dataclass(frozen=True, slots=True)
class SimDevice:
    """A registered device as the simulator sees it."""

    code: str
    kind: str
    interval: int
    lng: float
    lat: float
    twin: str | None = None
    twin_type: str | None = None
    elderly: bool = False


@dataclass(frozen=True, slots=True)
class Incident:
    """A scripted incident: ``kind`` runs from ``start`` for ``duration``; ``targets`` are device codes."""

    kind: str
    start: datetime
    duration: timedelta
    targets: frozenset[str] = field(default_factory=frozenset)
    params: tuple[tuple[str, float], ...] = ()

    def active(self, at: datetime) -> bool:
        """True while the incident runs."""
        return self.start <= at < self.start + self.duration

    def progress(self, at: datetime) -> float:
        """0 at the start .. 1 at the end."""
        return min(max((at - self.start) / self.duration, 0.0), 1.0)

    def param(self, name: str, default: float = 0.0) -> float:
        """A numeric parameter."""
        return dict(self.params).get(name, default)


def _unit(code: str, salt: str = "") -> float:
    """A stable pseudo-random number in [0, 1) per device (and salt)."""
    digest = hashlib.blake2b(f"{code}:{salt}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def local_hour(at: datetime) -> float:
    """Beijing hour of day as a float."""
    t = at.astimezone(BEIJING)
    return t.hour + t.minute / 60 + t.second / 3600


def weekend(at: datetime) -> bool:
    """Saturday or Sunday in Beijing."""
    return at.astimezone(BEIJING).weekday() >= 5


def demand(at: datetime) -> float:
    """Household demand 0..1: morning and evening peaks, a night trough, later mornings at weekends."""
    h = local_hour(at)
    morning = 8.5 if weekend(at) else 7.5
    peak = math.exp(-((h - morning) ** 2) / 2.0) + 0.9 * math.exp(-((h - 19.5) ** 2) / 3.0)
    return min(1.0, 0.08 + 0.85 * peak + (0.1 if 10 <= h <= 17 else 0.0))


def traffic(at: datetime) -> float:
    """Road load 0..1: commuter peaks on weekdays, a broad afternoon hump at weekends."""
    h = local_hour(at)
    if weekend(at):
        return 0.2 + 0.45 * math.exp(-((h - 15.0) ** 2) / 12.0)
    return 0.15 + 0.8 * max(math.exp(-((h - 8.3) ** 2) / 1.2), math.exp(-((h - 18.3) ** 2) / 1.5))


def activity(at: datetime) -> float:
    """People out and about 0..1 (parking, chargers, noise)."""
    h = local_hour(at)
    return 0.15 + 0.75 * math.exp(-((h - 14.0) ** 2) / 18.0) + (0.1 if weekend(at) else 0.0)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in metres (good to a fraction of a percent over a city)."""
    return math.hypot((a[0] - b[0]) * M_PER_DEG_LNG, (a[1] - b[1]) * M_PER_DEG_LAT)


def storm_centre(incident: Incident, at: datetime) -> tuple[float, float]:
    """Where the rainstorm cell is: it moves in a straight line from its start to its end point."""
    f = incident.progress(at)
    x0, y0 = incident.param("lng0"), incident.param("lat0")
    x1, y1 = incident.param("lng1"), incident.param("lat1")
    return x0 + f * (x1 - x0), y0 + f * (y1 - y0)


def rain_at(incidents: Sequence[Incident], at: datetime, point: tuple[float, float]) -> float:
    """Rain intensity (mm/h) at a point from the active rainstorm cells (Gaussian cores)."""
    total = 0.0
    for inc in incidents:
        if inc.kind == "rainstorm" and inc.active(at):
            d = distance_m(storm_centre(inc, at), point)
            radius = inc.param("radius_m", 4_000.0)
            total += inc.param("peak", 90.0) * math.exp(-(d * d) / (2 * radius * radius))
    return round(total, 2)


def _active(incidents: Sequence[Incident], kind: str, code: str, at: datetime) -> Incident | None:
    return next((i for i in incidents if i.kind == kind and i.active(at) and code in i.targets), None)


def _congestion(incidents: Sequence[Incident], dev: SimDevice, at: datetime) -> float:
    """Extra slowdown 0..1 from a congestion wave passing the device's road (moving front, 15 km/h)."""
    worst = 0.0
    for inc in incidents:
        if inc.kind != "congestion" or not inc.active(at):
            continue
        front = (at - inc.start).total_seconds() * inc.param("speed_ms", 4.2)
        d = distance_m((inc.param("lng0"), inc.param("lat0")), (dev.lng, dev.lat))
        # Traffic behind the front is jammed; the jam clears gradually 3 km behind it.
        if d <= front:
            worst = max(worst, 0.0, 1.0 - (front - d) / 3000.0)
    return worst


def reading(dev: SimDevice, at: datetime, incidents: Sequence[Incident] = ()) -> dict[str, Any] | None:
    """The values the device reports at ``at`` (its type's field names, canonical units), None if silent."""
    u = _unit(dev.code)
    k = dev.kind
    if k == "water-meter":
        if _active(incidents, "meter-silent", dev.code, at):
            return None
        flow = round(
            (0.05 if dev.elderly else 0.4 + 2.5 * u)
            * demand(at)
            * (0.9 + 0.2 * _unit(dev.code, at.isoformat()[:16])),
            4,
        )
        hours = (at - datetime(2024, 1, 1, tzinfo=UTC)).total_seconds() / 3600
        return {"flowRate": flow, "volume": round(hours * (0.05 if dev.elderly else 0.4 + 2.5 * u) * 0.35, 3)}
    if k == "water-pressure":
        drop = _active(incidents, "water-pressure-drop", dev.code, at)
        base = 320.0 + 60 * u - 70 * demand(at)
        return {"pressure": round(base * (0.25 if drop else 1.0), 1), "temperature": round(24 + 4 * u, 1)}
    if k == "gas-pressure":
        gas = _active(incidents, "gas-pressure-drop", dev.code, at)
        if gas:
            f = gas.progress(at)
            return {
                "pressure": round(200.0 * (1 - 0.7 * min(1.0, 3 * f)), 1),
                "leakLevel": round(min(45.0, 150 * f), 1),
            }
        return {"pressure": round(195.0 + 15 * u - 10 * demand(at), 1), "leakLevel": round(1.5 * u, 2)}
    if k == "rain-gauge":
        intensity = rain_at(incidents, at, (dev.lng, dev.lat))
        return {"intensity": intensity, "rainfall": round(intensity * dev.interval / 3600, 2)}
    if k == "water-level":
        rain = rain_at(incidents, at, (dev.lng, dev.lat))
        base = 0.02 + 0.03 * u if dev.twin_type == "FloodPoint" else -1.5 - u
        level = base + LEVEL_PER_MMH * rain * (1.0 if dev.twin_type == "FloodPoint" else 2.0)
        return {"level": round(level, 3), "coverOpen": False}
    if k == "air-quality":
        t = traffic(at)
        return {
            "pm25": round(12 + 25 * t + 10 * u, 1),
            "pm10": round(25 + 40 * t + 15 * u, 1),
            "no2": round(15 + 35 * t, 1),
            "temperature": round(24 + 6 * math.sin((local_hour(at) - 9) / 24 * 2 * math.pi), 1),
            "humidity": round(65 + 20 * u, 1),
        }
    if k == "noise":
        return {
            "laeq": round(48 + 22 * activity(at) + 6 * u, 1),
            "lamax": round(62 + 25 * activity(at) + 8 * u, 1),
        }
    if k == "traffic-flow":
        load = traffic(at)
        jam = _congestion(incidents, dev, at)
        speed = max(3.0, (55 + 15 * u) * (1 - 0.65 * load) * (1 - 0.85 * jam))
        return {
            "averageSpeed": round(speed, 1),
            "vehicleCount": int(10 + 90 * load * (1 + jam)),
            "occupancy": round(min(1.0, 0.1 + 0.6 * load + 0.3 * jam), 3),
        }
    if k == "parking-space":
        p = activity(at)
        fill = next(
            (
                i
                for i in incidents
                if i.kind == "parking-filling"
                and i.active(at)
                and distance_m((i.param("lng0"), i.param("lat0")), (dev.lng, dev.lat))
                < i.param("radius_m", 1500)
            ),
            None,
        )
        if fill:
            p = max(p, 0.6 + 0.39 * min(1.0, 2 * fill.progress(at)))
        return {"status": "occupied" if _unit(dev.code, at.isoformat()[:13]) < p else "free"}
    if k == "ev-charger":
        return {
            "status": "charging"
            if _unit(dev.code, at.isoformat()[:13]) < activity(at) * 0.8
            else "available",
            "power": 0.0,
        }
    if k == "elevator-monitor":
        fault = _active(incidents, "elevator-fault", dev.code, at)
        if fault:
            return {
                "status": "trapped" if fault.progress(at) > 0.2 else "fault",
                "floor": 7,
                "doorOpen": False,
                "speed": 0.0,
            }
        moving = _unit(dev.code, at.isoformat()[:16]) < demand(at)
        return {
            "status": "running" if moving else "idle",
            "floor": int(1 + 20 * _unit(dev.code, at.isoformat()[:16])),
            "doorOpen": False,
            "speed": 1.5 if moving else 0.0,
        }
    if k == "smoke-detector":
        return {"smoke": False, "obscuration": round(0.3 * u, 2)}
    if k == "structural-tilt":
        return {"tiltX": round(0.2 * u, 3), "tiltY": round(0.1 * u, 3), "crackWidth": round(0.1 + 0.3 * u, 3)}
    return None


def due(dev: SimDevice, previous: datetime, now: datetime) -> bool:
    """True when the device's reporting slot (interval, per-device phase) falls in (previous, now]."""
    phase = _unit(dev.code, "phase") * dev.interval
    p = math.floor((previous.timestamp() - phase) / dev.interval)
    n = math.floor((now.timestamp() - phase) / dev.interval)
    return n > p
