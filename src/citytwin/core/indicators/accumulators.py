"""Running aggregates that the indicator engine updates by delta, so one change costs O(1), not O(members).

Every accumulator gives exactly what a recomputation over the whole collection gives:

* sums are kept as exact fixed-point integers (a float is a dyadic rational, so ``value × 2**shift`` is an
  integer once ``shift`` covers its last bit), and ``int / int`` rounds correctly, like :func:`math.fsum`;
  removing a value therefore leaves no rounding residue behind, however long the stream runs;
* an instant minimum / maximum is kept until the member holding it leaves or moves away from it; only then
  is it recomputed from the members (rare: a random update hits the extremum's holder with odds 1/members);
* a window holds its samples as runs of equal timestamps (readings of one tick share theirs), with the run's
  count and exact sum, and a monotonic deque of the candidates for its minimum / maximum, so a one-hour
  window at thousands of readings per second neither grows one tuple per reading nor rescans on every tick.

Values in numeric collections are floats or None (no number); ``MISSING`` stands for "not a member".
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Any

MISSING: Any = object()
"""Marks an entity that is not (or no longer) a member, as opposed to a member with no value (None)."""

_START_SHIFT = 64
_FLOAT_SHIFT_LIMIT = 960
"""Beyond this many fractional bits ``2.0 ** shift`` would overflow: every value takes the exact path."""


class ExactSum:
    """The exact sum and count of a multiset of finite floats, with O(1) insertion and removal."""

    __slots__ = ("count", "num", "scale", "shift")

    def __init__(self) -> None:
        self.count = 0
        self.num = 0
        """The sum times ``2 ** shift``: an integer, exactly."""
        self.shift = _START_SHIFT
        self.scale = 2.0**_START_SHIFT

    def fixed(self, value: float) -> int:
        """``value × 2**shift`` as an exact integer (widening ``shift`` first when the value needs it)."""
        scaled = value * self.scale
        if scaled - scaled == 0.0:  # finite (the scale or the value is not huge)
            out = int(scaled)
            if out == scaled:
                return out
        return self._exact(value)

    def _exact(self, value: float) -> int:
        numerator, denominator = value.as_integer_ratio()
        bits = denominator.bit_length() - 1
        if bits > self.shift:
            self.num <<= bits - self.shift
            self.shift = bits
            self.scale = 2.0**bits if bits <= _FLOAT_SHIFT_LIMIT else math.nan
        return numerator << (self.shift - bits)

    def replace(self, old: Any, new: Any) -> None:
        """Swap one value for another; either may be None or MISSING (nothing to remove or add)."""
        # fixed() inlined: this runs for every reading of a summed attribute. The integer is worked out
        # before ``num`` is read, since the exact path may rescale ``num``.
        if type(old) is float:
            scaled = old * self.scale
            fixed = int(scaled) if scaled - scaled == 0.0 else None
            if fixed is None or fixed != scaled:
                fixed = self._exact(old)
            self.num -= fixed
            self.count -= 1
        if type(new) is float:
            scaled = new * self.scale
            fixed = int(scaled) if scaled - scaled == 0.0 else None
            if fixed is None or fixed != scaled:
                fixed = self._exact(new)
            self.num += fixed
            self.count += 1

    def total(self) -> float:
        """The correctly rounded sum (0.0 when empty), as :func:`math.fsum` of the values gives."""
        return self.num / (1 << self.shift) if self.num else 0.0


def sum_of(acc: ExactSum, avg: bool) -> float | None:
    """``fsum(values)`` (0.0 when empty) or ``fsum(values) / len(values)`` (None when empty)."""
    if avg:
        return acc.total() / acc.count if acc.count else None
    return acc.total() if acc.count else 0.0


class Extremum:
    """The max (or min) of the members' values: O(1) per change, rescanned when its last holder leaves.

    ``ties`` counts the members holding it, so a reading that lowers one of the many stations at the top of
    a rain scale does not send the indicator looking for a new maximum.
    """

    __slots__ = ("best", "highest", "stale", "ties")

    def __init__(self, highest: bool) -> None:
        self.highest = highest
        self.best: float | None = None
        """The extremum (None: no member has a value); while ``stale``, a bound every value is inside of."""
        self.ties = 0
        self.stale = False

    def replace(self, old: Any, new: Any) -> None:
        """One member's value went from ``old`` to ``new`` (either None or MISSING)."""
        if type(old) is float and old == self.best and not self.stale:
            self.ties -= 1
            if not self.ties:
                self.stale = True  # every value left is now inside the bound: find the extremum when asked
        if type(new) is float:
            best = self.best
            if best is None or (new > best if self.highest else new < best):
                self.best = new
                self.ties = 1
                self.stale = False
            elif new == best:
                if self.stale:  # no member held the bound: this one is the extremum, alone
                    self.stale = False
                    self.ties = 1
                else:
                    self.ties += 1

    def result(self, values: Callable[[], list[float]]) -> float | None:
        """The extremum; ``values`` gives the members' non-None values when it must be found again."""
        if self.stale:
            found = values()
            if found:
                best = max(found) if self.highest else min(found)
                self.best, self.ties = best, found.count(best)
            else:
                self.best, self.ties = None, 0
            self.stale = False
        return self.best


class Hits:
    """How many members hold one of ``wanted`` (``online_share``)."""

    __slots__ = ("count", "wanted")

    def __init__(self, wanted: tuple[str, ...]) -> None:
        self.wanted = wanted
        self.count = 0

    def replace(self, old: Any, new: Any) -> None:
        """One member's value went from ``old`` to ``new`` (``old`` MISSING when it just joined)."""
        if old is not MISSING and old in self.wanted:
            self.count -= 1
        if new is not MISSING and new in self.wanted:
            self.count += 1


class Window:
    """The samples reported inside a window, oldest first, as runs ``[epoch, count]``; counts only."""

    __slots__ = ("count", "runs")

    def __init__(self) -> None:
        self.runs: deque[list[Any]] = deque()
        self.count = 0

    def add(self, epoch: float, value: Any) -> None:
        """Append one sample."""
        runs = self.runs
        if runs and runs[-1][0] == epoch:
            runs[-1][1] += 1
        else:
            runs.append([epoch, 1])
        self.count += 1

    def evict(self, start: float) -> bool:
        """Drop samples from the front while the oldest is before ``start``; whether any left."""
        runs = self.runs
        if not runs or runs[0][0] >= start:
            return False
        while runs and runs[0][0] < start:
            self._drop(runs.popleft())
        return True

    def _drop(self, run: list[Any]) -> None:
        self.count -= run[1]


class SumWindow(Window):
    """A window with the exact sum and count of its non-None values: runs ``[epoch, n, nn, num, shift]``."""

    __slots__ = ("acc",)

    def __init__(self) -> None:
        super().__init__()
        self.acc = ExactSum()

    def add(self, epoch: float, value: Any) -> None:
        """Append one sample (None counts as a sample without a value)."""
        runs = self.runs
        if runs and runs[-1][0] == epoch:
            run = runs[-1]
            run[1] += 1
        else:
            run = [epoch, 1, 0, 0, self.acc.shift]
            runs.append(run)
        self.count += 1
        if value is not None:
            acc = self.acc
            fixed = acc.fixed(value)  # may widen acc.shift: bring the run to the same scale after
            if run[4] != acc.shift:
                run[3] <<= acc.shift - run[4]
                run[4] = acc.shift
            run[3] += fixed
            run[2] += 1
            acc.num += fixed
            acc.count += 1

    def _drop(self, run: list[Any]) -> None:
        self.count -= run[1]
        acc = self.acc
        acc.num -= run[3] << (acc.shift - run[4])
        acc.count -= run[2]


class ExtremumWindow(Window):
    """A window with a monotonic deque of ``(index, value)``: the front is the window's max (or min)."""

    __slots__ = ("candidates", "gone", "highest", "seen")

    def __init__(self, highest: bool) -> None:
        super().__init__()
        self.highest = highest
        self.candidates: deque[tuple[int, float]] = deque()
        self.seen = 0
        """Samples appended so far (the next one's index)."""
        self.gone = 0
        """Samples evicted so far: candidates with a smaller index have left."""

    def add(self, epoch: float, value: Any) -> None:
        """Append one sample; it displaces the candidates it dominates."""
        runs = self.runs
        if runs and runs[-1][0] == epoch:
            runs[-1][1] += 1
        else:
            runs.append([epoch, 1])
        self.count += 1
        if value is not None:
            candidates = self.candidates
            if self.highest:
                while candidates and candidates[-1][1] <= value:
                    candidates.pop()
            else:
                while candidates and candidates[-1][1] >= value:
                    candidates.pop()
            candidates.append((self.seen, value))
        self.seen += 1

    def _drop(self, run: list[Any]) -> None:
        self.count -= run[1]
        self.gone += run[1]
        candidates = self.candidates
        while candidates and candidates[0][0] < self.gone:
            candidates.popleft()

    def result(self) -> float | None:
        """The window's extremum (None without a numeric sample)."""
        return self.candidates[0][1] if self.candidates else None


class ValueWindow(Window):
    """A window that keeps every sample's value (percentiles); runs are ``[epoch, n, values]``."""

    __slots__ = ()

    def add(self, epoch: float, value: Any) -> None:
        """Append one sample."""
        runs = self.runs
        if runs and runs[-1][0] == epoch:
            run = runs[-1]
            run[1] += 1
            run[2].append(value)
        else:
            runs.append([epoch, 1, [value]])
        self.count += 1

    def values(self) -> list[float]:
        """The non-None sample values, oldest first."""
        return [v for run in self.runs for v in run[2] if v is not None]


def percentile(values: list[float], pct: float | None) -> float | None:
    """Linear interpolation between closest ranks, like numpy's default (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * (pct or 0.0) / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)
