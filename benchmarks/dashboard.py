"""Benchmark: the class dashboard for 200 students (4 notebooks each) and the page's size.

The class is the synthetic one of ``elysara sample-class`` (widget states,
citations, rubric answers, a few malformed notebooks).
Prints one figure a line as ``name: value unit (target: value unit)``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.classroom.summary import summarize
from elysara.exercises.classroom.dashboard import write_dashboard
from elysara.exercises.grading.grader import grade
from elysara.exercises.classroom.sample_class import write_sample_class
from elysara.exercises.grading.collect import collect

STUDENTS = 200
TARGET_SECONDS, TARGET_KB = 10.0, 200


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="elysara-dashboard-bench-") as tmp:
        root = Path(tmp)
        write_sample_class(root / "class", STUDENTS)
        start = time.perf_counter()
        collection = collect([root / "class"])
        summary = summarize(collection, grade(collection, load_bank()))
        page = write_dashboard(summary, root / "out")
        seconds = time.perf_counter() - start
        size_kb = page.stat().st_size / 1000
    print(f"dashboard_{STUDENTS}_students: {seconds:.2f} s (target: {TARGET_SECONDS:g} s)")
    print(f"dashboard_page_size: {size_kb:.1f} kB (target: {TARGET_KB} kB)")
    return 0 if seconds <= TARGET_SECONDS and size_kb <= TARGET_KB else 1


if __name__ == "__main__":
    sys.exit(main())
