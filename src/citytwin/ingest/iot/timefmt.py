"""Fast ISO 8601 formatting of µs timestamps (every live value and health write needs one)."""

from __future__ import annotations

import time


def iso_us(us: int) -> str:
    """``2025-06-01T08:00:00Z`` (``.ffffff`` when there are microseconds), as ``format_instant`` writes it.

    ``time.gmtime`` and an f-string: about three times faster than ``datetime.strftime``.
    """
    seconds, micros = divmod(us, 1_000_000)
    t = time.gmtime(seconds)
    text = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
    return f"{text}.{micros:06d}Z" if micros else f"{text}Z"
