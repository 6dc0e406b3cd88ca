"""The NGSI-LD query language (``q``, ETSI GS CIM 009 clause 4.9) parsed into a query Predicate.

Contract: :func:`parse_q` receives the value of the ``q`` parameter *after* the usual URL decoding of the
query string. It never decodes again, so ``%`` and ``+`` inside the text are taken literally
(``"50%+off"`` stays ``50%+off``); decoding twice would turn a client's ``%2525`` into ``%``. One leniency:
a form decoder turns an unencoded ``+`` into a space, so a date-time whose ``+HH:MM`` offset arrived as
`` HH:MM`` is repaired.

Grammar (clause 4.9, plus what the brokers and clients in the field send)::

    query   = or
    or      = and *("|" and)          ; ";" binds tighter than "|" (4.9: "AND shall take precedence")
    and     = unary *(";" unary)
    unary   = "(" or ")" / "!" attr / attr [op value]
    attr    = name *("." name) ["[" key *("." key) "]"]
    op      = "==" / "!=" / ">=" / ">" / "<=" / "<" / "~=" / "!~="
    value   = scalar / scalar ".." scalar / scalar 1*("," scalar)   ; ranges and lists: == and != only

Scalars: a quoted JSON string is a ``str``; ``true``/``false`` a ``bool``; a JSON number an ``int`` or
``float``; an ISO 8601 date-time a UTC ``datetime`` (naive ones are taken as UTC); a plain date
(``2024-05-01``) or time (``12:00:00Z``) stays a ``str``, because the store compares it with stored text;
any other unquoted token (a URI, or a vocabulary term such as ``Male``) is a ``str``. A quoted string
compared with a temporal member (``observedAt``, ``modifiedAt``, ``createdAt``, ``deletedAt``) becomes a
``datetime`` when it is one, as Orion-LD does.

``!=`` with a list or range is the spec's "none of" and stays one Compare (not ``Not``), so an entity
without the attribute does not match. Patterns after ``~=`` are regular expressions: either quoted (the
text between the quotes verbatim, with ``\\"`` standing for ``"``) or unquoted up to a ``;``, ``|`` or
``)`` outside the pattern's own brackets. Whitespace between tokens is ignored. Linked-entity paths
(``attr{...}``) are rejected here: a store cannot evaluate them in one query. :mod:`citytwin.ngsild.linked`
parses them (with this parser's grammar) and evaluates them against the linked entities.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import NoReturn

from citytwin.core.query import And, Compare, CompareOp, Exists, Not, Or, Predicate, Range, Scalar
from citytwin.core.timeutil import parse_instant
from citytwin.errors import BadRequestData, InvalidRequest

Expander = Callable[[str], str]
"""Maps a short attribute name to its expanded (fully qualified) form, e.g. through the request's @context."""

CORE_MEMBERS = frozenset({"observedAt", "modifiedAt", "createdAt", "deletedAt", "unitCode", "datasetId"})
"""NGSI-LD core member names: they address metadata, which the stores name short, so they are not expanded."""

TEMPORAL_MEMBERS = frozenset({"observedAt", "modifiedAt", "createdAt", "deletedAt"})

MAX_DEPTH = 64
"""Deepest nesting of parentheses accepted (keeps a hostile query from exhausting the Python stack)."""

# Longest first, so that ">=" is not read as ">" followed by "=".
_OPERATORS: tuple[CompareOp, ...] = ("!~=", "==", "!=", ">=", "<=", "~=", ">", "<")
_EQUALITY = ("==", "!=")
_PATTERN = ("~=", "!~=")
# Characters that end an unquoted value; "=<>" are here so that "a==1==2" is an error, not the text "1==2".
_VALUE_STOP = frozenset(';|(),"<>=')
_KEY_STOP = frozenset('.[]{}();|,"=<>!~')

_LOCAL_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
_DATETIME = re.compile(_LOCAL_DATETIME + r"(?:Z|[+-]\d{2}(?::?\d{2})?)?")
_DATETIME_NO_OFFSET = re.compile(_LOCAL_DATETIME)
_SPACED_OFFSET = re.compile(r" (\d{2}(?::?\d{2})?)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?")
_NUMBER_LIKE = re.compile(r"[+-]?[\d.][\d.eE+-]*")


def parse_q(text: str, *, expand: Expander | None = None) -> Predicate:
    """Parse an already URL-decoded ``q`` string; InvalidRequest names the position of a syntax error."""
    return _QParser(text, expand).parse()


def describe(text: str) -> str:
    """The input as quoted in error messages, cut short so a huge query does not flood the problem detail."""
    return repr(text if len(text) <= 200 else text[:200] + "…")


def _join(kind: type[And] | type[Or], items: list[Predicate]) -> Predicate:
    """One item stays itself; nested nodes of the same kind are flattened (``(a;b);c`` is one And)."""
    if len(items) == 1:
        return items[0]
    flat: list[Predicate] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


class _QParser:
    """Recursive descent over characters: lexing depends on context (names, values and patterns differ)."""

    def __init__(self, text: str, expand: Expander | None) -> None:
        if not isinstance(text, str):
            raise InvalidRequest(f"q: expected a string, got {type(text).__name__}")
        self.text = text
        self.pos = 0
        self.expand = expand
        self.depth = 0
        self.bare = False
        """Whether the last scalar was an unquoted word or URI (the grammar allows neither in ranges)."""

    # -- helpers -------------------------------------------------------------------------------------------

    def fail(self, message: str, pos: int, hint: str = "") -> NoReturn:
        """Positions in messages count from 1, as an editor's column does."""
        tail = f"; {hint}" if hint else ""
        raise InvalidRequest(f"q: {message} at position {pos + 1} in {describe(self.text)}{tail}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def found(self) -> str:
        return "end of input" if self.at_end() else repr(self.peek())

    # -- logical structure ---------------------------------------------------------------------------------

    def parse(self) -> Predicate:
        self.skip_ws()
        pred = self.parse_or()
        self.skip_ws()
        if not self.at_end():
            if self.peek() == ")":
                self.fail("unmatched ')'", self.pos)
            self.fail(f"unexpected {self.found()}", self.pos, "expected ';', '|' or the end of the query")
        return pred

    def parse_or(self) -> Predicate:
        items = [self.parse_and()]
        self.skip_ws()
        while self.peek() == "|":
            items.append(self.parse_after_logical("|"))
            self.skip_ws()
        return _join(Or, items)

    def parse_and(self) -> Predicate:
        items = [self.parse_unary()]
        self.skip_ws()
        while self.peek() == ";":
            items.append(self.parse_after_logical(";"))
            self.skip_ws()
        return _join(And, items)

    def parse_after_logical(self, op: str) -> Predicate:
        op_pos = self.pos
        self.pos += 1
        self.skip_ws()
        if self.at_end() or self.peek() in ";|)":
            self.fail(f"expected a query term after '{op}'", op_pos)
        return self.parse_and() if op == "|" else self.parse_unary()

    def parse_unary(self) -> Predicate:
        self.skip_ws()
        start = self.pos
        ch = self.peek()
        if ch == "(":
            return self.parse_group()
        if ch == "!":
            self.pos += 1
            self.skip_ws()
            path, keys = self.parse_attribute(after="'!'", after_pos=start)
            self.skip_ws()
            if self.peek() and self.peek() in "=<>!~":
                self.fail("'!' only negates existence", start, "use '!=' or '!~=' to negate a comparison")
            return Not(Exists(path, keys))
        if not (ch.isalpha() or ch == "_"):
            self.fail(f"expected a query term, found {self.found()}", start)
        path, keys = self.parse_attribute(after=None, after_pos=start)
        self.skip_ws()
        op_pos = self.pos
        op = self.parse_operator()
        if op is None:
            return Exists(path, keys)
        temporal = not keys and path[-1] in TEMPORAL_MEMBERS
        return Compare(path, op, self.parse_value(op, op_pos, temporal), keys)

    def parse_group(self) -> Predicate:
        open_pos = self.pos
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"parentheses nested more than {MAX_DEPTH} deep", open_pos)
        self.pos += 1
        self.skip_ws()
        if self.at_end() or self.peek() in ";|)":
            self.fail("expected a query term after '('", open_pos)
        inner = self.parse_or()
        self.skip_ws()
        if self.peek() != ")":
            self.fail(
                f"unexpected {self.found()}",
                self.pos,
                f"expected ';', '|' or ')' to close the '(' at position {open_pos + 1}",
            )
        self.pos += 1
        self.depth -= 1
        return inner

    # -- attribute paths -----------------------------------------------------------------------------------

    def read_name(self, what: str, after: str | None, after_pos: int) -> str:
        start = self.pos
        ch = self.peek()
        if not (ch.isalpha() or ch == "_"):
            if after is not None and (self.at_end() or ch in ";|)"):
                self.fail(f"expected {what} after {after}", after_pos)
            self.fail(f"expected {what}, found {self.found()}", start)
        self.pos += 1
        while self.peek() and (self.peek().isalnum() or self.peek() in "_-:"):
            self.pos += 1
        return self.text[start : self.pos]

    def parse_attribute(self, after: str | None, after_pos: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        names = [self.read_name("an attribute name", after, after_pos)]
        while self.peek() == ".":
            dot = self.pos
            self.pos += 1
            names.append(self.read_name("a sub-attribute name", "'.'", dot))
        keys: list[str] = []
        if self.peek() == "[":
            keys = self.parse_keys()
        if self.peek() == "{":
            self.fail("linked-entity paths ('attr{...}') are not supported", self.pos)
        if self.peek() in ("[", "."):
            self.fail("the '[...]' compound-value path must end the attribute path", self.pos)
        expand = self.expand
        if expand is not None:
            names = [n if n in CORE_MEMBERS else expand(n) for n in names]
        return tuple(names), tuple(keys)

    def parse_keys(self) -> list[str]:
        """``[a.b]``: member names inside a compound value; they are data, not terms, so never expanded."""
        open_pos = self.pos
        self.pos += 1
        keys: list[str] = []
        while True:
            start = self.pos
            while self.peek() and self.peek() not in _KEY_STOP and not self.peek().isspace():
                self.pos += 1
            if self.pos == start:
                self.fail(f"expected a member name inside '[...]', found {self.found()}", start)
            keys.append(self.text[start : self.pos])
            if self.peek() == ".":
                self.pos += 1
                continue
            if self.peek() != "]":
                self.fail(
                    f"expected '.' or ']', found {self.found()}",
                    self.pos,
                    f"the '[' at position {open_pos + 1} is not closed",
                )
            self.pos += 1
            return keys

    def parse_operator(self) -> CompareOp | None:
        for op in _OPERATORS:
            if self.text.startswith(op, self.pos):
                self.pos += len(op)
                return op
        ch = self.peek()
        if ch == "=":
            self.fail("'=' is not an operator", self.pos, "use '=='")
        if ch and ch in "<>!~":
            self.fail(f"unknown operator starting with {ch!r}", self.pos)
        return None

    # -- values --------------------------------------------------------------------------------------------

    def parse_value(self, op: CompareOp, op_pos: int, temporal: bool) -> Scalar | tuple[Scalar, ...] | Range:
        self.skip_ws()
        if op in _PATTERN:
            return self.parse_pattern(op, op_pos)
        first = self.parse_scalar(f"'{op}'", op_pos, temporal)
        self.skip_ws()
        if self.text.startswith("..", self.pos):
            return self.parse_range(op, first, temporal)
        if self.peek() != ",":
            return first
        if op not in _EQUALITY:
            self.fail(f"a value list is only allowed with '==' or '!=', not '{op}'", self.pos)
        items = [first]
        while self.peek() == ",":
            comma = self.pos
            self.pos += 1
            self.skip_ws()
            items.append(self.parse_scalar("','", comma, temporal))
            self.skip_ws()
        if self.text.startswith("..", self.pos):
            self.fail("a range cannot be part of a value list", self.pos)
        return tuple(items)

    def parse_range(self, op: CompareOp, low: Scalar, temporal: bool) -> Range:
        dots = self.pos
        if op not in _EQUALITY:
            self.fail(f"a range is only allowed with '==' or '!=', not '{op}'", dots)
        self.pos += 2
        self.skip_ws()
        low_bare = self.bare
        high = self.parse_scalar("'..'", dots, temporal)
        if low_bare or self.bare:
            # Clause 4.9 ranges take ComparableValues only; reading "http://a/../b" as a range would be wrong.
            self.fail("a range needs numbers, quoted strings, dates or date-times", dots, "quote text values")
        kinds = {_kind(low), _kind(high)}
        if "bool" in kinds:
            self.fail("a range needs numbers, strings or date-times, not true/false", dots)
        if len(kinds) > 1:
            self.fail(f"the ends of a range must be of one kind, got {low!r} and {high!r}", dots)
        self.skip_ws()
        if self.peek() == "," or self.text.startswith("..", self.pos):
            self.fail("a range has exactly two ends and cannot be part of a value list", self.pos)
        return Range(low, high)

    def parse_scalar(self, after: str, after_pos: int, temporal: bool) -> Scalar:
        start = self.pos
        self.bare = False
        if self.peek() == '"':
            text = self.read_quoted()
            if temporal and _DATETIME.fullmatch(text):
                return self.to_instant(text, start)
            return text
        i = start
        while i < len(self.text):
            ch = self.text[i]
            if ch in _VALUE_STOP or ch.isspace() or self.text.startswith("..", i):
                break
            i += 1
        token = self.text[start:i]
        self.pos = i
        if not token:
            if self.at_end() or self.peek() in ";|)":
                self.fail(f"expected a value after {after}", after_pos)
            self.fail(f"unexpected {self.found()}", start, "expected a value")
        if _DATETIME_NO_OFFSET.fullmatch(token):
            spaced = _SPACED_OFFSET.match(self.text, self.pos)
            if spaced is not None:
                token += "+" + spaced.group(1)
                self.pos = spaced.end()
        return self.classify(token, start)

    def classify(self, token: str, start: int) -> Scalar:
        if token in ("true", "false"):
            return token == "true"
        if _DATETIME.fullmatch(token):
            return self.to_instant(token, start)
        if _DATE.fullmatch(token):
            try:
                date.fromisoformat(token)
            except ValueError:
                self.fail(f"{token!r} is not a valid date", start)
            return token
        if _TIME.fullmatch(token):
            return token
        number = _NUMBER.fullmatch(token)
        if number is not None:
            if number.group(1) is None and number.group(2) is None:
                return int(token)
            value = float(token)
            if not math.isfinite(value):
                self.fail(f"number {token!r} is out of range", start)
            return value
        if _NUMBER_LIKE.fullmatch(token):
            self.fail(f"{token!r} is not a valid number, date or time", start, "quote it to compare as text")
        self.bare = True
        return token

    def to_instant(self, text: str, start: int) -> datetime:
        try:
            return parse_instant(text)
        except BadRequestData:
            self.fail(f"{text!r} is not a valid date-time", start)

    def read_quoted(self) -> str:
        """A JSON string (RFC 8259 escapes), found by scanning for the closing quote that is not escaped."""
        start = self.pos
        end = _closing_quote(self.text, start)
        if end < 0:
            self.fail("unterminated quoted string", start)
        try:
            value = json.loads(self.text[start : end + 1], strict=False)
        except json.JSONDecodeError as err:
            self.fail(f"invalid quoted string ({err.msg})", start + err.pos)
        self.pos = end + 1
        return str(value)

    def parse_pattern(self, op: CompareOp, op_pos: int) -> str:
        start = self.pos
        if self.at_end() or self.peek() in ";|)":
            self.fail(f"expected a regular expression after '{op}'", op_pos)
        if self.peek() == '"':
            end = _closing_quote(self.text, start)
            if end < 0:
                self.fail("unterminated quoted pattern", start)
            # Verbatim so that "\d" means what regex users expect; only \" needs undoing to find the end.
            pattern = _unescape_quotes(self.text[start + 1 : end])
            self.pos = end + 1
        else:
            end = self.scan_pattern(start)
            pattern = self.text[start:end].rstrip()
            self.pos = end
        if not pattern:
            self.fail(f"expected a regular expression after '{op}'", op_pos)
        try:
            re.compile(pattern)
        except re.error as err:
            self.fail(f"invalid regular expression ({err.msg})", start)
        return pattern

    def scan_pattern(self, start: int) -> int:
        """End of an unquoted pattern: a ``;``, ``|`` or ``)`` outside the pattern's own brackets."""
        text, i, depth, in_class = self.text, start, 0, False
        while i < len(text):
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if in_class:
                in_class = ch != "]"
            elif ch == "[":
                in_class = True
            elif ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            elif ch in ";|" and depth == 0:
                break
            i += 1
        if depth or in_class:
            self.fail("unbalanced '(' or '[' in the pattern", start, "quote the pattern")
        return min(i, len(text))


def _closing_quote(text: str, start: int) -> int:
    """Index of the ``"`` closing the string opened at ``start``; -1 when it is missing."""
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
        elif ch == '"':
            return i
        else:
            i += 1
    return -1


def _unescape_quotes(body: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            pair = body[i : i + 2]
            out.append('"' if pair == '\\"' else pair)
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _kind(value: Scalar) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, datetime):
        return "date-time"
    return "string"
