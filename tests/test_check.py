"""check(): reports problems of form in a saved notebook, never whether answers are right."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from _grading_support import answer, notebook
from _grading_support import bank as shared_bank
from elysara.exercises.notebooks import check as check_module
from elysara.exercises.answers.argument import parse_argument
from elysara.exercises.notebooks.check import check, check_notebook, count_words, find_notebook_path
from elysara.text import load_text


@pytest.fixture(scope="module")
def bank():
    return shared_bank()


def problems(nb, bank, set_id: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in check_notebook(nb, bank.sets[set_id]):
        if not finding.unanswered:
            found.setdefault(finding.item, []).append(finding.message)
    return found


def test_a_solution_notebook_has_no_problems(bank):
    for set_id in bank.sets:
        assert problems(notebook(set_id, solutions=True), bank, set_id) == {}, set_id


def test_an_untouched_notebook_lists_every_item_as_unanswered_not_wrong(bank):
    findings = check_notebook(notebook("reading"), bank.sets["reading"])
    assert findings and all(f.unanswered for f in findings)
    assert {f.item for f in findings} == {item.id for item in bank.sets["reading"].items}


def test_a_wrong_but_well_formed_answer_is_not_reported(bank):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-narrator", 'answer = "B"\n')  # the key is A
    answer(nb, "reading-sequence", "answer = [1, 2, 3, 4, 5]\n")  # a permutation, in the wrong order
    answer(nb, "reading-doubt", 'answer = ["p1.1", "p8.6"]\n')  # real passages, wrong ones
    assert problems(nb, bank, "reading") == {}


def test_an_answer_that_is_not_an_option(bank):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-narrator", 'answer = "E"\n')
    answer(nb, "reading-nexus-claims", 'answer = ["A", "Q"]\n')
    found = problems(nb, bank, "reading")
    assert "'E' is not an option" in found["reading-narrator"][0] and '"A", "B", "C", "D"' in found["reading-narrator"][0]
    assert "'Q' is not an option" in found["reading-nexus-claims"][0]


def test_an_order_that_is_not_a_permutation(bank):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-sequence", "answer = [2, 4, 1, 1, 3]\n")
    [message] = problems(nb, bank, "reading")["reading-sequence"]
    assert "not an order" in message and "[1, 2, 3, 4, 5]" in message


def test_a_passage_id_that_does_not_exist(bank):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-doubt", 'answer = ["p3.1", "p3.9"]\n')
    [message] = problems(nb, bank, "reading")["reading-doubt"]
    assert "'p3.9' is not a passage" in message


def test_a_cited_passage_in_prose_that_does_not_exist(bank):
    nb = notebook("reading", solutions=True)
    item = bank.items["reading-open-ending"]
    answer(nb, item.id, item.model_answer + "\nSee also (p9.4).\n")
    [message] = problems(nb, bank, "reading")[item.id]
    assert "p9.4 is not a passage" in message


def test_a_reflection_under_its_word_minimum(bank):
    nb = notebook("reading", solutions=True)
    short = "The open ending is better (p8.6)."
    answer(nb, "reading-open-ending", short)
    [message] = problems(nb, bank, "reading")["reading-open-ending"]
    minimum = bank.items["reading-open-ending"].words.min
    assert f"minimum is {minimum}" in message
    # check() counts as the grader does, so the two never disagree about the minimum.
    from elysara.exercises.answers.words import word_count

    assert message.startswith(f"{word_count(short)} words")


def test_an_argument_reconstruction_that_does_not_parse(bank):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-plea", "She says peace is good [p2.7]\nP1: Join us. [p2.7]\nP3: Suffering ends. [p5.10]\n")
    found = " | ".join(problems(nb, bank, "reading")["reading-plea"])
    assert "is not a premise or the conclusion" in found  # the unlabelled first line
    assert "no conclusion" in found
    assert "[p5.10] is not a passage" in found
    assert "P1, P3" in found  # premise numbering


def test_a_widget_state_that_does_not_parse(bank):
    nb = notebook("widgets", solutions=True)
    # A real state with one wrong value: the lens.
    from elysara.widgets import scales

    state = {**scales.default_state("kantian").to_dict(), "lens": "stoic"}
    answer(nb, "w-scales-verdict-state", f"scales_state = {state!r}\n")
    answer(nb, "w-reversal-state", "reversal_state = {'widget': 'reversal', 'version': 1,\n")
    found = problems(nb, bank, "widgets")
    assert "scales state cannot be read" in found["w-scales-verdict"][0] and "'stoic'" in found["w-scales-verdict"][0]
    assert "not valid Python" in found["w-reversal"][0]


def test_code_in_an_answer_is_reported_and_never_run(bank, tmp_path):
    marker = tmp_path / "ran"
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-narrator", f"answer = open({str(marker)!r}, 'w').write('x')\n")
    [message] = problems(nb, bank, "reading")["reading-narrator"]
    assert "plain value" in message
    assert not marker.exists()


def test_words_are_counted_without_markup():
    # By hand: P1, The, Nexus, harmonizes, desires, you’ve, seen, it (the dash and the asterisks are not words).
    assert count_words("**P1:** The Nexus harmonizes *desires* — you’ve seen it.") == 8
    assert count_words("A well-being that isn't chosen") == 5  # hyphenated words and contractions count once


def test_a_passage_citation_counts_as_at_most_one_word():
    # Two words of prose plus one citation: at most 3, whether or not citations count as words.
    assert count_words("It ends [p8.3].") <= 3


# --- check() on a saved notebook -------------------------------------------

def save(nb, path: Path) -> Path:
    nbformat.write(nb, path)
    return path


def test_check_reads_the_saved_file_and_tells_the_student_to_save(bank, tmp_path, capsys):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-ending", 'answer = "F"\n')
    path = save(nb, tmp_path / "reading.ipynb")
    check(path)
    out = capsys.readouterr().out
    assert "Save" in out and "reading.ipynb" in out
    number = [i.id for i in bank.sets["reading"].items].index("reading-ending") + 1
    assert "1 answer(s) cannot be read" in out and f"Question {number}, Multiple choice: 'F'" in out


def test_check_speaks_of_questions_as_the_notebook_numbers_them(bank, tmp_path, capsys):
    """An untouched notebook: every question listed once, counted once, by its number, no internal id."""
    exercise_set = bank.sets["widgets"]
    check(save(notebook("widgets"), tmp_path / "widgets.ipynb"))
    out = capsys.readouterr().out
    line = next(l for l in out.splitlines() if l.startswith("Not answered yet"))
    assert line.startswith(f"Not answered yet ({len(exercise_set.items)}):")
    for number, item in enumerate(exercise_set.items, start=1):
        assert f"Question {number}, " in line
    assert not any(item.id in out for item in exercise_set.items), "internal ids stay in the instructor's files"


def test_check_passes_a_correct_notebook(tmp_path, capsys):
    check(save(notebook("identity-consent", solutions=True), tmp_path / "identity-consent.ipynb"))
    assert "No format problems" in capsys.readouterr().out


def test_the_notebook_path_comes_from_jupyters_environment(bank, tmp_path, monkeypatch):
    path = save(notebook("reading"), tmp_path / "reading.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(check_module, "_current_set", None)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert find_notebook_path() is None
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    assert find_notebook_path() == path
    monkeypatch.delenv("JPY_SESSION_NAME")
    check_module.setup_notebook("reading")  # what the notebook's setup cell does
    assert find_notebook_path() == tmp_path / "reading.ipynb"


def test_without_a_path_check_explains_how_to_give_one(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(check_module, "_current_set", None)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    check()
    assert 'check("NAME.ipynb")' in capsys.readouterr().out


# --- The argument format ------------------------------------------------------

def test_a_well_formed_reconstruction_parses():
    text = load_text()
    parsed = parse_argument(
        "- **P1:** Joining ends suffering. [p5.9]\n\nP2 (implicit): Suffering is bad.\nC: Join. [p8.3, p2.7]",
        passage_exists=lambda pid: pid in text,
    )
    assert parsed.ok
    assert [p.label for p in parsed.premises] == ["P1", "P2"] and parsed.premises[1].implicit
    assert parsed.premises[0].text == "Joining ends suffering."
    assert parsed.conclusion.text == "Join." and parsed.citations == ("p5.9", "p8.3", "p2.7")


def test_structural_problems_are_data_with_codes():
    parsed = parse_argument("C: Join.\nP1: Peace.\nC: Again.")
    assert {p.code for p in parsed.problems} == {"several_conclusions"}
    parsed = parse_argument("C: Join.\nP1: Peace.")
    assert [p.code for p in parsed.problems] == ["conclusion_not_last"]
    assert {p.code for p in parse_argument("").problems} == {"no_premises", "no_conclusion"}


def test_answers_are_read_as_the_grader_reads_them(bank):
    nb = notebook("reading", solutions=True)
    answer(nb, "reading-narrator", 'answer = " a "\n')  # case and spaces do not matter to the grader
    answer(nb, "reading-doubt", 'answer = ["P3.1", "p3.3 "]\n')
    answer(nb, "reading-sequence", 'answer = ("2", "4", "1", "5", "3")\n')
    assert problems(nb, bank, "reading") == {}
