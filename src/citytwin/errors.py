"""Error classes that carry an HTTP status, an NGSI-LD problem type and a safe public title.

Every adapter converts driver exceptions into one of these at its boundary (``raise ... from err``);
one handler in the API renders them as problem details, and the CLI prints ``detail`` without a traceback.
"""

from __future__ import annotations

from typing import Any, ClassVar

NGSI_LD_ERRORS = "https://uri.etsi.org/ngsi-ld/errors/"


class CitytwinError(Exception):
    """Base of every error the platform raises on purpose."""

    status: ClassVar[int] = 500
    problem: ClassVar[str] = "InternalError"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    @property
    def type_uri(self) -> str:
        """The problem type URI (NGSI-LD error namespace)."""
        return NGSI_LD_ERRORS + self.problem

    def to_problem(self) -> dict[str, Any]:
        """Render as an RFC 9457 / NGSI-LD problem details object."""
        body: dict[str, Any] = {
            "type": self.type_uri,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        body.update(self.extra)
        return body


class BadRequestData(CitytwinError):
    """The request is well-formed but its data is not acceptable."""

    status = 400
    problem = "BadRequestData"
    title = "Bad request data"


class InvalidRequest(CitytwinError):
    """The request itself is malformed (syntax, headers, parameters)."""

    status = 400
    problem = "InvalidRequest"
    title = "Invalid request"


class ResourceNotFound(CitytwinError):
    """The referred resource does not exist (or the caller may not see it)."""

    status = 404
    problem = "ResourceNotFound"
    title = "Resource not found"


class AlreadyExists(CitytwinError):
    """A resource with that identifier already exists."""

    status = 409
    problem = "AlreadyExists"
    title = "Already exists"


class OperationNotSupported(CitytwinError):
    """The operation is understood but not supported here."""

    status = 422
    problem = "OperationNotSupported"
    title = "Operation not supported"


class TooManyResults(CitytwinError):
    """The request would return more results than the server allows."""

    status = 403
    problem = "TooManyResults"
    title = "Too many results"


class LdContextNotAvailable(CitytwinError):
    """A JSON-LD context referenced by the request could not be retrieved."""

    status = 503
    problem = "LdContextNotAvailable"
    title = "JSON-LD context not available"


class NonexistentTenant(CitytwinError):
    """The tenant named by the request does not exist."""

    status = 404
    problem = "NonexistentTenant"
    title = "Nonexistent tenant"


class InternalError(CitytwinError):
    """Something failed inside the platform; the detail is safe to show."""


# Domain errors: specialisations that keep the NGSI-LD status and type of their parent.


class InvalidCode(BadRequestData):
    """A city code, grid code or identifier is malformed or fails its check."""

    title = "Invalid code"


class InvalidCoordinates(BadRequestData):
    """Coordinates are out of range or outside the supported area (e.g. polar caps)."""

    title = "Invalid coordinates"


class InvalidGeometry(BadRequestData):
    """A geometry is malformed or not valid (e.g. self-intersecting)."""

    title = "Invalid geometry"


class UnknownCRS(BadRequestData):
    """A coordinate reference system is not known."""

    title = "Unknown coordinate reference system"


class StorageUnavailable(CitytwinError):
    """The storage backend cannot be reached or opened."""

    status = 503
    problem = "InternalError"
    title = "Storage unavailable"


class WriteConflict(CitytwinError):
    """A guarded write found the entity changed since it was read (``replace(..., if_modified=...)``).

    Callers re-read and retry; one that gives up answers 503 (NGSI-LD has no conflict type): the request
    can be sent again as it was.
    """

    status = 503
    problem = "InternalError"
    title = "Concurrent write conflict"
