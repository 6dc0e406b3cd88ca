"""Entities ↔ rows of the PostgreSQL ``entities`` table, built a batch at a time.

Documents use the shared layout of :mod:`citytwin.storage.codec`, with one PostgreSQL-specific twist: the
default ``location`` GeoProperty keeps ``"v": null`` in the jsonb document while its GeoJSON text goes to the
``geojson`` column and its geometry to ``geom``: parsing the coordinates into jsonb numerics was about 40 %
of the server's JSON work in a bulk load of buildings, and the geometry column holds them anyway.
"""

from __future__ import annotations

import gc
import re
import struct
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import msgspec
import numpy as np
import shapely

from citytwin.core.entities import ADMIN_CODE, LEVEL, LOCATION, AttrType, Entity
from citytwin.core.geometry import parse_geojson
from citytwin.core.query_eval import grid_ints
from citytwin.core.timeutil import format_instant
from citytwin.errors import BadRequestData, CitytwinError, InvalidCoordinates, InvalidGeometry
from citytwin.storage.codec import admin_column, decode_entity, document, level_column, parse_locations

_ENCODER = msgspec.json.Encoder()
_NUL = re.compile(rb"(?:^|[^\\])(?:\\\\)*\\u0000")  # an escaped NUL, not an escaped backslash + "u0000"
_DECODER = msgspec.json.Decoder()
_SRID = (4326).to_bytes(4, "little")
_TEXT_OID = 25
_EMPTY_ARRAY = struct.pack(">iii", 0, 0, _TEXT_OID)
# Little-endian WKB header (byte order + type) → EWKB header with the SRID flag and SRID 4326.
_EWKB_HEAD = {
    b"\x01" + t.to_bytes(4, "little"): b"\x01" + (t | 0x20000000).to_bytes(4, "little") + _SRID
    for t in range(1, 8)
}

# Values go to COPY already in PostgreSQL's binary form, so psycopg dumps only bytes, str, int and datetime
# (all in C): text[] as array_recv reads it, jsonb as a version byte + JSON text, geometry as EWKB.
COPY_TYPES = (
    "text",
    "text",
    "text",
    "bytea",  # text[]
    "bytea",  # text[]
    "int2",
    "text",
    "int8",
    "timestamptz",
    "timestamptz",
    "bytea",  # jsonb
    "bytea",  # text (GeoJSON, UTF-8)
    "bytea",  # geometry
)
COLUMNS = (
    "tenant",
    "id",
    "type",
    "types",
    "scope",
    "level",
    "admin_code",
    "grid",
    "created_at",
    "modified_at",
    "doc",
    "geojson",
    "geom",
)
_VALUES = (
    "%s::text, %s::text, %s::text, %s::text[], %s::text[], %s::smallint, %s::text, %s::bigint,"
    " %s::timestamptz, %s::timestamptz, convert_from(%s, 'UTF8')::jsonb, convert_from(%s, 'UTF8'),"
    " ST_GeomFromEWKB(%s)"
)
INSERT = f"insert into entities ({', '.join(COLUMNS)}) values ({_VALUES})"
"""Insert one row of :meth:`Encoded.params` (small batches: cheaper than starting a COPY)."""
UPDATE = (
    f"update entities as e set type = s.type, types = s.types, scope = s.scope, level = s.level,"
    " admin_code = s.admin_code, grid = s.grid, modified_at = s.modified_at, doc = s.doc,"
    f" geojson = s.geojson, geom = s.geom from (values ({_VALUES})) as s ({', '.join(COLUMNS)})"
    " where e.tenant = s.tenant and e.id = s.id"
)
"""Update the row of one :meth:`Encoded.params` row (small batches: no stage table)."""
READ_COLUMNS = "id, types, scope, created_at, modified_at, doc, geojson"
"""The columns :func:`decode_row` reads, in order."""


@dataclass(slots=True)
class Encoded:
    """Column values of the valid entities of a batch (input order) and the errors of the others."""

    entities: list[Entity] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    errors: list[tuple[int, str, CitytwinError]] = field(default_factory=list)
    docs: list[bytes] = field(default_factory=list)
    types: list[bytes] = field(default_factory=list)
    scopes: list[bytes] = field(default_factory=list)
    geojson: list[bytes | None] = field(default_factory=list)
    levels: list[int | None] = field(default_factory=list)
    admins: list[str | None] = field(default_factory=list)
    grids: list[int | None] = field(default_factory=list)
    geoms: list[bytes | None] = field(default_factory=list)
    existing: set[str] = field(default_factory=set)
    """Ids that exist in the table already (set by the writer)."""

    def rows(self, tenant: str, created: Sequence[datetime], modified: datetime) -> list[tuple[Any, ...]]:
        """Rows in :data:`COLUMNS` order (``created`` per entity), binary values as :data:`COPY_TYPES`."""
        return [
            (tenant, e.id, e.types[0], ty, sc, lv, ad, gr, cr, modified, doc, gj, gm)
            for e, ty, sc, lv, ad, gr, cr, doc, gj, gm in zip(
                self.entities,
                self.types,
                self.scopes,
                self.levels,
                self.admins,
                self.grids,
                created,
                self.docs,
                self.geojson,
                self.geoms,
                strict=True,
            )
        ]

    def params(self, tenant: str, created: Sequence[datetime], modified: datetime) -> list[tuple[Any, ...]]:
        """Rows in :data:`COLUMNS` order as statement parameters (for :data:`INSERT` and :data:`UPDATE`)."""
        return [
            (
                tenant,
                e.id,
                e.types[0],
                list(e.types),
                list(e.scope),
                lv,
                ad,
                gr,
                cr,
                modified,
                doc[1:],
                gj,
                gm,
            )
            for e, lv, ad, gr, cr, doc, gj, gm in zip(
                self.entities,
                self.levels,
                self.admins,
                self.grids,
                created,
                self.docs,
                self.geojson,
                self.geoms,
                strict=True,
            )
        ]

    def subset(self, indices: Sequence[int]) -> Encoded:
        """The entities at these indices (errors not included)."""
        out = Encoded(existing=self.existing)
        for name in _FIELDS:
            column = getattr(self, name)
            setattr(out, name, [column[i] for i in indices])
        return out


_FIELDS = (
    "entities",
    "positions",
    "docs",
    "types",
    "scopes",
    "geojson",
    "levels",
    "admins",
    "grids",
    "geoms",
)


def stamped(entity: Entity, created: str, now: str) -> Entity:
    """A copy whose entity and top-level instance system times are those of a write at ``now``."""
    attrs = {
        name: [replace(inst, created_at=now, modified_at=now) for inst in insts]
        for name, insts in entity.attrs.items()
    }
    return Entity(entity.id, entity.types, attrs, entity.scope, created, now, entity.expires_at)


def merged(old: Entity, patch: Entity, now: str) -> Entity:
    """NGSI-LD merge: patch instances replace same-datasetId ones (keeping their createdAt), types add up."""
    types = tuple(dict.fromkeys((*old.types, *patch.types)))
    out = Entity(
        old.id,
        types,
        {n: list(i) for n, i in old.attrs.items()},
        patch.scope or old.scope,
        old.created_at,
        now,
        patch.expires_at or old.expires_at,
    )
    for name, insts in patch.attrs.items():
        for inst in insts:
            prev = out.attr(name, inst.dataset_id)
            created = prev.created_at if prev is not None and prev.created_at else now
            out.set(name, replace(inst, created_at=created, modified_at=now))
    return out


def encode(entities: Sequence[Any], *, fresh: bool) -> Encoded:
    """Validate a batch and compute documents and index columns (geometry vectorised with shapely)."""
    out = Encoded()
    locations: list[Any] = []
    to_json = _ENCODER.encode
    for pos, entity in enumerate(entities):
        try:
            if not isinstance(entity, Entity):
                raise BadRequestData(f"expected an Entity, got {type(entity).__name__}")
            doc = document(entity, fresh=fresh)  # also checks what hand-built entities may get wrong
            location = _split_location(doc)
            doc_bytes = b"\x01" + to_json(doc)
            if has_nul(doc_bytes):
                raise BadRequestData(
                    f"entity {entity.id}: PostgreSQL cannot store the NUL character (\\u0000)"
                )
            if "\x00" in entity.id:
                raise BadRequestData(f"entity id {entity.id!r}: PostgreSQL cannot store the NUL character")
            types = text_array(entity.types)
            scopes = text_array(entity.scope)
            raw_level = entity.value(LEVEL)
            level = None if raw_level is None else level_column(raw_level)
            raw_admin = entity.value(ADMIN_CODE)
            admin = None if raw_admin is None else admin_column(raw_admin)
        except CitytwinError as err:
            out.errors.append((pos, getattr(entity, "id", "?"), err))
            continue
        except (TypeError, ValueError, OverflowError) as err:
            out.errors.append(
                (pos, getattr(entity, "id", "?"), BadRequestData(f"value cannot be stored: {err}"))
            )
            continue
        out.entities.append(entity)
        out.positions.append(pos)
        out.docs.append(doc_bytes)
        out.types.append(types)
        out.scopes.append(scopes)
        out.levels.append(level)
        out.admins.append(admin)
        locations.append(location)
    _geometry(out, locations)
    out.errors.sort(key=lambda e: e[0])
    return out


@lru_cache(maxsize=4096)
def text_array(items: tuple[str, ...]) -> bytes:
    """The binary form of a one-dimensional text[] (what PostgreSQL's array_recv reads)."""
    if not items:
        return _EMPTY_ARRAY
    parts = [struct.pack(">iiiii", 1, 0, _TEXT_OID, len(items), 1)]
    for item in items:
        if "\x00" in item:
            raise BadRequestData(f"{item!r}: PostgreSQL cannot store the NUL character")
        data = item.encode()
        parts.append(struct.pack(">i", len(data)) + data)
    return b"".join(parts)


def has_nul(json_text: bytes) -> bool:
    """Whether JSON text holds an escaped NUL character, which jsonb refuses."""
    return b"\\u0000" in json_text and _NUL.search(json_text) is not None


def _split_location(doc: dict[str, Any]) -> Any:
    """Take the default location GeoProperty's value out of the document (None when there is none)."""
    for inst in doc.get(LOCATION, ()):
        if "d" not in inst:
            if inst["t"] is not AttrType.GEOPROPERTY:
                return None
            value = inst["v"]
            inst["v"] = None
            return value
    return None


def _geometry(out: Encoded, locations: list[Any]) -> None:
    """Parse the locations in one vectorised pass; entities whose location is bad move to the errors."""
    n = len(locations)
    has = np.fromiter((v is not None for v in locations), dtype=bool, count=n)
    geoms = parse_locations(locations)
    ok = has & ~shapely.is_missing(geoms)
    if ok.any():
        bounds = shapely.bounds(geoms[ok])
        inside = (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
        ok[ok] = inside & shapely.is_valid(geoms[ok]) & ~shapely.is_empty(geoms[ok])
    drop: set[int] = set()
    for i in np.flatnonzero(has & ~ok).tolist():
        # The slow path names the problem; it may also accept what the bulk readers refused.
        try:
            geoms[i] = parse_geojson(locations[i], what="GeoProperty 'location'")
            ok[i] = True
        except (InvalidGeometry, InvalidCoordinates) as err:
            out.errors.append((out.positions[i], out.entities[i].id, err))
            drop.add(i)
    grids = np.full(n, -1, dtype=np.int64)
    wkbs = np.full(n, None, dtype=object)
    if ok.any():
        points = shapely.get_coordinates(shapely.point_on_surface(geoms[ok]))
        grids[ok] = grid_ints(points[:, 0], points[:, 1])
        # 2D: the column is 2D and every predicate is planar; the GeoJSON text keeps any heights.
        wkbs[ok] = shapely.to_wkb(geoms[ok], output_dimension=2, byte_order=1)
    grid_values: list[Any] = grids.tolist()
    out.grids = grid_values if (grids >= 0).all() else [None if g < 0 else g for g in grid_values]
    head = _EWKB_HEAD
    out.geoms = [None if w is None else head[w[:5]] + w[5:] for w in wkbs.tolist()]
    to_json = _ENCODER.encode
    out.geojson = [None if v is None else to_json(v) for v in locations]
    if drop:
        kept = out.subset([i for i in range(n) if i not in drop])
        for name in _FIELDS:
            setattr(out, name, getattr(kept, name))


# -- reading -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _instant(value: datetime) -> str:
    # Rows written by one batch share their times, so formatting is mostly a cache hit.
    return format_instant(value)


def decode_rows(rows: Sequence[Sequence[Any]], attrs: Collection[str] = ()) -> list[Entity]:
    """Entities from rows of :data:`READ_COLUMNS`, without pausing for the cyclic garbage collector.

    A page of entities is thousands of small acyclic objects: each allocation burst would otherwise trigger
    collections that scan the whole heap, which made decoding two to three times slower.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return [decode_row(row, attrs) for row in rows]
    finally:
        if paused:
            gc.enable()


def decode_row(row: Sequence[Any], attrs: Collection[str] = ()) -> Entity:
    """An entity from a row of :data:`READ_COLUMNS` (jsonb arrives as raw JSON bytes)."""
    entity = decode_entity(
        row[0],
        tuple(row[1]),
        tuple(row[2]),
        row[5],
        created=_instant(row[3]),
        modified=_instant(row[4]),
        attrs=attrs,
    )
    geojson = row[6]
    if geojson is not None and LOCATION in entity.attrs:
        for inst in entity.attrs[LOCATION]:
            if inst.dataset_id is None and inst.type is AttrType.GEOPROPERTY:
                inst.value = _DECODER.decode(geojson)
    return entity
