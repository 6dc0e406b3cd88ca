"""Tolerance comparisons: numbers (abs/rel), geometries (metres), text (normalised), relationships."""

from __future__ import annotations

import pytest

from citytwin.core.entities import AttrType
from citytwin.governance.compare import (
    Tolerance,
    compare,
    geometry_distance_m,
    geometry_distances_m,
    normalize_text,
)
from tests.governance.helpers import footprint

P = AttrType.PROPERTY


def point(lng: float, lat: float) -> dict[str, object]:
    return {"type": "Point", "coordinates": [lng, lat]}


def test_numbers_abs_and_rel() -> None:
    tol = Tolerance(abs=0.5, rel=0.02)
    assert compare(P, 100.0, 101.9, tol).agree  # 2 % of 101.9 is 2.04
    assert not compare(P, 100.0, 102.2, tol).agree
    assert compare(P, 10.0, 10.4, tol).agree  # abs 0.5 wins for small values
    far = compare(P, 10.0, 10.6, tol)
    assert not far.agree and far.measure == "number" and far.amount == pytest.approx(0.6)
    assert compare(P, 7, 7.0).agree and not compare(P, 7, 8).agree
    assert compare(P, "30.5", 30.5).agree  # CSV sends numbers as text
    assert not compare(P, True, 1).agree  # a boolean is not a number


def test_geometry_distance_in_metres() -> None:
    # 0.0001° of latitude is ~11.06 m; of longitude at 22.54°N ~10.28 m.
    d = geometry_distance_m(point(113.9437, 22.5405), point(113.9437, 22.5406))
    assert d == pytest.approx(11.06, abs=0.05)
    d = geometry_distance_m(point(113.9437, 22.5405), point(113.9438, 22.5405))
    assert d == pytest.approx(10.28, abs=0.05)
    a, b = footprint(113.9437, 22.5405), footprint(113.9437 + 3 / 102_800, 22.5405)
    shifted = compare(AttrType.GEOPROPERTY, a, b, Tolerance(metres=2.0))
    assert not shifted.agree and shifted.measure == "metres" and shifted.amount == pytest.approx(3.0, abs=0.1)
    assert compare(AttrType.GEOPROPERTY, a, b, Tolerance(metres=5.0)).agree


def test_text_is_compared_normalised() -> None:
    assert normalize_text("  腾讯滨海大厦 ") == "腾讯滨海大厦"
    assert compare(P, "ＴＥＮＣＥＮＴ　Ｂｉｎｈａｉ", "tencent binhai").agree  # full-width, case, spaces
    assert not compare(P, "腾讯滨海大厦", "腾讯大厦").agree
    # A plain name agrees with a languageMap holding it.
    assert compare(AttrType.LANGUAGE_PROPERTY, {"zh": "南山区", "en": "Nanshan"}, "南山区").agree
    assert compare(AttrType.LANGUAGE_PROPERTY, {"zh": "南山区"}, {"zh": "南山区", "en": "x"}).agree
    assert not compare(AttrType.LANGUAGE_PROPERTY, {"zh": "南山区"}, {"zh": "福田区"}).agree


def test_relationships_and_structures() -> None:
    r = AttrType.RELATIONSHIP
    assert compare(r, "urn:ngsi-ld:Community:a", "urn:ngsi-ld:Community:a").agree
    assert not compare(r, "urn:ngsi-ld:Community:a", "urn:ngsi-ld:Community:b").agree
    assert compare(r, ["urn:a:1", "urn:a:2"], ["urn:a:2", "urn:a:1"]).agree
    tol = Tolerance(abs=0.1)
    assert compare(P, {"floors": 30, "name": "A座"}, {"floors": 30.05, "name": "a座"}, tol).agree
    assert not compare(P, {"floors": 30}, {"floors": 30, "extra": 1}, tol).agree
    assert compare(P, [1.0, 2.0], [1.05, 2.0], tol).agree
    assert not compare(P, [1.0, 2.0], [1.0], tol).agree


def test_geometry_distances_are_measured_together() -> None:
    a = footprint(113.9437, 22.5405)
    pairs = [
        (a, a),  # identical: no parsing
        (a, footprint(113.9437 + 5 / 102_800, 22.5405)),  # 5 m east
        (point(114.0579, 22.5431), point(114.0579, 22.5432)),  # Futian, 11 m north
        (a, "not a geometry"),
        ({"type": "Polygon", "coordinates": []}, a),  # empty
    ]
    got = geometry_distances_m([p[0] for p in pairs], [p[1] for p in pairs])
    assert got[0] == 0.0
    assert got[1] == pytest.approx(5.0, abs=0.1)
    assert got[2] == pytest.approx(11.06, abs=0.05)
    assert got[3] is None and got[4] is None
    assert geometry_distances_m([], []) == []
