"""Device registration with an ``adminCode`` column: the street or community a device stands in."""

from __future__ import annotations

import pytest

from citytwin.core.codes import device_code
from citytwin.core.query import EntityQuery, types_of
from citytwin.errors import BadRequestData
from citytwin.ingest.iot.catalog import shipped_types
from citytwin.ingest.iot.registration import plan_row, read_rows
from citytwin.ingest.iot.service import IoTService

from .conftest import BUILDING, PIPE

# Real GB/T 2260-style codes of Futian (440304) and Nanshan (440305).
YUANLING = "440304002"  # 园岭街道
HONGLI = "440304002016"  # 红荔社区, in 园岭
NANTOU_CITY = "440305001001"  # 南头城社区, Nanshan


def test_a_community_or_street_code_is_the_devices_admin_code(iot: IoTService) -> None:
    text = (
        "type,district,twin,lon,lat,adminCode\n"
        f"water-pressure,440304,{PIPE},114.0596,22.5431,{HONGLI}\n"
        f"smoke-detector,440304,{BUILDING},,,{YUANLING}\n"
        f"smoke-detector,440304,{BUILDING},,,\n"
        f"smoke-detector,440304,{BUILDING},,,440304\n"
    )
    result = iot.registry.register("", read_rows(text.encode(), "csv"))
    assert not result.errors, result.errors
    twin = iot.store.tenant("")
    codes = [str(c) for c in result.codes]
    found = [twin.get(device_code.URN_PREFIX + c).value("adminCode") for c in codes]
    # No column, or the district's own code: the district, as before.
    assert found == [HONGLI, YUANLING, "440304", "440304"]
    # adminCode queries by street find the device registered to its community.
    in_street = twin.query(EntityQuery(types=types_of("Device"), admin_code=YUANLING)).entities
    assert {e.id for e in in_street} == {device_code.URN_PREFIX + codes[0], device_code.URN_PREFIX + codes[1]}


def test_padded_and_explicit_code_rows_are_accepted(iot: IoTService) -> None:
    code = device_code.generate("440304", "water", "02", 42).code
    rows = [{"code": code, "twin": PIPE, "adminCode": YUANLING + "000"}]  # a street in 12-digit form
    result = iot.registry.register("", rows)
    assert not result.errors, result.errors
    assert iot.store.tenant("").get(device_code.URN_PREFIX + code).value("adminCode") == YUANLING


def test_bad_admin_codes_are_row_errors_and_the_other_rows_register(iot: IoTService) -> None:
    outside = device_code.generate("440304", "water", "02", 7).code
    rows = [
        {"type": "water-pressure", "district": "440304", "twin": PIPE, "adminCode": HONGLI},
        {"type": "water-pressure", "district": "440304", "twin": PIPE, "adminCode": NANTOU_CITY},
        {"code": outside, "twin": PIPE, "adminCode": NANTOU_CITY},
        {"type": "water-pressure", "district": "440304", "twin": PIPE, "adminCode": "440304999999"},
        {"type": "water-pressure", "district": "440304", "twin": PIPE, "adminCode": "44030400201X"},
        {"type": "water-pressure", "district": "440304", "twin": PIPE, "adminCode": "440305"},
    ]
    result = iot.registry.register("", rows)
    assert result.codes[0] is not None and result.codes[1:] == [None] * 5
    errors = {e["row"]: e["error"] for e in result.errors}
    assert sorted(errors) == [2, 3, 4, 5, 6]
    assert errors[2] == (
        "row 2: adminCode 440305001001 (南头城社区居委会) is not in district 440304, "
        "the device's owning district"
    )
    assert "not in district 440304" in errors[3]  # the district named by the device code
    assert "unknown community code 440304999999" in errors[4]
    assert "bad character 'X'" in errors[5]
    assert "must be a street (9 digits) or community (12 digits) code" in errors[6]


def test_city_owned_devices_may_stand_in_any_shenzhen_community() -> None:
    types = shipped_types()
    plan = plan_row(1, {"type": "noise", "district": "440300", "adminCode": NANTOU_CITY}, types)
    assert plan.admin_code == NANTOU_CITY
    with pytest.raises(BadRequestData, match="not in district 440305"):
        plan_row(1, {"type": "noise", "district": "440305", "adminCode": HONGLI}, types)
    # Dapeng's streets are coded under Longgang (440307): a Longgang device may stand there.
    assert plan_row(1, {"type": "noise", "district": "440307", "adminCode": "440307009"}, types).admin_code
