"""docs/devices.md stays true: its codes validate, its tables list every shipped type and every reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

from citytwin.core.codes import device_code
from citytwin.core.devices import Reason
from citytwin.ingest.iot import readings
from citytwin.ingest.iot.catalog import shipped_types

DOC = (Path(__file__).resolve().parents[3] / "docs" / "devices.md").read_text(encoding="utf-8")
CODE = re.compile(r"\b\d{6}[A-Z][0-9A-Z]{2}\d{7}[0-9A-Z]\b")


def test_every_code_in_the_doc_is_valid_except_the_documented_typo() -> None:
    codes = set(CODE.findall(DOC))
    assert len(codes) >= 4
    bad = {c for c in codes if not device_code.validate(c).valid}
    assert bad == {"440304W020000001X"}  # the example of a failed check
    assert "check character should be D, got X" in DOC
    assert device_code.validate("440304W020000001X").reason == "check character should be D, got X"
    assert device_code.generate("440304", "water", "02", 1).code == "440304W020000001D"
    assert device_code.generate("440305", "camera", "01", 12345).code == "440305C010012345M"
    assert device_code.normalize("440304-w-02-0000001-d") == "440304W020000001D"


def test_the_type_table_lists_every_shipped_type_with_its_prefix_and_interval() -> None:
    for kind in shipped_types().values():
        interval = "—" if kind.reporting_interval_s is None else f"{kind.reporting_interval_s:g}"
        row = f"| `{kind.id}` | {kind.name_zh} | `{kind.domain}{kind.code}` | {interval} |"
        assert row in DOC, row
        for name, spec in kind.fields.items():
            assert f"`{name}`" in DOC, (kind.id, name)
            if spec.unit:
                assert spec.unit in DOC


def test_the_reason_table_lists_every_reason() -> None:
    for reason in Reason:
        assert f"| `{reason.value}` |" in DOC, reason


def test_the_payload_examples_decode() -> None:
    block = DOC.split("A payload is JSON in one of three shapes:")[1].split("```json")[1].split("```")[0]
    for line in filter(None, (ln.strip() for ln in block.splitlines())):
        decoded = readings.decode(line.encode())
        assert decoded.readings and not decoded.bad, line
        json.loads(line)
