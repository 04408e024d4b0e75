"""Benchmark: the class dashboard for 2,500 students (4 notebooks each) and the page's size.

The class is the synthetic one of ``elysara sample-class`` (widget states,
citations, rubric answers, a few malformed notebooks). Timed: what
``elysara dashboard`` does (:func:`~elysara.exercises.classroom.class_run.build_dashboard`:
collect, read, count and grade in parallel, summarize, render, write), twice:

* grading afresh (``elysara dashboard CLASS``);
* counting the levels of an earlier ``elysara grade`` run
  (``elysara dashboard CLASS --grades OUT``: the usual order in a class, and
  the one that shows the teacher's confirmed levels). That grading run is
  not timed here (``benchmarks/grading.py`` times it).

``--class DIR`` reuses a class written earlier by
``elysara sample-class DIR --students 2500``.
Prints one figure a line as ``name: value unit (target: value unit)``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.classroom.class_run import build_dashboard
from elysara.exercises.grading.run import grade_to_folder

STUDENTS = 2500
TARGET_SECONDS, TARGET_KB = 10.0, 200


def _line(name: str, seconds: float, steps: dict[str, float]) -> str:
    parts = ", ".join(f"{step} {value:.1f} s" for step, value in steps.items())
    return f"{name}: {seconds:.2f} s (target: {TARGET_SECONDS:g} s; {parts})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class", dest="class_dir", type=Path, help="a class written by elysara sample-class")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="elysara-dashboard-bench-") as tmp:
        root = Path(tmp)
        klass = args.class_dir or root / "class"
        if args.class_dir is None:
            subprocess.run([str(Path(sys.executable).parent / "elysara"), "sample-class", str(klass),
                            "--students", str(STUDENTS)], check=True, stdout=subprocess.DEVNULL)
        students = sum(1 for p in klass.iterdir() if p.is_dir())
        bank = load_bank()
        start = time.perf_counter()
        fresh = build_dashboard([klass], root / "fresh", bank=bank)
        fresh_seconds = time.perf_counter() - start
        grade_to_folder([klass], root / "grades", bank=bank)
        start = time.perf_counter()
        reused = build_dashboard([klass], root / "reused", bank=bank, grades=root / "grades")
        reused_seconds = time.perf_counter() - start
        size_kb = reused.page.stat().st_size / 1000
    print(_line(f"dashboard_{students}_students_from_grades", reused_seconds, reused.steps))
    print(_line(f"dashboard_{students}_students_grading_afresh", fresh_seconds, fresh.steps))
    print(f"dashboard_page_size: {size_kb:.1f} kB (target: {TARGET_KB} kB)")
    return 0  # figures are reported, not enforced: wall time on a shared machine varies


if __name__ == "__main__":
    sys.exit(main())
