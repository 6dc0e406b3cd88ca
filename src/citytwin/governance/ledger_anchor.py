"""Anchors: publish sealed block hashes outside the database, so a rewrite of the whole ledger is caught.

An anchor is a plug-in (:class:`Anchor`): ``publish`` receives every newly sealed block, ``anchored`` returns
what was published (height → block hash) for verification, ``receipt`` what a proof carries. The shipped
:class:`FileAnchor` appends one JSON line per block to a file that should live on other storage (another
disk, a WORM share, a file synced to another organisation); an external blockchain or a timestamping
authority (RFC 3161) plugs in the same way.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from citytwin.core.ledger import BlockHeader
from citytwin.core.timeutil import Clock, format_instant, utc_now
from citytwin.errors import BadRequestData, StorageUnavailable


@runtime_checkable
class Anchor(Protocol):
    """Somewhere outside the database that keeps sealed block hashes."""

    name: str

    def publish(self, blocks: Sequence[BlockHeader]) -> None:
        """Record these newly sealed blocks (in height order); raise StorageUnavailable on failure."""

    def anchored(self) -> dict[int, bytes]:
        """Every published block: height → block hash."""

    def receipt(self, height: int) -> dict[str, Any] | None:
        """What the anchor holds for block ``height`` (None when it was not anchored)."""


class FileAnchor:
    """Block hashes as JSON lines in an append-only file (fsynced after each publication)."""

    name = "file"

    def __init__(self, path: Path | str, *, clock: Clock = utc_now) -> None:
        self.path = Path(path)
        self.clock = clock
        self._lock = threading.Lock()

    def publish(self, blocks: Sequence[BlockHeader]) -> None:
        """Append one line per block."""
        if not blocks:
            return
        now = format_instant(self.clock())
        lines = "".join(
            json.dumps(
                {
                    "height": b.height,
                    "hash": b.hash.hex(),
                    "merkle_root": b.merkle_root.hex(),
                    "last_seq": b.last_seq,
                    "sealed_at_us": b.sealed_at_us,
                    "anchored_at": now,
                },
                separators=(",", ":"),
            )
            + "\n"
            for b in blocks
        )
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as out:
                    out.write(lines)
                    out.flush()
                    os.fsync(out.fileno())
        except OSError as err:
            raise StorageUnavailable(f"cannot write the ledger anchor file {self.path}: {err}") from err

    def _entries(self) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return found
        except OSError as err:
            raise StorageUnavailable(f"cannot read the ledger anchor file {self.path}: {err}") from err
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                found[int(item["height"])] = item
            except (ValueError, KeyError, TypeError) as err:
                raise BadRequestData(f"{self.path}:{number}: not an anchor line ({err})") from None
        return found

    def anchored(self) -> dict[int, bytes]:
        """Height → block hash of every line (a later line for a height wins)."""
        try:
            return {h: bytes.fromhex(item["hash"]) for h, item in self._entries().items()}
        except ValueError as err:
            raise BadRequestData(f"{self.path}: a block hash is not hex ({err})") from None

    def receipt(self, height: int) -> dict[str, Any] | None:
        """The line published for that block."""
        item = self._entries().get(height)
        return None if item is None else {"anchor": self.name, "path": str(self.path), **item}
