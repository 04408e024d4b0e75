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
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Iterable

from elysara.atomic import atomic_file
from elysara.exercises.grading.copies import PossibleCopy
from elysara.exercises.grading.grader import (
    STATUS_GRADED, STATUS_NOT_GRADED, STATUS_PROVISIONAL, CriterionResult, ItemResult, SubmissionResult,
)
from elysara.exercises.grading.overrides import Override
from elysara.exercises.grading.collect import Problem

__all__ = ["ReportError", "Spool", "build_report", "encode_entry", "read_levels", "submission_entry", "write_report"]


class Spool:
    """report.json's submission entries, encoded one per line as each submission is graded.

    Kept in a temporary file, not in memory: a class's evidence runs to
    hundreds of megabytes, and it is only needed once, to write the report.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+b")
        self.count = 0

    def add(self, line: str) -> None:
        """Add one entry, already encoded (see :func:`encode_entry`)."""
        self._file.write(line.encode("utf-8") + b"\n")
        self.count += 1

    def lines(self) -> Iterator[bytes]:
        """The entries in the order they were added, each without its newline."""
        self._file.seek(0)
        for line in self._file:
            yield line.rstrip(b"\n")

    def close(self) -> None:
        self._file.close()


def submission_entry(r: SubmissionResult) -> dict[str, Any]:
    """One submission's entry in report.json: status, points, problems, and every item's evidence."""
    return {
        "student": r.student,
        "set": r.set_id,
        "path": str(r.path),
        "status": r.status,
        "total": None if r.status == STATUS_NOT_GRADED else r.total,
        "max": None if r.status == STATUS_NOT_GRADED else r.max,
        "problems": [p.as_dict() for p in r.problems],
        "items": [_item(i) for i in r.items],
    }


def encode_entry(r: SubmissionResult) -> str:
    """:func:`submission_entry` as one line of JSON."""
    return json.dumps(submission_entry(r), ensure_ascii=False)


def build_report(
    results: list[SubmissionResult],
    input_problems: Iterable[Problem],
    unmatched: Iterable[tuple[Override, str]],
    exit_status: int,
    copies: Iterable[PossibleCopy] = (),
    spooled: Spool | None = None,
) -> dict[str, Any]:
    """The report as a JSON-able dict.

    With ``spooled``, the submissions' entries are those already encoded in
    it (one per result, in order; the results may then be
    :meth:`~SubmissionResult.without_evidence`) and :func:`write_report`
    streams them from there.
    """
    input_problems = list(input_problems)
    unmatched = list(unmatched)
    problems = input_problems + [p for r in results for p in r.problems]
    submissions: Any = spooled if spooled is not None else [submission_entry(r) for r in results]
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


def _chunks(report: dict[str, Any]) -> Iterator[bytes]:
    """report.json's text, piece by piece: one top-level key per line and one list entry per line."""
    keys = list(report)
    yield b"{\n"
    for number, key in enumerate(keys):
        value = report[key]
        name = json.dumps(key)
        end = b",\n" if number < len(keys) - 1 else b"\n"
        if isinstance(value, Spool):
            entries: Iterable[bytes] = value.lines()
        elif isinstance(value, list):
            entries = (json.dumps(entry, ensure_ascii=False).encode("utf-8") for entry in value)
        else:
            yield f"  {name}: {json.dumps(value, ensure_ascii=False)}".encode("utf-8") + end
            continue
        first = True
        for entry in entries:
            yield (f"  {name}: [\n    ".encode("utf-8") if first else b",\n    ") + entry
            first = False
        yield (b"\n  ]" if not first else f"  {name}: []".encode("utf-8")) + end
    yield b"}\n"


def dumps(report: dict[str, Any]) -> str:
    """The report as JSON text: one top-level key per line and one list entry (a submission, a problem) per line.

    Readable in an editor and diffable line by line, yet encoded by the json
    module's fast C encoder (an indented dump of a class's evidence is many
    times slower).
    """
    return b"".join(_chunks(report)).decode("utf-8")


def write_report(path: Path, report: dict[str, Any]) -> Path:
    """Write report.json atomically, streaming spooled submissions from disk."""
    with atomic_file(path) as handle:
        for chunk in _chunks(report):
            handle.write(chunk)
    return Path(path)


class ReportError(ValueError):
    """A report.json that this grader did not write, or that is damaged."""


def read_levels(path: Path) -> list[SubmissionResult]:
    """The submissions of a report.json written by ``elysara grade``, with their rubric levels.

    Each result has its student, set, path, status and points, and every
    criterion's level in force (confirmed or suggested), source and
    suggested level: what the class dashboard counts. No evidence is read.
    The file is read a line at a time (:func:`write_report` puts one
    submission per line), so a class's report need not fit in memory twice.
    Raises :class:`ReportError` naming the file and the line.
    """
    from elysara.exercises.grading.evidence import Evidence

    results: list[SubmissionResult] = []
    inside = False
    try:
        handle = open(path, encoding="utf-8")
    except OSError as error:
        raise ReportError(f"{path}: cannot read it ({error.strerror or error})") from None
    with handle:
        for number, line in enumerate(handle, 1):
            if not inside:
                inside = line.startswith('  "submissions": [')
                continue
            text = line.strip().rstrip(",")
            if text.startswith("]"):
                break
            try:
                entry = json.loads(text)
                items = [
                    ItemResult(i["item"], "", float(i["points"] or 0), float(i["max"] or 0), str(i["source"]),
                               criteria=[CriterionResult(c["criterion"], "", c["level"], 0.0, 0.0, c["source"],
                                                         c["suggested_level"], Evidence(c["kind"], c["suggested_level"]),
                                                         kind=c["kind"])
                                         for c in i["criteria"]])
                    for i in entry["items"]
                ]
                results.append(SubmissionResult(entry["student"], entry["set"], Path(entry["path"]), entry["status"],
                                                items))
            except (ValueError, KeyError, TypeError) as error:
                raise ReportError(f"{path}, line {number}: not a submission as elysara grade writes it "
                                  f"({type(error).__name__}: {error})") from None
    if not inside:
        raise ReportError(f"{path}: no \"submissions\" list: not a report.json written by elysara grade")
    return results
