"""HTTP API: the application factory, problem responses and the OpenAPI description."""
