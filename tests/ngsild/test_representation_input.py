"""Attribute bodies: the fast path for plain normalized instances gives what the general parser gives."""

from __future__ import annotations

from typing import Any

import pytest

from citytwin.core.entities import Attribute
from citytwin.errors import BadRequestData
from citytwin.ngsild.context import builtin_context
from citytwin.ngsild.representation import attributes_from_body, instance_from_body

BODIES: list[Any] = [
    {"type": "Property", "value": 1},
    {"type": "Property", "value": {"a": [1, 2]}},
    {"type": "Property", "value": 3.5, "unitCode": "MTR"},
    {"type": "Property", "value": "x", "observedAt": "2026-01-01T00:00:00Z"},
    {"type": "Property", "value": "x", "datasetId": "urn:ds:1"},
    {"type": "Property", "value": "x", "datasetId": "urn:ds:1", "unitCode": "C", "observedAt": "2026-01-01"},
    {"type": "Relationship", "object": "urn:x:1"},
    {"type": "Relationship", "object": ["urn:x:1", "urn:x:2"]},
    {"type": "LanguageProperty", "languageMap": {"en": "a", "zh": "b"}},
    {"type": "VocabProperty", "vocab": "Building"},
    {"type": "VocabProperty", "vocab": ["Building", "Park"]},
    {"type": "JsonProperty", "json": {"k": None}},
    {"type": "ListProperty", "valueList": [1, 2]},
    {"type": "ListRelationship", "objectList": [{"object": "urn:x:1"}]},
    # not plain: handled by the general parser either way
    {"type": "Property", "value": 1, "createdAt": "2026-01-01T00:00:00Z"},
    {"type": "Property", "value": 1, "sub": {"type": "Property", "value": 2}},
    {"type": "VocabularyProperty", "vocab": "Building"},
    # errors
    {"type": "Property", "value": None},
    {"type": "Property"},
    {"type": "Property", "value": 1, "unitCode": 5},
    {"type": "Property", "value": 1, "datasetId": "not a uri"},
    {"type": "Property", "value": 1, "observedAt": "yesterday"},
    {"type": "Relationship", "object": "not a uri"},
    {"type": "VocabProperty", "vocab": ""},
    {"type": "LanguageProperty", "languageMap": "en"},
    {"type": "ListProperty", "valueList": 1},
]


def _outcome(parse: Any) -> Attribute | str:
    try:
        result: Attribute = parse()
        return result
    except BadRequestData as err:
        return f"BadRequestData: {err}"


@pytest.mark.parametrize("body", BODIES)
def test_fast_path_matches_general_parser(body: Any) -> None:
    ctx = builtin_context()
    fast = _outcome(lambda: attributes_from_body({"a": body}, ctx)["a"][0])
    fast_direct = _outcome(lambda: instance_from_body("a", body, ctx))
    # depth 1 never takes the fast path (GeoProperties are left out: depth > 0 also validates geometry)
    general = _outcome(lambda: instance_from_body("a", body, ctx, 1))
    assert fast == general
    assert fast_direct == general
