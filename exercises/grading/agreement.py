"""How far two sets of rubric levels agree: the grader against a careful reader, or marker against marker.

Levels are ordinal (missing < weak < adequate < strong), so besides exact
agreement and agreement within one level the measure is Cohen's kappa with
quadratic weights: a disagreement by two levels costs four times one by one
level, and agreement expected by chance is discounted. It is computed here
in a few lines (the formula of scikit-learn's ``cohen_kappa_score`` with
``weights="quadratic"``, which a test checks it against), so the
``elysara agreement`` command does not need scikit-learn installed.

:func:`compare_files` reads two level files in the overrides format
(``student, set, item, criterion, level, comment``: ``suggested-levels.csv``,
an instructor's overrides, a second marker's) and pairs rows on
``(student, set, item, criterion)``; rows with an empty level in either file
(no suggestion, not yet marked) are counted apart, never as disagreements.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

__all__ = [
    "LEVELS",
    "AgreementError",
    "Comparison",
    "Disagreement",
    "Stats",
    "compare_files",
    "answer_link",
    "compare_levels",
    "quadratic_kappa",
    "summary_lines",
    "write_report",
    "read_levels",
    "stats",
]

#: Rubric levels from lowest to highest (every rubric of the bank uses these ids).
LEVELS = ("missing", "weak", "adequate", "strong")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_KEY = ("student", "set", "item", "criterion")


class AgreementError(ValueError):
    """A level file that cannot be compared (missing columns, an unknown level), with the file and row."""


@dataclass(frozen=True)
class Stats:
    """Agreement on ``count`` paired levels."""

    count: int
    exact: float  #: share of pairs with the same level (0-1)
    within_one: float  #: share of pairs at most one level apart
    kappa: float | None  #: quadratic-weighted Cohen's kappa; None when undefined (one level only on both sides)


def quadratic_kappa(a: list[int], b: list[int], n_levels: int = len(LEVELS)) -> float | None:
    """Cohen's kappa with quadratic weights for two equal-length lists of ranks ``0..n_levels-1``.

    ``1 - sum(w * observed) / sum(w * expected)`` with ``w = (i - j) ** 2``;
    None when the expected disagreement is zero (both sides used one level).
    """
    n = len(a)
    observed = [[0.0] * n_levels for _ in range(n_levels)]
    for x, y in zip(a, b):
        observed[x][y] += 1
    rows = [sum(row) for row in observed]
    cols = [sum(observed[i][j] for i in range(n_levels)) for j in range(n_levels)]
    disagree = sum((i - j) ** 2 * observed[i][j] for i in range(n_levels) for j in range(n_levels))
    expected = sum((i - j) ** 2 * rows[i] * cols[j] / n for i in range(n_levels) for j in range(n_levels))
    return None if expected == 0 else 1 - disagree / expected


def stats(pairs: Iterable[tuple[str, str]]) -> Stats:
    """Exact, within-one and quadratic-weighted kappa over ``(level_a, level_b)`` pairs."""
    a, b = [], []
    for left, right in pairs:
        a.append(_RANK[left])
        b.append(_RANK[right])
    if not a:
        return Stats(0, 0.0, 0.0, None)
    exact = sum(x == y for x, y in zip(a, b)) / len(a)
    within = sum(abs(x - y) <= 1 for x, y in zip(a, b)) / len(a)
    return Stats(len(a), exact, within, quadratic_kappa(a, b))


@dataclass(frozen=True)
class Disagreement:
    """One criterion of one answer on which the two files differ."""

    student: str
    set_id: str
    item: str
    criterion: str
    level_a: str
    level_b: str

    @property
    def distance(self) -> int:
        return abs(_RANK[self.level_a] - _RANK[self.level_b])


@dataclass
class Comparison:
    """Two level files compared: per criterion, overall, each disagreement, and rows that could not pair."""

    per_criterion: dict[tuple[str, str], Stats] = field(default_factory=dict)  #: (item, criterion) -> stats
    overall: Stats = field(default_factory=lambda: Stats(0, 0.0, 0.0, None))
    disagreements: list[Disagreement] = field(default_factory=list)
    only_a: int = 0  #: rows with a level in A only (B has none, or no such row)
    only_b: int = 0
    empty: int = 0  #: rows paired but empty on at least one side


def read_levels(path: Path) -> dict[tuple[str, str, str, str], str]:
    """``(student, set, item, criterion) -> level`` from an overrides-format CSV (empty levels kept as "")."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in (*_KEY, "level") if c not in (reader.fieldnames or ())]
            if missing:
                raise AgreementError(f"{path}: missing column(s) {', '.join(missing)}; expected "
                                     "student,set,item,criterion,level[,comment] (the overrides format)")
            levels: dict[tuple[str, str, str, str], str] = {}
            for row_number, row in enumerate(reader, start=2):
                level = (row.get("level") or "").strip().lower()
                if not (row.get("criterion") or "").strip():
                    continue  # points for a whole objective item: not a rubric level
                if level and level not in _RANK:
                    raise AgreementError(f"{path}, row {row_number}: level {level!r} is not one of {', '.join(LEVELS)}")
                levels[tuple((row.get(k) or "").strip() for k in _KEY)] = level  # type: ignore[assignment]
            return levels
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AgreementError(f"{path}: cannot be read as CSV: {error}") from None


def compare_levels(a: dict[tuple[str, str, str, str], str], b: dict[tuple[str, str, str, str], str]) -> Comparison:
    """Compare two level maps (see :func:`read_levels`)."""
    comparison = Comparison()
    by_criterion: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    every: list[tuple[str, str]] = []
    for key in sorted(set(a) | set(b)):
        left, right = a.get(key, ""), b.get(key, "")
        if left and right:
            by_criterion[(key[2], key[3])].append((left, right))
            every.append((left, right))
            if left != right:
                comparison.disagreements.append(Disagreement(*key, left, right))
        elif left:
            comparison.only_a += 1
        elif right:
            comparison.only_b += 1
        else:
            comparison.empty += 1
    comparison.per_criterion = {key: stats(pairs) for key, pairs in sorted(by_criterion.items())}
    comparison.overall = stats(every)
    comparison.disagreements.sort(key=lambda d: (-d.distance, d.item, d.criterion, d.student))
    return comparison


def compare_files(path_a: Path, path_b: Path) -> Comparison:
    """Compare two level files in the overrides format."""
    return compare_levels(read_levels(path_a), read_levels(path_b))


def answer_link(grades_dir: Path | None, d: Disagreement, from_dir: Path) -> str | None:
    """A relative link from ``from_dir`` to the answer in a grading run's instructor view, if it is there."""
    if grades_dir is None:
        return None
    page = Path(grades_dir) / "instructor" / d.student / f"{d.set_id}.html"
    if not page.is_file():
        return None
    import os

    return f"{Path(os.path.relpath(page, from_dir)).as_posix()}#{d.item}"


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _kappa(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def summary_lines(comparison: Comparison, name_a: str = "A", name_b: str = "B") -> list[str]:
    """The comparison as plain text lines (for the terminal)."""
    lines = [f"{'item':28} {'criterion':22} {'count':>5} {'exact':>6} {'within 1':>8} {'kappa':>6}"]
    for (item, criterion), s in comparison.per_criterion.items():
        lines.append(f"{item:28} {criterion:22} {s.count:5d} {_pct(s.exact):>6} {_pct(s.within_one):>8} {_kappa(s.kappa):>6}")
    o = comparison.overall
    lines.append(f"{'overall':51} {o.count:5d} {_pct(o.exact):>6} {_pct(o.within_one):>8} {_kappa(o.kappa):>6}")
    if comparison.only_a or comparison.only_b or comparison.empty:
        lines.append(f"not compared: {comparison.only_a} level(s) only in {name_a}, {comparison.only_b} only in "
                     f"{name_b}, {comparison.empty} empty in one or both (no suggestion, or not yet marked)")
    if comparison.disagreements:
        lines.append("")
        lines.append(f"disagreements ({len(comparison.disagreements)}), largest first:")
        for d in comparison.disagreements:
            lines.append(f"  {d.student} {d.set_id} {d.item} {d.criterion}: {name_a} {d.level_a}, {name_b} {d.level_b}")
    return lines


def write_report(comparison: Comparison, out_dir: Path, *, name_a: str, name_b: str,
                 grades_dir: Path | None = None) -> list[Path]:
    """Write ``agreement.html`` (from its template), ``agreement.csv`` and ``disagreements.csv`` into ``out_dir``."""
    import io

    from elysara.atomic import write_text
    from elysara.exercises.grading.render import render

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    criteria = [{"item": item, "criterion": criterion, "count": s.count, "exact": _pct(s.exact),
                 "within_one": _pct(s.within_one), "kappa": _kappa(s.kappa)}
                for (item, criterion), s in comparison.per_criterion.items()]
    o = comparison.overall
    overall = {"count": o.count, "exact": _pct(o.exact), "within_one": _pct(o.within_one), "kappa": _kappa(o.kappa)}
    disagreements = [{"student": d.student, "set": d.set_id, "item": d.item, "criterion": d.criterion,
                      "level_a": d.level_a, "level_b": d.level_b, "distance": d.distance,
                      "link": answer_link(grades_dir, d, out_dir)} for d in comparison.disagreements]
    page = render("agreement.html", name_a=name_a, name_b=name_b, criteria=criteria, overall=overall,
                  disagreements=disagreements, only_a=comparison.only_a, only_b=comparison.only_b,
                  empty=comparison.empty)

    def table(header: list[str], rows: list[list[object]]) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return buffer.getvalue()

    return [
        write_text(out_dir / "agreement.html", page),
        write_text(out_dir / "agreement.csv", table(
            ["item", "criterion", "count", "exact", "within_one", "kappa"],
            [[c["item"], c["criterion"], c["count"], c["exact"], c["within_one"], c["kappa"]] for c in criteria]
            + [["overall", "", overall["count"], overall["exact"], overall["within_one"], overall["kappa"]]])),
        write_text(out_dir / "disagreements.csv", table(
            ["student", "set", "item", "criterion", f"level_{name_a}", f"level_{name_b}", "link"],
            [[d["student"], d["set"], d["item"], d["criterion"], d["level_a"], d["level_b"], d["link"] or ""]
             for d in disagreements])),
    ]
