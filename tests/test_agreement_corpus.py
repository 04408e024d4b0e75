"""The hand-rated agreement corpus (benchmarks/agreement/): complete, well-formed, covering every prose item."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from elysara.exercises.bank import load_bank
from elysara.exercises.bank.schema import ArgumentReconstructionItem, ReflectionItem, ShortAnswerItem

FOLDER = Path(__file__).resolve().parent.parent / "benchmarks" / "agreement"
PROSE = (ReflectionItem, ShortAnswerItem, ArgumentReconstructionItem)
MIN_ANSWERS = 60
MIN_PER_ITEM = 4


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def answers() -> list[dict]:
    data = yaml.safe_load((FOLDER / "corpus.yml").read_text(encoding="utf-8"))
    return data["answers"]


@pytest.fixture(scope="module")
def ratings() -> list[dict[str, str]]:
    with (FOLDER / "ratings.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_corpus_has_enough_answers_with_unique_ids(answers):
    ids = [a["id"] for a in answers]
    assert len(ids) >= MIN_ANSWERS, f"only {len(ids)} answers; the benchmark needs at least {MIN_ANSWERS}"
    duplicated = [i for i, n in Counter(ids).items() if n > 1]
    assert not duplicated, f"answer ids used more than once: {duplicated}"


def test_every_answer_is_for_a_prose_item_of_its_set(bank, answers):
    for answer in answers:
        item_id = answer["item"]
        assert item_id in bank.items, f"{answer['id']}: no item {item_id!r} in the bank"
        assert bank.set_of(item_id).id == answer["set"], f"{answer['id']}: {item_id!r} is not in set {answer['set']!r}"
        assert isinstance(bank.items[item_id], PROSE), f"{answer['id']}: {item_id!r} is not a prose item"
        assert answer["answer"].strip(), f"{answer['id']}: empty answer"
        assert answer.get("language"), f"{answer['id']}: no language code"


def test_states_are_given_only_for_widget_items(bank, answers):
    for answer in answers:
        if "state" in answer:
            widget = bank.items[answer["item"]].uses_widget
            assert widget is not None, f"{answer['id']}: a state for an item that uses no widget"
            assert answer["state"]["widget"] == widget, f"{answer['id']}: a {answer['state']['widget']} state for a {widget} item"


def test_every_criterion_of_every_answer_is_rated_exactly_once_with_a_valid_level(bank, answers, ratings):
    by_answer: dict[str, list[dict[str, str]]] = {}
    for row in ratings:
        by_answer.setdefault(row["answer_id"], []).append(row)
    known = {a["id"] for a in answers}
    assert not set(by_answer) - known, f"ratings for unknown answers: {sorted(set(by_answer) - known)}"
    for answer in answers:
        criteria = {c.id: {level.id for level in c.levels} for c in bank.items[answer["item"]].rubric.criteria}
        rows = by_answer.get(answer["id"], [])
        counts = Counter(row["criterion"] for row in rows)
        assert set(counts) == set(criteria), (
            f"{answer['id']} ({answer['item']}): rated {sorted(counts)}, rubric has {sorted(criteria)}"
        )
        assert all(n == 1 for n in counts.values()), f"{answer['id']}: a criterion rated twice: {counts}"
        for row in rows:
            assert row["level"] in criteria[row["criterion"]], (
                f"{answer['id']}/{row['criterion']}: level {row['level']!r} not in {sorted(criteria[row['criterion']])}"
            )
            assert row["note"].strip(), f"{answer['id']}/{row['criterion']}: no note"


def test_every_prose_item_of_the_bank_has_enough_answers(bank, answers):
    counts = Counter(a["item"] for a in answers)
    prose = [item.id for item in bank.items.values() if isinstance(item, PROSE)]
    assert prose, "the bank has no prose items"
    thin = {item_id: counts[item_id] for item_id in prose if counts[item_id] < MIN_PER_ITEM}
    assert not thin, f"prose items with fewer than {MIN_PER_ITEM} answers: {thin}"
