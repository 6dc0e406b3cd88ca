"""The NGSI-LD scope query language (clause 4.19): parsing, matching and the mapping onto scope prefixes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.scopeq import (
    ScopeAnd,
    ScopeExpr,
    ScopeOr,
    ScopePattern,
    parse_scope_q,
    scope_levels,
    scope_matches,
    scope_prefilter,
    scope_prefixes,
)
from citytwin.errors import InvalidRequest


def pat(text: str) -> ScopePattern:
    levels = tuple(level for level in text.split("/") if level)
    if levels and levels[-1] == "#":
        return ScopePattern(levels[:-1], descendants=True)
    return ScopePattern(levels)


# -- parsing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/Madrid", ScopePattern(("Madrid",))),
        ("/Madrid/Gardens/#", ScopePattern(("Madrid", "Gardens"), descendants=True)),
        ("/Madrid/+/ParqueNorte", ScopePattern(("Madrid", "+", "ParqueNorte"))),
        ("(/Madrid/Districts;/CompanyA)", ScopeAnd((pat("/Madrid/Districts"), pat("/CompanyA")))),
        (
            "(/Madrid/Districts;/CompanyA)|/CompanyB",
            ScopeOr((ScopeAnd((pat("/Madrid/Districts"), pat("/CompanyA"))), pat("/CompanyB"))),
        ),
        (
            "(/Madrid/Districts;/CompanyA),/CompanyB",
            ScopeOr((ScopeAnd((pat("/Madrid/Districts"), pat("/CompanyA"))), pat("/CompanyB"))),
        ),
        ("/#", ScopePattern((), descendants=True)),
        ("/+", ScopePattern(("+",))),
        ("/+/#", ScopePattern(("+",), descendants=True)),
        ("/Shenzhen/福田区", ScopePattern(("Shenzhen", "福田区"))),
        ("/440300/440304", ScopePattern(("440300", "440304"))),
        ("/a_b/c-d", ScopePattern(("a_b", "c-d"))),
    ],
)
def test_spec_examples_and_levels(text: str, expected: ScopeExpr) -> None:
    assert parse_scope_q(text) == expected


def test_and_binds_tighter_and_nesting_flattens() -> None:
    a, b, c, d = (pat(f"/{n}") for n in "abcd")
    assert parse_scope_q("/a;/b|/c") == ScopeOr((ScopeAnd((a, b)), c))
    assert parse_scope_q("/a|/b;/c") == ScopeOr((a, ScopeAnd((b, c))))
    assert parse_scope_q("/a,/b,/c") == ScopeOr((a, b, c))
    assert parse_scope_q("((/a|/b)|(/c,/d))") == ScopeOr((a, b, c, d))
    assert parse_scope_q("(/a;(/b;/c))") == ScopeAnd((a, b, c))
    assert parse_scope_q(" ( /a ; /b ) | /c ") == ScopeOr((ScopeAnd((a, b)), c))


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("", 1, "expected a scope starting with '/'"),
        ("Madrid", 1, "expected a scope starting with '/'"),
        # The spec's own example 5 writes "|CompanyB" without the slash; the ABNF requires it.
        ("(/Madrid/Districts;/CompanyA)|CompanyB", 31, "expected a scope starting with '/'"),
        ("/", 1, "expected a scope level, '+' or '#' after '/'"),
        ("/a/", 3, "expected a scope level, '+' or '#' after '/'"),
        ("/a//b", 3, "expected a scope level"),
        ("/a/#/b", 4, "'#' must be the last level"),
        ("/a#", 3, "unexpected '#' in a scope level"),
        ("/a+b", 3, "unexpected '+' in a scope level"),
        ("/+b", 2, "'+' must be a whole level"),
        ("/a|", 3, "expected a scope after '|'"),
        ("/a,", 3, "expected a scope after ','"),
        ("/a;", 3, "expected a scope after ';'"),
        ("(/a", 4, "expected ')' to close the '('"),
        ("/a)", 3, "unmatched ')'"),
        ("()", 1, "expected a scope after '('"),
        ("/a /b", 4, "unexpected '/'"),
        ("/a.b", 3, "unexpected '.' in a scope level"),
        ("(" * 70 + "/a" + ")" * 70, 65, "nested more than 64 deep"),
    ],
)
def test_malformed_scope_queries_name_the_position(text: str, position: int, fragment: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        parse_scope_q(text)
    assert info.value.detail.startswith("scopeQ: ")
    assert fragment in info.value.detail
    assert f"at position {position} in " in info.value.detail


# -- matching ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "scopes", "expected"),
    [
        ("/Madrid", ["/Madrid"], True),
        ("/Madrid", ["/Madrid/Gardens"], False),
        ("/Madrid", ["/Madrid/"], True),
        ("/Madrid/Gardens/#", ["/Madrid/Gardens"], True),
        ("/Madrid/Gardens/#", ["/Madrid/Gardens/ParqueNorte/Parterre1"], True),
        ("/Madrid/Gardens/#", ["/Madrid/GardensX"], False),
        ("/Madrid/Gardens/#", ["/Madrid"], False),
        ("/Madrid/+/ParqueNorte", ["/Madrid/Sights/ParqueNorte"], True),
        ("/Madrid/+/ParqueNorte", ["/Madrid/ParqueNorte"], False),
        ("/Madrid/+/ParqueNorte", ["/Madrid/a/b/ParqueNorte"], False),
        ("/+", ["/Anything"], True),
        ("/+", ["/Anything/deeper"], False),
        ("/+/#", ["/Anything/deeper"], True),
        ("/#", ["/x"], True),
        ("/#", [], False),
        ("/#", ["urn:ngsi-ld:null"], False),
        ("(/Madrid/Districts;/CompanyA)", ["/CompanyA", "/Madrid/Districts"], True),
        ("(/Madrid/Districts;/CompanyA)", ["/Madrid/Districts"], False),
        ("(/Madrid/Districts;/CompanyA)|/CompanyB", ["/CompanyB"], True),
        ("(/Madrid/Districts;/CompanyA),/CompanyB", ["/CompanyC"], False),
        ("/a,/b", ["/c", "/b"], True),
    ],
)
def test_scope_matches(query: str, scopes: list[str], expected: bool) -> None:
    assert scope_matches(parse_scope_q(query), scopes) is expected


def test_scope_levels() -> None:
    assert scope_levels("/a/b") == ("a", "b")
    assert scope_levels("urn:ngsi-ld:null") == ()
    assert scope_levels("/") == ()


# -- prefixes for EntityQuery.scopes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "prefixes"),
    [
        ("/Shenzhen/#", ("/Shenzhen",)),
        ("/Shenzhen/Futian/#,/Shenzhen/Nanshan/#", ("/Shenzhen/Futian", "/Shenzhen/Nanshan")),
        ("/Shenzhen/Futian/#|/Shenzhen/#", ("/Shenzhen",)),
        ("/a/#|/a/#", ("/a",)),
        ("/#", ("/",)),
        ("/a/#|/#", ("/",)),
        ("/Shenzhen", None),
        ("/Shenzhen/+/#", None),
        ("(/a/#;/b/#)", None),
        ("/a/#|/b", None),
    ],
)
def test_exact_prefixes(query: str, prefixes: tuple[str, ...] | None) -> None:
    assert scope_prefixes(parse_scope_q(query)) == prefixes


@pytest.mark.parametrize(
    ("query", "prefixes"),
    [
        ("/Shenzhen", ("/Shenzhen",)),
        ("/Shenzhen/+/Park", ("/Shenzhen",)),
        ("/+/Park", ("/",)),
        ("(/a;/b/c)", ("/b/c",)),
        ("/a/b|/a", ("/a",)),
        ("(/a/b;/+),/c/#", ("/a/b", "/c")),
    ],
)
def test_prefilter_prefixes(query: str, prefixes: tuple[str, ...]) -> None:
    assert scope_prefilter(parse_scope_q(query)) == prefixes


def under(scope: str, prefix: str) -> bool:
    """EntityQuery.scopes semantics: the scope is the prefix or below it; ``/`` takes every scope."""
    scope = scope.rstrip("/")
    return prefix == "/" or scope == prefix or scope.startswith(prefix + "/")


levels = st.sampled_from(["a", "b", "c"])
patterns = st.builds(
    ScopePattern,
    st.lists(st.one_of(levels, st.just("+")), max_size=3).map(tuple),
    st.booleans(),
).filter(lambda p: p.levels or p.descendants)


def _flat(kind: type[ScopeAnd] | type[ScopeOr], items: list[ScopeExpr]) -> ScopeExpr:
    out: list[ScopeExpr] = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(out))


exprs = st.recursive(
    patterns,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: _flat(ScopeAnd, xs)),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: _flat(ScopeOr, xs)),
    ),
    max_leaves=6,
)
entity_scopes = st.lists(
    st.lists(levels, min_size=1, max_size=4).map(lambda ls: "/" + "/".join(ls)), max_size=3
)


def render(expr: ScopeExpr, or_op: str) -> str:
    if isinstance(expr, ScopePattern):
        text = "/" + "/".join(expr.levels) if expr.levels else ""
        return text + "/#" if expr.descendants else text
    if isinstance(expr, ScopeAnd):
        # The spec writes a conjunction in parentheses; an or-list inside it needs its own.
        parts = (f"({render(i, or_op)})" if isinstance(i, ScopeOr) else render(i, or_op) for i in expr.items)
        return "(" + ";".join(parts) + ")"
    return or_op.join(render(item, or_op) for item in expr.items)


@settings(max_examples=150, deadline=None)
@given(expr=exprs, or_op=st.sampled_from(["|", ","]))
def test_round_trip(expr: ScopeExpr, or_op: str) -> None:
    assert parse_scope_q(render(expr, or_op)) == expr


@settings(max_examples=150, deadline=None)
@given(expr=exprs, scopes=entity_scopes)
def test_prefixes_agree_with_matching(expr: ScopeExpr, scopes: list[str]) -> None:
    matched = scope_matches(expr, scopes)
    candidates = scope_prefilter(expr)
    if matched:
        assert any(under(s, p) for s in scopes for p in candidates)
    exact = scope_prefixes(expr)
    if exact is not None:
        assert matched == any(under(s, p) for s in scopes for p in exact)
