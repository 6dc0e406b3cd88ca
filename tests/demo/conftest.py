"""A tiny generated demo city, built and loaded once per session (SQLite), for the demo tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from citytwin.demo.generate import Generated, build
from citytwin.demo.generate_load import load
from citytwin.demo.generate_scale import SCALES
from citytwin.storage.registry import open_store

TODAY = date(2026, 6, 1)


@dataclass
class TinyCity:
    generated: Generated
    db: Path
    summary: dict[str, Any]


@pytest.fixture(scope="session")
def tiny_city(tmp_path_factory: pytest.TempPathFactory) -> TinyCity:
    root = tmp_path_factory.mktemp("tiny-city")
    generated = build(SCALES["tiny"], root / "files", today=TODAY, progress=lambda _: None)
    db = root / "twin.db"
    with open_store(f"sqlite:///{db}") as store:
        summary = load(store, generated, raster_dir=root / "rasters", progress=lambda _: None)
    return TinyCity(generated, db, summary)


@pytest.fixture
def tiny_db(tiny_city: TinyCity, tmp_path: Path) -> Iterator[str]:
    """A private copy of the loaded tiny city, so a test can write to it."""
    copy = tmp_path / "twin.db"
    shutil.copy(tiny_city.db, copy)
    yield f"sqlite:///{copy}"
