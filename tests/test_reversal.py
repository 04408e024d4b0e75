"""The Reversal: the model's verdicts, its states, its exported lookup and its views."""

from __future__ import annotations

import json
import re
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
    assert reversal.CRITIQUE.key == "weijers2014"


# --- States --------------------------------------------------------------------------


@pytest.mark.parametrize("state", reversal.all_states(), ids=str)
def test_every_state_round_trips_through_its_dict(state):
    data = json.loads(json.dumps(state.to_dict()))
    assert data["widget"] == "reversal" and data["version"] == 1
    assert state_from_dict(data) == state


@pytest.mark.parametrize(("bad", "message"), [
    ("accept", "must be a dict"),
    ({"widget": "tension", "version": 1, "connect": None, "disconnect": None}, "Reversal state: 'widget' must be 'reversal', got 'tension'"),
    ({"widget": "reversal", "version": 3, "connect": None, "disconnect": None}, "'version' must be 1, got 3"),
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
    assert summary(ReversalState("reject", "reject")).endswith("The framing moved you.")


# --- Views ----------------------------------------------------------------------------


def test_the_static_view_has_two_questions_a_chart_with_its_table_and_the_finding():
    soup = BeautifulSoup(StaticReversal().to_html(), "html.parser")
    root = soup.find(attrs={"data-elysara-script": "reversal"})
    fieldsets = root.find_all("fieldset")
    assert [f["data-framing"] for f in fieldsets] == ["connect", "disconnect"]
    for fieldset in fieldsets:
        assert fieldset.legend.get_text()
        assert [r["value"] for r in fieldset.find_all("input", type="radio")] == ["accept", "reject", "unsure"]
    assert root.find(class_="reversal-result")["aria-live"] == "polite"
    figure = root.find("figure", id="figure-reversal-answers")
    assert figure.find("figcaption").get_text() == summary(ReversalState())
    assert [th.get_text() for th in figure.find_all("th")] == ["Framing", "Your answer", "Where it leaves you"]
    assert "already connected" in root.find("details", class_="reversal-finding").get_text()
    assert json.loads(root.find("script", class_="elysara-widget-data").string) == export()


def test_the_live_view_moves_the_markers_when_an_answer_is_clicked():
    view = ReversalWidget()
    assert [list(t.y) for t in view.figure.data] == [[None], [None]]
    view.controls["connect"].value = "reject"
    assert [list(t.y) for t in view.figure.data] == [["Outside the machine"], [None]]
    view.set_answer("disconnect", "reject")
    assert [list(t.y) for t in view.figure.data] == [["Outside the machine"], ["Inside the machine"]]
    assert "keep whatever you have" in view.result_text.value
    assert view.result().moved is True
    assert view.state() == {"widget": "reversal", "version": 1, "connect": "reject", "disconnect": "reject"}
    with pytest.raises(ValueError, match="valid framings: connect, disconnect"):
        view.set_answer("plug", "accept")
