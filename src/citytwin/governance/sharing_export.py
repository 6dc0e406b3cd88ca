"""Bulk exports of a share agreement: GeoPackage, CSV and NDJSON files of what the agreement lets through.

The entities are read through the policy engine as the agreement's job subject (``share:<id>``, action
``export``): :class:`~citytwin.governance.export.ExportingTenantStore` decides reads by the ``export``
action, so rows, attributes and masking are exactly what the agreement's rule (and any deny rule of the
policy) allows, paged and filtered as the API's queries are.

Files go to ``<export_dir>/<agreement>/<stamp>-<agreement>.<format>``, every format written from one read by
:func:`citytwin.ingest.exporters.write_formats` (under temporary names, renamed once all are complete), with
a manifest ``<stamp>-<agreement>.json`` naming the agreement, purpose, expiry, entity count and each file's
SHA-256. The file formats are those of :mod:`citytwin.ingest.exporters`; the GeoPackage layer is named after
the agreement.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from citytwin.core.entities import Entity
from citytwin.core.query import EntityQuery, types_of
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, ResourceNotFound
from citytwin.governance.enforce import Enforcement, iter_visible
from citytwin.governance.enforce_context import RequestContext
from citytwin.governance.enforce_policy import PolicyRegistry
from citytwin.governance.export import ExportingTenantStore
from citytwin.governance.ledger_writer import data_digest
from citytwin.governance.sharing import ShareAgreement
from citytwin.governance.sharing_monitor import UsageMonitor, Use
from citytwin.ingest.exporters import write_formats
from citytwin.storage.base import Store

_NAME_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def job_store(store: Store, policies: PolicyRegistry, agreement: ShareAgreement) -> ExportingTenantStore:
    """The provider tenant as the agreement's job subject may export it."""
    ctx = RequestContext(agreement.job_subject, purpose=agreement.purpose)
    enforcement = Enforcement(policies, record=None, read_mode="off")
    return ExportingTenantStore(store.tenant(agreement.provider), ctx, enforcement, store.scheme)


def scope_query(agreement: ShareAgreement) -> EntityQuery:
    """The query of the agreement's scope (the policy view narrows it further)."""
    return EntityQuery(types=types_of(*agreement.scope.types) if agreement.scope.types else ())


def shared_entities(store: Store, policies: PolicyRegistry, agreement: ShareAgreement) -> Iterator[Entity]:
    """Every entity the agreement shares, filtered and masked by policy, in id order."""
    yield from iter_visible(job_store(store, policies, agreement), scope_query(agreement))


@dataclass(frozen=True, slots=True)
class ExportFile:
    """One written file."""

    format: str
    name: str
    bytes: int
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"format": self.format, "name": self.name, "bytes": self.bytes, "sha256": self.sha256}


@dataclass(slots=True)
class ExportResult:
    """What one export wrote."""

    agreement: str
    at: datetime
    entities: int
    attributes: list[str]
    files: list[ExportFile] = field(default_factory=list)

    @property
    def bytes(self) -> int:
        """Total size of the files."""
        return sum(f.bytes for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (also the manifest's)."""
        return {
            "agreement": self.agreement,
            "exportedAt": format_instant(self.at),
            "entities": self.entities,
            "attributes": self.attributes,
            "bytes": self.bytes,
            "files": [f.to_dict() for f in self.files],
        }


def _stamp(at: datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%S") + f"{at.microsecond // 1000:03d}Z"


def run_export(
    store: Store,
    policies: PolicyRegistry,
    agreement: ShareAgreement,
    export_dir: Path,
    *,
    actor: str,
    monitor: UsageMonitor | None = None,
    formats: tuple[str, ...] | None = None,
    request_id: str = "",
    clock: Clock = utc_now,
) -> ExportResult:
    """Export what the agreement shares into files; counted and ledgered as one ``export`` use."""
    if "export" not in agreement.modes:
        raise BadRequestData(f"share agreement {agreement.id} does not include the export mode")
    if not agreement.in_force(clock()):
        raise ResourceNotFound(f"share agreement {agreement.id} is not in force")
    wanted = formats or (agreement.export.formats if agreement.export is not None else ("ndjson",))
    at = clock()
    folder = export_dir / agreement.id
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{_stamp(at)}-{agreement.id}"
    targets = {fmt: folder / f"{base}.{fmt}" for fmt in dict.fromkeys(wanted)}
    written = write_formats(shared_entities(store, policies, agreement), targets, layer=agreement.id)
    first = next(iter(written.values()))
    result = ExportResult(agreement.id, at, first.count, first.attributes)
    for fmt, item in written.items():
        result.files.append(ExportFile(fmt, targets[fmt].name, item.bytes, item.sha256))
    manifest = {
        **result.to_dict(),
        "purpose": agreement.purpose,
        "provider": {"tenant": agreement.provider},
        "consumer": agreement.consumer.key,
        "expiresAt": format_instant(agreement.expires_at),
    }
    (folder / f"{base}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
    if monitor is not None:
        monitor.record(
            agreement,
            Use(
                "export",
                result.entities,
                result.bytes,
                actor,
                at,
                request_id=request_id,
                attributes=tuple(result.attributes),
                digest=data_digest(result.to_dict()),
                detail=base,
            ),
        )
    return result


def list_exports(export_dir: Path, agreement_id: str) -> list[dict[str, Any]]:
    """The manifests of an agreement's exports, newest first."""
    folder = export_dir / agreement_id
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.json"), reverse=True):
        try:
            out.append(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            continue
    return out


def export_file(export_dir: Path, agreement_id: str, name: str) -> Path:
    """The path of one exported file (ResourceNotFound for anything else, including path tricks)."""
    if not name or not set(name) <= _NAME_OK or name.startswith("."):
        raise ResourceNotFound(f"export {name} not found")
    path = export_dir / agreement_id / name
    if not path.is_file():
        raise ResourceNotFound(f"export {name} not found")
    return path
