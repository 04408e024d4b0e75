"""The Nexus: what harmonizing minds does to suffering and to individuality.

A pure, vectorized model (numpy only) of N citizens. Each has an affect (a
suffering level, >= 0) and a preference vector over the six values of the
Scales (non-negative, summing to 1). Every step:

* life goes on: each citizen suffers a loss with probability ``loss_rate``
  (its size drawn from an exponential distribution) and old pain fades by
  the factor ``fade``; citizens also suffer a little from being at odds with
  the collective (``friction`` times their distance from it), which is the
  woman's own claim that "the chaos of individuality" causes suffering (p4.2);
* the Nexus dissolves a fraction ``h`` of every citizen's felt pain (the
  story's promise, p4.4 and p5.9);
* each mind moves, at rate ``adaptation``, toward a blend of the collective
  preference (weight ``h``) and its own original preferences (weight
  ``1 - h``): the harmonizing pull against the pull of one's own character.
  A mind therefore settles at ``h * collective + (1 - h) * own``.

The collective preference is the citizens' mean, which this update leaves
unchanged. At h = 0 preferences never move (diversity unchanged); at h = 1
they all converge on the collective (diversity collapses).

Reported over time: mean suffering; diversity (the entropy of which value
each citizen puts first, as a share of its maximum); the individuality index
(mean distance from the collective, as a share of the distance at the
start); and dissent suppressed (the share of citizens who at the start put
a different value first than the collective did, and now put the
collective's first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from elysara.widgets.state import read_envelope

N_VALUES = 6
#: The population's average leaning over the six values (relief, autonomy,
#: identity, relationships, achievement, reality): a made-up culture with a
#: clear majority view, so that there is dissent for the Nexus to suppress.
CULTURE = np.array([0.26, 0.18, 0.16, 0.18, 0.12, 0.10])


@dataclass(frozen=True)
class NexusParams:
    """The model's settings. Defaults give a mean suffering of about 1.5 at h = 0."""

    citizens: int = 500
    steps: int = 100
    h: float = 0.5
    seed: int = 0
    loss_rate: float = 0.1  #: chance per step that a citizen suffers a loss
    loss_size: float = 1.0  #: mean size of a loss
    fade: float = 0.9  #: share of yesterday's pain still felt today
    friction: float = 0.05  #: suffering per unit distance from the collective
    adaptation: float = 0.1  #: how fast a mind moves toward where it is pulled
    concentration: float = 20.0  #: higher: citizens' preferences closer to the culture's

    def __post_init__(self) -> None:
        checks = [
            ("citizens", isinstance(self.citizens, (int, np.integer)) and self.citizens >= 2, "an integer >= 2"),
            ("steps", isinstance(self.steps, (int, np.integer)) and self.steps >= 1, "an integer >= 1"),
            ("h", 0.0 <= self.h <= 1.0, "a number from 0 to 1"),
            ("loss_rate", 0.0 <= self.loss_rate <= 1.0, "a number from 0 to 1"),
            ("loss_size", self.loss_size >= 0, "a number >= 0"),
            ("fade", 0.0 <= self.fade < 1.0, "a number from 0 up to (not including) 1"),
            ("friction", self.friction >= 0, "a number >= 0"),
            ("adaptation", 0.0 < self.adaptation <= 1.0, "a number above 0, at most 1"),
            ("concentration", self.concentration > 0, "a number > 0"),
        ]
        for name, ok, valid in checks:
            if not ok:
                raise ValueError(f"nexus: {name} must be {valid}, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class NexusRun:
    """One run's time series (index 0 is the start, before any step)."""

    params: NexusParams
    mean_suffering: np.ndarray
    diversity: np.ndarray
    individuality: np.ndarray
    dissent_suppressed: np.ndarray
    final_preferences: np.ndarray = field(repr=False)
    final_affect: np.ndarray = field(repr=False)

    def final(self) -> dict[str, float]:
        """The four measures at the last step."""
        return {
            "mean_suffering": float(self.mean_suffering[-1]),
            "diversity": float(self.diversity[-1]),
            "individuality": float(self.individuality[-1]),
            "dissent_suppressed": float(self.dissent_suppressed[-1]),
        }


def initial_population(params: NexusParams) -> tuple[np.ndarray, np.ndarray, np.random.Generator]:
    """Starting preferences (N x 6, rows sum to 1), affects (N) and the generator for later draws."""
    rng = np.random.default_rng(params.seed)
    prefs = rng.dirichlet(CULTURE * params.concentration, size=params.citizens)
    affect = rng.exponential(params.loss_size * params.loss_rate / (1 - params.fade), size=params.citizens)
    return prefs, affect, rng


def entropy_share(top_choices: np.ndarray, k: int = N_VALUES) -> float:
    """Shannon entropy of a list of categories 0..k-1, as a share of its maximum log(k)."""
    counts = np.bincount(top_choices, minlength=k)
    p = counts[counts > 0] / counts.sum()
    # max() turns the -0.0 of a single category into 0.0.
    return max(0.0, float(-(p * np.log(p)).sum() / np.log(k)))


def run(params: NexusParams | None = None, **overrides: float) -> NexusRun:
    """Run the model; ``run(h=0.3)`` is short for ``run(NexusParams(h=0.3))``."""
    if params is None:
        params = NexusParams(**overrides)
    elif overrides:
        raise TypeError("pass either params or keyword settings, not both")
    prefs, affect, rng = initial_population(params)
    own = prefs.copy()
    collective = prefs.mean(axis=0)
    n, t = params.citizens, params.steps
    # Draw every loss up front: the same seed gives the same life events at
    # every h, so runs differ only by what the Nexus does.
    losses = (rng.random((t, n)) < params.loss_rate) * rng.exponential(params.loss_size, size=(t, n))

    dist0 = np.linalg.norm(prefs - collective, axis=1)
    scale = dist0.mean()
    top0 = prefs.argmax(axis=1)
    collective_top = int(collective.argmax())
    dissenters = top0 != collective_top
    n_dissent = max(int(dissenters.sum()), 1)

    suffering = np.empty(t + 1)
    diversity = np.empty(t + 1)
    individuality = np.empty(t + 1)
    suppressed = np.empty(t + 1)
    suffering[0] = affect.mean()
    diversity[0] = entropy_share(top0)
    individuality[0] = 1.0
    suppressed[0] = 0.0

    h, a = params.h, params.adaptation
    target = h * collective + (1 - h) * own  # where each mind is pulled
    for step in range(1, t + 1):
        dist = np.linalg.norm(prefs - collective, axis=1)
        affect = (1 - h) * (params.fade * affect + losses[step - 1] + params.friction * dist / scale)
        prefs += a * (target - prefs)
        top = prefs.argmax(axis=1)
        suffering[step] = affect.mean()
        diversity[step] = entropy_share(top)
        individuality[step] = np.linalg.norm(prefs - collective, axis=1).mean() / scale
        suppressed[step] = np.count_nonzero(dissenters & (top == collective_top)) / n_dissent
    return NexusRun(params, suffering, diversity, individuality, suppressed, prefs, affect)


@dataclass(frozen=True)
class Sweep:
    """Final measures across harmonization strengths: the frontier."""

    h: np.ndarray
    mean_suffering: np.ndarray
    diversity: np.ndarray
    individuality: np.ndarray
    dissent_suppressed: np.ndarray
    runs: tuple[NexusRun, ...] = field(repr=False)


def sweep(h_values: Sequence[float] | np.ndarray | None = None, **settings: float) -> Sweep:
    """Run the model at each h (default: 21 values from 0 to 1) with the same seed and settings."""
    hs = np.linspace(0.0, 1.0, 21) if h_values is None else np.asarray(h_values, dtype=float)
    runs = tuple(run(NexusParams(**{**settings, "h": float(h)})) for h in hs)
    finals = [r.final() for r in runs]
    return Sweep(
        h=hs,
        mean_suffering=np.array([f["mean_suffering"] for f in finals]),
        diversity=np.array([f["diversity"] for f in finals]),
        individuality=np.array([f["individuality"] for f in finals]),
        dissent_suppressed=np.array([f["dissent_suppressed"] for f in finals]),
        runs=runs,
    )


# --- Student state (JSON-able, for an answer cell) ----------------------------

WIDGET_ID = "nexus"
STATE_VERSION = 1
_STATE_FIELDS = ("h", "citizens", "steps", "seed")


def state_of(params: NexusParams) -> dict[str, object]:
    """A run's settings as ``{"widget": "nexus", "version": 1, "h", "citizens", "steps", "seed"}``."""
    return {"widget": WIDGET_ID, "version": STATE_VERSION, "h": float(params.h),
            "citizens": int(params.citizens), "steps": int(params.steps), "seed": int(params.seed)}


def state_from_dict(d: object) -> NexusParams:
    """Read a state written by :func:`state_of`; raises ValueError naming what is wrong."""
    read_envelope(d, widget=WIDGET_ID, version=STATE_VERSION, fields=_STATE_FIELDS, name="nexus")
    h = d["h"]
    if isinstance(h, bool) or not isinstance(h, (int, float)):
        raise ValueError(f"nexus state: 'h' must be a number from 0 to 1, got {h!r}")
    for name in ("citizens", "steps", "seed"):
        if isinstance(d[name], bool) or not isinstance(d[name], int):
            raise ValueError(f"nexus state: {name!r} must be a whole number, got {d[name]!r}")
    if d["seed"] < 0:
        raise ValueError(f"nexus state: 'seed' must be >= 0, got {d['seed']!r}")
    return NexusParams(h=float(h), citizens=d["citizens"], steps=d["steps"], seed=d["seed"])
