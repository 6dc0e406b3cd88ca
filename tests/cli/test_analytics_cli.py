"""`citytwin indicators` and `citytwin rules` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from citytwin.cli import main
from citytwin.core.entities import Entity, prop
from citytwin.storage.registry import open_store


def test_list_filters_by_domain_and_area() -> None:
    out = CliRunner().invoke(main, ["indicators", "list", "--domain", "events", "--area", "440305007"])
    assert out.exit_code == 0, out.output
    ids = [line.split("\t")[0] for line in out.stdout.splitlines()]
    assert "sla-compliance-440305007" in ids
    assert all(i.startswith(("events-open-440305007", "sla-compliance-440305007")) for i in ids)


def test_show_and_unknown_indicator() -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["indicators", "show", "parking-occupancy-440304001"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["measure"]["online_values"] == ["occupied"]
    missing = runner.invoke(main, ["indicators", "show", "nope"])
    assert missing.exit_code != 0 and "no indicator 'nope'" in missing.output


def test_explain_reads_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twin.db'}"
    with open_store(url) as store:
        store.tenant().upsert_many(
            [
                Entity(
                    id=f"urn:ngsi-ld:ParkingSpot:p{i}",
                    types=("ParkingSpot",),
                    attrs={"adminCode": [prop("440304001001")], "status": [prop(s)]},
                )
                for i, s in enumerate(["occupied", "free", "occupied", "occupied"])
            ]
        )
    out = CliRunner().invoke(main, ["indicators", "explain", "--db", url, "parking-occupancy-440304001"])
    assert out.exit_code == 0, out.output
    explained = json.loads(out.stdout)
    assert explained["members"] == 4 and explained["value"] == 75.0
    assert explained["entitySet"]["adminCode"] == "440304001"


def test_rules_list() -> None:
    out = CliRunner().invoke(main, ["rules", "list"])
    assert out.exit_code == 0 and "elderly-no-water\tabsence\tcritical\telderly-care" in out.stdout
