"""The device code: one stable, self-checking identifier per IoT terminal (camera, meter, sensor ...).

Format (documented with examples in ``docs/devices.md``)::

    <district:6><domain:1><type:2><sequence:7><check:1>      e.g. 440304W010000001 + check

* ``district``: the GB/T 2260 code (6 digits, canonical) of the province, city or district that owns the
  device, e.g. ``440304`` Futian. It records who registered the device, not where it is now.
* ``domain``: one letter from :data:`DOMAINS` (``W`` water, ``G`` gas, ``P`` power, ``T`` traffic,
  ``E`` environment, ``S`` security, ``B`` building, ``K`` parking, ``C`` camera).
* ``type``: two characters of ``0-9A-Z`` naming the device type within its domain (the shipped types are
  listed in ``citytwin/data/devices``); ``00`` is reserved.
* ``sequence``: seven decimal digits, 0000001 .. 9999999, unique per district, domain and type.
* ``check``: the Damm check character over the 16 characters before it, in the quasigroup of order 36 the
  city code uses (:func:`citytwin.core.codes.city_code.check_char`). It catches every single-character
  substitution and every transposition of two adjacent characters, the check character included.

Codes are 17 characters of ``0-9A-Z``: they fit MQTT topic levels, URNs, file names and QR codes unescaped.
Input may be lower case or carry ``-`` / space separators (``440304-W-01-0000001-X``); :func:`normalize`
gives the canonical form, which is what the registry and entity ids use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from citytwin.core.codes import admin, city_code
from citytwin.core.codes.ids import PROVINCE_PREFIXES, Validation
from citytwin.errors import InvalidCode

__all__ = [
    "DOMAINS",
    "KIND",
    "LENGTH",
    "URN_PREFIX",
    "DeviceCode",
    "check_char",
    "entity_id",
    "from_entity_id",
    "generate",
    "normalize",
    "parse",
    "validate",
]

KIND = "device_code"
LENGTH = 17
SEQUENCE_DIGITS = 7
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
URN_PREFIX = "urn:ngsi-ld:Device:"

# Declared as data; never renumber or reuse a letter (codes are forever).
DOMAINS: Mapping[str, str] = MappingProxyType(
    {
        "W": "water",
        "G": "gas",
        "P": "power",
        "T": "traffic",
        "E": "environment",
        "S": "security",
        "B": "building",
        "K": "parking",
        "C": "camera",
    }
)
_DOMAIN_LETTER = {name: letter for letter, name in DOMAINS.items()}
_ALPHABET = frozenset(city_code.ALPHABET)
_SEPARATORS = re.compile(r"[\s\-_]")


@dataclass(frozen=True, slots=True)
class DeviceCode:
    """A parsed device code; ``str(code)`` gives the canonical 17-character text."""

    district: str
    domain: str
    type_code: str
    sequence: int
    check: str

    @property
    def code(self) -> str:
        """The canonical text."""
        return f"{self.body}{self.check}"

    @property
    def body(self) -> str:
        """The 16 characters the check character protects."""
        return f"{self.district}{self.domain}{self.type_code}{self.sequence:0{SEQUENCE_DIGITS}d}"

    @property
    def domain_name(self) -> str:
        """``water``, ``gas`` ... for the domain letter."""
        return DOMAINS[self.domain]

    @property
    def entity_id(self) -> str:
        """The NGSI-LD id of the Device entity: ``urn:ngsi-ld:Device:<code>``."""
        return URN_PREFIX + self.code

    def __str__(self) -> str:
        return self.code


def check_char(body: str) -> str:
    """The check character of a 16-character body over ``0-9A-Z``."""
    return city_code.check_char(body)


def normalize(text: str) -> str:
    """Upper-case and without separators (no validation)."""
    return _SEPARATORS.sub("", text).upper()


def _invalid(reason: str) -> tuple[None, str]:
    return None, reason


def _parse(raw: object) -> tuple[DeviceCode | None, str]:
    if not isinstance(raw, str):
        return _invalid(f"a device code must be a string, got {type(raw).__name__}")
    text = normalize(raw)
    if not text:
        return _invalid("empty device code")
    for pos, char in enumerate(text, start=1):
        if char not in _ALPHABET:
            return _invalid(f"bad character {char!r} at position {pos}: device codes use 0-9 and A-Z")
    if len(text) != LENGTH:
        return _invalid(f"a device code has {LENGTH} characters, got {len(text)}")
    district, domain, type_code, seq, check = text[:6], text[6], text[7:9], text[9:16], text[16]
    if not district.isdigit():
        return _invalid(f"district {district!r} must be 6 digits (GB/T 2260)")
    if district[:2] not in PROVINCE_PREFIXES:
        return _invalid(f"district {district}: {district[:2]} is not a GB/T 2260 province code")
    if domain not in DOMAINS:
        return _invalid(f"unknown domain letter {domain!r}; known: {', '.join(DOMAINS)}")
    if type_code == "00":
        return _invalid("device type 00 is reserved")
    if not seq.isdigit():
        return _invalid(f"sequence {seq!r} must be {SEQUENCE_DIGITS} digits")
    if int(seq) == 0:
        return _invalid("sequence 0 is not allowed: sequences start at 1")
    expected = check_char(text[:16])
    if check != expected:
        return _invalid(f"check character should be {expected}, got {check}")
    return DeviceCode(district, domain, type_code, int(seq), check), ""


def validate(code: object) -> Validation:
    """Check a device code's structure and check character; never raises."""
    parsed, reason = _parse(code)
    return Validation(KIND, parsed is not None, reason)


def parse(code: str) -> DeviceCode:
    """Parse and validate a device code (separators and lower case accepted); raise InvalidCode."""
    parsed, reason = _parse(code)
    if parsed is None:
        raise InvalidCode(reason, codeKind=KIND)
    return parsed


def domain_letter(domain: str) -> str:
    """The letter of a domain given by letter or name (``W`` or ``water``); raise InvalidCode."""
    text = domain.strip()
    if text.upper() in DOMAINS:
        return text.upper()
    letter = _DOMAIN_LETTER.get(text.lower())
    if letter is None:
        names = ", ".join(f"{k} {v}" for k, v in DOMAINS.items())
        raise InvalidCode(f"unknown device domain {domain!r}; known: {names}", codeKind=KIND)
    return letter


def generate(district: str | int, domain: str, type_code: str, sequence: int) -> DeviceCode:
    """The device code for a district, domain (letter or name), type code and sequence number."""
    verdict = admin.is_valid_admin_code(district)
    if not verdict.valid:
        raise InvalidCode(f"owning district: {verdict.reason}", codeKind=KIND)
    owner = admin.gb2260(district)
    if len(owner) != 6:
        raise InvalidCode(f"owning district {owner}: a device code needs a 6-digit code", codeKind=KIND)
    if not isinstance(sequence, int) or not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidCode(f"sequence {sequence!r} must be 1 .. {MAX_SEQUENCE}", codeKind=KIND)
    kind = type_code.upper()
    if len(kind) != 2 or not set(kind) <= _ALPHABET or kind == "00":
        raise InvalidCode(f"device type code {type_code!r} must be two of 0-9A-Z (not 00)", codeKind=KIND)
    body = f"{owner}{domain_letter(domain)}{kind}{sequence:0{SEQUENCE_DIGITS}d}"
    return parse(body + check_char(body))  # the generator's output goes through the validator


def entity_id(code: str) -> str:
    """``urn:ngsi-ld:Device:<canonical code>`` for a valid code."""
    return parse(code).entity_id


def from_entity_id(entity_id: str) -> str | None:
    """The canonical code inside a Device entity id, or None when the id holds no valid code."""
    if not entity_id.startswith(URN_PREFIX):
        return None
    parsed, _ = _parse(entity_id[len(URN_PREFIX) :])
    return None if parsed is None else parsed.code
