"""Benchmark: the class dashboard for 200 students (4 notebooks each) and the page's size.

Each student hands in every released notebook; the first holds a Scales,
a Tension Test and a Reversal state and a written answer with citations.
Prints one figure a line as ``name: value unit (target: value unit)``.
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from elysara.exercises.bank import load_bank
from elysara.exercises.classroom import summarize
from elysara.exercises.dashboard import write_dashboard
from elysara.exercises.grading import grade
from elysara.exercises.release import release_notebooks
from elysara.exercises.submission import collect
from elysara.widgets import scales, tension

STUDENTS = 200
TARGET_SECONDS, TARGET_KB = 10.0, 200


def _class(root: Path) -> None:
    released = root / "released"
    notebooks = {p.stem: nbformat.read(p, as_version=4) for p in release_notebooks(released)}
    first = sorted(notebooks)[0]
    rules = list(tension.RULES.values())
    values, options = list(scales.VALUES), list(scales.OPTIONS)
    for n in range(STUDENTS):
        states = {
            "scales_state": {"widget": "scales", "version": 1, "lens": "custom",
                             "weights": {v: float(1 + (n + i) % 7) for i, v in enumerate(values)},
                             "ratings": {o: {v: float((n + i + j) % 5 - 2) for j, v in enumerate(values)}
                                         for i, o in enumerate(options)}},
            "tension_state": {"widget": "tension", "version": 1, "answers": dict(rules[n % len(rules)].example)},
            "reversal_state": {"widget": "reversal", "version": 1, "connect": "reject", "disconnect": "reject"},
        }
        folder = root / "class" / f"student-{n:03d}"
        folder.mkdir(parents=True)
        for set_id, template in notebooks.items():
            nb = copy.deepcopy(template)
            if set_id == first:
                nb.cells.extend(nbformat.v4.new_code_cell(f"{k} = {v!r}") for k, v in states.items())
                answer = next(c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution"))
                answer.source = f'I argue for refusal: "Choose peace." [p8.3] and p{n % 8 + 1}.'

            nbformat.write(nb, folder / f"{set_id}.ipynb")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="elysara-dashboard-bench-") as tmp:
        root = Path(tmp)
        _class(root)
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
