"""Rubric evidence: what the grader notices in a written answer, and what it must not mistake."""

from __future__ import annotations

import pytest

from elysara.exercises.grading.evidence import Context, essay_verdicts, gather
from elysara.widgets import scales


def _state_with_verdict(wanted: str) -> dict:
    """A Scales state whose verdict (by the widget's own model) is ``wanted``."""
    for lens in scales.LENSES:
        state = scales.default_state(lens)
        if scales.verdict(state) == wanted:
            return state.to_dict()
    weights = {v: (10.0 if v == "relief" else 0.0) for v in scales.VALUES}
    state = scales.ScalesState("custom", weights, scales.default_ratings())
    assert scales.verdict(state) == wanted, "no preset or relief-only state gives this verdict"
    return state.to_dict()


def test_quoting_the_womans_plea_is_not_arguing_for_joining():
    answer = 'The woman says "Choose, wanderer. Choose peace." (p8.2) but I would refuse: my scars are mine.'
    assert essay_verdicts(answer) == ["refuse"]


def test_a_scales_verdict_the_essay_argues_against_is_flagged_but_not_penalized():
    state = _state_with_verdict("join")
    answer = "I would refuse. Autonomy matters more to me than relief, whatever my sliders say."
    evidence = gather("widget_consistency", Context(answer=answer, widget="scales", state=state))
    # Not scored down: no level is suggested, the instructor reads it with the flag.
    assert evidence.level is None and evidence.for_your_reading
    assert any("differs" in flag and "join" in flag for flag in evidence.flags)


def test_an_essay_that_agrees_with_its_scales_state_raises_no_flag():
    state = _state_with_verdict("join")
    answer = "I would join the Nexus: relief from suffering outweighs everything else for me."
    evidence = gather("widget_consistency", Context(answer=answer, widget="scales", state=state))
    assert evidence.flags == ()


def test_a_misquotation_is_flagged_with_the_closest_real_passage():
    answer = 'She promises that "we have erased all suffering" (p4.2).'
    evidence = gather("textual_evidence", Context(answer=answer))
    assert any("Not in the text" in flag and "p4.2" in flag for flag in evidence.flags)


def test_an_essay_that_would_never_join_is_not_told_it_argues_for_joining():
    weights = {v: 1.0 for v in scales.VALUES}
    ratings = {o: {v: (2.0 if o == "refuse" else -2.0) for v in scales.VALUES} for o in scales.OPTIONS}
    state = scales.ScalesState("custom", weights, ratings)
    assert scales.verdict(state) == "refuse"  # Refuse is best on every value
    answer = "I would never join the Nexus: a peace I did not choose is not mine."
    assert "join" not in essay_verdicts(answer)
    evidence = gather("widget_consistency", Context(answer=answer, widget="scales", state=state.to_dict()))
    assert evidence.flags == ()


def test_every_evidence_kind_the_schema_allows_has_a_gatherer():
    from elysara.exercises.grading.evidence import GATHERERS
    from elysara.exercises.bank.schema import EVIDENCE_KINDS

    assert set(GATHERERS) == set(EVIDENCE_KINDS)
