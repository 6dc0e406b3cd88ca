"""ISO 8601 parsing and the microsecond clock the stores use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from citytwin.core.timeutil import format_instant, from_micros, parse_instant, parse_utc_datetime, to_micros
from citytwin.errors import BadRequestData


def test_parse_accepts_z_offsets_and_naive() -> None:
    z = parse_instant("2026-11-21T08:00:00Z")
    assert z == datetime(2026, 11, 21, 8, tzinfo=UTC)
    assert parse_instant("2026-11-21T16:00:00+08:00") == z
    assert parse_instant("2026-11-21T08:00:00") == z


def test_micros_round_trip_and_format() -> None:
    t = datetime(2026, 11, 21, 8, 0, 0, 123456, tzinfo=timezone(timedelta(hours=8)))
    assert from_micros(to_micros(t)) == t
    assert format_instant(t) == "2026-11-21T00:00:00.123456Z"
    assert to_micros(datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)) == 1_000_000


@pytest.mark.parametrize("bad", ["", "yesterday", "2026-13-01T00:00:00Z"])
def test_bad_instants(bad: str) -> None:
    with pytest.raises(BadRequestData):
        parse_instant(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-21T08:00:00Z", datetime(2026, 11, 21, 8, tzinfo=UTC)),
        ("2026-11-21T08:00:00.250Z", datetime(2026, 11, 21, 8, 0, 0, 250000, tzinfo=UTC)),
    ],
)
def test_ngsi_ld_date_times_are_utc_with_z(text: str, expected: datetime) -> None:
    assert parse_utc_datetime(text) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "2026-11-21T16:00:00+08:00",  # 4.6.3: an offset is not an alternative form (TP 408_01_02)
        "2026-11-21T08:00:00+00:00",
        "2026-11-21T08:00:00+08:00Z",
        "2026-11-21T08:00:00",
        "2026-11-21",
        "2026-11-21T25:00:00Z",
        "notadateZ",
        "",
        5,
        None,
    ],
)
def test_ngsi_ld_date_times_reject_offsets_and_naive_values(bad: object) -> None:
    with pytest.raises(BadRequestData, match="observedAt"):
        parse_utc_datetime(bad, "observedAt")
