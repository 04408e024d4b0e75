"""The class dashboard: one self-contained HTML page summarising a class.

``elysara dashboard PATH... --out DIR [--min-group 5]`` collects notebooks
exactly as ``elysara grade`` does, counts them with
:mod:`elysara.exercises.classroom.summary`, protects every count with
:mod:`elysara.exercises.classroom.disclosure` (through
:mod:`elysara.exercises.classroom.groups`) and writes ``DIR/index.html``
atomically, from the template ``templates/dashboard.html.j2``.

The page reads at a glance: a short summary first (how many students, what
most chose, where the class split, which criteria need the teacher's
reading), each section's figures folded below. It has its CSS and script
inline and asks no other host for anything (open it from a USB stick in a
classroom). It names no student: bad submissions are counted by reason,
never listed by path. Projector mode (``?projector=1`` or the button) uses
the book's own ``projector.css`` and ``projector.js``, inlined, and shows
one section per screen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from elysara.exercises.classroom.citations import cite
from elysara.exercises.classroom.disclosure import BarGroup
from elysara.exercises.classroom.groups import ClassGroups, class_groups, reversal_experiment
from elysara.exercises.classroom.summary import WEIGHT_BANDS, ClassSummary
from elysara.exercises.classroom.templating import render

__all__ = ["render_dashboard", "write_dashboard"]

#: Sentence shades from no citations to the most cited (light to dark blue; dark text stays readable on each).
SHADES = ("transparent", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6")
#: A group "splits" the class when its two largest bars each hold at least this share of it.
SPLIT_SHARE = 0.3


@dataclass(frozen=True)
class Highlight:
    """One line of the summary: a group's title and what it says."""

    section: str  #: the anchor of the section it comes from
    title: str
    text: str


def _static(name: str) -> str:
    return resources.files("elysara.sphinxext").joinpath(f"_static/{name}").read_text(encoding="utf-8")


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else ""


def _most(group: BarGroup | None, section: str, title: str) -> Highlight | None:
    """The largest bar, when it is shown (hidden bars are always smaller than shown ones)."""
    if group is None or group.withheld or not group.largest:
        return None
    top = group.largest[0]
    return Highlight(section, title, f"{top.label} ({top.count} of {group.total}, {_share(top.count or 0, group.total)})")


def _split(group: BarGroup | None, section: str, title: str) -> Highlight | None:
    if group is None or group.withheld or len(group.largest) < 2 or not group.total:
        return None
    first, second = group.largest[:2]
    if (second.count or 0) / group.total < SPLIT_SHARE:
        return None
    return Highlight(section, title, f"{first.label} ({_share(first.count or 0, group.total)}) against "
                                     f"{second.label} ({_share(second.count or 0, group.total)})")


def _glance(summary: ClassSummary, groups: ClassGroups) -> dict[str, list[Highlight]]:
    from elysara.widgets import reversal

    candidates = [
        ("scales", "Verdict in the Scales", groups.verdicts),
        ("scales", "Value weighted most", groups.top_values),
        ("reversal", reversal.FRAMINGS["connect"].title, groups.connect),
        ("reversal", reversal.FRAMINGS["disconnect"].title, groups.disconnect),
        ("reversal", "Did the framing change the answer?", groups.moved),
        ("tension", "Tensions found", groups.hits),
    ]
    most = [h for section, title, group in candidates if (h := _most(group, section, title))]
    splits = [h for section, title, group in candidates if (h := _split(group, section, title))]
    for criterion in groups.rubric:
        if not criterion.needs_reading and (h := _split(criterion.group, "rubric", f"{criterion.title} "
                                                        f"({criterion.item_title})")):
            splits.append(h)
    reading = [Highlight("rubric", c.title, c.item_title) for c in groups.rubric if c.needs_reading]
    # A few lines each: the summary must fit one projector screen.
    return {"most": most[:4], "splits": splits[:4], "reading": reading}


def _heatmap(summary: ClassSummary) -> list[dict[str, Any]]:
    from elysara.text import load_text

    most = max([n for n in summary.citations.values() if summary.shown(n) is not None] or [0])
    paragraphs = []
    for paragraph in load_text().paragraphs:
        sentences = []
        for sentence in paragraph.sentences:
            shown = summary.shown(summary.citations.get(sentence.id, 0))
            level = 0 if shown is None or most == 0 else max(1, round(shown / most * (len(SHADES) - 1)))
            sentences.append({"id": sentence.id, "text": sentence.text, "count": shown, "shade": SHADES[level]})
        paragraphs.append({"id": paragraph.id, "sentences": sentences})
    return paragraphs


def _means(summary: ClassSummary) -> list[dict[str, Any]]:
    from elysara.widgets import scales

    means = {v: summary.mean_weight(v) or 0.0 for v in scales.VALUES}
    # Bars on the live sliders' 0-10 scale (wider only if a mean exceeds it), so equal bars mean equal weights.
    top = max(10.0, *means.values())
    return [{"label": scales.VALUES[v].label, "mean": m, "width": 100 * m / top} for v, m in means.items()]


def _problems(summary: ClassSummary) -> list[tuple[str, int]]:
    unread = [p for p in summary.problems if not p.graded]
    return sorted(Counter(p.code for p in unread).items())


def render_dashboard(summary: ClassSummary, *, title: str = "Class dashboard", bank: Any = None,
                     hot_spots: str = "") -> str:
    """The dashboard page for ``summary``: one HTML document, CSS and script inline.

    ``bank`` (default: the shipped bank) gives the rubric's criteria and their titles;
    ``hot_spots`` is the section of :func:`elysara.exercises.classroom.hot_spots.render_hot_spots`
    (rendered from its own template, escaped there), shown when the class handed in notes files.
    """
    from elysara.exercises.bank.loading import load_bank
    from elysara.widgets import reversal, scales

    bank = bank if bank is not None else load_bank()
    groups = class_groups(summary, bank)
    finding = reversal.FINDING
    return render(
        "dashboard.html.j2",
        title=title,
        k=summary.min_group,
        summary=summary,
        students=summary.shown(summary.students),
        groups=groups,
        glance=_glance(summary, groups),
        values=scales.VALUES,
        bands=[label for label, _ in WEIGHT_BANDS],
        means=_means(summary) if groups.verdicts is not None else [],
        framings=reversal.FRAMINGS,
        finding={"text": finding.text, "citation": cite(finding.key)},
        heatmap=_heatmap(summary),
        most_cited=max([n for n in summary.citations.values() if summary.shown(n) is not None] or [0]),
        shades=SHADES,
        problems=_problems(summary),
        not_counted=sum(n for _, n in _problems(summary)),
        css=_static("projector.css"),
        script=_static("projector.js"),
        hot_spots=hot_spots,
        experiment=reversal_experiment(summary),
    )


def write_dashboard(summary: ClassSummary, out_dir: Path, *, bank: Any = None, hot_spots: str = "") -> Path:
    """Write ``out_dir/index.html`` atomically; return its path."""
    from elysara.atomic import write_text

    path = write_text(Path(out_dir) / "index.html", render_dashboard(summary, bank=bank, hot_spots=hot_spots))
    return path
