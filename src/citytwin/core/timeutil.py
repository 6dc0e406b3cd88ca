"""Time helpers: every instant in the core is a timezone-aware UTC datetime or an ISO 8601 string."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from citytwin.errors import BadRequestData

Clock = Callable[[], datetime]
"""A clock returns the current UTC time; time-dependent logic takes one so tests can drive time."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def utc_now() -> datetime:
    """The system clock, in UTC."""
    return datetime.now(UTC)


def parse_instant(text: str) -> datetime:
    """Parse an ISO 8601 date-time; naive values are taken as UTC. Raises BadRequestData."""
    if not isinstance(text, str) or not text:
        raise BadRequestData(f"expected an ISO 8601 date-time string, got {text!r}")
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        raise BadRequestData(f"{text!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_utc_datetime(text: Any, what: str = "DateTime") -> datetime:
    """Parse an NGSI-LD DateTime member (4.6.3): ISO 8601 with a date, a time and the trailing ``Z``.

    The spec writes every timestamp in UTC, so a numeric offset (even ``+00:00``) or a value without a zone
    is not an alternative form: BadRequestData naming ``what`` (TP 408_01_02)."""
    if not isinstance(text, str) or not text.endswith("Z") or "T" not in text:
        raise BadRequestData(f"{what} must be an ISO 8601 UTC date-time ending in 'Z', got {text!r}")
    try:
        value = datetime.fromisoformat(text[:-1])
    except ValueError:
        raise BadRequestData(f"{what}: {text!r} is not an ISO 8601 date-time") from None
    if value.tzinfo is not None:
        raise BadRequestData(f"{what} must be an ISO 8601 UTC date-time ending in 'Z', got {text!r}")
    return value.replace(tzinfo=UTC)


def format_instant(value: datetime) -> str:
    """Format as ISO 8601 UTC with a ``Z`` suffix and microseconds only when present."""
    value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def to_micros(value: datetime) -> int:
    """Microseconds since the Unix epoch (how both stores keep time-ordered history)."""
    delta = value.astimezone(UTC) - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int) -> datetime:
    """Inverse of :func:`to_micros`."""
    from datetime import timedelta

    return EPOCH + timedelta(microseconds=value)
