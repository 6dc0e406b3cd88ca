"""Unified social credit codes (GB 32100-2015) and resident ID numbers (GB 11643-1999).

Validation never raises: it returns a :class:`Validation` whose ``reason`` names the problem. The ``ensure_*``
variants raise :class:`~citytwin.errors.InvalidCode` with that reason and return the canonical form.
Resident ID numbers are personal information: reasons never echo the whole number, :func:`mask_resident_id`
is the only way to show one, and :func:`hash_resident_id` is the only form that may be stored.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from citytwin.errors import InvalidCode

__all__ = [
    "RESIDENT_ID_CHECK_CHARS",
    "USCC_ALPHABET",
    "Validation",
    "ensure_resident_id",
    "ensure_uscc",
    "hash_resident_id",
    "mask_resident_id",
    "resident_id_birth_date",
    "resident_id_check_char",
    "uscc_check_char",
    "validate_resident_id",
    "validate_uscc",
]


@dataclass(frozen=True, slots=True)
class Validation:
    """The outcome of checking a code: what kind it is, whether it is valid, and why not."""

    kind: str
    valid: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.valid

    def ensure(self) -> None:
        """Raise InvalidCode with the reason unless the code is valid."""
        if not self.valid:
            raise InvalidCode(self.reason, codeKind=self.kind)


def _ok(kind: str) -> Validation:
    return Validation(kind, True, "")


def _bad(kind: str, reason: str) -> Validation:
    return Validation(kind, False, reason)


# --- unified social credit code (GB 32100-2015) ------------------------------------------------------------

USCC_KIND = "uscc"
# GB 32100 leaves out I, O, S, V and Z so that they cannot be misread as 1, 0, 5, U and 2.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18


def uscc_check_char(first17: str) -> str:
    """Compute the 18th (check) character of a unified social credit code from its first 17."""
    if len(first17) != USCC_LENGTH - 1:
        raise InvalidCode(f"need the first 17 characters of a USCC, got {len(first17)}")
    total = 0
    for pos, (char, weight) in enumerate(zip(first17, _USCC_WEIGHTS, strict=True), start=1):
        value = _USCC_VALUE.get(char)
        if value is None:
            raise InvalidCode(f"bad character {char!r} at position {pos} of the USCC")
        total += value * weight
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: object) -> Validation:
    """Check a unified social credit code: length, alphabet, region digits and check character."""
    if not isinstance(value, str):
        return _bad(USCC_KIND, f"a USCC must be a string, got {type(value).__name__}")
    code = value.strip().upper()
    if len(code) != USCC_LENGTH:
        return _bad(USCC_KIND, f"wrong length: a USCC has 18 characters, got {len(code)}")
    for pos, char in enumerate(code, start=1):
        if char not in _USCC_VALUE:
            return _bad(USCC_KIND, f"bad character {char!r} at position {pos}")
    # Positions 3..8 are the GB/T 2260 code of the registering authority's area: always digits.
    for pos in range(3, 9):
        if not code[pos - 1].isdigit():
            return _bad(USCC_KIND, f"bad character {code[pos - 1]!r} at position {pos}: the region is digits")
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return _bad(USCC_KIND, f"check character should be {expected}, got {code[17]}")
    return _ok(USCC_KIND)


def ensure_uscc(value: str) -> str:
    """Return the canonical (upper-case) USCC, or raise InvalidCode naming the problem."""
    validate_uscc(value).ensure()
    return value.strip().upper()


# --- resident identity card number (GB 11643-1999) ----------------------------------------------------------

RESIDENT_ID_KIND = "resident_id"
RESIDENT_ID_CHECK_CHARS = "10X98765432"
_RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_LENGTH = 18
# GB/T 2260 province-level prefixes; 71 (Taiwan), 81 (Hong Kong) and 82 (Macao) appear on residence permits.
PROVINCE_PREFIXES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    }
)
# Residence permits for Hong Kong, Macao and Taiwan residents use 810000, 820000 and 830000.
_RESIDENT_PREFIXES = PROVINCE_PREFIXES | {"83"}
# No living holder was born before this; earlier dates are typos.
_EARLIEST_BIRTH = date(1880, 1, 1)


def resident_id_check_char(first17: str) -> str:
    """Compute the 18th (check) character of a resident ID number from its first 17 digits."""
    if len(first17) != RESIDENT_ID_LENGTH - 1 or not (first17.isascii() and first17.isdigit()):
        raise InvalidCode("need the first 17 digits of a resident ID number")
    total = sum(int(d) * w for d, w in zip(first17, _RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def validate_resident_id(value: object, *, today: date | None = None) -> Validation:
    """Check an 18-character resident ID number: digits, region prefix, birth date and check character."""
    if not isinstance(value, str):
        return _bad(RESIDENT_ID_KIND, f"a resident ID must be a string, got {type(value).__name__}")
    code = value.strip().upper()
    if len(code) == 15 and code.isascii() and code.isdigit():
        return _bad(RESIDENT_ID_KIND, "wrong length: 15-digit first-generation numbers are not accepted")
    if len(code) != RESIDENT_ID_LENGTH:
        return _bad(RESIDENT_ID_KIND, f"wrong length: a resident ID has 18 characters, got {len(code)}")
    for pos, char in enumerate(code[:17], start=1):
        if not ("0" <= char <= "9"):
            return _bad(RESIDENT_ID_KIND, f"bad character {char!r} at position {pos}: must be a digit")
    if code[17] not in RESIDENT_ID_CHECK_CHARS:
        return _bad(RESIDENT_ID_KIND, f"bad character {code[17]!r} at position 18: must be a digit or X")
    if code[:2] not in _RESIDENT_PREFIXES:
        return _bad(RESIDENT_ID_KIND, f"invalid region: {code[:2]} is not a GB/T 2260 province code")
    born = _birth_date(code[6:14])
    if born is None:
        return _bad(RESIDENT_ID_KIND, f"invalid birth date {code[6:14]}")
    if born < _EARLIEST_BIRTH or born > (today or date.today()):
        return _bad(RESIDENT_ID_KIND, f"implausible birth date {code[6:14]}")
    expected = resident_id_check_char(code[:17])
    if code[17] != expected:
        return _bad(RESIDENT_ID_KIND, f"check character should be {expected}, got {code[17]}")
    return _ok(RESIDENT_ID_KIND)


def ensure_resident_id(value: str, *, today: date | None = None) -> str:
    """Return the canonical resident ID (upper-case X), or raise InvalidCode naming the problem."""
    validate_resident_id(value, today=today).ensure()
    return value.strip().upper()


def resident_id_birth_date(value: str) -> date:
    """The date of birth encoded in a valid resident ID number."""
    code = ensure_resident_id(value)
    born = _birth_date(code[6:14])
    if born is None:  # unreachable after ensure_resident_id; keeps the type narrow
        raise InvalidCode(f"invalid birth date {code[6:14]}")
    return born


def mask_resident_id(value: str) -> str:
    """Mask the birth date and sequence, e.g. ``110105********002X``; the check is not enforced."""
    code = value.strip().upper()
    if len(code) != RESIDENT_ID_LENGTH:
        # The message must not carry the value: that would leak what masking is meant to hide.
        raise InvalidCode(f"cannot mask: a resident ID has 18 characters, got {len(code)}")
    return code[:6] + "*" * 8 + code[14:]


_MIN_KEY_BYTES = 16


def hash_resident_id(value: str, key: bytes) -> str:
    """Keyed HMAC-SHA256 (hex) of a valid resident ID, the only form in which one may be stored."""
    if len(key) < _MIN_KEY_BYTES:
        # A short or missing key would make the hash a dictionary lookup away from the number.
        raise ValueError(f"the HMAC key must be at least {_MIN_KEY_BYTES} bytes")
    code = ensure_resident_id(value)
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()
