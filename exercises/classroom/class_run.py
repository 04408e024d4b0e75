"""``elysara dashboard``'s work, from paths to the written page: one path for the command and the benchmark.

The notebooks are collected without reading them; the grading workers read
each one, take what the class summary counts (:func:`~elysara.exercises.classroom.summary.submission_facts`)
and grade it, one chunk in memory at a time. With ``grades`` (the ``--out``
folder of an earlier ``elysara grade`` run) nothing is graded again: the
rubric levels, the teacher's confirmed ones included, come from its report.json.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from elysara.exercises.classroom.dashboard import write_dashboard
from elysara.exercises.classroom.summary import DEFAULT_MIN_GROUP, ClassSummary, submission_facts, summarize

__all__ = ["DashboardRun", "build_dashboard"]


@dataclass
class DashboardRun:
    """What building the dashboard did."""

    page: Path
    summary: ClassSummary
    #: handed-in submissions absent from the grades' report.json (their rubric levels are not counted)
    not_in_grades: int = 0
    #: seconds spent in each step: collect, grade (or read), summarize, render
    steps: dict[str, float] = field(default_factory=dict)


def build_dashboard(paths: Iterable[Path], out_dir: Path, *, bank: Any = None, min_group: int = DEFAULT_MIN_GROUP,
                    grades: Path | None = None) -> DashboardRun:
    """Count the class at ``paths`` and write ``out_dir/index.html``.

    Raises :class:`~elysara.exercises.grading.report.ReportError` for a
    ``grades`` folder without a readable report.json, and
    :class:`~elysara.exercises.grading.collect.AmbiguousLayout` as
    ``elysara grade`` does; nothing is written then.
    """
    from elysara.exercises.bank.loading import load_bank
    from elysara.exercises.classroom.hot_spots import count_hot_spots, read_class_notes, render_hot_spots
    from elysara.exercises.grading.collect import collect
    from elysara.exercises.grading.report import read_levels
    from elysara.exercises.grading.run import grade_class

    bank = bank or load_bank()
    steps: dict[str, float] = {}
    start = time.perf_counter()
    graded = read_levels(Path(grades) / "report.json") if grades is not None else None
    collection = collect(paths, read=False)
    steps["collect"] = time.perf_counter() - start
    run = grade_class(collection, bank, per_submission=submission_facts, grade=graded is None)
    steps["grade" if graded is None else "read"] = time.perf_counter() - start - steps["collect"]
    results, missing = run.results, 0
    if graded is not None:
        handed_in = {(s.student, s.set_id) for s in collection.submissions}
        results = [r for r in graded if (r.student, r.set_id) in handed_in]
        missing = len(handed_in - {(r.student, r.set_id) for r in results})
    mark = time.perf_counter()
    summary = summarize(collection, results, min_group=min_group, facts=run.extras)
    steps["summarize"] = time.perf_counter() - mark
    mark = time.perf_counter()
    # Issue #17: where the class annotated the text (students' notes files).
    class_notes, unreadable_notes = read_class_notes(collection.note_files)
    hot = count_hot_spots(class_notes, min_group=min_group) if collection.note_files else None
    page = write_dashboard(summary, out_dir, bank=bank, hot_spots=render_hot_spots(hot, unreadable_notes) if hot else "")
    steps["render"] = time.perf_counter() - mark
    return DashboardRun(page, summary, missing, steps)
