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
import random
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from elysara.exercises.bank import load_bank
from elysara.exercises.grade import grade_to_folder
from elysara.exercises.notebook import build_notebook, python_literal
from elysara.text import load_text

TOTAL = 1000
SAMPLE = 8
TARGET_SECONDS = 5.0
MISQUOTES = ['"we have erased all suffering"', '"Choose peace, wanderer."', '"a dome of shimmering light"']
OBJECTIONS = [
    "One might object that peace is worth any price. In reply, a peace nobody chose is not really theirs.",
    "Critics say that suffering has no value. However, the narrator's scars are part of who they are.",
    "Someone could argue that the citizens are happy.",
    "",
]


def _objective_answer(item, rng: random.Random):
    roll = rng.random()
    if roll < 0.1:
        return None
    if item.type == "multiple_choice":
        return item.answer if roll < 0.7 else rng.choice(list(item.options) + ["Z"])
    if item.type == "multiple_select":
        options = list(item.options)
        return item.answer if roll < 0.5 else rng.sample(options, rng.randint(1, len(options)))
    if item.type == "passage_identification":
        ids = list(load_text().passage_ids)
        return list(item.answer) if roll < 0.6 else [rng.choice(ids) for _ in item.answer] + (["p9.9"] if roll > 0.9 else [])
    if item.type == "ordering":
        order = list(item.answer)
        if roll >= 0.6:
            rng.shuffle(order)
        return order
    return None


def _prose(item, rng: random.Random) -> str | None:
    if rng.random() < 0.08:
        return None
    sentences = [s.strip() for s in item.model_answer.replace("\n", " ").split(". ") if s.strip()]
    rng.shuffle(sentences)
    text = ". ".join(sentences[: rng.randint(1, len(sentences))]) + "."
    if item.type == "argument_reconstruction":
        lines = [line for line in item.model_answer.splitlines() if line.strip()]
        return "\n".join(lines if rng.random() < 0.7 else lines[:-1])
    passage = rng.choice(load_text().sentences)
    extras = [f'As the text says, "{passage.text.strip(chr(34))}" ({passage.id}).', rng.choice(MISQUOTES) + " (p4.2)",
              rng.choice(OBJECTIONS), "I would refuse, because autonomy and dignity matter." if rng.random() < 0.5 else ""]
    return " ".join([text, *rng.sample(extras, rng.randint(0, len(extras)))])


def make_submission(exercise_set, rng: random.Random) -> nbformat.NotebookNode:
    """One student's notebook: the released notebook with varied answers typed in."""
    nb = build_notebook(exercise_set)
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}
    for item in exercise_set.items:
        cell = cells[item.id]
        if item.prose:
            prose = _prose(item, rng)
            if prose is not None:
                cell.source = prose
        else:
            cell.source = f"answer = {python_literal(_objective_answer(item, rng))}\n"
        if item.uses_widget and item.model_state is not None and rng.random() < 0.7:
            cells[f"{item.id}-state"].source = f"{item.state_variable} = {python_literal(item.model_state)}\n"
    roll = rng.random()
    if roll < 0.02:
        nb.cells.remove(cells[exercise_set.items[0].id])
    elif roll < 0.04:
        cells[exercise_set.items[0].id].metadata["nbgrader"]["points"] = 99
    return nb


def generate(root: Path, bank) -> list[Path]:
    rng = random.Random(20261126)
    sets = list(bank.sets.values())
    per_set = TOTAL // len(sets)
    paths = []
    for exercise_set in sets:
        for n in range(per_set):
            path = root / f"student-{n:03d}" / f"{exercise_set.id}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(nbformat.writes(make_submission(exercise_set, rng)), encoding="utf-8")
            paths.append(path)
    return paths


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
