"""Batch upsert CPU (issue 3, second pass): the Null check skipped for bodies that cannot hold it, batches
handed to the thread pool without the pool keeping them, ledger records built by the listener."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from starlette.testclient import TestClient

from citytwin.api.app import create_app
from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.ledger import entity_digest
from citytwin.errors import BadRequestData
from citytwin.governance.ledger_writer import LedgerWriter
from citytwin.ngsild import members
from citytwin.ngsild.context import LdContext
from citytwin.ngsild.routes_batch import parse_entities
from citytwin.settings import Settings
from citytwin.storage.registry import open_store
from citytwin.stream.bus import EventBus
from citytwin.stream.observed import ObservedStore

V1 = "/ngsi-ld/v1"
NULL = members.NGSI_LD_NULL


@pytest.mark.parametrize(
    ("text", "may"),
    [
        (b'[{"v": "urn:ngsi-ld:null"}]', True),
        (b'[{"v": "\\u0075rn:ngsi-ld:null"}]', True),  # an escaped ASCII letter could spell it
        (b'[{"v": "urn:ngsi-ld:nul\\u006C"}]', True),
        (b'[{"v": "\\u6df1\\u5733", "w": "urn:ngsi-ld:nil"}]', False),
        (b'[{"v": 1}]', False),
    ],
)
def test_body_may_hold_null(text: bytes, may: bool) -> None:
    assert members.body_may_hold_null(text) is may


def _building(i: int, **attrs: Any) -> dict[str, Any]:
    return {"id": f"urn:ngsi-ld:Building:n{i}", "type": "Building", **attrs}


def test_parse_with_body_refuses_the_null_as_the_full_check_does(core: LdContext) -> None:
    items = [
        _building(0, a={"type": "Property", "value": {"deep": [1, NULL]}}),
        _building(1, a={"type": "Property", "value": [[1.5, 2.5]]}),
        _building(2, a={"type": "Relationship", "object": NULL}),
    ]
    text = json.dumps(items).encode()
    assert members.body_may_hold_null(text)
    for body in (None, text):
        ok, bad = parse_entities(json.loads(text), core, body=body)
        assert [e.id for e in ok] == ["urn:ngsi-ld:Building:n1"]
        assert [b.entity_id for b in bad] == ["urn:ngsi-ld:Building:n0", "urn:ngsi-ld:Building:n2"]
    escaped = text.replace(b"urn:ngsi-ld:null", b"urn:ngsi-ld:nul\\u006c")
    ok, bad = parse_entities(json.loads(escaped), core, body=escaped)
    assert len(ok) == 1 and len(bad) == 2
    ok, bad = parse_entities(json.loads(escaped), core, nulls=True, body=escaped)  # a merge may
    assert len(ok) == 3 and not bad


class _Vocabulary:
    """A name map whose context maps the term ``nothing`` to the NGSI-LD Null."""

    def to_store(self, term: str) -> str:
        return NULL if term == "nothing" else term


def test_vocab_expanded_to_the_null_is_refused_without_it_in_the_body() -> None:
    items = [
        _building(0, usage={"type": "VocabProperty", "vocab": "nothing"}),
        _building(1, usage={"type": "VocabProperty", "vocab": ["office", "nothing"]}),
        _building(2, usage={"type": "VocabProperty", "vocab": "office"}),
    ]
    text = json.dumps(items).encode()
    assert not members.body_may_hold_null(text)
    ok, bad = parse_entities(json.loads(text), _Vocabulary(), body=text)
    assert [e.id for e in ok] == ["urn:ngsi-ld:Building:n2"]
    assert len(bad) == 2


def test_expanded_null_check_looks_into_sub_attributes() -> None:
    sub = Attribute(AttrType.VOCAB_PROPERTY, NULL)
    inst = Attribute(AttrType.PROPERTY, 1, sub={"kind": sub})
    with pytest.raises(BadRequestData):
        members.reject_expanded_nulls({"a": [inst]})
    members.reject_expanded_nulls({"a": [Attribute(AttrType.PROPERTY, NULL)]})  # the body's: not looked at


def test_served_upsert_keeps_no_entity_alive_after_the_answer(tmp_path: Any) -> None:
    """The thread pool's worker keeps its last call's arguments until its next call: the batch is handed
    over so that its entities go with the request, and the ledger's listener keeps no event either."""
    store = open_store(f"sqlite:///{tmp_path / 'handoff.db'}")
    try:
        app = create_app(Settings(db="sqlite:///unused.db", ledger=True), store=store)
        prefix = "urn:ngsi-ld:Building:handoff-"
        batch = [
            {"id": f"{prefix}{i}", "type": "Building", "floors": {"type": "Property", "value": i}}
            for i in range(30)
        ]
        with TestClient(app) as client:
            for path, status in (("upsert", 201), ("create", 207), ("update", 204), ("merge", 204)):
                answer = client.post(f"{V1}/entityOperations/{path}", json=batch)
                assert answer.status_code == status, answer.text  # create: they exist already
                alive = [o for o in gc.get_objects() if type(o) is Entity and o.id.startswith(prefix)]
                assert alive == [], path
    finally:
        store.close()


def test_ledger_listener_builds_the_record_at_once() -> None:
    class Ledger:
        def append(self, entries: Any) -> None:  # never called: the writer thread is not started
            raise AssertionError

    writer = LedgerWriter(Ledger())  # type: ignore[arg-type]
    bus = EventBus()
    writer.attach(bus)
    store = ObservedStore(open_store("sqlite:///:memory:"), bus)
    try:
        entity = Entity("urn:ngsi-ld:Building:l1", ("Building",), {"h": [Attribute(AttrType.PROPERTY, 3)]})
        assert not store.tenant().upsert_many([entity]).errors
        (entry,) = list(writer._queue)
        assert not callable(entry)  # a record, not a function holding the event (and its entity)
        assert entry.resource == entity.id and entry.action == "create"
        assert entry.digest == entity_digest(entity)
    finally:
        store.close()
