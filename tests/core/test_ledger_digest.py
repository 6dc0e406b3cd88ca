"""The ledger digest of an entity is SHA-256 of its normalized form with sorted keys (docs/ledger.md),
whatever shortcut computes it: shared sub-attributes (an import's provenance on every attribute) are encoded
once."""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.ledger import entity_digest

_SORTED = msgspec.json.Encoder(order="sorted").encode


def reference(entity: Entity) -> str:
    """The documented definition, computed the plain way."""
    return hashlib.sha256(_SORTED(entity.to_dict())).hexdigest()


names = st.sampled_from(["floors", "usage", "location", "name", "refSite", "height", "provenance", "type"])
scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=8),
    st.booleans(),
)
values = st.one_of(
    scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=4), scalars, max_size=3)
)
stamp = Attribute(
    AttrType.PROPERTY, {"source": "规划和自然资源局", "importBatch": "urn:ngsi-ld:ImportBatch:1"}
)


@st.composite
def instances(draw: Any, shared: Attribute) -> Attribute:
    kind = draw(st.sampled_from([AttrType.PROPERTY, AttrType.RELATIONSHIP, AttrType.JSON_PROPERTY]))
    value = draw(st.text(min_size=1, max_size=10)) if kind is AttrType.RELATIONSHIP else draw(values)
    sub: dict[str, Attribute] = {}
    for sub_name in draw(
        st.lists(st.sampled_from(["provenance", "accuracy", "type"]), max_size=2, unique=True)
    ):
        sub[sub_name] = shared if draw(st.booleans()) else Attribute(AttrType.PROPERTY, draw(scalars))
    extra = draw(
        st.sampled_from([{}, {"objectType": "Site"}, {"expiresAt": "2027-01-01T00:00:00Z", "lang": "zh"}])
    )
    return Attribute(
        kind,
        value,
        observed_at=draw(st.none() | st.just("2026-11-22T08:00:00Z")),
        unit_code=draw(st.none() | st.just("MTR")),
        dataset_id=draw(st.none() | st.just("urn:ngsi-ld:Dataset:survey")),
        created_at="2026-11-22T08:00:00Z",
        modified_at="2026-11-22T09:00:00Z",
        sub=sub,
        extra=extra,
    )


@st.composite
def entities(draw: Any) -> Entity:
    shared = draw(st.sampled_from([stamp, Attribute(AttrType.PROPERTY, draw(values))]))
    attrs = {name: draw(st.lists(instances(shared), min_size=1, max_size=3)) for name in draw(st.sets(names))}
    types = tuple(
        draw(st.lists(st.sampled_from(["Building", "Site", "Asset"]), min_size=1, max_size=2, unique=True))
    )
    scope = tuple(draw(st.lists(st.sampled_from(["/futian", "/nanshan/yuehai"]), max_size=2, unique=True)))
    return Entity("urn:ngsi-ld:Building:440304-0001", types, attrs, scope)


@settings(max_examples=300, deadline=None)
@given(entities())
def test_the_digest_is_sha256_of_the_sorted_normalized_form(entity: Entity) -> None:
    assert entity_digest(entity) == reference(entity)


def test_an_imported_entity_digests_as_its_normalized_form_and_follows_its_values() -> None:
    entity = Entity("urn:ngsi-ld:Building:440305006013-0042", ("Building",))
    for name, value in (("floors", 22), ("usage", "office"), ("adminCode", "440305006013")):
        entity.attrs[name] = [Attribute(AttrType.PROPERTY, value, sub={"provenance": stamp})]
    before = entity_digest(entity)
    assert before == reference(entity)
    entity.attrs["floors"] = [Attribute(AttrType.PROPERTY, 23, sub={"provenance": stamp})]
    assert entity_digest(entity) == reference(entity) != before
    assert entity_digest(None) == ""
