"""The dependency rule: the pure core imports no adapter, and does no I/O at import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "citytwin"
IO_MODULES = ("sqlite3", "psycopg", "socket", "urllib.request", "http.client", "paho", "starlette", "granian")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative imports make the dependency rule hard to check")
    return names


CORE_FILES = sorted((SRC / "core").rglob("*.py"))


def test_core_has_modules() -> None:
    assert len(CORE_FILES) >= 5


def violations(path: Path) -> list[str]:
    """Imports of ``path`` that break the core's dependency rule."""
    bad = []
    for name in _imports(path):
        parts = name.split(".")
        internal = parts[0] == "citytwin" and len(parts) > 1 and parts[1] not in ("core", "errors")
        if internal or any(name == m or name.startswith(m + ".") for m in IO_MODULES):
            bad.append(name)
    return bad


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_core_imports_no_adapter(path: Path) -> None:
    assert violations(path) == []


@pytest.mark.parametrize(
    "source",
    ["from citytwin.storage.base import Store", "import citytwin.api", "import sqlite3", "import paho.mqtt"],
)
def test_walker_catches_a_violation(tmp_path: Path, source: str) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(source + "\n", encoding="utf-8")
    assert violations(bad)
