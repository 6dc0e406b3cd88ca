"""The import pipeline: read → convert → validate → map → register → govern → write, all or nothing.

Batches flow through one at a time; the store writes each on a writer thread while the next one is read and
mapped. Everything a batch writes is tracked by :class:`StagedWrite` (in an on-disk undo log); any failure,
or a reject policy that says stop, undoes the whole import, so a failed import commits nothing. The catalog
record and the lineage of the batch are written last. What the run keeps per row is small: a 20-byte
fingerprint and row number per admitted id (:class:`SeenIds`, for duplicates), and the first ids for the
lineage; ids are hashed, registered and mapped a batch at a time.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from citytwin.core.codes.beidou_vector import encode_many
from citytwin.core.crs import WGS84, parse_crs
from citytwin.core.entities import Attribute, AttrType, Entity
from citytwin.core.gcpause import gc_paused
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, CitytwinError
from citytwin.governance.lineage import MAX_LISTED_IDS
from citytwin.ingest.importers.atomic import StagedWrite
from citytwin.ingest.importers.formats import open_reader
from citytwin.ingest.importers.geometry import check_geometries, representative_points
from citytwin.ingest.importers.govern import Governance, check_category
from citytwin.ingest.importers.mapping import (
    DATASET_NAMESPACE,
    IdMaker,
    check_type,
    default_level,
    geojson_many,
    new_entity,
    place,
)
from citytwin.ingest.importers.model import (
    CHUNK,
    ImportOptions,
    Progress,
    ProgressCallback,
    Reader,
    SourceRecord,
)
from citytwin.ingest.importers.register import AdminIndex, Area, Geocoded, Geocoder
from citytwin.ingest.importers.relationships import Relationships, parse_rules
from citytwin.ingest.importers.report import ImportFailed, ImportReport
from citytwin.ingest.importers.seen import SeenIds, fingerprints, subset
from citytwin.ingest.importers.targets import Pending, TargetCheck
from citytwin.storage.base import TenantStore
from citytwin.storage.codec import KnownLocations

MAX_WARNINGS = 1000
_SLUG = re.compile(r"[^0-9A-Za-z_\-]+")


def dataset_id(path: Path) -> str:
    """The default dataset id: the file name without its extensions, as a slug."""
    stem = path.name.split(".")[0] or path.stem
    return _SLUG.sub("-", stem).strip("-").lower() or "dataset"


def _noop(_: Progress) -> None:
    return None


class _Run:
    """State of one import run."""

    def __init__(
        self,
        reader: Reader,
        tenant: TenantStore,
        options: ImportOptions,
        report: ImportReport,
        *,
        governance: Governance,
        clock: Clock,
    ) -> None:
        self.reader = reader
        self.tenant = tenant
        self.options = options
        self.report = report
        self.entity_type = options.entity_type or reader.default_type or ""
        self.ids = IdMaker(options.owner_code)
        self.id_key = reader.columns.get(options.id_column, options.id_column) if options.id_column else None
        self.crs = report.source_crs or WGS84
        if reader.native_crs is not None and options.crs is not None:
            report.warnings.append(f"--crs is ignored: the {reader.format} file is georeferenced itself")
        self.admin = AdminIndex.from_store(tenant)
        self.geocoder = Geocoder(tenant)
        self.staged = StagedWrite(tenant)
        self.seen = SeenIds()
        self.noted: set[int] = set()
        self.native: dict[str, str] = {}
        self.rejected_natives: set[str] = set()
        self.entity_ids: list[str] = []
        """The first MAX_LISTED_IDS + 1 ids written (the lineage lists them only up to MAX_LISTED_IDS)."""
        self.entity_count = 0
        self.bounds = [np.inf, np.inf, -np.inf, -np.inf]
        self.districts: set[str] = set()
        self.governance = governance
        self.clock = clock
        self.relationships = Relationships(
            parse_rules(options.relationships), reader.columns, self.ids, Path(report.file).name
        )
        if options.check_targets and not self.relationships:
            raise BadRequestData("--check-targets checks the targets of --relationship columns: give one")
        self.targets = TargetCheck(tenant) if options.check_targets else None

    # -- one batch --------------------------------------------------------------------------------------
    def batch(self, records: list[SourceRecord]) -> None:
        """Check, key, place, govern and write one batch of records."""
        report = self.report
        report.rows_read += len(records)
        checked = check_geometries([r.geometry for r in records], self.crs)
        geoms = checked.geoms
        keyed = self._ids(records)
        candidates = [pos for pos, (entity_id, _) in enumerate(keyed) if entity_id is not None]
        candidate_ids = [keyed[pos][0] or "" for pos in candidates]
        prints = fingerprints(candidate_ids)
        earlier: dict[int, int] = {}
        if self.seen:
            found = self.seen.rows_of(candidate_ids, prints)
            earlier = dict(zip(candidates, found.tolist(), strict=True))
        here: dict[str, int] = {}
        keep: list[int] = []
        kept_prints: list[int] = []
        ids: list[str] = []
        rows: list[int] = []
        related: list[dict[str, Attribute]] = []
        requires_location = self.reader.requires_location
        print_at = {pos: k for k, pos in enumerate(candidates)}
        for pos, record in enumerate(records):
            reason = record.problem or checked.rejects.get(pos)
            entity_id = None
            if reason is None:
                entity_id, reason = keyed[pos]
                if entity_id is not None:
                    first = here.get(entity_id)
                    if first is None and earlier.get(pos, -1) >= 0:
                        first = earlier[pos]
                    if first is not None:
                        entity_id, reason = None, f"duplicate id: {entity_id} (first at row {first})"
            if reason is None and geoms[pos] is None and not record.address and requires_location:
                reason = "missing coordinates"
            links: dict[str, Attribute] = {}
            if reason is None and self.relationships:
                links, reason = self.relationships.resolve(record.properties)
            if reason is not None:
                report.reject(record.row, reason)
                if record.native_id is not None:
                    self.rejected_natives.add(record.native_id)
                continue
            assert entity_id is not None
            if pos in checked.repairs:
                report.repair(record.row, checked.repairs[pos])
            here[entity_id] = record.row
            if record.native_id is not None:
                self.native[record.native_id] = entity_id
            keep.append(pos)
            kept_prints.append(print_at[pos])
            ids.append(entity_id)
            rows.append(record.row)
            related.append(links)
        self.seen.add(ids, rows, subset(prints, kept_prints))
        self.check_policy()
        if self.targets is not None and keep:
            pending = [
                Pending(records[p], geoms[p], i, r) for p, i, r in zip(keep, ids, related, strict=True)
            ]
            self._write_pending(self.targets.admit(pending, self.seen))
            return
        if not keep:
            return
        self._write([records[i] for i in keep], geoms[np.array(keep, dtype=np.int64)], ids, related)

    def release_held(self) -> None:
        """At the end of the import: reject rows whose relationship targets never came, write the others."""
        if self.targets is None:
            return
        ready, rejected = self.targets.release(self.seen)
        for item in rejected:
            self.report.reject(item.row, item.reason)
            self.seen.discard(item.entity_id)
        for start in range(0, len(ready), CHUNK):
            self._write_pending(ready[start : start + CHUNK])

    def _write_pending(self, rows: list[Pending]) -> None:
        if not rows:
            return
        geoms = np.empty(len(rows), dtype=object)
        geoms[:] = [r.geometry for r in rows]
        self._write([r.record for r in rows], geoms, [r.entity_id for r in rows], [r.related for r in rows])

    def _write(
        self, kept: list[SourceRecord], kept_geoms: Any, ids: list[str], related: list[dict[str, Attribute]]
    ) -> None:
        """Geocode, register, govern and write admitted rows."""
        report = self.report
        self.noted.clear()
        geocoded = self._geocode(kept, kept_geoms)
        lng, lat = representative_points(kept_geoms)
        areas = self.admin.locate(lng, lat) if self.admin else [None] * len(kept)
        grids = _grid_codes(lng, lat)
        locations = geojson_many(kept_geoms)
        self._extend_bounds(kept_geoms)
        entities = []
        for i, record in enumerate(kept):
            entity = self._entity(
                record, ids[i], location=locations[i], area=areas[i], grid=grids[i], match=geocoded.get(i)
            )
            entity.attrs.update((name, [attribute]) for name, attribute in related[i].items())
            entities.append(entity)
        before = self.staged.lookup(ids)
        entities = self.governance.apply(entities, before)
        # The store takes the geometries as they are (checked, in WGS84) instead of parsing the GeoJSON of
        # each location again.
        self.staged.write(
            entities, before, known=KnownLocations(locations, kept_geoms, np.column_stack((lng, lat)))
        )
        self.geocoder.add(entities)
        if self.entity_count <= MAX_LISTED_IDS:
            self.entity_ids.extend(ids[: MAX_LISTED_IDS + 1 - len(self.entity_ids)])
        self.entity_count += len(ids)
        report.imported += len(entities)

    def _ids(self, records: list[SourceRecord]) -> list[tuple[str | None, str | None]]:
        """The id of each record, or why it has none (duplicates are found by the caller).

        Ids are hashed a batch at a time: ``--id-column`` values under the import's type together
        (``IdMaker.for_values``), native ids and row numbers by type and namespace (``IdMaker.for_keys``);
        whatever those leave (URNs, city codes, bad values) goes one by one, with the reason it fails.
        """
        out: list[tuple[str | None, str | None]] = [(None, None)] * len(records)
        key = self.id_key
        valued: list[int] = []
        natural: dict[tuple[str, str], tuple[list[int], list[str]]] = {}
        for pos, record in enumerate(records):
            if key is not None and record.entity_type is None:
                if record.properties.get(key) is not None:
                    valued.append(pos)
                continue
            entity_type = record.entity_type or self.entity_type
            group, natural_id = self._natural_key(record.native_id, record.row)
            where, ids = natural.setdefault((entity_type, group), ([], []))
            where.append(pos)
            ids.append(natural_id)
        if key is not None and valued:
            values = [records[pos].properties[key] for pos in valued]
            for pos, entity_id in zip(valued, self.ids.for_values(self.entity_type, values), strict=True):
                out[pos] = (entity_id, None)
        for (entity_type, namespace), (where, ids) in natural.items():
            for pos, entity_id in zip(where, self.ids.for_keys(entity_type, ids, namespace), strict=True):
                out[pos] = (entity_id, None)
        for pos, record in enumerate(records):
            if out[pos][0] is None:
                out[pos] = self._id(record)
        return out

    def _id(self, record: SourceRecord) -> tuple[str | None, str | None]:
        entity_type = record.entity_type or self.entity_type
        try:
            if self.id_key is not None and record.entity_type is None:
                value = record.properties.get(self.id_key)
                if value is None:
                    return None, f"missing id: column {self.options.id_column!r} is empty"
                return self.ids.for_value(entity_type, value), None
            return self._native_id(entity_type, record.native_id, record.row), None
        except CitytwinError as err:
            return None, f"bad id: {err.detail}"

    def _geocode(self, records: list[SourceRecord], geoms: Any) -> dict[int, Geocoded]:
        """Place rows that have an address but no geometry; unmatched ones are noted, never dropped."""
        todo = [i for i, r in enumerate(records) if geoms[i] is None and r.address]
        if not todo:
            return {}
        found: dict[int, Geocoded] = {}
        results = self.geocoder.geocode([records[i].address or "" for i in todo])
        for i, (match, reason) in zip(todo, results, strict=True):
            if match is None:
                self.report.not_registered(records[i].row, reason)
                self.noted.add(records[i].row)
                continue
            found[i] = match
            geoms[i] = shapely.Point(match.lng, match.lat)
        return found

    def _entity(
        self,
        record: SourceRecord,
        entity_id: str,
        *,
        location: dict[str, Any] | None,
        area: Area | None,
        grid: str | None,
        match: Geocoded | None,
    ) -> Entity:
        entity_type = record.entity_type or self.entity_type
        level = record.level or self.options.level or default_level(entity_type)
        entity = new_entity(
            entity_id,
            entity_type,
            level,
            location=location,
            properties=record.properties,
            extra=record.attributes,
        )
        for name, link in record.links.items():
            target = self._link_target(link.native_id, link.entity_type)
            if target is not None:
                entity.attrs[name] = [Attribute(AttrType.RELATIONSHIP, target)]
        admin_code = area.admin_code if area is not None else None
        located_in = area.entity_id if area is not None else None
        if match is not None:
            grid = match.grid_code or grid
            admin_code = admin_code or match.admin_code
            entity.attrs["geocodeScore"] = [Attribute(AttrType.PROPERTY, round(match.score, 4))]
            entity.attrs["geocodeLevel"] = [Attribute(AttrType.PROPERTY, match.level)]
            if match.entity_id is not None:
                entity.attrs["registeredTo"] = [Attribute(AttrType.RELATIONSHIP, match.entity_id)]
        place(entity, admin_code, located_in, grid)
        self._count_registration(record, location, area, match, admin_code)
        self.report.entity_types[entity_type] += 1
        return entity

    def _link_target(self, native_id: str, entity_type: str | None) -> str | None:
        found = self.native.get(native_id)
        if found is not None:
            return found
        if native_id in self.rejected_natives:
            self.report.warnings.append(f"relationship to rejected record {native_id} left out")
            return None
        return self._native_id(entity_type or self.entity_type, native_id, 0)

    def _native_id(self, entity_type: str, native_id: str | None, row: int) -> str:
        """The id of a record keyed by its native id (dataset-scoped unless global) or its row number."""
        namespace, natural_id = self._natural_key(native_id, row)
        return self.ids.for_key(entity_type, natural_id, namespace)

    def _natural_key(self, native_id: str | None, row: int) -> tuple[str, str]:
        """(namespace, natural id) of a record keyed by its native id or its row number."""
        if native_id is None:
            return DATASET_NAMESPACE, f"{self.report.dataset}#{row}"
        namespace = self.reader.id_namespace
        if namespace is not None:
            return namespace, native_id
        return DATASET_NAMESPACE, f"{self.report.dataset}/{native_id}"

    def _count_registration(
        self,
        record: SourceRecord,
        location: dict[str, Any] | None,
        area: Area | None,
        match: Geocoded | None,
        admin_code: str | None,
    ) -> None:
        report = self.report
        if admin_code is None:
            if record.row in self.noted:
                pass  # already listed with the geocoder's reason
            elif location is None:
                report.not_registered(record.row, "no coordinates and no address")
            elif not self.admin:
                report.not_registered(
                    record.row, "the twin holds no administrative areas with boundaries to register to"
                )
            else:
                report.not_registered(record.row, "outside every administrative area of the twin")
            return
        report.registered += 1
        report.registered_by["geocoded" if match is not None or area is None else area.level] += 1
        self.districts.add(admin_code[:6])

    def _extend_bounds(self, geoms: Any) -> None:
        present = ~shapely.is_missing(geoms)
        if not present.any():
            return
        b = shapely.bounds(geoms[present])
        self.bounds = [
            min(self.bounds[0], float(b[:, 0].min())),
            min(self.bounds[1], float(b[:, 1].min())),
            max(self.bounds[2], float(b[:, 2].max())),
            max(self.bounds[3], float(b[:, 3].max())),
        ]

    # -- policy ------------------------------------------------------------------------------------------
    def check_policy(self, final: bool = False) -> None:
        """ImportFailed when the rejects so far break ``--strict`` / ``--max-rejects`` (ratios at the end)."""
        report, options = self.report, self.options
        count = report.rejected_count
        if count == 0:
            return
        first = report.rejected[0] if report.rejected else None
        where = f"; first at row {first.row}: {first.reason}" if first else ""
        if options.strict:
            raise ImportFailed(f"--strict: {count} row(s) rejected{where}", report)
        limit = options.max_rejects
        if isinstance(limit, int) and count > limit:
            raise ImportFailed(f"{count} rows rejected, more than --max-rejects {limit}{where}", report)
        if final and isinstance(limit, float) and count / max(report.rows_read, 1) > limit:
            raise ImportFailed(
                f"{count} of {report.rows_read} rows rejected ({count / report.rows_read:.1%}), more than "
                f"--max-rejects {limit:.1%}{where}",
                report,
            )


def _grid_codes(lng: Any, lat: Any) -> list[str | None]:
    out: list[str | None] = [None] * len(lng)
    ok = np.isfinite(lng) & np.isfinite(lat) & (np.abs(lat) < 88)
    if ok.any():
        codes = encode_many(lng[ok], lat[ok], 10).tolist()
        for pos, code in zip(np.flatnonzero(ok).tolist(), codes, strict=True):
            out[pos] = code
    return out


def run_import(
    path: str | Path,
    tenant: TenantStore,
    options: ImportOptions,
    *,
    progress: ProgressCallback | None = None,
    clock: Clock = utc_now,
    chunk: int = CHUNK,
    batch_id: str | None = None,
) -> ImportReport:
    """Import one file into a tenant's twin; returns the report or raises ImportFailed (nothing committed).

    ``batch_id`` names the import batch (default: a new ``urn:ngsi-ld:ImportBatch:<uuid>``).
    """
    notify = progress or _noop
    path = Path(path)
    started = time.perf_counter()
    at = clock()
    check_category(options.category)
    if options.entity_type is not None:
        check_type(options.entity_type)
    reader = open_reader(path, options)
    if not (options.entity_type or reader.default_type):
        raise BadRequestData(
            f"give the entity type of the rows of {path.name} with --as TYPE (e.g. Building)"
        )
    if options.id_column is not None and reader.columns and options.id_column not in reader.columns:
        columns = list(reader.columns)
        raise BadRequestData(
            f"--id-column {options.id_column!r} is not a column of {path.name}; columns: {columns}"
        )
    dataset = options.dataset or dataset_id(path)
    report = ImportReport(
        file=str(path),
        format=reader.format,
        dataset=dataset,
        batch_id=batch_id or f"urn:ngsi-ld:ImportBatch:{uuid.uuid4()}",
        source=options.source or dataset,
        category=options.category,
        source_crs=parse_crs((reader.crs if reader.native_crs else options.crs or reader.crs) or WGS84),
        native_crs=reader.native_crs,
        started=format_instant(at),
        metadata=dict(reader.metadata),
    )
    report.warnings.extend(reader.warnings)
    governance = Governance(
        tenant,
        source=report.source,
        batch_id=report.batch_id,
        category=report.category,
        dataset=report.dataset,
        at=at,
        clock=clock,
    )
    governance.check(report, options)
    run = _Run(reader, tenant, options, report, governance=governance, clock=clock)
    try:
        # The collector stays off while batches are built and written (the store writes on another thread:
        # pausing per batch would switch it on while the other thread still builds). What a batch makes
        # is acyclic and freed by reference counting; the collector runs again once all are written.
        with gc_paused():
            for records in reader.records(chunk):
                run.batch(records)
                # Mapped rows go to the writer thread a batch ahead of what it has written: say both.
                written = f"{report.imported:,} imported, {run.staged.written:,} written"
                notify(Progress("import", report.rows_read, reader.total, written))
            run.release_held()
            run.check_policy(final=True)
            run.staged.flush()  # every entity committed before the catalog and lineage say so
        report.qc.extend(reader.qc)
        report.warnings.extend(reader.warnings)
        _finish(run, started)
        notify(Progress("commit", report.imported, report.imported, "catalog and lineage"))
        governance.commit(report, options, run.entity_ids, run.entity_count)
    except BaseException as err:
        problems = run.staged.rollback()
        reader.cleanup(committed=False)
        report.committed = False
        report.imported = 0
        report.qc = list(reader.qc)
        report.error = err.detail if isinstance(err, CitytwinError) else f"{type(err).__name__}: {err}"
        if problems:
            report.warnings.append("rollback incomplete: " + "; ".join(problems[:5]))
        report.seconds = time.perf_counter() - started
        if isinstance(err, ImportFailed):
            raise
        if isinstance(err, CitytwinError):
            raise ImportFailed(
                f"import of {path.name} failed, nothing committed: {err.detail}", report
            ) from err
        raise
    report.committed = True
    run.staged.close()
    reader.cleanup(committed=True)
    notify(Progress("done", report.imported, report.imported, report.summary().splitlines()[0]))
    return report


def _finish(run: _Run, started: float) -> None:
    report = run.report
    warnings = list(dict.fromkeys(report.warnings))
    if len(warnings) > MAX_WARNINGS:
        warnings = [*warnings[:MAX_WARNINGS], f"... and {len(warnings) - MAX_WARNINGS} more warnings"]
    report.warnings = warnings
    if np.isfinite(run.bounds).all():
        report.coverage = [round(v, 7) for v in run.bounds]
    report.admin_codes = sorted(run.districts)
    report.finished = format_instant(run.clock())
    report.seconds = time.perf_counter() - started
    report.conflicts = run.governance.conflicts
    report.candidates = run.governance.candidates
