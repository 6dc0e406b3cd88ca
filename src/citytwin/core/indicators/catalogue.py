"""The indicator catalogue: single definitions plus templates expanded over the real administrative areas.

A template is an indicator mapping with ``per: city | district | street | community`` and placeholders that
are filled for every area of that level from the GB/T 2260 tables (:mod:`citytwin.core.codes.admin`):
``{code}`` (canonical code), ``{name}`` (Chinese name) and ``{level}``. The entity set of each expansion is
restricted to its area (``admin_code: {code}`` unless the template sets another area), so "rain-gauge max 1 h
rainfall per street" becomes one indicator per street, each reading only the gauges of that street.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from citytwin.core.codes import admin
from citytwin.core.indicators.model import IndicatorDef, parse_indicator
from citytwin.errors import BadRequestData

SHENZHEN = admin.AdminArea(code="4403", name="深圳市", level="city", parent_code="44")
LEVELS = ("city", "district", "street", "community")


def areas(level: str) -> list[admin.AdminArea]:
    """Every area of ``level`` in Shenzhen, in code order."""
    if level == "city":
        return [SHENZHEN]
    districts = list(admin.districts())
    if level == "district":
        return districts
    streets = [s for d in districts for s in admin.streets(d.code)]
    if level == "street":
        return streets
    if level == "community":
        return [c for s in streets for c in admin.communities(s.code)]
    raise BadRequestData(f"template 'per' must be one of {', '.join(LEVELS)}, got {level!r}")


def _fill(value: Any, fields: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        try:
            return value.format_map(fields)
        except (KeyError, ValueError) as err:
            raise BadRequestData(f"template text {value!r}: unknown placeholder {err}") from err
    if isinstance(value, Mapping):
        return {k: _fill(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    return value


def expand_template(template: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The indicator mappings a template yields, one per area of its level."""
    name = template.get("template") or template.get("id") or "?"
    level = template.get("per")
    if level not in LEVELS:
        raise BadRequestData(f"template {name!r}: 'per' must be one of {', '.join(LEVELS)}")
    body = {k: v for k, v in template.items() if k not in ("per", "template")}
    out = []
    for area in areas(level):
        fields = {"code": area.code, "name": area.name, "level": level}
        item = _fill(body, fields)
        entities = item.get("entities")
        if isinstance(entities, dict) and "admin_code" not in entities and level != "city":
            entities["admin_code"] = area.code
        item.setdefault("area_code", area.code)
        item["template"] = name
        out.append(item)
    return out


def build_catalogue(documents: Iterable[Mapping[str, Any]]) -> list[IndicatorDef]:
    """Validate every indicator of the catalogue documents (``indicators:`` and ``templates:`` lists).

    Raises BadRequestData naming the first bad definition; ids must be unique across documents.
    """
    out: list[IndicatorDef] = []
    seen: set[str] = set()
    for doc in documents:
        items: list[Mapping[str, Any]] = list(doc.get("indicators") or ())
        for template in doc.get("templates") or ():
            items.extend(expand_template(template))
        for item in items:
            defn = parse_indicator(item)
            if defn.id in seen:
                raise BadRequestData(f"indicator {defn.id!r} is declared twice in the catalogue")
            seen.add(defn.id)
            out.append(defn)
    return out
