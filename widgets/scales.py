"""The Scales: weigh the options Elysara offers against six values.

A pure model (no UI imports). The student rates each of four options on each
of six values (from -2, "destroys it", to +2, "serves it fully"; 0 neither
serves nor harms it), starting from blank, and gives each value a weight. An
option's score is the weighted sum of its ratings. The six values count what
the Nexus gives (relief, unity) as well as what it may take.

A lens may add a side-constraint. The Kantian lens rules out every option
whose maxim is to surrender one's own will to escape pain (joining, for good
or for a while: the maxim, not its duration). "Ruled out" is absolute: an
option is ruled out by what it is, whatever the other options are, before
anything is weighed. That is a lexicographic ordering (constraint first,
score second), not a large weight, so no weight can bring it back.

The tipping points vary the weight on relief while every other weight stays
where the student put it: each score is then a straight line in that weight,
so the points where the verdict flips have a closed form. Because the other
weights are held fixed, a tipping point belongs to the whole setting, not to
relief and autonomy alone.

:func:`export` writes everything a page script needs (values, options, the
book's ratings, lenses and the constraint) as data; the site's ``scales.js``
evaluates that data with the same arithmetic, and a browser test requires
identical results on random states.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from elysara.widgets.state import read_envelope

WIDGET_ID = "scales"
STATE_VERSION = 2
#: Versions :func:`state_from_dict` still reads (version 1: other value names, no blank ratings).
READABLE_VERSIONS = (1, 2)
RATING_MIN, RATING_MAX = -2.0, 2.0
RATING_CHOICES = (-2, -1, 0, 1, 2)
WEIGHT_MAX = 100.0  #: the largest weight a state may hold (sliders stop at SLIDER_MAX)
SLIDER_MAX = 10.0
SLIDER_STEP = 0.5


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
    surrenders_will: bool  #: whether its maxim is to give up one's own will (for any length of time)


@dataclass(frozen=True)
class Rating:
    """The book's rating of an option on a value, with the text's reason for it."""

    score: float
    reason: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Constraint:
    """A side-constraint on maxims: every option whose maxim surrenders the will is ruled out.

    Absolute: whether an option is ruled out depends on the option alone,
    never on the other options or on any rating or weight.
    """

    value: str  #: the value the constraint protects
    explanation: str

    def rules_out(self, option: str) -> bool:
        """Whether the constraint rules ``option`` out."""
        return OPTIONS[option].surrenders_will


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
        Value("identity", "Identity", "How far do you stay the same person, with your own memories, character and dreams?"),
        Value("unity", "Connection", "How far are you joined to others: in unity with everyone, or in bonds with particular people?"),
        Value("joy", "Joy and passion", "How far does your life keep its pleasures: delight, laughter, passions and longings?"),
        Value("reality", "Contact with reality", "How far are your experiences a true picture of the world?"),
    )
}

#: Version-1 value ids and the version-2 value each is read as. Weights and
#: ratings carry over unchanged, so an old state keeps its scores.
V1_VALUES = {"relief": "relief", "autonomy": "autonomy", "identity": "identity",
             "relationships": "unity", "achievement": "joy", "reality": "reality"}

OPTIONS: dict[str, Option] = {
    o.id: o
    for o in (
        Option("join", "Join", "Take the thread and connect to the Nexus for good.", True),
        Option("refuse", "Refuse", "Say no, but stay in Elysara, unconnected, among the harmonized citizens.", False),
        Option("temporary", "Join for a while",
               "Connect for a time, keeping a way back (the text never says one exists).", True),
        Option("leave", "Leave", "Turn away from Elysara and wake to your own life, pain included.", False),
    )
}


def _r(score: float, reason: str, *cites: str) -> Rating:
    return Rating(float(score), reason, cites)


#: The book's ratings, each justified by the text. Words in double quotes are quoted exactly.
DEFAULT_RATINGS: dict[str, dict[str, Rating]] = {
    "join": {
        "relief": _r(2, 'The offer is total: "you will never know suffering again"; in the city "children laugh without fear, elders walk without pain".', "p5.9", "p3.2"),
        "autonomy": _r(-2, 'Citizens "have surrendered the burdens of free will"; the Nexus harmonizes "our very desires".', "p4.5", "p4.3"),
        "identity": _r(-1, 'The narrator fears "losing the very essence of who I am", but asks it as a question; the text does not settle it.', "p7.4", "p6.4"),
        "unity": _r(2, 'This is what the Nexus gives: "true unity", a "collective consciousness". Particular heartbreaks are "dissolved into nothingness".', "p4.5", "p5.1", "p5.2"),
        "joy": _r(0, 'The city has its joys ("children laugh without fear", "absolute contentment"), but passions are "flattened into a monotonous calm".', "p3.2", "p7.1", "p5.2"),
        "reality": _r(-1, 'Pain is declared an illusion, and the narrator cannot tell "contentment" from "emptiness".', "p4.4", "p7.1"),
    },
    "refuse": {
        "relief": _r(0, 'You keep your own pain, though the city around you is calm: "elders walk without pain".', "p3.2", "p6.2"),
        "autonomy": _r(1, 'Your will stays yours, but under steady pressure: the light keeps "coaxing me to surrender".', "p6.5", "p8.1"),
        "identity": _r(1, 'You keep "the jagged edges of my own soul", among people who gave theirs up.', "p6.3"),
        "unity": _r(-1, 'Outside the unity, among people who watch "with silent expectation", with "identical expressions".', "p7.1"),
        "joy": _r(1, 'Your passions stay yours, among people whose passions are "flattened into a monotonous calm".', "p5.2"),
        "reality": _r(1, 'From outside you can ask of the calm: "contentment—or is it emptiness?"', "p7.1"),
    },
    "temporary": {
        "relief": _r(1, 'A respite from "all the nights I’ve spent haunted by loss", until you disconnect.', "p6.2"),
        "autonomy": _r(-1, 'While connected your desires are harmonized, and the offer speaks of "One connection", not of a way back.', "p4.3", "p5.9"),
        "identity": _r(-1, 'Even before any connection the light is "probing the depths of my mind".', "p6.5"),
        "unity": _r(1, 'A share of the "true unity" for a while; afterwards you are outside it again.', "p4.5"),
        "joy": _r(0, 'Passions "flattened into a monotonous calm" while connected, your own again afterwards.', "p5.2"),
        "reality": _r(-1, 'While connected, pain counts as one of the "illusions we no longer entertain".', "p4.4"),
    },
    "leave": {
        "relief": _r(-1, 'You go back to your pain, "knowing full well the pain that comes with it".', "p7.5", "p6.2"),
        "autonomy": _r(2, 'The choice and the life stay yours: "clinging to the beautiful, broken chaos of my individuality".', "p7.5"),
        "identity": _r(2, 'You keep "the flaws, the scars, the reckless dreams that define me".', "p6.3"),
        "unity": _r(1, 'You give up the city\'s unity but keep bonds with particular people: loss hurts because they are real ("haunted by loss").', "p6.2"),
        "joy": _r(1, 'You keep the "raw, messy human passions" the Nexus flattens, with their pain: "the vibrant, painful tapestry of my own humanity".', "p5.2", "p8.5"),
        "reality": _r(2, 'You return to "the waking world" and "the vibrant, painful tapestry of my own humanity".', "p8.4", "p8.5"),
    },
}

KANTIAN_CONSTRAINT = Constraint(
    value="autonomy",
    explanation=(
        "Any option whose maxim is to surrender your own will to escape pain is ruled out before anything "
        "is weighed, however long the surrender lasts and whatever the other options are: Join and Join for a while."
    ),
)

LENSES: dict[str, Lens] = {
    lens.id: lens
    for lens in (
        Lens(
            "hedonistic", "Hedonistic utilitarian",
            {"relief": 1, "autonomy": 0, "identity": 0, "unity": 0, "joy": 1, "reality": 0},
            "Only pleasure and pain matter in themselves: a life goes as well as its pleasures minus its pains. "
            "Relief (pain, grief and fear taken away, p5.9, p3.2) and joy (the pleasures and passions a life "
            "keeps or loses, p5.2) are the two hedonic values and weigh the same. Freedom, identity, "
            "connection and reality count only through the pleasure or pain they bring, which the relief and "
            "joy ratings already record, so their own weights are 0; whether an experience is real adds nothing (p4.4).",
            ("p5.9", "p3.2", "p5.2", "p4.4"), ("bentham1789",),
        ),
        Lens(
            "preference", "Preference utilitarian",
            {"relief": 3, "autonomy": 2, "identity": 3, "unity": 2, "joy": 1.5, "reality": 1},
            "What matters is satisfying what people actually want, counting the narrator's present "
            "wants: relief from loss (p6.2), but also to stay the person with these scars and dreams "
            "(p6.3, p7.5). Wants the Nexus would install (p4.3) are not the narrator's present wants; "
            "they are shaped to fit what is on offer (adaptive preferences), and some versions of the view discount such wants.",
            ("p6.2", "p6.3", "p7.5", "p4.3"), (),
        ),
        Lens(
            "kantian", "Kantian",
            {"relief": 1, "autonomy": 3, "identity": 2, "unity": 1, "joy": 1, "reality": 2},
            "A rational being is an end in itself, and its capacity to choose may not be traded for "
            "comfort. Surrendering free will (p4.5) to escape pain (p5.9) treats one's own humanity "
            "merely as a means (Kant argued the same of ending one's life to escape misery). A Kantian "
            "judges the maxim, not how long it is acted on: surrendering one's will for a while is still "
            "surrendering it. So autonomy is a side-constraint with lexical priority, not one weight among others.",
            ("p4.5", "p5.9"), ("kant1785", "nozick1974"), KANTIAN_CONSTRAINT,
        ),
        Lens(
            "virtue", "Virtue ethics (eudaimonist)",
            {"relief": 1, "autonomy": 2, "identity": 2, "unity": 3, "joy": 3, "reality": 2},
            "A good life (eudaimonia) is an active life of exercising one's capacities well, with "
            "friends; painlessness alone is not flourishing. Ambitions \"dulled into "
            "compliance\" and passions \"flattened\" (p5.2) cost most, and so do friendships with particular people.",
            ("p5.2", "p7.1"), ("aristotle_ne",),
        ),
        Lens(
            "custom", "Your own weights",
            {v: 1.0 for v in ("relief", "autonomy", "identity", "unity", "joy", "reality")},
            "Every value starts equal; move the weights to say what matters to you.",
        ),
    )
}


@dataclass(frozen=True)
class ScalesState:
    """A student's setting of the Scales: lens, weights and ratings (``None`` = not rated yet)."""

    lens: str
    weights: Mapping[str, float]
    ratings: Mapping[str, Mapping[str, float | None]]
    read_from_version: int = STATE_VERSION  #: the version of the dict it was read from

    def to_dict(self) -> dict[str, Any]:
        """The state in the contract format (JSON-able; always the current version)."""
        return {
            "widget": WIDGET_ID,
            "version": STATE_VERSION,
            "lens": self.lens,
            "weights": {v: float(self.weights[v]) for v in VALUES},
            "ratings": {o: {v: _opt_float(self.ratings[o][v]) for v in VALUES} for o in OPTIONS},
        }

    @property
    def constraint(self) -> Constraint | None:
        """The lens's side-constraint, if it has one."""
        return LENSES[self.lens].constraint

    @property
    def unrated(self) -> list[tuple[str, str]]:
        """The (option, value) pairs the student has not rated yet."""
        return [(o, v) for o in OPTIONS for v in VALUES if self.ratings[o][v] is None]

    @property
    def complete(self) -> bool:
        """Whether every option is rated on every value (only then are there scores)."""
        return not self.unrated


def _opt_float(x: float | None) -> float | None:
    return None if x is None else float(x)


def default_ratings() -> dict[str, dict[str, float]]:
    """The book's ratings as plain numbers."""
    return {o: {v: DEFAULT_RATINGS[o][v].score for v in VALUES} for o in OPTIONS}


def blank_ratings() -> dict[str, dict[str, None]]:
    """Ratings with nothing rated: where a student starts."""
    return {o: {v: None for v in VALUES} for o in OPTIONS}


def default_state(lens: str = "custom") -> ScalesState:
    """A lens's preset weights with the book's ratings."""
    if lens not in LENSES:
        raise ValueError(f"unknown lens {lens!r}; valid lenses: {', '.join(LENSES)}")
    return ScalesState(lens, dict(LENSES[lens].weights), default_ratings())


def blank_state(lens: str = "custom") -> ScalesState:
    """A lens's preset weights and no ratings yet: the student rates first."""
    return ScalesState(default_state(lens).lens, dict(LENSES[lens].weights), blank_ratings())


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
    """Read a state dict (as ``.state()`` writes it, any version in READABLE_VERSIONS) back, checking every field.

    A version-1 state (values ``relationships`` and ``achievement``, every
    rating given) is read with those values renamed as :data:`V1_VALUES`
    says; its numbers, and so its scores, are unchanged. Raises ValueError
    naming the field and the valid choices when anything is wrong.
    """
    version = d.get("version") if isinstance(d, Mapping) else None
    if version not in READABLE_VERSIONS:
        version = STATE_VERSION  # let the envelope check report it
    read_envelope(d, widget=WIDGET_ID, version=version, fields=("lens", "weights", "ratings"), name="scales")
    lens = d.get("lens")
    if lens not in LENSES:
        raise ValueError(f"scales state: unknown lens {lens!r}; valid lenses: {', '.join(LENSES)}")
    names = V1_VALUES if version == 1 else {v: v for v in VALUES}
    _keys(d.get("weights"), names, "'weights'")
    weights = {names[k]: _number(d["weights"][k], f"weights[{k!r}]", 0.0, WEIGHT_MAX) for k in names}
    _keys(d.get("ratings"), OPTIONS, "'ratings'")
    ratings: dict[str, dict[str, float | None]] = {}
    for o in OPTIONS:
        _keys(d["ratings"][o], names, f"ratings[{o!r}]")
        row: dict[str, float | None] = {}
        for k in names:
            given = d["ratings"][o][k]
            if given is None and version >= 2:
                row[names[k]] = None
            else:
                row[names[k]] = _number(given, f"ratings[{o!r}][{k!r}]", RATING_MIN, RATING_MAX)
        ratings[o] = {v: row[v] for v in VALUES}
    return ScalesState(lens, {v: weights[v] for v in VALUES}, ratings, read_from_version=version)


def complete_state_from_dict(d: Any) -> ScalesState:
    """Like :func:`state_from_dict`, but a state with unrated options is refused (ValueError)."""
    state = state_from_dict(d)
    _require_complete(state)
    return state


def _require_complete(state: ScalesState) -> None:
    if not state.complete:
        missing = state.unrated
        first = ", ".join(f"{OPTIONS[o].label} on {VALUES[v].label.lower()}" for o, v in missing[:3])
        raise ValueError(
            f"scales state: {len(missing)} rating(s) not given yet ({first}{', ...' if len(missing) > 3 else ''}); "
            "rate every option on every value (or use the book's ratings) to get scores"
        )


def _as_state(state: ScalesState | Mapping[str, Any]) -> ScalesState:
    s = state if isinstance(state, ScalesState) else state_from_dict(state)
    _require_complete(s)
    return s


# --- Scores, ranking and verdict --------------------------------------------

def scores(state: ScalesState | Mapping[str, Any]) -> dict[str, float]:
    """Each option's weighted score: the sum over values of weight times rating (in VALUES order)."""
    s = _as_state(state)
    return {o: _dot(s.weights, s.ratings[o]) for o in OPTIONS}


def _dot(weights: Mapping[str, float], ratings: Mapping[str, float | None], skip: str | None = None) -> float:
    # A plain left-to-right sum in VALUES order: the page script adds in the same order, so both get the same float.
    total = 0.0
    for v in VALUES:
        if v != skip:
            total += weights[v] * ratings[v]  # type: ignore[operator]
    return total


def ruled_out(state: ScalesState | Mapping[str, Any]) -> list[str]:
    """Options the lens's side-constraint rules out: decided by each option alone, whatever the others."""
    s = state if isinstance(state, ScalesState) else state_from_dict(state)
    c = s.constraint
    return [o for o in OPTIONS if c is not None and c.rules_out(o)]


def ranking(state: ScalesState | Mapping[str, Any]) -> list[str]:
    """Options best first: permitted options by score, then ruled-out options by score.

    Ties keep the order of ``OPTIONS``. The constraint comes first, so a
    ruled-out option ranks below every permitted one whatever its score.
    """
    s = _as_state(state)
    sc, out = scores(s), set(ruled_out(s))
    order = list(OPTIONS)
    return sorted(order, key=lambda o: (o in out, -sc[o], order.index(o)))


def verdict(state: ScalesState | Mapping[str, Any]) -> str:
    """The option the Scales recommend (an OPTIONS id). Some option is always permitted."""
    return ranking(state)[0]


def deciding_values(state: ScalesState | Mapping[str, Any]) -> list[str]:
    """The values that decided the verdict, most decisive first.

    If the constraint set aside an option that outscored the verdict, the
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
        contrib = {v: s.weights[v] * (s.ratings[win][v] - s.ratings[runner][v]) for v in VALUES}  # type: ignore[operator]
        against = 0.0
        for v in VALUES:
            if contrib[v] < 0:
                against -= contrib[v]
        total = 0.0
        order = list(VALUES)
        for v in sorted((v for v in VALUES if contrib[v] > 0), key=lambda v: (-contrib[v], order.index(v))):
            if v not in decided:
                decided.append(v)
            total += contrib[v]
            if total > against:
                break
    return decided


# --- The weight on relief and its tipping points -------------------------------

def ratio(state: ScalesState | Mapping[str, Any]) -> float | None:
    """Relief's weight over autonomy's, or None when both are 0 (math.inf when only autonomy's is)."""
    s = state if isinstance(state, ScalesState) else state_from_dict(state)
    relief, autonomy = s.weights["relief"], s.weights["autonomy"]
    if autonomy == 0:
        return None if relief == 0 else math.inf
    return relief / autonomy


def with_relief(state: ScalesState | Mapping[str, Any], weight: float) -> ScalesState:
    """The same state with the weight on relief set to ``weight`` (every other weight unchanged)."""
    s = state if isinstance(state, ScalesState) else state_from_dict(state)
    if not (isinstance(weight, (int, float)) and math.isfinite(weight) and weight >= 0):
        raise ValueError(f"the weight on relief must be a finite number >= 0, got {weight!r}")
    return ScalesState(s.lens, {**s.weights, "relief": float(weight)}, s.ratings, s.read_from_version)


def score_lines(state: ScalesState | Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """Each score as ``(slope, intercept)`` in the relief weight: score = slope * w + intercept."""
    s = _as_state(state)
    return {o: (float(s.ratings[o]["relief"]), _dot(s.weights, s.ratings[o], skip="relief")) for o in OPTIONS}  # type: ignore[arg-type]


def _winner_on_lines(lines: Mapping[str, tuple[float, float]], contenders: Sequence[str], x: float) -> str:
    best = contenders[0]
    for o in contenders[1:]:
        if lines[o][0] * x + lines[o][1] > lines[best][0] * x + lines[best][1]:
            best = o
    return best


def tipping_points(state: ScalesState | Mapping[str, Any]) -> list[tuple[float, str, str]]:
    """Every relief weight in (0, inf) where the verdict flips, others held fixed, as ``(weight, before, after)``.

    Closed form: the candidates are the pairwise intersections of the
    permitted options' score lines; a candidate is a tipping point when the
    verdict just below it differs from the verdict just above it.
    """
    s = _as_state(state)
    lines = score_lines(s)
    out = set(ruled_out(s))
    contenders = [o for o in OPTIONS if o not in out]
    candidates: list[float] = []
    for i, a in enumerate(contenders):
        for b in contenders[i + 1 :]:
            (ma, ca), (mb, cb) = lines[a], lines[b]
            if ma != mb:
                x = (cb - ca) / (ma - mb)
                if x > 0 and math.isfinite(x) and x not in candidates:
                    candidates.append(x)
    points = sorted(candidates)
    if not points:
        return []
    probes = [points[0] / 2] + [(p + q) / 2 for p, q in zip(points, points[1:])] + [points[-1] * 2]
    winners = [_winner_on_lines(lines, contenders, x) for x in probes]
    return [(p, winners[i], winners[i + 1]) for i, p in enumerate(points) if winners[i] != winners[i + 1]]


def tipping_point(state: ScalesState | Mapping[str, Any]) -> float | None:
    """The tipping point nearest the current relief weight (the lower one on a tie), or None if the verdict never flips."""
    s = _as_state(state)
    points = [p for p, _, _ in tipping_points(s)]
    if not points:
        return None
    current = s.weights["relief"]
    best = points[0]
    for p in points[1:]:
        if abs(p - current) < abs(best - current):
            best = p
    return best


# --- Words ------------------------------------------------------------------

def _join_words(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _fixed(x: float, digits: int) -> str:
    """``x`` with ``digits`` decimals exactly as JavaScript's ``toFixed`` writes it.

    Both round the float's exact binary value, ties away from zero (Python's
    own formatting rounds ties to even), and write 0 without a minus sign.
    """
    if x == 0:
        x = 0.0
    return str(Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Assessment:
    """Everything a view shows about one (complete) state."""

    scores: dict[str, float]
    ranking: list[str]
    ruled_out: list[str]
    verdict: str
    deciding: list[str]
    relief_weight: float
    autonomy_weight: float
    tipping_point: float | None
    tipping: list[tuple[float, str, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        """Relief's weight over autonomy's (None when autonomy's is 0)."""
        return None if self.autonomy_weight == 0 else self.relief_weight / self.autonomy_weight

    def tipping_sentence(self) -> str:
        """Where the verdict would flip, holding the other weights fixed."""
        flip = next(((before, after) for p, before, after in self.tipping if p == self.tipping_point), None)
        if self.tipping_point is None or flip is None:
            return "Holding your other weights fixed, no weight on relief would change the verdict."
        t = self.tipping_point
        times = "" if self.autonomy_weight == 0 else f" ({_fixed(t / self.autonomy_weight, 2)} times your weight on autonomy)"
        if self.relief_weight < t:
            return (f"Holding your other weights fixed, {OPTIONS[flip[1]].label} would win once relief "
                    f"weighed more than {_fixed(t, 2)}{times}.")
        return (f"Holding your other weights fixed, {OPTIONS[flip[0]].label} would win if relief "
                f"weighed less than {_fixed(t, 2)}{times}.")

    def explanation(self) -> str:
        """The verdict and its reasons in plain words."""
        label = OPTIONS[self.verdict].label
        parts = [f"Verdict: {label} (score {_fixed(self.scores[self.verdict], 1)})."]
        permitted = [o for o in self.ranking if o not in self.ruled_out]
        values = [VALUES[v].label.lower() for v in self.deciding]
        if self.ruled_out:
            names = _join_words([OPTIONS[o].label for o in self.ruled_out])
            verb = "is" if len(self.ruled_out) == 1 else "are"
            parts.append(f"{names} {verb} ruled out: surrendering your will is excluded whatever the weights and whatever the other options.")
        if len(permitted) > 1:
            runner = permitted[1]
            if values:
                parts.append(f"It beats {OPTIONS[runner].label} ({_fixed(self.scores[runner], 1)}) mainly on {_join_words(values)}.")
            else:
                parts.append(f"It ties with {OPTIONS[runner].label}; the tie goes to the option listed first.")
        parts.append(self.tipping_sentence())
        return " ".join(parts)


def assess(state: ScalesState | Mapping[str, Any]) -> Assessment:
    """Score, rank and explain a complete state in one call (ValueError if some rating is missing)."""
    s = _as_state(state)
    return Assessment(
        scores=scores(s),
        ranking=ranking(s),
        ruled_out=ruled_out(s),
        verdict=verdict(s),
        deciding=deciding_values(s),
        relief_weight=s.weights["relief"],
        autonomy_weight=s.weights["autonomy"],
        tipping_point=tipping_point(s),
        tipping=tipping_points(s),
    )


# --- The model as data, for the site's script -----------------------------------

def export() -> dict[str, Any]:
    """Everything ``scales.js`` needs to evaluate a state: values, options, the book's ratings, lenses and rules."""
    return {
        "widget": WIDGET_ID,
        "version": STATE_VERSION,
        "rating_choices": list(RATING_CHOICES),
        "slider": {"max": SLIDER_MAX, "step": SLIDER_STEP},
        "values": [{"id": v.id, "label": v.label, "question": v.question} for v in VALUES.values()],
        "options": [{"id": o.id, "label": o.label, "description": o.description, "surrenders_will": o.surrenders_will}
                    for o in OPTIONS.values()],
        "book_ratings": {o: {v: {"score": r.score, "reason": r.reason, "cites": list(r.cites)}
                             for v, r in row.items()} for o, row in DEFAULT_RATINGS.items()},
        "lenses": [{"id": lens.id, "label": lens.label, "weights": {v: float(lens.weights[v]) for v in VALUES},
                    "constraint": None if lens.constraint is None else
                    {"value": lens.constraint.value, "rules_out": [o for o in OPTIONS if lens.constraint.rules_out(o)],
                     "explanation": lens.constraint.explanation}}
                   for lens in LENSES.values()],
    }
