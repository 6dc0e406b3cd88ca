"""The declared registry of authoritative sources and standards (一数一源一标准), and standard checks.

The packaged ``citytwin/data/governance/sources.yaml`` declares, per data category and (entity type,
attribute), the authoritative source and its standard. A tenant extends it at run time: extensions are kept
as one store document (kind ``source-registry``) and layered over the packaged file by
:meth:`SourceRegistry.for_tenant`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from citytwin.core.crs import parse_crs
from citytwin.core.entities import Attribute, AttrType, check_name
from citytwin.core.timeutil import parse_instant
from citytwin.errors import BadRequestData, CitytwinError, ResourceNotFound
from citytwin.governance.catalog import CATEGORIES
from citytwin.governance.compare import Tolerance
from citytwin.storage.base import TenantStore

REGISTRY_KIND = "source-registry"
EXTENSION_ID = "extension"
ANY_ATTRIBUTE = "*"
FORMATS = frozenset(
    {"number", "integer", "text", "boolean", "date", "datetime", "uri", "geojson", "relationship"}
)
SOURCE_KINDS = frozenset({"department", "dataset", "system"})
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


@dataclass(frozen=True, slots=True)
class Standard:
    """The one standard of a datum: unit, format, code list, pattern, CRS, reference and tolerance."""

    unit: str | None = None
    format: str | None = None
    code_list: tuple[Any, ...] | None = None
    pattern: str | None = None
    crs: str | None = None
    reference: str | None = None
    tolerance: Tolerance = field(default_factory=Tolerance)

    def to_dict(self) -> dict[str, Any]:
        """JSON form, leaving out what is not declared."""
        out: dict[str, Any] = {
            "unit": self.unit,
            "format": self.format,
            "codeList": list(self.code_list) if self.code_list is not None else None,
            "pattern": self.pattern,
            "crs": self.crs,
            "reference": self.reference,
            "tolerance": self.tolerance.to_dict() or None,
        }
        return {k: v for k, v in out.items() if v is not None}

    def check(self, inst: Attribute) -> list[str]:
        """Why the instance does not meet this standard (empty when it does)."""
        problems: list[str] = []
        if self.unit is not None and inst.unit_code is not None and inst.unit_code != self.unit:
            problems.append(f"unit {inst.unit_code!r} where the standard says {self.unit!r}")
        if self.format is not None and not _format_ok(self.format, inst):
            problems.append(f"value {_short(inst.value)} is not {self.format}")
        items = inst.value if isinstance(inst.value, list) else [inst.value]
        if self.code_list is not None:
            bad = [v for v in items if v not in self.code_list]
            if bad:
                problems.append(f"{_short(bad[0])} is not in the code list")
        if self.pattern is not None:
            regex = re.compile(self.pattern)
            bad = [v for v in items if isinstance(v, str) and not regex.fullmatch(v)]
            if bad:
                problems.append(f"{_short(bad[0])} does not match the pattern {self.pattern}")
        return problems


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _format_ok(fmt: str, inst: Attribute) -> bool:
    value = inst.value
    if fmt == "geojson":
        return inst.type is AttrType.GEOPROPERTY
    if fmt == "relationship":
        return inst.type in (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP)
    if fmt == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if fmt == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if fmt == "boolean":
        return isinstance(value, bool)
    if fmt == "text":
        return isinstance(value, str) or (
            isinstance(value, Mapping) and bool(value) and all(isinstance(v, str) for v in value.values())
        )
    if fmt == "uri":
        return isinstance(value, str) and bool(_URI.match(value))
    if fmt in ("date", "datetime"):
        if not isinstance(value, str):
            return False
        try:
            date.fromisoformat(value) if fmt == "date" else parse_instant(value)
        except (ValueError, CitytwinError):
            return False
        return True
    return True


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A source: a department, a dataset or a system, with its names."""

    name: str
    kind: str = "department"
    zh: str | None = None
    en: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {k: v for k, v in (("name", self.name), ("kind", self.kind), ("zh", self.zh), ("en", self.en))
                if v is not None}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SourceRule:
    """The authoritative source and standard of one datum: (entity type, attribute) in a category."""

    category: str
    entity_type: str
    attribute: str
    authority: str
    standard: Standard = field(default_factory=Standard)

    @property
    def key(self) -> tuple[str, str]:
        """(entity type, attribute)."""
        return (self.entity_type, self.attribute)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (one type per rule)."""
        return {
            "category": self.category,
            "type": self.entity_type,
            "attribute": self.attribute,
            "authority": self.authority,
            "standard": self.standard.to_dict(),
        }


class SourceRegistry:
    """Rules by (entity type, attribute) and known sources; one rule per datum."""

    def __init__(self) -> None:
        self.rules: dict[tuple[str, str], SourceRule] = {}
        self.sources: dict[str, SourceInfo] = {}

    @classmethod
    def packaged(cls) -> SourceRegistry:
        """A fresh registry holding the packaged declarations (extend it freely)."""
        loaded = _packaged_registry()
        out = cls()
        out.rules = dict(loaded.rules)  # rules and sources are frozen: sharing them is safe
        out.sources = dict(loaded.sources)
        return out

    @classmethod
    def for_tenant(cls, tenant: TenantStore) -> SourceRegistry:
        """The packaged declarations overlaid with the tenant's stored extensions."""
        out = cls.packaged()
        try:
            stored = tenant.get_document(REGISTRY_KIND, EXTENSION_ID)
        except ResourceNotFound:
            return out
        out.extend(stored, replace=True)
        return out

    @classmethod
    def from_yaml(cls, text: str) -> SourceRegistry:
        """A registry from YAML text shaped like sources.yaml."""
        out = cls()
        out.extend(parse_yaml(text))
        return out

    def extend(self, data: Mapping[str, Any], *, replace: bool = False) -> list[SourceRule]:
        """Add the sources and rules of a sources.yaml-shaped mapping; returns the rules added.

        A (type, attribute) that already has a rule with another authority or standard is an error (one datum,
        one source) unless ``replace``. Nothing is added when any rule is bad.
        """
        if not isinstance(data, Mapping):
            raise BadRequestData("a source registry must be a mapping with 'sources' and 'rules'")
        unknown = set(data) - {"version", "sources", "rules"}
        if unknown:
            raise BadRequestData(f"unknown source registry member(s): {', '.join(sorted(unknown))}")
        sources = [_source(item) for item in _list(data, "sources")]
        rules = [rule for item in _list(data, "rules") for rule in _rules(item)]
        staged = dict(self.rules)
        for rule in rules:
            held = staged.get(rule.key)
            if held is not None and held != rule and not replace:
                raise BadRequestData(
                    f"one datum, one source: {rule.entity_type}.{rule.attribute} already has authority "
                    f"{held.authority!r} ({held.category}); declare the new rule with replace to change it"
                )
            staged[rule.key] = rule
        self.rules = staged
        for source in sources:
            self.sources[source.name] = source
        return rules

    def rule_for(self, types: Iterable[str], attribute: str) -> SourceRule | None:
        """The rule of ``attribute`` for the first of ``types`` having one (exact attribute before ``*``)."""
        types = tuple(types)
        for t in types:
            found = self.rules.get((t, attribute))
            if found is not None:
                return found
        for t in types:
            found = self.rules.get((t, ANY_ATTRIBUTE))
            if found is not None:
                return found
        return None

    def to_dict(self) -> dict[str, Any]:
        """JSON form: sources and rules ordered by category, type and attribute."""
        order = {c: i for i, c in enumerate(CATEGORIES)}
        rules = sorted(self.rules.values(), key=lambda r: (order[r.category], r.entity_type, r.attribute))
        return {
            "sources": [s.to_dict() for s in sorted(self.sources.values(), key=lambda s: s.name)],
            "rules": [r.to_dict() for r in rules],
        }


def parse_yaml(text: str) -> dict[str, Any]:
    """Parse registry YAML (BadRequestData with the parser's message when it is not YAML)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BadRequestData(f"the source registry is not valid YAML: {err}") from None
    if not isinstance(data, dict):
        raise BadRequestData("a source registry must be a mapping with 'sources' and 'rules'")
    return data


@cache
def _packaged_registry() -> SourceRegistry:
    out = SourceRegistry()
    out.extend(parse_yaml(files("citytwin.data").joinpath("governance/sources.yaml").read_text("utf-8")))
    return out


def extend_tenant_registry(tenant: TenantStore, data: Mapping[str, Any]) -> SourceRegistry:
    """Validate and store an extension for the tenant (its rules replace earlier ones); returns the result."""
    registry = SourceRegistry.for_tenant(tenant)
    added = registry.extend(data, replace=True)
    try:
        stored = tenant.get_document(REGISTRY_KIND, EXTENSION_ID)
    except ResourceNotFound:
        stored = {"sources": [], "rules": []}
    keys = {r.key for r in added}
    rules = [r for r in stored.get("rules", []) if (r["type"], r["attribute"]) not in keys]
    rules += [r.to_dict() for r in added]
    names = {s["name"] for s in _list(data, "sources")}
    sources = [s for s in stored.get("sources", []) if s["name"] not in names]
    sources += [_source(s).to_dict() for s in _list(data, "sources")]
    tenant.put_document(REGISTRY_KIND, EXTENSION_ID, {"sources": sources, "rules": rules})
    return registry


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRequestData(f"source registry: {key!r} must be a list")
    return value


def _source(item: Any) -> SourceInfo:
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or not item["name"].strip():
        raise BadRequestData(f"source registry: a source needs a 'name', got {item!r}")
    kind = item.get("kind", "department")
    if kind not in SOURCE_KINDS:
        raise BadRequestData(
            f"source {item['name']!r}: kind must be one of {', '.join(sorted(SOURCE_KINDS))}"
        )
    return SourceInfo(item["name"].strip(), kind, item.get("zh"), item.get("en"))


def _rules(item: Any) -> list[SourceRule]:
    if not isinstance(item, Mapping):
        raise BadRequestData(f"source registry: a rule must be a mapping, got {item!r}")
    types = item.get("types", [item["type"]] if "type" in item else [])
    attribute = item.get("attribute")
    where = f"rule for {types}.{attribute}"
    unknown = set(item) - {"category", "type", "types", "attribute", "authority", "standard", "note"}
    if unknown:
        raise BadRequestData(f"{where}: unknown member(s) {', '.join(sorted(unknown))}")
    if item.get("category") not in CATEGORIES:
        raise BadRequestData(
            f"{where}: unknown data category {item.get('category')!r}; known: {', '.join(CATEGORIES)}"
        )
    if not isinstance(types, list) or not types:
        raise BadRequestData(f"{where}: name the entity type(s) with 'type' or 'types'")
    if not isinstance(attribute, str) or not (attribute == ANY_ATTRIBUTE or _valid_name(attribute)):
        raise BadRequestData(f"{where}: 'attribute' must be an attribute name or '*'")
    authority = item.get("authority")
    if not isinstance(authority, str) or not authority.strip():
        raise BadRequestData(f"{where}: 'authority' must name a source")
    standard = _standard(where, item.get("standard") or {})
    for t in types:
        if not isinstance(t, str) or not _valid_name(t):
            raise BadRequestData(f"{where}: {t!r} is not a valid entity type name")
    return [SourceRule(item["category"], t, attribute, authority.strip(), standard) for t in types]


def _valid_name(name: str) -> bool:
    try:
        check_name(name)
    except CitytwinError:
        return False
    return True


def _standard(where: str, raw: Any) -> Standard:
    if not isinstance(raw, Mapping):
        raise BadRequestData(f"{where}: 'standard' must be a mapping")
    known = {"unit", "format", "code_list", "codeList", "pattern", "crs", "reference", "tolerance"}
    unknown = set(raw) - known
    if unknown:
        raise BadRequestData(f"{where}: unknown standard member(s) {', '.join(sorted(unknown))}")
    fmt = raw.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise BadRequestData(f"{where}: format {fmt!r} is not one of {', '.join(sorted(FORMATS))}")
    codes = raw.get("code_list", raw.get("codeList"))
    if codes is not None and (not isinstance(codes, list) or not codes):
        raise BadRequestData(f"{where}: code_list must be a non-empty list")
    pattern = raw.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as err:
            raise BadRequestData(f"{where}: pattern {pattern!r} is not a regular expression: {err}") from None
    crs = raw.get("crs")
    if crs is not None:
        try:
            crs = parse_crs(crs)
        except CitytwinError as err:
            raise BadRequestData(f"{where}: {err.detail}") from None
    for key in ("unit", "reference"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise BadRequestData(f"{where}: {key} must be a string")
    return Standard(
        unit=raw.get("unit"),
        format=fmt,
        code_list=tuple(codes) if codes is not None else None,
        pattern=pattern,
        crs=crs,
        reference=raw.get("reference"),
        tolerance=_tolerance(where, raw.get("tolerance") or {}),
    )


def _tolerance(where: str, raw: Any) -> Tolerance:
    if not isinstance(raw, Mapping) or set(raw) - {"abs", "rel", "metres"}:
        raise BadRequestData(f"{where}: tolerance must be a mapping of abs, rel and metres")
    values = {}
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise BadRequestData(f"{where}: tolerance {key} must be a non-negative number, got {value!r}")
        values[key] = float(value)
    return replace(Tolerance(), **values)
