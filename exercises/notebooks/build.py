"""Building the student and solution notebooks of an exercise set.

The layout is the contract between the bank, the grader and ``check()``:

* a locked title cell (grade_id ``elysara_intro``) and a locked setup code
  cell (``elysara_setup``);
* per item ``I``: a locked markdown prompt cell (``I-prompt``); for items with
  ``uses_widget`` a code cell ``I-state`` (solution, not graded) holding
  ``scales_state = None`` or the like; then the answer cell ``I``: a code cell
  ``answer = None`` for objective items, a markdown cell for prose items
  (solution and grade, like nbgrader's manually graded answers);
* a final locked ``check()`` cell (``elysara_check``).

Metadata follows nbgrader's schema version 3; student notebooks carry the
checksums nbgrader would compute, so they also work in nbgrader.
"""

from __future__ import annotations

import json
import pprint
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode

from elysara.exercises.answers.checksum import compute_checksum
from elysara.exercises.answers.layout import (
    CHECK_ID,
    INTRO_ID,
    PROSE_PLACEHOLDER,
    SETUP_ID,
    prompt_cell_id,
    state_cell_id,
)
from elysara.exercises.bank.schema import (
    ArgumentReconstructionItem,
    ExerciseSet,
    Item,
    MultipleChoiceItem,
    MultipleSelectItem,
    OrderingItem,
    PassageIdentificationItem,
    ReflectionItem,
    ShortAnswerItem,
)
from elysara.text import load_text

#: How a student gets each widget's state, as one Markdown sentence.
WIDGET_STATE_HOWTO = {
    "scales": (
        "Run the cell below that shows the Scales, rate and weigh, then copy the whole `scales_state = ...` "
        "line the widget shows and paste it"
    ),
    "tension": ("Run the cell below that shows the Tension Test (or use *Copy my answers* on its page in the book) "
                "and copy the whole `tension_state = ...` line it shows: paste it"),
    "reversal": ("Run the cell below that shows the Reversal (or use *Copy my answers* on its page in the book) "
                 "and copy the whole `reversal_state = ...` line it shows: paste it"),
}
#: The ready-made cell that shows a widget with its answer line (not graded; locked).
WIDGET_CELL = (
    "# Run this cell (Shift+Enter) to show the widget. Copy the line it shows into the cell below.\n"
    "from elysara.widgets.answer_line import show\n"
    "show({widget!r})\n"
)

#: Human names of the item types, for prompts and pages.
TYPE_LABELS = {
    "multiple_choice": "Multiple choice",
    "multiple_select": "Select all that apply",
    "passage_identification": "Find the passages",
    "ordering": "Put in order",
    "short_answer": "Short answer",
    "argument_reconstruction": "Reconstruct the argument",
    "reflection": "Reflection",
    "annotation": "Notes on the text",  # an annotation set (exercises/sets/annotation.yml): no notebook
}


def question_label(exercise_set: ExerciseSet, item_id: str) -> str:
    """How a student sees an item in the notebook and on the site: ``Question 3, Reflection``."""
    for number, item in enumerate(exercise_set.items, start=1):
        if item.id == item_id:
            return f"Question {number}, {TYPE_LABELS[item.type]}"
    raise KeyError(f"no item {item_id!r} in set {exercise_set.id!r}")


def format_points(points: float) -> str:
    """``1 point``, ``2.5 points``."""
    number = f"{points:g}"
    return f"{number} point" if number == "1" else f"{number} points"


def answer_format(item: Item) -> str:
    """How the student writes the answer to ``item``, in one sentence of Markdown."""
    if isinstance(item, MultipleChoiceItem):
        # The same example for every item, so it never hints at a key.
        return 'Replace `None` with the letter of one option in quotes, for example `answer = "B"`.'
    if isinstance(item, MultipleSelectItem):
        return 'Replace `None` with a list of every letter that applies, for example `answer = ["A", "C"]`.'
    if isinstance(item, PassageIdentificationItem):
        count = item.count or len(item.answer)
        noun = "passage id" if count == 1 else f"{count} passage ids"
        return f'Replace `None` with a list of {noun} in quotes, for example `answer = ["p1.2"]`.'
    if isinstance(item, OrderingItem):
        example = list(range(1, len(item.steps) + 1))
        return f"Replace `None` with the step numbers in the right order, each once, for example `answer = {example}`."
    if isinstance(item, ArgumentReconstructionItem):
        return (
            "Double-click the cell below and replace its text with one line per statement: "
            "`P1: ... [p4.2]`, `P2 (implicit): ...`, and last `C: ...`."
        )
    return "Double-click the cell below and replace its text with your answer (Markdown)."


def prompt_markdown(item: Item, number: int) -> str:
    """The prompt cell of an item: heading, prompt, cited passages, choices and format."""
    text = load_text()
    lines = [f"### {number}. {TYPE_LABELS[item.type]} ({format_points(item.max_points)})", "", item.prompt.strip(), ""]
    if item.cites:
        lines.append("**The text:**")
        lines.append("")
        for passage_id in item.cites:
            lines.append(f"> **{passage_id}** {text.passage(passage_id).text}")
            lines.append(">")
        lines.pop()
        lines.append("")
    if isinstance(item, (MultipleChoiceItem, MultipleSelectItem)):
        lines.extend(f"- **{key}**: {value}" for key, value in item.options.items())
        lines.append("")
    if isinstance(item, OrderingItem):
        lines.extend(f"{index}. {step}" for index, step in enumerate(item.steps, start=1))
        lines.append("")
    if item.uses_widget:
        lines.append(
            f"**Your widget state:** {WIDGET_STATE_HOWTO[item.uses_widget]} into the `{item.state_variable}` "
            "cell below, replacing `None`. The cell must hold the values themselves, not code that computes them."
        )
        lines.append("")
    if isinstance(item, (ShortAnswerItem, ArgumentReconstructionItem, ReflectionItem)):
        if item.words is not None:
            limit = f"{item.words.min}–{item.words.max}" if item.words.max else f"at least {item.words.min}"
            lines.append(f"*Length: {limit} words.*")
            lines.append("")
        lines.append("**How it is marked:**")
        lines.append("")
        if isinstance(item, ArgumentReconstructionItem):
            lines.append(f"- *Structure* ({format_points(item.points)}): premises, a conclusion, citations that exist.")
        for criterion in item.rubric.criteria:
            lines.append(f"- *{criterion.title}* ({format_points(criterion.max_points)}): {criterion.explanation}")
        lines.append("")
    lines.append(answer_format(item))
    return "\n".join(lines).strip() + "\n"


def python_literal(value: Any) -> str:
    """A Python literal that ``ast.literal_eval`` reads back as ``value``."""
    return pprint.pformat(value, width=88, sort_dicts=False)


def objective_key(item: Item) -> Any:
    """The key of an objective item as the student would write it."""
    return list(item.answer) if isinstance(item.answer, list) else item.answer


def _nbgrader(cell: NotebookNode, grade_id: str, *, grade: bool = False, solution: bool = False,
              locked: bool = False, points: float | None = None) -> NotebookNode:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    cell.metadata["nbgrader"] = meta
    # Deterministic ids keep released notebooks identical from one release to the next.
    cell["id"] = grade_id.replace("_", "-")[:64]
    if locked:
        cell.metadata["deletable"] = False
        cell.metadata["editable"] = False
    return cell


def setup_source(exercise_set: ExerciseSet) -> str:
    """The setup cell: imports ``check`` and records which set this notebook is."""
    return (
        "# Run this cell first (Shift+Enter). Do not change it.\n"
        "try:\n"
        "    from elysara.exercises.check import check, setup_notebook\n"
        "except ImportError:\n"
        # Said as the exercise pages say it (sphinxext.exercise_set.OPEN_NOTEBOOK_HTML): a student
        # who downloaded this notebook from the site has no README to look in.
        "    raise ImportError(\"This notebook needs the course's Python package, elysara-courseware, \"\n"
        "                      \"installed where the notebook runs: your teacher tells you where to get it \"\n"
        "                      \"(a school hub has it already). You can still write and save your answers.\") from None\n"
        f"setup_notebook({json.dumps(exercise_set.id)})\n"
    )


def intro_markdown(exercise_set: ExerciseSet) -> str:
    """The title cell: title, intro and how to work in the notebook."""
    return (
        f"# {exercise_set.title}\n\n{exercise_set.intro.strip()}\n\n"
        f"**Total: {format_points(exercise_set.max_points)}.**\n\n"
        "**How to work in this notebook.** Run the setup cell below first. Answer each question in the cell "
        "under it: code cells hold `answer = ...` (replace `None`), text cells hold your writing "
        "(double-click to edit, Shift+Enter to finish). Save often (Ctrl+S or File → Save). When you are done, "
        "**save**, then run the last cell, `check()`: it reads your saved notebook and lists answers it cannot "
        "read (an option that does not exist, a passage id that is not in the text, a reflection that is too "
        "short). It never tells you whether an answer is right.\n"
    )


def build_notebook(exercise_set: ExerciseSet, *, solutions: bool = False) -> NotebookNode:
    """The student notebook of a set, or with ``solutions=True`` its solution notebook."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["elysara"] = {"set_id": exercise_set.id, "solutions": solutions}
    cells = [
        _nbgrader(nbformat.v4.new_markdown_cell(intro_markdown(exercise_set)), INTRO_ID, locked=True),
        _nbgrader(nbformat.v4.new_code_cell(setup_source(exercise_set)), SETUP_ID, locked=True),
    ]
    for number, item in enumerate(exercise_set.items, start=1):
        cells.append(_nbgrader(nbformat.v4.new_markdown_cell(prompt_markdown(item, number)), prompt_cell_id(item.id), locked=True))
        if item.state_variable:
            widget_cell = nbformat.v4.new_code_cell(WIDGET_CELL.format(widget=item.uses_widget))
            cells.append(_nbgrader(widget_cell, f"{item.id}-widget", locked=True))
            state = item.model_state if solutions and item.model_state is not None else None
            source = f"{item.state_variable} = {python_literal(state)}\n"
            cells.append(_nbgrader(nbformat.v4.new_code_cell(source), state_cell_id(item.id), solution=True))
        if item.prose:
            source = item.model_answer.strip() + "\n" if solutions else PROSE_PLACEHOLDER
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            key = objective_key(item) if solutions else None
            cell = nbformat.v4.new_code_cell(f"answer = {python_literal(key)}\n")
        cells.append(_nbgrader(cell, item.id, grade=True, solution=True, points=item.max_points))
    cells.append(_nbgrader(nbformat.v4.new_code_cell("check()\n"), CHECK_ID, locked=True))
    if not solutions:
        # nbgrader's generate_assignment records these in the student version only.
        for cell in cells:
            cell.metadata["nbgrader"]["checksum"] = compute_checksum(cell)
            cell.metadata["nbgrader"]["cell_type"] = cell.cell_type
    nb.cells = cells
    nbformat.validate(nb)
    return nb
