"""The instructor's view: everything the grader found, for the instructor only.

``OUT/instructor/index.html`` lists every submission (status, points, how
many criteria await the instructor's reading) and the possible copies;
``OUT/instructor/<student>/<set>.html`` shows one submission: each answer
with the evidence highlighted in it, every quotation with its verdict (and,
when it is not in the text, the closest passage and a word-by-word
difference), every criterion's suggested level or why there is none, the
language and the word count (and, when the caller passes them, possible
copies of each answer; ``elysara grade`` lists copies on the index, since
they are known only once every submission is graded).

Rendered from ``templates/instructor.html`` and
``templates/instructor_index.html`` (Jinja2, autoescape on); the pages never
go to students.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from elysara.atomic import write_text
from elysara.exercises.bank.schema import ExerciseSet
from elysara.exercises.grading.copies import PossibleCopy
from elysara.exercises.grading.feedback import feedback_path, item_label, prompt_summary
from elysara.exercises.grading.gradebook import format_points
from elysara.exercises.grading.grader import STATUS_GRADED, STATUS_NOT_GRADED, ItemResult, SubmissionResult
from elysara.exercises.grading.render import render

__all__ = ["instructor_view", "render_instructor", "write_instructor", "write_instructor_index"]

FOLDER = "instructor"
_VERDICTS = {
    "verified": "in the text",
    "not_found": "not in the text",
    "other_work": "from another work (not checked)",
    "scare_quote": "a term in quotation marks",
}


def _segments(answer: str, item: ItemResult) -> list[dict[str, Any]]:
    """The answer cut at every highlighted span: ``[{text, labels}]``, in order."""
    spans = [(h.start, h.end, h.label) for c in item.criteria for h in c.evidence.highlights if 0 <= h.start < h.end <= len(answer)]
    for q in item.evidence.get("quotations", []):
        spans.append((q["start"], q["end"], "quotation"))
    cuts = sorted({0, len(answer), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments: list[dict[str, Any]] = []
    for start, end in zip(cuts, cuts[1:]):
        labels = sorted({label for s, e, label in spans if s <= start and end <= e})
        if not labels and segments and not segments[-1]["css"]:
            segments[-1]["text"] += answer[start:end]
            continue
        segments.append({"text": answer[start:end], "css": " ".join(_css(label) for label in labels),
                         "title": ", ".join(labels)})
    return segments if answer else []


def _css(label: str) -> str:
    return "-".join(label.lower().split())


def _relative(from_dir: Path, to: Path) -> str:
    return Path(os.path.relpath(to, from_dir)).as_posix()


def instructor_view(result: SubmissionResult, exercise_set: ExerciseSet | None, out_dir: Path,
                    copies: Iterable[PossibleCopy] = ()) -> dict[str, Any]:
    """One submission's instructor page as plain data."""
    here = feedback_path(out_dir, result, FOLDER).parent
    bank_items = {i.id: i for i in exercise_set.items} if exercise_set is not None else {}
    mine = [c for c in copies if c.set_id == result.set_id and result.student in (c.student_a, c.student_b)]
    items = []
    pending = reading = 0
    for item in result.items:
        criteria = []
        for c in item.criteria:
            confirmed = c.source == "instructor" and c.level is not None
            pending += not confirmed
            reading += (not confirmed and c.suggested_level is None)
            criteria.append({
                "id": c.id, "title": c.title, "kind": c.kind or c.evidence.kind, "confirmed": confirmed,
                "level": c.level, "suggested": c.suggested_level, "points": format_points(c.points),
                "max": format_points(c.max), "reading": c.evidence.reading or "", "findings": list(c.evidence.findings),
                "flags": list(c.evidence.flags), "comment": c.comment,
            })
        quotations = [{**q, "verdict_text": _VERDICTS.get(q["verdict"], q["verdict"]),
                       "cited_text": ", ".join(q["cited"]), "passages_text": ", ".join(q["passages"])}
                      for q in item.evidence.get("quotations", [])]
        evidence = ({"words": item.evidence.get("words", 0), "min": item.evidence.get("min"),
                     "max": item.evidence.get("max"), "language": item.evidence.get("language", "English")}
                    if item.evidence else None)
        item_copies = []
        for copy in mine:
            if copy.item != item.item_id:
                continue
            other = copy.student_b if copy.student_a == result.student else copy.student_a
            target = feedback_path(out_dir, _Named(other, result.set_id), FOLDER)
            item_copies.append({"other": other, "similarity": format_points(copy.similarity),
                                "link": f"{_relative(here, target)}#{item.item_id}"})
        bank_item = bank_items.get(item.item_id)
        items.append({
            "id": item.item_id, "label": item_label(exercise_set, item),
            "summary": prompt_summary(bank_item) if bank_item is not None else "",
            "points": format_points(item.points), "max": format_points(item.max), "source": item.source,
            "evidence": evidence, "copies": item_copies, "segments": _segments(item.answer, item),
            "notes": list(item.notes), "comment": item.comment, "quotations": quotations, "criteria": criteria,
        })
    return {
        "title": result.title or (exercise_set.title if exercise_set else result.set_id),
        "student": result.student,
        "all_confirmed": result.status == STATUS_GRADED,
        "total": format_points(result.total), "max": format_points(result.max),
        "pending": pending, "reading": reading,
        "student_page": _relative(here, feedback_path(out_dir, result)),
        "problems": [p.reason for p in result.problems],
        "questions": items,
    }


class _Named:
    """Just enough of a result for :func:`feedback_path` (another student's page)."""

    def __init__(self, student: str, set_id: str) -> None:
        self.student, self.set_id = student, set_id


def render_instructor(result: SubmissionResult, exercise_set: ExerciseSet | None, out_dir: Path,
                      copies: Iterable[PossibleCopy] = ()) -> str:
    """One submission's instructor page as a complete HTML document."""
    return render("instructor.html", page=instructor_view(result, exercise_set, out_dir, copies))


def write_instructor(out_dir: Path, result: SubmissionResult, exercise_set: ExerciseSet | None,
                     copies: Iterable[PossibleCopy] = ()) -> Path:
    """Write one submission's instructor page atomically; returns its path."""
    path = feedback_path(out_dir, result, FOLDER)
    return write_text(path, render_instructor(result, exercise_set, out_dir, copies))


def write_instructor_index(out_dir: Path, results: Iterable[SubmissionResult], copies: Iterable[PossibleCopy]) -> Path:
    """Write ``OUT/instructor/index.html``: every submission and every possible copy."""
    root = Path(out_dir) / FOLDER
    rows = []
    for r in sorted(results, key=lambda r: (r.student, r.set_id)):
        if r.status == STATUS_NOT_GRADED:
            continue
        reading = sum(1 for i in r.items for c in i.criteria if c.source != "instructor" and c.suggested_level is None)
        rows.append({"student": r.student, "set": r.set_id, "status": r.status, "total": format_points(r.total),
                     "max": format_points(r.max), "reading": reading,
                     "link": _relative(root, feedback_path(out_dir, r, FOLDER))})
    copy_rows = [{
        "set": c.set_id, "item": c.item, "student_a": c.student_a, "student_b": c.student_b,
        "similarity": format_points(c.similarity),
        "link_a": f"{_relative(root, feedback_path(out_dir, _Named(c.student_a, c.set_id), FOLDER))}#{c.item}",
        "link_b": f"{_relative(root, feedback_path(out_dir, _Named(c.student_b, c.set_id), FOLDER))}#{c.item}",
    } for c in copies]
    return write_text(root / "index.html", render("instructor_index.html", submissions=rows, copies=copy_rows))
