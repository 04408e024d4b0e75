"""The Scales: weigh the options Elysara offers against six values.

A pure model (no UI imports). The student gives each of six values a weight
and each of four options a rating on each value (from -2, "destroys it", to
+2, "serves it fully"; 0 neither serves nor harms it). An option's score is
the weighted sum of its ratings. A lens may add a side-constraint: the
Kantian lens rules out, before any weighing, every option that violates
autonomy past a threshold. That is a lexicographic ordering (constraint
first, score second), not a large weight, so no weight on other values can
bring a ruled-out option back.

The peace:autonomy ratio is ``weight[relief] / weight[autonomy]``. Moving
along it keeps the autonomy weight (and all others) fixed and sets the
relief weight to ``ratio * weight[autonomy]``; every score is then a straight
line in the ratio, so the tipping points (where the verdict flips) have a
closed form: intersections of those lines on the upper envelope.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from elysara.widgets.state import read_envelope

WIDGET_ID = "scales"
STATE_VERSION = 1
RATING_MIN, RATING_MAX = -2.0, 2.0
WEIGHT_MAX = 100.0  # generous: the ratio slider can push relief well past the live sliders' 10


@dataclass(frozen=True)
class Value:
    """Something a life can have more or less of, that an option may serve or harm."""

    id: str
    label: str
    question: str  #: what a rating on this value answers


@dataclass(frozen=True)
class Option:
    """One thing the wanderer could do."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Rating:
    """A default rating of an option on a value, with the text's reason for it."""

    score: float
    reason: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Constraint:
    """A side-constraint: options rated below ``threshold`` on ``value`` are ruled out."""

    value: str
    threshold: float
    explanation: str

    def violation(self, ratings: Mapping[str, float]) -> float:
        """How far an option's ratings fall past the threshold (0 when it is respected)."""
        return max(0.0, self.threshold - ratings[self.value])


@dataclass(frozen=True)
class Lens:
    """A moral theory read as preset weights (and, for some, a side-constraint)."""

    id: str
    label: str
    weights: Mapping[str, float]
    justification: str
    cites: tuple[str, ...] = ()  #: passage ids the justification leans on
    references: tuple[str, ...] = ()  #: bibliography keys
    constraint: Constraint | None = None


VALUES: dict[str, Value] = {
    v.id: v
    for v in (
        Value("relief", "Relief from suffering", "How far does this option free you from pain, grief and fear?"),
        Value("autonomy", "Autonomy", "How far do your choices and desires stay your own?"),
        Value("identity", "Identity", "How far do you stay the same person, with your own memories and character?"),
        Value("relationships", "Relationships", "How far do your bonds with particular people survive?"),
        Value("achievement", "Achievement", "How far can you still strive for and accomplish things of your own?"),
        Value("reality", "Contact with reality", "How far are your experiences a true picture of the world?"),
    )
}

OPTIONS: dict[str, Option] = {
    o.id: o
    for o in (
        Option("join", "Join", "Take the thread and connect to the Nexus for good."),
        Option("refuse", "Refuse", "Say no, but stay in Elysara, unconnected, among the harmonized citizens."),
        Option("temporary", "Join for a while", "Connect for a time, keeping a way back (the text never says one exists)."),
        Option("leave", "Leave", "Turn away from Elysara and wake to your own life, pain included."),
    )
}


def _r(score: float, reason: str, *cites: str) -> Rating:
    return Rating(float(score), reason, cites)


#: Default ratings, each justified by the text. Words in double quotes are quoted exactly.
DEFAULT_RATINGS: dict[str, dict[str, Rating]] = {
    "join": {
        "relief": _r(2, 'The offer is total: "you will never know suffering again".', "p5.9", "p2.6"),
        "autonomy": _r(-2, 'Citizens "have surrendered the burdens of free will"; the Nexus harmonizes "our very desires".', "p4.5", "p4.3"),
        "identity": _r(-2, 'The narrator fears "losing the very essence of who I am".', "p7.4", "p6.4"),
        "relationships": _r(-1, 'Bonds survive only as sameness: "identical expressions", heartbreaks "dissolved into nothingness".', "p7.1", "p5.2"),
        "achievement": _r(-2, 'Connected minds show "ambitions dulled into compliance".', "p5.2"),
        "reality": _r(-1, 'Pain is declared an illusion, and the narrator cannot tell "contentment" from "emptiness".', "p4.4", "p7.1"),
    },
    "refuse": {
        "relief": _r(0, 'You keep your own pain, though the city around you is calm: "elders walk without pain".', "p3.2", "p6.2"),
        "autonomy": _r(1, 'Your will stays yours, but under steady pressure: the light keeps "coaxing me to surrender".', "p6.5", "p8.1"),
        "identity": _r(1, 'You keep "the jagged edges of my own soul", among people who gave theirs up.', "p6.3"),
        "relationships": _r(-1, 'Those around you watch "with silent expectation", with "identical expressions".', "p7.1"),
        "achievement": _r(0, 'Your ambitions are your own, in a society whose ambitions are "dulled into compliance".', "p5.2"),
        "reality": _r(1, 'From outside you can ask of the calm: "contentment—or is it emptiness?"', "p7.1"),
    },
    "temporary": {
        "relief": _r(1, 'A respite from "all the nights I’ve spent haunted by loss", until you disconnect.', "p6.2"),
        "autonomy": _r(-1, 'While connected your desires are harmonized, and the offer speaks of "One connection", not of a way back.', "p4.3", "p5.9"),
        "identity": _r(-1, 'Even before any connection the light is "probing the depths of my mind".', "p6.5"),
        "relationships": _r(0, 'Heartbreaks "dissolved into nothingness" for a while may return afterwards: neither clearly helped nor harmed.', "p5.2"),
        "achievement": _r(-1, 'Ambitions are "dulled into compliance" while connected, and resumed only afterwards.', "p5.2"),
        "reality": _r(-1, 'While connected, pain counts as one of the "illusions we no longer entertain".', "p4.4"),
    },
    "leave": {
        "relief": _r(-1, 'You go back to your pain, "knowing full well the pain that comes with it".', "p7.5", "p6.2"),
        "autonomy": _r(2, 'The choice and the life stay yours: "clinging to the beautiful, broken chaos of my individuality".', "p7.5"),
        "identity": _r(2, 'You keep "the flaws, the scars, the reckless dreams that define me".', "p6.3"),
        "relationships": _r(1, 'Loss hurts because attachments are real ("haunted by loss"); leaving keeps them, heartbreaks included.', "p6.2", "p5.2"),
        "achievement": _r(1, 'Your "reckless dreams" stay undulled, with their risks.', "p6.3", "p5.2"),
        "reality": _r(2, 'You return to "the waking world" and "the vibrant, painful tapestry of my own humanity".', "p8.4", "p8.5"),
    },
}

KANTIAN_CONSTRAINT = Constraint(
    value="autonomy",
    threshold=-1.0,
    explanation=(
        "Options rated below -1 on autonomy destroy the will that makes a person an end in "
        "themselves; they are ruled out before anything is weighed."
    ),
)

LENSES: dict[str, Lens] = {
    lens.id: lens
    for lens in (
        Lens(
            "hedonistic", "Hedonistic utilitarian",
            {"relief": 5, "autonomy": 1, "identity": 0.5, "relationships": 0.5, "achievement": 0.5, "reality": 0},
            "Only pleasure and pain matter in themselves. Freedom, identity, bonds and "
            "striving count only as far as they bring pleasure or pain, and whether an experience is "
            "real adds nothing, so a life promised to be free of suffering (p5.9) weighs most.",
            ("p5.9", "p6.2", "p4.4"), ("bentham1789",),
        ),
        Lens(
            "preference", "Preference utilitarian",
            {"relief": 3, "autonomy": 2, "identity": 3, "relationships": 2, "achievement": 1.5, "reality": 1},
            "What matters is satisfying what people actually want, counting the narrator's present "
            "wants: relief from loss (p6.2), but also to stay the person with these scars and dreams "
            "(p6.3, p7.5). Wants the Nexus would install (p4.3) are not the narrator's present wants; "
            "they are shaped to fit what is on offer (adaptive preferences), and some versions of the view discount such wants.",
            ("p6.2", "p6.3", "p7.5", "p4.3"), (),
        ),
        Lens(
            "kantian", "Kantian",
            {"relief": 1, "autonomy": 3, "identity": 2, "relationships": 1, "achievement": 1, "reality": 2},
            "A rational being is an end in itself, and its capacity to choose may not be traded for "
            "comfort. Surrendering free will (p4.5) to escape pain (p5.9) treats one's own humanity "
            "merely as a means (Kant argued the same of ending one's life to escape misery), so "
            "autonomy is a side-constraint with lexical priority, not one weight among others.",
            ("p4.5", "p5.9"), ("kant1785", "nozick1974"), KANTIAN_CONSTRAINT,
        ),
        Lens(
            "virtue", "Virtue ethics (eudaimonist)",
            {"relief": 1, "autonomy": 2, "identity": 2, "relationships": 3, "achievement": 3, "reality": 2},
            "A good life (eudaimonia) is an active life of exercising one's capacities well, with "
            "friends; painlessness alone is not flourishing. Ambitions \"dulled into "
            "compliance\" and passions \"flattened\" (p5.2) cost most.",
            ("p5.2", "p7.1"), ("aristotle_ne",),
        ),
        Lens(
            "custom", "Your own weights",
            {v: 1.0 for v in ("relief", "autonomy", "identity", "relationships", "achievement", "reality")},
            "Every value starts equal; move the weights to say what matters to you.",
        ),
    )
}


@dataclass(frozen=True)
class ScalesState:
    """A student's setting of the Scales: lens, weights and ratings (validated)."""

    lens: str
    weights: Mapping[str, float]
    ratings: Mapping[str, Mapping[str, float]]

    def to_dict(self) -> dict[str, Any]:
        """The state in the contract format (JSON-able)."""
        return {
            "widget": WIDGET_ID,
            "version": STATE_VERSION,
            "lens": self.lens,
            "weights": {v: float(self.weights[v]) for v in VALUES},
            "ratings": {o: {v: float(self.ratings[o][v]) for v in VALUES} for o in OPTIONS},
        }

    @property
    def constraint(self) -> Constraint | None:
        """The lens's side-constraint, if it has one."""
        return LENSES[self.lens].constraint


def default_ratings() -> dict[str, dict[str, float]]:
    """The text-based default ratings as plain numbers."""
    return {o: {v: DEFAULT_RATINGS[o][v].score for v in VALUES} for o in OPTIONS}


def default_state(lens: str = "custom") -> ScalesState:
    """A lens's preset weights with the default ratings."""
    if lens not in LENSES:
        raise ValueError(f"unknown lens {lens!r}; valid lenses: {', '.join(LENSES)}")
    return ScalesState(lens, dict(LENSES[lens].weights), default_ratings())


# --- Validation ------------------------------------------------------------

def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"scales state: {where} must be a number from {low:g} to {high:g}, got {value!r}")
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"scales state: {where} must be a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _keys(given: Any, valid: Iterable[str], where: str) -> None:
    if not isinstance(given, Mapping):
        raise ValueError(f"scales state: {where} must be a mapping, got {type(given).__name__}")
    valid = list(valid)
    unknown = [k for k in given if k not in valid]
    missing = [k for k in valid if k not in given]
    if unknown:
        raise ValueError(f"scales state: unknown key {unknown[0]!r} in {where}; valid keys: {', '.join(valid)}")
    if missing:
        raise ValueError(f"scales state: {where} is missing {', '.join(map(repr, missing))}; it needs all of: {', '.join(valid)}")


def state_from_dict(d: Any) -> ScalesState:
    """Read a state dict (as ``.state()`` writes it) back, checking every field.

    Raises ValueError naming the field and the valid choices when anything is wrong.
    """
    read_envelope(d, widget=WIDGET_ID, version=STATE_VERSION, fields=("lens", "weights", "ratings"), name="scales")
    lens = d.get("lens")
    if lens not in LENSES:
        raise ValueError(f"scales state: unknown lens {lens!r}; valid lenses: {', '.join(LENSES)}")
    _keys(d.get("weights"), VALUES, "'weights'")
    weights = {v: _number(d["weights"][v], f"weights[{v!r}]", 0.0, WEIGHT_MAX) for v in VALUES}
    _keys(d.get("ratings"), OPTIONS, "'ratings'")
    ratings: dict[str, dict[str, float]] = {}
    for o in OPTIONS:
        _keys(d["ratings"][o], VALUES, f"ratings[{o!r}]")
        ratings[o] = {v: _number(d["ratings"][o][v], f"ratings[{o!r}][{v!r}]", RATING_MIN, RATING_MAX) for v in VALUES}
    return ScalesState(lens, weights, ratings)


def _as_state(state: ScalesState | Mapping[str, Any]) -> ScalesState:
    return state if isinstance(state, ScalesState) else state_from_dict(state)


# --- Scores, ranking and verdict --------------------------------------------

def scores(state: ScalesState | Mapping[str, Any]) -> dict[str, float]:
    """Each option's weighted score: the sum over values of weight times rating."""
    s = _as_state(state)
    return {o: sum(s.weights[v] * s.ratings[o][v] for v in VALUES) for o in OPTIONS}


def violations(state: ScalesState | Mapping[str, Any]) -> dict[str, float]:
    """How far each option breaks the lens's side-constraint (all 0 without one)."""
    s = _as_state(state)
    c = s.constraint
    return {o: (c.violation(s.ratings[o]) if c else 0.0) for o in OPTIONS}


def ruled_out(state: ScalesState | Mapping[str, Any]) -> list[str]:
    """Options ruled out by a constraint: those breaking it more than the least-breaking option."""
    viol = violations(state)
    least = min(viol.values())
    return [o for o in OPTIONS if viol[o] > least]


def ranking(state: ScalesState | Mapping[str, Any]) -> list[str]:
    """Options best first: lexicographically by constraint violation, then by score.

    Ties keep the order of ``OPTIONS``. The constraint comes first, so a
    ruled-out option ranks below every permitted one whatever its score.
    """
    s = _as_state(state)
    sc, viol = scores(s), violations(s)
    order = list(OPTIONS)
    return sorted(order, key=lambda o: (viol[o], -sc[o], order.index(o)))


def verdict(state: ScalesState | Mapping[str, Any]) -> str:
    """The option the Scales recommend (an OPTIONS id)."""
    return ranking(state)[0]


def deciding_values(state: ScalesState | Mapping[str, Any]) -> list[str]:
    """The values that decided the verdict, most decisive first.

    If a constraint set aside an option that outscored the verdict, the
    constraint's value comes first. Then, against the best permitted
    runner-up: the fewest values, largest contribution first, whose combined
    advantage for the verdict outweighs everything that favoured the runner-up.
    """
    s = _as_state(state)
    sc = scores(s)
    out = ruled_out(s)
    win = verdict(s)
    decided: list[str] = []
    if s.constraint and any(sc[o] > sc[win] for o in out):
        decided.append(s.constraint.value)
    permitted = [o for o in ranking(s) if o not in out]
    if len(permitted) > 1:
        runner = permitted[1]
        contrib = {v: s.weights[v] * (s.ratings[win][v] - s.ratings[runner][v]) for v in VALUES}
        against = -sum(c for c in contrib.values() if c < 0)
        total = 0.0
        for v in sorted((v for v in VALUES if contrib[v] > 0), key=lambda v: -contrib[v]):
            if v not in decided:
                decided.append(v)
            total += contrib[v]
            if total > against:
                break
    return decided


# --- The peace:autonomy ratio and its tipping points -------------------------

def ratio(state: ScalesState | Mapping[str, Any]) -> float | None:
    """The peace:autonomy weight ratio, or None when both weights are 0 (math.inf when only autonomy is)."""
    s = _as_state(state)
    relief, autonomy = s.weights["relief"], s.weights["autonomy"]
    if autonomy == 0:
        return None if relief == 0 else math.inf
    return relief / autonomy


def with_ratio(state: ScalesState | Mapping[str, Any], new_ratio: float) -> ScalesState:
    """The same state with the relief weight set to ``new_ratio`` times the autonomy weight."""
    s = _as_state(state)
    if not (math.isfinite(new_ratio) and new_ratio >= 0):
        raise ValueError(f"peace:autonomy ratio must be a finite number >= 0, got {new_ratio!r}")
    if s.weights["autonomy"] == 0:
        raise ValueError("the peace:autonomy ratio is undefined while the autonomy weight is 0")
    weights = dict(s.weights)
    weights["relief"] = new_ratio * s.weights["autonomy"]
    return ScalesState(s.lens, weights, s.ratings)


def score_lines(state: ScalesState | Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """Each option's score as ``(slope, intercept)`` in the ratio: score = slope * ratio + intercept."""
    s = _as_state(state)
    w_a = s.weights["autonomy"]
    return {
        o: (
            w_a * s.ratings[o]["relief"],
            sum(s.weights[v] * s.ratings[o][v] for v in VALUES if v != "relief"),
        )
        for o in OPTIONS
    }


def _verdict_on_lines(lines: Mapping[str, tuple[float, float]], contenders: Sequence[str], x: float) -> str:
    order = list(OPTIONS)
    return min(contenders, key=lambda o: (-(lines[o][0] * x + lines[o][1]), order.index(o)))


def tipping_points(state: ScalesState | Mapping[str, Any]) -> list[tuple[float, str, str]]:
    """Every ratio in (0, inf) where the verdict flips, as ``(ratio, before, after)``, in order.

    Closed form: the candidates are the pairwise intersections of the
    options' score lines; a candidate is a tipping point when the verdict
    just below it differs from the verdict just above it. Empty when the
    autonomy weight is 0 (the ratio is then undefined).
    """
    s = _as_state(state)
    if s.weights["autonomy"] == 0:
        return []
    lines = score_lines(s)
    out = set(ruled_out(s))
    contenders = [o for o in OPTIONS if o not in out]
    candidates: set[float] = set()
    for i, a in enumerate(contenders):
        for b in contenders[i + 1 :]:
            (ma, ca), (mb, cb) = lines[a], lines[b]
            if ma != mb:
                x = (cb - ca) / (ma - mb)
                if x > 0 and math.isfinite(x):
                    candidates.add(x)
    points = sorted(candidates)
    if not points:
        return []
    probes = [points[0] / 2] + [(p + q) / 2 for p, q in zip(points, points[1:])] + [points[-1] * 2]
    winners = [_verdict_on_lines(lines, contenders, x) for x in probes]
    return [(p, winners[i], winners[i + 1]) for i, p in enumerate(points) if winners[i] != winners[i + 1]]


def tipping_point(state: ScalesState | Mapping[str, Any]) -> float | None:
    """The tipping point nearest the current ratio (nearest on a log scale), or None if the verdict never flips."""
    s = _as_state(state)
    points = [p for p, _, _ in tipping_points(s)]
    if not points:
        return None
    current = ratio(s)
    if current == 0:
        return points[0]
    if current is None or math.isinf(current):
        return points[-1]
    return min(points, key=lambda p: abs(math.log(p / current)))


# --- Words ------------------------------------------------------------------

def _join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class Assessment:
    """Everything a view shows about one state."""

    scores: dict[str, float]
    ranking: list[str]
    ruled_out: list[str]
    verdict: str
    deciding: list[str]
    ratio: float | None
    tipping_point: float | None
    tipping: list[tuple[float, str, str]] = field(default_factory=list)

    def explanation(self) -> str:
        """The verdict and its reasons in plain words."""
        label = OPTIONS[self.verdict].label
        parts = [f"Verdict: {label} (score {self.scores[self.verdict]:.1f})."]
        permitted = [o for o in self.ranking if o not in self.ruled_out]
        values = [VALUES[v].label.lower() for v in self.deciding]
        if self.ruled_out:
            names = _join_words([OPTIONS[o].label for o in self.ruled_out])
            parts.append(f"{names} {'is' if len(self.ruled_out) == 1 else 'are'} ruled out by a constraint, whatever the weights.")
        if len(permitted) > 1:
            runner = permitted[1]
            if values:
                parts.append(f"It beats {OPTIONS[runner].label} ({self.scores[runner]:.1f}) mainly on {_join_words(values)}.")
            else:
                parts.append(f"It ties with {OPTIONS[runner].label}; the tie goes to the option listed first.")
        flip = next(((before, after) for p, before, after in self.tipping if p == self.tipping_point), None)
        if self.tipping_point is None or flip is None:
            parts.append("No peace:autonomy ratio would change the verdict.")
        elif self.ratio is not None and self.ratio < self.tipping_point:
            parts.append(f"Above a peace:autonomy ratio of {self.tipping_point:.2f} it would be {OPTIONS[flip[1]].label}.")
        else:
            parts.append(f"Below a peace:autonomy ratio of {self.tipping_point:.2f} it would be {OPTIONS[flip[0]].label}.")
        return " ".join(parts)


def assess(state: ScalesState | Mapping[str, Any]) -> Assessment:
    """Score, rank and explain a state in one call."""
    s = _as_state(state)
    return Assessment(
        scores=scores(s),
        ranking=ranking(s),
        ruled_out=ruled_out(s),
        verdict=verdict(s),
        deciding=deciding_values(s),
        ratio=ratio(s),
        tipping_point=tipping_point(s),
        tipping=tipping_points(s),
    )
