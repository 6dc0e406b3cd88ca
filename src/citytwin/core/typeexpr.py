"""The NGSI-LD entity type selection language (``type``, ETSI GS CIM 009 clause 4.17) as a TypeExpr (DNF).

``Building,House`` and ``Building|House`` mean either type; ``(Home;Vehicle)`` means both; ``;`` binds
tighter than ``|``/``,`` as in the q language. The result is the disjunctive normal form the stores use:
a tuple of type sets, matched when an entity has every type of any one set. Sets implied by a smaller one
are dropped (``A|(A;B)`` is just ``A``) and the order of first appearance is kept.

Names are short terms or URIs. Expansion against an @context is the API's job: pass ``expand`` to
:func:`parse_types`, or map an already parsed expression with :func:`expand_types`. Because ``,``, ``;``,
``(`` and ``)`` may occur in URIs (the clause's own NOTE), a URI that contains them cannot be written here.

Leniencies beyond the clause 4.17 ABNF (which allows ``;`` only inside one pair of parentheses): ``;``
outside parentheses, nested parentheses, and whitespace between tokens.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import NoReturn

from citytwin.core.qlang import describe
from citytwin.core.query import TypeExpr
from citytwin.errors import InvalidRequest

MAX_TERMS = 256
"""Most sets the normal form may have; ``(A|B);(C|D);...`` multiplies out, so bound it."""
MAX_DEPTH = 64

_STOP = frozenset(",;|()")
_BAD = frozenset("<>\"'=\\")


def parse_types(text: str, *, expand: Callable[[str], str] | None = None) -> TypeExpr:
    """Parse an already URL-decoded type selection into DNF; InvalidRequest names the error's position."""
    expr = _TypeParser(text).parse()
    return expand_types(expr, expand) if expand is not None else expr


def expand_types(expr: TypeExpr, expand: Callable[[str], str]) -> TypeExpr:
    """The same expression with every type name passed through ``expand`` (e.g. JSON-LD term expansion)."""
    return _simplify([frozenset(expand(name) for name in group) for group in expr])


def _simplify(groups: list[frozenset[str]]) -> TypeExpr:
    """Drop repeated sets and sets that contain another one (having the smaller set already matches)."""
    out: list[frozenset[str]] = []
    for group in groups:
        if group in out or any(other < group for other in groups):
            continue
        out.append(group)
    return tuple(out)


class _TypeParser:
    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise InvalidRequest(f"type: expected a string, got {type(text).__name__}")
        self.text = text
        self.pos = 0
        self.depth = 0

    def fail(self, message: str, pos: int, hint: str = "") -> NoReturn:
        tail = f"; {hint}" if hint else ""
        raise InvalidRequest(f"type: {message} at position {pos + 1} in {describe(self.text)}{tail}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def found(self) -> str:
        return repr(self.peek()) if self.peek() else "end of input"

    def skip_ws(self) -> None:
        while self.peek().isspace():
            self.pos += 1

    def parse(self) -> TypeExpr:
        self.skip_ws()
        expr = self.parse_or()
        self.skip_ws()
        if self.peek():
            what = "unmatched ')'" if self.peek() == ")" else f"unexpected {self.found()}"
            self.fail(what, self.pos, "expected ',', '|', ';' or the end")
        return expr

    def parse_or(self) -> TypeExpr:
        groups = list(self.parse_and())
        self.skip_ws()
        while self.peek() in (",", "|"):
            op_pos = self.pos
            self.pos += 1
            self.skip_ws()
            self.need_term(self.text[op_pos], op_pos)
            groups.extend(self.parse_and())
            self.skip_ws()
        return _simplify(groups)

    def parse_and(self) -> TypeExpr:
        start = self.pos
        result = self.parse_primary()
        self.skip_ws()
        while self.peek() == ";":
            op_pos = self.pos
            self.pos += 1
            self.skip_ws()
            self.need_term(";", op_pos)
            right = self.parse_primary()
            # (a|b);(c|d) distributes to a;c | a;d | b;c | b;d.
            if len(result) * len(right) > MAX_TERMS:
                self.fail(f"type expression has more than {MAX_TERMS} alternatives", start)
            result = _simplify([left | other for left, other in product(result, right)])
            self.skip_ws()
        return result

    def need_term(self, after: str, after_pos: int) -> None:
        if not self.peek() or self.peek() in ",;|)":
            self.fail(f"expected a type after '{after}'", after_pos)

    def parse_primary(self) -> TypeExpr:
        start = self.pos
        if self.peek() == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail(f"parentheses nested more than {MAX_DEPTH} deep", start)
            self.pos += 1
            self.skip_ws()
            self.need_term("(", start)
            inner = self.parse_or()
            self.skip_ws()
            if self.peek() != ")":
                self.fail(
                    f"unexpected {self.found()}", self.pos, f"expected ')' to close the '(' at {start + 1}"
                )
            self.pos += 1
            self.depth -= 1
            return inner
        while self.peek() and self.peek() not in _STOP and not self.peek().isspace():
            self.pos += 1
        if self.pos == start:
            self.fail(f"expected a type name, found {self.found()}", start)
        name = self.text[start : self.pos]
        for i, ch in enumerate(name):
            if ch in _BAD:
                # Entity types may not contain these (entities.check_name), so such a filter is a mistake.
                self.fail(f"{ch!r} is not allowed in a type name", start + i)
        return (frozenset({name}),)
