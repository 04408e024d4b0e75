"""A class summary as groups of bars, after disclosure control: what any class page may show.

The dashboard and each student's "You versus the class" read the same
:class:`ClassGroups`, so a count hidden on one is hidden on the other, and
the rule of :mod:`elysara.exercises.classroom.disclosure` is applied in one
place. Labels are titles a teacher reads (a criterion's title and the
question it belongs to), never internal ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from elysara.exercises.classroom.disclosure import BarGroup, protect, top_code
from elysara.exercises.classroom.summary import WEIGHT_BANDS, ClassSummary

__all__ = ["ClassGroups", "RubricCriterion", "class_groups", "item_title", "reversal_experiment", "NEEDS_READING", "TIED"]

#: The rubric bar for students whose level the grader did not suggest and no instructor has set.
NEEDS_READING = "needs-reading"
#: The Scales bar for students whose two highest weights tie.
TIED = "tied"


@dataclass
class RubricCriterion:
    """One rubric criterion across the class."""

    set_title: str
    item_title: str
    title: str
    group: BarGroup
    needs_reading: bool  #: the grader suggests no level (beyond "missing" for a blank answer): the teacher reads


@dataclass
class ClassGroups:
    """Every group of bars a class page shows, each already protected."""

    k: int
    verdicts: BarGroup | None = None
    top_values: BarGroup | None = None
    weight_bands: dict[str, BarGroup] = field(default_factory=dict)
    hits: BarGroup | None = None
    bullets: BarGroup | None = None
    common_tensions: BarGroup | None = None
    connect: BarGroup | None = None
    disconnect: BarGroup | None = None
    moved: BarGroup | None = None
    rubric: list[RubricCriterion] = field(default_factory=list)


def item_title(exercise_set: Any, item: Any) -> str:
    """"Question 3: Is the woman's persuasion manipulation…": the item's number and its prompt's first sentence."""
    number = [i.id for i in exercise_set.items].index(item.id) + 1
    prompt = re.sub(r"[*_`#>]", "", " ".join(str(item.prompt).split()))
    sentence = re.split(r"(?<=[.?!])\s", prompt, maxsplit=1)[0]
    if len(sentence) > 90:
        sentence = sentence[:89].rsplit(" ", 1)[0] + "…"
    return f"Question {number}: {sentence}"


def _shown(summary: ClassSummary, total: int) -> bool:
    return summary.shown(total) is not None


def class_groups(summary: ClassSummary, bank: Any = None) -> ClassGroups:
    """Protect every group of ``summary``; ``bank`` gives titles and the rubric's criteria."""
    from elysara.widgets import reversal, scales, tension

    k = summary.min_group
    groups = ClassGroups(k)
    if _shown(summary, summary.scales_students):
        groups.verdicts = protect(summary.verdicts, {o: v.label for o, v in scales.OPTIONS.items()}, k,
                                  total=summary.scales_students)
        ties = summary.scales_students - sum(summary.top_values.values())
        top = {**summary.top_values, TIED: ties}
        groups.top_values = protect(top, {**{v: x.label for v, x in scales.VALUES.items()},
                                          TIED: "Two or more values tied"}, k, total=summary.scales_students)
        for value_id in scales.VALUES:
            counts = summary.weight_bands[value_id]
            groups.weight_bands[value_id] = protect(counts, {label: label for label, _ in WEIGHT_BANDS}, k,
                                                    total=summary.scales_students)
    if _shown(summary, summary.tension_students):
        hits, labels = top_code(summary.tension_hits, k, noun=("tension", "tensions"))
        groups.hits = protect(hits, labels, k, total=summary.tension_students)
        bullets, labels = top_code(summary.tension_bullets, k, noun=("bullet bitten", "bullets bitten"))
        groups.bullets = protect(bullets, labels, k, total=summary.tension_students)
        common = [rule for rule, n in summary.tensions.most_common() if n >= k and rule in tension.RULES][:5]
        groups.common_tensions = protect(summary.tensions, {r: tension.RULES[r].title for r in common}, k,
                                         partition=False, total=summary.tension_students)
    if _shown(summary, summary.reversal_students):
        for name, counts in (("connect", summary.reversal_connect), ("disconnect", summary.reversal_disconnect)):
            framing = reversal.FRAMINGS[name]
            labels = {**{a: framing.labels[a] for a in reversal.ANSWER_IDS}, None: "Not answered"}
            setattr(groups, name, protect(counts, labels, k, total=summary.reversal_students))
        moved_total = sum(summary.reversal_moved.values())
        if _shown(summary, moved_total):
            groups.moved = protect(summary.reversal_moved, {True: "Yes, it moved", False: "No, the same either way"},
                                   k, total=moved_total)
    groups.rubric = _rubric(summary, bank)
    return groups


def _rubric(summary: ClassSummary, bank: Any) -> list[RubricCriterion]:
    from elysara.exercises.bank.schema import LEVEL_IDS

    k = summary.min_group
    keys = set(summary.rubric_levels) | set(summary.rubric_unlevelled)
    out: list[RubricCriterion] = []
    for set_id, exercise_set in (bank.sets.items() if bank is not None else ()):
        for item in exercise_set.items:
            if not item.prose or getattr(item, "rubric", None) is None:
                continue
            for criterion in item.rubric.criteria:
                key = (set_id, item.id, criterion.id)
                if key not in keys:
                    continue
                keys.discard(key)
                out.append(_criterion(summary, key, exercise_set.title, item_title(exercise_set, item),
                                      criterion.title, {level.id: level.id.capitalize() for level in criterion.levels},
                                      suggests=criterion.evidence != "none"))
    for key in sorted(keys, key=lambda k_: tuple(map(str, k_))):  # not in this bank: shown by id, as a last resort
        out.append(_criterion(summary, key, key[0], key[1], key[2], {level: level.capitalize() for level in LEVEL_IDS},
                              suggests=bool(summary.rubric_levels.get(key))))
    return out


def _criterion(summary: ClassSummary, key: tuple, set_title: str, item: str, title: str,
               levels: dict[str, str], *, suggests: bool) -> RubricCriterion:
    """``suggests``: the grader gathers evidence for this criterion (otherwise it only marks blank answers)."""
    counts = dict(summary.rubric_levels.get(key, {}))
    waiting = summary.rubric_unlevelled.get(key, 0)
    # Levels the teacher confirmed are shown even where the grader suggests none.
    needs_reading = not suggests and not summary.rubric_confirmed.get(key)
    labels = dict(levels)
    if waiting or needs_reading:
        # A criterion the grader levels leaves no answer waiting: that bar would be a zero by
        # construction (no student's choice), and hiding it would hide real levels for nothing.
        counts[NEEDS_READING] = waiting
        labels[NEEDS_READING] = "Needs your reading"
    group = protect(counts, labels, summary.min_group)
    return RubricCriterion(set_title, item, title, group, needs_reading)


def reversal_experiment(summary: ClassSummary) -> dict[str, Any]:
    """The Reversal class experiment pooled by question, under the same protection as every group.

    Returns ``lines`` (sentences for the dashboard and for a student's page) and ``share``
    (the line a teacher gives students to paste into the Reversal page: only those sentences).
    A question answered by fewer than ``k`` students shows nothing; within a question, the
    outcomes are protected by :func:`protect` against subtraction from the question's total.
    """
    import json
    from collections import Counter

    from elysara.widgets import reversal

    k = summary.min_group
    by_framing = {f: Counter() for f in reversal.FRAMINGS}
    for framing, answer in summary.reversal_experiment:
        by_framing[framing][reversal.FRAMINGS[framing].outcomes[answer]] += 1
    totals = {f: sum(c.values()) for f, c in by_framing.items()}
    groups: dict[str, BarGroup] = {}
    if any(n < k for n in totals.values()):
        lines = [f"Not enough answers yet: the result is shown once each question has at least {k} answers."]
    else:
        lines = []
        labels = {o: outcome.label for o, outcome in reversal.OUTCOMES.items()}
        for framing_id, framing in reversal.FRAMINGS.items():
            group = groups[framing_id] = protect(by_framing[framing_id], labels, k, total=totals[framing_id])
            if group.withheld:
                parts = ["the breakdown is not shown, as it would single out a small group"]
            else:
                parts = [f"{bar.label.lower()}: " + (str(bar.count) if bar.shown else
                                                     f"fewer than {k}" if bar.state == "small" else "not shown")
                         for bar in group.bars]
            lines.append(f"{framing.title}: {totals[framing_id]} students; {'; '.join(parts)}.")
    share = {"widget": reversal.WIDGET, "class_result": 1, "min_group": k, "lines": lines}
    unpooled = summary.shown(summary.reversal_students - len(summary.reversal_experiment))
    return {"lines": lines, "share": json.dumps(share, separators=(",", ":")), "groups": groups,
            "not_pooled": str(unpooled) if unpooled is not None else f"fewer than {k}"}
