"""check(), the grader and the class summary read answers the same way (one reader, exercises/answers/reader.py).

The same notebooks go to ``check()`` (what a student sees before handing in)
and to the grader (what the instructor gets): for every item they must agree
on whether the answer is readable, blank or missing, and on what it is.
"""

from __future__ import annotations

import copy

import nbformat
import pytest

from _grading_support import answer, bank, cell, first_item, notebook, save
from elysara.exercises.classroom.summary import summarize
from elysara.exercises.grading.collect import collect
from elysara.exercises.grading.grader import grade
from elysara.exercises.notebooks.check import check_notebook

SELECT_SET, SELECT = first_item("multiple_select")
CHOICE_SET, CHOICE = first_item("multiple_choice")
PASSAGES_SET, PASSAGES = first_item("passage_identification")
ORDER_SET, ORDER = first_item("ordering")


def _variants() -> dict[str, tuple[str, nbformat.NotebookNode]]:
    """Notebooks a class really hands in: clean, oddly spelled, duplicated, malformed."""
    key = [k for k in SELECT.options if k in SELECT.answer]
    variants: dict[str, tuple[str, nbformat.NotebookNode]] = {}
    variants["clean"] = (SELECT_SET, notebook(SELECT_SET, solutions=True))
    variants["blank"] = (SELECT_SET, notebook(SELECT_SET))
    # "A, C, E" typed as one string, lower case with spaces, ids in capitals, steps as strings.
    odd = notebook(SELECT_SET, solutions=True)
    answer(odd, SELECT.id, f"answer = {', '.join(key)!r}\n")
    if CHOICE_SET == SELECT_SET:
        answer(odd, CHOICE.id, f"answer = {' ' + CHOICE.answer.lower() + ' '!r}\n")
    if PASSAGES_SET == SELECT_SET:
        answer(odd, PASSAGES.id, f"answer = {[p.upper() for p in PASSAGES.answer]!r}\n")
    if ORDER_SET == SELECT_SET:
        answer(odd, ORDER.id, f"answer = {[str(n) for n in ORDER.answer]!r}\n")
    variants["odd-spellings"] = (SELECT_SET, odd)
    # The answer cell duplicated: the first copy is right, the copy below says "Z".
    dup = notebook(SELECT_SET, solutions=True)
    original = cell(dup, SELECT.id)
    extra = copy.deepcopy(original)
    extra.source = 'answer = ["Z"]\n'
    extra["id"] = "duplicate-copy"
    dup.cells.insert(dup.cells.index(original) + 1, extra)
    variants["duplicated"] = (SELECT_SET, dup)
    # Code where a literal belongs: unreadable, and never run.
    code = notebook(SELECT_SET, solutions=True)
    answer(code, SELECT.id, 'answer = open("planted.txt", "w")\n')
    variants["code"] = (SELECT_SET, code)
    # Malformed widget states, one per widget item: a field of the wrong type.
    widgets = notebook("widgets", solutions=True)
    for item in bank().sets["widgets"].items:
        if item.uses_widget:
            state_cell = cell(widgets, f"{item.id}-state")
            state_cell.source = (f'{item.state_variable} = {{"widget": "{item.uses_widget}", "version": 1, '
                                 f'"lens": [], "weights": [], "answers": 3, "connect": []}}\n')
    variants["bad-states"] = ("widgets", widgets)
    return variants


VARIANTS = _variants()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("class")
    for student, (set_id, nb) in VARIANTS.items():
        save(root, student, set_id, nb)
    collection = collect([root])
    results = grade(collection, bank())
    return root, collection, {r.student: r for r in results}


def _check_findings(student: str) -> dict[str, list]:
    set_id, nb = VARIANTS[student]
    found: dict[str, list] = {}
    for finding in check_notebook(nbformat.reads(nbformat.writes(nb), as_version=4), bank().sets[set_id]):
        found.setdefault(finding.item, []).append(finding)
    return found


@pytest.mark.parametrize("student", sorted(VARIANTS))
def test_check_and_the_grader_agree_on_every_item(graded, student):
    _, _, results = graded
    result = results[student]
    findings = _check_findings(student)
    unreadable_by_grader = {p.item for p in result.problems if p.code == "unreadable-answer"}
    for item in result.items:
        item_findings = findings.get(item.item_id, [])
        check_says_blank = any(f.unanswered and "state" not in f.message for f in item_findings)
        grader_says_blank = item.answer in ("", "(no answer)")
        assert check_says_blank == grader_says_blank, (item.item_id, item_findings, item.answer)
        check_says_unreadable = any(f.unreadable for f in item_findings)
        assert check_says_unreadable == (item.item_id in unreadable_by_grader), (item.item_id, item_findings)


def test_a_list_typed_as_one_string_is_read_by_both(graded):
    _, _, results = graded
    findings = _check_findings("odd-spellings")
    assert SELECT.id not in findings, "check() must accept what the grader scores"
    item = next(i for i in results["odd-spellings"].items if i.item_id == SELECT.id)
    assert item.points == item.max, "the grader scores the key typed as 'A, C, E' in full"


def test_odd_spellings_score_as_the_key(graded):
    _, _, results = graded
    clean = {i.item_id: i.points for i in results["clean"].items if not i.criteria}
    odd = {i.item_id: i.points for i in results["odd-spellings"].items if not i.criteria}
    assert odd == clean
    assert not [f for fs in _check_findings("odd-spellings").values() for f in fs]


def test_both_read_the_first_copy_of_a_duplicated_cell(graded):
    _, _, results = graded
    assert SELECT.id not in _check_findings("duplicated"), "check() reads the first (valid) copy, as the grader does"
    result = results["duplicated"]
    item = next(i for i in result.items if i.item_id == SELECT.id)
    assert item.points == item.max
    assert any(p.code == "duplicate-cell" and p.item == SELECT.id for p in result.problems)


def test_code_is_unreadable_for_both_and_never_runs(graded):
    root, _, results = graded
    assert any(p.code == "unreadable-answer" for p in results["code"].problems)
    assert _check_findings("code")[SELECT.id]
    assert not list(root.rglob("planted.txt")) and not (root.parent / "planted.txt").exists()


def test_a_malformed_widget_state_is_one_reason_everywhere(graded):
    _, collection, results = graded
    findings = _check_findings("bad-states")
    widget_items = [i for i in bank().sets["widgets"].items if i.uses_widget]
    for item in widget_items:
        assert any("state cannot be read" in f.message for f in findings[item.id]), item.id
        graded_item = next(i for i in results["bad-states"].items if i.item_id == item.id)
        assert any("Widget state" in note for note in graded_item.notes)
    summary = summarize(collection, list(results.values()), min_group=1)  # the dashboard's count: no crash
    assert summary.scales_students == 0
