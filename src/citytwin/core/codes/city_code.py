"""The city code (城市码, "one thing, one code"): one stable identifier per person, enterprise or thing.

Format (documented with examples in ``docs/city-code.md``)::

    <admin>-<category>-<kind><key><check>      e.g. 440305007-BD-S0001234

* ``admin``: the owning area's GB/T 2260 code, 6 digits for the province/city/district, 9 for a street,
  12 for a community, always in canonical form (``440305``, never ``440305000``).
* ``category``: two letters from :data:`CATEGORIES` (``BD`` building, ``EN`` enterprise, ...).
* ``kind`` + ``key``: how the object is keyed: ``S`` explicit sequence (decimal, at least 6 digits),
  ``H`` hash of ``source + natural id`` (14 Crockford base-32 characters), ``U`` the enterprise's USCC,
  ``P`` keyed hash of a person's ID number (14 characters), ``A`` the administrative area itself (empty key).
* ``check``: a Damm check character over ``admin + category + kind + key`` (hyphens left out), which catches
  every single-character substitution and every adjacent transposition.

The admin part records who registered the object, not where it is now: an object that moves keeps its code.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from citytwin.core.codes import admin
from citytwin.core.codes.ids import PROVINCE_PREFIXES, Validation, hash_resident_id, validate_uscc
from citytwin.errors import BadRequestData, InvalidCode

__all__ = [
    "ALPHABET",
    "CATEGORIES",
    "HASH_LENGTH",
    "Category",
    "CityCode",
    "admin_code_of",
    "category_of",
    "check_char",
    "for_area",
    "for_enterprise",
    "for_person",
    "for_person_hash",
    "from_urn",
    "generate",
    "parse",
    "to_urn",
    "validate",
]

KIND = "city_code"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Crockford's base 32 leaves out I, L, O and U, so hashed keys cannot be misread when typed.
HASH_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
HASH_LENGTH = 14  # 70 bits: a million keys in one area and category collide with odds below 1e-9
SEQUENCE_MIN_DIGITS = 6
SEQUENCE_MAX_DIGITS = 12
NATURAL_KEY_DOMAIN = "citytwin-city-code-v1"
URN_PREFIX = "urn:ngsi-ld:"

KEY_SEQUENCE, KEY_HASH, KEY_USCC, KEY_PERSON, KEY_AREA = "S", "H", "U", "P", "A"
_THING_KEYS = frozenset({KEY_SEQUENCE, KEY_HASH})


# --- check character: Damm over a totally anti-symmetric quasigroup of order 36 ---------------------------
#
# ISO 7064 MOD 37,36 misses 72 adjacent transpositions (e.g. "HI" <-> "IH" after some prefixes) and MOD 37-2
# needs a 37th check symbol, so we use Damm's scheme. Symbols 0..35 are pairs (u, v) with u in GF(4), v in Z9
# (value = 9u + v) and x∘y = a·(x − y) with a = (ω, 2). Then x∘x = 0 and, because a and a − 1 are units,
# (c∘x)∘y = (c∘y)∘x forces x = y: the quasigroup is weakly totally anti-symmetric, which is exactly what
# Damm needs to detect all single substitutions and adjacent transpositions, the check character included.


def _gf4_times_omega(u: int) -> int:
    # GF(4) = GF(2)[ω]/(ω² + ω + 1), u = b1·ω + b0 as bits; ω·u = (b1 + b0)·ω + b1.
    b1, b0 = u >> 1, u & 1
    return ((b1 ^ b0) << 1) | b1


def _damm_op(x: int, y: int) -> int:
    u = _gf4_times_omega((x // 9) ^ (y // 9))  # subtraction in GF(4) is XOR
    v = (2 * (x % 9 - y % 9)) % 9
    return 9 * u + v


_DAMM: tuple[tuple[int, ...], ...] = tuple(tuple(_damm_op(x, y) for y in range(36)) for x in range(36))


def check_char(body: str) -> str:
    """The Damm check character for a compact body over ``0-9A-Z`` (hyphens removed)."""
    interim = 0
    for pos, char in enumerate(body, start=1):
        value = _VALUE.get(char)
        if value is None:
            raise InvalidCode(
                f"bad character {char!r} at position {pos} of the city code body", codeKind=KIND
            )
        interim = _DAMM[interim][value]
    return ALPHABET[interim]


# --- categories ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Category:
    """One entity category: its two-letter code, names, default NGSI-LD type and allowed key kinds."""

    code: str
    name: str
    name_zh: str
    entity_type: str
    key_kinds: frozenset[str]
    area_level: admin.AdminLevel | None = None


def _thing(code: str, name: str, name_zh: str, entity_type: str) -> Category:
    return Category(code, name, name_zh, entity_type, _THING_KEYS)


def _area(code: str, name: str, name_zh: str, entity_type: str, level: admin.AdminLevel) -> Category:
    return Category(code, name, name_zh, entity_type, frozenset({KEY_AREA}), level)


# Declared as data; add a row to add a category, never renumber or reuse one (codes are forever).
_CATEGORY_LIST = (
    _thing("BD", "building", "建筑物", "Building"),
    _thing("BU", "building unit", "房屋单元", "BuildingUnit"),
    _thing("CP", "building component", "构件", "BuildingComponent"),
    _thing("LP", "land parcel", "地块", "LandParcel"),
    _thing("RD", "road", "道路", "Road"),
    _thing("BR", "bridge", "桥梁", "Bridge"),
    _thing("PP", "pipe", "管线", "Pipe"),
    _thing("FC", "facility", "设施", "Facility"),
    _thing("DV", "device", "感知终端", "Device"),
    _thing("PO", "point of interest", "兴趣点", "PointOfInterest"),
    _thing("VH", "vehicle", "车辆", "Vehicle"),
    _thing("PK", "parking", "停车场", "ParkingSite"),
    _thing("WB", "water body", "水体", "WaterBody"),
    _thing("GC", "grid cell", "网格", "GridCell"),
    _thing("EV", "event", "事件", "Event"),
    Category("EN", "enterprise", "企业", "Organization", frozenset({KEY_USCC})),
    Category("PR", "person", "人员", "Person", frozenset({KEY_PERSON})),
    _area("CT", "city", "市", "City", "city"),
    _area("DS", "district", "区", "District", "district"),
    _area("SD", "street (sub-district)", "街道", "SubDistrict", "street"),
    _area("CM", "community", "社区", "Community", "community"),
)
CATEGORIES: Mapping[str, Category] = MappingProxyType({c.code: c for c in _CATEGORY_LIST})
_CATEGORY_BY_NAME = {c.name: c for c in _CATEGORY_LIST} | {c.name_zh: c for c in _CATEGORY_LIST}
_AREA_CATEGORY = {c.area_level: c for c in _CATEGORY_LIST if c.area_level is not None}


def _category(name: str) -> Category:
    text = name.strip()
    found = CATEGORIES.get(text.upper()) or _CATEGORY_BY_NAME.get(text.lower()) or _CATEGORY_BY_NAME.get(text)
    if found is None:
        raise InvalidCode(
            f"unknown city code category {name!r}; known: {', '.join(CATEGORIES)}", codeKind=KIND
        )
    return found


# --- the parsed code ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CityCode:
    """A parsed city code; ``str(code)`` gives the canonical text."""

    admin_code: str
    category: str
    key_kind: str
    key: str
    check: str

    @property
    def code(self) -> str:
        """The canonical text, e.g. ``440305007-BD-S0001234``."""
        return f"{self.admin_code}-{self.category}-{self.key_kind}{self.key}{self.check}"

    @property
    def sequence(self) -> int | None:
        """The explicit sequence number, for ``S`` keys."""
        return int(self.key) if self.key_kind == KEY_SEQUENCE else None

    @property
    def uscc(self) -> str | None:
        """The embedded unified social credit code, for enterprises."""
        return self.key if self.key_kind == KEY_USCC else None

    @property
    def entity_type(self) -> str:
        """The category's default NGSI-LD entity type."""
        return CATEGORIES[self.category].entity_type

    def __str__(self) -> str:
        return self.code


def _invalid(reason: str) -> tuple[None, str]:
    return None, reason


def _check_admin_part(text: str) -> str:
    """Return "" when the admin part is well-formed and canonical, else the reason."""
    if not text.isdigit() or len(text) not in (6, 9, 12):
        return f"admin code {text!r} must be 6, 9 or 12 digits"
    if text[:2] not in PROVINCE_PREFIXES:
        return f"admin code {text}: {text[:2]} is not a GB/T 2260 province code"
    canonical = admin.gb2260(text)
    if canonical != text:
        return f"admin code {text} is not canonical: write {canonical}"
    return ""


def _check_key(category: Category, kind: str, key: str, admin_code: str) -> str:
    """Return "" when the key suits its kind and category, else the reason."""
    if kind not in category.key_kinds:
        allowed = ", ".join(sorted(category.key_kinds))
        return f"key kind {kind!r} is not allowed for category {category.code} (allowed: {allowed})"
    if kind == KEY_SEQUENCE:
        if not key.isdigit() or not SEQUENCE_MIN_DIGITS <= len(key) <= SEQUENCE_MAX_DIGITS:
            return f"sequence {key!r} must be {SEQUENCE_MIN_DIGITS} to {SEQUENCE_MAX_DIGITS} digits"
        if int(key) == 0:
            return "sequence 0 is not allowed: sequences start at 1"
        if len(key) > SEQUENCE_MIN_DIGITS and key[0] == "0":
            return f"sequence {key} is not canonical: no zero padding beyond {SEQUENCE_MIN_DIGITS} digits"
    elif kind in (KEY_HASH, KEY_PERSON):
        if len(key) != HASH_LENGTH:
            return f"hashed key must be {HASH_LENGTH} characters, got {len(key)}"
        for pos, char in enumerate(key, start=1):
            if char not in HASH_ALPHABET:
                return f"bad character {char!r} at position {pos} of the hashed key (Crockford base 32)"
    elif kind == KEY_USCC:
        verdict = validate_uscc(key)
        if not verdict.valid:
            return f"embedded USCC: {verdict.reason}"
    elif kind == KEY_AREA:
        if key:
            return "an area code has no key after 'A'"
        level = admin.level_of(admin_code)
        if level != category.area_level:
            return f"category {category.code} needs a {category.area_level} code, {admin_code} is a {level}"
    return ""


def _parse(code: object) -> tuple[CityCode | None, str]:
    if not isinstance(code, str):
        return _invalid(f"a city code must be a string, got {type(code).__name__}")
    if not code:
        return _invalid("empty city code")
    for pos, char in enumerate(code, start=1):
        if char not in _VALUE and char != "-":
            hint = ": city codes are upper-case" if char.isalpha() and char.upper() in _VALUE else ""
            return _invalid(f"bad character {char!r} at position {pos}{hint}")
    parts = code.split("-")
    if len(parts) != 3:
        return _invalid(f"expected 3 parts <admin>-<category>-<key>, got {len(parts)}")
    admin_part, category_part, local = parts
    reason = _check_admin_part(admin_part)
    if reason:
        return _invalid(reason)
    category = CATEGORIES.get(category_part)
    if category is None:
        return _invalid(f"unknown category {category_part!r}")
    if len(local) < 2:
        return _invalid(f"key part {local!r} is too short: it needs a kind letter and a check character")
    kind, key, check = local[0], local[1:-1], local[-1]
    reason = _check_key(category, kind, key, admin_part)
    if reason:
        return _invalid(reason)
    expected = check_char(admin_part + category_part + kind + key)
    if check != expected:
        return _invalid(f"check character should be {expected}, got {check}")
    return CityCode(admin_part, category_part, kind, key, check), ""


def validate(code: object) -> Validation:
    """Check a city code's structure, key and check character (the area need not still exist)."""
    parsed, reason = _parse(code)
    return Validation(KIND, parsed is not None, reason)


def parse(code: str) -> CityCode:
    """Parse and validate a city code; raise InvalidCode naming the problem."""
    parsed, reason = _parse(code)
    if parsed is None:
        raise InvalidCode(reason, codeKind=KIND)
    return parsed


def category_of(code: str) -> str:
    """The two-letter category of a valid city code."""
    return parse(code).category


def admin_code_of(code: str) -> str:
    """The owning area's GB/T 2260 code (6, 9 or 12 digits) of a valid city code."""
    return parse(code).admin_code


# --- generating ---------------------------------------------------------------------------------------------


def _owner(admin_code: str | int) -> str:
    verdict = admin.is_valid_admin_code(admin_code)
    if not verdict.valid:
        raise InvalidCode(f"owning area: {verdict.reason}", codeKind=KIND)
    return admin.gb2260(admin_code)


def _assemble(admin_code: str, category: str, kind: str, key: str) -> str:
    code = f"{admin_code}-{category}-{kind}{key}{check_char(admin_code + category + kind + key)}"
    parse(code)  # every generator's output goes through the validator, so the two cannot drift apart
    return code


def _b32_70(digest: bytes) -> str:
    # The first 72 bits, shifted to 70, as 14 base-32 digits (most significant first).
    number = int.from_bytes(digest[:9], "big") >> 2
    chars = []
    for _ in range(HASH_LENGTH):
        number, digit = divmod(number, 32)
        chars.append(HASH_ALPHABET[digit])
    return "".join(reversed(chars))


def natural_key(source: str, natural_id: str) -> str:
    """The 14-character hashed key of ``source + natural id`` (the ``H`` key)."""
    src = source.strip().lower()
    nid = unicodedata.normalize("NFC", natural_id.strip())
    if not src or not nid:
        raise InvalidCode("a natural key needs a non-empty source and natural id", codeKind=KIND)
    if "\x1f" in src or "\x1f" in nid:
        raise InvalidCode("source and natural id may not contain the unit separator U+001F", codeKind=KIND)
    payload = f"{NATURAL_KEY_DOMAIN}\x1f{src}\x1f{nid}".encode()
    return _b32_70(hashlib.sha256(payload).digest())


def generate(
    admin_code: str | int,
    category: str,
    *,
    sequence: int | None = None,
    source: str | None = None,
    natural_id: str | None = None,
) -> str:
    """Make the city code of a thing from an explicit sequence or from ``source`` + ``natural_id``."""
    cat = _category(category)
    if cat.code == "EN":
        raise InvalidCode("enterprise codes embed the USCC: use for_enterprise()", codeKind=KIND)
    if cat.code == "PR":
        raise InvalidCode("person codes use a keyed hash of the ID number: use for_person()", codeKind=KIND)
    if cat.area_level is not None:
        raise InvalidCode(f"{cat.name} codes name the area itself: use for_area()", codeKind=KIND)
    owner = _owner(admin_code)
    if sequence is not None:
        if source is not None or natural_id is not None:
            raise InvalidCode("give either a sequence or source + natural_id, not both", codeKind=KIND)
        if isinstance(sequence, bool) or not 1 <= sequence < 10**SEQUENCE_MAX_DIGITS:
            raise InvalidCode(
                f"sequence must be 1 to {10**SEQUENCE_MAX_DIGITS - 1}, got {sequence}", codeKind=KIND
            )
        return _assemble(owner, cat.code, KEY_SEQUENCE, f"{sequence:0{SEQUENCE_MIN_DIGITS}d}")
    if source is None or natural_id is None:
        raise InvalidCode("give a sequence, or both source and natural_id", codeKind=KIND)
    return _assemble(owner, cat.code, KEY_HASH, natural_key(source, natural_id))


def for_enterprise(uscc: str, admin_code: str | int | None = None) -> str:
    """The city code of an enterprise: its USCC, owned by ``admin_code`` or by the USCC's own region."""
    verdict = validate_uscc(uscc)
    if not verdict.valid:
        raise InvalidCode(f"USCC: {verdict.reason}", codeKind=KIND)
    canonical = uscc.strip().upper()
    # Positions 3..8 of a USCC are the registering authority's GB/T 2260 code.
    owner = _owner(canonical[2:8] if admin_code is None else admin_code)
    return _assemble(owner, "EN", KEY_USCC, canonical)


def for_person_hash(admin_code: str | int, id_hash: str) -> str:
    """The city code of a person from :func:`~citytwin.core.codes.ids.hash_resident_id` output."""
    if re.fullmatch(r"[0-9a-f]{64}", id_hash) is None:
        raise InvalidCode("id_hash must be the 64-hex-digit HMAC-SHA256 from hash_resident_id", codeKind=KIND)
    return _assemble(_owner(admin_code), "PR", KEY_PERSON, _b32_70(bytes.fromhex(id_hash)))


def for_person(admin_code: str | int, resident_id: str, key: bytes) -> str:
    """The city code of a person: a keyed hash of the ID number, never the number itself."""
    return for_person_hash(admin_code, hash_resident_id(resident_id, key))


def for_area(admin_code: str | int) -> str:
    """The city code of an administrative area itself (city, district, street or community)."""
    owner = _owner(admin_code)
    level = admin.level_of(owner)
    category = _AREA_CATEGORY.get(level)
    if category is None:
        raise InvalidCode(f"no city code category for a {level} area", codeKind=KIND)
    return _assemble(owner, category.code, KEY_AREA, "")


# --- NGSI-LD ids --------------------------------------------------------------------------------------------

_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def to_urn(code: str | CityCode, entity_type: str | None = None) -> str:
    """The NGSI-LD entity id ``urn:ngsi-ld:<Type>:<city code>`` (type defaults to the category's)."""
    parsed = parse(code.code if isinstance(code, CityCode) else code)
    type_name = parsed.entity_type if entity_type is None else entity_type
    if _TYPE_NAME.fullmatch(type_name) is None:
        raise BadRequestData(f"entity type {type_name!r} must be a short name like 'Building'")
    return f"{URN_PREFIX}{type_name}:{parsed.code}"


def from_urn(urn: str) -> tuple[str, CityCode]:
    """Split ``urn:ngsi-ld:<Type>:<city code>`` into the type and the parsed city code."""
    if not urn.lower().startswith(URN_PREFIX):
        raise InvalidCode(f"not an NGSI-LD URN (expected {URN_PREFIX}<Type>:<code>): {urn!r}", codeKind=KIND)
    type_name, sep, code = urn[len(URN_PREFIX) :].partition(":")
    if not sep or _TYPE_NAME.fullmatch(type_name) is None:
        raise InvalidCode(f"URN {urn!r} has no valid entity type before the city code", codeKind=KIND)
    return type_name, parse(code)
