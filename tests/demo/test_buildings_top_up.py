"""Where overlaps thin out the first draw of footprints, the generator tops up from sites not drawn yet."""

from __future__ import annotations

import numpy as np
import shapely

from citytwin.demo.buildings import _footprints, _non_overlapping, _Sites, _top_up


def crowded_sites(n: int) -> _Sites:
    """``n`` sites 6 m apart along one east-west road (footprints of 16-80 m must collide)."""
    x = np.arange(n, dtype=np.float64) * 6.0
    return _Sites(
        sx=x,
        sy=np.full(n, 30.0),
        ux=np.ones(n),
        uy=np.zeros(n),
        sel=np.arange(n),
        dens=np.linspace(1.0, 2.0, n),
        act=np.linspace(0.0, 1.0, n),
    )


def test_top_up_adds_only_footprints_that_fit_until_the_target() -> None:
    gen = np.random.default_rng(3)
    sites = crowded_sites(4000)
    first = np.arange(0, 400)
    polys, rows = _footprints(sites, first, (2.0, 1.0), gen)
    keep = _non_overlapping(polys)
    polys, rows = [polys[i] for i in keep], [rows[i] for i in keep]
    assert len(polys) < 200  # the crowded first draw lost most candidates to overlaps
    target = len(polys) + 150
    grown, grown_rows = _top_up(
        polys, rows, sites, np.arange(400, 4000), norm=(2.0, 1.0), target=target, gen=gen
    )
    assert len(grown) == len(grown_rows) == target
    tree = shapely.STRtree(grown)
    a, b = tree.query(grown, predicate="intersects")
    assert np.all(a == b), "no two kept footprints overlap"
    assert grown[: len(polys)] == polys  # what was kept stays


def test_top_up_stops_when_the_sites_run_out() -> None:
    gen = np.random.default_rng(4)
    sites = crowded_sites(300)
    polys, rows = _footprints(sites, np.arange(0, 50), (2.0, 1.0), gen)
    keep = _non_overlapping(polys)
    polys, rows = [polys[i] for i in keep], [rows[i] for i in keep]
    grown, _ = _top_up(polys, rows, sites, np.arange(50, 300), norm=(2.0, 1.0), target=10_000, gen=gen)
    assert len(polys) < len(grown) < 10_000
