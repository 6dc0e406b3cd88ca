"""Device registry: bulk registration from CSV / JSON / NDJSON on both backends, codes, twins, the index."""

from __future__ import annotations

import json

import pytest
import shapely

from citytwin.core.codes import device_code
from citytwin.core.entities import AttrType, Entity, prop
from citytwin.core.query import EntityQuery, GeoFilter, GeoRel, types_of
from citytwin.demo.hierarchy import district_boundaries
from citytwin.ingest.iot import registry as registry_module
from citytwin.ingest.iot.registration import detect_format, read_rows
from citytwin.ingest.iot.registry import DeviceRegistry
from citytwin.ingest.iot.service import IoTService
from citytwin.storage.base import Store
from citytwin.stream.bus import EventBus

from .conftest import BUILDING, PIPE, ROAD, SPOT, register

CSV = f"""type,district,twin,lon,lat,name,serialNumber
water-pressure,440304,{PIPE},114.0596,22.5431,深南大道压力点1,WP-0001
traffic-flow,440304,{ROAD},114.0601,22.5429,深南大道东行检测器,TF-0001
parking-space,440304,{SPOT},114.0589,22.5440,,PS-0001
smoke-detector,440304,{BUILDING},,,市民中心 3F 烟感,SD-0001
"""


def test_csv_registration_assigns_codes_and_writes_device_entities(iot: IoTService, bus: EventBus) -> None:
    seen = []
    bus.subscribe(lambda change: seen.append(change.entity_id))
    result = iot.registry.register("", read_rows(CSV.encode(), "csv"))
    assert not result.errors, result.errors
    assert result.created == 4 and result.updated == 0
    codes = result.codes
    assert [c[6:9] for c in codes if c] == ["W02", "T01", "K01", "S01"]
    assert all(c and c.startswith("440304") and device_code.validate(c).valid for c in codes)
    assert codes[0] == device_code.generate("440304", "water", "02", 1).code  # first in its district and type
    ts = iot.store.tenant("")
    device = ts.get(device_code.URN_PREFIX + str(codes[0]))
    assert device.types == ("Device",)
    assert device.value("deviceCode") == codes[0]
    assert device.value("deviceType") == "water-pressure"
    assert device.value("deviceCategory") == ["sensor"]
    assert device.value("controlledProperty") == ["pressure"]
    assert device.value("deviceState") == "unknown"
    assert device.value("adminCode") == "440304"
    assert device.value("serialNumber") == "WP-0001"
    asset = device.attr("controlledAsset")
    assert asset is not None and asset.type is AttrType.RELATIONSHIP
    assert asset.value == PIPE and asset.extra == {"objectType": "Pipe"}
    assert device.location() is not None
    assert set(seen) >= {device_code.URN_PREFIX + str(c) for c in codes}  # change events for every device
    record = iot.registry.get("", str(codes[1]))
    assert record is not None and record.twin_id == ROAD and record.twin_types == ("Road",)


def test_json_and_ndjson_rows_with_explicit_codes(iot: IoTService) -> None:
    first = device_code.generate("440305", "environment", "02", 77).code
    second = device_code.generate("440305", "environment", "03", 78).code
    doc = json.dumps({"devices": [{"code": first, "twin": BUILDING}, {"code": second.lower()}]}).encode()
    assert register(iot, list(read_rows(doc, detect_format("devices.json")))) == [first, second]
    unbound = iot.registry.get("", second)
    assert unbound is not None and unbound.twin_id == unbound.entity_id  # its own twin
    lines = b'{"type": "noise", "district": "440305"}\n\n{"type": "noise", "district": "440305"}\n'
    codes = register(iot, list(read_rows(lines, detect_format(None, "application/x-ndjson"))))
    assert [int(c[9:16]) for c in codes] == [79, 80]  # numbering continues after the highest sequence


def test_bad_rows_are_reported_and_the_rest_registered(iot: IoTService) -> None:
    good = device_code.generate("440304", "water", "02", 5).code
    rows = [
        {"type": "water-pressure", "district": "440304", "twin": PIPE},
        {"type": "hovercraft", "district": "440304"},
        {"code": good[:-1] + ("0" if good[-1] != "0" else "1")},
        {"type": "water-pressure", "district": "440304", "twin": "urn:ngsi-ld:Pipe:missing"},
        {
            "type": "traffic-flow",
            "district": "440304",
            "twin": PIPE,
        },  # a traffic detector cannot observe a pipe
        {"type": "camera", "district": "440304", "lon": 114.06, "lat": 22.54},  # no stream, view, owner
        {"type": "water-pressure", "district": "440304", "colour": "blue"},
        {"code": good, "type": "traffic-flow"},
        {"type": "water-pressure", "district": "440399"},
        {"code": good},
        {"code": good},
    ]
    result = iot.registry.register("", rows)
    errors = {e["row"]: e["error"] for e in result.errors}
    assert result.created == 2
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8, 9, 11]
    assert "unknown device type" in errors[2]
    assert "check character" in errors[3]
    assert "does not exist" in errors[4]
    assert "may observe" in errors[5]
    assert "needs 'streamUrl'" in errors[6]
    assert "unknown column" in errors[7]
    assert "W02" in errors[8]
    assert "district" in errors[9]
    assert "twice" in errors[11]
    assert result.codes[9] == good and result.codes[10] is None


def test_cameras_register_with_view_and_stream_and_are_found_by_area(iot: IoTService) -> None:
    boundaries = district_boundaries()
    futian, luohu = boundaries["440304"], boundaries["440303"]
    inside = shapely.get_coordinates(futian.representative_point())[0]
    outside = shapely.get_coordinates(luohu.representative_point())[0]
    rows = [
        {
            "type": "camera",
            "district": district,
            "lon": float(x),
            "lat": float(y),
            "streamUrl": f"rtsp://video.sz.gov.cn/{district}/cam{n}",
            "viewDirection": 135,
            "owner": "深圳市公安局",
            "fieldOfView": 90,
        }
        for n, (district, (x, y)) in enumerate([("440304", inside), ("440303", outside)])
    ]
    codes = register(iot, rows)
    assert [c[6:9] for c in codes] == ["C01", "C01"]
    ts = iot.store.tenant("")
    cam = ts.get(device_code.URN_PREFIX + codes[0])
    assert cam.value("streamUrl") == "rtsp://video.sz.gov.cn/440304/cam0"
    view = cam.attr("viewDirection")
    assert view is not None and view.value == 135 and view.unit_code == "DD"
    assert cam.value("owner") == "深圳市公安局"
    assert cam.value("deviceCategory") == ["multimedia"]
    # Queryable by area: within Futian's real boundary, and by the owning district's code.
    found = ts.query(EntityQuery(types=types_of("Device"), geo=GeoFilter(GeoRel.WITHIN, futian)))
    assert [e.id for e in found.entities] == [cam.id]
    by_admin = ts.query(EntityQuery(types=types_of("Device"), admin_code="440303"))
    assert [e.value("deviceCode") for e in by_admin.entities] == [codes[1]]
    bad = dict(rows[0], streamUrl="ftp://x", lon=114.0)
    assert "rtsp" in iot.registry.register("", [bad]).errors[0]["error"]
    assert "outside" in iot.registry.register("", [dict(rows[0], viewDirection=400)]).errors[0]["error"]


def test_re_registration_updates_and_keeps_health(iot: IoTService) -> None:
    code = register(iot, [{"type": "water-pressure", "district": "440304", "twin": PIPE}])[0]
    ts = iot.store.tenant("")
    ts.merge(Entity(device_code.URN_PREFIX + code, ("Device",), {"deviceState": [prop("offline")]}))
    result = iot.registry.register("", [{"code": code, "twin": PIPE, "name": "renamed"}])
    assert (result.created, result.updated) == (0, 1)
    device = ts.get(device_code.URN_PREFIX + code)
    assert device.value("name") == "renamed"
    assert device.value("deviceState") == "offline"  # merged, not replaced


def test_the_index_loads_from_the_store_and_misses_ask_it(store: Store, iot: IoTService) -> None:
    codes = register(
        iot, [{"type": "noise", "district": "440306"}, {"type": "rain-gauge", "district": "440306"}]
    )
    register(iot, [{"type": "noise", "district": "440306"}], tenant="bao-an")
    fresh = DeviceRegistry(store)
    assert fresh.load() == 3
    assert fresh.tenants() == ["", "bao-an"]
    record = fresh.get("", codes[1])
    assert record is not None and record.type.id == "rain-gauge"
    # Another process registers a device: this index does not have it, but a lookup finds it in the store.
    late = register(iot, [{"type": "noise", "district": "440306"}])[0]
    assert fresh.get("", late) is None
    found = fresh.lookup("", late)
    assert found is not None and found.code == late
    unknown = device_code.generate("440306", "E", "03", 999).code
    assert fresh.lookup("", unknown) is None
    register(iot, [{"code": unknown}])
    assert fresh.lookup("", unknown) is None  # a remembered miss, for a short while
    fresh.forget_misses()
    assert fresh.lookup("", unknown) is not None


def test_without_twin_verification_the_type_must_be_given(iot: IoTService) -> None:
    rows = [
        {"type": "water-level", "district": "440304", "twin": "urn:ngsi-ld:Manhole:m1", "twinType": "Manhole"}
    ]
    result = iot.registry.register("", rows, verify_twins=False)
    assert not result.errors
    record = iot.registry.get("", str(result.codes[0]))
    assert record is not None and record.twin_types == ("Manhole",)
    missing = iot.registry.register(
        "", [{"type": "water-level", "district": "440304", "twin": PIPE}], verify_twins=False
    )
    assert "twinType" in missing.errors[0]["error"]


def test_bulk_registration_in_chunks_with_progress(iot: IoTService, monkeypatch: pytest.MonkeyPatch) -> None:
    n = 12_345
    monkeypatch.setattr(registry_module, "CHUNK", 5000)
    seen: list[tuple[int, int]] = []
    rows = [{"type": "parking-space", "district": "440305", "name": f"P{i}"} for i in range(n)]
    result = iot.registry.register("", rows, progress=lambda d, t: seen.append((d, t)), total=n)
    assert result.created == n and not result.errors
    assert seen == [(5000, n), (10000, n), (n, n)]
    assert len(set(result.codes)) == n
    count = iot.store.tenant("").query(EntityQuery(types=types_of("Device"), count=True, limit=0)).count
    assert count == n
    assert DeviceRegistry(iot.store).load() == n
