"""How every ``citytwin`` command reports a platform error: one clear line on stderr, exit 2, no traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from citytwin.errors import CitytwinError

F = TypeVar("F", bound=Callable[..., Any])


def clean_errors(func: F) -> F:
    """Print platform errors as ``error: <detail>`` on stderr and exit 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CitytwinError as err:
            click.echo(f"error: {err.detail}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]
