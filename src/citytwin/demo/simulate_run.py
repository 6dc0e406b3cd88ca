"""``citytwin demo simulate``: send the demo devices' telemetry and replay taxi trips, live.

Devices are read from the twin (registered ``Device`` entities). Readings go to the MQTT broker when one
answers (``citytwin/{tenant}/{code}/telemetry``, QoS 1, ingested by ``citytwin serve --ingest``), otherwise
to ``POST /iot/telemetry`` as NDJSON. Vehicles (real taxi trips of 2020-01-20, replayed at today's time of
day) are upserted as ``Vehicle`` twins through the NGSI-LD batch API, each with the 9-digit ``adminCode`` of
the street it is in at that moment (``demo.areas``), so per-street indicators and area policies see them.
The clock is injected: tests drive it.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import numpy as np

from citytwin.core.codes import city_code
from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import utc_now
from citytwin.demo import areas
from citytwin.demo.generate_scale import read_data
from citytwin.demo.simulate import FUTIAN, NANSHAN, Incident, SimDevice, _unit, due, reading
from citytwin.storage.base import Store

Clock = Callable[[], datetime]
_PAGE = 5_000
TAXI_DAY = datetime(2020, 1, 20)


class Unreachable(ConnectionError):
    """The API or the broker does not answer (stopped, restarting): the simulator retries, not crashes."""


RETRY_MAX_S = 30.0
"""The longest wait between retries while the API or broker is away."""


def stop_on_signals() -> None:
    """SIGTERM stops the simulator the way Ctrl-C does (``KeyboardInterrupt``): quietly, with exit 0."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


class Sink(Protocol):
    """Where readings go."""

    name: str

    def send(self, payloads: Sequence[dict[str, Any]]) -> int:
        """Deliver readings ``{"device", "ts", "values"}``; returns how many were accepted for delivery."""
        ...


def load_devices(store: Store, tenant: str = "") -> list[SimDevice]:
    """Every registered telemetry device of the tenant (cameras send nothing)."""
    from citytwin.ingest.iot.catalog import shipped_types

    types = shipped_types()
    twin = store.tenant(tenant)
    out: list[SimDevice] = []
    offset = 0
    while True:
        page = twin.query(EntityQuery(types=types_of("Device"), limit=_PAGE, offset=offset)).entities
        out.extend(d for d in (_device(e, types) for e in page) if d is not None)
        if len(page) < _PAGE:
            break
        offset += _PAGE
    out.sort(key=lambda d: d.code)
    return out


def _device(entity: Entity, types: Any) -> SimDevice | None:
    kind = str(entity.value("deviceType", ""))
    spec = types.get(kind)
    if spec is None or not spec.reporting_interval_s:
        return None
    loc = entity.value("location", None)
    lng, lat = loc["coordinates"][:2] if isinstance(loc, dict) and loc.get("type") == "Point" else (0.0, 0.0)
    twin = entity.value("controlledAsset", None)
    twin_type = None
    if twin:
        twin_type = str(twin).split(":")[2] if str(twin).startswith("urn:ngsi-ld:") else None
    return SimDevice(
        code=str(entity.value("deviceCode", entity.id.rsplit(":", 1)[-1])),
        kind=kind,
        interval=int(spec.reporting_interval_s),
        lng=float(lng),
        lat=float(lat),
        twin=str(twin) if twin else None,
        twin_type=twin_type,
        elderly=twin_type == "BuildingUnit",
    )


def script(devices: Sequence[SimDevice], start: datetime) -> list[Incident]:
    """The scripted incidents, relative to ``start``, each on concrete devices of the twin."""

    def first(
        kind: str, district: str | None = None, pred: Callable[[SimDevice], bool] = lambda d: True
    ) -> str | None:
        return next(
            (
                d.code
                for d in devices
                if d.kind == kind and (district is None or d.code.startswith(district)) and pred(d)
            ),
            None,
        )

    out = [
        Incident(
            "rainstorm",
            start + timedelta(seconds=60),
            timedelta(minutes=20),
            params=(
                ("lng0", 113.895),
                ("lat0", 22.525),
                ("lng1", 114.085),
                ("lat1", 22.545),
                ("peak", 95.0),
                ("radius_m", 3_500.0),
            ),
        ),
        Incident(
            "congestion",
            start + timedelta(seconds=180),
            timedelta(minutes=15),
            params=(("lng0", 114.055), ("lat0", 22.540), ("speed_ms", 4.2)),
        ),
    ]
    parking = [d for d in devices if d.kind == "parking-space"]
    if parking:
        centre = parking[len(parking) // 2]
        out.append(
            Incident(
                "parking-filling",
                start + timedelta(seconds=90),
                timedelta(minutes=30),
                params=(("lng0", centre.lng), ("lat0", centre.lat), ("radius_m", 1_500.0)),
            )
        )
    for kind, device_kind, district, pred, delay, minutes in (
        ("gas-pressure-drop", "gas-pressure", NANSHAN, lambda d: True, 120, 15),
        ("meter-silent", "water-meter", None, lambda d: d.elderly, 30, 24 * 60),
        ("elevator-fault", "elevator-monitor", FUTIAN, lambda d: True, 240, 10),
    ):
        code = first(device_kind, district, pred) or first(device_kind, None, pred)
        if code is not None:
            out.append(
                Incident(
                    kind,
                    start + timedelta(seconds=delay),
                    timedelta(minutes=minutes),
                    targets=frozenset({code}),
                )
            )
    return out


def tick(
    devices: Iterable[SimDevice], previous: datetime, now: datetime, incidents: Sequence[Incident]
) -> list[dict[str, Any]]:
    """Readings of every device whose slot fell in (previous, now], stamped ``now``."""
    ts = now.isoformat().replace("+00:00", "Z")
    out = []
    for dev in devices:
        if due(dev, previous, now):
            values = reading(dev, now, incidents)
            if values is not None:
                out.append({"device": dev.code, "ts": ts, "values": values})
    return out


# -- sinks -------------------------------------------------------------------------------------------------


class HttpSink:
    """``POST /iot/telemetry`` (NDJSON) on a running server."""

    name = "http"

    def __init__(
        self, base_url: str, *, tenant: str = "", timeout: float = 30.0, token: str | None = None
    ) -> None:
        import httpx

        headers = {"Content-Type": "application/x-ndjson"}
        if tenant:
            headers["NGSILD-Tenant"] = tenant
        if token:  # a bearer token or an API key of an account allowed to write the devices' twins
            headers["Authorization"] = f"Bearer {token}"
        self.base_url = base_url.rstrip("/")
        self.client = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout)

    def send(self, payloads: Sequence[dict[str, Any]]) -> int:
        """One request per 2,000 readings; returns the accepted count the server reports."""
        accepted = 0
        for i in range(0, len(payloads), 2_000):
            body = "\n".join(json.dumps(p, ensure_ascii=False) for p in payloads[i : i + 2_000])
            resp = self._post("/iot/telemetry", body.encode(), {})
            resp.raise_for_status()
            accepted += int(resp.json().get("accepted", 0))
        return accepted

    def upsert(self, entities: list[dict[str, Any]]) -> None:
        """NGSI-LD batch upsert (update mode) of vehicle twins."""
        for i in range(0, len(entities), 1_000):
            resp = self._post(
                "/ngsi-ld/v1/entityOperations/upsert?options=update",
                json.dumps(entities[i : i + 1_000]).encode(),
                {"Content-Type": "application/json"},
            )
            if resp.status_code >= 400 and resp.status_code != 207:
                resp.raise_for_status()

    def _post(self, path: str, body: bytes, headers: dict[str, str]) -> Any:
        """POST, raising :class:`Unreachable` when the server is away (down, restarting, overloaded)."""
        import httpx

        try:
            resp = self.client.post(path, content=body, headers=headers)
        except httpx.TransportError as err:
            raise Unreachable(f"the API at {self.base_url} does not answer ({type(err).__name__})") from err
        if resp.status_code in (502, 503, 504):
            raise Unreachable(f"the API at {self.base_url} answered {resp.status_code}")
        return resp

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()


class MqttSink:
    """QoS 1 publish to ``citytwin/{tenant}/{code}/telemetry``; raises OSError when no broker answers."""

    name = "mqtt"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 1883,
        *,
        tenant: str = "",
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        self.tenant = tenant or "_"
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"citytwin-sim-{int(time.time())}")
        if username:
            # A broker with the per-device ACL admits the simulator as a gateway account (docs/mqtt.md).
            self.client.username_pw_set(username, password)
        self.client.connect(host, port, keepalive=30)
        self.client.loop_start()

    def send(self, payloads: Sequence[dict[str, Any]]) -> int:
        """Publish each reading on its device's topic; returns how many were queued.

        Raises :class:`Unreachable` while the broker is away (paho reconnects in the background)."""
        if not self.client.is_connected():
            raise Unreachable("the MQTT broker does not answer")
        infos = [
            self.client.publish(
                f"citytwin/{self.tenant}/{p['device']}/telemetry", json.dumps(p, ensure_ascii=False), qos=1
            )
            for p in payloads
        ]
        try:
            for info in infos[-1:]:
                info.wait_for_publish(timeout=10)
        except (RuntimeError, ValueError) as err:  # paho: not queued, or the connection went meanwhile
            raise Unreachable(f"the MQTT broker does not answer ({err})") from err
        return len(infos)

    def close(self) -> None:
        """Disconnect."""
        self.client.loop_stop()
        self.client.disconnect()


class PipelineSink:
    """In-process ingest (tests and ``--direct``): the readings go straight into an IngestPipeline."""

    name = "pipeline"

    def __init__(self, pipeline: Any, tenant: str = "") -> None:
        self.pipeline = pipeline
        self.tenant = tenant

    def send(self, payloads: Sequence[dict[str, Any]]) -> int:
        """Ingest the readings in one batch."""
        from citytwin.ingest.iot.pipeline import RawMessage

        body = "\n".join(json.dumps(p) for p in payloads).encode()
        if not payloads:
            return 0
        msgs = [RawMessage(payload=json.dumps(p).encode(), tenant=self.tenant) for p in payloads]
        del body
        return int(self.pipeline.ingest(msgs).accepted)


# -- vehicles ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Fleet:
    """Taxi trips as arrays: per trip the vehicle, start/end seconds of day and points."""

    vehicle: np.ndarray
    t0: np.ndarray
    t1: np.ndarray
    a: np.ndarray
    b: np.ndarray
    ids: list[str]
    kinds: list[str]


def fleet(hazard_share: float = 0.05, muck_share: float = 0.07) -> Fleet:
    """Read the real taxi trips; tag a stable subset as hazardous-goods and muck trucks."""
    rows = list(csv.DictReader(io.StringIO(read_data("sz_taxi_trips_10619_with_fare.csv"))))
    numbers = sorted({r["VehicleNum"] for r in rows})
    index = {n: i for i, n in enumerate(numbers)}

    def sod(text: str) -> float:
        t = datetime.fromisoformat(text)
        return (t - TAXI_DAY).total_seconds()

    kinds = []
    for n in numbers:
        u = _unit(n, "fleet")
        kinds.append(
            "hazardous-goods"
            if u < hazard_share
            else "muck-truck"
            if u < hazard_share + muck_share
            else "taxi"
        )
    ids = [
        city_code.to_urn(city_code.generate("440300", "vehicle", source="sz-taxi", natural_id=n))
        for n in numbers
    ]
    return Fleet(
        vehicle=np.array([index[r["VehicleNum"]] for r in rows]),
        t0=np.array([sod(r["Stime"]) for r in rows]),
        t1=np.array([sod(r["Etime"]) for r in rows]),
        a=np.array([[float(r["Lng"]), float(r["Lat"])] for r in rows]),
        b=np.array([[float(r["ELng"]), float(r["ELat"])] for r in rows]),
        ids=ids,
        kinds=kinds,
    )


def positions(f: Fleet, at: datetime) -> dict[int, tuple[float, float, bool]]:
    """Each vehicle's position at ``at``'s Beijing time of day: on a trip, or where its last trip ended."""
    from citytwin.demo.simulate import local_hour

    s = local_hour(at) * 3600
    out: dict[int, tuple[float, float, bool]] = {}
    done = f.t1 <= s
    for i in np.flatnonzero(done)[np.argsort(f.t1[done], kind="stable")]:
        out[int(f.vehicle[i])] = (float(f.b[i, 0]), float(f.b[i, 1]), False)
    live = (f.t0 <= s) & (s < f.t1)
    for i in np.flatnonzero(live):
        frac = (s - f.t0[i]) / max(f.t1[i] - f.t0[i], 1.0)
        p = f.a[i] + frac * (f.b[i] - f.a[i])
        out[int(f.vehicle[i])] = (float(p[0]), float(p[1]), True)
    return out


OUTSIDE_CITY = "440300"
"""The adminCode of a vehicle outside every street (over the border, out at sea): the city as a whole."""


def vehicle_entities(f: Fleet, at: datetime) -> list[dict[str, Any]]:
    """NGSI-LD Vehicle entities (normalized) for the vehicles that have a position at ``at``.

    ``adminCode`` is the street the vehicle is in now; one outside every street gets the city's code, so an
    update always replaces the street it left.
    """
    ts = at.isoformat().replace("+00:00", "Z")
    where = sorted(positions(f, at).items())
    streets = areas.streets().locate([p[0] for _, p in where], [p[1] for _, p in where])
    return [
        {
            "id": f.ids[v],
            "type": "Vehicle",
            "vehicleType": {"type": "Property", "value": f.kinds[v]},
            "serviceStatus": {"type": "Property", "value": "onRoute" if moving else "parked"},
            "adminCode": {"type": "Property", "value": street or OUTSIDE_CITY, "observedAt": ts},
            "location": {
                "type": "GeoProperty",
                "value": {"type": "Point", "coordinates": [lng, lat]},
                "observedAt": ts,
            },
        }
        for (v, (lng, lat, moving)), street in zip(where, streets, strict=True)
    ]


# -- the loop ----------------------------------------------------------------------------------------------


def run(
    devices: Sequence[SimDevice],
    sink: Sink,
    *,
    clock: Clock = utc_now,
    step_s: float = 5.0,
    duration_s: float | None = None,
    vehicles: HttpSink | None = None,
    vehicle_every_s: float = 15.0,
    progress: Callable[[str], None] = print,
    sleep: Callable[[float], None] = time.sleep,
    incidents: Sequence[Incident] | None = None,
) -> dict[str, int]:
    """Send readings every ``step_s`` until ``duration_s`` passes (forever when None) or Ctrl-C.

    ``incidents``: the scripted ones (default: :func:`script` from now); ``[]`` for a quiet run. While the
    API or broker is away (:class:`Unreachable`) it says so once, drops the readings of the gap and retries
    with a backoff doubling from ``step_s`` up to ``RETRY_MAX_S``; it says so again when they are back.
    """
    start = clock()
    incidents = script(devices, start) if incidents is None else list(incidents)
    for inc in incidents:
        progress(
            f"incident {inc.kind} at {inc.start:%H:%M:%S} for {inc.duration} {sorted(inc.targets) or ''}"
        )
    f = fleet() if vehicles is not None else None
    previous = start - timedelta(seconds=max((d.interval for d in devices), default=60))
    last_vehicles = start - timedelta(days=1)
    stats = {"readings": 0, "accepted": 0, "vehicleUpdates": 0, "ticks": 0, "retries": 0}
    wait_s = 0.0  # > 0 while the API or broker is away: the current backoff
    try:
        while True:
            now = clock()
            delivered = False  # the API or broker took something this round (so it is back, if it was away)
            try:
                payloads = tick(devices, previous, now, incidents)
                if payloads:
                    stats["accepted"] += sink.send(payloads)
                    stats["readings"] += len(payloads)
                    delivered = True
                if (
                    f is not None
                    and vehicles is not None
                    and (now - last_vehicles).total_seconds() >= vehicle_every_s
                ):
                    batch = vehicle_entities(f, now)
                    vehicles.upsert(batch)
                    stats["vehicleUpdates"] += len(batch)
                    last_vehicles = now
                    delivered = True
            except Unreachable as err:
                if not wait_s:
                    progress(f"{now:%H:%M:%S} {err}; retrying until it is back (Ctrl-C stops)")
                wait_s = min(max(wait_s * 2, step_s), RETRY_MAX_S)
                stats["retries"] += 1
                previous = now
                if duration_s is not None and (now - start).total_seconds() >= duration_s:
                    return stats
                sleep(wait_s)
                continue
            if wait_s and delivered:
                progress(f"{now:%H:%M:%S} reachable again; sending")
                wait_s = 0.0
            stats["ticks"] += 1
            if stats["ticks"] % 12 == 1:
                progress(
                    f"{now:%H:%M:%S} sent {stats['readings']} readings via {sink.name}, "
                    f"{stats['vehicleUpdates']} vehicle positions"
                )
            previous = now
            if duration_s is not None and (now - start).total_seconds() >= duration_s:
                return stats
            sleep(step_s)
    except KeyboardInterrupt:
        progress("simulator stopped")
        return stats
