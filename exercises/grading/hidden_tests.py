"""What an nbgrader hidden test calls: the same scoring as ``elysara grade``, key given by the test.

``elysara release DIR --nbgrader`` writes, after each objective answer, a
locked nbgrader test cell whose hidden part is::

    from elysara.exercises.grading.hidden_tests import score
    score({"id": ..., "type": "multiple_select", "points": 2, "options": {...}, "answer": [...]}, _answer)

The key lives in the hidden test (nbgrader removes it from the students'
copies), and the points come from
:func:`elysara.exercises.grading.scoring.grade_objective`, the function
``elysara grade`` uses, so both graders score an answer alike. The number is
the cell's result, which nbgrader reads as partial credit. This module runs
only inside nbgrader's autograding kernel; ``elysara grade`` never executes
a notebook.
"""

from __future__ import annotations

import warnings
from typing import Any

__all__ = ["score"]


def score(fields: dict[str, Any], value: Any) -> float:
    """Points for ``value`` (the answer the test read) on the item described by ``fields``."""
    # nbgrader gives 0 to a test cell that writes to stderr: keep warnings out of it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pydantic import TypeAdapter

        from elysara.exercises.bank.schema import Item
        from elysara.exercises.grading.scoring import grade_objective

        item = TypeAdapter(Item).validate_python({"prompt": "(hidden test)", **fields})
        return float(grade_objective(item, value).points)
