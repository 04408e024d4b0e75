"""Benchmark: the class dashboard for 2,500 students (4 notebooks each) and the page's size.

The class is the synthetic one of ``elysara sample-class`` (widget states,
citations, rubric answers, a few malformed notebooks). Timed: what
``elysara dashboard`` does (collect, grade in parallel, summarize, render,
write). ``--class DIR`` reuses a class written earlier by
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
from elysara.exercises.classroom.dashboard import write_dashboard
from elysara.exercises.classroom.summary import summarize
from elysara.exercises.grading.collect import collect
from elysara.exercises.grading.run import grade_collection

STUDENTS = 2500
TARGET_SECONDS, TARGET_KB = 10.0, 200


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
        collection = collect([klass])
        collected = time.perf_counter()
        results = grade_collection(collection, bank)
        graded = time.perf_counter()
        summary = summarize(collection, results)
        summarized = time.perf_counter()
        page = write_dashboard(summary, root / "out", bank=bank)
        seconds = time.perf_counter() - start
        size_kb = page.stat().st_size / 1000
    print(f"dashboard_{students}_students: {seconds:.2f} s (target: {TARGET_SECONDS:g} s; collect "
          f"{collected - start:.1f} s, grade {graded - collected:.1f} s, summarize {summarized - graded:.1f} s, "
          f"render {start + seconds - summarized:.1f} s)")
    print(f"dashboard_page_size: {size_kb:.1f} kB (target: {TARGET_KB} kB)")
    return 0 if seconds <= TARGET_SECONDS and size_kb <= TARGET_KB else 1


if __name__ == "__main__":
    sys.exit(main())
