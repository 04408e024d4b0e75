"""nbgrader itself grades the `elysara release --nbgrader` course, and agrees with `elysara grade`.

The slow test runs nbgrader's own commands (generate_assignment, autograde,
export) on a small class in a temporary course folder, then grades the same
submissions (and nbgrader's autograded copies) with `elysara grade`, and
compares the automatic points for every student and set.
"""

from __future__ import annotations

import ast
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from _grading_support import bank
from elysara.exercises.grading.grader import STATUS_NOT_GRADED
from elysara.exercises.grading.run import grade_to_folder
from elysara.exercises.notebooks.build import build_notebook, objective_key, python_literal
from elysara.exercises.notebooks.nbgrader_course import build_source_notebook, student_templates, autograder_cell_id, write_course

NBGRADER = Path(sys.executable).with_name("nbgrader")


def _by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def _assigned_literals(nb) -> list[tuple[str, object]]:
    """Every `name = <literal>` in the notebook's code cells."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                try:
                    found.append((node.targets[0].id, ast.literal_eval(node.value)))
                except ValueError:
                    pass
    return found


def test_source_notebooks_follow_nbgraders_cell_kinds():
    for exercise_set in bank().sets.values():
        cells = _by_id(build_source_notebook(exercise_set))
        for item in exercise_set.items:
            meta = cells[item.id].metadata["nbgrader"]
            if item.prose:  # a manually graded answer with all the item's points
                assert meta["grade"] and meta["solution"] and meta["points"] == item.max_points
                assert autograder_cell_id(item.id) not in cells
            else:  # an autograded answer, then a locked test worth the points, key hidden
                assert meta["solution"] and not meta["grade"]
                test = cells[autograder_cell_id(item.id)]
                assert test.metadata["nbgrader"]["grade"] and test.metadata["nbgrader"]["locked"]
                assert test.metadata["nbgrader"]["points"] == item.points
                hidden = test.source.split("### BEGIN HIDDEN TESTS", 1)[1]
                assert python_literal(objective_key(item)) in hidden or json.dumps(objective_key(item)) in hidden
                assert 'globals().pop("answer", None)' in test.source.split("### BEGIN HIDDEN TESTS")[0]
        total = sum(c.metadata["nbgrader"]["points"] for c in cells.values() if c.metadata["nbgrader"]["grade"])
        assert total == exercise_set.max_points


def test_release_nbgrader_writes_a_course_source_tree(tmp_path: Path):
    from click.testing import CliRunner

    from elysara.exercises.commands.release import release_command

    result = CliRunner().invoke(release_command, [str(tmp_path / "course"), "--nbgrader"])
    assert result.exit_code == 0, result.output
    for set_id in bank().sets:
        assert (tmp_path / "course" / "source" / set_id / f"{set_id}.ipynb").is_file()
    assert "ClearSolutions.code_stub" in (tmp_path / "course" / "nbgrader_config.py").read_text(encoding="utf-8")
    assert "generate_assignment" in (tmp_path / "course" / "README.md").read_text(encoding="utf-8")


# -- the round trip through nbgrader --------------------------------------------------------------

def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=f"{NBGRADER.parent}{os.pathsep}{os.environ.get('PATH', '')}")
    run = subprocess.run([str(NBGRADER), *args], cwd=course, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def _wrong(item) -> str:
    """A wrong answer of each kind, spelt as a student might."""
    return {
        "multiple_choice": next(repr(k) for k in item.options if k != item.answer) if hasattr(item, "options") else "'Z'",
        "multiple_select": repr(",".join(k for k in item.options if k not in item.answer)) if hasattr(item, "options") else "[]",
        "passage_identification": '["p1.1", "p99.9"]',
        "ordering": repr(list(range(1, len(getattr(item, "steps", [1, 2])) + 1))),
    }[item.type]


def _odd_type(item, index: int) -> str:
    """An answer of the wrong type or shape, or no valid Python at all."""
    choices = ["3", "True", "{'A': 1}", '"A, C"', "(2, 4, 1, 5, 3)", "[", "answer", "'a'"]
    return choices[index % len(choices)]


def _answered(release: nbformat.NotebookNode, exercise_set, student: str) -> nbformat.NotebookNode:
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    cells = _by_id(nb)
    objective = [item for item in exercise_set.items if not item.prose]
    for index, item in enumerate(objective):
        key = f"answer = {python_literal(objective_key(item))}\n"
        source = {
            "full": key,
            "blank": None,
            "mixed": [key, f"answer = {_wrong(item)}\n", None][index % 3],
            "types": f"answer = {_odd_type(item, index)}\n",
            "locked": key if index % 2 else f"answer = {_wrong(item)}\n",
        }[student]
        if source is not None:
            cells[item.id].source = source
    if student == "locked":
        # Edits locked cells: a test that would hand out the points, and a prompt.
        first = objective[0]
        cells[autograder_cell_id(first.id)].source = f"answer = {python_literal(objective_key(first))}\n2.0\n"
        cells[f"{first.id}-prompt"].source += "\n(I think the answer is obvious.)\n"
    for item in exercise_set.items:
        if item.prose and student in {"full", "mixed"}:
            cells[item.id].source = "P1: The city asks for consent [p4.2].\nC: So it is not free." if item.type == "argument_reconstruction" else "I think the narrator doubts the city."
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    write_course(root, bank=bank())
    for set_id in bank().sets:
        _nbgrader(root, "generate_assignment", set_id, "--force")
    return root


STUDENTS = ("full", "blank", "mixed", "types", "locked")


@pytest.mark.slow
def test_nbgraders_automatic_scores_equal_elysara_grades_objective_points(course: Path, tmp_path: Path):
    sets = bank().sets
    # The students' notebooks nbgrader made: templates intact, no key anywhere.
    for set_id, exercise_set in sets.items():
        release = nbformat.read(course / "release" / set_id / f"{set_id}.ipynb", as_version=4)
        raw = json.dumps(release)
        assert "HIDDEN TESTS" not in raw and "hidden_tests" not in raw and "BEGIN SOLUTION" not in raw
        assert all(value is None for _, value in _assigned_literals(release))
        cells = _by_id(release)
        for item in exercise_set.items:
            assert cells[item.id].source in student_templates(item), item.id
            if item.prose:
                assert item.model_answer.strip()[:60] not in raw
        ours = build_notebook(exercise_set)
        assert all(value is None for _, value in _assigned_literals(ours))
        for student in STUDENTS:
            path = course / "submitted" / student / set_id / f"{set_id}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(_answered(release, exercise_set, student), path)

    for set_id in sets:
        _nbgrader(course, "autograde", set_id, "--force")
    _nbgrader(course, "export", "--to", str(tmp_path / "nbgrader-grades.csv"))
    with open(tmp_path / "nbgrader-grades.csv", newline="", encoding="utf-8") as handle:
        exported = {(row["student_id"], row["assignment"]): row for row in csv.DictReader(handle)}

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        code_scores = {
            (student, set_id): gradebook.find_submission_notebook(set_id, set_id, student).code_score
            for student in STUDENTS for set_id in sets
        }

    for folder in ("submitted", "autograded"):
        outcome = grade_to_folder([course / folder], tmp_path / f"grades-{folder}", bank=bank(), workers=1)
        results = {(r.student, r.set_id): r for r in outcome.results}
        assert len(results) == len(STUDENTS) * len(sets)
        for (student, set_id), result in results.items():
            assert result.status != STATUS_NOT_GRADED
            objective = round(sum(i.auto_points for i in result.items if i.type not in {"short_answer", "reflection", "argument_reconstruction"}), 2)
            assert objective == pytest.approx(code_scores[(student, set_id)], abs=0.01), (folder, student, set_id)
            assert objective == pytest.approx(float(exported[(student, set_id)]["score"]), abs=0.01), (folder, student, set_id)
            assert float(exported[(student, set_id)]["max_score"]) == sets[set_id].max_points
            codes = {p.code for p in result.problems}
            if student == "locked" and folder == "submitted":
                assert codes == {"checksum"}, result.problems  # both edited locked cells, named
                assert len(result.problems) == 2
            else:
                assert codes <= {"unreadable-answer"}, (folder, student, set_id, result.problems)
    assert any(code_scores[("full", s)] > 0 for s in sets)
    assert all(code_scores[("blank", s)] == 0 for s in sets)
