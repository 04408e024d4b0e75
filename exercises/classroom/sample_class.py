"""A synthetic class: made-up submissions for trying the grader and the dashboard.

Each student answers the released student notebooks with a fixed seed, as a
real class might: right, wrong, invalid and blank objective answers; prose put
together from the model answers with real quotations, misquotations, passage
ids (some that do not exist), objections with and without replies; widget
states varied through each widget's own model; and, now and then, a deleted
answer cell or points changed by hand. No real student's work is involved.

The same generator serves ``elysara sample-class`` (so an instructor can see
what grading and the dashboard produce before the first real class), the
benchmarks and the tests.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat

from elysara.atomic import write_text
from elysara.exercises.bank.loading import Bank, load_bank
from elysara.exercises.notebooks.build import build_notebook, python_literal
from elysara.exercises.bank.schema import ExerciseSet
from elysara.text import load_text

#: Quotations that are close to the text but wrong, so the grader has misquotes to flag.
MISQUOTES = ('"we have erased all suffering"', '"Choose peace, wanderer."', '"a dome of shimmering light"')
OBJECTIONS = (
    "One might object that peace is worth any price. In reply, a peace nobody chose is not really theirs.",
    "Critics say that suffering has no value. However, the narrator's scars are part of who they are.",
    "Someone could argue that the citizens are happy.",
    "",
)


def scales_state(rng: random.Random) -> dict[str, Any]:
    """A Scales state: a lens's preset weights, nudged, with the text-based ratings."""
    from elysara.widgets import scales

    lens = rng.choice(list(scales.LENSES))
    preset = scales.default_state(lens)
    weights = {v: round(max(0.0, w + rng.uniform(-2, 2)), 1) for v, w in preset.weights.items()}
    return scales.ScalesState(lens, weights, preset.ratings).to_dict()


def tension_state(rng: random.Random) -> dict[str, Any]:
    """A Tension Test state: most cases answered, a few left open."""
    from elysara.widgets import tension

    answers = {case: rng.choice(tension.ANSWER_IDS) for case in tension.CASES if rng.random() < 0.9}
    return tension.state(answers).to_dict()


def reversal_state(rng: random.Random) -> dict[str, Any]:
    """A Reversal state; refusing to plug in and refusing to unplug is common, as the literature reports."""
    from elysara.widgets import reversal

    connect = rng.choice(("reject", "reject", "accept", "unsure"))
    disconnect = rng.choice(("reject", "reject", "accept", "unsure"))
    return reversal.state_from_dict(
        {"widget": "reversal", "version": 1, "connect": connect, "disconnect": disconnect}
    ).to_dict()


STATE_MAKERS = {"scales": scales_state, "tension": tension_state, "reversal": reversal_state}


def objective_answer(item: Any, rng: random.Random) -> Any:
    """A student's answer to an objective item: usually right, sometimes wrong, invalid or blank."""
    roll = rng.random()
    if roll < 0.1:
        return None
    if item.type == "multiple_choice":
        return item.answer if roll < 0.7 else rng.choice([*item.options, "Z"])
    if item.type == "multiple_select":
        options = list(item.options)
        return item.answer if roll < 0.5 else rng.sample(options, rng.randint(1, len(options)))
    if item.type == "passage_identification":
        ids = list(load_text().passage_ids)
        wrong = [rng.choice(ids) for _ in item.answer] + (["p9.9"] if roll > 0.9 else [])
        return list(item.answer) if roll < 0.6 else wrong
    if item.type == "ordering":
        order = list(item.answer)
        if roll >= 0.6:
            rng.shuffle(order)
        return order
    return None


def prose_answer(item: Any, rng: random.Random) -> str | None:
    """A written answer assembled from the model answer, with quotations, ids and objections."""
    if rng.random() < 0.08:
        return None
    if item.type == "argument_reconstruction":
        lines = [line for line in item.model_answer.splitlines() if line.strip()]
        return "\n".join(lines if rng.random() < 0.7 else lines[:-1])
    sentences = [s.strip() for s in item.model_answer.replace("\n", " ").split(". ") if s.strip()]
    rng.shuffle(sentences)
    text = ". ".join(sentences[: rng.randint(1, len(sentences))]) + "."
    passage = rng.choice(load_text().sentences)
    extras = [
        f'As the text says, "{passage.text.strip(chr(34))}" ({passage.id}).',
        rng.choice(MISQUOTES) + " (p4.2)",
        rng.choice(OBJECTIONS),
        "I would refuse, because autonomy and dignity matter." if rng.random() < 0.5 else "",
    ]
    return " ".join([text, *rng.sample(extras, rng.randint(0, len(extras)))])


def make_submission(exercise_set: ExerciseSet, rng: random.Random) -> nbformat.NotebookNode:
    """One student's notebook: the released student notebook with answers typed in."""
    nb = build_notebook(exercise_set)
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells}
    for item in exercise_set.items:
        cell = cells[item.id]
        if item.prose:
            prose = prose_answer(item, rng)
            if prose is not None:
                cell.source = prose
        else:
            cell.source = f"answer = {python_literal(objective_answer(item, rng))}\n"
        if item.uses_widget and rng.random() < 0.85:
            state = STATE_MAKERS[item.uses_widget](rng)
            cells[f"{item.id}-state"].source = f"{item.state_variable} = {python_literal(state)}\n"
    roll = rng.random()
    if roll < 0.02:
        nb.cells.remove(cells[exercise_set.items[0].id])  # a student deleted an answer cell
    elif roll < 0.04:
        cells[exercise_set.items[0].id].metadata["nbgrader"]["points"] = 99  # points changed by hand
    return nb


def write_sample_class(
    root: Path, students: int, *, seed: int = 20261126, set_ids: Iterable[str] = (), bank: Bank | None = None
) -> list[Path]:
    """Write ``root/student-NNN/<set-id>.ipynb`` for every student and set; return the paths."""
    bank = bank or load_bank()
    sets = [bank.get_set(set_id) for set_id in set_ids] or list(bank.sets.values())
    rng = random.Random(seed)
    paths = []
    for exercise_set in sets:
        for n in range(students):
            path = Path(root) / f"student-{n:03d}" / f"{exercise_set.id}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text(path, nbformat.writes(make_submission(exercise_set, rng)))
            paths.append(path)
    return paths
