"""Contract: sub-attributes shared by the instances of a batch (an import's provenance stamp).

An import puts one provenance sub-attribute instance on every attribute it writes. The embedded store keeps
such a shared sub-attribute once per document (codec.SHARED_KEY); these tests hold both backends to the same
behaviour whatever the layout: reads give every instance its sub-attributes, ``q`` over sub-attribute paths
agrees with the reference semantics, and merges keep what they do not touch.
"""

from __future__ import annotations

import sqlite3

import pytest

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.qlang import parse_q
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.query_eval import matches
from citytwin.storage.base import Store, TenantStore
from citytwin.storage.codec import SHARED_KEY, decode_entity, loads, prepare

BATCH = "urn:ngsi-ld:ImportBatch:4c1f1d5e-8a51-4e0c-9d2e-2f1f6b0e7a11"
SURVEY = Attribute(
    AttrType.PROPERTY,
    {"source": "nanshan-survey", "importBatch": BATCH, "importedAt": "2026-11-01T08:00:00Z"},
)
REGISTRY = Attribute(AttrType.PROPERTY, {"source": "housing-registry", "importBatch": BATCH})
QUERIES = [
    'floors.provenance[source]=="nanshan-survey"',
    'floors.provenance[source]=="housing-registry"',
    'floors.provenance[source]!="nanshan-survey"',
    'height.provenance[source]~="nanshan.*"',
    "usage.provenance",
    "usage.provenance[importedAt]",
    'name.provenance[source]=="nanshan-survey";floors>20',
    'floors.provenance[source]=="nanshan-survey"|usage=="office"',
    "floors.provenance.observedAt",
]


def _building(i: int) -> Entity:
    """A building as an import writes it: the batch's one stamp on every attribute (another on some)."""
    stamp = REGISTRY if i % 4 == 3 else SURVEY
    attrs = {
        "name": [Attribute(AttrType.PROPERTY, f"科技园 {i} 栋", sub={"provenance": SURVEY})],
        "floors": [Attribute(AttrType.PROPERTY, 5 + 7 * i, sub={"provenance": stamp})],
        "height": [
            Attribute(AttrType.PROPERTY, 3.2 * (5 + 7 * i), unit_code="MTR", sub={"provenance": SURVEY})
        ],
        "adminCode": [Attribute(AttrType.PROPERTY, "440305006013", sub={"provenance": SURVEY})],
    }
    if i % 2:
        attrs["usage"] = [Attribute(AttrType.PROPERTY, "office", sub={"provenance": stamp})]
    return Entity(f"urn:ngsi-ld:Building:440305-BD-SHARED{i:04d}", ("Building",), attrs)


DATA = [_building(i) for i in range(8)]


@pytest.fixture
def t(store: Store) -> TenantStore:
    tenant = store.tenant()
    assert not tenant.upsert_many([_building(i) for i in range(8)]).errors
    return tenant


def test_every_instance_reads_back_with_its_sub_attributes(t: TenantStore) -> None:
    for want in DATA:
        got = t.get(want.id)
        assert sorted(got.attrs) == sorted(want.attrs)
        for name, instances in want.attrs.items():
            (inst,) = got.attrs[name]
            assert inst.value == instances[0].value
            assert inst.unit_code == instances[0].unit_code
            assert {k: v.value for k, v in inst.sub.items()} == {
                k: v.value for k, v in instances[0].sub.items()
            }


@pytest.mark.parametrize("q", QUERIES)
def test_q_over_sub_attributes_agrees_with_the_reference(t: TenantStore, q: str) -> None:
    query = EntityQuery(types=types_of("Building"), q=parse_q(q), limit=100)
    want = [e.id for e in sorted(DATA, key=lambda e: e.id) if matches(e, query)]
    assert [e.id for e in t.query(query).entities] == want
    if q != "floors.provenance.observedAt":
        assert want, "each query but the last is chosen to match something"


def test_a_merge_keeps_the_sub_attributes_it_does_not_touch(t: TenantStore) -> None:
    target = DATA[1].id
    t.merge(
        Entity(target, ("Building",), {"floors": [Attribute(AttrType.PROPERTY, 44)]}),
        history=True,
    )
    got = t.get(target)
    assert got.attrs["floors"][0].value == 44 and not got.attrs["floors"][0].sub
    for name in ("name", "height", "usage", "adminCode"):
        assert got.attrs[name][0].sub["provenance"].value == SURVEY.value
    query = EntityQuery(q=parse_q('name.provenance[source]=="nanshan-survey";floors==44'))
    assert [e.id for e in t.query(query).entities] == [target]


def test_instances_read_back_do_not_share_their_sub_attribute_dicts(t: TenantStore) -> None:
    got = t.get(DATA[0].id)
    got.attrs["name"][0].sub["provenance"] = Attribute(AttrType.PROPERTY, {"source": "edited"})
    assert got.attrs["floors"][0].sub["provenance"].value == SURVEY.value


def test_the_embedded_store_keeps_a_shared_sub_attribute_once(sqlite_url: str) -> None:
    from citytwin.storage.registry import open_store

    with open_store(sqlite_url) as store:
        assert not store.tenant().upsert_many([_building(0)]).errors
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as conn:
        (doc,) = conn.execute("SELECT doc FROM entities").fetchone()
    assert doc.count("nanshan-survey") == 1
    stored = loads(doc)
    assert [item["s"]["provenance"]["v"] for item in stored[SHARED_KEY]] == [SURVEY.value]
    assert all(inst["s"] == 0 for name, items in stored.items() if name != SHARED_KEY for inst in items)


def test_codec_round_trip_of_a_batch() -> None:
    batch = [_building(i) for i in range(8)]
    prepared = prepare(batch, fresh=True)
    assert not prepared.errors
    for entity, text in zip(batch, prepared.docs, strict=True):
        back = decode_entity(entity.id, entity.types, (), text, created="c", modified="m")
        assert {
            n: [(a.value, a.unit_code, {k: s.value for k, s in a.sub.items()}) for a in v]
            for n, v in back.attrs.items()
        } == {
            n: [(a.value, a.unit_code, {k: s.value for k, s in a.sub.items()}) for a in v]
            for n, v in entity.attrs.items()
        }
