"""Disclosure control: which counts a class page may show, so no small group can be worked out.

The rule (documented in README, "For instructors", and on the dashboard):

1. **Primary suppression.** A count below ``k`` (``--min-group``, 5 by
   default; zero included) is shown as "fewer than k".
2. **Secondary suppression.** In a group of bars whose categories split a
   total (each student in exactly one bar), the total is assumed known to
   anyone reading the page. So when a bar is hidden, more bars are hidden,
   smallest first and shown as "not shown", until subtraction cannot narrow
   any hidden count: for every "fewer than k" bar, every value from 0 to
   k-1 must stay possible given the total, the shown bars and what the
   labels say ("fewer than k" is 0 to k-1; "not shown" is at least k and at
   most the smallest bar still shown). :func:`feasible_ranges` is that attack;
   :func:`protect` hides bars until it learns nothing. When no choice of
   bars is safe, the group's breakdown is withheld altogether.
3. **No revealing extremes.** A scale whose top values few students reach
   (Tension Test scores) is top-coded: the highest bars merge into "n or
   more" until that bar holds at least ``k`` students (:func:`top_code`), so
   no label shows a score reached by fewer than ``k``.

Groups whose bars overlap (a student may count in several, such as the
tensions found or the sentences cited) cannot be subtracted and only need
rule 1. Everything here is plain data; the templates only show it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

__all__ = ["Bar", "BarGroup", "HIDDEN", "SHOWN", "SMALL", "feasible_ranges", "protect", "top_code"]

#: A bar's state: its count is shown; it is below k ("fewer than k"); it is hidden to protect another ("not shown").
SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass(frozen=True)
class Bar:
    """One category of a group as the page shows it."""

    key: Hashable
    label: str
    state: str  #: SHOWN, SMALL or HIDDEN
    count: int | None  #: the count, only when SHOWN

    @property
    def shown(self) -> bool:
        return self.state == SHOWN


@dataclass
class BarGroup:
    """A group of bars after disclosure control."""

    bars: list[Bar]
    total: int  #: the group's base (students), shown beside the group
    k: int
    partition: bool = True  #: every student in exactly one bar
    withheld: bool = False  #: the breakdown cannot be shown safely: no bar at all
    notes: list[str] = field(default_factory=list)

    def bar(self, key: Hashable) -> Bar | None:
        """The bar for ``key``, if the group has one."""
        return next((b for b in self.bars if b.key == key), None)

    @property
    def largest(self) -> list[Bar]:
        """Shown bars, largest first."""
        return sorted((b for b in self.bars if b.shown), key=lambda b: -(b.count or 0))


def feasible_ranges(total: int, bars: list[Bar], k: int) -> dict[Hashable, tuple[int, int]]:
    """What subtraction tells about each hidden bar: its smallest and largest possible count.

    Uses the total, the shown counts and the labels' meaning: "fewer than k"
    is 0..k-1; "not shown" is at least k and at most the smallest shown
    count (hidden bars are chosen smallest first). With one equation and a
    box per bar, these intervals are exact.
    """
    shown = [b.count or 0 for b in bars if b.shown]
    rest = total - sum(shown)
    ceiling = min(shown) if shown else total
    boxes = {b.key: ((0, k - 1) if b.state == SMALL else (k, max(k, ceiling))) for b in bars if not b.shown}
    low_sum = sum(lo for lo, _ in boxes.values())
    high_sum = sum(hi for _, hi in boxes.values())
    ranges = {}
    for key, (lo, hi) in boxes.items():
        ranges[key] = (max(lo, rest - (high_sum - hi)), min(hi, rest - (low_sum - lo)))
    return ranges


def _safe(total: int, bars: list[Bar], k: int) -> bool:
    ranges = feasible_ranges(total, bars, k)
    return all(ranges[b.key] == (0, k - 1) for b in bars if b.state == SMALL)


def protect(counts: Mapping[Hashable, int], labels: Mapping[Hashable, str], k: int, *,
            partition: bool = True, total: int | None = None) -> BarGroup:
    """The bars of ``labels`` (in order) for ``counts``, with primary and secondary suppression.

    ``total`` defaults to the sum of the counts; a partition's total must equal it.
    """
    values = {key: int(counts.get(key, 0)) for key in labels}
    base = sum(values.values()) if total is None else total
    bars = [Bar(key, str(label), SHOWN if n >= k else SMALL, n if n >= k else None) for key, (label, n) in
            zip(labels, ((labels[key], values[key]) for key in labels))]
    group = BarGroup(bars, base, k, partition)
    if not partition or all(b.shown for b in bars):
        return group
    while not _safe(base, group.bars, k):
        shown = [b for b in group.bars if b.shown]
        if not shown:
            return BarGroup([], base, k, partition, withheld=True)
        smallest = min(shown, key=lambda b: (b.count, group.bars.index(b)))
        group.bars = [Bar(b.key, b.label, HIDDEN, None) if b is smallest else b for b in group.bars]
    return group


def top_code(counts: Mapping[int, int], k: int, *, noun: tuple[str, str]) -> tuple[dict[int, int], dict[int, str]]:
    """Scores 0..max merged from the top into "n or more" until the top bar has at least ``k`` students.

    Returns (counts by bar, label by bar); ``noun`` is (singular, plural), as ("tension", "tensions").
    """
    top = max([score for score, n in counts.items() if n > 0] or [0])
    merged = {score: int(counts.get(score, 0)) for score in range(top + 1)}
    while top > 0 and merged[top] < k:
        merged[top - 1] += merged.pop(top)
        top -= 1
    labels = {score: f"{score} {noun[0] if score == 1 else noun[1]}" for score in merged}
    if top < max([s for s, n in counts.items() if n > 0] or [0]):
        labels[top] = f"{top} or more {noun[1]}"
    return merged, labels
