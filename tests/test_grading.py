"""Grading against the bank: exact objective scores, suggested rubric levels, tampering, overrides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from _grading_support import any_set_id, answer, bank, cell, first_item, notebook, save
from elysara.exercises.bank.loading import load_bank
from elysara.exercises.grading.evidence import Context, gather
from elysara.exercises.grading.grader import STATUS_NOT_GRADED, STATUS_PROVISIONAL, grade
from elysara.exercises.grading.overrides import Override, load_overrides
from elysara.exercises.grading.collect import collect


def _grade(root: Path, the_bank=None, overrides=None):
    return {(r.student, r.set_id): r for r in grade(collect([root]), the_bank or bank(), overrides)}


def _item(result, item_id):
    return next(i for i in result.items if i.item_id == item_id)


def _codes(result, item_id=None):
    return [p.code for p in result.problems if item_id is None or p.item == item_id]


@pytest.mark.parametrize("set_id", list(bank().sets))
def test_solution_notebooks_score_full_marks_on_every_auto_item(tmp_path: Path, set_id: str):
    from elysara.exercises.notebooks.release import release_notebooks

    release_notebooks(tmp_path / "solver", solutions=True, set_ids=[set_id], bank=bank())
    result = _grade(tmp_path)[("solver", set_id)]
    assert result.problems == []
    auto = [i for i in result.items if i.auto_max]
    assert auto, "every set has automatically graded parts"
    for item in auto:
        assert item.auto_points == item.auto_max, (item.item_id, item.notes)
    assert result.auto_points == sum(item.max_points for item in bank().sets[set_id].items if not item.prose) + sum(
        item.points for item in bank().sets[set_id].items if item.type == "argument_reconstruction"
    )


@pytest.mark.parametrize("set_id", list(bank().sets))
def test_blank_student_notebooks_score_zero(tmp_path: Path, set_id: str):
    from elysara.exercises.notebooks.release import release_notebooks

    release_notebooks(tmp_path / "blank", set_ids=[set_id], bank=bank())
    result = _grade(tmp_path)[("blank", set_id)]
    assert result.problems == []
    assert result.total == 0
    assert result.max == bank().sets[set_id].max_points
    for item in result.items:
        assert all(c.level == "missing" and c.source == "suggested" for c in item.criteria)


def test_an_answer_is_parsed_never_executed(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    planted = tmp_path / "pwned.txt"
    code = (
        f"answer = open({str(planted)!r}, 'w').write('x') or {item.answer!r}\n"
        f"__import__('pathlib').Path({str(planted)!r}).write_text('x')\n"
    )
    save(tmp_path / "class", "eve", set_id, answer(notebook(set_id), item.id, code))
    save(tmp_path / "class", "alice", set_id, notebook(set_id, solutions=True))

    results = _grade(tmp_path / "class")

    assert not planted.exists()
    eve = results[("eve", set_id)]
    assert _item(eve, item.id).points == 0
    assert "unreadable-answer" in _codes(eve, item.id)
    assert _item(results[("alice", set_id)], item.id).points == item.points


def _select_points(item, chosen):
    """The documented rule: points x max(0, (right - wrong) / len(key))."""
    right = len([c for c in chosen if c in item.answer])
    wrong = len(chosen) - right
    return round(item.points * max(0, (right - wrong) / len(item.answer)), 2)


def test_multiple_select_partial_credit_follows_the_documented_rule(tmp_path: Path):
    set_id, item = first_item("multiple_select")
    wrong_options = [o for o in item.options if o not in item.answer]
    choices = {
        "all-right": list(item.answer),
        "one-missed": list(item.answer)[:-1],
        "one-extra": list(item.answer) + wrong_options[:1],
        "everything": list(item.options),
        "lowercase": [a.lower() for a in item.answer],
    }
    for student, chosen in choices.items():
        save(tmp_path, student, set_id, answer(notebook(set_id), item.id, f"answer = {chosen!r}\n"))
    results = _grade(tmp_path)
    assert _item(results[("all-right", set_id)], item.id).points == item.points
    assert _item(results[("lowercase", set_id)], item.id).points == item.points
    assert 0 < _item(results[("one-missed", set_id)], item.id).points < item.points
    assert _item(results[("one-missed", set_id)], item.id).points == _select_points(item, choices["one-missed"])
    assert _item(results[("one-extra", set_id)], item.id).points == _select_points(item, choices["one-extra"])
    assert _item(results[("everything", set_id)], item.id).points == _select_points(item, list(item.options))
    assert _item(results[("everything", set_id)], item.id).points < item.points


def test_wrong_and_invalid_objective_answers(tmp_path: Path):
    set_id, choice = first_item("multiple_choice")
    _, ordering = first_item("ordering")
    wrong = next(o for o in choice.options if o != choice.answer)
    assert bank().set_of(ordering.id).id == set_id, "both items are in the first set"
    nb = notebook(set_id)
    answer(nb, choice.id, f"answer = {wrong!r}\n")
    answer(nb, ordering.id, f"answer = {list(reversed(ordering.answer))!r}\n")
    save(tmp_path, "wrong", set_id, nb)
    nb2 = notebook(set_id)
    answer(nb2, choice.id, 'answer = "Z"\n')
    save(tmp_path, "invalid", set_id, nb2)
    results = _grade(tmp_path)

    assert _item(results[("wrong", set_id)], choice.id).points == 0
    invalid = _item(results[("invalid", set_id)], choice.id)
    assert invalid.points == 0
    assert any("not an option" in n and all(f'"{o}"' in n for o in choice.options) for n in invalid.notes)
    assert _item(results[("wrong", set_id)], ordering.id).points == 0


def test_passage_identification_flags_passages_that_do_not_exist(tmp_path: Path):
    set_id, item = first_item("passage_identification")
    save(tmp_path, "s", set_id, answer(notebook(set_id), item.id, f"answer = {[item.answer[0], 'p9.9']!r}\n"))
    result = _grade(tmp_path)[("s", set_id)]
    graded = _item(result, item.id)
    assert graded.points < item.points
    assert any("p9.9" in note for note in graded.notes)


def _two_students(tmp_path: Path, set_id: str, nb) -> dict:
    save(tmp_path, "bad", set_id, nb)
    save(tmp_path, "good", set_id, notebook(set_id, solutions=True))
    results = _grade(tmp_path)
    assert results[("good", set_id)].problems == []  # the other submission is still graded in full
    assert results[("good", set_id)].auto_points == results[("good", set_id)].auto_max
    return results


def test_a_deleted_answer_cell_scores_zero_and_is_reported(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    nb = notebook(set_id, solutions=True)
    nb.cells.remove(cell(nb, item.id))
    bad = _two_students(tmp_path, set_id, nb)[("bad", set_id)]
    assert _item(bad, item.id).points == 0
    assert "missing-cell" in _codes(bad, item.id)
    assert any("missing" in p.reason and item.id in p.reason for p in bad.problems)
    assert bad.auto_points == bad.auto_max - item.points  # the rest is graded


def test_a_duplicated_answer_cell_is_reported(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    nb = notebook(set_id, solutions=True)
    original = cell(nb, item.id)
    duplicate = original.copy()
    duplicate["id"] = "copy-of-answer"  # Jupyter gives a copied cell a new id
    nb.cells.insert(nb.cells.index(original) + 1, duplicate)
    bad = _two_students(tmp_path, set_id, nb)[("bad", set_id)]
    assert "duplicate-cell" in _codes(bad, item.id)
    assert any("2 times" in p.reason for p in bad.problems)


def test_a_changed_grade_id_is_reported(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    nb = notebook(set_id, solutions=True)
    cell(nb, item.id).metadata["nbgrader"]["grade_id"] = "my-answer"
    bad = _two_students(tmp_path, set_id, nb)[("bad", set_id)]
    assert "unknown-cell" in _codes(bad)
    assert any("'my-answer'" in p.reason for p in bad.problems)
    assert "missing-cell" in _codes(bad, item.id)
    assert _item(bad, item.id).points == 0


def test_tampered_points_are_reported_and_the_bank_points_used(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    nb = notebook(set_id)
    answer(nb, item.id, f"answer = {item.answer!r}\n")
    cell(nb, item.id).metadata["nbgrader"]["points"] = 100
    bad = _two_students(tmp_path, set_id, nb)[("bad", set_id)]
    assert "checksum" in _codes(bad, item.id)
    assert any("checksum mismatch" in p.reason and "100" in p.reason for p in bad.problems)
    graded = _item(bad, item.id)
    assert (graded.points, graded.max) == (item.points, item.points)
    assert bad.max == bank().sets[set_id].max_points


def test_a_changed_locked_prompt_is_reported(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    nb = notebook(set_id)
    cell(nb, f"{item.id}-prompt").source = "Answer A and get full marks."
    bad = _two_students(tmp_path, set_id, nb)[("bad", set_id)]
    assert "checksum" in _codes(bad, item.id)
    assert any("locked prompt" in p.reason and "checksum mismatch" in p.reason for p in bad.problems)


def test_an_unknown_set_is_not_graded_and_the_others_are(tmp_path: Path):
    save(tmp_path, "alice", "no-such-set", notebook(any_set_id()))
    save(tmp_path, "bob", any_set_id(), notebook(any_set_id(), solutions=True))
    results = _grade(tmp_path)
    alice = results[("alice", "no-such-set")]
    assert alice.status == STATUS_NOT_GRADED
    assert alice.problems[0].code == "unknown-set" and any_set_id() in alice.problems[0].reason
    assert results[("bob", any_set_id())].status != STATUS_NOT_GRADED


def test_textual_evidence_verifies_quotations_and_flags_misquotes():
    evidence = gather("textual_evidence", Context(
        answer='She pleads: \u201cChoose, wanderer. Choose peace.\u201d (p8.2) but also "we have erased all suffering" [p12.1].'
    ))
    quotations = evidence.data["quotations"]
    found = [q for q in quotations if q["verdict"] == "verified"]
    misquoted = [q for q in quotations if q["verdict"] == "not_found"]
    assert [q["passages"] for q in found] == [["p8.2", "p8.3"]] and found[0]["cited_right"] is True
    assert misquoted and misquoted[0]["closest"]["passage"] == "p4.2"  # "We have eradicated suffering," she explains
    assert "eradicated suffering" in misquoted[0]["closest"]["text"]
    assert any("p12.1" in flag for flag in evidence.flags)
    # One right quotation beside one invented one (cited to a passage that does not exist): for reading.
    assert evidence.level is None and "right and wrong" in evidence.reading


def test_a_quotation_from_another_work_is_not_called_a_misquote():
    evidence = gather("textual_evidence", Context(answer='Huxley warns of people who "love their servitude".'))
    [quotation] = evidence.data["quotations"]
    assert quotation["verdict"] == "other_work" and "Huxley" in quotation["source"]
    assert evidence.flags == ()  # not flagged as a misquotation of "Elysara"
    assert evidence.level is None  # nothing of the text cited: vague or absent is for the instructor's reading


def test_concepts_suggest_only_what_naming_can_show():
    from types import SimpleNamespace

    expected = (SimpleNamespace(concept="autonomy", patterns=("autonom",)),
                SimpleNamespace(concept="identity", patterns=("identity",)))
    words = SimpleNamespace(min=10, max=100)
    named = "The Nexus takes autonomy, since desires are set for you, and identity, since the traits that define you go."
    assert gather("concepts", Context(answer=named, words=words, expected_concepts=expected)).level == "strong"
    assert gather("concepts", Context(answer="It is nice there and everyone is calm and happy all day long.",
                                      words=words, expected_concepts=expected)).level == "weak"
    # Glossary terms counted say nothing about understanding: for the instructor's reading.
    glossary = gather("concepts", Context(answer="This is an experience machine; it threatens autonomy and personal identity."))
    assert glossary.level is None and glossary.for_your_reading


def test_an_objection_needs_a_reply_that_engages_it_for_strong():
    reflection = dict(item_type="reflection", words=None)
    engaged = ("I argue that the narrator should refuse. One might object that peace is worth any price for someone "
               "who suffers. In reply, this objection assumes that the sufferer is the one who is relieved, but the "
               "Nexus rewrites desires, so the calm person who results is someone else.")
    assert gather("objection", Context(answer=engaged, **reflection)).level == "strong"
    restated = ("I argue that the narrator should refuse. Some people might say that peace matters more because "
                "suffering hurts. But I still think the narrator should refuse.")
    assert gather("objection", Context(answer=restated, **reflection)).level == "adequate"
    cue_words_only = "I argue that we should refuse. One might object. I reply."
    assert gather("objection", Context(answer=cue_words_only, **reflection)).level != "strong"


def test_scales_verdict_disagreement_is_flagged_not_penalized():
    from elysara.widgets import scales

    state = {"widget": "scales", "version": scales.STATE_VERSION, "lens": "custom",
             "weights": {v: 1 for v in scales.VALUES}, "ratings": {o: {v: 0 for v in scales.VALUES} for o in scales.OPTIONS}}
    state["ratings"]["join"] = {v: 2 for v in scales.VALUES}
    # Join is rated +2 on every value and every other option 0, so the sliders say Join.
    assert scales.verdict(scales.state_from_dict(state)) == "join"
    essay = "The Scales give Join, but I would refuse the offer, because peace without autonomy is empty."
    evidence = gather("widget_consistency", Context(answer=essay, widget="scales", state=state))
    assert evidence.level != "weak" and evidence.level != "missing"  # arguing against the widget is allowed
    assert any("join" in flag and "Not a penalty" in flag for flag in evidence.flags)
    misreported = gather("widget_consistency", Context(answer="The Scales give Leave.", widget="scales", state=state))
    assert misreported.level == "weak"  # saying the state gives what it does not is what the criterion checks


def test_overrides_set_levels_and_unmatched_ones_are_reported(tmp_path: Path):
    from elysara.exercises.grading.grader import unmatched_overrides

    set_id, item = first_item("reflection")
    criterion = item.rubric.criteria[0]
    save(tmp_path, "alice", set_id, notebook(set_id))
    overrides = [
        Override("alice", set_id, item.id, criterion.id, "strong", "Clear thesis.", 1),
        Override("nobody", set_id, item.id, criterion.id, "weak", "", 2),
        Override("alice", set_id, item.id, "no-such-criterion", "weak", "", 3),
    ]
    result = _grade(tmp_path, overrides=overrides)[("alice", set_id)]
    graded = next(c for c in _item(result, item.id).criteria if c.id == criterion.id)
    assert (graded.level, graded.source, graded.points, graded.comment) == ("strong", "instructor", criterion.max_points, "Clear thesis.")
    assert graded.suggested_level == "missing"  # the grader's own suggestion is kept beside the decision
    assert result.status == STATUS_PROVISIONAL  # the other criteria are still only suggested
    unmatched = {o.row: reason for o, reason in unmatched_overrides(overrides, [result], bank())}
    assert set(unmatched) == {2, 3}
    assert "nobody" in unmatched[2] and "no-such-criterion" in unmatched[3]


def test_overrides_file_errors_name_the_row_and_valid_levels(tmp_path: Path):
    from elysara.exercises.grading.overrides import OverridesError

    path = tmp_path / "o.csv"
    path.write_text("student,set,item,criterion,level\nalice,reading,x,thesis,excellent\n", encoding="utf-8")
    with pytest.raises(OverridesError) as error:
        load_overrides(path)
    assert "row 1" in str(error.value) and "strong, adequate, weak, missing" in str(error.value)


def test_changing_rubric_points_and_regrading_rescores(tmp_path: Path):
    set_id, item = first_item("reflection")
    criterion = item.rubric.criteria[0]
    save(tmp_path / "class", "alice", set_id, notebook(set_id))
    overrides = [Override("alice", set_id, item.id, criterion.id, "strong", "", 1)]
    before = _grade(tmp_path / "class", overrides=overrides)[("alice", set_id)]

    folder = tmp_path / "bank"
    shutil.copytree(Path(bank().files[set_id]).parent, folder)
    data = yaml.safe_load((folder / f"{set_id}.yml").read_text(encoding="utf-8"))
    raw_item = next(i for i in data["items"] if i["id"] == item.id)
    raw_criterion = next(c for c in raw_item["rubric"]["criteria"] if c["id"] == criterion.id)
    raw_criterion["levels"] = [dict(level) for level in raw_criterion["levels"]]
    raw_criterion["levels"][0]["points"] = criterion.max_points + 5
    (folder / f"{set_id}.yml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    changed = load_bank(folder)

    after = _grade(tmp_path / "class", the_bank=changed, overrides=overrides)[("alice", set_id)]

    assert after.max == before.max + 5
    assert after.rubric_points == before.rubric_points + 5  # the confirmed strong level is worth 5 more
    assert "checksum" not in _codes(after)  # a changed bank is not the student's tampering


def test_a_notebook_saved_under_another_sets_name_is_not_graded(tmp_path: Path):
    sets = list(bank().sets)
    assert len(sets) >= 2, "the bank has four sets"
    save(tmp_path, "alice", sets[1], notebook(sets[0], solutions=True))
    save(tmp_path, "alice", f"{sets[0]} (1)", notebook(sets[0], solutions=True))
    save(tmp_path, "bob", sets[0], notebook(sets[0], solutions=True))
    results = _grade(tmp_path)
    wrong = results[("alice", sets[1])]
    assert wrong.status == STATUS_NOT_GRADED and _codes(wrong) == ["wrong-set"]
    assert f"rename it {sets[0]}.ipynb" in wrong.problems[0].reason
    copy = results[("alice", f"{sets[0]} (1)")]
    assert _codes(copy) == ["unknown-set"] and f"rename it {sets[0]}.ipynb" in copy.problems[0].reason
    assert results[("bob", sets[0])].status != STATUS_NOT_GRADED


def test_reversal_prose_that_contradicts_the_pasted_state_is_flagged():
    from elysara.widgets import reversal

    moved = next(s for s in reversal.all_states() if reversal.evaluate(s).moved)
    state = moved.to_dict()
    contradicting = gather("widget_consistency", Context(answer="The framing did not change my answer.", widget="reversal", state=state))
    agreeing = gather("widget_consistency", Context(answer="The framing changed my answer.", widget="reversal", state=state))
    assert agreeing.level == "strong" and agreeing.flags == ()
    # "Say correctly whether your two answers moved": describing the state the other way is weak, and flagged.
    assert contradicting.level == "weak"
    assert any("differently from the pasted Reversal state" in flag for flag in contradicting.flags)
