"""The examples in docs/flood.md run and give what the page shows."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "flood.md"


def test_flood_doc_examples() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(DOC.read_text(encoding="utf-8"), {}, DOC.name, str(DOC), 0)
    assert len(test.examples) >= 8
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) in {DOC.name} failed (see the output above)"
