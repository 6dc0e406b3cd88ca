"""The flood scenario: twin inputs -> ``FloodInputs`` -> ``run_flood`` -> impacts written back to the twin.

Every run records what the engine and the impact step were given (``FloodInputs.to_dict()``, its
fingerprint and the impact targets) in a ``flood-record`` document named after the job, before the
engine starts; a rerun (input ``recorded``) runs from that record, not from the twin as it is now.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from citytwin.core.codes import city_code
from citytwin.core.entities import ADMIN_CODE, LOCATION, Attribute, AttrType, Entity, prop, rel
from citytwin.core.geometry import to_geojson
from citytwin.core.timeutil import format_instant
from citytwin.errors import BadRequestData, InternalError, ResourceNotFound
from citytwin.scenarios.base import RunContext, Scenario, ScenarioCancelled, ScenarioMetadata
from citytwin.scenarios.flood import frames, twin
from citytwin.scenarios.flood.grid import Grid, cells_in
from citytwin.scenarios.flood.impacts import (
    building_entrance_depths,
    device_depths,
    flooded_area_by_class,
    road_impacts,
)
from citytwin.scenarios.flood.inputs import EDGES, Boundary, Drainage, FloodInputs, SolverOptions
from citytwin.scenarios.flood.model import FloodCancelled, FloodResult, run_flood
from citytwin.scenarios.flood.rain import Hyetograph, Rainfall, RainGauge, StormFormula, chicago_hyetograph
from citytwin.storage.base import TenantStore

RECORD_KIND = "flood-record"
RESULT_TYPE = "FloodScenarioResult"
SOURCE = "flood-scenario"
_DEFAULTS: dict[str, Any] = {
    "resolution": 5.0,
    "area_crs": "EPSG:4326",
    "threads": 1,
    "backend": "numba",
    "drainage_mm_h": 0.0,
    "boundary": "free",
    "building_mode": "mask",
    "road_threshold_m": 0.3,
    "building_threshold_m": 0.15,
    "device_threshold_m": 0.1,
    "gauge_search_m": 2000.0,
    "max_cells": 4_000_000,
}


def _inp(title: str, schema: dict[str, Any], description: str = "", *, name: str = "") -> dict[str, Any]:
    """An optional input; ``name`` picks its default from _DEFAULTS."""
    if name in _DEFAULTS:
        schema = {**schema, "default": _DEFAULTS[name]}
    out: dict[str, Any] = {"title": title, "schema": schema, "minOccurs": 0}
    if description:
        out["description"] = description
    return out


_POS = {"type": "number", "exclusiveMinimum": 0}
_DURATION = {"type": ["number", "string"]}
METADATA = ScenarioMetadata(
    id="flood",
    title="Urban flood",
    description=(
        "Surface flooding of an area of the twin under a design or observed storm: 2D local-inertial "
        "shallow-water model on the twin's DEM with its buildings as obstacles; writes a "
        "FloodScenarioResult entity linked to the flooded buildings, impassable roads and submerged devices."
    ),
    version="1.0.0",
    inputs={
        "area": {
            "title": "Area",
            "description": "administrative code (440304), WKT POLYGON((lng lat, ...)) or GeoJSON geometry",
            "schema": {"type": ["string", "object"]},
            "minOccurs": 1,
        },
        "storm": {
            "title": "Storm",
            "description": "chicago:A=..,C=..,P=..,b=..,n=..,duration=MIN,r=.. | uniform:MMmm/h:DURATION | "
            "gauges[:DURATION] (the twin's rain gauges), or the same as an object with a 'kind'",
            "schema": {"type": ["string", "object"]},
            "minOccurs": 1,
        },
        "resolution": _inp("Cell size in metres", _POS, name="resolution"),
        "area_crs": _inp("CRS of a polygon area", {"type": "string"}, name="area_crs"),
        "dem": _inp("DEM GeoTIFF path", {"type": "string"}, "default: the twin's surface DEM"),
        "dem_crs": _inp("CRS of the DEM, overriding its GeoKeys", {"type": "string"}),
        "duration": _inp("Simulated duration", _DURATION, "seconds or 90min/2h; default storm end + 30 min"),
        "frame_interval": _inp("Time between depth frames", _DURATION, "default duration / 12"),
        "frames_dir": _inp("Directory for PNG depth frames", {"type": "string"}),
        "threads": _inp("Engine threads", {"type": "integer", "minimum": 1}, name="threads"),
        "backend": _inp("Engine", {"type": "string", "enum": ["numba", "numpy", "gpu"]}, name="backend"),
        "drainage_mm_h": _inp(
            "Sewer capacity (mm/h)", {"type": "number", "minimum": 0}, name="drainage_mm_h"
        ),
        "boundary": _inp(
            "Grid edges",
            {"type": "string", "enum": ["free", "closed"]},
            "free outflow or walls",
            name="boundary",
        ),
        "building_mode": _inp(
            "Buildings",
            {"type": "string", "enum": ["mask", "raised"]},
            "cut out of the flow (roofs drain around them) or raised by their height",
            name="building_mode",
        ),
        "road_threshold_m": _inp("Roads impassable above (m)", _POS, name="road_threshold_m"),
        "building_threshold_m": _inp(
            "Buildings affected from entrance depth (m)", _POS, name="building_threshold_m"
        ),
        "device_threshold_m": _inp("Devices submerged from depth (m)", _POS, name="device_threshold_m"),
        "gauge_search_m": _inp(
            "Rain gauges used within (m) of the area", {"type": "number", "minimum": 0}, name="gauge_search_m"
        ),
        "max_cells": _inp(
            "Largest grid allowed (cells)", {"type": "integer", "minimum": 1}, name="max_cells"
        ),
        "recorded": _inp("Rerun from the recorded inputs of this job", {"type": "string"}),
    },
    outputs={
        "resultEntity": {"title": "FloodScenarioResult entity id", "schema": {"type": "string"}},
        "inputsFingerprint": {"title": "SHA-256 of FloodInputs.to_dict()", "schema": {"type": "string"}},
        "maxDepthSha256": {"title": "SHA-256 of the max-depth raster bytes", "schema": {"type": "string"}},
        "affected": {
            "title": "Counts of affected buildings, people, roads and devices",
            "schema": {"type": "object"},
        },
        "frames": {"title": "Path of the frames sidecar JSON, if frames were written", "schema": {}},
    },
    example={"area": "440304", "resolution": 5, "storm": "uniform:80mm/h:1800s", "duration": "1h"},
)

_DURATION_RE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(s|sec|min|h)?\s*$")
_UNIT_S = {None: 1.0, "s": 1.0, "sec": 1.0, "min": 60.0, "h": 3600.0}


def parse_duration(value: Any, what: str) -> float:
    """Seconds from a number or '600s', '10min', '2h'."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = _DURATION_RE.match(str(value))
        if match is None:
            raise BadRequestData(f"{what} {value!r} is not a duration like 600, 600s, 10min or 2h")
        seconds = float(match.group(1)) * _UNIT_S[match.group(2)]
    if not (math.isfinite(seconds) and seconds > 0):
        raise BadRequestData(f"{what} must be a positive duration, got {value!r}")
    return seconds


def _number(spec: str, key: str, text: Any) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise BadRequestData(f"storm {spec!r}: {key} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise BadRequestData(f"storm {spec!r}: {key} must be finite")
    return value


_CHICAGO_KEYS = {
    "a": "A",
    "c": "C",
    "p": "P",
    "b": "b",
    "n": "n",
    "duration": "duration_min",
    "duration_min": "duration_min",
    "r": "r",
    "step": "step_min",
    "step_min": "step_min",
}


def parse_storm(spec: str | Mapping[str, Any]) -> dict[str, Any]:
    """The canonical storm dict from 'chicago:A=..', 'uniform:100mm/h:600s', 'gauges[:600s]' or a dict."""
    if isinstance(spec, Mapping):
        kind = spec.get("kind")
        fields = {k: v for k, v in spec.items() if k != "kind"}
        text = str(dict(spec))
    else:
        kind, _, rest = str(spec).strip().partition(":")
        text = str(spec)
        fields = {}
        if kind == "chicago":
            for item in filter(None, (p.strip() for p in rest.split(","))):
                key, eq, val = item.partition("=")
                if not eq:
                    raise BadRequestData(f"storm {text!r}: {item!r} is not KEY=VALUE")
                fields[key.strip()] = val.strip()
        elif kind == "uniform":
            parts = rest.split(":")
            if len(parts) != 2:
                raise BadRequestData(
                    f"storm {text!r}: write uniform:INTENSITYmm/h:DURATION (uniform:100mm/h:600s)"
                )
            fields = {"intensity_mm_h": parts[0].strip().removesuffix("mm/h"), "duration_s": parts[1]}
        elif kind == "gauges" and rest:
            fields = {"duration_s": rest}
    if kind == "chicago":
        out: dict[str, Any] = {"kind": "chicago", "C": 0.0, "r": 0.4}
        for key, val in fields.items():
            name = _CHICAGO_KEYS.get(str(key).lower())
            if name is None:
                raise BadRequestData(
                    f"storm {text!r}: unknown parameter {key!r}; use A, C, P, b, n, duration, r, step"
                )
            out[name] = _number(text, key, val)
        missing = [k for k in ("A", "P", "b", "n", "duration_min") if k not in out]
        if missing:
            raise BadRequestData(f"storm {text!r}: missing {', '.join(missing)}")
        out.setdefault("step_min", 5.0 if out["duration_min"] % 5 == 0 else 1.0)
        # Building the hyetograph once validates the formula, the peak ratio and the step.
        chicago_hyetograph(_formula(out), out["P"], out["duration_min"], out["step_min"], out["r"])
        return out
    allowed = {"uniform": {"intensity_mm_h", "duration_s"}, "gauges": {"duration_s", "method"}}
    unknown = sorted(set(fields) - allowed.get(str(kind), set(fields)))
    if unknown:
        raise BadRequestData(f"storm {text!r}: unknown parameter(s) {', '.join(unknown)} for {kind}")
    if kind == "uniform":
        intensity = _number(text, "intensity", fields.get("intensity_mm_h"))
        if intensity < 0:
            raise BadRequestData(f"storm {text!r}: intensity must be >= 0 mm/h")
        return {
            "kind": "uniform",
            "intensity_mm_h": intensity,
            "duration_s": parse_duration(fields.get("duration_s"), f"storm {text!r} duration"),
        }
    if kind == "gauges":
        dur = fields.get("duration_s")
        method = fields.get("method", "idw")
        if method not in ("idw", "nearest"):
            raise BadRequestData(f"storm {text!r}: method must be idw or nearest")
        duration = None if dur is None else parse_duration(dur, f"storm {text!r} duration")
        return {"kind": "gauges", "duration_s": duration, "method": method}
    raise BadRequestData(
        f"storm {text!r} is not understood; use chicago:A=..,C=..,P=..,b=..,n=..,duration=MIN,r=.., "
        "uniform:INTENSITYmm/h:DURATION or gauges[:DURATION]"
    )


def _formula(storm: Mapping[str, Any]) -> StormFormula:
    return StormFormula(A=storm["A"], C=storm["C"], b=storm["b"], n=storm["n"])


def storm_end_s(storm: Mapping[str, Any]) -> float | None:
    """When the storm's rain stops (None for gauges without a duration)."""
    if storm["kind"] == "chicago":
        return float(storm["duration_min"]) * 60.0
    return None if storm["duration_s"] is None else float(storm["duration_s"])


class FloodScenario(Scenario):
    """The flood engine behind the scenario interface."""

    @property
    def metadata(self) -> ScenarioMetadata:
        """The process description."""
        return METADATA

    def validate(self, inputs: Mapping[str, Any], context: RunContext) -> dict[str, Any]:
        """Schema, storm, area, grid size and DEM coverage (header only): nothing is written yet."""
        if isinstance(inputs, Mapping) and "recorded" in inputs:
            # A rerun: everything but where to put frames comes from the record.
            extra = set(inputs) - {"recorded", "frames_dir"}
            if extra:
                raise BadRequestData(
                    f"a rerun takes only recorded and frames_dir, not {', '.join(sorted(extra))}"
                )
            for key in ("recorded", "frames_dir"):
                if not isinstance(inputs.get(key, ""), str):
                    raise BadRequestData(f"input {key!r} of flood must be a string")
            load_record(context.store, inputs["recorded"])
            return dict(inputs)
        checked = self.metadata.check_inputs(inputs)
        out = {**_DEFAULTS, **checked}
        out["resolution"] = float(out["resolution"])
        out["storm"] = storm = parse_storm(out["storm"])
        end = storm_end_s(storm)
        duration = out.get("duration")
        out["duration"] = (
            parse_duration(duration, "duration") if duration is not None else (end or 0) + 1800.0
        )
        if "frame_interval" in out:
            out["frame_interval"] = parse_duration(out["frame_interval"], "frame interval")
        else:
            out["frame_interval"] = float(math.ceil(out["duration"] / 12 / 60) * 60)
        if out["duration"] / out["frame_interval"] > 200:
            raise BadRequestData(f"frame interval {out['frame_interval']} s would give more than 200 frames")
        area = twin.parse_area(out["area"], context.store, out["area_crs"])
        grid = twin.grid_for(area, out["resolution"], int(out["max_cells"]))
        twin.pick_dem(context.store, grid, out.get("dem"), out.get("dem_crs"))
        return out

    def execute(self, inputs: dict[str, Any], context: RunContext) -> dict[str, Any]:
        """Build (or load) the recorded inputs, run, compute impacts, write frames and the result."""
        context.progress(1, "reading the twin")
        record_id = inputs.get("recorded", context.job_id)
        ref = {"kind": RECORD_KIND, "id": record_id}
        if "recorded" in inputs:
            record = load_record(context.store, record_id)
        else:
            record = build_record(inputs, context)
            context.store.put_document(RECORD_KIND, record_id, record)
        if context.cancelled():
            raise ScenarioCancelled("dismissed before the run started", {"recordedInputs": ref})
        fi = FloodInputs.from_dict(record["flood_inputs"])
        targets = twin.Targets.from_dict(record["targets"])
        meta = record["meta"]
        fingerprint = record["fingerprint"]
        context.progress(5, "simulating")

        def on_step(fraction: float, t: float) -> None:
            context.progress(5 + 85 * fraction, f"simulating: t = {t:.0f} of {fi.duration_s:.0f} s")

        try:
            result = run_flood(fi, progress=on_step, cancel=context.cancelled)
        except FloodCancelled as err:
            partial = {"inputsFingerprint": fingerprint, "recordedInputs": ref, **_brief(err.partial)}
            raise ScenarioCancelled(
                f"dismissed at t = {err.partial.sim_time_s:.0f} of {fi.duration_s:.0f} s", partial
            ) from None
        if result.inputs_fingerprint != fingerprint:
            raise InternalError(f"recorded inputs {record_id} do not match their fingerprint")
        impacts = compute_impacts(result, fi, targets, meta["thresholds"])
        frames_path = None
        if inputs.get("frames_dir"):
            context.progress(92, "writing depth frames")
            sidecar = frames.write_frames(
                inputs["frames_dir"],
                fi.grid,
                times_s=result.times_s,
                depth=result.depth,
                max_depth=result.max_depth,
                meta={"job_id": context.job_id, "inputs_fingerprint": fingerprint},
                mask=area_mask(fi.grid, targets.area),
            )
            frames_path = str(sidecar)
        if context.cancelled():
            raise ScenarioCancelled(
                "dismissed before the results were written", {**_brief(result), "recordedInputs": ref}
            )
        context.progress(96, "writing the result to the twin")
        entity_id = write_back(context, meta, fingerprint, result, impacts)
        return {
            "resultEntity": entity_id,
            "inputsFingerprint": fingerprint,
            "recordedInputs": ref,
            "maxDepthSha256": hashlib.sha256(np.ascontiguousarray(result.max_depth).tobytes()).hexdigest(),
            "area": meta["area_label"],
            "adminCode": meta["admin_code"],
            "storm": meta["storm"],
            "grid": {
                "x0": fi.grid.x0,
                "y0": fi.grid.y0,
                "dx": fi.grid.dx,
                "nx": fi.grid.nx,
                "ny": fi.grid.ny,
                "crs": fi.grid.crs,
            },
            **_brief(result),
            "massBalance": result.mass_balance.to_dict(),
            **impacts,
            "frames": frames_path,
            "skipped": targets.skipped,
        }


def _brief(result: FloodResult) -> dict[str, Any]:
    return {
        "simTimeS": result.sim_time_s,
        "nSteps": result.n_steps,
        "wallTimeS": result.wall_time_s,
        "maxDepthM": float(np.max(result.max_depth, initial=0.0)),
    }


def load_record(store: TenantStore, job_id: str) -> dict[str, Any]:
    """The recorded inputs of a job (ResourceNotFound naming the job otherwise)."""
    try:
        return store.get_document(RECORD_KIND, job_id)
    except ResourceNotFound:
        raise ResourceNotFound(
            f"job {job_id} has no recorded flood inputs (it failed before its inputs were built, or "
            "is not a flood job)"
        ) from None


def build_record(inputs: Mapping[str, Any], context: RunContext) -> dict[str, Any]:
    """Read the twin and assemble the FloodInputs and impact targets of a run, as a JSON-able record."""
    store = context.store
    area = twin.parse_area(inputs["area"], store, inputs["area_crs"])
    grid = twin.grid_for(area, inputs["resolution"], int(inputs["max_cells"]))
    raster = twin.pick_dem(store, grid, inputs.get("dem"), inputs.get("dem_crs"))
    dem = raster.resample(grid)
    context.progress(2, "reading buildings, roads and devices")
    targets = twin.gather_targets(store, area)
    mode = inputs["building_mode"]
    mask, dem = twin.burn_buildings(grid, targets, dem, mode)
    storm = inputs["storm"]
    duration = float(inputs["duration"])
    fi = FloodInputs(
        grid=grid,
        dem=dem,
        duration_s=duration,
        buildings=mask,
        building_mode="raised" if mode == "raised" else "mask",
        building_height=0.0,  # raised mode: each footprint already carries its own height in the DEM
        roof_routing=mode != "raised",
        rainfall=_rainfall(storm, store, area, duration, float(inputs["gauge_search_m"])),
        drainage=Drainage(uniform_mm_h=float(inputs["drainage_mm_h"])) if inputs["drainage_mm_h"] else None,
        boundaries=tuple(Boundary(e, "free") for e in EDGES) if inputs["boundary"] == "free" else (),
        output_interval_s=float(inputs["frame_interval"]),
        options=SolverOptions(threads=int(inputs["threads"]), backend=inputs["backend"]),
    )
    meta = {
        "area_label": area.label,
        "admin_code": area.admin_code,
        "area_entity": area.entity_id,
        "area_wgs84": to_geojson(area.wgs84),
        "storm": storm,
        "dem": raster.path,
        "thresholds": {
            k: float(inputs[k]) for k in ("road_threshold_m", "building_threshold_m", "device_threshold_m")
        },
    }
    return {
        "fingerprint": fi.fingerprint(),
        "flood_inputs": fi.to_dict(),
        "targets": targets.to_dict(),
        "meta": meta,
    }


def _rainfall(
    storm: Mapping[str, Any], store: TenantStore, area: twin.Area, duration: float, search_m: float
) -> Rainfall:
    if storm["kind"] == "chicago":
        return Rainfall(
            hyetograph=chicago_hyetograph(
                _formula(storm), storm["P"], storm["duration_min"], storm["step_min"], storm["r"]
            )
        )
    if storm["kind"] == "uniform":
        return Rainfall(hyetograph=Hyetograph.constant(storm["intensity_mm_h"], storm["duration_s"]))
    readings = twin.gather_gauges(store, area, search_m)
    if not readings:
        raise BadRequestData(
            f"no rain gauges within {search_m:.0f} m of {area.label}: spatial rain needs RainGauge entities "
            "(or Devices with controlledProperty rainfall) with a rainfall value in mm/h"
        )
    span = storm["duration_s"] or duration
    gauges = tuple(RainGauge(g.entity_id, g.x, g.y, Hyetograph.constant(g.rate_mm_h, span)) for g in readings)
    return Rainfall(gauges=gauges, method=storm["method"])


def compute_impacts(
    result: FloodResult, fi: FloodInputs, targets: twin.Targets, thresholds: Mapping[str, float]
) -> dict[str, Any]:
    """Affected buildings (entrance depth), impassable roads, submerged devices, people, flooded area."""
    grid, depth = fi.grid, result.max_depth
    # Flooded area counts cells of the area only, not the rest of its bounding box.
    inside = np.where(area_mask(grid, targets.area), depth, 0.0)
    entrance = building_entrance_depths(depth, grid, targets.buildings, footprints=fi.buildings)
    b_thr = thresholds["building_threshold_m"]
    buildings = [
        {"id": bid, "entranceDepthM": d, "people": targets.people.get(bid)}
        for bid, d in entrance.items()
        if math.isfinite(d) and d >= b_thr
    ]
    roads = [
        {"id": rid, "maxDepthM": imp.max_depth_m, "floodedLengthM": imp.flooded_length_m}
        for rid, imp in road_impacts(depth, grid, targets.roads, thresholds["road_threshold_m"]).items()
        if imp.impassable
    ]
    d_thr = thresholds["device_threshold_m"]
    devices = [
        {"id": did, "depthM": d}
        for did, d in device_depths(depth, grid, targets.devices).items()
        if d is not None and d >= d_thr
    ]
    people = float(sum(targets.people.get(str(b["id"]), 0.0) for b in buildings))
    return {
        "affected": {
            "buildings": len(buildings),
            "people": people,
            "impassableRoads": len(roads),
            "submergedDevices": len(devices),
        },
        "floodedArea": [c.to_dict() for c in flooded_area_by_class(inside, grid.cell_area, fi.depth_classes)],
        "buildings": buildings,
        "roads": roads,
        "devices": devices,
    }


def area_mask(grid: Grid, area: Any) -> npt.NDArray[np.bool_]:
    """Cells of the grid whose centres lie inside the area (the grid covers its bounding box)."""
    rows, cols, inside = cells_in(grid, area)
    out = np.zeros(grid.shape, dtype=bool)
    if inside.size:
        out[rows, cols] = inside
    return out


def _objects(items: list[dict[str, Any]]) -> Attribute:
    return Attribute(AttrType.LIST_RELATIONSHIP, [{"object": i["id"]} for i in items])


def write_back(
    context: RunContext,
    meta: Mapping[str, Any],
    fingerprint: str,
    result: FloodResult,
    impacts: dict[str, Any],
) -> str:
    """Write the FloodScenarioResult entity and floodDepth onto the linked entities; returns its id."""
    now = format_instant(context.clock())
    code = city_code.generate(
        meta["admin_code"], "EV", source=SOURCE, natural_id=f"{fingerprint}:{now}:{context.job_id}"
    )
    entity_id = city_code.to_urn(code, RESULT_TYPE)
    entity = Entity(id=entity_id, types=(RESULT_TYPE,))
    affected = impacts["affected"]
    props: dict[str, Attribute] = {
        ADMIN_CODE: prop(meta["admin_code"]),
        LOCATION: Attribute(AttrType.GEOPROPERTY, meta["area_wgs84"]),
        "jobId": prop(context.job_id),
        "inputsFingerprint": prop(fingerprint),
        "storm": Attribute(AttrType.JSON_PROPERTY, meta["storm"]),
        "simulatedDuration": prop(result.sim_time_s, unit_code="SEC"),
        "resolution": prop(result.grid.dx, unit_code="MTR"),
        "maxDepth": prop(float(np.max(result.max_depth, initial=0.0)), unit_code="MTR", observed_at=now),
        "floodedArea": Attribute(AttrType.JSON_PROPERTY, impacts["floodedArea"], observed_at=now),
        "massBalanceError": prop(result.mass_balance.relative_error),
        "affectedBuildingCount": prop(affected["buildings"], observed_at=now),
        "affectedPeople": prop(affected["people"], observed_at=now),
        "impassableRoadCount": prop(affected["impassableRoads"], observed_at=now),
        "submergedDeviceCount": prop(affected["submergedDevices"], observed_at=now),
        "affectedBuildings": _objects(impacts["buildings"]),
        "impassableRoads": _objects(impacts["roads"]),
        "submergedDevices": _objects(impacts["devices"]),
    }
    if meta.get("area_entity"):
        props["refArea"] = rel(meta["area_entity"])
    for name, attr in props.items():
        entity.set(name, attr)
    depths = {b["id"]: b["entranceDepthM"] for b in impacts["buildings"]}
    depths |= {r["id"]: r["maxDepthM"] for r in impacts["roads"]}
    depths |= {d["id"]: d["depthM"] for d in impacts["devices"]}
    patches = []
    # Only entities that still exist get a depth: a merge would otherwise re-create deleted ones.
    for eid, current in context.store.get_many(list(depths)).items():
        patch = Entity(id=eid, types=current.types[:1])
        patch.set("floodDepth", prop(depths[eid], unit_code="MTR", observed_at=now, dataset_id=entity_id))
        patches.append(patch)
    outcome = context.store.upsert_many([entity, *patches], merge=True)
    if outcome.errors:
        first = outcome.errors[0]
        detail = first.problem.get("detail")
        raise InternalError(f"writing the flood result failed for {first.entity_id}: {detail}")
    return entity_id
