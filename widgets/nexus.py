"""The Nexus: what dissolving pain and harmonizing minds each do to suffering and to individuality.

A pure, vectorized model (numpy only) of N citizens. Each has an affect (a
suffering level, >= 0), a preference vector over six values (non-negative,
summing to 1), the preferences they started with (their own character) and a
**resistance**: how strongly their character pulls them back to itself
(drawn per citizen, so some people are pliable and some stubborn).

The Nexus has two separate dials, because the story makes two separate claims:

* ``relief`` (0 to 1): the share of every citizen's felt pain the Nexus
  dissolves each step ("Pain, grief, anger—they are but illusions we no
  longer entertain", p4.4; "you will never know suffering again", p5.9);
* ``harmony`` (0 to 1): how strongly it pulls every mind towards the
  collective ("The Nexus harmonizes our thoughts, our emotions, our very
  desires", p4.3).

A third setting, ``claim``, is the woman's causal claim that suffering comes
*from* individuality ("We have eradicated suffering ... by relinquishing the
chaos of individuality", p4.2): each step a citizen suffers ``claim`` times
their distance from the collective (as a share of the average distance at
the start). With ``claim = 0`` that claim is false, and harmonizing has no
effect on suffering at all (exactly: the same seed gives the same losses).

Every step:

* life goes on: each citizen suffers a loss with probability ``loss_rate``
  (size drawn from an exponential distribution), old pain fades by ``fade``,
  and the claim's suffering from being at odds with the collective is added;
* the Nexus dissolves a share ``relief`` of that pain;
* each mind moves, at rate ``adaptation``, towards the point where the
  Nexus's pull (``harmony``, towards the current collective, the citizens'
  mean) balances its own resistance (towards its own starting preferences).
  A mind with resistance k settles near ``(harmony * collective + k * own) /
  (harmony + k)``: stubborn minds keep more of themselves.

Reported over time (index 0 is the start):

* mean suffering;
* individuality: the mean distance of citizens' preferences from the
  collective, as a share of that distance at the start (1: as different as
  ever; 0: everyone wants the same). It depends on how resistance is spread
  across the citizens, so it is not the harmony dial relabelled;
* diversity: the entropy of which value each citizen puts first, as a share
  of its maximum;
* converted: of the citizens who at the start put something other than the
  majority's first priority first, the share who now put the majority's
  first. The majority is real: the culture below makes more than half of
  the citizens put relief first at the start (checked by the tests).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from elysara.widgets.state import read_envelope

N_VALUES = 6
#: The six values citizens care about, in the order of the preference vectors.
VALUE_LABELS = ("relief", "autonomy", "identity", "relationships", "achievement", "reality")
#: The population's average leaning over the six values: a made-up culture in
#: which a clear majority puts relief first, so that there is a real majority
#: view and real dissent from it.
CULTURE = np.array([0.34, 0.15, 0.14, 0.15, 0.12, 0.10])


@dataclass(frozen=True)
class NexusParams:
    """The model's settings. Defaults: no relief dial, half harmony, the woman's claim at 0.1."""

    citizens: int = 500
    steps: int = 100
    relief: float = 0.0  #: share of felt pain the Nexus dissolves each step
    harmony: float = 0.5  #: how strongly the Nexus pulls minds to the collective
    claim: float = 0.1  #: suffering per unit distance from the collective (0: the woman's claim is false)
    seed: int = 0
    loss_rate: float = 0.1  #: chance per step that a citizen suffers a loss
    loss_size: float = 1.0  #: mean size of a loss
    fade: float = 0.9  #: share of yesterday's pain still felt today
    adaptation: float = 0.1  #: how fast a mind moves toward where it is pulled
    resistance: float = 0.5  #: the citizens' mean pull back to their own character
    concentration: float = 20.0  #: higher: citizens' preferences closer to the culture's

    def __post_init__(self) -> None:
        checks = [
            ("citizens", isinstance(self.citizens, (int, np.integer)) and self.citizens >= 2, "an integer >= 2"),
            ("steps", isinstance(self.steps, (int, np.integer)) and self.steps >= 1, "an integer >= 1"),
            ("relief", 0.0 <= self.relief <= 1.0, "a number from 0 to 1"),
            ("harmony", 0.0 <= self.harmony <= 1.0, "a number from 0 to 1"),
            ("claim", self.claim >= 0, "a number >= 0"),
            ("loss_rate", 0.0 <= self.loss_rate <= 1.0, "a number from 0 to 1"),
            ("loss_size", self.loss_size >= 0, "a number >= 0"),
            ("fade", 0.0 <= self.fade < 1.0, "a number from 0 up to (not including) 1"),
            ("adaptation", 0.0 < self.adaptation <= 1.0, "a number above 0, at most 1"),
            ("resistance", self.resistance > 0, "a number > 0"),
            ("concentration", self.concentration > 0, "a number > 0"),
        ]
        for name, ok, valid in checks:
            if not ok:
                raise ValueError(f"nexus: {name} must be {valid}, got {getattr(self, name)!r}")


MEASURES = ("mean_suffering", "individuality", "diversity", "converted")


@dataclass(frozen=True)
class NexusRun:
    """One run's time series (index 0 is the start, before any step)."""

    params: NexusParams
    mean_suffering: np.ndarray
    individuality: np.ndarray
    diversity: np.ndarray
    converted: np.ndarray
    majority_value: int  #: index (into VALUE_LABELS) of the most common first priority at the start
    majority_share: float  #: share of citizens who put it first at the start
    final_preferences: np.ndarray = field(repr=False)
    final_affect: np.ndarray = field(repr=False)

    def final(self) -> dict[str, float]:
        """The four measures at the last step."""
        return {m: float(getattr(self, m)[-1]) for m in MEASURES}


def initial_population(params: NexusParams) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.random.Generator]:
    """Starting preferences (N x 6, rows sum to 1), affects (N), resistances (N) and the generator for later draws."""
    rng = np.random.default_rng(params.seed)
    prefs = rng.dirichlet(CULTURE * params.concentration, size=params.citizens)
    affect = rng.exponential(params.loss_size * params.loss_rate / (1 - params.fade), size=params.citizens)
    # Gamma with shape 2: most citizens near the mean resistance, a few far more stubborn or pliable.
    resistance = rng.gamma(2.0, params.resistance / 2.0, size=params.citizens)
    return prefs, affect, resistance, rng


def entropy_share(top_choices: np.ndarray, k: int = N_VALUES) -> float:
    """Shannon entropy of a list of categories 0..k-1, as a share of its maximum log(k)."""
    counts = np.bincount(top_choices, minlength=k)
    p = counts[counts > 0] / counts.sum()
    # max() turns the -0.0 of a single category into 0.0.
    return max(0.0, float(-(p * np.log(p)).sum() / np.log(k)))


def _minds(params: NexusParams) -> tuple[dict[str, Any], np.ndarray, np.ndarray, np.ndarray]:
    """What harmony does to minds (independent of relief and claim): measures over time, the start, losses, distances.

    Returns the preference measures, the starting affects, every step's
    losses (steps x N) and every step's distance of each citizen from the
    collective, as a share of the mean distance at the start (steps x N).
    """
    prefs, affect, resistance, rng = initial_population(params)
    own = prefs.copy()
    n, t = params.citizens, params.steps
    # Draw every loss up front: the same seed gives the same life events at
    # every setting, so runs differ only by what the Nexus does.
    losses = (rng.random((t, n)) < params.loss_rate) * rng.exponential(params.loss_size, size=(t, n))

    collective = prefs.mean(axis=0)
    scale = np.linalg.norm(prefs - collective, axis=1).mean()
    top0 = prefs.argmax(axis=1)
    majority = int(np.bincount(top0, minlength=N_VALUES).argmax())
    dissenters = top0 != majority
    n_dissent = max(int(dissenters.sum()), 1)

    individuality, diversity, converted = (np.empty(t + 1) for _ in range(3))
    individuality[0], diversity[0], converted[0] = 1.0, entropy_share(top0), 0.0
    distances = np.empty((t, n))
    h, a = params.harmony, params.adaptation
    pull = (resistance / (h + resistance))[:, None]  # weight of one's own character in where a mind is pulled
    for step in range(1, t + 1):
        collective = prefs.mean(axis=0)
        distances[step - 1] = np.linalg.norm(prefs - collective, axis=1) / scale
        target = pull * own + (1 - pull) * collective
        prefs += a * (target - prefs)
        collective = prefs.mean(axis=0)
        top = prefs.argmax(axis=1)
        individuality[step] = np.linalg.norm(prefs - collective, axis=1).mean() / scale
        diversity[step] = entropy_share(top)
        converted[step] = np.count_nonzero(dissenters & (top == majority)) / n_dissent
    minds = {"individuality": individuality, "diversity": diversity, "converted": converted, "majority": majority,
             "majority_share": float(np.count_nonzero(~dissenters) / n), "prefs": prefs}
    return minds, affect, losses, distances


def _suffering(params: NexusParams, affect: np.ndarray, losses: np.ndarray, distances: np.ndarray,
               relief: np.ndarray | float, claim: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Mean suffering over time and the final affects; ``relief`` and ``claim`` may be arrays broadcast against the citizens."""
    relief, claim = np.asarray(relief, dtype=float)[..., None], np.asarray(claim, dtype=float)[..., None]
    affect = np.broadcast_to(affect, np.broadcast_shapes(relief.shape, claim.shape, affect.shape))
    means = [affect.mean(axis=-1)]
    for step in range(losses.shape[0]):
        affect = (1 - relief) * (params.fade * affect + losses[step] + claim * distances[step])
        means.append(affect.mean(axis=-1))
    return np.stack(means, axis=-1), affect


def run(params: NexusParams | None = None, **overrides: Any) -> NexusRun:
    """Run the model; ``run(harmony=0.3)`` is short for ``run(NexusParams(harmony=0.3))``."""
    if params is None:
        params = NexusParams(**overrides)
    elif overrides:
        raise TypeError("pass either params or keyword settings, not both")
    minds, affect, losses, distances = _minds(params)
    suffering, final_affect = _suffering(params, affect, losses, distances, params.relief, params.claim)
    return NexusRun(params, suffering, minds["individuality"], minds["diversity"], minds["converted"],
                    minds["majority"], minds["majority_share"], minds["prefs"], final_affect)


@dataclass(frozen=True)
class Sweep:
    """Final measures across harmony values, other settings fixed: the frontier."""

    harmony: np.ndarray
    mean_suffering: np.ndarray
    individuality: np.ndarray
    diversity: np.ndarray
    converted: np.ndarray
    runs: tuple[NexusRun, ...] = field(repr=False)


def sweep(harmony_values: Sequence[float] | np.ndarray | None = None, **settings: Any) -> Sweep:
    """Run the model at each harmony value (default: 11 from 0 to 1), same seed and other settings."""
    hs = np.round(np.linspace(0.0, 1.0, 11), 2) if harmony_values is None else np.asarray(harmony_values, dtype=float)
    runs = tuple(run(NexusParams(**{**settings, "harmony": float(h)})) for h in hs)
    finals = [r.final() for r in runs]
    return Sweep(hs, *(np.array([f[m] for f in finals]) for m in MEASURES), runs=runs)


# --- Results over a grid, for the static page ----------------------------------------

#: The dials' positions on the static page (the live widget takes any value).
GRID_RELIEF = tuple(round(x, 2) for x in np.linspace(0.0, 1.0, 11))
GRID_HARMONY = tuple(round(x, 2) for x in np.linspace(0.0, 1.0, 11))
#: The woman's claim: false, weak, as strong as life's own losses (loss_rate x loss_size = 0.1), strong.
GRID_CLAIM = (0.0, 0.05, 0.1, 0.2)
DIGITS = 4


def grid_results(citizens: int = 500, steps: int = 100, seed: int = 0) -> dict[str, Any]:
    """The model's final measures at every grid point, rounded to ``DIGITS`` decimals: the static page's data.

    ``results[m][c][r][h]`` is measure ``m`` with ``GRID_CLAIM[c]``,
    ``GRID_RELIEF[r]`` and ``GRID_HARMONY[h]``; the page only looks values up.
    """
    base = NexusParams(citizens=citizens, steps=steps, seed=seed)
    claims = np.array(GRID_CLAIM)[:, None]  # claim x relief, broadcast against the citizens
    reliefs = np.array(GRID_RELIEF)[None, :]
    finals = {m: np.empty((len(GRID_CLAIM), len(GRID_RELIEF), len(GRID_HARMONY))) for m in MEASURES}
    for k, h in enumerate(GRID_HARMONY):
        params = NexusParams(**{**base.__dict__, "harmony": h})
        minds, affect, losses, distances = _minds(params)
        suffering, _ = _suffering(params, affect, losses, distances, reliefs, claims)
        finals["mean_suffering"][:, :, k] = suffering[..., -1]
        for m in ("individuality", "diversity", "converted"):
            finals[m][:, :, k] = minds[m][-1]  # harmony alone moves minds
    results = {m: np.round(finals[m], DIGITS).tolist() for m in MEASURES}
    return {
        "widget": WIDGET_ID, "citizens": citizens, "steps": steps, "seed": seed,
        "relief": list(GRID_RELIEF), "harmony": list(GRID_HARMONY), "claim": list(GRID_CLAIM),
        "majority_value": VALUE_LABELS[minds["majority"]], "majority_share": round(minds["majority_share"], DIGITS),
        "results": results,
    }


# --- Student state (JSON-able, for an answer cell) ----------------------------

WIDGET_ID = "nexus"
STATE_VERSION = 2
_STATE_FIELDS = ("relief", "harmony", "claim", "citizens", "steps", "seed")
_V1_FIELDS = ("h", "citizens", "steps", "seed")
#: Version 1 had one dial h for both relief and harmonization, and the claim fixed at 0.05.
V1_CLAIM = 0.05


def state_of(params: NexusParams) -> dict[str, object]:
    """A run's settings as ``{"widget": "nexus", "version": 2, "relief", "harmony", "claim", "citizens", "steps", "seed"}``."""
    return {"widget": WIDGET_ID, "version": STATE_VERSION, "relief": float(params.relief),
            "harmony": float(params.harmony), "claim": float(params.claim),
            "citizens": int(params.citizens), "steps": int(params.steps), "seed": int(params.seed)}


def _number(d: Mapping[str, Any], name: str, lo: float, hi: float | None) -> float:
    x = d[name]
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not (lo <= x and (hi is None or x <= hi)):
        valid = f"a number from {lo:g} to {hi:g}" if hi is not None else f"a number >= {lo:g}"
        raise ValueError(f"nexus state: {name!r} must be {valid}, got {x!r}")
    return float(x)


def _whole_numbers(d: Mapping[str, Any]) -> dict[str, int]:
    for name in ("citizens", "steps", "seed"):
        if isinstance(d[name], bool) or not isinstance(d[name], int):
            raise ValueError(f"nexus state: {name!r} must be a whole number, got {d[name]!r}")
    if d["seed"] < 0:
        raise ValueError(f"nexus state: 'seed' must be >= 0, got {d['seed']!r}")
    return {"citizens": d["citizens"], "steps": d["steps"], "seed": d["seed"]}


def state_from_dict(d: object) -> NexusParams:
    """Read a state written by :func:`state_of` (version 2, or version 1's single dial h); raises ValueError naming what is wrong.

    A version 1 state's h set both the pain dissolved and the pull on minds,
    so it reads as relief = harmony = h with version 1's claim (0.05).
    """
    if isinstance(d, Mapping) and d.get("widget") == WIDGET_ID and d.get("version") == 1:
        read_envelope(d, widget=WIDGET_ID, version=1, fields=_V1_FIELDS, name="nexus")
        h = _number(d, "h", 0.0, 1.0)
        return NexusParams(relief=h, harmony=h, claim=V1_CLAIM, **_whole_numbers(d))
    read_envelope(d, widget=WIDGET_ID, version=STATE_VERSION, fields=_STATE_FIELDS, name="nexus")
    return NexusParams(relief=_number(d, "relief", 0.0, 1.0), harmony=_number(d, "harmony", 0.0, 1.0),
                       claim=_number(d, "claim", 0.0, None), **_whole_numbers(d))
