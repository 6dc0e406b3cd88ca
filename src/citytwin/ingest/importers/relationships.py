"""Columns of a table or feature file turned into NGSI-LD Relationships (``--relationship COL=rel:Type``).

A rule names a source column, the relationship it becomes and, optionally, the type of its targets. A cell
holding a URN is the object as it is; a bare id is keyed like an ``--id-column`` value of ``Type`` (so it
names the twin that an import of the targets keyed by the same column made); an empty cell makes no
relationship; ``a;b`` makes one relationship with several objects. Anything else is a row error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from citytwin.core.entities import Attribute, AttrType, check_name
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.ingest.importers.coerce import RESERVED
from citytwin.ingest.importers.mapping import IdMaker, check_type

SEPARATOR = ";"
"""Separates the objects of a multi-valued cell."""
TAKEN = frozenset({*RESERVED, "provenance", "registeredTo", "geocodeScore", "geocodeLevel"})
"""Attribute names the importer sets itself: no relationship may take them."""

_RULE = re.compile(r"^(?P<column>.+?)(?:=(?P<name>[^=:]+)(?::(?P<type>[^=:]+))?)?$")
_URN = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,30}[A-Za-z0-9]:[^\s<>\"{}|\\^`]+$", re.IGNORECASE)
_BARE = re.compile(r"^[^\s<>\"{}|\\^`]+$")
_OTHER_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass(frozen=True, slots=True)
class RelationshipRule:
    """Column ``column`` becomes relationship ``name``; bare ids name twins of ``target_type``."""

    column: str
    name: str
    target_type: str | None = None

    @classmethod
    def parse(cls, text: str) -> RelationshipRule:
        """``COLUMN=relName[:TargetType]`` (or just ``COLUMN``: the relationship takes its name)."""
        match = _RULE.match(text.strip())
        if match is None or not match["column"].strip():
            raise BadRequestData(f"--relationship {text!r}: write COLUMN=relName[:TargetType]")
        column = match["column"].strip()
        name = (match["name"] or column).strip()
        target = match["type"].strip() if match["type"] else None
        return cls(column, name, target)

    def __str__(self) -> str:
        target = f":{self.target_type}" if self.target_type else ""
        return f"{self.column}={self.name}{target}"


def parse_rules(items: Iterable[str | RelationshipRule]) -> tuple[RelationshipRule, ...]:
    """Rules from CLI-style strings or ready rules; checks names, types and that names are unique."""
    rules = tuple(
        item if isinstance(item, RelationshipRule) else RelationshipRule.parse(item) for item in items
    )
    names: set[str] = set()
    for rule in rules:
        try:
            check_name(rule.name)
        except CitytwinError:
            raise BadRequestData(
                f"--relationship {rule}: {rule.name!r} is not a valid attribute name"
            ) from None
        if rule.name in TAKEN:
            raise BadRequestData(f"--relationship {rule}: {rule.name!r} is an attribute the importer sets")
        if rule.name in names:
            raise BadRequestData(f"--relationship {rule}: two rules make {rule.name!r}")
        names.add(rule.name)
        if rule.target_type is not None:
            check_type(rule.target_type)
    return rules


class Relationships:
    """The rules of one import bound to its file's columns: row values → Relationship attributes."""

    def __init__(
        self, rules: tuple[RelationshipRule, ...], columns: Mapping[str, str], ids: IdMaker, file: str
    ) -> None:
        if rules and not columns:
            raise BadRequestData(
                f"--relationship needs a file with columns (CSV, Excel, GeoJSON, GeoPackage, Shapefile); "
                f"{file} has none"
            )
        self.ids = ids
        self.bound: list[tuple[RelationshipRule, str]] = []
        used = {columns.get(r.column, r.column) for r in rules}
        for rule in rules:
            key = columns.get(rule.column) or (rule.column if rule.column in columns.values() else None)
            if key is None:
                raise BadRequestData(
                    f"--relationship {rule}: {rule.column!r} is not a column of {file}; "
                    f"columns: {list(columns)}"
                )
            if rule.name in set(columns.values()) - used:
                raise BadRequestData(
                    f"--relationship {rule}: {file} has a column that is already the attribute {rule.name!r}"
                )
            self.bound.append((rule, key))

    def __bool__(self) -> bool:
        return bool(self.bound)

    def resolve(self, properties: dict[str, Any]) -> tuple[dict[str, Attribute], str | None]:
        """The row's relationships (its columns taken out of ``properties``), or a reason to reject it."""
        out: dict[str, Attribute] = {}
        for rule, key in self.bound:
            value = properties.get(key)
            try:
                objects = self._objects(value, rule.target_type)
            except ValueError as err:
                return {}, f"bad relationship {rule.name}: {err} in column {rule.column!r}"
            if objects:
                extra = {"objectType": rule.target_type} if rule.target_type else {}
                obj: str | list[str] = objects[0] if len(objects) == 1 else objects
                out[rule.name] = Attribute(AttrType.RELATIONSHIP, obj, extra=extra)
        for _, key in self.bound:
            properties.pop(key, None)
        return out, None

    def _objects(self, value: Any, target_type: str | None) -> list[str]:
        """The objects a cell names (empty: none); ValueError says why a cell names nothing valid."""
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        texts: list[str] = []
        for item in items:
            text = _text(item)
            texts.extend(t.strip() for t in text.split(SEPARATOR) if t.strip())
        return list(dict.fromkeys(self._object(t, target_type) for t in texts))

    def _object(self, text: str, target_type: str | None) -> str:
        if text.lower().startswith("urn:"):
            if _URN.match(text) is None:
                raise ValueError(f"{text!r} is not a well-formed URN")
            return text
        if _OTHER_URI.match(text) or _BARE.match(text) is None:
            raise ValueError(f"{text!r} is neither a URN nor an id")
        if target_type is None:
            raise ValueError(f"{text!r} is not a URN (give a target type, COLUMN=rel:Type, to key bare ids)")
        try:
            return self.ids.for_value(target_type, text)
        except CitytwinError as err:
            raise ValueError(f"{text!r}: {err.detail}") from None


def objects_of(attrs: Mapping[str, Attribute]) -> list[str]:
    """Every object of a row's relationships."""
    out: list[str] = []
    for attribute in attrs.values():
        value = attribute.value
        out.extend(value if isinstance(value, list) else [value])
    return out


def _text(value: Any) -> str:
    """A cell as id text: whole numbers without a fraction; ValueError for booleans, fractions, objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | dict):
        raise ValueError(f"{value!r} is neither a URN nor an id")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    raise ValueError(f"{value!r} is neither a URN nor an id")
