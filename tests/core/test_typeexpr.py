"""The NGSI-LD entity type selection language (clause 4.17) turned into the stores' DNF TypeExpr."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.query import TypeExpr, types_of
from citytwin.core.typeexpr import MAX_TERMS, expand_types, parse_types
from citytwin.errors import InvalidRequest


def dnf(*groups: str) -> TypeExpr:
    """``dnf("A;B", "C")`` is (A and B) or C."""
    return tuple(frozenset(g.split(";")) for g in groups)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Building", types_of("Building")),
        ("Building|House", types_of("Building", "House")),
        ("Building,House", types_of("Building", "House")),
        ("(Home;Vehicle)", dnf("Home;Vehicle")),
        ("(Home;Vehicle)|Motorhome", dnf("Home;Vehicle", "Motorhome")),
        ("(Home;Vehicle),Motorhome", dnf("Home;Vehicle", "Motorhome")),
        (
            "https://smartdatamodels.org/dataModel.Building/Building",
            types_of("https://smartdatamodels.org/dataModel.Building/Building"),
        ),
        ("urn:x:T#1|B", types_of("urn:x:T#1", "B")),
        ("schema:Place", types_of("schema:Place")),
        ("建筑,道路", types_of("建筑", "道路")),
        (" A , B ", types_of("A", "B")),
    ],
)
def test_spec_examples(text: str, expected: TypeExpr) -> None:
    assert parse_types(text) == expected


def test_and_binds_tighter_than_or() -> None:
    assert parse_types("A;B|C") == dnf("A;B", "C")
    assert parse_types("A|B;C") == dnf("A", "B;C")
    assert parse_types("(A|B);C") == dnf("A;C", "B;C")


def test_distribution_and_simplification() -> None:
    assert parse_types("(A|B);(C|D)") == dnf("A;C", "A;D", "B;C", "B;D")
    assert parse_types("A|(A;B)") == dnf("A")
    assert parse_types("(A;B)|A") == dnf("A")
    assert parse_types("A,A,B") == dnf("A", "B")
    assert parse_types("(A;A)") == dnf("A")
    assert parse_types("((A;B);(B;C))") == dnf("A;B;C")
    assert parse_types("(A;(B|(C;D)))") == dnf("A;B", "A;C;D")


def test_expand_maps_every_name() -> None:
    def expand(name: str) -> str:
        return name if ":" in name else "https://example.org/" + name

    assert parse_types("(A;B)|urn:x:C", expand=expand) == (
        frozenset({"https://example.org/A", "https://example.org/B"}),
        frozenset({"urn:x:C"}),
    )
    assert expand_types(dnf("A;B", "C"), str.lower) == dnf("a;b", "c")
    # Two short names can expand to one IRI; the result stays simplified.
    assert expand_types(dnf("A", "a;B"), str.lower) == dnf("a")


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("", 1, "expected a type name"),
        ("A,,B", 2, "expected a type after ','"),
        ("A|", 2, "expected a type after '|'"),
        ("A;", 2, "expected a type after ';'"),
        (",A", 1, "expected a type name, found ','"),
        ("(A;B", 5, "expected ')' to close the '('"),
        ("A)", 2, "unmatched ')'"),
        ("()", 1, "expected a type after '('"),
        ("A B", 3, "unexpected 'B'"),
        ('"A"', 1, "'\"' is not allowed in a type name"),
        ("A=B", 2, "'=' is not allowed in a type name"),
        ("(A)(B)", 4, "unexpected '('"),
        ("(" * 70 + "A" + ")" * 70, 65, "nested more than 64 deep"),
    ],
)
def test_malformed_type_queries_name_the_position(text: str, position: int, fragment: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        parse_types(text)
    assert info.value.detail.startswith("type: ")
    assert fragment in info.value.detail
    assert f"at position {position} in " in info.value.detail


def test_normal_form_size_is_bounded() -> None:
    blowup = ";".join(f"(A{i}|B{i})" for i in range(12))  # 2**12 alternatives
    with pytest.raises(InvalidRequest, match=f"more than {MAX_TERMS} alternatives"):
        parse_types(blowup)
    assert len(parse_types(",".join(f"T{i}" for i in range(1000)))) == 1000


# -- property: the DNF means what the expression means ----------------------------------------------------

NAMES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class Node:
    op: str  # "name", "and", "or"
    name: str = ""
    items: tuple[Node, ...] = ()


def holds(node: Node, types: frozenset[str]) -> bool:
    if node.op == "name":
        return node.name in types
    results = (holds(item, types) for item in node.items)
    return all(results) if node.op == "and" else any(results)


def render(node: Node, or_op: str) -> str:
    if node.op == "name":
        return node.name
    if node.op == "and":
        return "(" + ";".join(render(item, or_op) for item in node.items) + ")"
    return "(" + or_op.join(render(item, or_op) for item in node.items) + ")"


nodes = st.recursive(
    st.sampled_from(NAMES).map(lambda n: Node("name", n)),
    lambda inner: st.builds(
        lambda op, items: Node(op, items=tuple(items)),
        st.sampled_from(["and", "or"]),
        st.lists(inner, min_size=2, max_size=3),
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(node=nodes, or_op=st.sampled_from(["|", ","]))
def test_dnf_agrees_with_the_expression(node: Node, or_op: str) -> None:
    expr = parse_types(render(node, or_op))
    for size in range(len(NAMES) + 1):
        for combo in itertools.combinations(NAMES, size):
            types = frozenset(combo)
            assert holds(node, types) == any(group <= types for group in expr)
    # Simplified: no repeats, and no set contains another.
    assert len(set(expr)) == len(expr)
    assert not any(a < b for a in expr for b in expr)
