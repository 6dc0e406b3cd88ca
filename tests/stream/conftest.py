"""Stream tests use the API fixture of tests/api (a TestClient over each backend) as well as ``store``."""

from tests.api.conftest import api  # noqa: F401 (a fixture, used by name)
