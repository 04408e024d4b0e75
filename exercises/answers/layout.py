"""Where each answer sits in a released notebook: the contract between the builder and every reader.

The builder (:mod:`elysara.exercises.notebooks.build`) writes cells with these
nbgrader ``grade_id``s; the reader (:mod:`elysara.exercises.answers.reader`)
finds answers by them. Kept here, below both, so neither repeats them.
"""

from __future__ import annotations

__all__ = [
    "ANSWER_VARIABLE", "CHECK_ID", "INTRO_ID", "PLACEHOLDERS", "PROSE_PLACEHOLDER", "SETUP_ID",
    "answer_cell_id", "prompt_cell_id", "state_cell_id",
]

INTRO_ID = "elysara_intro"
SETUP_ID = "elysara_setup"
CHECK_ID = "elysara_check"
#: The variable an objective answer cell assigns: ``answer = "B"``.
ANSWER_VARIABLE = "answer"
#: The text of an unanswered prose cell (nbgrader's own placeholder).
PROSE_PLACEHOLDER = "YOUR ANSWER HERE"
#: Prose cell sources that mean "not answered yet" (the placeholder, bare or emphasised by an editor).
PLACEHOLDERS = frozenset({"", PROSE_PLACEHOLDER, f"_{PROSE_PLACEHOLDER}_", f"*{PROSE_PLACEHOLDER}*"})


def prompt_cell_id(item_id: str) -> str:
    """The locked prompt cell of an item."""
    return f"{item_id}-prompt"


def answer_cell_id(item_id: str) -> str:
    """The answer cell of an item (graded)."""
    return item_id


def state_cell_id(item_id: str) -> str:
    """The widget-state cell of an item that uses a widget."""
    return f"{item_id}-state"
