"""The Nexus model: harmonization, its measures, determinism and states."""

from __future__ import annotations

import json

import numpy as np
import pytest

from elysara.widgets import nexus as N


def test_h_zero_leaves_everyone_as_they_were():
    start, _, _ = N.initial_population(N.NexusParams(h=0.0, seed=5))
    result = N.run(h=0.0, seed=5)
    assert np.array_equal(result.final_preferences, start)
    assert np.all(result.diversity == result.diversity[0])
    assert np.all(result.individuality == 1.0)
    assert np.all(result.dissent_suppressed == 0.0)
    assert result.diversity[0] > 0.5  # there was diversity to keep


def test_h_one_collapses_diversity_and_suffering():
    result = N.run(h=1.0, seed=5, steps=150)
    assert result.individuality[-1] < 1e-4
    assert result.diversity[-1] == 0.0
    assert result.dissent_suppressed[-1] == 1.0
    assert np.all(result.mean_suffering[1:] == 0.0)  # the Nexus dissolves all pain at once
    spread = result.final_preferences.std(axis=0).max()
    assert spread < 1e-6


@pytest.mark.parametrize("h", [0.25, 0.5, 0.75])
def test_individuality_settles_at_one_minus_h(h):
    # Each mind settles at h * collective + (1 - h) * own, so its distance from the
    # collective shrinks to (1 - h) times what it was.
    result = N.run(h=h, steps=300, seed=2)
    assert result.individuality[-1] == pytest.approx(1 - h, abs=1e-6)


def test_the_collective_preference_does_not_move():
    start, _, _ = N.initial_population(N.NexusParams(seed=9))
    result = N.run(h=0.6, seed=9)
    assert np.allclose(result.final_preferences.mean(axis=0), start.mean(axis=0), atol=1e-12)
    assert np.allclose(result.final_preferences.sum(axis=1), 1.0)


def test_more_harmonization_never_means_more_suffering_or_individuality():
    sweep = N.sweep(np.linspace(0, 1, 11), citizens=300, steps=60, seed=3)
    assert np.all(np.diff(sweep.mean_suffering) <= 1e-12)
    assert np.all(np.diff(sweep.individuality) <= 1e-12)
    assert np.all(np.diff(sweep.dissent_suppressed) >= -1e-12)
    assert sweep.mean_suffering[0] > 5 * sweep.mean_suffering[10 // 2]


def test_same_seed_same_result_other_seed_other_result():
    a, b = N.run(h=0.4, seed=11), N.run(h=0.4, seed=11)
    for attr in ("mean_suffering", "diversity", "individuality", "dissent_suppressed", "final_preferences"):
        assert np.array_equal(getattr(a, attr), getattr(b, attr)), attr
    c = N.run(h=0.4, seed=12)
    assert not np.array_equal(a.mean_suffering, c.mean_suffering)


def test_the_series_have_one_value_per_step_plus_the_start():
    result = N.run(steps=37, citizens=80)
    for attr in ("mean_suffering", "diversity", "individuality", "dissent_suppressed"):
        assert getattr(result, attr).shape == (38,)
    assert result.final_preferences.shape == (80, N.N_VALUES)


def test_entropy_share_of_known_distributions():
    assert N.entropy_share(np.zeros(10, dtype=int)) == 0.0
    assert N.entropy_share(np.arange(6)) == pytest.approx(1.0)
    assert N.entropy_share(np.array([0, 1]), k=4) == pytest.approx(0.5)  # log 2 / log 4


@pytest.mark.parametrize(("settings", "field"), [({"h": 1.5}, "h"), ({"h": -0.1}, "h"), ({"citizens": 1}, "citizens"),
                                                 ({"steps": 0}, "steps"), ({"fade": 1.0}, "fade"), ({"adaptation": 0.0}, "adaptation")])
def test_bad_settings_raise_clear_errors(settings, field):
    with pytest.raises(ValueError, match=f"nexus: {field} must be"):
        N.NexusParams(**settings)


def test_a_state_round_trips():
    params = N.NexusParams(h=0.35, citizens=200, steps=40, seed=7)
    d = json.loads(json.dumps(N.state_of(params)))
    assert d == {"widget": "nexus", "version": 1, "h": 0.35, "citizens": 200, "steps": 40, "seed": 7}
    assert N.state_from_dict(d) == params


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"widget": "scales"}, "'widget' must be 'nexus'"),
        ({"version": 3}, "'version' must be 1"),
        ({"h": "strong"}, "'h' must be a number"),
        ({"h": 2.0}, "h must be a number from 0 to 1"),
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
