"""Run the benchmarks and write docs/benchmarks.md with the machine's description.

Each ``bench/bench_*.py`` module exposes ``run(**kwargs) -> list[dict]``; a row has ``name``, ``value``,
``unit`` and optionally ``target``, ``lower_is_better`` and ``note``. Usage::

    python bench/run.py                 # everything, full size
    python bench/run.py --only grid     # modules whose name contains 'grid'
    python bench/run.py --quick         # smaller sizes (rows say so)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import os
import platform
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "benchmarks.md"
QUICK_SIZES: dict[str, dict[str, Any]] = {
    "bench_storage_sqlite": {"n": 100_000},
    "bench_storage_postgres": {"n": 100_000},
    "bench_flood": {"n": 200, "district_n": 400},
    "bench_ngsild": {"n": 100_000},
    "bench_stream": {
        "clients": 50,
        "ws_rate": 500,
        "subs": 10,
        "http_rate": 500,
        "seconds": 5,
        "client_procs": 1,
    },
    "bench_ingest_http": {"n": 20_000, "seconds": 5.0},
    "bench_geocode": {"n": 10_000},
    "bench_analytics": {"n": 30_000, "rate": 3_000, "seconds": 3, "readings": 50, "events": 10_000},
    "bench_federation": {"n": 30_000},
    "bench_governance": {"n": 10_000},
    "bench_security": {"n": 200_000, "people": 10_000},
    "bench_import": {"n": 50_000},
    "bench_ingest_mqtt": {
        "devices": 3_000,
        "seconds": 5,
        "rates": (500, 1_000),
        "batched_rate": 5_000,
        "workers": (1,),
        "samples": 50,
    },
    "bench_viewer": {"n": 20_000, "demo_n": 2_000, "load_n": 10_000},
    "bench_demo": {"scale": "demo"},
}


def machine_info() -> dict[str, str]:
    """CPU, cores, memory, OS and Python of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    pg = ""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        pg = subprocess.run(
            ["psql", "--version"], capture_output=True, text=True, timeout=5, check=False
        ).stdout
        pg = pg.strip()
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": sys.version.split()[0],
        "postgresql": pg or "not found",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load(path: Path) -> Any:
    """Import a bench module from its file."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


def verdict(row: dict[str, Any]) -> str:
    """'met' / 'missed' against the row's target, or '' without one."""
    target = row.get("target")
    value = row.get("value")
    if target is None or value is None:
        return ""
    ok = value <= target if row.get("lower_is_better") else value >= target
    return "met" if ok else "missed"


def fmt(value: Any) -> str:
    """Numbers with thousands separators and sensible precision."""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def render(
    info: dict[str, str],
    sections: dict[str, list[dict[str, Any]]],
    quick: bool,
    stamps: dict[str, str] | None = None,
    notes: dict[str, str] | None = None,
) -> str:
    """The markdown report; ``stamps``: when and on what CPU each section was measured; ``notes``: prose
    kept under a section's table."""
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python bench/run.py`). Do not edit by hand. The machine below is the"
        " latest run's; each section says when and on what CPU it was measured (sections without that line"
        " were measured earlier, on 2-core VMs of the same size).",
        "",
    ]
    out += ["## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()]
    if quick:
        out += ["", "**Quick run**: reduced sizes; see each row's note."]
    for module, rows in sections.items():
        out += [
            "",
            f"## {module}",
            "",
            *([f"Measured {stamps[module]}.", ""] if stamps and module in stamps else []),
            "| benchmark | value | unit | target | verdict | note |",
            "|---|---|---|---|---|---|",
        ]
        for row in rows:
            target = row.get("target")
            tgt = "" if target is None else ("≤ " if row.get("lower_is_better") else "≥ ") + fmt(target)
            tgt = row.get("target_text", tgt)  # a row kept from the previous report keeps its own cells
            judged = row.get("verdict_text", verdict(row))
            out.append(
                f"| {row['name']} | {fmt(row.get('value'))} | {row.get('unit', '')} | {tgt} | {judged} "
                f"| {row.get('note', '')} |"
            )
        if notes and notes.get(module):
            out += ["", notes[module]]
    return "\n".join(out) + "\n"


def main() -> int:
    """Run the selected benchmarks, print rows as they come, and write the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", action="append", default=[], help="run modules whose name contains this")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a fast check")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    info = machine_info()
    sections: dict[str, list[dict[str, Any]]] = {}
    failed = False
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and not any(o in path.stem for o in args.only):
            continue
        print(f"== {path.stem}", flush=True)
        started = time.perf_counter()
        try:
            kwargs = QUICK_SIZES.get(path.stem, {}) if args.quick else {}
            rows = load(path).run(**kwargs)
        except Exception as err:  # a failing benchmark is reported, the others still run
            traceback.print_exc()
            rows = [
                {
                    "name": f"{path.stem} failed",
                    "value": None,
                    "unit": "",
                    "note": f"{type(err).__name__}: {err}",
                }
            ]
            failed = True
        for row in rows:
            print(
                f"   {row['name']}: {fmt(row.get('value'))} {row.get('unit', '')} {verdict(row)}", flush=True
            )
        print(f"   ({time.perf_counter() - started:.1f} s)")
        sections[path.stem] = rows
    if not args.no_write:
        DOC.parent.mkdir(exist_ok=True)
        size = " (quick sizes)" if args.quick else ""
        stamps = {module: f"{info['date']} on {info['cpu']}{size}" for module in sections}
        merging = bool(args.only) and DOC.exists()
        notes: dict[str, str] = {}
        if merging:
            text = DOC.read_text(encoding="utf-8")
            # Prose under a section that was not re-run stays; a re-run section's spoke of the old numbers.
            notes = {k: v for k, v in kept_notes(text).items() if k not in sections}
            sections = merge_existing(text, sections)
            stamps = {**kept_stamps(text), **stamps}
        # A quick banner for the whole report only when the whole report is a quick run.
        report = render(info, sections, args.quick and not merging, stamps, notes)
        DOC.write_text(report, encoding="utf-8")
        print(f"wrote {DOC}")
    return 1 if failed else 0


def merge_existing(text: str, fresh: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Keep sections of modules that were not re-run (parsed back from the previous report)."""
    merged: dict[str, list[dict[str, Any]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## bench_"):
            current = line[3:].strip()
            merged[current] = []
        elif (
            current
            and line.startswith("| ")
            and not line.startswith("| benchmark")
            and not line.startswith("|---")
        ):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) >= 6:
                merged[current].append(kept_row(cells))
        elif line.startswith("## "):
            current = None
    merged.update(fresh)
    return merged


def kept_notes(text: str) -> dict[str, str]:
    """The prose under each section's table in the previous report (what follows its last row)."""
    notes: dict[str, list[str]] = {}
    current = None
    in_table = False
    for line in text.splitlines():
        if line.startswith("## "):
            current, in_table = line[3:].strip(), False
            notes[current] = []
        elif current is None:
            continue
        elif line.startswith("|"):
            in_table = True
        elif in_table:
            notes[current].append(line)
    return {k: "\n".join(v).strip() for k, v in notes.items() if "\n".join(v).strip()}


def kept_stamps(text: str) -> dict[str, str]:
    """The ``Measured …`` line of each section of the previous report."""
    stamps: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        elif current and line.startswith("Measured "):
            stamps[current] = line.removeprefix("Measured ").rstrip(".")
    return stamps


_NOTE_TARGET = re.compile(r"\s*\(target ([≥≤]) ([0-9][0-9,]*(?:\.[0-9]+)?)\)\s*$")


def kept_row(cells: list[str]) -> dict[str, Any]:
    """A row parsed back from the report: its cells as they were (target and verdict included).

    Earlier versions of this runner folded a kept row's target into its note as ``(target ≥ N)`` and dropped
    its verdict; such a row gets both back (the verdict judged from the value as written).
    """
    name, value, unit, target, judged, note = cells[:6]
    if not target:
        found = _NOTE_TARGET.search(note)
        if found:
            note = note[: found.start()].rstrip()
            target = f"{found.group(1)} {found.group(2)}"
            judged = _judge(value, found.group(1), found.group(2))
    return {"name": name, "value": value, "unit": unit, "target_text": target, "verdict_text": judged,
            "note": note}  # fmt: skip


def _judge(value: str, sign: str, target: str) -> str:
    try:
        got, want = float(value.replace(",", "")), float(target.replace(",", ""))
    except ValueError:
        return ""
    return "met" if (got <= want if sign == "≤" else got >= want) else "missed"


if __name__ == "__main__":
    sys.exit(main())
