"""Governance tests use the shared ``store`` fixture (both backends) and the API's ``api`` fixture."""

from __future__ import annotations

from tests.api.conftest import api

__all__ = ["api"]
