"""The NGSI-LD q parser: clause 4.9 grammar cases, edge cases seen in other brokers, errors, round trips."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, datetime, timedelta, timezone
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citytwin.core.qlang import CORE_MEMBERS, TEMPORAL_MEMBERS, parse_q
from citytwin.core.query import And, Compare, CompareOp, Exists, Not, Or, Predicate, Range, Scalar
from citytwin.errors import InvalidRequest


def cmp(name: str, op: str, value: object, keys: tuple[str, ...] = ()) -> Compare:
    return Compare(tuple(name.split(".")), op, value, keys)  # type: ignore[arg-type]


# -- the spec's examples (clause 4.9) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("temperature", Exists(("temperature",))),
        ("temperature==20", cmp("temperature", "==", 20)),
        ('brandName!="Mercedes"', cmp("brandName", "!=", "Mercedes")),
        (
            'isParked=="urn:ngsi-ld:OffStreetParking:Downtown1"',
            cmp("isParked", "==", "urn:ngsi-ld:OffStreetParking:Downtown1"),
        ),
        (
            'speed>50;brandName!="Mercedes"',
            And((cmp("speed", ">", 50), cmp("brandName", "!=", "Mercedes"))),
        ),
        ("isMonitoredBy", Exists(("isMonitoredBy",))),
        (
            '((speed>50|rpm>3000);brandName=="Mercedes")',
            And((Or((cmp("speed", ">", 50), cmp("rpm", ">", 3000))), cmp("brandName", "==", "Mercedes"))),
        ),
        (
            "(temperature>=20;temperature<=25)|capacity<=10",
            Or(
                (And((cmp("temperature", ">=", 20), cmp("temperature", "<=", 25))), cmp("capacity", "<=", 10))
            ),
        ),
        (
            "temperature.observedAt>=2017-12-24T12:00:00Z",
            cmp("temperature.observedAt", ">=", datetime(2017, 12, 24, 12, tzinfo=UTC)),
        ),
        ('address[city]=="Berlin"', cmp("address", "==", "Berlin", ("city",))),
        (
            "sensor.rawdata[airquality.particulate]==40",
            cmp("sensor.rawdata", "==", 40, ("airquality", "particulate")),
        ),
        ("gender==Male", cmp("gender", "==", "Male")),
        ('color[en]=="red"', cmp("color", "==", "red", ("en",))),
        ('color[*]=="red"', cmp("color", "==", "red", ("*",))),
    ],
)
def test_spec_examples(text: str, expected: Predicate) -> None:
    assert parse_q(text) == expected


# -- operators and values ------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["==", "!=", ">", ">=", "<", "<="])
def test_every_comparison_operator(op: str) -> None:
    assert parse_q(f"a{op}3") == cmp("a", op, 3)
    assert parse_q(f'a{op}"x"') == cmp("a", op, "x")


@pytest.mark.parametrize("op", ["~=", "!~="])
def test_pattern_operators(op: str) -> None:
    assert parse_q(f'name{op}"^Bob.*"') == cmp("name", op, "^Bob.*")
    assert parse_q(f"name{op}^Bob.*") == cmp("name", op, "^Bob.*")


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("0", 0),
        ("-7", -7),
        ("12345678901234567890", 12345678901234567890),
        ("3.25", 3.25),
        ("-0.5", -0.5),
        ("1e3", 1000.0),
        ("1E+3", 1000.0),
        ("-2.5e-3", -0.0025),
        ("true", True),
        ("false", False),
        ("urn:ngsi-ld:Building:b1", "urn:ngsi-ld:Building:b1"),
        ("https://example.org/v/red", "https://example.org/v/red"),
        ("2024-05-01", "2024-05-01"),
        ("12:30:00Z", "12:30:00Z"),
        ("08:15", "08:15"),
        ("True", "True"),
    ],
)
def test_unquoted_scalars(token: str, value: Scalar) -> None:
    parsed = parse_q(f"a=={token}")
    assert isinstance(parsed, Compare)
    assert parsed.value == value
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("2024-05-01T08:00:00Z", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T16:00:00+08:00", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T16:00:00+0800", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T08:00:00.250Z", datetime(2024, 5, 1, 8, 0, 0, 250000, tzinfo=UTC)),
        ("2024-05-01T08:00:00", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T08:00Z", datetime(2024, 5, 1, 8, tzinfo=UTC)),
        ("2024-05-01T03:00:00-05:00", datetime(2024, 5, 1, 8, tzinfo=UTC)),
    ],
)
def test_datetimes_become_utc_instants(token: str, value: datetime) -> None:
    parsed = parse_q(f"a.observedAt>{token}")
    assert isinstance(parsed, Compare) and parsed.value == value
    assert isinstance(parsed.value, datetime) and parsed.value.utcoffset() == timedelta(0)


def test_offset_whose_plus_became_a_space_is_repaired() -> None:
    # An unencoded "+" in a query string reaches us as a space after form decoding.
    assert parse_q("a>2024-05-01T16:00:00 08:00") == cmp("a", ">", datetime(2024, 5, 1, 8, tzinfo=UTC))
    assert parse_q("a>2024-05-01T16:00:00 08:00;b") == And(
        (cmp("a", ">", datetime(2024, 5, 1, 8, tzinfo=UTC)), Exists(("b",)))
    )


def test_quoted_datetime_is_text_except_for_temporal_members() -> None:
    assert parse_q('a=="2024-05-01T08:00:00Z"') == cmp("a", "==", "2024-05-01T08:00:00Z")
    instant = datetime(2024, 5, 1, 8, tzinfo=UTC)
    for member in sorted(TEMPORAL_MEMBERS):
        assert parse_q(f'a.{member}<"2024-05-01T08:00:00Z"') == cmp(f"a.{member}", "<", instant)
    assert parse_q('modifiedAt>"2024-05-01T08:00:00Z"') == cmp("modifiedAt", ">", instant)
    assert parse_q('a.observedAt=="soon"') == cmp("a.observedAt", "==", "soon")


@pytest.mark.parametrize(
    ("literal", "value"),
    [
        (r'"say \"hi\""', 'say "hi"'),
        (r'"back\\slash"', "back\\slash"),
        ('"a;b|c(d)e,f..g"', "a;b|c(d)e,f..g"),
        ('"50%+off"', "50%+off"),
        ('"%20"', "%20"),
        ('"line\\nbreak\\ttab"', "line\nbreak\ttab"),
        ('"\\u6df1\\u5733"', "深圳"),
        ('"深圳 福田"', "深圳 福田"),
        ('"\\ud83d\\ude00"', "😀"),
        ('""', ""),
        ('"==!=<>~="', "==!=<>~="),
        ('"true"', "true"),
        ('"42"', "42"),
    ],
)
def test_quoted_strings(literal: str, value: str) -> None:
    assert parse_q(f"a=={literal}") == cmp("a", "==", value)
    assert parse_q(f"a=={literal};b") == And((cmp("a", "==", value), Exists(("b",))))


def test_ranges() -> None:
    assert parse_q("a==1..5") == cmp("a", "==", Range(1, 5))
    assert parse_q("a==-5.5..-1") == cmp("a", "==", Range(-5.5, -1))
    assert parse_q("a==1e2..2E2") == cmp("a", "==", Range(100.0, 200.0))
    assert parse_q('a=="a".."m"') == cmp("a", "==", Range("a", "m"))
    assert parse_q("a!=10..20") == cmp("a", "!=", Range(10, 20))
    assert parse_q("a==2024-01-01..2024-12-31") == cmp("a", "==", Range("2024-01-01", "2024-12-31"))
    t0, t1 = datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 2, 12, 30, 0, 500000, tzinfo=UTC)
    assert parse_q("a.observedAt==2024-01-01T00:00:00Z..2024-01-02T12:30:00.5Z") == cmp(
        "a.observedAt", "==", Range(t0, t1)
    )
    assert parse_q("a == 1 .. 5 ; b") == And((cmp("a", "==", Range(1, 5)), Exists(("b",))))


def test_value_lists() -> None:
    assert parse_q("a==1,2,3") == cmp("a", "==", (1, 2, 3))
    assert parse_q('color=="black","red"') == cmp("color", "==", ("black", "red"))
    assert parse_q('a==1,"x",true,2024-01-01') == cmp("a", "==", (1, "x", True, "2024-01-01"))
    assert parse_q("rel==urn:a:1,urn:a:2") == cmp("rel", "==", ("urn:a:1", "urn:a:2"))


def test_unequal_list_is_none_of_not_a_negation() -> None:
    # Clause 4.9: "a matching entity shall contain the target element" and equal none of the values, so
    # this stays one Compare; Not(Compare(==)) would also match entities that lack the attribute.
    assert parse_q("a!=1,2") == cmp("a", "!=", (1, 2))


def test_patterns() -> None:
    assert parse_q(r'name~="\d+"') == cmp("name", "~=", r"\d+")
    assert parse_q(r'name~="say \"hi\""') == cmp("name", "~=", 'say "hi"')
    assert parse_q(r'name~="a;b|(c\))"') == cmp("name", "~=", r"a;b|(c\))")
    assert parse_q("name~=^(a|b)$;x==1") == And((cmp("name", "~=", "^(a|b)$"), cmp("x", "==", 1)))
    assert parse_q("name~=[;|)]x|y") == Or((cmp("name", "~=", "[;|)]x"), Exists(("y",))))
    assert parse_q(r"name~=a\)b") == cmp("name", "~=", r"a\)b")
    assert parse_q("(name~=ab(c)d)") == cmp("name", "~=", "ab(c)d")
    assert parse_q("name~=a..b,c") == cmp("name", "~=", "a..b,c")
    assert parse_q("name~=(?i)straße") == cmp("name", "~=", "(?i)straße")
    assert parse_q("name!~=x ;y") == And((cmp("name", "!~=", "x"), Exists(("y",))))


def test_existence_and_non_existence() -> None:
    assert parse_q("!a") == Not(Exists(("a",)))
    assert parse_q("!a.b[c]") == Not(Exists(("a", "b"), ("c",)))
    assert parse_q("a;!b|c") == Or((And((Exists(("a",)), Not(Exists(("b",))))), Exists(("c",))))
    assert parse_q("address[city]") == Exists(("address",), ("city",))


# -- structure -----------------------------------------------------------------------------------------


def test_and_binds_tighter_than_or() -> None:
    a, b, c, d = (Exists((n,)) for n in "abcd")
    assert parse_q("a;b|c") == Or((And((a, b)), c))
    assert parse_q("a|b;c") == Or((a, And((b, c))))
    assert parse_q("a|b;c|d") == Or((a, And((b, c)), d))
    assert parse_q("a;b|c;d") == Or((And((a, b)), And((c, d))))
    assert parse_q("(a|b);c") == And((Or((a, b)), c))


def test_nesting_and_flattening() -> None:
    a, b, c, d = (Exists((n,)) for n in "abcd")
    assert parse_q("(a;b);c") == And((a, b, c))
    assert parse_q("a;(b;(c;d))") == And((a, b, c, d))
    assert parse_q("(a|b)|(c|d)") == Or((a, b, c, d))
    assert parse_q("((((a))))") == a
    assert parse_q("((a|b);(c|d))") == And((Or((a, b)), Or((c, d))))
    deep = "(" * 60 + "a==1" + ")" * 60
    assert parse_q(deep) == cmp("a", "==", 1)


def test_whitespace_between_tokens_is_ignored() -> None:
    assert parse_q(" ( a == 1 ; b > 2 ) | ! c ") == Or(
        (And((cmp("a", "==", 1), cmp("b", ">", 2))), Not(Exists(("c",))))
    )


def test_paths() -> None:
    assert parse_q("a.b.c==1") == cmp("a.b.c", "==", 1)
    assert parse_q("a.b[c.d.e]>=1") == cmp("a.b", ">=", 1, ("c", "d", "e"))
    assert parse_q("a[pm2_5]<3") == cmp("a", "<", 3, ("pm2_5",))
    assert parse_q("a[@id]==x") == cmp("a", "==", "x", ("@id",))
    assert parse_q("溫度>20") == cmp("溫度", ">", 20)
    assert parse_q("schema:name==x") == cmp("schema:name", "==", "x")
    assert parse_q("_private==1") == cmp("_private", "==", 1)


def test_expand_applies_to_attribute_names_only() -> None:
    def expand(name: str) -> str:
        return "https://example.org/" + name

    parsed = parse_q("temperature.accuracy.observedAt>1;address[city.name]==x|!loc.unitCode", expand=expand)
    assert parsed == Or(
        (
            And(
                (
                    Compare(
                        ("https://example.org/temperature", "https://example.org/accuracy", "observedAt"),
                        ">",
                        1,
                    ),
                    Compare(("https://example.org/address",), "==", "x", ("city", "name")),
                )
            ),
            Not(Exists(("https://example.org/loc", "unitCode"))),
        )
    )
    assert parse_q("datasetId==x", expand=expand) == cmp("datasetId", "==", "x")
    assert {"observedAt", "unitCode", "datasetId"} <= CORE_MEMBERS


def test_expand_is_not_applied_to_values() -> None:
    parsed = parse_q("gender==Male", expand=str.upper)
    assert parsed == Compare(("GENDER",), "==", "Male")


def test_contract_text_is_not_url_decoded_again() -> None:
    assert parse_q("a==%2525") == cmp("a", "==", "%2525")
    assert parse_q('a=="a+b"') == cmp("a", "==", "a+b")
    assert parse_q("a==urn:x:a%20b") == cmp("a", "==", "urn:x:a%20b")


# -- errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "fragment"),
    [
        ("", 1, "expected a query term"),
        ("temperature==", 12, "expected a value after '=='"),
        ("a=1", 2, "'=' is not an operator"),
        ("a==1;", 5, "expected a query term after ';'"),
        ("|a", 1, "expected a query term, found '|'"),
        ("a|", 2, "expected a query term after '|'"),
        ("a;;b", 2, "expected a query term after ';'"),
        ("(a==1", 6, "unexpected end of input"),
        ("a==1)", 5, "unmatched ')'"),
        ("()", 1, "expected a query term after '('"),
        ('a=="abc', 4, "unterminated quoted string"),
        ('a=="\\x"', 5, "invalid quoted string"),
        ("a==1..", 5, "expected a value after '..'"),
        ("a>1..5", 4, "a range is only allowed with '==' or '!='"),
        ("a>1,2", 4, "a value list is only allowed with '==' or '!='"),
        ("a==1,,2", 6, "unexpected ','"),
        ("a==1,", 5, "expected a value after ','"),
        ("a==1,2..3", 7, "a range cannot be part of a value list"),
        ("a==1..2..3", 8, "a range has exactly two ends"),
        ('a==1.."x"', 5, "the ends of a range must be of one kind"),
        ("a==true..false", 8, "not true/false"),
        ("a==http://x/../y", 13, "a range needs numbers, quoted strings"),
        ("a==x..y", 5, "a range needs numbers, quoted strings"),
        ("a==007", 4, "'007' is not a valid number"),
        ("a==1.2.3", 4, "'1.2.3' is not a valid number"),
        ("a==+5", 4, "'+5' is not a valid number"),
        ("a==1e999", 4, "out of range"),
        ("a==2024-13-01", 4, "not a valid date"),
        ("a==2024-01-01T25:00:00Z", 4, "not a valid date-time"),
        ("a~=", 2, "expected a regular expression after '~='"),
        ("a~=(ab", 4, "unbalanced '(' or '['"),
        ('a~="(ab"', 4, "invalid regular expression"),
        ('a~="ab', 4, "unterminated quoted pattern"),
        ("a.==1", 3, "expected a sub-attribute name, found '='"),
        ("a.", 2, "expected a sub-attribute name after '.'"),
        ("a[]==1", 3, "expected a member name inside '[...]'"),
        ("a[b==1", 4, "expected '.' or ']'"),
        ("a[b][c]==1", 5, "must end the attribute path"),
        ("a[b].c==1", 5, "must end the attribute path"),
        ("a{b}==1", 2, "linked-entity paths"),
        ("!a==1", 1, "'!' only negates existence"),
        ("!", 1, "expected an attribute name after '!'"),
        ("a!b", 2, "unknown operator starting with '!'"),
        ("a b", 3, "unexpected 'b'"),
        ("1a==2", 1, "expected a query term, found '1'"),
        ("a==1==2", 5, "unexpected '='"),
        ("a==(1)", 4, "unexpected '('"),
        ('a=="x"y', 7, "unexpected 'y'"),
        ('a==x"y', 5, "unexpected '\"'"),
        ("(" * 100 + "a" + ")" * 100, 65, "nested more than 64 deep"),
    ],
)
def test_malformed_queries_name_the_position(text: str, position: int, fragment: str) -> None:
    with pytest.raises(InvalidRequest) as info:
        parse_q(text)
    detail = info.value.detail
    assert detail.startswith("q: ")
    assert fragment in detail
    assert f"at position {position} in " in detail
    assert info.value.status == 400 and info.value.problem == "InvalidRequest"


def test_error_message_matches_the_documented_shape() -> None:
    with pytest.raises(
        InvalidRequest, match=re.escape("q: expected a value after '==' at position 12 in 'temperature=='")
    ):
        parse_q("temperature==")


def test_long_queries_are_cut_short_in_messages() -> None:
    with pytest.raises(InvalidRequest) as info:
        parse_q("a==1;" + "b" * 1000 + " c")
    assert len(info.value.detail) < 400


def test_non_string_input_is_rejected() -> None:
    with pytest.raises(InvalidRequest):
        parse_q(None)  # type: ignore[arg-type]


# -- round trips: random ASTs rendered to text and parsed back ---------------------------------------------

_RESERVED = CORE_MEMBERS
names = st.text(string.ascii_letters + string.digits + "_", min_size=1, max_size=8).filter(
    lambda s: (s[0].isalpha() or s[0] == "_") and s not in _RESERVED
)
keys = st.lists(st.text(string.ascii_letters + string.digits + "_-@*:", min_size=1, max_size=6), max_size=3)
paths = st.lists(names, min_size=1, max_size=3).map(tuple)
instants = st.datetimes(
    min_value=datetime(1000, 1, 1), max_value=datetime(9000, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(tzinfo=UTC))
numbers = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
scalars: st.SearchStrategy[Scalar] = st.one_of(st.text(max_size=12), numbers, st.booleans(), instants)
ranges = st.one_of(
    st.tuples(numbers, numbers),
    st.tuples(st.text(max_size=6), st.text(max_size=6)),
    st.tuples(instants, instants),
).map(lambda pair: Range(*pair))
patterns = st.sampled_from(
    ["^a", "b+$", "(x|y)", "[;|)]", r"\d{2,3}", "(?i)straße", 'say "hi"', "a b", r"\\"]
)


@st.composite
def compares(draw: st.DrawFn) -> Compare:
    path, key_path = draw(paths), tuple(draw(keys))
    op = cast(CompareOp, draw(st.sampled_from(["==", "!=", ">", ">=", "<", "<=", "~=", "!~="])))
    if op in ("~=", "!~="):
        return Compare(path, op, draw(patterns), key_path)
    if op in ("==", "!="):
        value = draw(st.one_of(scalars, ranges, st.lists(scalars, min_size=2, max_size=4).map(tuple)))
        return Compare(path, op, value, key_path)
    return Compare(path, op, draw(scalars), key_path)


def _flat(kind: type[And] | type[Or], items: list[Predicate]) -> Predicate:
    out: list[Predicate] = []
    for item in items:
        out.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(out))


leaves = st.one_of(
    compares(),
    st.builds(Exists, paths, keys.map(tuple)),
    st.builds(lambda p, k: Not(Exists(p, k)), paths, keys.map(tuple)),
)
predicates = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: _flat(And, xs)),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: _flat(Or, xs)),
    ),
    max_leaves=8,
)


def render_scalar(value: Scalar, ascii_only: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=ascii_only)


def render(pred: Predicate, *, parens: bool = False, ascii_only: bool = False) -> str:
    """q text for an AST: the inverse of parse_q, used to check the parser against random trees."""

    def sub(p: Predicate, wrap: bool) -> str:
        text = render(p, parens=parens, ascii_only=ascii_only)
        return f"({text})" if wrap else text

    if isinstance(pred, Compare | Exists):
        text = ".".join(pred.path) + (f"[{'.'.join(pred.keys)}]" if pred.keys else "")
        if isinstance(pred, Exists):
            return text
        value = pred.value
        if pred.op in ("~=", "!~="):
            assert isinstance(value, str)
            rendered = '"' + value.replace('"', '\\"') + '"'
        elif isinstance(value, Range):
            rendered = f"{render_scalar(value.low, ascii_only)}..{render_scalar(value.high, ascii_only)}"
        elif isinstance(value, tuple):
            rendered = ",".join(render_scalar(v, ascii_only) for v in value)
        else:
            rendered = render_scalar(value, ascii_only)
        return f"{text}{pred.op}{rendered}"
    if isinstance(pred, Not):
        return "!" + render(pred.item)
    if isinstance(pred, And):
        return ";".join(sub(p, parens or isinstance(p, Or)) for p in pred.items)
    return "|".join(sub(p, parens) for p in pred.items)


@settings(max_examples=150, deadline=None)
@given(pred=predicates, parens=st.booleans(), ascii_only=st.booleans())
def test_round_trip(pred: Predicate, parens: bool, ascii_only: bool) -> None:
    assert parse_q(render(pred, parens=parens, ascii_only=ascii_only)) == pred


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='ab1.,;|()!=<>~"[]\\ ', max_size=20))
def test_arbitrary_text_parses_or_raises_invalid_request(text: str) -> None:
    try:
        parse_q(text)
    except InvalidRequest as err:
        assert "at position" in err.detail


def test_round_trip_keeps_offsets_of_other_zones() -> None:
    instant = datetime(2024, 5, 1, 16, tzinfo=timezone(timedelta(hours=8)))
    parsed = parse_q(f"a=={instant.isoformat()}")
    assert parsed == cmp("a", "==", instant)
