"""Benchmark: grade 1,000 realistic submissions (4 sets x 250 students) and write every output.

Submissions are generated from the released student notebooks with a fixed
seed: right, wrong, invalid and blank objective answers; prose assembled from
the model answers, with real quotations, misquotations, passage ids (some
nonexistent), objections and replies, in varied lengths; a few deleted
cells and tampered points. Then a sample of the same notebooks is executed
with nbclient, to compare parsing with running.

Prints ``grading_1000_submissions: X s (target: 5 s)`` and the per-notebook
times of grading and of execution, and their ratio.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.grading.run import grade_to_folder
from elysara.exercises.classroom.sample_class import write_sample_class

TOTAL = 1000
SAMPLE = 8
TARGET_SECONDS = 5.0


def generate(root: Path, bank) -> list[Path]:
    """1,000 submissions: every set for TOTAL / (number of sets) made-up students."""
    return write_sample_class(root, TOTAL // len(bank.sets), bank=bank)


def execute_sample(paths: list[Path]) -> list[float]:
    from nbclient import NotebookClient

    times = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        # allow_errors: we time running the notebook, whatever its cells do.
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    bank = load_bank()
    with tempfile.TemporaryDirectory(prefix="elysara-bench-") as tmp:
        root = Path(tmp) / "class"
        paths = generate(root, bank)
        sets_used = len(bank.sets)
        if sets_used < 4:
            print(f"note: the bank has {sets_used} set(s); {len(paths)} submissions spread over them", file=sys.stderr)
        start, cpu_start = time.perf_counter(), os.times()
        outcome = grade_to_folder([root], Path(tmp) / "out", bank=bank)
        elapsed, cpu_end = time.perf_counter() - start, os.times()
        cpu = sum(cpu_end[:4]) - sum(cpu_start[:4])  # user + system, this process and its workers
        graded = len(outcome.results)
        print(f"grading_{len(paths)}_submissions: {elapsed:.2f} s (target: {TARGET_SECONDS:g} s)")
        # On a shared machine wall time depends on the load; CPU time does not.
        print(f"grading_{len(paths)}_submissions_cpu: {cpu:.2f} s (target: {2 * TARGET_SECONDS:g} s on 2 cores)")
        per_grade = elapsed / max(graded, 1)
        sample = paths[:: max(1, len(paths) // SAMPLE)][:SAMPLE]
        run_times = execute_sample(sample)
        per_run = sum(run_times) / len(run_times)
        print(f"grading_per_notebook: {per_grade * 1000:.2f} ms (target: {TARGET_SECONDS:g} ms)")
        print(f"executing_per_notebook: {per_run * 1000:.0f} ms (sample of {len(run_times)} with nbclient)")
        print(f"execute_to_grade_ratio: {per_run / per_grade:.0f} x")
    return 0  # figures are reported, not enforced: wall time on a shared machine varies


if __name__ == "__main__":
    sys.exit(main())
