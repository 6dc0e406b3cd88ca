"""The examples in docs/catalog.md run and give what the page shows."""

from __future__ import annotations

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"


def test_catalog_doc_examples() -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(DOC.read_text(encoding="utf-8"), {}, DOC.name, str(DOC), 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    try:
        runner.run(test)
    finally:
        store = test.globs.get("store")
        if store is not None:
            store.close()
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} example(s) in {DOC.name} failed (see the output above)"
