"""The device type catalogue: the YAML files shipped in ``citytwin/data/devices`` (plus any extra folder).

Parsing and the rules are in :mod:`citytwin.core.devices`; this module only reads files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from citytwin.core.devices import DeviceType, check_catalog
from citytwin.errors import BadRequestData


def _parse(text: str, source: str) -> DeviceType:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise BadRequestData(f"{source}: not valid YAML: {err}") from None
    try:
        return DeviceType.from_dict(data)
    except BadRequestData as err:
        raise BadRequestData(f"{source}: {err.detail}") from None


@cache
def shipped_types() -> Mapping[str, DeviceType]:
    """The device types shipped with citytwin, by id."""
    folder = resources.files("citytwin").joinpath("data", "devices")
    found = [
        _parse(entry.read_text(encoding="utf-8"), entry.name)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith((".yaml", ".yml"))
    ]
    return MappingProxyType(check_catalog(found))


def load_types(paths: Iterable[Path] = ()) -> Mapping[str, DeviceType]:
    """The shipped types plus those declared in ``paths`` (YAML files or folders of them)."""
    extra: list[DeviceType] = []
    for path in paths:
        files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
        extra.extend(_parse(f.read_text(encoding="utf-8"), str(f)) for f in files)
    if not extra:
        return shipped_types()
    return MappingProxyType(check_catalog([*shipped_types().values(), *extra]))


def by_prefix(types: Mapping[str, DeviceType]) -> dict[str, DeviceType]:
    """Types by their device-code prefix (domain letter + type code, e.g. ``W02``)."""
    return {t.domain + t.code: t for t in types.values()}
