"""The entity relationship graph (关联映射图谱): a breadth-first walk over Relationship attributes.

Pure: the walk asks two callables for data, so any store (or a list in a test) can serve it.
``fetch(ids)`` returns the entities that exist among ``ids``; ``incoming(ids)`` returns entities holding a
Relationship (or ListRelationship) whose object is one of ``ids``. Edges always point from the entity that
holds the relationship to its object; ``depth`` counts hops in either direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from citytwin.core.entities import ADMIN_CODE, LEVEL, AttrType, Entity
from citytwin.errors import BadRequestData

Direction = Literal["out", "in", "both"]
DIRECTIONS: tuple[Direction, ...] = ("out", "in", "both")
MAX_DEPTH = 6
_REL_KINDS = (AttrType.RELATIONSHIP, AttrType.LIST_RELATIONSHIP)


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` holds relationship ``name`` (instance ``dataset_id``) whose object is ``target``."""

    source: str
    target: str
    name: str
    dataset_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {"source": self.source, "target": self.target, "relationship": self.name}
        if self.dataset_id is not None:
            out["datasetId"] = self.dataset_id
        return out


@dataclass(slots=True)
class Node:
    """An entity in the graph: a short description and how far from the root it was found."""

    id: str
    types: tuple[str, ...]
    depth: int
    name: str | None = None
    level: str | None = None
    admin_code: str | None = None
    missing: bool = False
    """The entity is the object of a relationship but does not exist in the store."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.types[0] if self.types else None,
            "depth": self.depth,
        }
        if len(self.types) > 1:
            out["types"] = list(self.types)
        for key, value in (("name", self.name), ("level", self.level), ("adminCode", self.admin_code)):
            if value is not None:
                out[key] = value
        if self.missing:
            out["missing"] = True
        return out

    def label(self) -> str:
        """``id (Type 名称)`` for the tree view."""
        kind = self.types[0] if self.types else "?"
        extra = f" {self.name}" if self.name else ""
        return f"{self.id} ({kind}{extra}){' [missing]' if self.missing else ''}"


@dataclass(slots=True)
class Graph:
    """Nodes and edges around ``root`` up to ``depth`` hops; ``truncated`` when ``max_nodes`` cut it short."""

    root: str
    depth: int
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False
    parents: dict[str, tuple[str, Edge]] = field(default_factory=dict)
    """For each node but the root, the node it was reached from and the edge used (the tree view)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON form: root, depth, nodes (by depth then id), edges, truncated."""
        nodes = sorted(self.nodes.values(), key=lambda n: (n.depth, n.id))
        return {
            "root": self.root,
            "depth": self.depth,
            "nodes": [n.to_dict() for n in nodes],
            "edges": [e.to_dict() for e in self.edges],
            "truncated": self.truncated,
        }

    def tree(self) -> list[str]:
        """A readable tree: each node under the one it was reached from, with the relationship's direction."""
        children: dict[str, list[tuple[str, Edge]]] = {}
        for child, (parent, edge) in self.parents.items():
            children.setdefault(parent, []).append((child, edge))
        lines = [self.nodes[self.root].label()]

        def walk(node_id: str, indent: str) -> None:
            items = sorted(children.get(node_id, []), key=lambda item: (item[1].name, item[0]))
            for i, (child, edge) in enumerate(items):
                last = i == len(items) - 1
                arrow = f"─{edge.name}→ " if edge.source == node_id else f"←{edge.name}─ "
                lines.append(f"{indent}{'└── ' if last else '├── '}{arrow}{self.nodes[child].label()}")
                walk(child, indent + ("    " if last else "│   "))

        walk(self.root, "")
        if self.truncated:
            lines.append(f"… (truncated at {len(self.nodes)} nodes)")
        return lines


def outgoing(entity: Entity) -> list[Edge]:
    """Edges from every Relationship / ListRelationship instance of ``entity`` (one per object)."""
    out = []
    for name, inst in entity.iter_instances():
        if inst.type not in _REL_KINDS:
            continue
        objects = inst.value if isinstance(inst.value, list) else [inst.value]
        for obj in objects:
            target = obj.get("object") if isinstance(obj, Mapping) else obj
            if isinstance(target, str):
                out.append(Edge(entity.id, target, name, inst.dataset_id))
    return out


def relationship_names(entities: Iterable[Entity]) -> set[str]:
    """Names of the Relationship attributes the entities hold."""
    return {name for e in entities for name, inst in e.iter_instances() if inst.type in _REL_KINDS}


def describe(entity: Entity, depth: int) -> Node:
    """The node of an entity: name (Chinese first for a languageMap), model level and admin code."""
    raw = entity.value("name")
    name = None
    if isinstance(raw, str):
        name = raw
    elif isinstance(raw, Mapping) and raw:
        first = raw.get("zh", raw.get("en", next(iter(raw.values()))))
        name = first if isinstance(first, str) else None
    level = entity.value(LEVEL)
    admin = entity.value(ADMIN_CODE)
    return Node(
        id=entity.id,
        types=entity.types,
        depth=depth,
        name=name,
        level=None if level is None else str(level),
        admin_code=None if admin is None else str(admin),
    )


def neighbourhood(
    root: Entity,
    *,
    depth: int,
    fetch: Callable[[Sequence[str]], Mapping[str, Entity]],
    incoming: Callable[[Sequence[str]], Sequence[Entity]] | None = None,
    direction: Direction = "both",
    max_nodes: int = 500,
) -> Graph:
    """Walk up to ``depth`` hops from ``root`` (``out``: follow relationships, ``in``: who points here)."""
    if isinstance(depth, bool) or not isinstance(depth, int) or not 0 <= depth <= MAX_DEPTH:
        raise BadRequestData(f"depth must be an integer 0..{MAX_DEPTH}, got {depth!r}")
    if direction not in DIRECTIONS:
        raise BadRequestData(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    if max_nodes < 1:
        raise BadRequestData("max_nodes must be at least 1")
    graph = Graph(root=root.id, depth=depth)
    graph.nodes[root.id] = describe(root, 0)
    entities = {root.id: root}
    seen_edges: set[Edge] = set()
    frontier = [root.id]
    for hop in range(1, depth + 1):
        if not frontier or graph.truncated:
            break
        found: list[tuple[str, Edge]] = []  # (new or known node id, edge), in discovery order
        if direction in ("out", "both"):
            for node_id in frontier:
                entity = entities.get(node_id)
                if entity is not None:
                    found.extend((e.target, e) for e in outgoing(entity))
        if direction in ("in", "both") and incoming is not None:
            wanted = set(frontier)
            for entity in incoming(frontier):
                entities.setdefault(entity.id, entity)
                found.extend((entity.id, e) for e in outgoing(entity) if e.target in wanted)
        new_ids = [nid for nid, _ in found if nid not in graph.nodes and nid not in entities]
        entities.update(fetch(list(dict.fromkeys(new_ids))) if new_ids else {})
        frontier = []
        for node_id, edge in found:
            if edge in seen_edges:
                continue
            if node_id not in graph.nodes:
                if len(graph.nodes) >= max_nodes:
                    graph.truncated = True
                    continue
                entity = entities.get(node_id)
                node = describe(entity, hop) if entity is not None else Node(node_id, (), hop, missing=True)
                graph.nodes[node_id] = node
                parent = edge.source if edge.target == node_id else edge.target
                graph.parents[node_id] = (parent, edge)
                frontier.append(node_id)
            if edge.source in graph.nodes and edge.target in graph.nodes:
                seen_edges.add(edge)
                graph.edges.append(edge)
    return graph
