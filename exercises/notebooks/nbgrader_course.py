"""``elysara release DIR --nbgrader``: the sets as an nbgrader course source tree.

Writes ``DIR/source/<set-id>/<set-id>.ipynb`` (the instructor's version, with
keys and model answers between nbgrader's markers), ``DIR/nbgrader_config.py``
and ``DIR/README.md``. Run ``nbgrader generate_assignment <set-id>`` in
``DIR`` to make the students' version: nbgrader removes the solutions and the
hidden tests, and computes its checksums.

Per item, the cells differ from the plain release
(:mod:`elysara.exercises.notebooks.build`) only where nbgrader needs them to:

* an objective item's answer is an *autograded answer* (solution, not
  graded): ``answer = None`` stays as the template, the key sits in a
  ``### BEGIN SOLUTION`` region that nbgrader replaces with the code stub
  set in ``nbgrader_config.py`` (a comment, so the template survives);
* it is followed by a locked *autograder test* (``<item-id>-test``) worth the
  item's points. Its visible line takes this item's ``answer`` out of the
  kernel (``globals().pop``), so a later blank or broken answer cell can never
  be scored with an earlier item's value; its hidden tests hold the key and
  call :func:`elysara.exercises.grading.hidden_tests.score`, the scoring
  ``elysara grade`` uses, whose number nbgrader takes as partial credit;
* reflections, short answers and argument reconstructions are *manually
  graded answers* worth all their points. A reconstruction's structure
  points, which ``elysara grade`` computes exactly from the Markdown, are
  part of that manual grade in nbgrader (a test cell cannot read a Markdown
  cell): nbgrader's automatic score is the objective items', and the
  structure points appear, computed, in ``elysara grade``'s items.csv for the
  instructor to enter. Both graders give each set the same maximum.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode

from elysara.atomic import write_text
from elysara.exercises.bank.loading import Bank, load_bank
from elysara.exercises.bank.schema import ExerciseSet, Item
from elysara.exercises.notebooks.build import (
    CHECK_ID,
    INTRO_ID,
    PROSE_PLACEHOLDER,
    SETUP_ID,
    _nbgrader,
    format_points,
    intro_markdown,
    objective_key,
    prompt_markdown,
    python_literal,
    setup_source,
)

__all__ = ["CODE_STUB", "TEST_SUFFIX", "build_source_notebook", "student_templates", "autograder_cell_id", "write_course"]

#: The grade_id suffix of an objective item's autograder test cell.
TEST_SUFFIX = "-test"
#: What nbgrader puts where a code solution was (nbgrader_config.py sets it).
CODE_STUB = "# (your answer replaces None in the line above)"
#: The fields of an objective item a hidden test needs to score it.
_KEY_FIELDS = ("id", "type", "points", "options", "steps", "count", "answer")


def autograder_cell_id(item_id: str) -> str:
    """The grade_id of an objective item's autograder test cell."""
    return f"{item_id}{TEST_SUFFIX}"


#: nbgrader's own default code stub for Python, used when a course keeps it.
_NBGRADER_DEFAULT_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def student_templates(item: Item) -> tuple[str, ...]:
    """The sources ``generate_assignment`` gives an item's answer cell (our stub, nbgrader's default)."""
    if item.prose:
        return (PROSE_PLACEHOLDER,)
    return tuple(f"answer = None\n{stub}\n" for stub in (CODE_STUB, _NBGRADER_DEFAULT_STUB))


def _solution_region(variable: str, value: Any) -> str:
    return f"{variable} = None\n### BEGIN SOLUTION\n{variable} = {python_literal(value)}\n### END SOLUTION\n"


def _hidden_test(item: Item, number: int) -> str:
    fields = {name: getattr(item, name) for name in _KEY_FIELDS if getattr(item, name, None) is not None}
    if "answer" in fields:
        fields["answer"] = objective_key(item)
    return (
        f"# Autograder test for question {number} ({format_points(item.max_points)}). Locked: do not change it.\n"
        "# It takes this question's `answer` out of the kernel, so no later question can read it.\n"
        '_answer = globals().pop("answer", None)\n'
        "### BEGIN HIDDEN TESTS\n"
        "import warnings\n"
        "with warnings.catch_warnings():\n"
        '    warnings.simplefilter("ignore")\n'
        "    from elysara.exercises.grading.hidden_tests import score\n"
        f"score({python_literal(json.loads(json.dumps(fields)))}, _answer)\n"
        "### END HIDDEN TESTS\n"
    )


def build_source_notebook(exercise_set: ExerciseSet) -> NotebookNode:
    """The instructor's nbgrader source notebook of a set (keys, model answers, hidden tests)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata["elysara"] = {"set_id": exercise_set.id, "solutions": False, "flavour": "nbgrader"}
    cells = [
        _nbgrader(nbformat.v4.new_markdown_cell(intro_markdown(exercise_set)), INTRO_ID, locked=True),
        _nbgrader(nbformat.v4.new_code_cell(setup_source(exercise_set)), SETUP_ID, locked=True),
    ]
    for number, item in enumerate(exercise_set.items, start=1):
        cells.append(_nbgrader(nbformat.v4.new_markdown_cell(prompt_markdown(item, number)), f"{item.id}-prompt", locked=True))
        if item.state_variable:
            source = _solution_region(item.state_variable, item.model_state)
            cells.append(_nbgrader(nbformat.v4.new_code_cell(source), f"{item.id}-state", solution=True))
        if item.prose:
            # nbgrader replaces a whole Markdown solution with its text stub, our placeholder.
            cell = nbformat.v4.new_markdown_cell(item.model_answer.strip() + "\n")
            cells.append(_nbgrader(cell, item.id, grade=True, solution=True, points=item.max_points))
        else:
            cells.append(_nbgrader(nbformat.v4.new_code_cell(_solution_region("answer", objective_key(item))), item.id, solution=True))
            test = nbformat.v4.new_code_cell(_hidden_test(item, number))
            cells.append(_nbgrader(test, autograder_cell_id(item.id), grade=True, locked=True, points=item.max_points))
    cells.append(_nbgrader(nbformat.v4.new_code_cell("check()\n"), CHECK_ID, locked=True))
    nb.cells = cells
    nbformat.validate(nb)
    return nb


CONFIG = f'''# nbgrader configuration for the Elysara exercise sets (written by `elysara release --nbgrader`).
# If your course already has an nbgrader_config.py, copy the ClearSolutions lines into it.
c = get_config()  # noqa: F821 (nbgrader defines it)

# Where a key was, students see a comment instead of nbgrader's default
# "raise NotImplementedError()", so the template line `answer = None` above it
# stays the whole answer until they replace None.
c.ClearSolutions.code_stub = {{"python": {json.dumps(CODE_STUB)}}}
c.ClearSolutions.text_stub = {json.dumps(PROSE_PLACEHOLDER)}

# The hidden tests import elysara-courseware: install it in the environment
# nbgrader autogrades in (the students' notebooks need it too).
'''

README = """# Elysara exercise sets for nbgrader

Written by `elysara release DIR --nbgrader`. `source/<set-id>/<set-id>.ipynb`
is the instructor's version of each set: keys and model answers between
nbgrader's `### BEGIN SOLUTION` markers, keys of the objective items in hidden
tests. Keep it from students.

Adding a set to a course (run in this folder, or copy `source/<set-id>/` and
the `ClearSolutions` lines of `nbgrader_config.py` into your course):

1. `nbgrader generate_assignment <set-id>` writes the students' version to
   `release/<set-id>/` (no keys, no hidden tests); release it as usual
   (`nbgrader release_assignment <set-id>` with an exchange, or share the file).
2. After collecting, `nbgrader autograde <set-id>` scores the objective items
   (multiple choice, multiple select, passages, ordering), with the same
   partial credit as `elysara grade`. The environment nbgrader grades in
   needs `elysara-courseware` installed: the hidden tests call its scoring.
3. Reflections, short answers and argument reconstructions are manually graded
   answers in the formgrader. A reconstruction's cell carries its structure
   points too; `elysara grade submitted/` computes them (items.csv) and
   suggests rubric levels with evidence.

`elysara grade` reads nbgrader's `submitted/` and `autograded/` folders
directly; it never runs a notebook.
"""


def write_course(outdir: Path, *, set_ids: Iterable[str] = (), bank: Bank | None = None) -> list[Path]:
    """Write the nbgrader source tree for the chosen sets (default: all); returns the paths written."""
    bank = bank or load_bank()
    chosen = list(set_ids) or list(bank.sets)
    sets = [bank.get_set(set_id) for set_id in chosen]  # KeyError names the valid ids
    outdir = Path(outdir)
    written = []
    for exercise_set in sets:
        path = outdir / "source" / exercise_set.id / f"{exercise_set.id}.ipynb"
        written.append(write_text(path, nbformat.writes(build_source_notebook(exercise_set)) + "\n"))
    written.append(write_text(outdir / "nbgrader_config.py", CONFIG))
    written.append(write_text(outdir / "README.md", README))
    return written
