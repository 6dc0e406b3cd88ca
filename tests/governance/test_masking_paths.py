"""The per-kind maskers the policy applies to every result (``masking.masker``) give exactly what
``mask_value`` gives, on the common values they take a shortcut for and on the odd ones they do not."""

from __future__ import annotations

import random
from typing import Any

import pytest

from citytwin.core.masking import mask_value, masker


def points(n: int) -> list[Any]:
    rng = random.Random(20251121)
    out: list[Any] = [
        {"type": "Point", "coordinates": [rng.uniform(-180, 180), rng.uniform(-88, 88)]} for _ in range(n)
    ]
    out += [
        {"type": "Point", "coordinates": list(coords)}
        for coords in (
            (180.0, 0.0), (-180.0, 0.0), (0.0, 0.0), (-0.0, -0.0), (179.9999999995, 10.0), (114.0, 22.0),
            (1.0, 88.0), (1.0, -88.0), (1.0, 87.99999), (float("nan"), 1.0), (1.0, float("inf")),
            (114, 22), (True, 2.0), ("114", "22"), (114.05, 22.53, 12.0),
        )
    ]  # fmt: skip
    out += [
        {"type": "Point", "coordinates": [1.0]},
        {"type": "Point"},
        {"type": "Polygon", "coordinates": [[[114.0, 22.5], [114.1, 22.5], [114.1, 22.6], [114.0, 22.5]]]},
        {"type": "Feature"},
        "a string",
        None,
        [114.0, 22.5],
    ]
    return out


@pytest.mark.parametrize("level", [1, 2, 4, 5, 7, 10, 0, 11])
def test_home_locations(level: int) -> None:
    mask = masker("home_location", level)
    for value in points(3000):
        assert mask(value) == mask_value("home_location", value, home_level=level), value


def test_names_phones_and_id_numbers() -> None:
    values: list[Any] = [
        "张三", "欧阳娜娜", "欧阳", " 王五 ", "Li Wei", "li  wei", "", "   ", "\u3400甲", "\u33ff甲",
        "\u9fff", "\ua000x", "\uf900乙", "\ufaff", "\ufb00x", "9号", "13812345678", "+86 138 1234 5678",
        "0755-86001234", "440305199001011234", "12", 13812345678, None, True, ["张三", "李四"],
        {"zh": "张三", "en": "Zhang San"},
    ]  # fmt: skip
    for kind in ("person_name", "phone", "id_number"):
        mask = masker(kind)
        for value in values:
            assert mask(value) == mask_value(kind, value), (kind, value)
    name = masker("person_name")
    assert name("\u3400甲") == "\u3400*" and name("\u33ffa b") == "\u33ff* b"
