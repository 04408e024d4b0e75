"""Feedback pages for students: one self-contained HTML file per graded submission.

What a student sees (issue #11): objective scores, the evidence the grader
found in each written answer, and rubric levels **an instructor has
confirmed**. A criterion not yet confirmed shows its evidence and "your
teacher will read this": never a suggested level, never its points, and no
provisional total (only the points that are final). Possible copies and
"for your reading" notes are for the instructor's view only
(:mod:`elysara.exercises.grading.instructor`).

The page is rendered from ``templates/feedback.html`` (Jinja2, autoescape
on); it has its styles inline and no scripts, images, fonts or links to any
other host, so it opens offline from a file share or an email. Questions are
named as the student sees them in the notebook ("Question 3, Reflection:
..."), and Markdown (theirs and the bank's) is rendered, never shown raw.

Extension point: :func:`render_feedback` accepts ``extra_sections``, a list
of :class:`FeedbackSection` (a title and a block of trusted HTML) appended
after the items; the teaching dashboard uses it for "you versus the class".
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from markupsafe import Markup

from elysara.atomic import write_text
from elysara.exercises.bank.schema import PROSE_TYPES, ExerciseSet
from elysara.exercises.grading.gradebook import format_points
from elysara.exercises.grading.grader import STATUS_GRADED, CriterionResult, ItemResult, SubmissionResult
from elysara.exercises.grading.render import plain_paragraphs, render
from elysara.exercises.notebooks.build import question_label

__all__ = [
    "FeedbackSection", "SectionProvider", "feedback_path", "item_label", "prompt_summary", "render_feedback",
    "student_view", "write_feedback",
]


@dataclass(frozen=True)
class FeedbackSection:
    """An extra section of a feedback page: a plain-text title and trusted HTML (its author escapes it)."""

    title: str
    html: str


#: Given a result, the extra sections for its page (may return none).
SectionProvider = Callable[[SubmissionResult], Sequence[FeedbackSection]]

#: Prose answers rendered as Markdown; an argument reconstruction keeps its lines.
_PROSE_LAYOUT = PROSE_TYPES - {"argument_reconstruction"}
_FIRST_SENTENCE = re.compile(r"^(.+?[.?!:])(?=\s|$)", re.DOTALL)


def feedback_path(out_dir: Path, result: SubmissionResult, folder: str = "feedback") -> Path:
    """``OUT/feedback/<student>/<set>.html``; raises ValueError if it would leave ``out_dir``."""
    # normpath, not resolve(): the check is on the names, without a system call per part.
    root = os.path.normpath(os.path.abspath(os.path.join(out_dir, folder)))
    path = os.path.normpath(os.path.join(root, result.student, f"{result.set_id}.html"))
    if not path.startswith(root + os.sep) or os.path.dirname(os.path.dirname(path)) != root:
        raise ValueError(f"{folder} path for student {result.student!r} would leave {root}")
    return Path(path)


def item_label(exercise_set: ExerciseSet | None, item: ItemResult) -> str:
    """The item as the notebook numbers it ("Question 3, Reflection"), or its id without a bank."""
    if exercise_set is not None:
        try:
            return question_label(exercise_set, item.item_id)
        except (KeyError, ValueError, StopIteration):
            pass
    return item.item_id


def prompt_summary(bank_item: Any) -> str:
    """The prompt's first sentence (Markdown), to name a question beside its number."""
    prompt = " ".join(str(getattr(bank_item, "prompt", "") or "").split())
    match = _FIRST_SENTENCE.match(prompt)
    summary = match.group(1) if match else prompt
    return summary if len(summary) <= 160 else summary[:157].rsplit(" ", 1)[0] + "\u2026"


def _evidence_lines(criterion: CriterionResult) -> list[dict[str, Any]]:
    evidence = criterion.evidence
    return [{"text": f, "flag": False} for f in evidence.findings] + [{"text": f, "flag": True} for f in evidence.flags]


def _student_criterion(c: CriterionResult) -> dict[str, Any]:
    confirmed = c.source == "instructor" and c.level is not None
    return {
        "title": c.title,
        "confirmed": confirmed,
        # Only a confirmed level and its points reach the student's page.
        "level": c.level if confirmed else None,
        "points": format_points(c.points) if confirmed else None,
        "max": format_points(c.max),
        "comment": c.comment if confirmed else "",
        "evidence": _evidence_lines(c),
    }


def _final_points(item: ItemResult) -> tuple[float, float]:
    """Points of ``item`` that are final (objective part, confirmed criteria) and their maximum."""
    confirmed = [c for c in item.criteria if c.source == "instructor" and c.level is not None]
    return item.auto_points + sum(c.points for c in confirmed), item.auto_max + sum(c.max for c in confirmed)


def student_view(result: SubmissionResult, exercise_set: ExerciseSet | None = None,
                 extra_sections: Iterable[FeedbackSection] = ()) -> dict[str, Any]:
    """The student's page as plain data: what :file:`templates/feedback.html` shows."""
    bank_items = {i.id: i for i in exercise_set.items} if exercise_set is not None else {}
    items = []
    final_points = final_max = 0.0
    for item in result.items:
        bank_item = bank_items.get(item.item_id)
        points, maximum = _final_points(item)
        final_points += points
        final_max += maximum
        criteria = [_student_criterion(c) for c in item.criteria]
        items.append({
            "id": item.item_id,
            "label": item_label(exercise_set, item),
            "summary": prompt_summary(bank_item) if bank_item is not None else "",
            "prompt": getattr(bank_item, "prompt", "") if bank_item is not None else "",
            "final": all(c["confirmed"] for c in criteria),
            "points": format_points(item.points),
            "max": format_points(item.max),
            "auto_points": format_points(item.auto_points),
            "auto_max": format_points(item.auto_max) if item.auto_max else "",
            "answer": item.answer,
            "layout": "prose" if item.type in _PROSE_LAYOUT else "lines",
            "paragraphs": plain_paragraphs(item.answer) if item.type in _PROSE_LAYOUT else None,
            "notes": list(item.notes),
            "comment": item.comment,
            "explanation": (getattr(bank_item, "explanation", "") or "") if bank_item is not None and not item.criteria else "",
            "criteria": criteria,
        })
    all_confirmed = all(i["final"] for i in items)
    return {
        "title": result.title or (exercise_set.title if exercise_set else result.set_id),
        "student": result.student,
        "all_confirmed": all_confirmed and result.status == STATUS_GRADED,
        "total": format_points(result.total),
        "max": format_points(result.max),
        "final_points": format_points(final_points),
        "final_max": format_points(final_max),
        "problems": [p.reason for p in result.problems],
        "questions": items,
        "extra_sections": [{"title": s.title, "html": Markup(s.html)} for s in extra_sections],
    }


def render_feedback(
    result: SubmissionResult,
    exercise_set: ExerciseSet | None = None,
    *,
    extra_sections: Iterable[FeedbackSection] = (),
) -> str:
    """The feedback page of one submission as a complete HTML document."""
    return render("feedback.html", page=student_view(result, exercise_set, extra_sections))


def write_feedback(
    out_dir: Path,
    result: SubmissionResult,
    exercise_set: ExerciseSet | None = None,
    *,
    extra_sections: Iterable[FeedbackSection] = (),
) -> Path:
    """Write the feedback page atomically under ``out_dir/feedback``; returns its path."""
    return write_text(feedback_path(out_dir, result), render_feedback(result, exercise_set, extra_sections=extra_sections))
