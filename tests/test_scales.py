"""The Scales model: scores, verdicts, tipping points, the Kantian side-constraint and states."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from elysara.text import load_text
from elysara.widgets import scales as S

TEXT = load_text()


def random_state(rng: np.random.Generator, lens: str = "custom", integer_ratings: bool = False) -> S.ScalesState:
    weights = {v: float(rng.uniform(0, 10)) for v in S.VALUES}
    weights["autonomy"] = float(rng.uniform(0.5, 10))
    if integer_ratings:
        ratings = {o: {v: float(rng.integers(-2, 3)) for v in S.VALUES} for o in S.OPTIONS}
    else:
        ratings = {o: {v: float(rng.uniform(-2, 2)) for v in S.VALUES} for o in S.OPTIONS}
    return S.ScalesState(lens, weights, ratings)


# --- Registries and the text behind the defaults ----------------------------------

def test_registries_match_the_contract():
    assert list(S.VALUES) == ["relief", "autonomy", "identity", "relationships", "achievement", "reality"]
    assert list(S.OPTIONS) == ["join", "refuse", "temporary", "leave"]
    assert set(S.LENSES) == {"hedonistic", "preference", "kantian", "virtue", "custom"}
    assert all(item.label for reg in (S.VALUES, S.OPTIONS, S.LENSES) for item in reg.values())


@pytest.mark.parametrize("option", list(S.OPTIONS))
def test_every_default_rating_cites_passages_that_hold_its_quotations(option):
    for value, rating in S.DEFAULT_RATINGS[option].items():
        assert S.RATING_MIN <= rating.score <= S.RATING_MAX
        assert rating.cites, f"{option}/{value} cites no passage"
        cited = " ".join(TEXT.passage(pid).text for pid in rating.cites)  # unknown ids raise
        for quoted in re.findall(r'"([^"]+)"', rating.reason):
            assert quoted in cited, f"{option}/{value}: {quoted!r} is not in {rating.cites}"


def test_every_lens_justification_cites_real_passages():
    for lens in S.LENSES.values():
        for pid in (*lens.cites, *re.findall(r"\bp\d+\.\d+\b", lens.justification)):
            assert pid in TEXT, f"{lens.id}: {pid}"
        assert set(lens.weights) == set(S.VALUES)
        if lens.id != "custom":
            assert lens.cites, lens.id


# --- Scores and verdicts --------------------------------------------------------------

def test_equal_weights_score_is_the_sum_of_ratings():
    # Worked by hand from the default ratings with every weight 1:
    # leave = -1 + 2 + 2 + 1 + 1 + 2 = 7; join = 2 - 2 - 2 - 1 - 2 - 1 = -6.
    sc = S.scores(S.default_state("custom"))
    assert sc["leave"] == pytest.approx(7)
    assert sc["join"] == pytest.approx(-6)
    assert S.verdict(S.default_state("custom")) == "leave"


def test_a_hedonist_joins_and_says_relief_decided_it():
    state = S.default_state("hedonistic")
    assert S.verdict(state) == "join"
    assert S.deciding_values(state)[0] == "relief"


def test_raising_the_relief_weight_never_lowers_joins_rank():
    # With the default ratings Join rates highest on relief, so more weight on relief can only help it.
    rng = np.random.default_rng(1)
    for lens in S.LENSES:
        for _ in range(40):
            state = random_state(rng, lens)
            state = S.ScalesState(lens, state.weights, S.default_ratings())
            ranks = []
            for relief in np.linspace(0, 60, 31):
                weights = {**state.weights, "relief": float(relief)}
                ranks.append(S.ranking(S.ScalesState(lens, weights, state.ratings)).index("join"))
            assert all(b <= a for a, b in zip(ranks, ranks[1:])), (lens, ranks)


def test_deciding_values_explain_the_margin_over_the_runner_up():
    rng = np.random.default_rng(2)
    for _ in range(200):
        state = random_state(rng)
        win, runner = S.ranking(state)[:2]
        decided = S.deciding_values(state)
        gain = sum(state.weights[v] * (state.ratings[win][v] - state.ratings[runner][v]) for v in decided)
        against = -sum(min(0.0, state.weights[v] * (state.ratings[win][v] - state.ratings[runner][v])) for v in S.VALUES)
        if S.scores(state)[win] > S.scores(state)[runner]:
            assert decided and gain > against


# --- Tipping points ------------------------------------------------------------------

def brute_force_flips(state: S.ScalesState, lo: float = 1e-3, hi: float = 1e3, n: int = 20001) -> list[float]:
    """Where the verdict changes, found by scanning the ratio and bisecting each change."""
    grid = np.logspace(math.log10(lo), math.log10(hi), n)
    verdicts = [S.verdict(S.with_ratio(state, float(r))) for r in grid]
    flips = []
    for i in range(n - 1):
        if verdicts[i] != verdicts[i + 1]:
            a, b = float(grid[i]), float(grid[i + 1])
            left = verdicts[i]
            for _ in range(80):
                mid = (a + b) / 2
                if S.verdict(S.with_ratio(state, mid)) == left:
                    a = mid
                else:
                    b = mid
            flips.append((a + b) / 2)
    return flips


def test_the_equal_weights_tipping_point_is_sixteen_thirds():
    # By hand: Join = 2r - 8 and Leave = -r + 8 as functions of the ratio r; they cross at r = 16/3,
    # above Refuse (2) there, so Leave gives way to Join at 16/3.
    assert S.tipping_point(S.default_state("custom")) == pytest.approx(16 / 3, abs=1e-9)


@pytest.mark.parametrize("lens", list(S.LENSES))
def test_tipping_points_agree_with_a_brute_force_scan(lens):
    rng = np.random.default_rng(3)
    states = [S.default_state(lens)] + [random_state(rng, lens, integer_ratings=i % 2 == 0) for i in range(6)]
    for state in states:
        closed = [p for p, _, _ in S.tipping_points(state) if 1e-3 < p < 1e3]
        scanned = brute_force_flips(state)
        assert len(closed) == len(scanned), (closed, scanned)
        for c, b in zip(closed, scanned):
            assert abs(c - b) < 1e-6


def test_the_verdict_really_flips_at_the_tipping_point():
    for lens in S.LENSES:
        state = S.default_state(lens)
        tp = S.tipping_point(state)
        assert tp is not None
        assert S.verdict(S.with_ratio(state, tp * (1 - 1e-6))) != S.verdict(S.with_ratio(state, tp * (1 + 1e-6)))


def test_no_tipping_point_when_one_option_wins_everywhere():
    ratings = S.default_ratings()
    ratings["leave"] = {v: 2.0 for v in S.VALUES}  # best on every value, relief included
    state = S.ScalesState("custom", dict(S.LENSES["custom"].weights), ratings)
    assert S.tipping_points(state) == [] and S.tipping_point(state) is None


def test_the_ratio_is_undefined_without_an_autonomy_weight():
    state = S.ScalesState("custom", {**S.LENSES["custom"].weights, "autonomy": 0.0}, S.default_ratings())
    assert S.tipping_point(state) is None
    with pytest.raises(ValueError, match="autonomy weight is 0"):
        S.with_ratio(state, 2.0)


# --- The Kantian side-constraint --------------------------------------------------------

def test_a_lexical_constraint_is_never_outweighed():
    rng = np.random.default_rng(4)
    for _ in range(500):
        state = random_state(rng, "kantian", integer_ratings=True)
        weights = {**state.weights, "relief": float(rng.choice([0.0, 1.0, 50.0, 100.0]))}
        state = S.ScalesState("kantian", weights, state.ratings)
        permitted = [o for o in S.OPTIONS if state.ratings[o]["autonomy"] >= -1]
        if permitted:
            assert S.verdict(state) in permitted
            assert set(S.ruled_out(state)) == set(S.OPTIONS) - set(permitted)
            ranks = S.ranking(state)
            assert all(ranks.index(p) < ranks.index(o) for p in permitted for o in S.ruled_out(state))


def test_join_never_wins_under_the_kantian_lens_though_it_would_on_score():
    state = S.default_state("kantian")
    for r in (0.1, 1, 10, 100):
        s = S.with_ratio(state, r)
        assert S.verdict(s) != "join"
        assert "join" in S.ruled_out(s)
    huge = S.with_ratio(state, 100)
    assert max(S.scores(huge), key=S.scores(huge).get) == "join"  # best score, still ruled out
    assert S.deciding_values(huge)[0] == "autonomy"


def test_a_large_weight_unlike_a_constraint_can_be_outweighed():
    weights = {**S.LENSES["kantian"].weights, "autonomy": 10.0, "relief": 100.0}
    assert S.verdict(S.ScalesState("custom", weights, S.default_ratings())) == "join"
    assert S.verdict(S.ScalesState("kantian", weights, S.default_ratings())) != "join"


def test_the_explanation_names_the_ruled_out_option():
    text = S.assess(S.default_state("kantian")).explanation()
    assert "Join is ruled out by a constraint" in text


# --- States -------------------------------------------------------------------------------

@pytest.mark.parametrize("lens", list(S.LENSES))
def test_a_state_round_trips_through_json(lens):
    state = S.default_state(lens)
    d = json.loads(json.dumps(state.to_dict()))
    assert d["widget"] == "scales" and d["version"] == 1 and d["lens"] == lens
    again = S.state_from_dict(d)
    assert again.to_dict() == state.to_dict()
    assert S.verdict(d) == S.verdict(state)


def _good() -> dict:
    return S.default_state("custom").to_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(widget="tension"), "'widget' must be 'scales'"),
        (lambda d: d.update(version=2), "'version' must be 1"),
        (lambda d: d.update(lens="stoic"), "valid lenses: hedonistic, preference, kantian, virtue, custom"),
        (lambda d: d["weights"].pop("reality"), "missing 'reality'"),
        (lambda d: d["weights"].update(joy=1), "unknown key 'joy'"),
        (lambda d: d["weights"].update(relief=-1), r"weights\['relief'\] must be a number from 0"),
        (lambda d: d["weights"].update(relief="high"), r"weights\['relief'\] must be a number"),
        (lambda d: d["weights"].update(relief=True), r"weights\['relief'\] must be a number"),
        (lambda d: d["ratings"]["join"].update(autonomy=3), r"ratings\['join'\]\['autonomy'\] must be a number from -2 to 2"),
        (lambda d: d["ratings"].pop("leave"), "missing 'leave'"),
        (lambda d: d.update(ratings=[1, 2]), "'ratings' must be a mapping"),
        (lambda d: d.update(extra=1), "unknown field 'extra'"),
    ],
)
def test_bad_states_raise_clear_errors(change, message):
    d = _good()
    change(d)
    with pytest.raises(ValueError, match=message):
        S.state_from_dict(d)


def test_a_non_dict_state_is_refused():
    with pytest.raises(ValueError, match="must be a dict"):
        S.state_from_dict(None)
    with pytest.raises(ValueError, match="must be a number"):
        S.state_from_dict({**_good(), "weights": {**_good()["weights"], "relief": float("nan")}})
