"""Entity reads: fetching rows and running queries (SQL filters, tile candidates, exact geo refinement)."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any, Literal

import numpy as np
import shapely

from citytwin.core.entities import LOCATION, Entity, check_name
from citytwin.core.query import EntityQuery, GeoFilter, QueryResult
from citytwin.storage import georefine
from citytwin.storage.codec import decode_entity, dumps, entity_scope, entity_types
from citytwin.storage.sqlite import tiles
from citytwin.storage.sqlite.anchors import Anchors, Start
from citytwin.storage.sqlite.querycompile import Params, attr_path, expired_sql, predicate_sql, where_sql

COLUMNS = "e.id, e.ptype, e.xtypes, e.scopes, e.created, e.modified, e.doc"
"""The columns :func:`decode_row` reads, in order."""


def decode_row(row: Sequence[Any], attrs: Collection[str] = ()) -> Entity:
    """An entity from a row of :data:`COLUMNS`."""
    return decode_entity(
        row[0],
        entity_types(row[1], row[2]),
        entity_scope(row[3]),
        row[6],
        created=row[4],
        modified=row[5],
        attrs=attrs,
    )


def fetch(
    conn: sqlite3.Connection, tenant: str, ids: Iterable[str], attrs: Collection[str] = ()
) -> dict[str, Entity]:
    """The entities that exist among ``ids``, keyed by id."""
    sql = (
        f"SELECT {COLUMNS} FROM entities AS e WHERE e.tenant = ? AND e.id IN (SELECT value FROM json_each(?))"
    )
    rows = conn.execute(sql, (tenant, dumps(list(ids)))).fetchall()
    return {e.id: e for e in decode_rows(rows, attrs)}


_FETCH_ONE = f"SELECT {COLUMNS} FROM entities AS e WHERE e.tenant = ? AND e.id = ?"


def fetch_one(
    conn: sqlite3.Connection, tenant: str, entity_id: str, attrs: Collection[str] = ()
) -> Entity | None:
    """One entity by id (one indexed statement), or None."""
    row = conn.execute(_FETCH_ONE, (tenant, entity_id)).fetchone()
    return None if row is None else decode_row(row, attrs)


def fetch_rids(conn: sqlite3.Connection, rids: Sequence[int], attrs: Collection[str] = ()) -> list[Entity]:
    """Entities by row id, ordered by entity id."""
    if not rids:
        return []
    rows = conn.execute(
        f"SELECT {COLUMNS} FROM entities AS e WHERE e.rid IN (SELECT value FROM json_each(?)) ORDER BY e.id",
        (dumps(list(rids)),),
    ).fetchall()
    return decode_rows(rows, attrs)


def decode_rows(rows: Sequence[Sequence[Any]], attrs: Collection[str] = ()) -> list[Entity]:
    """Entities from rows of :data:`COLUMNS`, with the cyclic GC paused while they are built.

    A page of a thousand entities is some 40k new container objects; left on, the collector would run a
    few dozen young collections and, every few queries, a full one over the whole heap (about a third of a
    query's time at city scale). Pausing only skips collections, and it is undone only if this call did it.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return [decode_row(row, attrs) for row in rows]
    finally:
        if paused:
            gc.enable()


def _geo_rows(
    conn: sqlite3.Connection, tenant: str, query: EntityQuery, where: str, p: Params
) -> list[tuple[Any, ...]]:
    """(rid, geometry, known-disjoint) rows of the candidates of a geo-query, ordered by entity id."""
    geo = query.geo
    assert geo is not None
    if geo.geoproperty != LOCATION:
        # Only the location is indexed: other GeoProperties come from the document (default instance).
        gp = p.add(attr_path(geo.geoproperty))
        sql = (
            "SELECT rid, g, 0 FROM (SELECT e.rid AS rid, e.id AS id, (SELECT json_extract(i.value, '$.v')"
            f" FROM json_each(e.doc, {gp}) AS i WHERE json_type(i.value, '$.d') IS NULL"
            " AND json_extract(i.value, '$.t') = 'GeoProperty') AS g"
            f" FROM entities AS e WHERE {where}) WHERE g IS NOT NULL ORDER BY id"
        )
        return conn.execute(sql, p.values).fetchall()
    qminx, qminy, qmaxx, qmaxy = (float(v) for v in geo.geometry.bounds)
    box = georefine.candidate_box(geo)
    test = georefine.box_test(geo)
    if test == "disjoint_if_apart":
        apart = (
            f"(e.minx > {p.add(qmaxx)} OR e.maxx < {p.add(qminx)} OR e.miny > {p.add(qmaxy)}"
            f" OR e.maxy < {p.add(qminy)})"
        )
        sql = (
            f"SELECT e.rid, CASE WHEN {apart} THEN NULL ELSE e.geom END, {apart} FROM entities AS e"
            f" WHERE {where} AND e.geom IS NOT NULL ORDER BY e.id"
        )
        return conn.execute(sql, p.values).fetchall()
    if box is None:
        sql = f"SELECT e.rid, e.geom, 0 FROM entities AS e WHERE {where} AND e.geom IS NOT NULL ORDER BY e.id"
        return conn.execute(sql, p.values).fetchall()
    spans = tiles.ranges(conn, tenant, box)
    if not spans:
        return []
    bminx, bminy, bmaxx, bmaxy = box
    extra = ""
    if test == "inside":
        extra = (
            f" AND e.minx >= {p.add(qminx)} AND e.maxx <= {p.add(qmaxx)}"
            f" AND e.miny >= {p.add(qminy)} AND e.maxy <= {p.add(qmaxy)}"
        )
    elif test == "covers":
        extra = (
            f" AND e.minx <= {p.add(qminx)} AND e.maxx >= {p.add(qmaxx)}"
            f" AND e.miny <= {p.add(qminy)} AND e.maxy >= {p.add(qmaxy)}"
        )
    # One index range scan of entities_grid per tile range; the bounds test runs on the index entries.
    sql = (
        f"SELECT e.rid, e.geom, 0 FROM json_each({p.add(dumps(spans))}) AS g CROSS JOIN entities AS e"
        " WHERE e.grid BETWEEN g.value ->> 0 AND g.value ->> 1"
        f" AND e.minx <= {p.add(bmaxx)} AND e.maxx >= {p.add(bminx)}"
        f" AND e.miny <= {p.add(bmaxy)} AND e.maxy >= {p.add(bminy)}"
        f" AND {where}{extra} ORDER BY e.id"
    )
    return conn.execute(sql, p.values).fetchall()


def _geo_matches(
    conn: sqlite3.Connection, tenant: str, query: EntityQuery, where: str, p: Params
) -> list[int]:
    rows = _geo_rows(conn, tenant, query, where, p)
    if not rows:
        return []
    geo: GeoFilter = query.geo  # type: ignore[assignment]
    raw = np.array([r[1] for r in rows], dtype=object)
    known = np.fromiter((bool(r[2]) for r in rows), dtype=bool, count=len(rows))
    if geo.geoproperty == LOCATION:
        geoms = shapely.from_wkb(raw)
    else:
        geoms = shapely.from_geojson(raw, on_invalid="ignore")
    hit = georefine.refine(geoms, geo) | known
    return [r[0] for r, ok in zip(rows, hit.tolist(), strict=True) if ok]


def _geo_page_q_late(conn: sqlite3.Connection, tenant: str, query: EntityQuery) -> list[int]:
    """One page of a geo-query with ``q``, testing ``q`` only on geometry hits, in id order, until it is full.

    ``q`` reads the stored document (a JSON parse per entity) while the geometry test runs on index columns
    and WKB; a page of 100 from a polygon with a thousand candidates needs ``q`` on little more than a
    hundred of them. Without a count, nothing past the page has to be tested.
    """
    assert query.q is not None
    p = Params()
    where = where_sql(replace(query, q=None), tenant, p)
    hits = _geo_matches(conn, tenant, query, where, p)
    want = query.offset + query.limit
    if not hits or not query.limit:
        return []
    qp = Params()
    cond = predicate_sql(query.q, qp)
    sql = (
        f"SELECT e.rid FROM entities AS e WHERE e.rid IN (SELECT value FROM json_each(:rids)) AND {cond}"
        " ORDER BY e.id"
    )
    found: list[int] = []
    start, chunk = 0, max(256, want + want // 4)
    while start < len(hits) and len(found) < want:
        part = hits[start : start + chunk]
        found.extend(r[0] for r in conn.execute(sql, {**qp.values, "rids": dumps(part)}))
        start += len(part)
        chunk *= 2  # a selective q: widen the next chunk
    return found[query.offset : want]


def matching_rids(conn: sqlite3.Connection, tenant: str, query: EntityQuery) -> list[int]:
    """Row ids of every entity that matches (paging ignored), ordered by entity id."""
    if query.live_at is not None and not _any_expired(conn, tenant, query.live_at):
        query = replace(query, live_at=None)  # the usual case: the index-only paths below stay open
    p = Params()
    where = where_sql(query, tenant, p)
    if query.geo is not None:
        return _geo_matches(conn, tenant, query, where, p)
    return [
        r[0] for r in conn.execute(f"SELECT e.rid FROM entities AS e WHERE {where} ORDER BY e.id", p.values)
    ]


def run_query(
    conn: sqlite3.Connection, tenant: str, query: EntityQuery, anchors: Anchors | None = None
) -> QueryResult:
    """One page of matching entities (by id) and the total count when asked for.

    ``anchors`` (the store's) serve deep pages and counts of a whole type or tenant without a scan.
    """
    if query.live_at is not None and not _any_expired(conn, tenant, query.live_at):
        query = replace(query, live_at=None)  # the usual case: the index-only paths below stay open
    p = Params()
    where = where_sql(query, tenant, p)
    if query.geo is not None:
        if query.q is not None and not query.count:
            page = _geo_page_q_late(conn, tenant, query)
            return QueryResult(fetch_rids(conn, page, query.attrs), None)
        rids = _geo_matches(conn, tenant, query, where, p)
        page = rids[query.offset : query.offset + query.limit]
        return QueryResult(fetch_rids(conn, page, query.attrs), len(rids) if query.count else None)
    whole = _whole_type(conn, tenant, query) if anchors is not None else False
    count = None
    if query.count:
        size = Anchors.size(conn, tenant, whole or None) if whole is not False else None
        if size is not None:
            count = size[0]
        else:
            sql = f"SELECT count(*) FROM entities AS e WHERE {where}"
            count = int(conn.execute(sql, p.values).fetchone()[0])
    entities: list[Any] = []
    if query.limit:
        start = None
        if whole is not False and anchors is not None:
            start = anchors.start(conn, tenant, whole or None, query.offset)
        if start is None:
            rids = _page_rids(conn, tenant, query, where, p)
        else:
            rids = _anchored_rids(conn, tenant, whole or None, start, query.limit)
        entities = fetch_rids(conn, rids, query.attrs)
    return QueryResult(entities, count)


def _any_expired(conn: sqlite3.Connection, tenant: str, now: datetime) -> bool:
    """Whether the tenant holds a transient entity past its expiresAt (through the partial index)."""
    p = Params()
    due = expired_sql("e", now, p)
    sql = f"SELECT 1 FROM entities AS e WHERE e.tenant = {p.add(tenant)} AND {due} LIMIT 1"
    return conn.execute(sql, p.values).fetchone() is not None


def _whole_type(conn: sqlite3.Connection, tenant: str, query: EntityQuery) -> str | Literal[False]:
    """The primary type when the query asks for all entities of one type ("" for all of the tenant).

    False when it filters on anything else, or when some entity holds the type as a further type (those are
    not in the type's primary-type order).
    """
    if (
        query.ids
        or query.id_pattern is not None
        or query.q is not None
        or query.scopes
        or query.levels
        or query.grid_prefix is not None
        or query.admin_code is not None
        or query.expired_at is not None
        or query.live_at is not None
    ):
        return False
    if not query.types:
        return ""
    if len(query.types) != 1 or len(query.types[0]) != 1:
        return False
    (name,) = query.types[0]
    further = conn.execute(
        "SELECT 1 FROM entity_types WHERE tenant = ? AND type = ? LIMIT 1", (tenant, name)
    ).fetchone()
    return False if further is not None else check_name(name)


def _anchored_rids(
    conn: sqlite3.Connection, tenant: str, ptype: str | None, start: Start, limit: int
) -> list[int]:
    if start.skip < 0:
        return []
    typed = "" if ptype is None else " AND e.ptype = :ptype"
    sql = (
        f"SELECT e.rid FROM entities AS e WHERE e.tenant = :tenant{typed} AND e.id >= :start"
        " ORDER BY e.id LIMIT :limit OFFSET :skip"
    )
    args = {"tenant": tenant, "ptype": ptype, "start": start.from_id, "limit": limit, "skip": start.skip}
    if ptype is None:
        del args["ptype"]
    return [r[0] for r in conn.execute(sql, args)]


def _page_rids(conn: sqlite3.Connection, tenant: str, query: EntityQuery, where: str, p: Params) -> list[int]:
    """Row ids of one page, found before any document is read.

    The offset is skipped over index entries alone: (tenant, id) without a type filter; with one type,
    (tenant, ptype, id) merged with the rare entities holding it as a further type (an OR of the two
    would scan the table in id order and read every skipped row).
    """
    paging = {"limit": query.limit, "offset": query.offset}
    if len(query.types) == 1 and len(query.types[0]) == 1:
        (name,) = query.types[0]
        q = Params()
        rest = where_sql(replace(query, types=()), tenant, q)
        t, ty = q.add(tenant), q.add(check_name(name))
        further = conn.execute(
            "SELECT 1 FROM entity_types WHERE tenant = ? AND type = ? LIMIT 1", (tenant, name)
        ).fetchone()
        if further is None:  # the usual case: a plain range of (tenant, ptype, id)
            sql = f"SELECT e.rid FROM entities AS e WHERE {rest} AND e.ptype = {ty} ORDER BY e.id"
            return [r[0] for r in conn.execute(f"{sql} LIMIT :limit OFFSET :offset", {**q.values, **paging})]
        sql = (
            f"SELECT e.id AS id, e.rid AS rid FROM entities AS e WHERE {rest} AND e.ptype = {ty}"
            f" UNION ALL SELECT e.id, e.rid FROM entity_types AS x CROSS JOIN entities AS e"
            f" WHERE x.tenant = {t} AND x.type = {ty} AND e.rid = x.rid AND {rest} AND e.ptype <> {ty}"
            " ORDER BY 1 LIMIT :limit OFFSET :offset"
        )
        return [r[1] for r in conn.execute(sql, {**q.values, **paging})]
    sql = f"SELECT e.rid FROM entities AS e WHERE {where} ORDER BY e.id LIMIT :limit OFFSET :offset"
    return [r[0] for r in conn.execute(sql, {**p.values, **paging})]
