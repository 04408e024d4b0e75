"""report.json: every submission's status and every problem, for programs and for the record.

Shape::

    {
      "exit_status": 0,
      "summary": {"inputs": 12, "graded": 10, "provisional": 8, "not_graded": 2, "problems": 5,
                  "unmatched_overrides": 1},
      "submissions": [{"student", "set", "path", "status", "total", "max", "problems": [...],
                       "items": [{"item", "points", "max", "source", "evidence": {...},
                                  "criteria": [{"criterion", "kind", "level", "source",
                                                "suggested_level", "for_your_reading", "evidence": {...}}]}]}],
      "problems": [{"path", "student", "set", "item", "code", "reason", "graded"}],
      "unmatched_overrides": [{"row", "student", "set", "item", "criterion", "level", "reason"}],
      "possible_copies": [{"set", "item", "students": [a, b], "similarity"}]
    }

Evidence is data, so instructors and other tools can use it without reading
HTML. An item's ``evidence`` (prose items) has ``words``, ``min``, ``max``,
``language``, ``quotations`` (each ``quoted``, ``verdict``: verified,
not_found, other_work or scare_quote; ``passages`` where it occurs;
``cited`` ids beside it and ``cited_right``; ``closest``: ``passage``,
``text``, ``similarity`` and a word-level ``diff`` when it is not found;
``source`` for another work; ``start``/``end`` in the answer) and
``passage_ids`` (each ``id`` and ``valid``). A criterion's ``evidence`` has
``kind``, ``suggested_level``, ``for_your_reading``, ``why_no_suggestion``,
``findings``, ``flags``, ``highlights`` and what its kind measured.

Nothing in it depends on the time of the run, so grading the same inputs
twice writes the same file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from elysara.atomic import write_text
from elysara.exercises.grading.copies import PossibleCopy
from elysara.exercises.grading.grader import (
    STATUS_GRADED, STATUS_NOT_GRADED, STATUS_PROVISIONAL, ItemResult, SubmissionResult,
)
from elysara.exercises.grading.overrides import Override
from elysara.exercises.grading.collect import Problem

__all__ = ["build_report", "write_report"]


def build_report(
    results: list[SubmissionResult],
    input_problems: Iterable[Problem],
    unmatched: Iterable[tuple[Override, str]],
    exit_status: int,
    copies: Iterable[PossibleCopy] = (),
) -> dict[str, Any]:
    """The report as a JSON-able dict."""
    input_problems = list(input_problems)
    unmatched = list(unmatched)
    problems = input_problems + [p for r in results for p in r.problems]
    submissions = [
        {
            "student": r.student,
            "set": r.set_id,
            "path": str(r.path),
            "status": r.status,
            "total": None if r.status == STATUS_NOT_GRADED else r.total,
            "max": None if r.status == STATUS_NOT_GRADED else r.max,
            "problems": [p.as_dict() for p in r.problems],
            "items": [_item(i) for i in r.items],
        }
        for r in results
    ]
    statuses = [r.status for r in results]
    return {
        "exit_status": exit_status,
        "summary": {
            "inputs": len(results) + len(input_problems),
            "graded": statuses.count(STATUS_GRADED) + statuses.count(STATUS_PROVISIONAL),
            "provisional": statuses.count(STATUS_PROVISIONAL),
            "not_graded": statuses.count(STATUS_NOT_GRADED) + len(input_problems),
            "problems": len(problems),
            "unmatched_overrides": len(unmatched),
        },
        "submissions": submissions,
        "problems": [p.as_dict() for p in problems],
        "unmatched_overrides": [
            {
                "row": o.row, "student": o.student, "set": o.set_id, "item": o.item,
                "criterion": o.criterion, "level": o.level, "reason": reason,
            }
            for o, reason in unmatched
        ],
        "possible_copies": [c.as_dict() for c in copies],
    }


def _item(item: ItemResult) -> dict[str, Any]:
    return {
        "item": item.item_id,
        "points": item.points,
        "max": item.max,
        "source": item.source,
        "evidence": item.evidence or None,
        "criteria": [
            {
                "criterion": c.id,
                "kind": c.kind or c.evidence.kind,
                "level": c.level,
                "source": c.source,
                "suggested_level": c.suggested_level,
                "for_your_reading": c.source != "instructor" and c.suggested_level is None,
                "evidence": c.evidence.as_dict(),
            }
            for c in item.criteria
        ],
    }


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text: one top-level key per line and one list entry (a submission, a problem) per line.

    Readable in an editor and diffable line by line, yet encoded by the json
    module's fast C encoder (an indented dump of a class's evidence is many
    times slower).
    """
    parts = []
    for key, value in report.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            entries = ",\n    ".join(json.dumps(entry, ensure_ascii=False) for entry in value)
            parts.append(f"  {name}: [\n    {entries}\n  ]")
        else:
            parts.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_report(path: Path, report: dict[str, Any]) -> Path:
    """Write report.json atomically."""
    return write_text(path, dumps(report))
