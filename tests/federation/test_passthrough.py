"""Entities one source alone sent, rendered from its JSON (``federation.passthrough``), against the full path.

The full path is what the city did before: parse the source's entity (``wire.remote_entity``) and render it
(``representation.render_entity``). Each usual entity must come out the same, as JSON, in every form the
pass-through serves; anything unusual must be declined (None), so the full path handles it with its checks.
"""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

import msgspec
import pytest

from citytwin.errors import CitytwinError
from citytwin.federation.passthrough import Rendering, renderer
from citytwin.federation.wire import LazyEntity, lazy_entities, remote_entity
from citytwin.ngsild.context import ContextResolver, LdContext, builtin_context
from citytwin.ngsild.representation import projection, render_entity

T0 = "2026-01-01T00:00:00Z"
T1 = "2026-02-01T00:00:00Z"
USER = {
    "ex": "https://example.org/ns/",
    "name": "https://schema.org/name",
    "usage": {"@id": "https://example.org/ns/usage", "@type": "@vocab"},
    "residential": "https://example.org/ns/residential",
    "Building": "https://example.org/ns/Building",
}


def user_context() -> LdContext:
    """An inline user @context (no network: the core context is built in)."""

    async def main() -> LdContext:
        resolver = ContextResolver()
        try:
            return await resolver.resolve(USER)
        finally:
            await resolver.aclose()

    return asyncio.run(main())


def sys(inst: dict[str, Any], created: str = T0, modified: str = T1) -> dict[str, Any]:
    """An instance as a source sends it with ``options=sysAttrs``."""
    return {**inst, "createdAt": created, "modifiedAt": modified}


def plain_entity(n: int) -> dict[str, Any]:
    """A usual entity: every attribute kind, metadata, several instances, system times."""
    return {
        "id": f"urn:ngsi-ld:Building:b{n}",
        "type": "Building",
        "scope": ["/city/a", "/city/b"],
        "createdAt": T0,
        "modifiedAt": T1,
        "location": sys(
            {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [114.05 + n / 1000, 22.5]}}
        ),
        "name": sys({"type": "Property", "value": f"Building {n}"}),
        "height": sys({"type": "Property", "value": 30.5 + n, "unitCode": "MTR", "observedAt": T1}),
        "owner": sys({"type": "Relationship", "object": "urn:ngsi-ld:Person:p1"}),
        "label": sys({"type": "LanguageProperty", "languageMap": {"en": "tower", "zh": "塔"}}),
        "usage": sys({"type": "VocabProperty", "vocab": "residential"}),
        "tags": sys({"type": "VocabProperty", "vocab": ["residential", "https://example.org/ns/mixed"]}),
        "meta": sys({"type": "JsonProperty", "json": {"a": [1, 2], "b": {"c": "d"}}}),
        "floors": sys({"type": "ListProperty", "valueList": [1, 2, 3]}),
        "next": sys({"type": "ListRelationship", "objectList": ["urn:ngsi-ld:B:1", "urn:ngsi-ld:B:2"]}),
        "speed": [
            sys({"type": "Property", "value": 1, "datasetId": "urn:ngsi-ld:Dataset:a"}),
            sys({"type": "Property", "value": 2, "datasetId": "urn:ngsi-ld:Dataset:b"}),
        ],
        "single": [sys({"type": "Property", "value": "one"})],
        "address": sys({"type": "Property", "value": {"city": "深圳", "no": n}}),
    }


USUAL: list[dict[str, Any]] = [
    plain_entity(1),
    {"id": "urn:ngsi-ld:Building:bare", "type": "Building", "name": {"type": "Property", "value": "x"}},
    # typed reading declines these (null, sub-attributes, verbatim members): the general walk renders them
    {
        "id": "urn:ngsi-ld:Building:meta",
        "type": ["Building", "https://example.org/ns/Tower"],
        "scope": "/city/a",
        "createdAt": T0,
        "height": sys(
            {
                "type": "Property",
                "value": 12,
                "unitCode": None,
                "instanceId": "urn:ngsi-ld:Instance:1",
                "accuracy": sys({"type": "Property", "value": 0.5, "unitCode": "MTR"}),
                "source": {"type": "Relationship", "object": "urn:ngsi-ld:Device:d1"},
            }
        ),
        "address": {"type": "Property", "value": {"city": None, "no": 1}},
        "floors": sys({"type": "Property", "value": 3, "unitCode": None, "datasetId": None}),
        "owner": {"type": "Relationship", "object": "urn:ngsi-ld:Person:p1", "objectType": "Person"},
        "empty": [],
    },
    {  # names as full IRIs or compact IRIs where the context has a term: compacted like the full path does
        "id": "urn:ngsi-ld:Building:iri",
        "type": "https://example.org/ns/Building",
        "scope": ["/only"],
        "https://schema.org/name": {"type": "Property", "value": "by IRI"},
        "ex:height": {"type": "Property", "value": 3},
        "usage": {"type": "VocabProperty", "vocab": "https://example.org/ns/residential"},
    },
    {  # one type named twice, an empty createdAt
        "id": "urn:ngsi-ld:Building:twice",
        "type": ["Building", "Building"],
        "createdAt": "",
        "modifiedAt": T1,
        "name": sys({"type": "Property", "value": "t"}),
    },
]

UNUSUAL: list[dict[str, Any]] = [
    {"id": "urn:ngsi-ld:Building:u1", "type": "Building", "name": {"value": "no type"}},
    {"id": "urn:ngsi-ld:Building:u2", "type": "Building", "name": {"type": "Prop", "value": 1}},
    {"id": "urn:ngsi-ld:Building:u3", "type": "Building", "name": "concise"},
    {"id": "urn:ngsi-ld:Building:u4", "type": "Building", "name": {"type": "Property", "value": None}},
    {"id": "not a uri", "type": "Building", "name": {"type": "Property", "value": 1}},
    {"id": "urn:ngsi-ld:Building:u6", "type": "bad type", "name": {"type": "Property", "value": 1}},
    {"id": "urn:ngsi-ld:Building:u7", "name": {"type": "Property", "value": 1}},
    {  # two terms of one attribute
        "id": "urn:ngsi-ld:Building:u8",
        "type": "Building",
        "name": {"type": "Property", "value": 1},
        "https://schema.org/name": {"type": "Property", "value": 2},
    },
    {  # expiresAt: a system member shown only with sysAttrs
        "id": "urn:ngsi-ld:Building:u9",
        "type": "Building",
        "name": {"type": "Property", "value": 1, "expiresAt": "2030-01-01T00:00:00Z"},
    },
    {
        "id": "urn:ngsi-ld:Building:u10",
        "type": "Building",
        "name": {"type": "Property", "value": 1, "observedAt": 5},
    },
]


def forms(ctx: LdContext) -> list[Rendering]:
    """The renderings the pass-through serves: both formats, sysAttrs, attrs / pick / omit, lang."""
    projections = [
        projection(ctx),
        projection(ctx, attrs=["name", "speed", "usage"]),
        projection(ctx, pick=["id", "name", "height"]),
        projection(ctx, pick=["name", "scope", "createdAt"]),
        projection(ctx, omit=["type", "location", "modifiedAt"]),
    ]
    out = []
    for fmt in ("normalized",):  # keyValues takes the full path (4.5.4 wrapped forms)
        for sys_attrs in (False, True):
            for project in projections:
                out.append(Rendering(fmt, sys_attrs, project))  # type: ignore[arg-type]
            out.append(Rendering(fmt, sys_attrs, lang="zh"))  # type: ignore[arg-type]
    return out


def full_path(item: dict[str, Any], ctx: LdContext, form: Rendering) -> Any:
    """What the city answered before: parse, then render (None when the parser refuses the entity)."""
    try:
        entity = remote_entity(copy.deepcopy(item), ctx)
    except CitytwinError:
        return None
    rendered = render_entity(
        entity, ctx, form.fmt, sys_attrs=form.sys_attrs, project=form.project, lang=form.lang
    )
    return json.loads(msgspec.json.encode(rendered))


def lazy(item: dict[str, Any]) -> LazyEntity:
    """The entity as a query answer holds it (id and type read, the rest raw JSON)."""
    return LazyEntity(item.get("id", "?"), item.get("type"), msgspec.Raw(msgspec.json.encode(item)))


def passed(item: dict[str, Any] | LazyEntity, ctx: LdContext, form: Rendering) -> Any:
    got = renderer(ctx, form)(item)
    return None if got is None else json.loads(msgspec.json.encode(got))


@pytest.fixture(params=["core", "user"])
def ctx(request: pytest.FixtureRequest) -> LdContext:
    return builtin_context() if request.param == "core" else user_context()


@pytest.mark.parametrize("item", USUAL, ids=lambda i: str(i["id"]).rsplit(":", 1)[-1])
def test_a_usual_entity_renders_as_the_full_path_does(item: dict[str, Any], ctx: LdContext) -> None:
    for form in forms(ctx):
        expected = full_path(item, ctx, form)
        assert expected is not None
        from_raw = passed(lazy(item), ctx, form)
        if form.lang is not None and item["id"].endswith(":b1"):
            assert from_raw is None  # a LanguageProperty with lang: the full path picks the language
            continue
        assert from_raw == expected, form
        before = copy.deepcopy(item)
        assert passed(item, ctx, form) == expected, form  # a decoded (possibly cached) answer ...
        assert item == before  # ... is left as it was


def test_the_same_answer_renders_the_same_twice() -> None:
    """Rendering may reuse what it decodes: every call decodes afresh (answers are cached and re-read)."""
    ctx = builtin_context()
    item = lazy(plain_entity(2))
    form = Rendering()
    render = renderer(ctx, form)
    first = msgspec.json.encode(render(item))
    assert msgspec.json.encode(render(item)) == first
    assert json.loads(first) == full_path(plain_entity(2), ctx, form)
    assert "createdAt" not in json.loads(first)["name"]


@pytest.mark.parametrize("answer", [USUAL, USUAL[:2]], ids=["with-nulls", "without-nulls"])
def test_a_whole_answer_renders_as_the_full_path_does(answer: list[dict[str, Any]]) -> None:
    """As a query answer arrives (entities left as raw JSON, id and type read)."""
    ctx = user_context()
    items = lazy_entities(msgspec.json.encode(answer))
    assert items is not None
    for form in (Rendering(), Rendering(sys_attrs=True)):
        render = renderer(ctx, form)
        for item, source in zip(items, answer, strict=True):
            got = render(item)
            assert got is not None
            assert json.loads(msgspec.json.encode(got)) == full_path(source, ctx, form)


@pytest.mark.parametrize("item", UNUSUAL, ids=lambda i: str(i["id"]).rsplit(":", 1)[-1])
def test_anything_unusual_is_left_to_the_full_path(item: dict[str, Any]) -> None:
    ctx = user_context()
    for form in forms(ctx):
        assert passed(lazy(item), ctx, form) is None
        assert passed(item, ctx, form) is None


def test_concise_is_not_rendered_from_json() -> None:
    assert Rendering("normalized").passes and not Rendering("keyValues").passes
    assert not Rendering("concise").passes
