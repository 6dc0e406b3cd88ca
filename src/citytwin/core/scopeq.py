"""The NGSI-LD scope query language (``scopeQ``, ETSI GS CIM 009 clause 4.19): parser, evaluator, prefixes.

A scope is a path such as ``/Shenzhen/Futian``. In a query, ``+`` stands for any one level and a trailing
``/#`` for the scope itself and everything below it; ``/#`` alone matches any entity that has a scope at
all. Without ``#`` a pattern matches exactly. ``;`` (and) binds tighter than ``|`` or ``,`` (or), as in the
q language, and parentheses group. An entity matches a pattern when any of its scopes does; for ``;``
each side may be met by a different scope of the entity.

Leniencies beyond the clause 4.19 ABNF (which only allows ``;`` inside one pair of parentheses): ``;``
outside parentheses, nested parentheses, whitespace between tokens, and levels that start with a digit or
contain ``-`` (district codes such as ``/440300/440304`` are common scope levels in Chinese platforms).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn

from citytwin.core.qlang import describe
from citytwin.errors import InvalidRequest

ANY_LEVEL = "+"
NULL_SCOPE = "urn:ngsi-ld:null"
"""The NGSI-LD Null: a deleted scope, which matches no pattern."""

MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class ScopePattern:
    """``/a/+/c`` (``levels`` with ``+`` for any one level); ``descendants`` when it ends in ``/#``."""

    levels: tuple[str, ...]
    descendants: bool = False

    def matches(self, scope: tuple[str, ...]) -> bool:
        """Whether one scope, given as its levels, fits the pattern."""
        n = len(self.levels)
        if len(scope) < n or (not self.descendants and len(scope) != n) or not scope:
            return False
        return all(p in (ANY_LEVEL, s) for p, s in zip(self.levels, scope, strict=False))


@dataclass(frozen=True, slots=True)
class ScopeAnd:
    """Every item is met (``;``)."""

    items: tuple[ScopeExpr, ...]


@dataclass(frozen=True, slots=True)
class ScopeOr:
    """Any item is met (``|`` or ``,``)."""

    items: tuple[ScopeExpr, ...]


ScopeExpr = ScopePattern | ScopeAnd | ScopeOr


def parse_scope_q(text: str) -> ScopeExpr:
    """Parse an (already URL-decoded) ``scopeQ``; InvalidRequest names the position of a syntax error."""
    return _ScopeParser(text).parse()


def scope_levels(scope: str) -> tuple[str, ...]:
    """The levels of an entity scope (``/a/b`` → ``("a", "b")``); the NGSI-LD Null has none."""
    if scope == NULL_SCOPE:
        return ()
    return tuple(level for level in scope.split("/") if level)


def scope_matches(expr: ScopeExpr, entity_scopes: Iterable[str]) -> bool:
    """Whether an entity with these scopes satisfies the scope query."""
    levels = [lv for lv in (scope_levels(s) for s in entity_scopes) if lv]
    return _holds(expr, levels)


def _holds(expr: ScopeExpr, scopes: list[tuple[str, ...]]) -> bool:
    if isinstance(expr, ScopePattern):
        return any(expr.matches(s) for s in scopes)
    if isinstance(expr, ScopeAnd):
        return all(_holds(item, scopes) for item in expr.items)
    return any(_holds(item, scopes) for item in expr.items)


def scope_prefixes(expr: ScopeExpr) -> tuple[str, ...] | None:
    """The exact ``EntityQuery.scopes`` prefixes for a query that is a list of ``/a/b/#`` patterns, else None.

    ``EntityQuery.scopes`` means "this scope or below, any of", so only an or-list of ``#`` patterns without
    ``+`` maps onto it exactly (``/#`` becomes ``/``, which any scope satisfies). Otherwise use
    :func:`scope_prefilter` to narrow the candidates and :func:`scope_matches` to decide.
    """
    patterns = expr.items if isinstance(expr, ScopeOr) else (expr,)
    out: list[str] = []
    for p in patterns:
        if not isinstance(p, ScopePattern) or not p.descendants or ANY_LEVEL in p.levels:
            return None
        out.append(_prefix(p.levels))
    return _minimal(out)


def scope_prefilter(expr: ScopeExpr) -> tuple[str, ...]:
    """Prefixes every matching entity has a scope under: a superset filter (``/`` means "has a scope")."""
    if isinstance(expr, ScopePattern):
        fixed: list[str] = []
        for level in expr.levels:
            if level == ANY_LEVEL:
                break
            fixed.append(level)
        return (_prefix(tuple(fixed)),)
    if isinstance(expr, ScopeOr):
        return _minimal([p for item in expr.items for p in scope_prefilter(item)])
    # Any one conjunct bounds the result; the one with the longest prefixes is likely the most selective.
    options = [scope_prefilter(item) for item in expr.items]
    return max(options, key=lambda ps: min(len(p) for p in ps))


def _prefix(levels: tuple[str, ...]) -> str:
    return "/" + "/".join(levels)


def _minimal(prefixes: list[str]) -> tuple[str, ...]:
    """Drop duplicates and prefixes lying below another one (``/a/b`` under ``/a``); keep first-seen order."""
    out: list[str] = []
    for p in prefixes:
        if p in out:
            continue
        if any(_covers(q, p) for q in prefixes if q != p):
            continue
        out.append(p)
    return tuple(out)


def _covers(outer: str, inner: str) -> bool:
    return outer == "/" or inner.startswith(outer + "/")


def _join(kind: type[ScopeAnd] | type[ScopeOr], items: list[ScopeExpr]) -> ScopeExpr:
    if len(items) == 1:
        return items[0]
    flat: list[ScopeExpr] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


class _ScopeParser:
    def __init__(self, text: str) -> None:
        if not isinstance(text, str):
            raise InvalidRequest(f"scopeQ: expected a string, got {type(text).__name__}")
        self.text = text
        self.pos = 0
        self.depth = 0

    def fail(self, message: str, pos: int, hint: str = "") -> NoReturn:
        tail = f"; {hint}" if hint else ""
        raise InvalidRequest(f"scopeQ: {message} at position {pos + 1} in {describe(self.text)}{tail}")

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def found(self) -> str:
        return repr(self.peek()) if self.peek() else "end of input"

    def skip_ws(self) -> None:
        while self.peek().isspace() and self.peek():
            self.pos += 1

    def parse(self) -> ScopeExpr:
        self.skip_ws()
        expr = self.parse_or()
        self.skip_ws()
        if self.peek():
            what = "unmatched ')'" if self.peek() == ")" else f"unexpected {self.found()}"
            self.fail(what, self.pos, "expected ';', '|', ',' or the end")
        return expr

    def parse_or(self) -> ScopeExpr:
        items = [self.parse_and()]
        self.skip_ws()
        while self.peek() in ("|", ","):
            op_pos = self.pos
            self.pos += 1
            self.skip_ws()
            self.need_term(self.text[op_pos], op_pos)
            items.append(self.parse_and())
            self.skip_ws()
        return _join(ScopeOr, items)

    def parse_and(self) -> ScopeExpr:
        items = [self.parse_primary()]
        self.skip_ws()
        while self.peek() == ";":
            op_pos = self.pos
            self.pos += 1
            self.skip_ws()
            self.need_term(";", op_pos)
            items.append(self.parse_primary())
            self.skip_ws()
        return _join(ScopeAnd, items)

    def need_term(self, after: str, after_pos: int) -> None:
        if not self.peek() or self.peek() in ";|,)":
            self.fail(f"expected a scope after '{after}'", after_pos)

    def parse_primary(self) -> ScopeExpr:
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
        if self.peek() != "/":
            self.fail(f"expected a scope starting with '/', found {self.found()}", start)
        return self.parse_pattern()

    def parse_pattern(self) -> ScopePattern:
        levels: list[str] = []
        while self.peek() == "/":
            slash = self.pos
            self.pos += 1
            if self.peek() == "#":
                self.pos += 1
                if self.peek() and self.peek() not in ";|,)" and not self.peek().isspace():
                    self.fail("'#' must be the last level of a scope", slash + 1)
                return ScopePattern(tuple(levels), descendants=True)
            levels.append(self.read_level(slash))
        return ScopePattern(tuple(levels))

    def read_level(self, slash: int) -> str:
        start = self.pos
        if self.peek() == ANY_LEVEL:
            self.pos += 1
            if self.peek() and self.peek() not in "/;|,)" and not self.peek().isspace():
                self.fail("'+' must be a whole level", start)
            return ANY_LEVEL
        while self.peek() and (self.peek().isalnum() or self.peek() in "_-"):
            self.pos += 1
        if self.pos == start:
            self.fail(f"expected a scope level, '+' or '#' after '/', found {self.found()}", slash)
        if self.peek() and self.peek() not in "/;|,)" and not self.peek().isspace():
            self.fail(f"unexpected {self.found()} in a scope level", self.pos)
        return self.text[start : self.pos]
