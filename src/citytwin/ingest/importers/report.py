"""The import report: rows read, imported, rejected with reasons, registered in space, QC, timing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from citytwin.errors import BadRequestData
from citytwin.ingest.importers.model import QCIssue

MAX_LISTED = 100_000
"""Rejects / unregistered rows listed one by one in the JSON report; beyond that only counted."""


@dataclass(slots=True)
class RowNote:
    """A row that was rejected, repaired or left unregistered, with the reason."""

    row: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form."""
        return {"row": self.row, "reason": self.reason}


def reason_kind(reason: str) -> str:
    """The reason without row-specific detail (text before the first colon), for counting."""
    return reason.split(":", 1)[0].strip()


@dataclass(slots=True)
class ImportReport:
    """What an import did; ``to_dict`` is the JSON written by ``--report``."""

    file: str
    format: str = ""
    dataset: str = ""
    batch_id: str = ""
    source: str = ""
    category: str = ""
    source_crs: str | None = None
    native_crs: str | None = None
    rows_read: int = 0
    imported: int = 0
    rejected: list[RowNote] = field(default_factory=list)
    rejected_count: int = 0
    repaired: list[RowNote] = field(default_factory=list)
    repaired_count: int = 0
    registered: int = 0
    registered_by: Counter[str] = field(default_factory=Counter)
    """How rows were registered: community / street / district (spatial) or geocoded."""
    unregistered: list[RowNote] = field(default_factory=list)
    unregistered_count: int = 0
    entity_types: Counter[str] = field(default_factory=Counter)
    qc: list[QCIssue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: int = 0
    candidates: int = 0
    coverage: list[float] | None = None
    admin_codes: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    started: str | None = None
    finished: str | None = None
    seconds: float = 0.0
    committed: bool = False
    error: str | None = None

    def reject(self, row: int, reason: str) -> None:
        """Count a rejected row (listed while the list is below MAX_LISTED)."""
        self.rejected_count += 1
        if len(self.rejected) < MAX_LISTED:
            self.rejected.append(RowNote(row, reason))

    def repair(self, row: int, reason: str) -> None:
        """Count a row whose geometry was repaired."""
        self.repaired_count += 1
        if len(self.repaired) < MAX_LISTED:
            self.repaired.append(RowNote(row, reason))

    def not_registered(self, row: int, reason: str) -> None:
        """Count an imported row that could not be placed in an administrative area."""
        self.unregistered_count += 1
        if len(self.unregistered) < MAX_LISTED:
            self.unregistered.append(RowNote(row, reason))

    @property
    def declared_crs(self) -> str | None:
        """The CRS the data came in (a BIM model's map CRS, else the file's or ``--crs``)."""
        return self.native_crs or self.source_crs

    @property
    def registration_rate(self) -> float | None:
        """Registered share of the imported rows (None when nothing was imported)."""
        return None if self.imported == 0 else self.registered / self.imported

    def reject_reasons(self) -> dict[str, int]:
        """Rejects counted by kind of reason (listed rows only)."""
        return dict(Counter(reason_kind(n.reason) for n in self.rejected).most_common())

    def to_dict(self) -> dict[str, Any]:
        """The JSON report."""
        rate = self.registration_rate
        return {
            "file": self.file,
            "format": self.format,
            "dataset": self.dataset,
            "batchId": self.batch_id,
            "source": self.source,
            "category": self.category,
            "sourceCrs": self.declared_crs,
            "committed": self.committed,
            "error": self.error,
            "rowsRead": self.rows_read,
            "imported": self.imported,
            "rejected": {
                "count": self.rejected_count,
                "reasons": self.reject_reasons(),
                "rows": [n.to_dict() for n in self.rejected],
            },
            "repaired": {"count": self.repaired_count, "rows": [n.to_dict() for n in self.repaired]},
            "registration": {
                "registered": self.registered,
                "unregistered": self.unregistered_count,
                "rate": None if rate is None else round(rate, 6),
                "by": dict(self.registered_by),
                "unregisteredRows": [n.to_dict() for n in self.unregistered],
            },
            "entityTypes": dict(self.entity_types),
            "qc": [q.to_dict() for q in self.qc],
            "warnings": self.warnings,
            "governance": {"candidates": self.candidates, "conflicts": self.conflicts},
            "coverage": self.coverage,
            "adminCodes": self.admin_codes,
            "metadata": self.metadata,
            "started": self.started,
            "finished": self.finished,
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        """A few human-readable lines for the terminal."""
        state = "committed" if self.committed else f"NOT committed ({self.error})"
        rate = self.registration_rate
        lines = [
            f"import of {self.file} ({self.format}) as dataset {self.dataset}: {state}",
            f"  rows read {self.rows_read:,}, imported {self.imported:,}, rejected {self.rejected_count:,}"
            + (f", geometries repaired {self.repaired_count:,}" if self.repaired_count else ""),
            f"  registered in space {self.registered:,}, unregistered {self.unregistered_count:,}"
            + ("" if rate is None else f" (rate {rate:.1%})")
            + (f"; by {dict(self.registered_by)}" if self.registered_by else ""),
        ]
        if self.entity_types:
            lines.append("  entities: " + ", ".join(f"{n:,} {t}" for t, n in self.entity_types.items()))
        for kind, count in list(self.reject_reasons().items())[:5]:
            lines.append(f"  rejected {count:,}: {kind}")
        if self.qc:
            checks = Counter(q.check for q in self.qc)
            lines.append("  QC: " + ", ".join(f"{n} {c}" for c, n in checks.items()))
        if self.conflicts or self.candidates:
            lines.append(f"  one datum one source: {self.candidates} candidates, {self.conflicts} conflicts")
        lines.extend(f"  warning: {w}" for w in self.warnings[:5])
        lines.append(f"  {self.seconds:.1f} s")
        return "\n".join(lines)


class ImportFailed(BadRequestData):
    """The import was aborted and committed nothing; ``report`` says what was read and why."""

    title = "Import failed"

    def __init__(self, detail: str, report: ImportReport) -> None:
        super().__init__(detail)
        self.report = report


def parse_max_rejects(text: str | None) -> int | float | None:
    """``--max-rejects``: a count (``100``) or a share of rows (``0.05`` or ``5%``)."""
    if text is None or not text.strip():
        return None
    raw = text.strip()
    try:
        if raw.endswith("%"):
            share = float(raw[:-1]) / 100
        elif raw.isdigit():
            return int(raw)
        else:
            share = float(raw)
    except ValueError:
        raise BadRequestData(f"--max-rejects must be a count or a ratio, got {text!r}") from None
    if not 0 <= share < 1:
        raise BadRequestData(f"--max-rejects ratio must be in [0, 1), got {text!r}")
    return share
