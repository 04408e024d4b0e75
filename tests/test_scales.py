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
    assert list(S.VALUES) == ["relief", "autonomy", "identity", "unity", "joy", "reality"]
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
    # Worked by hand from the book's ratings with every weight 1:
    # leave = -1 + 2 + 2 + 1 + 1 + 2 = 7; join = 2 - 2 - 1 + 2 + 0 - 1 = 0.
    sc = S.scores(S.default_state("custom"))
    assert sc["leave"] == pytest.approx(7)
    assert sc["join"] == pytest.approx(0)
    assert S.verdict(S.default_state("custom")) == "leave"


def test_the_values_credit_what_the_text_says_the_nexus_gives():
    # "true unity" (p4.5) and "children laugh without fear" (p3.2) count for Join, not only against it.
    join = S.DEFAULT_RATINGS["join"]
    assert join["unity"].score > 0 and "p4.5" in join["unity"].cites
    assert join["relief"].score > 0 and "p3.2" in join["relief"].cites
    assert sum(r.score > 0 for r in join.values()) >= 2
    # Join and Refuse no longer score the same on connection.
    assert join["unity"].score != S.DEFAULT_RATINGS["refuse"]["unity"].score


def test_a_hedonist_joins_and_says_relief_decided_it():
    state = S.default_state("hedonistic")
    assert S.verdict(state) == "join"
    assert S.deciding_values(state)[0] == "relief"


def test_the_hedonistic_lens_is_pleasure_minus_pain():
    hedonist = S.LENSES["hedonistic"].weights
    # Only the two hedonic values count, and pleasure counts as much as pain.
    assert {v for v, w in hedonist.items() if w} == {"relief", "joy"}
    assert hedonist["relief"] == hedonist["joy"]
    # Lost joys count: with relief as it is, flattening Join's passions to -2 (p5.2) makes Join lose.
    ratings = S.default_ratings()
    ratings["join"]["joy"] = -2.0
    ratings["leave"]["joy"] = 2.0
    assert S.verdict(S.ScalesState("hedonistic", dict(hedonist), ratings)) != "join"
    # ...while freedom, identity and reality change nothing by themselves.
    ratings = S.default_ratings()
    ratings["join"].update(autonomy=2.0, identity=2.0, reality=2.0)
    before = S.scores(S.default_state("hedonistic"))["join"]
    assert S.scores(S.ScalesState("hedonistic", dict(hedonist), ratings))["join"] == before


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
    """Where the verdict changes, found by scanning the relief weight and bisecting each change."""
    grid = np.logspace(math.log10(lo), math.log10(hi), n)
    verdicts = [S.verdict(S.with_relief(state, float(r))) for r in grid]
    flips = []
    for i in range(n - 1):
        if verdicts[i] != verdicts[i + 1]:
            a, b = float(grid[i]), float(grid[i + 1])
            left = verdicts[i]
            for _ in range(80):
                mid = (a + b) / 2
                if S.verdict(S.with_relief(state, mid)) == left:
                    a = mid
                else:
                    b = mid
            flips.append((a + b) / 2)
    return flips


def test_the_equal_weights_tipping_point_is_ten_thirds():
    # By hand, in the relief weight w with the other weights 1: Join = 2w - 2, Leave = -w + 8,
    # Refuse = 3; Join and Leave cross at w = 10/3, where both (4.67) beat Refuse.
    assert S.tipping_point(S.default_state("custom")) == pytest.approx(10 / 3, abs=1e-12)


def test_the_tipping_point_depends_on_the_other_weights():
    # "Holding your other weights fixed": the same relief/autonomy weights tip at different
    # places when another weight moves, so the page never glosses it as relief against autonomy alone.
    base = S.default_state("custom")
    other = S.ScalesState("custom", {**base.weights, "identity": 4.0}, base.ratings)
    assert S.ratio(base) == S.ratio(other)
    assert S.tipping_point(other) > S.tipping_point(base)
    assert "holding your other weights fixed" in S.assess(base).explanation().lower()


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
        assert S.verdict(S.with_relief(state, tp * (1 - 1e-6))) != S.verdict(S.with_relief(state, tp * (1 + 1e-6)))


def test_no_tipping_point_when_one_option_wins_everywhere():
    ratings = S.default_ratings()
    ratings["leave"] = {v: 2.0 for v in S.VALUES}  # best on every value, relief included
    state = S.ScalesState("custom", dict(S.LENSES["custom"].weights), ratings)
    assert S.tipping_points(state) == [] and S.tipping_point(state) is None


def test_tipping_points_need_no_autonomy_weight():
    # The hedonistic lens weighs autonomy 0; its verdict still has a tipping point in the relief weight.
    state = S.default_state("hedonistic")
    assert S.ratio(state) == math.inf
    assert S.tipping_point(state) == pytest.approx(0.5)
    assert "times your weight on autonomy" not in S.assess(state).explanation()


# --- The Kantian side-constraint --------------------------------------------------------

def test_a_lexical_constraint_is_never_outweighed():
    rng = np.random.default_rng(4)
    surrender = {o for o, opt in S.OPTIONS.items() if opt.surrenders_will}
    for _ in range(500):
        state = random_state(rng, "kantian", integer_ratings=True)
        weights = {**state.weights, "relief": float(rng.choice([0.0, 1.0, 50.0, 100.0]))}
        state = S.ScalesState("kantian", weights, state.ratings)
        assert set(S.ruled_out(state)) == surrender
        assert S.verdict(state) not in surrender
        ranks = S.ranking(state)
        assert all(ranks.index(p) < ranks.index(o) for p in set(S.OPTIONS) - surrender for o in surrender)


def test_ruled_out_is_absolute_whatever_the_other_options():
    # Every option rated -2 on autonomy: joining is still ruled out, and leaving still is not.
    ratings = S.default_ratings()
    for o in S.OPTIONS:
        ratings[o]["autonomy"] = -2.0
    state = S.ScalesState("kantian", dict(S.LENSES["kantian"].weights), ratings)
    assert S.ruled_out(state) == ["join", "temporary"]
    # And raising Join to +2 on autonomy does not bring it back: the maxim, not the rating.
    ratings["join"]["autonomy"] = 2.0
    assert "join" in S.ruled_out(S.ScalesState("kantian", dict(S.LENSES["kantian"].weights), ratings))


def test_a_temporary_surrender_is_ruled_out_like_a_permanent_one():
    # The maxim, not its duration: however mildly the student rates Join for a while on
    # autonomy, and however much relief weighs, the Kantian lens never lets it win.
    for autonomy in (-2.0, -1.0, 0.0, 1.0, 2.0):
        ratings = S.default_ratings()
        ratings["temporary"]["autonomy"] = autonomy
        for relief in (0.0, 5.0, 10.0, 100.0):
            state = S.ScalesState("kantian", {**S.LENSES["kantian"].weights, "relief": relief}, ratings)
            assert "temporary" in S.ruled_out(state)
            assert S.verdict(state) in {"refuse", "leave"}
    # Without the lens, the same temporary option can win on score.
    ratings = S.default_ratings()
    ratings["temporary"].update(autonomy=1.0, identity=1.0)
    assert S.verdict(S.ScalesState("custom", {**S.LENSES["custom"].weights, "relief": 100.0}, ratings)) in {"temporary", "join"}


def test_join_never_wins_under_the_kantian_lens_though_it_would_on_score():
    state = S.default_state("kantian")
    for r in (0.1, 1, 10, 100):
        s = S.with_relief(state, r)
        assert S.verdict(s) != "join"
        assert "join" in S.ruled_out(s)
    huge = S.with_relief(state, 100)
    assert max(S.scores(huge), key=S.scores(huge).get) == "join"  # best score, still ruled out
    assert S.deciding_values(huge)[0] == "autonomy"


def test_a_large_weight_unlike_a_constraint_can_be_outweighed():
    weights = {**S.LENSES["kantian"].weights, "autonomy": 10.0, "relief": 100.0}
    assert S.verdict(S.ScalesState("custom", weights, S.default_ratings())) == "join"
    assert S.verdict(S.ScalesState("kantian", weights, S.default_ratings())) != "join"


def test_the_explanation_names_the_ruled_out_options_and_says_why():
    text = S.assess(S.default_state("kantian")).explanation()
    assert "Join and Join for a while are ruled out" in text
    assert "whatever the other options" in text


# --- States -------------------------------------------------------------------------------

@pytest.mark.parametrize("lens", list(S.LENSES))
def test_a_state_round_trips_through_json(lens):
    state = S.default_state(lens)
    d = json.loads(json.dumps(state.to_dict()))
    assert d["widget"] == "scales" and d["version"] == 2 and d["lens"] == lens
    again = S.state_from_dict(d)
    assert again.to_dict() == state.to_dict()
    assert S.verdict(d) == S.verdict(state)


def _good() -> dict:
    return S.default_state("custom").to_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(widget="tension"), "'widget' must be 'scales'"),
        (lambda d: d.update(version=3), "'version' must be 2"),
        (lambda d: d.update(lens="stoic"), "valid lenses: hedonistic, preference, kantian, virtue, custom"),
        (lambda d: d["weights"].pop("reality"), "missing 'reality'"),
        (lambda d: d["weights"].update(achievement=1), "unknown key 'achievement'"),
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


# --- Blank ratings and old states ------------------------------------------------------------

def test_a_student_starts_blank_and_gets_scores_only_when_everything_is_rated():
    blank = S.blank_state()
    assert len(blank.unrated) == 24 and not blank.complete
    d = json.loads(json.dumps(blank.to_dict()))
    assert S.state_from_dict(d).unrated == blank.unrated
    with pytest.raises(ValueError, match="24 rating"):
        S.verdict(d)
    with pytest.raises(ValueError, match="not given yet"):
        S.complete_state_from_dict(d)


V1_STATE = {
    "widget": "scales", "version": 1, "lens": "custom",
    "weights": {"relief": 4, "autonomy": 5, "identity": 5, "relationships": 3, "achievement": 2, "reality": 3},
    "ratings": {
        "join": {"relief": 2, "autonomy": -2, "identity": -2, "relationships": -1, "achievement": -2, "reality": -1},
        "refuse": {"relief": 0, "autonomy": 1, "identity": 1, "relationships": -1, "achievement": 0, "reality": 1},
        "temporary": {"relief": 1, "autonomy": -1, "identity": -1, "relationships": 0, "achievement": -1, "reality": -1},
        "leave": {"relief": -1, "autonomy": 2, "identity": 2, "relationships": 1, "achievement": 1, "reality": 2},
    },
}


def test_a_version_1_state_still_reads_with_the_same_scores():
    state = S.state_from_dict(V1_STATE)
    assert state.read_from_version == 1
    assert state.weights["unity"] == 3 and state.ratings["join"]["joy"] == -2
    # Scores by hand from the version-1 numbers: Leave = -4+10+10+3+2+6 = 27, Join = 8-10-10-3-4-3 = -22.
    assert S.scores(state)["leave"] == 27 and S.scores(state)["join"] == -22
    assert S.verdict(V1_STATE) == "leave"
    assert S.state_from_dict(state.to_dict()).to_dict() == state.to_dict()  # re-saved as version 2
    with pytest.raises(ValueError, match="not a number|must be a number"):
        S.state_from_dict({**V1_STATE, "ratings": {**V1_STATE["ratings"], "join": {**V1_STATE["ratings"]["join"], "relief": None}}})
