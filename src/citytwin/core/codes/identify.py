"""Tell which kind of identifier a value is (USCC, resident ID, GB/T 2260 code, city code) and validate it."""

from __future__ import annotations

import re

from citytwin.core.codes import admin, city_code, device_code
from citytwin.core.codes.ids import Validation, validate_resident_id, validate_uscc

KINDS = ("uscc", "resident_id", "admin_code", "city_code", "device_code")
_RESIDENT_SHAPE = re.compile(r"^\d{17}[\dXx]$")
_ADMIN_SHAPE = re.compile(r"^\d{2,12}$")
DOMAIN_LETTERS = frozenset(device_code.DOMAINS)


def detect_kind(value: str) -> str:
    """The most plausible kind for ``value``, from its shape (validity is not checked)."""
    text = value.strip()
    compact = device_code.normalize(text)
    shaped = len(compact) == device_code.LENGTH and compact[:6].isdigit() and compact[6] in DOMAIN_LETTERS
    # A hyphenated city code with a 7-digit sequence has the same compact shape: then the hyphens decide.
    if shaped and ("-" not in text or not city_code.validate(text).valid):
        return "device_code"
    if "-" in text:
        return "city_code"
    if _ADMIN_SHAPE.match(text) and len(text) != 18:
        return "admin_code"
    if len(text) == 18:
        # 18 digits may be either: a resident ID has a birth date at positions 7..14; take the valid one.
        resident = validate_resident_id(text).valid or not validate_uscc(text).valid
        if _RESIDENT_SHAPE.match(text) and resident:
            return "resident_id"
        return "uscc"
    return "city_code" if text[:1].isdigit() and len(text) > 18 else "uscc"


def validate_any(value: str, kind: str | None = None) -> Validation:
    """Validate ``value`` as ``kind`` (detected from its shape when None)."""
    chosen = kind or detect_kind(value)
    if chosen == "uscc":
        return validate_uscc(value)
    if chosen == "resident_id":
        return validate_resident_id(value)
    if chosen == "admin_code":
        return admin.is_valid_admin_code(value)
    if chosen == "city_code":
        return city_code.validate(value)
    if chosen == "device_code":
        return device_code.validate(value)
    return Validation(
        str(chosen), False, f"unknown identifier kind {chosen!r}; expected one of {', '.join(KINDS)}"
    )
