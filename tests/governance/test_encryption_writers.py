"""Writers that open the store themselves encrypt too: ``citytwin import`` with the key in its environment."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

from citytwin.core.query import EntityQuery, types_of
from citytwin.demo.hierarchy import admin_entities
from citytwin.settings import EncryptionSettings
from citytwin.storage.registry import open_store
from tests.governance.encryption_helpers import raw_dump, settings_for
from tests.ingest.importers.conftest import write_csv


def test_an_import_run_with_a_key_in_its_environment_encrypts(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'city.db'}"
    with open_store(url, encryption=settings_for()) as store:
        assert not store.tenant().upsert_many(admin_entities()).errors
    path = write_csv(
        tmp_path / "shops.csv",
        ["shopid", "name", "contactPhone", "lon", "lat"],
        [[1, "便利店", "13812345678", 114.05, 22.54], [2, "花店", "13987654321", 114.06, 22.55]],
    )
    key = base64.b64encode(os.urandom(32)).decode()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYTWIN_ENCRYPTION_")}
    env["CITYTWIN_ENCRYPTION_KEY"] = key
    out = subprocess.run(
        [sys.executable, "-m", "citytwin.cli", "import", str(path), "--as", "PointOfInterest",
         "--category", "internet-open-data", "--db", url, "--id-column", "shopid", "--quiet"],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    dump = raw_dump(url)
    assert "便利店" in dump  # names of shops are not listed as sensitive
    assert "13812345678" not in dump and "13987654321" not in dump
    with open_store(url, encryption=EncryptionSettings(keys=None, key=key, file=None)) as store:  # type: ignore[arg-type]
        found = store.tenant().query(EntityQuery(types=types_of("PointOfInterest")))
        assert sorted(str(e.value("contactPhone")) for e in found.entities) == ["13812345678", "13987654321"]
