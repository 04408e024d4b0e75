"""The site's Scales script against the Python model, in Chromium, on random states.

The page evaluates the model's exported data with its own JavaScript
(``_static/scales.js``); here both evaluate the same 1,500 random states and
must agree exactly: scores, what is ruled out, ranking, verdict, deciding
values, every tipping point and the sentence the student reads.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from elysara.sphinxext.assets import STATIC_DIR
from elysara.widgets import scales as S

pytestmark = [pytest.mark.slow, pytest.mark.browser]

N_STATES = 1500


def random_states(n: int, seed: int = 16) -> list[dict]:
    """States a student could make on the page (weights on the slider's grid, whole ratings) and harder ones."""
    rng = np.random.default_rng(seed)
    states = []
    for i in range(n):
        lens = str(rng.choice(list(S.LENSES)))
        if i % 3 == 0:  # anything a state may hold: floats, large weights, zeros
            weights = {v: float(rng.choice([0.0, float(rng.uniform(0, 100))])) for v in S.VALUES}
            ratings = {o: {v: float(rng.uniform(-2, 2)) for v in S.VALUES} for o in S.OPTIONS}
        else:  # the page's own grid, where ties are common
            weights = {v: float(rng.integers(0, 21)) * S.SLIDER_STEP for v in S.VALUES}
            ratings = {o: {v: float(rng.integers(-2, 3)) for v in S.VALUES} for o in S.OPTIONS}
        states.append(S.ScalesState(lens, weights, ratings).to_dict())
    return states


def python_result(state: dict) -> dict:
    a = S.assess(state)
    return {
        "scores": a.scores, "ruled_out": a.ruled_out, "ranking": a.ranking, "verdict": a.verdict,
        "deciding": a.deciding, "tipping": [list(t) for t in a.tipping], "tipping_point": a.tipping_point,
        "explanation": a.explanation(),
    }


def test_the_page_script_and_the_model_agree_on_random_states(browser):
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(STATIC_DIR / "scales.js"))
        states = random_states(N_STATES)
        js = page.evaluate(
            """([model, states]) => states.map(s => {
                 const a = window.ElysaraScales.assess(model, s);
                 return {scores: a.scores, ruled_out: a.ruled_out, ranking: a.ranking, verdict: a.verdict,
                         deciding: a.deciding, tipping: a.tipping, tipping_point: a.tipping_point,
                         explanation: a.explanation};
               })""",
            [S.export(), states],
        )
    finally:
        page.close()
    assert len(js) == N_STATES
    flips = sum(bool(python_result(s)["tipping"]) for s in states)
    lenses = {s["lens"] for s in states}
    assert flips > N_STATES // 4 and lenses == set(S.LENSES)  # the sample exercises tipping points and every lens
    for state, got in zip(states, js):
        want = python_result(state)
        assert got == want, (state, got, want)
        for value in got["scores"].values():
            assert math.isfinite(value)
