"""The declared registry of authoritative sources and standards: loading, validation, extension."""

from __future__ import annotations

import pytest

from citytwin.core.entities import Attribute, AttrType, prop
from citytwin.errors import BadRequestData
from citytwin.governance.catalog import CATEGORIES
from citytwin.governance.compare import Tolerance
from citytwin.governance.registry import SourceRegistry, extend_tenant_registry
from citytwin.storage.base import Store


def test_packaged_registry_declares_authorities_and_standards() -> None:
    registry = SourceRegistry.packaged()
    height = registry.rule_for(("Building",), "height")
    assert height is not None
    assert (height.category, height.authority) == ("space-2d3d", "sz-pnr")
    assert height.standard.unit == "MTR" and height.standard.tolerance == Tolerance(abs=0.5, rel=0.02)
    location = registry.rule_for(("Building",), "location")
    assert location is not None and location.standard.tolerance.metres == 2.0
    assert location.standard.crs == "EPSG:4490"
    # One rule line covers several admin types; the first type with a rule wins for multi-typed entities.
    for t in ("District", "SubDistrict", "Community"):
        rule = registry.rule_for((t,), "adminCode")
        assert rule is not None and rule.authority == "sz-mca"
    assert registry.rule_for(("Building",), "roofColour") is None
    assert registry.sources["sz-amr"].zh == "深圳市市场监督管理局"
    categories = {r.category for r in registry.rules.values()}
    assert categories == set(CATEGORIES)  # every category has at least one declared datum
    authorities = {r.authority for r in registry.rules.values()}
    assert authorities <= set(registry.sources)  # every authority is a declared source


def test_one_datum_one_source_is_enforced() -> None:
    registry = SourceRegistry.packaged()
    other = {
        "rules": [{"category": "space-2d3d", "type": "Building", "attribute": "height", "authority": "osm"}]
    }
    with pytest.raises(BadRequestData, match=r"Building\.height already has authority 'sz-pnr'"):
        registry.extend(other)
    assert registry.rule_for(("Building",), "height").authority == "sz-pnr"  # type: ignore[union-attr]
    registry.extend(other, replace=True)
    assert registry.rule_for(("Building",), "height").authority == "osm"  # type: ignore[union-attr]


def test_wildcard_attribute_rule() -> None:
    registry = SourceRegistry.from_yaml(
        """
        sources: [{name: sz-gsdm, kind: department}]
        rules:
          - {category: iot-sensing, type: Device, attribute: "*", authority: sz-gsdm}
          - {category: iot-sensing, type: Device, attribute: battery, authority: vendor-x}
        """
    )
    assert registry.rule_for(("Device",), "serialNumber").authority == "sz-gsdm"  # type: ignore[union-attr]
    assert registry.rule_for(("Device",), "battery").authority == "vendor-x"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("rules: [{category: weather, type: Building, attribute: x, authority: a}]", "unknown data category"),
        ("rules: [{category: population, attribute: x, authority: a}]", "name the entity type"),
        ("rules: [{category: population, type: Person, attribute: 'a b', authority: a}]", "attribute"),
        ("rules: [{category: population, type: Person, attribute: x}]", "'authority' must name a source"),
        (
            "rules: [{category: population, type: Person, attribute: x, authority: a,"
            " standard: {tolerance: {abs: -1}}}]",
            "tolerance abs must be a non-negative number",
        ),
        (
            "rules: [{category: population, type: Person, attribute: x, authority: a,"
            " standard: {pattern: '('}}]",
            "is not a regular expression",
        ),
        (
            "rules: [{category: population, type: Person, attribute: x, authority: a,"
            " standard: {format: colour}}]",
            "format 'colour'",
        ),
        ("rules: [{category: population, type: Person, attribute: x, authority: a, owner: b}]", "owner"),
        ("sources: [{kind: department}]", "a source needs a 'name'"),
        ("rules: {not: a list}", "'rules' must be a list"),
        ("rules: [unclosed", "not valid YAML"),
    ],
)
def test_bad_registry_input_is_a_clear_error(yaml_text: str, message: str) -> None:
    with pytest.raises(BadRequestData, match=message):
        SourceRegistry.from_yaml(yaml_text)


def test_standard_checks_unit_format_code_list_pattern() -> None:
    registry = SourceRegistry.packaged()
    height = registry.rule_for(("Building",), "height").standard  # type: ignore[union-attr]
    assert height.check(prop(30.0, unit_code="MTR")) == []
    assert height.check(prop(98.0, unit_code="FOT")) == ["unit 'FOT' where the standard says 'MTR'"]
    assert height.check(prop("tall")) == ["value 'tall' is not number"]
    usage = registry.rule_for(("Building",), "usage").standard  # type: ignore[union-attr]
    assert usage.check(prop("office")) == []
    assert usage.check(prop("spaceport")) == ["'spaceport' is not in the code list"]
    uscc = registry.rule_for(("Organization",), "uscc").standard  # type: ignore[union-attr]
    assert uscc.check(prop("91440300708461136T")) == []
    assert "does not match the pattern" in uscc.check(prop("9144030070846113"))[0]
    name = registry.rule_for(("District",), "name").standard  # type: ignore[union-attr]
    assert name.check(Attribute(AttrType.LANGUAGE_PROPERTY, {"zh": "南山区"})) == []


def test_tenant_extension_is_stored_and_layered(store: Store) -> None:
    twin = store.tenant()
    extend_tenant_registry(
        twin,
        {
            "sources": [{"name": "sz-futian-gov", "kind": "department", "zh": "福田区政府"}],
            "rules": [
                {
                    "category": "public-service",
                    "type": "Facility",
                    "attribute": "openingHours",
                    "authority": "sz-futian-gov",
                    "standard": {"format": "text"},
                },
                {
                    "category": "space-2d3d",
                    "type": "Building",
                    "attribute": "height",
                    "authority": "sz-futian-gov",
                    "standard": {"format": "number", "unit": "MTR", "tolerance": {"abs": 1.0}},
                },
            ],
        },
    )
    loaded = SourceRegistry.for_tenant(twin)
    assert loaded.rule_for(("Facility",), "openingHours").authority == "sz-futian-gov"  # type: ignore[union-attr]
    height = loaded.rule_for(("Building",), "height")
    assert height is not None and height.authority == "sz-futian-gov"
    assert height.standard.tolerance == Tolerance(abs=1.0)
    assert loaded.sources["sz-futian-gov"].zh == "福田区政府"
    # Other tenants keep the packaged declarations.
    assert SourceRegistry.for_tenant(store.tenant("luohu")).rule_for(("Building",), "height").authority == (  # type: ignore[union-attr]
        "sz-pnr"
    )
    # A second extension adds to the first.
    extend_tenant_registry(
        twin,
        {"rules": [{"category": "population", "type": "Person", "attribute": "age", "authority": "sz-psb"}]},
    )
    again = SourceRegistry.for_tenant(twin)
    assert again.rule_for(("Person",), "age") is not None
    assert again.rule_for(("Facility",), "openingHours") is not None
    with pytest.raises(BadRequestData):
        extend_tenant_registry(
            twin, {"rules": [{"category": "nope", "type": "A", "attribute": "b", "authority": "c"}]}
        )
    assert SourceRegistry.for_tenant(twin).rule_for(("Person",), "age") is not None
