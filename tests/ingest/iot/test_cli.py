"""``citytwin devices`` and ``citytwin deadletter`` on both backends."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from citytwin.cli import main
from citytwin.core.codes import device_code
from citytwin.ingest.iot.pipeline import IngestPipeline
from citytwin.storage.registry import open_store

from .conftest import PIPE, message, twins


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_import_list_show_and_dead_letters(store_url: str, tmp_path: Path) -> None:
    with open_store(store_url) as store:
        store.tenant("").upsert_many(twins())
    devices = tmp_path / "devices.csv"
    devices.write_text(
        "type,district,twin,lon,lat,name\n"
        f"water-pressure,440304,{PIPE},114.0596,22.5431,深南大道压力点\n"
        "noise,440305,,113.93,22.53,南山噪声站\n"
        "noise,440399,,,,\n",
        encoding="utf-8",
    )
    codes_out = tmp_path / "codes.csv"
    code, out, err = _run("devices", "import", str(devices), "--db", store_url, "--codes-out", str(codes_out))
    assert code == 1  # one row failed
    summary = json.loads(out)
    assert (summary["created"], summary["failed"]) == (2, 1)
    assert "440399" in summary["errors"][0]["error"]
    assert "registered 3/3 rows" in err
    rows = codes_out.read_text(encoding="utf-8").splitlines()
    pressure, noise = rows[1].split(",")[1], rows[2].split(",")[1]
    assert rows[3] == "3,"
    code, out, _ = _run("devices", "list", "--db", store_url, "--type", "noise")
    assert code == 0 and [json.loads(line)["code"] for line in out.splitlines()] == [noise]
    code, out, _ = _run("devices", "show", pressure.lower(), "--db", store_url)
    shown = json.loads(out)
    assert shown["twin"] == PIPE and shown["entity"]["name"]["value"] == "深南大道压力点"
    code, out, err = _run(
        "devices", "show", device_code.generate("440304", "W", "02", 99).code, "--db", store_url
    )
    assert code != 0 and "not registered" in (out + err)

    with open_store(store_url) as store:
        unknown = device_code.generate("440304", "W", "02", 500).code
        IngestPipeline(store).ingest(
            [
                message({"device": unknown, "values": {"pressure": 301}}),
                message({"device": noise, "values": {"laeq": 300}}),
            ]
        )
    code, out, err = _run("deadletter", "list", "--db", store_url)
    letters = [json.loads(line) for line in out.splitlines()]
    assert sorted(item["reason"] for item in letters) == ["out_of_range", "unknown_device"]
    assert json.loads(err)["counts"] == {"unknown_device": 1, "out_of_range": 1}
    code, out, _ = _run("deadletter", "list", "--db", store_url, "--device", unknown.lower())
    assert [json.loads(line)["device"] for line in out.splitlines()] == [unknown]

    fix = tmp_path / "fix.ndjson"
    fix.write_text(json.dumps({"code": unknown, "twin": PIPE}) + "\n", encoding="utf-8")
    assert _run("devices", "import", str(fix), "--db", store_url)[0] == 0
    code, out, _ = _run("deadletter", "replay", "--db", store_url, "--reason", "unknown_device")
    assert json.loads(out) == {"replayed": 1, "accepted": 1, "moved": 0, "remaining": 0}
    with open_store(store_url) as store:
        assert store.tenant("").get(PIPE).value("waterPressure") == 301
    code, out, _ = _run("deadletter", "purge", "--db", store_url)
    assert json.loads(out) == {"deleted": 1}
    code, out, _ = _run("devices", "sweep", "--db", store_url)
    assert code == 0 and json.loads(out)["checked"] == 3


def test_types_are_listed() -> None:
    code, out, _ = _run("devices", "types")
    ids = [json.loads(line)["id"] for line in out.splitlines()]
    assert code == 0 and "water-pressure" in ids and len(ids) >= 14
