"""Linked Entity Retrieval (ETSI GS CIM 009 V1.8.1 clause 4.5.23) and q over linked entities (4.9).

``join=inline`` gives each rendered Relationship the entity it points at (``entity``; ``entityList`` for a
ListRelationship or a Relationship with several objects; in keyValues the target replaces the id);
``join=flat`` returns the linked entities after the requested ones, each once. ``joinLevel`` (default 1) is
how many relationship hops are followed; ``containedBy`` names entities already seen by the caller, which
are never expanded again. On one path an entity is not expanded inside itself, so cycles stop.

Projections may shape linked entities: ``pick=id,locatedAt{id,name}`` keeps ``locatedAt`` on the entity and
``id``/``name`` on its target; in ``omit`` the braces name what to drop from the target while the
relationship stays. Only rendered (projected) relationships are followed.

In ``q`` a term ``rel{attr}`` (``rel{Type:attr}``: only targets of that type count; nestable,
``rel{rel2{attr}}``) holds when some target of ``rel`` satisfies ``attr``'s condition. Such terms, and
projections with braces, need ``join`` (flat or inline) and may be at most ``joinLevel`` deep, else the
request is 400 BadRequestData (5.7.1.4, 5.7.2.4). One store query cannot express them: the rest of a
conjunction goes to the store, and the linked part filters the pages it returns, each term decided by a store
query over the targets' ids (see :meth:`LinkedQ.filter`). ``Type:attr`` is read as a type hint, so a compact
attribute name with a prefix cannot be used inside braces.

Everything here is pure: reading is done by callables the routes pass in (the tenant's governed store, so
linked entities are read, masked and ledgered like any other read, and a linked q filters only on what the
caller sees in clear).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.qlang import CORE_MEMBERS, Expander, _QParser
from citytwin.core.query import And, Compare, Exists, Not, Predicate, TypeExpr
from citytwin.errors import BadRequestData
from citytwin.ngsild.representation import ALL, Format, NameMap, Projection, projection

JoinMode = Literal["flat", "inline"]
REL_KINDS = (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP)
_LINK_MARK = "\x00link:"
"""Prefix of the stand-in attribute name a linked term gets in the parsed q (no real name can hold NUL)."""

Fetch = Callable[[Sequence[str]], Mapping[str, Entity]]
"""Reads entities by id (those the caller may see; absent ones are left out)."""
Select = Callable[[Sequence[str], Predicate, TypeExpr], set[str]]
"""The ids among the given whose entities satisfy a plain predicate and a type expression (a store query)."""
AsyncFetch = Callable[[Sequence[str]], Awaitable[Mapping[str, Entity]]]


# -- join parameters --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Join:
    """``join`` / ``joinLevel`` / ``containedBy`` (mode None: no linked entity retrieval)."""

    mode: JoinMode | None = None
    level: int = 1
    contained_by: frozenset[str] = frozenset()

    @property
    def enabled(self) -> bool:
        """Whether linked entities are retrieved (join is flat or inline)."""
        return self.mode is not None

    def allow(self, depth: int, what: str) -> None:
        """400 when a linked path ``depth`` deep is used without join or deeper than ``joinLevel``."""
        if depth and not self.enabled:
            raise BadRequestData(f"{what} uses linked entities ('{{...}}') but join is not flat or inline")
        if depth > self.level:
            raise BadRequestData(f"too deep query: {what} is {depth} levels deep, joinLevel is {self.level}")


def parse_join(join: Any, level: Any, contained_by: Any) -> Join:
    """A :class:`Join` from raw parameter or Query-body values (None when absent)."""
    if join is not None and join not in ("flat", "inline", "@none"):
        raise BadRequestData(f"join must be flat, inline or @none, got {join!r}")
    depth = 1
    if level is not None:
        try:
            depth = level if isinstance(level, int) and not isinstance(level, bool) else int(str(level))
        except ValueError:
            raise BadRequestData(f"joinLevel must be a positive integer, got {level!r}") from None
        if depth < 1:
            raise BadRequestData(f"joinLevel must be a positive integer, got {level!r}")
    ids = _id_list(contained_by)
    mode: JoinMode | None = join if join in ("flat", "inline") else None
    return Join(mode, depth, frozenset(ids))


def _id_list(raw: Any) -> list[str]:
    if raw is None:
        return []
    items = [i.strip() for i in raw.split(",") if i.strip()] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(i, str) and ":" in i for i in items):
        raise BadRequestData("containedBy must be a list of entity ids (URIs)")
    return items


# -- projections with linked entities ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Item:
    """One projection entry: a name, and for ``rel{...}`` the entries applied to the target."""

    name: str
    children: tuple[Item, ...] | None = None


_EMPTY_MEMBER = re.compile(r"(^|[,|{])\s*([,|}]|$)")
_FORBIDDEN = re.compile(r"[;=<>\"'()\[\]!~\\]")


def parse_items(raw: str | Sequence[str] | None, key: str) -> list[Item]:
    """``id,locatedAt{id,name}`` (or a list of such strings) as projection items."""
    if raw is None:
        return []
    texts = [raw] if isinstance(raw, str) else list(raw)
    out: list[Item] = []
    for given in texts:
        if given.strip() and _EMPTY_MEMBER.search(given):  # 4.21: no empty ProjectionTerm (ETSI TP 421_01_02)
            raise BadRequestData(f"{key}: empty member in {given!r}")
        if _FORBIDDEN.search(given):  # 4.21: names and the , | { } operators only (ETSI TP 019_18_04)
            raise BadRequestData(f"{key}: invalid character in {given!r}")
        text = given.replace("|", ",")  # 4.21: a pipe is the comma's alternative spelling of "or"
        items, end = _items(text, 0, key)
        if end != len(text):
            raise BadRequestData(f"{key}: unbalanced '}}' at position {end + 1} in {text!r}")
        out.extend(items)
    return out


def _items(text: str, pos: int, key: str) -> tuple[list[Item], int]:
    items: list[Item] = []
    start = pos
    while pos <= len(text):
        ch = text[pos] if pos < len(text) else ","
        if ch in ",}":
            name = text[start:pos].strip()
            if name:
                items.append(Item(name))
            if ch == "}" or pos == len(text):
                return items, pos
            pos += 1
            start = pos
        elif ch == "{":
            name = text[start:pos].strip()
            if not name:
                raise BadRequestData(f"{key}: '{{' at position {pos + 1} follows no attribute name")
            children, end = _items(text, pos + 1, key)
            if end >= len(text) or text[end] != "}":
                raise BadRequestData(f"{key}: the '{{' at position {pos + 1} is not closed in {text!r}")
            items.append(Item(name, tuple(children)))
            pos = end + 1
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos < len(text) and text[pos] not in ",}":
                raise BadRequestData(f"{key}: expected ',' after '}}' at position {pos + 1} in {text!r}")
            start = pos
        else:
            pos += 1
    return items, pos


def items_depth(items: Iterable[Item]) -> int:
    """How many linked-entity levels the items reach (0: plain names only)."""
    return max((1 + items_depth(i.children) for i in items if i.children is not None), default=0)


@dataclass(frozen=True)
class Shape:
    """How an entity is rendered (``project``) and how the targets of each relationship are (``nested``)."""

    project: Projection = ALL
    nested: Mapping[str, Shape] = field(default_factory=dict)
    depth: int = 0
    """How many linked-entity levels the projection names."""

    def child(self, rel: str) -> Shape:
        """The shape of entities reached through relationship ``rel`` (all of them by default)."""
        return self.nested.get(rel, FULL)


FULL = Shape()


def shape(names: NameMap, attrs: Sequence[str], pick: Sequence[Item], omit: Sequence[Item]) -> Shape:
    """The shape of ``attrs`` / ``pick`` / ``omit`` (picked or omitted ``rel{...}`` shape the targets)."""
    project = projection(names, attrs, [i.name for i in pick], [i.name for i in omit if i.children is None])
    nested: dict[str, Shape] = {}
    for item in pick:
        if item.children is not None:
            nested[names.to_store(item.name)] = shape(names, (), item.children, ())
    for item in omit:
        if item.children is not None:
            nested[names.to_store(item.name)] = shape(names, (), (), item.children)
    return Shape(project, nested, max(items_depth(pick), items_depth(omit)))


# -- relationship targets ---------------------------------------------------------------------------------


def object_ids(inst: Attribute) -> list[str]:
    """The ids a Relationship (one or several objects) or ListRelationship instance points at."""
    if inst.type not in REL_KINDS:
        return []
    value = inst.value
    items = value if isinstance(value, list) else [value]
    ids: list[str] = []
    for item in items:
        target = item.get("object") if isinstance(item, dict) else item
        if isinstance(target, str):
            ids.append(target)
    return ids


def relationship_ids(entity: Entity, rel: str) -> list[str]:
    """Every id the instances of ``rel`` point at, in order, each once."""
    return list(dict.fromkeys(i for inst in entity.instances(rel) for i in object_ids(inst)))


def _links(entity: Entity, form: Shape) -> Iterator[tuple[str, str]]:
    """(relationship, target id) for the rendered relationships of an entity."""
    for rel, instances in entity.attrs.items():
        if form.project.wants(rel) and any(i.type in REL_KINDS for i in instances):
            for target in relationship_ids(entity, rel):
                yield rel, target


# -- expansion --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Expansion:
    """Linked entities fetched for a set of entities: by id, and (for flat) in discovery order."""

    join: Join
    known: dict[str, Entity] = field(default_factory=dict)
    order: list[tuple[str, Shape]] = field(default_factory=list)


async def expand(roots: Sequence[Entity], form: Shape, join: Join, fetch: AsyncFetch) -> Expansion:
    """Fetch the entities reached from ``roots`` within ``joinLevel`` hops, one batch read per level."""
    out = Expansion(join)
    if not join.enabled:
        return out
    listed = {e.id for e in roots} | join.contained_by
    frontier: list[tuple[Entity, Shape]] = [(e, form) for e in roots]
    for _ in range(join.level):
        pairs: dict[tuple[str, int], tuple[str, Shape]] = {}
        for entity, current in frontier:
            for rel, target in _links(entity, current):
                if target not in join.contained_by:
                    sub = current.child(rel)
                    pairs.setdefault((target, id(sub)), (target, sub))
        missing = sorted({t for t, _ in pairs.values()} - out.known.keys())
        if missing:
            out.known.update(await fetch(missing))
        frontier = []
        for target, sub in pairs.values():
            found = out.known.get(target)
            if found is None:
                continue
            frontier.append((found, sub))
            if target not in listed:
                listed.add(target)
                out.order.append((target, sub))
        if not frontier:
            break
    return out


Render = Callable[[Entity, Projection], dict[str, Any]]
"""Renders one entity with a projection in the request's format (the routes bind format and options)."""


def inline(
    entity: Entity, form: Shape, exp: Expansion, *, render: Render, names: NameMap, fmt: Format
) -> dict[str, Any]:
    """The entity rendered with its linked entities inside its relationships (``join=inline``)."""
    return _Inliner(exp, render, names, fmt).entity(entity, form, 0, frozenset({entity.id}))


@dataclass(frozen=True, slots=True)
class _Inliner:
    exp: Expansion
    render: Render
    names: NameMap
    fmt: Format

    def entity(self, entity: Entity, form: Shape, depth: int, path: frozenset[str]) -> dict[str, Any]:
        """One rendered entity; below ``joinLevel``, targets not on ``path`` nor contained are inlined."""
        body = self.render(entity, form.project)
        join = self.exp.join
        if depth >= join.level:
            return body
        blocked = path | join.contained_by
        for rel, instances in entity.attrs.items():
            term = self.names.from_store(rel)
            if term not in body or not form.project.wants(rel):
                continue
            several = len(instances) > 1
            rendered = body[term] if several else [body[term]]
            if not isinstance(rendered, list) or len(rendered) != len(instances):
                continue
            sub = form.child(rel)
            for k, inst in enumerate(instances):
                targets = object_ids(inst)
                inner = {
                    t: self.entity(self.exp.known[t], sub, depth + 1, path | {t})
                    for t in targets
                    if t in self.exp.known and t not in blocked
                }
                if not inner:
                    continue
                attached = _attach(rendered[k], inst, targets, inner, self.fmt)
                if several:
                    body[term][k] = attached
                else:
                    body[term] = attached
        return body


def _attach(item: Any, inst: Attribute, targets: list[str], inner: dict[str, Any], fmt: Format) -> Any:
    """A rendered relationship instance with its target entities added (keyValues: in place of the ids)."""
    single = inst.type is AttrType.RELATIONSHIP and isinstance(inst.value, str)
    if fmt == "keyValues":
        if single:
            return inner.get(targets[0], item)
        if isinstance(item, list):
            return [inner.get(v, v) if isinstance(v, str) else v for v in item]
        return item
    if not isinstance(item, dict):
        return item
    out = dict(item)
    if single:
        out["entity"] = inner[targets[0]]
    else:
        out["entityList"] = [inner[t] for t in targets if t in inner]
    return out


def flat(exp: Expansion, render: Render) -> list[dict[str, Any]]:
    """The linked entities to list after the requested ones (``join=flat``), each once."""
    return [render(exp.known[t], form.project) for t, form in exp.order]


# -- q over linked entities -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """``rel{Type:path[keys]}``: the condition on ``path`` holds for a target of ``rel`` (of ``types``)."""

    rel: str
    types: tuple[str, ...]
    path: tuple[str, ...]
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LinkedQ:
    """A parsed q whose linked terms are Compare/Exists on stand-in names, with what they stand for."""

    pred: Predicate
    links: Mapping[str, Link]

    @property
    def depth(self) -> int:
        """How many relationship hops the deepest linked term takes (0: no linked term)."""
        return max((self._depth(k) for k in self._top()), default=0)

    def _depth(self, key: str) -> int:
        link = self.links[key]
        return 1 + (self._depth(link.path[0]) if link.path[0] in self.links else 0)

    def _top(self) -> list[str]:
        nested = {link.path[0] for link in self.links.values()}
        return [k for k in self.links if k not in nested]

    def split(self) -> tuple[Predicate | None, Predicate | None]:
        """(what the store can evaluate, what must be evaluated here with linked entities at hand)."""
        if not self.links:
            return self.pred, None
        items = self.pred.items if isinstance(self.pred, And) else (self.pred,)
        plain = [p for p in items if not self._uses_links(p)]
        linked = [p for p in items if self._uses_links(p)]
        store = None if not plain else plain[0] if len(plain) == 1 else And(tuple(plain))
        here = linked[0] if len(linked) == 1 else And(tuple(linked))
        return store, here

    def _uses_links(self, pred: Predicate) -> bool:
        if isinstance(pred, Compare | Exists):
            return pred.path[0] in self.links
        if isinstance(pred, Not):
            return self._uses_links(pred.item)
        return any(self._uses_links(p) for p in pred.items)

    @property
    def relationships(self) -> frozenset[str]:
        """The relationships the top-level linked terms follow (a store read must include them)."""
        return frozenset(self.links[k].rel for k in self._top())

    def filter(
        self, pred: Predicate, entities: Sequence[Entity], fetch: Fetch, select: Select
    ) -> list[Entity]:
        """The entities satisfying ``pred`` (the part of this q with linked terms).

        Every term is decided by ``select`` (a store query, so the rules that govern ``q`` hold, such as
        filtering only on what the caller sees in clear); Python only combines the answers.
        """
        ids = [e.id for e in entities]
        memo: dict[int, set[str]] = {}
        for term in _terms(pred):
            if id(term) not in memo:
                memo[id(term)] = self._matching(term, entities, ids, fetch, select)
        return [e for e in entities if _holds(pred, e.id, memo)]

    def _matching(
        self,
        term: Compare | Exists,
        entities: Sequence[Entity],
        ids: Sequence[str],
        fetch: Fetch,
        select: Select,
    ) -> set[str]:
        """The ids among ``entities`` satisfying one term (for a linked term: through their targets)."""
        link = self.links.get(term.path[0])
        if link is None:
            return select(ids, term, ())
        targets = {e.id: relationship_ids(e, link.rel) for e in entities}
        wanted = sorted({t for found in targets.values() for t in found})
        if not wanted:
            return set()
        inner: Compare | Exists = replace(term, path=link.path, keys=link.keys)
        kinds: TypeExpr = tuple(frozenset({t}) for t in link.types)
        if inner.path[0] in self.links:  # rel{rel2{...}}: one hop further, from the targets themselves
            hop = [e for e in fetch(wanted).values() if not kinds or any(k <= set(e.types) for k in kinds)]
            ok = self._matching(inner, hop, [e.id for e in hop], fetch, select)
        else:
            ok = select(wanted, inner, kinds)
        return {i for i, found in targets.items() if any(t in ok for t in found)}


def _terms(pred: Predicate) -> Iterator[Compare | Exists]:
    if isinstance(pred, Compare | Exists):
        yield pred
    elif isinstance(pred, Not):
        yield from _terms(pred.item)
    else:
        for item in pred.items:
            yield from _terms(item)


def _holds(pred: Predicate, entity_id: str, memo: Mapping[int, set[str]]) -> bool:
    if isinstance(pred, Compare | Exists):
        return entity_id in memo[id(pred)]
    if isinstance(pred, Not):
        return not _holds(pred.item, entity_id, memo)
    if isinstance(pred, And):
        return all(_holds(p, entity_id, memo) for p in pred.items)
    return any(_holds(p, entity_id, memo) for p in pred.items)


def parse_linked_q(text: str, expand: Expander | None = None) -> LinkedQ:
    """Parse ``q`` like :func:`~citytwin.core.qlang.parse_q`, also accepting linked terms ``rel{...}``."""
    parser = _LinkedParser(text, expand)
    return LinkedQ(parser.parse(), dict(parser.links))


class _LinkedParser(_QParser):
    """The q parser with ``attr{...}`` paths: each becomes a stand-in name recorded in ``links``."""

    def __init__(self, text: str, expand: Expander | None) -> None:
        super().__init__(text, expand)
        self.links: dict[str, Link] = {}

    def parse_attribute(self, after: str | None, after_pos: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        start = self.pos
        name = self.read_name("an attribute name", after, after_pos)
        if self.peek() != "{":
            self.pos = start
            return super().parse_attribute(after, after_pos)
        open_pos = self.pos
        self.pos += 1
        self.skip_ws()
        inner_start = self.pos
        first = self.read_name("an attribute name", "'{'", open_pos)
        hint, _, rest = first.rpartition(":")
        self.pos = inner_start + len(hint) + 1 if hint and rest else inner_start
        path, keys = self.parse_attribute("'{'", open_pos)
        self.skip_ws()
        if self.peek() != "}":
            self.fail(f"expected '}}', found {self.found()}", self.pos, f"to close '{{' at {open_pos + 1}")
        self.pos += 1
        if self.peek() in (".", "[", "{") and self.peek():
            self.fail("a linked-entity path must end the attribute path", self.pos)
        key = f"{_LINK_MARK}{len(self.links)}"
        expand = self.expand or (lambda n: n)
        rel = name if name in CORE_MEMBERS else expand(name)
        types = (expand(hint),) if hint and rest else ()
        self.links[key] = Link(rel, types, path, keys)
        return (key, *path), ()
