"""`elysara grade` as an instructor runs it: outputs, exit status, overrides, safety."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from _grading_support import any_set_id, bank, first_item, notebook, save, tree_hashes
from elysara.cli import main

GRADEBOOK = ["student", "set", "auto_points", "auto_max", "rubric_points", "rubric_max", "total", "max", "status"]
ITEMS = ["student", "set", "item", "part", "points", "max", "source"]


def run(*args: str):
    return CliRunner().invoke(main, ["grade", *args])


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """A class of two: alice hands in the solutions, bob a blank notebook."""
    root = tmp_path / "class"
    save(root, "alice", any_set_id(), notebook(any_set_id(), solutions=True))
    save(root, "bob", any_set_id(), notebook(any_set_id()))
    return root


def test_grading_a_class_writes_every_output_and_exits_0(klass: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run(str(klass), "--out", str(out))
    assert result.exit_code == 0, result.output

    book = rows(out / "gradebook.csv")
    assert list(book[0]) == GRADEBOOK
    by_student = {r["student"]: r for r in book}
    assert set(by_student) == {"alice", "bob"}
    assert by_student["alice"]["auto_points"] == by_student["alice"]["auto_max"] != "0"
    assert by_student["bob"]["total"] == "0"
    # The set has rubric-scored items and no instructor has confirmed a level yet.
    assert by_student["alice"]["status"] == by_student["bob"]["status"] == "provisional"

    items = rows(out / "items.csv")
    assert list(items[0]) == ITEMS
    assert {r["source"] for r in items} == {"auto", "suggested"}  # no overrides: nothing is "instructor"
    assert (out / "feedback" / "alice" / f"{any_set_id()}.html").is_file()
    assert (out / "instructor" / "alice" / f"{any_set_id()}.html").is_file()
    assert (out / "instructor" / "index.html").is_file()
    # A reconstruction's structure part has its own row, and the rows add up to the gradebook's total.
    reconstructions = {i.id for i in bank().sets[any_set_id()].items if i.type == "argument_reconstruction"}
    for item_id in reconstructions:
        parts = [r["part"] for r in items if r["student"] == "alice" and r["item"] == item_id]
        assert parts == ["structure", "rubric"]
    alice_rows = sum(float(r["points"]) for r in items if r["student"] == "alice")
    assert alice_rows == float(by_student["alice"]["total"])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["exit_status"] == 0 and report["summary"]["graded"] == 2
    assert not list(out.rglob("*.tmp"))  # atomic writes leave no temporary behind


def test_a_bad_submission_exits_1_lists_it_on_stderr_and_grades_the_rest(klass: Path, tmp_path: Path):
    bad = klass / "mallory" / f"{any_set_id()}.ipynb"
    bad.parent.mkdir()
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"

    completed = subprocess.run(
        [str(Path(sys.executable).with_name("elysara")), "grade", str(klass), "--out", str(out)],
        capture_output=True, text=True,
    )

    assert completed.returncode == 1
    assert f"{bad}: not JSON" in completed.stderr
    assert "\x1b[" not in completed.stderr + completed.stdout  # no progress bar when not a terminal
    book = {r["student"]: r for r in rows(out / "gradebook.csv")}
    assert book["mallory"]["status"] == "not graded" and book["mallory"]["total"] == ""
    assert book["alice"]["status"] != "not graded" and book["bob"]["status"] != "not graded"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert any(p["path"] == str(bad) and "not JSON" in p["reason"] for p in report["problems"])


def test_an_invalid_overrides_file_exits_3_and_writes_nothing(klass: Path, tmp_path: Path):
    overrides = tmp_path / "o.yml"
    overrides.write_text("- {student: alice, set: x, item: y, criterion: thesis, level: superb}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(klass), "--out", str(out), "--overrides", str(overrides))
    assert result.exit_code == 3
    assert "superb" in result.output and "strong, adequate, weak, missing" in result.output
    assert not out.exists()


def test_max_bytes_option_reports_large_notebooks(klass: Path, tmp_path: Path):
    result = run(str(klass), "--out", str(tmp_path / "out"), "--max-bytes", "100")
    assert result.exit_code == 1
    assert "over the limit of 100 bytes" in result.output


def test_overrides_survive_regrading_and_regrading_is_idempotent(klass: Path, tmp_path: Path):
    set_id, item = first_item("reflection")
    if set_id != any_set_id():
        save(klass, "alice", set_id, notebook(set_id, solutions=True))
    criterion = item.rubric.criteria[0]
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "student,set,item,criterion,level,comment\n"
        f"alice,{set_id},{item.id},{criterion.id},weak,\"Say more, please.\"\n"
        f"zed,{set_id},{item.id},{criterion.id},weak,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    first = run(str(klass), "--out", str(out), "--overrides", str(overrides))
    snapshot = tree_hashes(out)
    second = run(str(klass), "--out", str(out), "--overrides", str(overrides))

    assert first.exit_code == second.exit_code == 0
    assert tree_hashes(out) == snapshot
    assert "zed" in second.output and "matched nothing" in second.output
    item_row = next(r for r in rows(out / "items.csv") if r["student"] == "alice" and r["item"] == item.id)
    assert len(item.rubric.criteria) > 1
    assert item_row["source"] == "suggested"  # one criterion confirmed, the others still only suggested
    html = (out / "feedback" / "alice" / f"{set_id}.html").read_text(encoding="utf-8")
    assert "Say more, please." in html and "confirmed by your instructor" in html
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [o["student"] for o in report["unmatched_overrides"]] == ["zed"]


def test_originals_are_unchanged(klass: Path, tmp_path: Path):
    before = tree_hashes(klass)
    assert run(str(klass), "--out", str(tmp_path / "out")).exit_code == 0
    assert tree_hashes(klass) == before


@pytest.mark.parametrize("folder", ["..\\..\\escaped", "...", "<script>", "a:b"])
def test_student_ids_from_folder_names_cannot_leave_the_output_folder(tmp_path: Path, folder: str):
    root = tmp_path / "class"
    save(root, folder, any_set_id(), notebook(any_set_id()))
    out = tmp_path / "deep" / "out"
    before = {p for p in tmp_path.rglob("*")}

    assert run(str(root), "--out", str(out)).exit_code == 0

    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(out in p.parents or p == out or p in out.parents for p in created)
    [page] = list((out / "feedback").rglob("*.html"))
    assert page.parent.parent == out / "feedback"


def test_grade_is_registered_with_help():
    result = CliRunner().invoke(main, ["grade", "--help"])
    assert result.exit_code == 0
    assert "--overrides" in result.output and "--max-bytes" in result.output


def test_yaml_overrides_can_set_an_objective_items_points(klass: Path, tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    save(klass, "bob", set_id, notebook(set_id))  # blank: 0 points for the item
    overrides = tmp_path / "overrides.yml"
    overrides.write_text(
        f"- {{student: bob, set: {set_id}, item: {item.id}, criterion: '', level: {item.points}, comment: Accepted on appeal}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run(str(klass), "--out", str(out), "--overrides", str(overrides)).exit_code == 0
    row = next(r for r in rows(out / "items.csv") if r["student"] == "bob" and r["item"] == item.id)
    assert (float(row["points"]), row["source"]) == (item.points, "instructor")
    bob = next(r for r in rows(out / "gradebook.csv") if r["student"] == "bob" and r["set"] == set_id)
    assert float(bob["auto_points"]) == item.points
    assert "Accepted on appeal" in (out / "feedback" / "bob" / f"{set_id}.html").read_text(encoding="utf-8")


def test_suggested_levels_can_be_reviewed_and_passed_back_as_overrides(klass: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert run(str(klass), "--out", str(out)).exit_code == 0
    suggested = rows(out / "suggested-levels.csv")
    assert suggested and list(suggested[0]) == ["student", "set", "item", "criterion", "level", "comment"]
    assert {r["student"] for r in suggested} == {"alice", "bob"}
    assert {r["level"] for r in suggested if r["student"] == "bob"} == {"missing"}  # a blank notebook

    # Used in place, the file would be rewritten by the next run: refused.
    in_place = run(str(klass), "--out", str(out), "--overrides", str(out / "suggested-levels.csv"))
    assert in_place.exit_code == 3 and "inside the output folder" in in_place.output

    # The instructor confirms every level as suggested (empty levels stay undecided) and regrades.
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_bytes((out / "suggested-levels.csv").read_bytes())
    result = run(str(klass), "--out", str(out), "--overrides", str(reviewed))
    assert result.exit_code == 0, result.output
    # Every one of bob's levels was suggested (all "missing"), so confirming them all grades him finally.
    book = {r["student"]: r for r in rows(out / "gradebook.csv")}
    assert book["bob"]["status"] == "graded"
    assert book["bob"]["total"] == "0"
    sources = {r["source"] for r in rows(out / "items.csv") if r["student"] == "bob"}
    assert "suggested" not in sources and "instructor" in sources
