"""Marking calibration: `elysara agreement A.csv B.csv` (issue #11, part 4), and the kappa it reports."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from elysara.cli import main
from elysara.exercises.grading.agreement import LEVELS, compare_files, quadratic_kappa

HEADER = "student,set,item,criterion,level,comment\n"


def _write(path: Path, rows: list[tuple[str, str, str, str, str]]) -> Path:
    path.write_text(HEADER + "".join(",".join(r) + ",\n" for r in rows), encoding="utf-8")
    return path


def test_our_quadratic_kappa_is_scikit_learns():
    sklearn = pytest.importorskip("sklearn.metrics")
    rng = random.Random(11)
    for _ in range(50):
        n = rng.randint(2, 40)
        a = [rng.randrange(len(LEVELS)) for _ in range(n)]
        b = [min(3, max(0, x + rng.choice([-2, -1, 0, 0, 0, 1]))) for x in a]
        ours = quadratic_kappa(a, b)
        theirs = sklearn.cohen_kappa_score(a, b, weights="quadratic", labels=list(range(len(LEVELS))))
        if ours is None:
            assert len(set(a) | set(b)) == 1
        else:
            assert ours == pytest.approx(theirs, abs=1e-9)


def test_two_override_files_are_compared_per_criterion_with_each_disagreement(tmp_path: Path):
    marker = _write(tmp_path / "marker.csv", [
        ("ann", "reading", "reading-open-ending", "thesis", "strong"),
        ("bob", "reading", "reading-open-ending", "thesis", "weak"),
        ("cy", "reading", "reading-open-ending", "thesis", "adequate"),
        ("ann", "reading", "reading-open-ending", "objection", "strong"),
        ("bob", "reading", "reading-open-ending", "objection", ""),  # not yet marked
    ])
    second = _write(tmp_path / "second.csv", [
        ("ann", "reading", "reading-open-ending", "thesis", "strong"),
        ("bob", "reading", "reading-open-ending", "thesis", "missing"),
        ("cy", "reading", "reading-open-ending", "thesis", "adequate"),
        ("ann", "reading", "reading-open-ending", "objection", "adequate"),
        ("bob", "reading", "reading-open-ending", "objection", "weak"),
    ])
    comparison = compare_files(marker, second)
    thesis = comparison.per_criterion[("reading-open-ending", "thesis")]
    assert (thesis.count, round(thesis.exact, 2), thesis.within_one) == (3, 0.67, 1.0)
    assert [(d.student, d.criterion, d.level_a, d.level_b) for d in comparison.disagreements] == [
        ("ann", "objection", "strong", "adequate"), ("bob", "thesis", "weak", "missing")]
    assert comparison.only_b == 1  # bob's objection: marked in one file only, not a disagreement

    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["agreement", str(marker), str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "reading-open-ending" in result.output and "bob reading reading-open-ending thesis" in result.output
    soup = BeautifulSoup((out / "agreement.html").read_text(encoding="utf-8"), "html.parser")
    assert "weak" in soup.get_text() and "missing" in soup.get_text()
    with (out / "disagreements.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 2


def test_disagreements_link_to_the_answer_in_the_instructors_view(tmp_path: Path):
    from _grading_support import first_item, notebook, save

    set_id, item = first_item("reflection")
    klass = tmp_path / "class"
    save(klass, "ann", set_id, notebook(set_id, solutions=True))
    grades = tmp_path / "grades"
    assert CliRunner().invoke(main, ["grade", str(klass), "--out", str(grades)]).exit_code == 0
    with (grades / "suggested-levels.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["level"]]
    assert rows, "the grader suggests some level on a model answer"
    changed = LEVELS[(LEVELS.index(rows[0]["level"]) + 1) % len(LEVELS)]
    marker = _write(tmp_path / "marker.csv", [(r["student"], r["set"], r["item"], r["criterion"],
                                                changed if r is rows[0] else r["level"]) for r in rows])
    out = tmp_path / "norming"
    result = CliRunner().invoke(main, ["agreement", str(grades / "suggested-levels.csv"), str(marker), "--out", str(out)])
    assert result.exit_code == 0, result.output
    link = BeautifulSoup((out / "agreement.html").read_text(encoding="utf-8"), "html.parser").find("a")
    target, anchor = link["href"].split("#")
    assert (out / target).resolve() == (grades / "instructor" / "ann" / f"{set_id}.html").resolve()
    assert anchor == rows[0]["item"]


def test_a_file_that_is_not_a_level_file_is_refused_with_its_name(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,score\nann,3\n", encoding="utf-8")
    good = _write(tmp_path / "good.csv", [("ann", "reading", "reading-open-ending", "thesis", "strong")])
    result = CliRunner().invoke(main, ["agreement", str(bad), str(good)])
    assert result.exit_code == 3 and "bad.csv" in result.output and "missing column" in result.output
    unknown = _write(tmp_path / "unknown.csv", [("ann", "reading", "reading-open-ending", "thesis", "superb")])
    result = CliRunner().invoke(main, ["agreement", str(unknown), str(good)])
    assert result.exit_code == 3 and "superb" in result.output
