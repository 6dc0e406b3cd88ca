"""Chinese address parsing: split a Shenzhen address into administrative and local parts.

``parse_address("深圳市南山区粤海街道科技园科苑路15号科兴科学园A栋1201室")`` gives province None, city 深圳市,
district 南山区, street 粤海街道, road 科苑路, number 15号, building 科兴科学园, unit A栋, room 1201室, and
rest 科技园 (a locality the schema has no field for).

Every part is a verbatim piece of the *normalised* text (:func:`normalize`: NFKC, so full-width digits and
letters become ASCII; whitespace and punctuation dropped; ``#`` read as 号; ASCII letters upper-cased). The
parts cover that text in order, so nothing is lost: :func:`segments` lists them as (field, text) pairs and
``rest`` joins the pieces no field claims. Parts keep their markers (区, 街道, 路, 号, 栋, 室) as written;
:func:`resolve_admin` turns the administrative parts into GB/T 2260 codes.

District, street and community names come from the shipped NBS tables (``core.codes.admin``), including
district short names (南山), the older "新区" names and 大鹏新区; unknown ``…街道`` / ``…社区`` words are
still recognised by shape. The parser never raises: text it cannot place ends up in ``rest``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from types import MappingProxyType

from citytwin.core.codes import admin

__all__ = [
    "FIELDS",
    "AdminMatch",
    "ParsedAddress",
    "community_display_name",
    "house_number",
    "normalize",
    "parse_address",
    "resolve_admin",
    "segments",
]

FIELDS = (
    "province",
    "city",
    "district",
    "street",
    "community",
    "road",
    "number",
    "building",
    "unit",
    "room",
)
REST = "rest"


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    """The parts of one address; each is a piece of the normalised text, or None when absent."""

    province: str | None
    city: str | None
    district: str | None
    street: str | None
    community: str | None
    road: str | None
    number: str | None
    building: str | None  # building, compound or POI name
    unit: str | None
    room: str | None
    rest: str | None

    @classmethod
    def from_segments(cls, pieces: list[tuple[str, str]]) -> ParsedAddress:
        """Build the parts from :func:`segments` output (rest pieces are joined in order)."""
        found: dict[str, str] = {}
        rest: list[str] = []
        for label, piece in pieces:
            if label == REST:
                rest.append(piece)
            else:
                found[label] = piece
        return cls(**{name: found.get(name) for name in FIELDS}, rest="".join(rest) or None)

    def parts(self) -> list[tuple[str, str]]:
        """The present parts as (field, text), in address order (``rest`` last)."""
        out = [(f.name, getattr(self, f.name)) for f in fields(self)]
        return [(name, text) for name, text in out if text is not None]

    def compose(self) -> str:
        """The parts joined in address order, ``rest`` last (the normalised input when rest is None)."""
        return "".join(text for _, text in self.parts())


@dataclass(frozen=True, slots=True)
class AdminMatch:
    """GB/T 2260 codes for the administrative parts of a parsed address."""

    district: str | None
    street: str | None
    community: str | None
    candidates: tuple[str, ...] = ()
    """Community codes a name could mean when the other parts do not decide between them."""
    consistent: bool = True
    """False when the parts contradict each other (a street that is not in the named district ...)."""

    @property
    def code(self) -> str | None:
        """The most specific area the address names."""
        return self.community or self.street or self.district


# -- normalisation ------------------------------------------------------------------------------------------

_DROP = re.compile(
    r"[\s\u3000,，.。、;；:：!！?？'\"‘’“”`~()（）\[\]【】{}<>《》〈〉「」『』/\\|_+=*&^%$@·•…]+"
)


_UPPER = str.maketrans(
    {**{chr(c): chr(c - 32) for c in range(ord("a"), ord("z") + 1)}, "#": "号", "—": "-", "－": "-"}
)


def normalize(text: object) -> str:
    """NFKC, no whitespace or punctuation, ``#`` as 号, ASCII letters upper-case ("" for a non-string)."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", text).translate(_UPPER)


# -- vocabulary from the admin tables -----------------------------------------------------------------------

_OLD_DISTRICTS = {"光明新区": "440311", "龙华新区": "440309", "坪山新区": "440310", "大鹏新区": "440307"}
_SPECIAL_STREETS = {
    "前海深港现代服务业合作区": "440305400",
    "前海深港合作区": "440305400",
    "前海合作区": "440305400",
    "宝安国际机场": "440306400",
    "盐田综合保税区": "440308403",
    "坪山综合保税区": "440310401",
}


def community_display_name(name: str) -> str:
    """The name a community goes by in addresses: ``福田社区居民委员会`` → ``福田社区``."""
    for suffix in ("居民委员会", "居委会", "居委"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if "社区" in name:
        return name[: name.index("社区") + 2]
    if name.endswith("虚拟"):
        name = name[:-2]
    return name + "社区"


class _Names:
    """Names of one level with their codes, and name lengths by first two characters for quick matching."""

    __slots__ = ("codes", "sizes")

    def __init__(self, codes: Mapping[str, tuple[str, ...]]) -> None:
        self.codes = MappingProxyType(dict(codes))
        sizes: dict[str, set[int]] = {}
        for name in codes:
            sizes.setdefault(name[:2], set()).add(len(name))
        self.sizes = {head: tuple(sorted(found, reverse=True)) for head, found in sizes.items()}

    def longest(self, text: str, pos: int) -> int:
        """Length of the longest name at ``text[pos:]`` (0 when none)."""
        sizes = self.sizes.get(text[pos : pos + 2])
        if sizes is None:
            return 0
        for size in sizes:
            if text[pos : pos + size] in self.codes:
                return size
        return 0

    def get(self, name: str) -> tuple[str, ...]:
        """The codes a name stands for (empty when unknown)."""
        return self.codes.get(name, ())


@dataclass(frozen=True, slots=True)
class _Vocab:
    province: _Names
    city: _Names
    district_full: _Names
    district_short: _Names
    street: _Names
    community: _Names


def _add(table: dict[str, list[str]], key: str, code: str) -> None:
    codes = table.setdefault(key, [])
    if code not in codes:
        codes.append(code)


def _names(table: Mapping[str, list[str]] | Mapping[str, str]) -> _Names:
    return _Names({k: (v,) if isinstance(v, str) else tuple(v) for k, v in table.items()})


@cache
def _vocab() -> _Vocab:
    district_full = {d.name: d.code for d in admin.districts()} | _OLD_DISTRICTS
    district_short = {
        name.removesuffix("新区").removesuffix("区"): code for name, code in district_full.items()
    }
    street: dict[str, list[str]] = {}
    community: dict[str, list[str]] = {}
    for district in admin.districts():
        for s in admin.streets(district.code):
            _add(street, s.name, s.code)
            for c in admin.communities(s.code):
                _add(community, community_display_name(c.name), c.code)
    for name, code in _SPECIAL_STREETS.items():
        _add(street, name, code)
    return _Vocab(
        _names({"广东省": "44", "广东": "44"}),
        _names({"深圳市": "4403", "深圳": "4403"}),
        _names(district_full),
        _names(district_short),
        _names(street),
        _names(community),
    )


# -- the grammar after the administrative parts ------------------------------------------------------------

_ROAD_SUFFIX = r"(?:大道|公路|大街|路|街|巷|道)"
_ROAD_IN = re.compile(_ROAD_SUFFIX)
_GENERIC_STREET = re.compile(r"[\u4e00-\u9fff]{2,3}街道")
_GENERIC_COMMUNITY = re.compile(r"[\u4e00-\u9fff]{1,5}?社区")
_ROAD = re.compile(rf"([^\d]{{1,14}}?){_ROAD_SUFFIX}")
_NUMERALS = "零〇一二三四五六七八九十百"
_NUMBER = re.compile(
    rf"(?:\d+[A-Z]?(?:[-之]\d+[A-Z]?)*|[{_NUMERALS}]+)号(?![楼馆房])|\d+[A-Z]?(?:[-之]\d+[A-Z]?)*(?![\d号栋座幢单元室房楼层期区F])"
)
_NUMBER_ANYWHERE = re.compile(r"\d+[A-Z]?(?:[-之]\d+[A-Z]?)*号(?![楼馆房])")
_UNIT = re.compile(rf"(?:第?(?:[A-Z0-9]{{1,4}}|[{_NUMERALS}]{{1,3}})(?:栋|座|幢|单元|号楼|号馆))+$")
_ROOM = re.compile(
    r"(?:[A-Z]?\d{1,3}(?:楼|层|F))?[A-Z]?\d{1,5}[A-Z]?(?:-\d{1,5}[A-Z]?)?(?:室|房|号房)$|[A-Z]?\d{1,3}(?:楼|层|F)$|F\d{1,3}$"
)
_BARE_ROOM = re.compile(r"(?<=[栋座幢元楼])[A-Z]?\d{3,5}$")
_TAIL = re.compile(r"(?:附近|旁边|旁|对面|斜对面|楼下|门口|周边|一带|[东南西北]侧|[东南西北]面)$")
_NOT_BUILDING = re.compile(rf"^(?:(?:与|和|及)[^\d]{{1,12}}?{_ROAD_SUFFIX}|近|靠近|往|至|交汇|交叉)")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A road candidate's text up to one of these is a locality, not part of the road's name (科技园 + 科苑路).
_LOCALITY_END = _words(
    "科技园 工业园 产业园 中心 广场 大厦 花园 小区 口岸 园 城 村 区 湾 口 庙 坊 苑 岛 站 港 墟 围 "
)
# Words that, right after a district short name, make it part of a place name (南山大道, 福田口岸).
_SHORT_GUARD = _words(
    "大道 公路 路 街 道 巷 广场 大厦 花园 公园 站 北站 口岸 机场 湾 港 城 医院 "
    "大学 中学 小学 学校 村 新村 体育 图书馆 书城 酒店 国际 人民 社区 小区 水库 河 湖 关 "
)


def _names_a_place(text: str, pos: int) -> bool:
    """Whether a district short name before ``pos`` is the start of a place name (南山大道, 福田口岸, 盐田港).

    That is so when a road or place word follows it directly and then the text ends or a number, another
    such word or a road suffix comes: 龙岗港西路 is 龙岗 + 港西路, but 盐田港 is a port.
    """
    if not text.startswith(_SHORT_GUARD, pos):
        return False
    for word in _SHORT_GUARD:
        if text.startswith(word, pos):
            after = pos + len(word)
            if after == len(text) or text[after].isdigit() or text.startswith(_SHORT_GUARD, after):
                return True
    return False


def _split_road(body: str) -> int:
    """Where a locality ends inside a road candidate (``科技园科苑`` → 3), or 0 when it does not."""
    best = 0
    for end in range(1, len(body) - 1):
        if body.endswith(_LOCALITY_END, 0, end):
            best = end
    return best


def _tail_parts(zone: str) -> list[tuple[str, str]]:
    """Split the text after road and number into building, unit, room and a trailing descriptor."""
    out: list[tuple[str, str]] = []
    trailer = _TAIL.search(zone)
    tail = ""
    if trailer:
        zone, tail = zone[: trailer.start()], trailer.group()
    room = _ROOM.search(zone) or _BARE_ROOM.search(zone)
    room_text = ""
    if room:
        zone, room_text = zone[: room.start()], room.group()
    unit = _UNIT.search(zone)
    unit_text = ""
    if unit:
        zone, unit_text = zone[: unit.start()], unit.group()
    if zone:
        plain = zone.isascii() or _NOT_BUILDING.match(zone) is not None
        out.append((REST if plain else "building", zone))
    if unit_text:
        out.append(("unit", unit_text))
    if room_text:
        out.append(("room", room_text))
    if tail:
        out.append((REST, tail))
    return out


def _local_parts(text: str) -> list[tuple[str, str]]:
    """Road, number, building, unit and room of what follows the administrative parts."""
    out: list[tuple[str, str]] = []
    road = _ROAD.search(text)
    if road is not None:
        body = road.group(1)
        cut = _split_road(body)
        if road.start() > 0 or cut:
            out.append((REST, text[: road.start()] + body[:cut]))
        out.append(("road", text[road.start() + cut : road.end()]))
        text = text[road.end() :]
        number = _NUMBER.match(text)
    else:
        number = _NUMBER_ANYWHERE.search(text)
        if number is not None and number.start() > 0:
            out.append((REST, text[: number.start()]))
    if number is not None:
        out.append(("number", number.group()))
        text = text[number.end() :]
    if text:
        out.extend(_tail_parts(text))
    return out


# -- the parser ---------------------------------------------------------------------------------------------


def _any_admin_at(vocab: _Vocab, text: str, at: int) -> bool:
    return bool(
        vocab.district_full.longest(text, at)
        or vocab.district_short.longest(text, at)
        or vocab.street.longest(text, at)
        or vocab.community.longest(text, at)
    )


def _district_size(vocab: _Vocab, text: str, pos: int) -> int:
    """Length of the district name at ``pos`` (full, older or short name), 0 when there is none."""
    size = vocab.district_full.longest(text, pos)
    street = vocab.street.longest(text, pos)
    if size:
        return size if street <= size else 0
    size = vocab.district_short.longest(text, pos)
    if not size or max(street, vocab.community.longest(text, pos)) > size:
        return 0  # 南山街道, 福田社区: a street or community name, not a district
    return 0 if _names_a_place(text, pos + size) else size


def _street_size(vocab: _Vocab, text: str, pos: int) -> int:
    size = vocab.street.longest(text, pos)
    if size and vocab.community.longest(text, pos) > size:
        return 0  # the street's name begins a longer community name (…虚拟社区)
    if not size:
        generic = _GENERIC_STREET.match(text, pos)
        size = 0 if generic is None else generic.end() - pos
    if size and text.startswith("办事处", pos + size):
        size += 3
    return size


def _community_size(vocab: _Vocab, text: str, pos: int) -> int:
    size = vocab.community.longest(text, pos)
    if not size:
        generic = _GENERIC_COMMUNITY.match(text, pos)
        size = 0 if generic is None or _ROAD_IN.search(generic.group()) else generic.end() - pos
    if size:
        for suffix in ("居民委员会", "居委会", "工作站"):
            if text.startswith(suffix, pos + size):
                return size + len(suffix)
    return size


def _admin_parts(text: str) -> tuple[list[tuple[str, str]], int]:
    """The administrative prefix of normalised text: (field, text) pairs and where it ends."""
    vocab = _vocab()
    out: list[tuple[str, str]] = []
    pos = 0
    for prefix in ("中华人民共和国", "中国"):
        if text.startswith(prefix):
            out.append((REST, prefix))
            pos = len(prefix)
            break
    size = vocab.province.longest(text, pos)
    if size == 3 or (
        size and (text.startswith("深圳", pos + size) or _any_admin_at(vocab, text, pos + size))
    ):
        out.append(("province", text[pos : pos + size]))
        pos += size
    size = vocab.city.longest(text, pos)
    if size == 3 and text.startswith("民中心", pos + 3):
        size = 0  # 深圳市民中心 is the Civic Centre, not 深圳市 + 民中心
    if size and max(vocab.street.longest(text, pos), vocab.community.longest(text, pos)) > size:
        size = 0  # 深圳市宝安国际机场 is a street-level unit of its own
    if size == 3 or (size and _any_admin_at(vocab, text, pos + size)):
        out.append(("city", text[pos : pos + size]))
        pos += size
    for label, measure in (
        ("district", _district_size),
        ("street", _street_size),
        ("community", _community_size),
    ):
        size = measure(vocab, text, pos)
        if size:
            out.append((label, text[pos : pos + size]))
            pos += size
    return out, pos


def segments(text: str) -> list[tuple[str, str]]:
    """The normalised text cut into (field, piece) pairs in order; the pieces join to ``normalize(text)``."""
    norm = normalize(text)
    head, pos = _admin_parts(norm)
    pieces = head + (_local_parts(norm[pos:]) if pos < len(norm) else [])
    # Adjacent rest pieces read as one.
    merged: list[tuple[str, str]] = []
    for label, piece in pieces:
        if not piece:
            continue
        if merged and label == REST and merged[-1][0] == REST:
            merged[-1] = (REST, merged[-1][1] + piece)
        else:
            merged.append((label, piece))
    return merged


def parse_address(text: str) -> ParsedAddress:
    """Split a Chinese address into its parts; never raises (what cannot be placed goes to ``rest``)."""
    return ParsedAddress.from_segments(segments(text))


def house_number(number: str | None) -> int | None:
    """The leading integer of a house number (``15-1号`` → 15, ``十五号`` → 15), or None."""
    if not number:
        return None
    digits = re.match(r"\d+", number)
    if digits:
        return int(digits.group())
    return _chinese_number(number.removesuffix("号"))


def _chinese_number(text: str) -> int | None:
    values = {
        "零": 0,
        "〇": 0,
        "一": 1,
        "二": 2,
        "三": 3,
        "四": 4,
        "五": 5,
        "六": 6,
        "七": 7,
        "八": 8,
        "九": 9,
    }
    total, current = 0, 0
    for char in text:
        if char in values:
            current = current * 10 + values[char] if char in "零〇" else values[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    value = total + current
    return value or None


# -- resolution to codes ------------------------------------------------------------------------------------


def _district_code(text: str | None) -> str | None:
    if text is None:
        return None
    vocab = _vocab()
    codes = vocab.district_full.get(text) or vocab.district_short.get(text)
    return codes[0] if codes else None


def resolve_admin(parsed: ParsedAddress) -> AdminMatch:
    """Turn the district, street and community parts into codes, checking they agree with each other."""
    vocab = _vocab()
    district = _district_code(parsed.district)
    consistent = True
    street: str | None = None
    if parsed.street is not None:
        name = parsed.street.removesuffix("办事处")
        options = vocab.street.get(name)
        inside = [c for c in options if district is None or c.startswith(district)]
        if options and not inside:
            consistent = False
        chosen = inside or list(options)
        street = chosen[0] if len(chosen) == 1 else None
    community: str | None = None
    candidates: tuple[str, ...] = ()
    if parsed.community is not None:
        name = parsed.community
        for suffix in ("居民委员会", "居委会", "工作站"):
            name = name.removesuffix(suffix)
        options = vocab.community.get(name)
        scope = street or district
        inside = [c for c in options if scope is None or c.startswith(scope)]
        if options and not inside:
            consistent = False
        if len(inside) == 1:
            community = inside[0]
        elif len(inside) > 1:
            # One name, several codes: under one street it is one community split into committees.
            if len({c[:9] for c in inside}) == 1:
                community = inside[0]
            else:
                candidates = tuple(inside)
    if community is not None and street is None:
        street = community[:9]
    if street is not None and district is None:
        district = street[:6]
    return AdminMatch(district, street, community, candidates, consistent)
