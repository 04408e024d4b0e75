"""Benchmark: grading and charting a class's notes files (issue #17).

300 made-up students' ``elysara-notes.json`` (``elysara sample-class --notes``):
every anchor re-verified against the text, counts and rubric evidence, then the
dashboard's hot spots. Prints one figure a line as ``name: value unit (target: value unit)``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.classroom.hot_spots import count_hot_spots, read_class_notes, render_hot_spots
from elysara.exercises.classroom.sample_notes import write_sample_notes
from elysara.exercises.grading.annotation_set import grade_note_files
from elysara.exercises.grading.note_files import find_note_files

STUDENTS = 300
TARGET_GRADE_SECONDS, TARGET_HOT_SPOTS_SECONDS = 3.0, 2.0


def main() -> int:
    bank = load_bank()
    with tempfile.TemporaryDirectory(prefix="elysara-notes-bench-") as tmp:
        write_sample_notes(Path(tmp), STUDENTS)
        start = time.perf_counter()
        files, _ = find_note_files([tmp])
        grade_note_files(files, bank)
        graded = time.perf_counter() - start
        start = time.perf_counter()
        notes, unreadable = read_class_notes(files)
        render_hot_spots(count_hot_spots(notes, min_group=5), unreadable)
        charted = time.perf_counter() - start
    print(f"grade_notes_{STUDENTS}_students: {graded:.2f} s (target: {TARGET_GRADE_SECONDS:g} s)")
    print(f"hot_spots_{STUDENTS}_students: {charted:.2f} s (target: {TARGET_HOT_SPOTS_SECONDS:g} s)")
    return 0 if graded <= TARGET_GRADE_SECONDS and charted <= TARGET_HOT_SPOTS_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
