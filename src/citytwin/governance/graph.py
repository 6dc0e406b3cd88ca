"""The relationship graph of a twin entity, read from a tenant store (the walk is :mod:`citytwin.core.graph`).

Outgoing edges come from the entities' own Relationship attributes. Incoming edges are found with the store's
``q`` query, one query per hop: ``locatedIn=="urn:a","urn:b"|partOf=="urn:a","urn:b"|...`` over the
relationship names imports use (:data:`DEFAULT_RELATIONSHIPS`), those imports recorded in this tenant, those
seen on the walk, and any the caller names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from citytwin.core.entities import Entity, check_name
from citytwin.core.graph import Direction, Graph, neighbourhood, relationship_names
from citytwin.core.query import Compare, EntityQuery, Or
from citytwin.governance.sources import known_relationships
from citytwin.storage.base import TenantStore

DEFAULT_RELATIONSHIPS = ("locatedIn", "partOf", "belongsTo", "servedBy", "observes", "ownedBy")
"""Relationship names imports and the admin backbone write (districts, streets, communities: ``partOf``)."""
IDS_PER_QUERY = 200


def relationship_graph(
    tenant: TenantStore,
    entity_id: str,
    *,
    depth: int = 2,
    direction: Direction = "both",
    max_nodes: int = 500,
    relationships: Iterable[str] = (),
) -> Graph:
    """Nodes and edges within ``depth`` hops of an entity (raises ResourceNotFound when it does not exist)."""
    root = tenant.get(entity_id)
    names = list(
        dict.fromkeys(
            [*DEFAULT_RELATIONSHIPS, *known_relationships(tenant), *(check_name(n) for n in relationships)]
        )
    )
    names.extend(n for n in sorted(relationship_names([root])) if n not in names)

    def incoming(ids: Sequence[str]) -> list[Entity]:
        found: dict[str, Entity] = {}
        budget = max_nodes + 1  # one more than fits tells the walk that it was cut short
        for start in range(0, len(ids), IDS_PER_QUERY):
            chunk = tuple(ids[start : start + IDS_PER_QUERY])
            q = Or(tuple(Compare((name,), "==", chunk) for name in names))
            page = tenant.query(EntityQuery(q=q, limit=budget)).entities
            for entity in page:
                found.setdefault(entity.id, entity)
            if len(found) > max_nodes:
                break
        # Names met on the way are searched from the next hop on.
        names.extend(n for n in sorted(relationship_names(found.values())) if n not in names)
        return list(found.values())

    return neighbourhood(
        root,
        depth=depth,
        fetch=tenant.get_many,
        incoming=incoming,
        direction=direction,
        max_nodes=max_nodes,
    )
