"""The examples in docs/catalog.md run and give what the page shows."""

from __future__ import annotations

from tests.governance.helpers import run_doc_examples


def test_catalog_doc_examples() -> None:
    run_doc_examples("catalog.md", 5)
