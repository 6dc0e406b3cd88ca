"""Entities out: the NGSI-LD representations, member for member and in order (4.5.1, 4.5.4, 4.5.5, 4.5.18).

The renderer builds the commonest shapes inline; these tests pin what it sends and check that the inline
paths give exactly what the general one (``render_instances``) gives for every kind and metadata.
"""

from __future__ import annotations

import json
from itertools import product
from typing import Any

import pytest

from citytwin.core.entities import EXPIRES_AT, Attribute, AttrType, Entity
from citytwin.ngsild.context import builtin_context
from citytwin.ngsild.representation import (
    ALL,
    ENTITY_MEMBERS,
    Format,
    Projection,
    projection,
    render_attributes,
    render_entity,
    render_feature,
    render_instances,
)

CREATED, MODIFIED, OBSERVED = "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"
POINT = {"type": "Point", "coordinates": [114.05, 22.55]}
FORMATS: tuple[Format, ...] = ("normalized", "concise", "keyValues")


def _building() -> Entity:
    p = AttrType.PROPERTY
    attrs = {
        "name": [Attribute(p, "B1", created_at=CREATED, modified_at=MODIFIED)],
        "height": [Attribute(p, 31.0, OBSERVED, "MTR", created_at=CREATED, modified_at=MODIFIED)],
        "usage": [Attribute(AttrType.VOCAB_PROPERTY, "office")],
        "address": [Attribute(p, {"city": "深圳"})],
        "location": [Attribute(AttrType.GEOPROPERTY, POINT)],
        "owner": [
            Attribute(
                AttrType.RELATIONSHIP,
                "urn:ngsi-ld:Person:p1",
                created_at=CREATED,
                extra={"objectType": "Person"},
            )
        ],
        "status": [Attribute(p, "inUse"), Attribute(p, "closed", dataset_id="urn:ds:survey")],
        "tags": [Attribute(AttrType.LIST_PROPERTY, [1, 2])],
        "title": [Attribute(AttrType.LANGUAGE_PROPERTY, {"en": "Tower", "zh": "塔"})],
    }
    return Entity("urn:ngsi-ld:Building:b1", ("Building",), attrs, ("/sz/futian",), CREATED, MODIFIED)


def _wire(body: Any) -> str:
    """The body as sent: JSON with members in order (the tests compare orders too)."""
    return json.dumps(body, ensure_ascii=False)


HEAD = {"id": "urn:ngsi-ld:Building:b1", "type": "Building", "scope": "/sz/futian"}
NORMALIZED = {
    **HEAD,
    "name": {"type": "Property", "value": "B1"},
    "height": {"type": "Property", "value": 31.0, "observedAt": OBSERVED, "unitCode": "MTR"},
    "usage": {"type": "VocabProperty", "vocab": "office"},
    "address": {"type": "Property", "value": {"city": "深圳"}},
    "location": {"type": "GeoProperty", "value": POINT},
    "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Person:p1", "objectType": "Person"},
    "status": [
        {"type": "Property", "value": "inUse"},
        {"type": "Property", "value": "closed", "datasetId": "urn:ds:survey"},
    ],
    "tags": {"type": "ListProperty", "valueList": [1, 2]},
    "title": {"type": "LanguageProperty", "languageMap": {"en": "Tower", "zh": "塔"}},
}


def test_normalized_form_member_by_member() -> None:
    assert _wire(render_entity(_building(), builtin_context())) == _wire(NORMALIZED)


def test_normalized_with_sys_attrs_puts_system_times_after_the_metadata() -> None:
    expected = {
        **HEAD,
        "createdAt": CREATED,
        "modifiedAt": MODIFIED,
        **NORMALIZED,
        "name": {"type": "Property", "value": "B1", "createdAt": CREATED, "modifiedAt": MODIFIED},
        "height": {
            **{"type": "Property", "value": 31.0, "observedAt": OBSERVED, "unitCode": "MTR"},
            **{"createdAt": CREATED, "modifiedAt": MODIFIED},
        },
        "owner": {
            **{"type": "Relationship", "object": "urn:ngsi-ld:Person:p1", "objectType": "Person"},
            "createdAt": CREATED,
        },
    }
    assert _wire(render_entity(_building(), builtin_context(), sys_attrs=True)) == _wire(expected)


def test_concise_form_drops_type_and_bares_plain_values() -> None:
    expected = {
        **HEAD,
        "name": "B1",
        "height": {"value": 31.0, "observedAt": OBSERVED, "unitCode": "MTR"},
        "usage": {"vocab": "office"},
        "address": {"value": {"city": "深圳"}},  # a bare object would read back as sub-attributes
        "location": POINT,
        "owner": {"object": "urn:ngsi-ld:Person:p1", "objectType": "Person"},
        "status": [{"value": "inUse"}, {"value": "closed", "datasetId": "urn:ds:survey"}],
        "tags": {"valueList": [1, 2]},
        "title": {"languageMap": {"en": "Tower", "zh": "塔"}},
    }
    assert _wire(render_entity(_building(), builtin_context(), "concise")) == _wire(expected)


def test_key_values_form_wraps_subtypes_and_maps_datasets() -> None:
    expected = {
        **HEAD,
        "name": "B1",
        "height": 31.0,
        "usage": {"vocab": "office"},
        "address": {"city": "深圳"},
        "location": POINT,
        "owner": "urn:ngsi-ld:Person:p1",
        "status": {"dataset": {"@none": "inUse", "urn:ds:survey": "closed"}},
        "tags": [1, 2],
        "title": {"languageMap": {"en": "Tower", "zh": "塔"}},
    }
    body = render_entity(_building(), builtin_context(), "keyValues", sys_attrs=True)
    assert _wire(body) == _wire(expected)  # keyValues carries no system times


def test_lang_sends_a_language_property_as_a_property_in_that_language() -> None:
    ctx = builtin_context()
    normalized = render_entity(_building(), ctx, lang="zh")
    assert _wire(normalized["title"]) == _wire({"type": "Property", "value": "塔", "lang": "zh"})
    assert render_entity(_building(), ctx, "concise", lang="en")["title"] == {"value": "Tower", "lang": "en"}
    assert render_entity(_building(), ctx, "keyValues", lang="en")["title"] == "Tower"
    assert normalized["name"] == NORMALIZED["name"]  # other kinds are untouched


def test_geojson_feature_takes_the_geometry_and_moves_id_out_of_the_properties() -> None:
    feature = render_feature(_building(), builtin_context(), "keyValues")
    assert list(feature) == ["id", "type", "geometry", "properties"]
    assert feature["geometry"] == POINT
    assert "id" not in feature["properties"]
    assert list(feature["properties"])[:2] == ["type", "scope"]
    assert render_feature(_building(), builtin_context(), geometry_property="nothing")["geometry"] is None


def _instances() -> list[Attribute]:
    """One instance of every kind, bare and with each kind of metadata."""
    p, geo = AttrType.PROPERTY, AttrType.GEOPROPERTY
    sub = Attribute(p, 0.5, unit_code="P1", created_at=CREATED)
    values: dict[AttrType, Any] = {
        p: 7,
        AttrType.RELATIONSHIP: "urn:ngsi-ld:X:1",
        geo: POINT,
        AttrType.LANGUAGE_PROPERTY: {"en": "a", "@none": "b"},
        AttrType.VOCAB_PROPERTY: ["office", "https://example.org/Shop"],
        AttrType.JSON_PROPERTY: {"k": [1]},
        AttrType.LIST_PROPERTY: [1, 2],
        AttrType.LIST_RELATIONSHIP: [{"object": "urn:a"}, "urn:b"],
    }
    out = [Attribute(p, {"a": 1}), Attribute(p, [{"a": 1}, 2]), Attribute(p, [1, 2])]
    for kind, value in values.items():
        out += [
            Attribute(kind, value),
            Attribute(kind, value, OBSERVED, "MTR", "urn:ds:1"),
            Attribute(kind, value, created_at=CREATED, modified_at=MODIFIED),
            Attribute(kind, value, modified_at=MODIFIED),
            Attribute(kind, value, extra={"objectType": "X", EXPIRES_AT: "2030-01-01T00:00:00Z"}),
            Attribute(kind, value, sub={"accuracy": sub}),
        ]
    return out


@pytest.mark.parametrize(
    ("fmt", "sys_attrs", "lang"), list(product(FORMATS, (False, True), (None, "en", "*")))
)
def test_an_entity_renders_each_attribute_as_render_instances_does(
    fmt: Format, sys_attrs: bool, lang: str | None
) -> None:
    ctx = builtin_context()
    for inst in _instances():
        entity = Entity("urn:ngsi-ld:T:1", ("T",), {"a": [inst]})
        body = render_entity(entity, ctx, fmt, sys_attrs=sys_attrs, lang=lang)
        alone = render_instances([inst], ctx, fmt, sys_attrs=sys_attrs, lang=lang)
        assert _wire(body["a"]) == _wire(alone), inst


def test_a_projection_that_keeps_everything_renders_as_no_projection() -> None:
    ctx, entity = builtin_context(), _building()
    every_member = Projection(members=frozenset(ENTITY_MEMBERS))
    every_attribute = Projection(keep=frozenset(entity.attrs))
    for fmt, sys_attrs in product(FORMATS, (False, True)):
        plain = _wire(render_entity(entity, ctx, fmt, sys_attrs=sys_attrs, project=ALL))
        for project in (every_member, every_attribute):
            assert _wire(render_entity(entity, ctx, fmt, sys_attrs=sys_attrs, project=project)) == plain


def test_pick_and_omit_select_members_and_attributes() -> None:
    ctx, entity = builtin_context(), _building()
    picked = render_entity(
        entity, ctx, project=projection(ctx, pick=["id", "height", "createdAt"]), sys_attrs=True
    )
    assert list(picked) == ["id", "createdAt", "height"]
    omitted = render_entity(
        entity, ctx, "keyValues", project=projection(ctx, omit=["type", "status", "title"])
    )
    assert list(omitted) == ["id", "scope", "name", "height", "usage", "address", "location", "owner", "tags"]
    assert render_attributes(entity, ctx, project=projection(ctx, attrs=["owner", "tags"])) == {
        "owner": NORMALIZED["owner"],
        "tags": NORMALIZED["tags"],
    }


def test_an_attribute_without_instances_is_not_sent() -> None:
    entity = Entity("urn:ngsi-ld:T:1", ("T", "U"), {"gone": [], "kept": [Attribute(AttrType.PROPERTY, 1)]})
    for fmt in FORMATS:
        body = render_entity(entity, builtin_context(), fmt)
        assert list(body) == ["id", "type", "kept"]
        assert body["type"] == ["T", "U"]
