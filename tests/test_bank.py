"""The exercise bank: schema errors are clear, and the real bank is complete and correct."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from elysara.exercises.answers.argument import parse_argument
from elysara.exercises.bank.loading import BankError, load_bank
from elysara.exercises.bank.schema import ITEM_TYPES, LEVEL_IDS
from elysara.text import load_text

VALID_CHOICE = """
  - id: {id}
    type: multiple_choice
    points: 1
    prompt: Which?
    options: {{A: one, B: two}}
    answer: B
"""

LEVELS = """
          levels:
            - {id: strong, points: 3, description: s}
            - {id: adequate, points: 2, description: a}
            - {id: weak, points: 1, description: w}
            - {id: missing, points: 0, description: m}
"""


def write_set(folder: Path, set_id: str, items: str) -> Path:
    path = folder / f"{set_id}.yml"
    path.write_text(f"id: {set_id}\ntitle: A set\nintro: Hello.\nitems:\n{textwrap.dedent(items)}", encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    return [str(problem) for problem in caught.value.problems]


def reflection(item_id: str, extra: str = "", levels: str = LEVELS) -> str:
    return f"""
  - id: {item_id}
    type: reflection
    prompt: Argue.
    words: {{min: 100}}
    model_answer: An answer.
    {extra}
    rubric:
      criteria:
        - id: thesis
          title: Thesis
          explanation: A clear thesis.
          grader_note: Either side.
          evidence: thesis
{levels}"""


# --- Each kind of schema error names the file, the item and the problem -------

def test_a_valid_tiny_set_loads(tmp_path):
    write_set(tmp_path, "tiny", VALID_CHOICE.format(id="q1") + reflection("q2"))
    bank = load_bank(tmp_path)
    assert list(bank.items) == ["q1", "q2"]
    assert bank.items["q2"].max_points == 3  # from the rubric's best level


def test_a_choice_key_that_is_not_an_option_lists_the_options(tmp_path):
    path = write_set(tmp_path, "tiny", VALID_CHOICE.format(id="q1").replace("answer: B", "answer: C"))
    [problem] = problems_of(tmp_path)
    assert str(path) in problem and "'q1'" in problem
    assert "'C' is not an option" in problem and "A, B" in problem


def test_a_multiple_select_key_must_name_options(tmp_path):
    item = VALID_CHOICE.format(id="q1").replace("multiple_choice", "multiple_select").replace("answer: B", "answer: [A, Z]")
    write_set(tmp_path, "tiny", item)
    [problem] = problems_of(tmp_path)
    assert "'q1'" in problem and "'Z'" in problem and "valid choices are A, B" in problem


def test_an_unknown_item_type_lists_the_valid_types(tmp_path):
    write_set(tmp_path, "tiny", VALID_CHOICE.format(id="q1").replace("multiple_choice", "essay"))
    [problem] = problems_of(tmp_path)
    assert "'q1'" in problem and "'essay' is not an item type" in problem
    assert all(kind in problem for kind in ITEM_TYPES)


def test_a_passage_id_that_is_not_in_the_text_is_named(tmp_path):
    item = """
  - id: find-it
    type: passage_identification
    points: 1
    prompt: Where?
    answer: [p4.2, p9.1]
"""
    write_set(tmp_path, "tiny", item)
    [problem] = problems_of(tmp_path)
    assert "'find-it'" in problem and "'p9.1'" in problem and "p1..p8" in problem


def test_a_cited_passage_that_does_not_exist_is_named(tmp_path):
    write_set(tmp_path, "tiny", VALID_CHOICE.format(id="q1").replace("prompt: Which?", "prompt: Which?\n    cites: [p4.9]"))
    [problem] = problems_of(tmp_path)
    assert "'q1'" in problem and "'p4.9'" in problem


def test_an_ordering_key_must_be_a_permutation(tmp_path):
    item = """
  - id: order-it
    type: ordering
    points: 1
    prompt: Order.
    steps: [a, b, c]
    answer: [1, 1, 3]
"""
    write_set(tmp_path, "tiny", item)
    [problem] = problems_of(tmp_path)
    assert "'order-it'" in problem and "[1, 2, 3]" in problem


def test_duplicate_item_ids_across_files_name_both_files(tmp_path):
    write_set(tmp_path, "one", VALID_CHOICE.format(id="same"))
    two = write_set(tmp_path, "two", VALID_CHOICE.format(id="same"))
    [problem] = problems_of(tmp_path)
    assert str(two) in problem and "'same'" in problem and "one.yml" in problem and "not unique" in problem


def test_prose_items_take_their_points_from_the_rubric(tmp_path):
    write_set(tmp_path, "tiny", reflection("essay", extra="points: 5"))
    [problem] = problems_of(tmp_path)
    assert "'essay'" in problem and "points come from its rubric" in problem


def test_a_level_id_outside_the_four_is_named_with_the_valid_levels(tmp_path):
    write_set(tmp_path, "tiny", reflection("essay", levels=LEVELS.replace("id: weak", "id: poor")))
    [problem] = problems_of(tmp_path)
    assert "'essay'" in problem and "'poor'" in problem
    assert all(level in problem for level in LEVEL_IDS)


def test_uses_widget_must_name_a_widget(tmp_path):
    write_set(tmp_path, "tiny", reflection("essay", extra="uses_widget: scale"))
    [problem] = problems_of(tmp_path)
    assert "'essay'" in problem and "uses_widget" in problem and "'scales'" in problem and "'tension'" in problem


def test_a_misspelt_field_is_reported_not_ignored(tmp_path):
    write_set(tmp_path, "tiny", VALID_CHOICE.format(id="q1").replace("answer: B", "answer: B\n    explaination: typo"))
    [problem] = problems_of(tmp_path)
    assert "'q1'" in problem and "explaination" in problem


def test_every_problem_is_reported_at_once(tmp_path):
    bad_key = VALID_CHOICE.format(id="q1").replace("answer: B", "answer: C")
    bad_type = VALID_CHOICE.format(id="q2").replace("multiple_choice", "essay")
    write_set(tmp_path, "tiny", bad_key + bad_type)
    problems = problems_of(tmp_path)
    assert len(problems) == 2 and "'q1'" in problems[0] and "'q2'" in problems[1]


def test_invalid_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("id: broken\nitems: [\n", encoding="utf-8")
    [problem] = problems_of(tmp_path)
    assert str(path) in problem and "not valid YAML" in problem


# --- The real bank ------------------------------------------------------------

@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_the_real_bank_is_complete(bank):
    assert list(bank.sets) == ["reading", "peace-autonomy", "identity-consent", "widgets"]
    assert len(bank.items) >= 30
    assert {item.type for item in bank.items.values()} == set(ITEM_TYPES)
    for exercise_set in bank.sets.values():
        assert len(exercise_set.items) >= 6, exercise_set.id


def test_every_item_scores_points_and_prose_items_have_rubrics_and_model_answers(bank):
    for item in bank.items.values():
        assert item.max_points > 0, item.id
        if item.prose:
            assert item.rubric.criteria and item.model_answer.strip(), item.id
        else:
            assert item.explanation and item.explanation.strip(), item.id


def test_a_scales_reflection_asks_for_the_state_and_a_verdict(bank):
    scales = [i for i in bank.items.values() if i.type == "reflection" and i.uses_widget == "scales"]
    assert scales
    for item in scales:
        assert "verdict" in item.prompt.lower() and "state" in item.prompt.lower()
        assert any(c.evidence == "widget_consistency" for c in item.rubric.criteria)
    widgets = {i.uses_widget for i in bank.sets["widgets"].items if i.uses_widget}
    assert widgets == {"scales", "tension", "reversal"}


def test_model_widget_states_are_valid_for_the_widgets(bank):
    from elysara.exercises.bank.widget_states import check_state

    with_state = [item for item in bank.items.values() if item.model_state is not None]
    assert with_state
    for item in with_state:
        # The widget's own model reads it (raising ValueError if not) and gives back the same state.
        assert check_state(item.uses_widget, item.model_state).to_dict() == item.model_state, item.id


def test_the_scales_model_answer_agrees_with_its_state(bank):
    from elysara.widgets import scales

    item = bank.items["w-scales-verdict"]
    verdict = scales.OPTIONS[scales.verdict(item.model_state)].label
    assert f"**{verdict}**" in item.model_answer


# Quotations in double quotes that are not from the text, allowed by name.
NOT_FROM_THE_TEXT = {
    "better to be Socrates dissatisfied than a fool satisfied",  # Mill, Utilitarianism ch. 2
    "love their servitude",  # Huxley, foreword to the 1946 edition of Brave New World
}


def test_model_answers_and_explanations_quote_the_text_exactly(bank):
    full = " ".join(paragraph.text for paragraph in load_text().paragraphs)
    checked = 0
    for item in bank.items.values():
        for field in ("model_answer", "explanation"):
            value = " ".join((getattr(item, field, None) or "").split())
            for quotation in re.findall(r'"([^"]+)"', value):
                if len(quotation.split()) < 3 or quotation in NOT_FROM_THE_TEXT:
                    continue
                checked += 1
                assert quotation.rstrip(",") in full, f"{item.id}.{field}: {quotation!r} is not in the text"
    assert checked >= 40


def test_model_reconstructions_parse_and_cite_real_passages(bank):
    text = load_text()
    reconstructions = [i for i in bank.items.values() if i.type == "argument_reconstruction"]
    assert len(reconstructions) >= 3
    for item in reconstructions:
        parsed = parse_argument(item.model_answer, passage_exists=lambda pid: pid in text)
        assert parsed.ok, (item.id, parsed.problems)
        assert parsed.implicit_premises and parsed.citations, item.id


def test_objective_explanations_cite_the_keyed_passages(bank):
    for item in bank.items.values():
        if item.type == "passage_identification":
            for passage_id in item.answer:
                assert passage_id in item.explanation, (item.id, passage_id)
