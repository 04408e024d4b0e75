"""The Reversal: the model's verdicts, its states, its exported lookup and its views."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from elysara.widgets import reversal
from elysara.widgets.reversal import ReversalState, evaluate, state_from_dict
from elysara.widgets.reversal_view import ReversalWidget, StaticReversal, chart_values, export, summary

ROOT = Path(__file__).resolve().parents[1]


# --- Verdicts (expected values written by hand) -----------------------------------

@pytest.mark.parametrize(("connect", "disconnect", "moved", "pattern"), [
    ("reject", "reject", True, "status-quo"),        # stay out, then stay in: De Brigard's pattern
    ("accept", "accept", True, "anti-status-quo"),   # go in, then come out
    ("reject", "accept", False, "steady-outside"),   # reality both times
    ("accept", "reject", False, "steady-inside"),    # experience both times
    ("unsure", "unsure", False, "unsure"),
    ("accept", "unsure", True, "wavered"),
    ("unsure", "reject", True, "wavered"),
    (None, "accept", False, "incomplete"),
    ("reject", None, False, "incomplete"),
])
def test_the_model_says_whether_the_framing_moved_the_answer(connect, disconnect, moved, pattern):
    result = evaluate(ReversalState(connect, disconnect))
    assert result.moved is moved
    assert result.pattern == pattern
    assert result.complete is (connect is not None and disconnect is not None)


def test_each_answer_leaves_you_inside_or_outside_the_machine():
    result = evaluate({"connect": "reject", "disconnect": "reject"})
    assert result.outcomes == {"connect": "outside", "disconnect": "inside"}


def test_the_finding_is_qualitative_and_cited():
    for finding in (reversal.FINDING, reversal.CRITIQUE):
        assert not re.search(r"\d|percent|%", finding.text), finding.text
        assert f"{{{finding.key}," in (ROOT / "book/references.bib").read_text(encoding="utf-8")
    assert reversal.FINDING.key == "debrigard2010"
    assert "stay connected" in reversal.FINDING.text and "status quo bias" in reversal.FINDING.text
    # De Brigard's participants answered one version each: no one's pair of answers was observed.
    assert "Each participant answered one version" in reversal.FINDING.text
    assert reversal.CRITIQUE.key == "weijers2014"
    # Weijers's abstract: the alternative scenarios, De Brigard's included, are biased too,
    # and his relatively bias-free scenario gives no strong evidence either way.
    assert "De Brigard's reversal included" in reversal.CRITIQUE.text
    assert "no strong evidence for or against" in reversal.CRITIQUE.text
    assert "ordinary" in reversal.BOOK_CASE_DIFFERS


# --- States --------------------------------------------------------------------------


@pytest.mark.parametrize("state", reversal.all_states(), ids=str)
def test_every_state_round_trips_through_its_dict(state):
    data = json.loads(json.dumps(state.to_dict()))
    assert data["widget"] == "reversal" and data["version"] == 2
    assert state_from_dict(data) == state
    assigned = ReversalState(state.connect, state.disconnect, assigned="disconnect")
    assert state_from_dict(json.loads(json.dumps(assigned.to_dict()))) == assigned


def test_a_version_1_state_is_still_read_as_a_demonstration():
    old = {"widget": "reversal", "version": 1, "connect": "reject", "disconnect": "reject"}
    state = state_from_dict(old)
    assert state == ReversalState("reject", "reject") and state.assigned is None
    assert state.experiment_answer is None  # never pooled: its two answers contaminate each other


@pytest.mark.parametrize(("bad", "message"), [
    ("accept", "must be a dict"),
    ({"widget": "tension", "version": 1, "connect": None, "disconnect": None}, "Reversal state: 'widget' must be 'reversal', got 'tension'"),
    ({"widget": "reversal", "version": 3, "connect": None, "disconnect": None}, "'version' must be 1 or 2, got 3"),
    ({"widget": "reversal", "version": 2, "connect": None, "disconnect": None}, "missing field 'assigned'"),
    ({"widget": "reversal", "version": 2, "assigned": "both", "connect": None, "disconnect": None},
     "unknown assigned framing 'both'; valid framings: connect, disconnect"),
    ({"widget": "reversal", "version": 1, "connect": "accept"}, "missing field 'disconnect'; it needs: connect, disconnect"),
    ({"widget": "reversal", "version": 1, "connect": None, "disconnect": None, "moved": True}, "unknown field 'moved'; valid fields: widget, version, connect, disconnect"),
    ({"widget": "reversal", "version": 1, "connect": "plug in", "disconnect": None},
     "'connect' has unknown answer 'plug in'; valid answers: accept, reject, unsure"),
])
def test_a_bad_state_raises_a_clear_value_error(bad, message):
    with pytest.raises(ValueError) as error:
        state_from_dict(bad)
    assert message in str(error.value)


# --- The lookup the site's script uses ----------------------------------------------


def test_the_export_holds_the_models_result_for_every_pair_of_answers():
    results = export()["results"]
    assert len(results) == 16
    for state in reversal.all_states():
        entry = results[f"{state.connect or ''}|{state.disconnect or ''}"]
        result = evaluate(state)
        assert (entry["moved"], entry["pattern"], entry["complete"]) == (result.moved, result.pattern, result.complete)
        assert entry["y"] == chart_values(state)
        assert entry["summary"] == summary(state)


def test_the_chart_places_each_answer_by_where_it_leaves_you():
    assert chart_values(ReversalState("reject", "reject")) == ["Outside the machine", "Inside the machine"]
    assert chart_values(ReversalState(None, "unsure")) == [None, "Not sure"]
    assert summary(ReversalState("reject", "reject")).endswith("Your two answers differ.")
    assert "The framing moved you" not in " ".join(p.title + p.explanation for p in reversal.PATTERNS.values())


# --- Views ----------------------------------------------------------------------------


def test_the_static_view_has_two_questions_a_chart_with_its_table_and_the_finding():
    soup = BeautifulSoup(StaticReversal().to_html(), "html.parser")
    root = soup.find(attrs={"data-elysara-script": "reversal"})
    fieldsets = root.find_all("fieldset", class_="reversal-framing")
    assert [f["data-framing"] for f in fieldsets] == ["connect", "disconnect"]
    # The experiment comes first; answering both is a labelled demonstration, and holds the chart.
    demo = root.find("details", class_="reversal-demo")
    assert "not part of the experiment" in demo.summary.get_text()
    assert demo.find("figure", id="figure-reversal-answers") is not None
    assert root.find("form", class_="reversal-assign").find("input", attrs={"name": "student-id"}) is not None
    finding = root.find("details", class_="reversal-finding")
    assert not finding.has_attr("open") and "once you have answered" in finding.summary.get_text()
    for fieldset in fieldsets:
        assert fieldset.legend.get_text()
        assert [r["value"] for r in fieldset.find_all("input", type="radio")] == ["accept", "reject", "unsure"]
    assert root.find(class_="reversal-result")["aria-live"] == "polite"
    figure = root.find("figure", id="figure-reversal-answers")
    assert figure.find("figcaption").get_text() == summary(ReversalState())
    assert [th.get_text() for th in figure.find_all("th")] == ["Framing", "Your answer", "Where it leaves you"]
    assert "Each participant answered one version" in root.find("details", class_="reversal-finding").get_text()
    assert json.loads(root.find("script", class_="elysara-widget-data").string) == export()


def test_the_live_view_moves_the_markers_when_an_answer_is_clicked():
    view = ReversalWidget()
    assert [list(t.y) for t in view.figure.data] == [[None], [None]]
    view.controls["connect"].value = "reject"
    assert [list(t.y) for t in view.figure.data] == [["Outside the machine"], [None]]
    view.set_answer("disconnect", "reject")
    assert [list(t.y) for t in view.figure.data] == [["Outside the machine"], ["Inside the machine"]]
    assert "keep you where you start" in view.result_text.value
    assert view.result().moved is True
    assert view.state() == {"widget": "reversal", "version": 2, "assigned": None, "connect": "reject",
                            "disconnect": "reject"}
    with pytest.raises(ValueError, match="valid framings: connect, disconnect"):
        view.set_answer("plug", "accept")



# --- The class experiment -------------------------------------------------------------


def test_a_students_framing_is_stable_and_depends_only_on_them_and_the_class():
    assert reversal.assign_framing("Ana Silva", "7B-2026") == reversal.assign_framing(" ana silva ", "7B-2026")
    assert reversal.assign_framing("Ana Silva", "7B-2026") in reversal.FRAMINGS
    # Another class may give the same student the other framing: the seed matters.
    assert {reversal.assign_framing("Ana Silva", f"class-{i}") for i in range(20)} == set(reversal.FRAMINGS)
    with pytest.raises(ValueError, match="student id is needed"):
        reversal.assign_framing("  ", "7B-2026")


def test_without_a_roster_a_large_class_is_balanced_on_average():
    counts = Counter(reversal.assign_framing(f"student {i}", "seed") for i in range(2000))
    assert abs(counts["connect"] - counts["disconnect"]) < 2000 * 0.06  # 3 standard deviations is about 0.067


@pytest.mark.parametrize("size", [1, 2, 7, 30, 31])
def test_with_a_roster_the_two_groups_differ_by_at_most_one(size):
    roster = [f"Student {i}" for i in range(size)]
    counts = Counter(reversal.assign_framing(s, "2026-autumn", roster) for s in roster)
    assert abs(counts["connect"] - counts["disconnect"]) <= 1
    assert sum(counts.values()) == size
    with pytest.raises(ValueError, match="not on the roster"):
        reversal.assign_framing("Stranger", "2026-autumn", roster)


def _synthetic_class(connect_out: int, connect_in: int, disconnect_out: int, disconnect_in: int) -> list[dict]:
    """A class with a known split: in the disconnect group, answers that leave you inside are "reject"."""
    states = (
        [ReversalState(connect="reject", assigned="connect")] * connect_out
        + [ReversalState(connect="accept", assigned="connect")] * connect_in
        + [ReversalState(disconnect="accept", assigned="disconnect")] * disconnect_out
        + [ReversalState(disconnect="reject", assigned="disconnect")] * disconnect_in
    )
    return [s.to_dict() for s in states]


def test_pooling_a_synthetic_class_recovers_its_known_split():
    states = _synthetic_class(connect_out=12, connect_in=5, disconnect_out=6, disconnect_in=9)
    # Noise the pool must ignore: a demonstration (both answers, no assignment), an old state,
    # an unanswered assignment; and a student who answered their framing (disconnect: yes) and then
    # tried the other one in the demonstration: only the assigned answer counts.
    states += [ReversalState("reject", "reject").to_dict(),
               {"widget": "reversal", "version": 1, "connect": "accept", "disconnect": "accept"},
               ReversalState(assigned="connect").to_dict(),
               ReversalState(connect="accept", disconnect="accept", assigned="disconnect").to_dict()]
    result = reversal.pool(states, min_group=5)
    assert result.shown
    assert result.framings["connect"].students == 17
    assert dict(result.framings["connect"].outcomes) == {"outside": 12, "unsure": None, "inside": 5}
    assert result.framings["disconnect"].students == 16
    assert dict(result.framings["disconnect"].outcomes) == {"outside": 7, "unsure": None, "inside": 9}
    assert result.not_pooled == 3
    lines = result.lines()
    assert lines[0].startswith("Connect? (Nozick's framing): 17 students; outside the machine: 12")
    assert "not sure: fewer than 5" in lines[0]


def test_small_groups_are_suppressed_and_no_result_is_shown_until_both_groups_are_big_enough():
    result = reversal.pool(_synthetic_class(6, 0, 3, 1), min_group=5)
    assert not result.shown
    assert result.framings["disconnect"].students is None
    assert result.framings["connect"].outcomes["inside"] is None
    assert result.lines() == ["Not enough answers yet: the result is shown once each framing has at least 5 answers."]
    data = result.to_dict()
    assert data["class_result"] == 1 and data["lines"] == result.lines()
    assert json.loads(json.dumps(data)) == data


def test_the_live_view_in_the_experiment_shows_one_question_and_no_diagnosis():
    view = ReversalWidget(student_id="Ana", class_seed="7B",
                          class_result=reversal.pool(_synthetic_class(6, 5, 5, 6)).to_dict())
    assigned = reversal.assign_framing("Ana", "7B")
    assert view.assigned == assigned
    view.set_answer(assigned, "reject")
    assert view.state()["assigned"] == assigned
    assert "does not judge a single answer" in view.result_text.value
    assert "status quo" not in view.result_text.value.lower()
    assert "11 students" in view.class_text.value


def test_a_students_feedback_shows_their_answer_beside_the_class_and_no_diagnosis():
    from elysara.exercises.classroom.summary import ClassSummary, StudentChoices, you_versus_class_section

    # Connect: every answer given by 5 or more, so each count may be shown. Disconnect: only one
    # answer given; its two empty answers are "fewer than 5", so the one given is not shown either
    # (the question's total minus the shown answers would otherwise give the hidden ones away).
    experiment = ([("connect", "reject")] * 7 + [("connect", "accept")] * 5 + [("connect", "unsure")] * 5
                  + [("disconnect", "reject")] * 6)
    summary = ClassSummary(min_group=5, students=23, reversal_experiment=experiment)
    mine = StudentChoices(reversal_experiment=("connect", "reject"), reversal_moved=True)
    section = you_versus_class_section(mine, summary)
    assert "Connect? (Nozick&#39;s framing)" in section and "No, stay out" in section
    assert "7 of 17 students given the same question answered the same" in section
    assert "framing changed your answer" not in section and "moved" not in section
    # The pooled class result, under the same protection as the dashboard.
    assert "Disconnect? (De Brigard&#39;s framing): 6 students" in section
    assert "the breakdown is not shown" in section
    assert "inside the machine: 6" not in section, "a count recoverable by subtraction is not shown"
    other = StudentChoices(reversal_experiment=("disconnect", "reject"))
    assert "not shown" in you_versus_class_section(other, summary)
