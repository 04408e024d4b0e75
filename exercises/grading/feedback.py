"""Feedback pages: one self-contained HTML file per graded submission.

The page has its styles inline and no scripts, images, fonts or links to any
other host, so it opens offline from a file share or an email. Every string
that comes from a student (answers, ids) is escaped with :func:`html.escape`;
so is everything from the bank, which is shown as plain text.

Extension point: :func:`render_feedback` accepts ``extra_sections``, a list
of :class:`FeedbackSection` (a title and a block of HTML) appended after the
items; the teaching dashboard uses it for "you versus the class". The HTML of
a section is inserted as given: its author escapes what it contains.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable, Iterable, Sequence

from elysara.atomic import write_text
from elysara.exercises.grading.gradebook import format_points
from elysara.exercises.grading.grader import STATUS_PROVISIONAL, CriterionResult, ItemResult, SubmissionResult
from elysara.exercises.notebooks.build import TYPE_LABELS
from elysara.exercises.bank.schema import PROSE_TYPES, ExerciseSet

__all__ = ["FeedbackSection", "SectionProvider", "feedback_path", "render_feedback", "write_feedback"]


@dataclass(frozen=True)
class FeedbackSection:
    """An extra section of a feedback page: a plain-text title and trusted HTML."""

    title: str
    html: str


#: Prose answers shown as paragraphs; an argument reconstruction keeps its lines.
_PARAGRAPH_TYPES = PROSE_TYPES - {"argument_reconstruction"}

#: Given a result, the extra sections for its page (may return none).
SectionProvider = Callable[[SubmissionResult], Sequence[FeedbackSection]]

_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-top:1px solid #ddd;padding-top:1rem}
.score{font-size:1.1rem;font-weight:600}.muted{color:#555}
.answer{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;border-left:4px solid #999;padding:.5rem .75rem;margin:.5rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;vertical-align:top;border-bottom:1px solid #ddd;padding:.35rem .4rem}
.tag{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:.6rem;border:1px solid}
.suggested{color:#7a4b00;border-color:#c98a1b;background:#fff6e5}.confirmed{color:#0b5d1e;border-color:#2f8f46;background:#eaf7ee}
.explain{border-left:4px solid #2f6f9f;padding:0 .75rem;margin:.5rem 0}.flag{color:#8a1c1c}ul{padding-left:1.2rem}.note{background:#fff6e5;padding:.5rem .75rem;border-radius:.3rem}
.prose{white-space:normal}
@media (max-width:600px){thead{display:none}table,tbody,tr,td{display:block;width:auto}tr{border-bottom:2px solid #ccc;padding:.3rem 0}td{border:0;padding:.15rem 0}td::before{content:attr(data-label) ": ";font-weight:600}}
@media print{.answer{background:none}}
"""


def feedback_path(out_dir: Path, result: SubmissionResult) -> Path:
    """``OUT/feedback/<student>/<set>.html``; raises ValueError if it would leave ``out_dir``."""
    # normpath, not resolve(): the check is on the names, without a system call per part.
    root = os.path.normpath(os.path.abspath(os.path.join(out_dir, "feedback")))
    path = os.path.normpath(os.path.join(root, result.student, f"{result.set_id}.html"))
    if not path.startswith(root + os.sep) or os.path.dirname(os.path.dirname(path)) != root:
        raise ValueError(f"feedback path for student {result.student!r} would leave {root}")
    return Path(path)


def _paragraphs(text: str, css: str = "explain") -> str:
    """Bank prose (hard-wrapped Markdown) as escaped paragraphs that reflow on a phone."""
    blocks = [" ".join(block.split()) for block in text.strip().split("\n\n") if block.strip()]
    return f'<div class="{css}">' + "".join(f"<p>{escape(block)}</p>" for block in blocks) + "</div>"


def _criterion_row(c: CriterionResult) -> str:
    if c.source == "instructor":
        tag = '<span class="tag confirmed">confirmed by your instructor</span>'
    else:
        tag = '<span class="tag suggested">suggested by the grader, not yet confirmed</span>'
    level = escape(c.level) if c.level else "not yet set"
    evidence = [f"<li>{escape(f)}</li>" for f in c.evidence.findings]
    evidence += [f'<li class="flag">{escape(f)}</li>' for f in c.evidence.flags]
    comment = f'<p><strong>Instructor:</strong> {escape(c.comment)}</p>' if c.comment else ""
    return (
        f'<tr><td data-label="Criterion">{escape(c.title)}</td><td data-label="Level">{level}<br>{tag}</td>'
        f'<td data-label="Points">{format_points(c.points)} / {format_points(c.max)}</td>'
        f'<td data-label="Evidence"><ul>{"".join(evidence)}</ul>{comment}</td></tr>'
    )


def _item(number: int, item: ItemResult, bank_item: object | None) -> str:
    label = TYPE_LABELS.get(item.type, item.type)
    parts = [
        f'<section id="{escape(item.item_id)}"><h2>{number}. {escape(label)}</h2>',
        f'<p class="score">{format_points(item.points)} / {format_points(item.max)} points</p>',  # "1 / 1 points": the total, not a count
    ]
    if bank_item is not None:
        parts.append(f'<details><summary>The question</summary>{_paragraphs(getattr(bank_item, "prompt", ""))}</details>')
    if not item.answer:
        shown = '<div class="answer">(no answer)</div>'
    elif item.type in _PARAGRAPH_TYPES:
        # Markdown prose: single newlines are soft, as Jupyter shows them.
        shown = _paragraphs(item.answer, "answer prose")
    else:
        shown = f'<div class="answer">{escape(item.answer)}</div>'  # line-based: keep the lines
    parts.append(f'<p class="muted">Your answer:</p>{shown}')
    if item.notes:
        parts.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in item.notes) + "</ul>")
    if item.comment:
        parts.append(f"<p><strong>Instructor:</strong> {escape(item.comment)}</p>")
    explanation = getattr(bank_item, "explanation", None) if bank_item is not None else None
    if explanation and not item.criteria:
        parts.append(f'<p class="muted">Explanation:</p>{_paragraphs(explanation)}')
    if item.criteria:
        parts.append(
            "<table><thead><tr><th>Criterion</th><th>Level</th><th>Points</th><th>Evidence</th></tr></thead><tbody>"
            + "".join(_criterion_row(c) for c in item.criteria)
            + "</tbody></table>"
        )
    parts.append("</section>")
    return "".join(parts)


def render_feedback(
    result: SubmissionResult,
    exercise_set: ExerciseSet | None = None,
    *,
    extra_sections: Iterable[FeedbackSection] = (),
) -> str:
    """The feedback page of one submission as a complete HTML document."""
    bank_items = {i.id: i for i in exercise_set.items} if exercise_set is not None else {}
    title = result.title or (exercise_set.title if exercise_set else result.set_id)
    head = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: feedback for {escape(result.student)}</title><style>{_STYLE}</style></head><body>"
    )
    body = [
        f"<header><h1>{escape(title)}</h1><p>Feedback for <strong>{escape(result.student)}</strong></p>",
        f'<p class="score">Total: {format_points(result.total)} / {format_points(result.max)} points '
        f"(automatic {format_points(result.auto_points)} / {format_points(result.auto_max)}, "
        f"rubric {format_points(result.rubric_points)} / {format_points(result.rubric_max)})</p>",
    ]
    if result.status == STATUS_PROVISIONAL:
        body.append(
            '<p class="note">Some rubric levels below were <em>suggested</em> by the automatic grader from '
            "evidence in your answer and have not yet been confirmed by your instructor; they may change.</p>"
        )
    body.append("</header>")
    if result.problems:
        body.append(
            "<h2>About your notebook</h2><ul>"
            + "".join(f"<li>{escape(p.reason)}</li>" for p in result.problems)
            + "</ul>"
        )
    for number, item in enumerate(result.items, start=1):
        body.append(_item(number, item, bank_items.get(item.item_id)))
    for section in extra_sections:
        body.append(f'<section class="extra"><h2>{escape(section.title)}</h2>{section.html}</section>')
    return head + "".join(body) + "</body></html>\n"


def write_feedback(
    out_dir: Path,
    result: SubmissionResult,
    exercise_set: ExerciseSet | None = None,
    *,
    extra_sections: Iterable[FeedbackSection] = (),
) -> Path:
    """Write the feedback page atomically under ``out_dir/feedback``; returns its path."""
    return write_text(feedback_path(out_dir, result), render_feedback(result, exercise_set, extra_sections=extra_sections))
