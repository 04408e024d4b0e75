"""The Nexus model: two dials and the woman's claim, measures that are measured, determinism and states."""

from __future__ import annotations

import json

import numpy as np
import pytest

from elysara.widgets import nexus as N

SMALL = {"citizens": 200, "steps": 60}


def test_harmony_zero_leaves_everyone_as_they_were():
    start, _, _, _ = N.initial_population(N.NexusParams(seed=5))
    result = N.run(harmony=0.0, seed=5)
    assert np.array_equal(result.final_preferences, start)
    assert np.all(result.individuality == 1.0)
    assert np.all(result.diversity == result.diversity[0])
    assert np.all(result.converted == 0.0)
    assert result.diversity[0] > 0.3  # there was diversity to keep


@pytest.mark.parametrize("relief", [0.0, 0.4])
def test_with_the_claim_false_harmonizing_changes_nothing_about_suffering(relief):
    # The page's central point: the trade-off exists only if the woman's claim (p4.2) is true.
    sweep = N.sweep(claim=0.0, relief=relief, **SMALL)
    assert np.all(sweep.mean_suffering == sweep.mean_suffering[0])
    assert sweep.individuality[-1] < 0.5 * sweep.individuality[0]  # yet individuality is lost


@pytest.mark.parametrize("claim", [0.05, 0.2])
def test_with_the_claim_true_harmonizing_buys_less_suffering_with_less_individuality(claim):
    sweep = N.sweep(claim=claim, **SMALL)
    assert np.all(np.diff(sweep.mean_suffering) < 0)
    assert np.all(np.diff(sweep.individuality) < 0)
    assert np.all(np.diff(sweep.converted) >= 0)


def test_a_stronger_claim_makes_harmonizing_buy_more():
    gains = [N.sweep(claim=c, **SMALL).mean_suffering for c in (0.05, 0.1, 0.2)]
    drops = [g[0] - g[-1] for g in gains]
    assert drops[0] < drops[1] < drops[2]


def test_the_relief_dial_lowers_suffering_without_moving_a_mind():
    low, high = N.run(relief=0.0, harmony=0.3, seed=4), N.run(relief=0.6, harmony=0.3, seed=4)
    assert high.mean_suffering[-1] < 0.5 * low.mean_suffering[-1]
    for attr in ("individuality", "diversity", "converted", "final_preferences"):
        assert np.array_equal(getattr(low, attr), getattr(high, attr)), attr
    assert np.all(N.run(relief=1.0, harmony=0.0).mean_suffering[1:] == 0.0)


def test_individuality_is_measured_not_the_dial_relabelled():
    sweep = N.sweep(**SMALL)
    # Not 1 - harmony (the old model's identity), and not any straight line in it.
    assert np.max(np.abs(sweep.individuality - (1 - sweep.harmony))) > 0.15
    second_differences = np.diff(sweep.individuality, 2)
    assert np.all(second_differences > 0)  # it falls fast, then slowly: resistance is spread among citizens
    assert sweep.individuality[-1] > 0.1  # stubborn citizens keep something even at full harmony


def test_individuality_depends_on_how_resistant_the_citizens_are():
    pliable = N.run(harmony=0.5, resistance=0.1, **SMALL).individuality[-1]
    stubborn = N.run(harmony=0.5, resistance=2.0, **SMALL).individuality[-1]
    assert pliable < 0.5 < stubborn


def test_converted_is_measured_against_a_real_majority():
    result = N.run()
    top = N.initial_population(N.NexusParams())[0].argmax(axis=1)
    counts = np.bincount(top, minlength=N.N_VALUES)
    assert result.majority_value == int(counts.argmax())
    assert result.majority_share == pytest.approx(counts.max() / counts.sum())
    assert result.majority_share > 0.5
    # Of those who did not share it, the share who now put it first.
    now = result.final_preferences.argmax(axis=1)
    others = top != result.majority_value
    assert result.converted[-1] == pytest.approx(np.mean(now[others] == result.majority_value))


def test_same_seed_same_result_other_seed_other_result():
    a, b = N.run(harmony=0.4, seed=11), N.run(harmony=0.4, seed=11)
    for attr in (*N.MEASURES, "final_preferences"):
        assert np.array_equal(getattr(a, attr), getattr(b, attr)), attr
    assert not np.array_equal(a.mean_suffering, N.run(harmony=0.4, seed=12).mean_suffering)


def test_the_series_have_one_value_per_step_plus_the_start():
    result = N.run(steps=37, citizens=80)
    for attr in N.MEASURES:
        assert getattr(result, attr).shape == (38,)
    assert result.final_preferences.shape == (80, N.N_VALUES)
    assert np.allclose(result.final_preferences.sum(axis=1), 1.0)


def test_the_grid_holds_the_models_runs():
    grid = N.grid_results(citizens=120, steps=30, seed=3)
    rng = np.random.default_rng(0)
    for _ in range(12):
        c, r, h = (int(rng.integers(len(g))) for g in (N.GRID_CLAIM, N.GRID_RELIEF, N.GRID_HARMONY))
        final = N.run(citizens=120, steps=30, seed=3, claim=N.GRID_CLAIM[c], relief=N.GRID_RELIEF[r],
                      harmony=N.GRID_HARMONY[h]).final()
        for m in N.MEASURES:
            assert grid["results"][m][c][r][h] == pytest.approx(final[m], abs=0.6 * 10**-N.DIGITS)


def test_entropy_share_of_known_distributions():
    assert N.entropy_share(np.zeros(10, dtype=int)) == 0.0
    assert N.entropy_share(np.arange(6)) == pytest.approx(1.0)
    assert N.entropy_share(np.array([0, 1]), k=4) == pytest.approx(0.5)  # log 2 / log 4


@pytest.mark.parametrize(("settings", "field"), [
    ({"harmony": 1.5}, "harmony"), ({"relief": -0.1}, "relief"), ({"claim": -1}, "claim"), ({"citizens": 1}, "citizens"),
    ({"steps": 0}, "steps"), ({"fade": 1.0}, "fade"), ({"adaptation": 0.0}, "adaptation"), ({"resistance": 0}, "resistance"),
])
def test_bad_settings_raise_clear_errors(settings, field):
    with pytest.raises(ValueError, match=f"nexus: {field} must be"):
        N.NexusParams(**settings)


def test_a_state_round_trips():
    params = N.NexusParams(relief=0.2, harmony=0.35, claim=0.1, citizens=200, steps=40, seed=7)
    d = json.loads(json.dumps(N.state_of(params)))
    assert d == {"widget": "nexus", "version": 2, "relief": 0.2, "harmony": 0.35, "claim": 0.1,
                 "citizens": 200, "steps": 40, "seed": 7}
    assert N.state_from_dict(d) == params


def test_an_old_single_dial_state_is_still_read():
    old = {"widget": "nexus", "version": 1, "h": 0.35, "citizens": 200, "steps": 40, "seed": 7}
    params = N.state_from_dict(old)
    # Version 1's h both dissolved pain and pulled minds together.
    assert (params.relief, params.harmony, params.claim) == (0.35, 0.35, N.V1_CLAIM)
    assert (params.citizens, params.steps, params.seed) == (200, 40, 7)
    with pytest.raises(ValueError, match="'h' must be a number from 0 to 1"):
        N.state_from_dict({**old, "h": 2})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"widget": "scales"}, "'widget' must be 'nexus'"),
        ({"version": 3}, "'version' must be 2"),
        ({"harmony": "strong"}, "'harmony' must be a number from 0 to 1"),
        ({"relief": 2.0}, "'relief' must be a number from 0 to 1"),
        ({"claim": -0.5}, "'claim' must be a number >= 0"),
        ({"citizens": 10.5}, "'citizens' must be a whole number"),
        ({"seed": -1}, "'seed' must be >= 0"),
        ({"colour": "red"}, "unknown field 'colour'"),
    ],
)
def test_bad_states_raise_clear_errors(change, message):
    d = {**N.state_of(N.NexusParams()), **change}
    with pytest.raises(ValueError, match=message):
        N.state_from_dict(d)


def test_a_state_missing_a_field_is_refused():
    d = N.state_of(N.NexusParams())
    del d["seed"]
    with pytest.raises(ValueError, match="missing field 'seed'"):
        N.state_from_dict(d)
