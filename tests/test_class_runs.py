"""A class graded in parallel writes what it writes in one process, and keeps only what it needs in memory.

Grading a large class forks workers that write each submission's pages and
report.json entry as they go and hand back results without the answers'
evidence (issue #13: a class of 10,000 within 1 GB). These tests hold that
shortcut to the same outputs, and the dashboard's two ways of getting rubric
levels (grading afresh, or an earlier run's report.json) to the same page.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from _grading_support import bank
from elysara.exercises.classroom.class_run import build_dashboard
from elysara.exercises.classroom.sample_class import write_sample_class
from elysara.exercises.grading.grader import CriterionResult, ItemResult, SubmissionResult
from elysara.exercises.grading.report import read_levels
from elysara.exercises.grading.run import grade_to_folder


@pytest.fixture(scope="module")
def klass(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("class")
    write_sample_class(root, 14, bank=bank())
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_parallel_workers_write_exactly_what_one_process_writes(klass: Path, tmp_path: Path):
    one = grade_to_folder([klass], tmp_path / "one", bank=bank(), workers=1)
    two = grade_to_folder([klass], tmp_path / "two", bank=bank(), workers=2)
    serial, parallel = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert len(serial) > 2 * len(one.results)  # feedback and instructor pages, csvs, report.json
    assert serial.keys() == parallel.keys()
    different = [name for name in serial if serial[name] != parallel[name]]
    assert not different
    assert [r.total for r in one.results] == [r.total for r in two.results]
    assert not list((tmp_path / "two").rglob("*.tmp"))  # no temporary left behind


def test_report_json_keeps_the_evidence_that_results_in_memory_leave_out(klass: Path, tmp_path: Path):
    outcome = grade_to_folder([klass], tmp_path / "out", bank=bank(), workers=2)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    quoted = [q for s in report["submissions"] for i in s["items"] for q in ((i["evidence"] or {}).get("quotations") or [])]
    assert quoted, "the sample class quotes the text: report.json must list the quotations"
    findings = [f for s in report["submissions"] for i in s["items"] for c in i["criteria"] for f in c["evidence"]["findings"]]
    assert findings
    # In memory: points, levels, notes and problems; no answer text and no evidence beyond the words and language.
    for result in outcome.results:
        for item in result.items:
            assert item.answer == ""
            assert set(item.evidence) <= {"words", "min", "max", "language"}
            for criterion in item.criteria:
                assert criterion.evidence.findings == () and criterion.evidence.data == {}
    by_key = {(s["student"], s["set"]): s for s in report["submissions"]}
    for result in outcome.results:
        entry = by_key[(result.student, result.set_id)]
        assert entry["total"] == result.total and entry["status"] == result.status
        levels = [(c["criterion"], c["level"], c["suggested_level"]) for i in entry["items"] for c in i["criteria"]]
        assert levels == [(c.id, c.level, c.suggested_level) for i in result.items for c in i.criteria]


def test_without_evidence_keeps_every_other_field():
    from elysara.exercises.grading.evidence import Evidence

    criterion = CriterionResult("c", "Title", "strong", 2.0, 3.0, "instructor", "adequate",
                                Evidence("thesis", "adequate", ("found",), ("flag",), None, (), {"x": 1}), "Good.", "thesis")
    item = ItemResult("i", "reflection", 2.5, 4.0, "suggested", "my answer", ["a note"], [criterion], 0.5, 1.0,
                      "comment", {"words": 120, "min": 100, "max": 300, "language": "English", "quotations": [1]},
                      "instructor")
    result = SubmissionResult("ann", "set", Path("ann/set.ipynb"), "provisional", [item], [], "The set")
    light = result.without_evidence()
    kept = lambda obj, dropped: {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.name not in dropped}
    assert kept(light, {"items"}) == kept(result, {"items"})
    assert kept(light.items[0], {"answer", "evidence", "criteria"}) == kept(item, {"answer", "evidence", "criteria"})
    assert kept(light.items[0].criteria[0], {"evidence"}) == kept(criterion, {"evidence"})
    assert light.items[0].evidence == {"words": 120, "min": 100, "max": 300, "language": "English"}
    assert (light.items[0].criteria[0].evidence.kind, light.items[0].criteria[0].evidence.level) == ("thesis", "adequate")
    assert light.total == result.total and light.max == result.max


def test_the_dashboard_from_a_grading_run_equals_the_one_grading_afresh(klass: Path, tmp_path: Path):
    grade_to_folder([klass], tmp_path / "grades", bank=bank(), workers=2)
    fresh = build_dashboard([klass], tmp_path / "fresh", bank=bank())
    reused = build_dashboard([klass], tmp_path / "reused", bank=bank(), grades=tmp_path / "grades")
    assert reused.not_in_grades == 0
    assert fresh.summary.rubric_levels and fresh.summary.rubric_levels == reused.summary.rubric_levels
    assert fresh.page.read_bytes() == reused.page.read_bytes()
    levels = read_levels(tmp_path / "grades" / "report.json")
    assert len(levels) == fresh.summary.submissions
