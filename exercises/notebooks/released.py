"""The released student notebook of a set, as the grader compares submissions with it.

Built with the release code (:func:`elysara.exercises.notebooks.build.build_notebook`)
from the bank being graded against, once per set per run.
"""

from __future__ import annotations

from typing import Any

from elysara.exercises.notebooks.build import build_notebook
from elysara.exercises.bank.schema import ExerciseSet

# Keyed by object identity: a Bank's sets live as long as the grading run, and
# pydantic models holding lists are not hashable.
_CACHE: dict[int, tuple[ExerciseSet, dict[str, Any]]] = {}


def cells(exercise_set: ExerciseSet) -> dict[str, Any]:
    """The released student notebook's nbgrader cells by grade_id."""
    cached = _CACHE.get(id(exercise_set))
    if cached is not None and cached[0] is exercise_set:
        return cached[1]
    notebook = build_notebook(exercise_set, solutions=False)
    by_id = {cell.metadata["nbgrader"]["grade_id"]: cell for cell in notebook.cells if "nbgrader" in cell.metadata}
    _CACHE[id(exercise_set)] = (exercise_set, by_id)
    return by_id
