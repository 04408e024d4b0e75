"""`elysara grade --lms canvas|moodle`: the import CSVs, with ids from the download names or a roster."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import nbformat
from click.testing import CliRunner

from _grading_support import bank, notebook
from elysara.exercises.commands.grade import grade_command
from elysara.exercises.grading.lms import CANVAS_STUDENT_COLUMNS, MOODLE_COLUMNS
from elysara.exercises.grading.overrides import Override
from elysara.exercises.grading.run import grade_to_folder
from elysara.exercises.grading.lms import load_roster


def _confirm_everything(students: list[str], set_ids: list[str]) -> list[Override]:
    """Overrides confirming a level for every rubric criterion, so the grades are final."""
    return [
        Override(student, set_id, item.id, criterion.id, "adequate")
        for student in students for set_id in set_ids
        for item in bank().sets[set_id].items if item.prose
        for criterion in item.rubric.criteria
    ]


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _canvas_download(tmp_path: Path, set_id: str) -> Path:
    archive = tmp_path / "submissions.zip"
    text = nbformat.writes(notebook(set_id)).encode("utf-8")
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr(f"leeann_101_9001_{set_id}.ipynb", text)
        handle.writestr(f"parkbo_LATE_102_9002_{set_id} (1).ipynb", text)  # a second copy the browser renamed
    return archive


def test_canvas_import_from_a_canvas_download(tmp_path: Path):
    set_id = next(iter(bank().sets))
    archive = _canvas_download(tmp_path, set_id)
    outcome = grade_to_folder([archive], tmp_path / "out", bank=bank(), workers=1, lms=["canvas"],
                              overrides=_confirm_everything(["101", "102"], [set_id]))
    rows = _rows(tmp_path / "out" / "canvas-import.csv")
    title = bank().sets[set_id].title
    assert rows[0] == [*CANVAS_STUDENT_COLUMNS, title]
    assert rows[1][0] == "Points Possible" and float(rows[1][-1]) == bank().sets[set_id].max_points
    totals = {r.student: r.total for r in outcome.results}
    assert {row[1]: float(row[-1]) for row in rows[2:]} == {"101": totals["101"], "102": totals["102"]}
    assert {row[1]: row[0] for row in rows[2:]} == {"101": "leeann", "102": "parkbo"}


def test_canvas_column_named_as_in_the_roster_export_and_provisional_grades_left_blank(tmp_path: Path):
    sets = list(bank().sets)[:2]
    for student in ("ann", "bo"):
        for set_id in sets:
            path = tmp_path / "class" / student / f"{set_id}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(nbformat.writes(notebook(set_id)), encoding="utf-8")
    column = f"{bank().sets[sets[0]].title} (4242)"
    roster = tmp_path / "export.csv"
    roster.write_text(
        f"Student,ID,SIS User ID,SIS Login ID,Section,{column},Current Score\n"
        f"    Points Possible,,,,,10,\n"
        f"\"Lee, Ann\",501,S-1,ann,Period 1,,\n"
        f"\"Park, Bo\",502,S-2,bo,Period 1,,\n", encoding="utf-8")
    outcome = grade_to_folder([tmp_path / "class"], tmp_path / "out", bank=bank(), workers=1, lms=["canvas"],
                              roster=load_roster(roster), overrides=_confirm_everything(["ann"], sets))
    rows = _rows(tmp_path / "out" / "canvas-import.csv")
    assert rows[0][5:] == [column, bank().sets[sets[1]].title]
    by_id = {row[1]: row for row in rows[2:]}
    assert by_id["501"][:5] == ["Lee, Ann", "501", "S-1", "ann", "Period 1"]
    assert by_id["501"][5] != "" and by_id["502"][5:] == ["", ""]  # bo's levels are only suggestions
    assert sorted(s for s, _, _ in outcome.lms[0].left_blank) == ["bo", "bo"]


def test_moodle_grading_worksheets_per_set_from_a_moodle_download(tmp_path: Path):
    set_id = next(iter(bank().sets))
    archive = tmp_path / "moodle.zip"
    text = nbformat.writes(notebook(set_id)).encode("utf-8")
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr(f"Ann Lee_7001_assignsubmission_file_/{set_id}.ipynb", text)
        handle.writestr(f"Bo Park_7002_assignsubmission_file_{set_id}.ipynb", text)
    result = CliRunner().invoke(grade_command, [str(archive), "--out", str(tmp_path / "out"), "--lms", "moodle"])
    assert result.exit_code == 0, result.output
    rows = _rows(tmp_path / "out" / f"moodle-{set_id}.csv")
    assert rows[0] == list(MOODLE_COLUMNS)
    assert [(row[0], row[1]) for row in rows[1:]] == [("Participant 7001", "Ann Lee"), ("Participant 7002", "Bo Park")]
    assert all(row[2] == "" and float(row[3]) == bank().sets[set_id].max_points for row in rows[1:])
    assert "left" in result.output and "blank" in result.output  # provisional: said, not exported


def test_students_without_an_lms_id_are_named_not_guessed(tmp_path: Path):
    set_id = next(iter(bank().sets))
    path = tmp_path / "class" / "ann" / f"{set_id}.ipynb"
    path.parent.mkdir(parents=True)
    path.write_text(nbformat.writes(notebook(set_id)), encoding="utf-8")
    result = CliRunner().invoke(grade_command, [str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--lms", "canvas"])
    assert "no LMS id for 1 student(s) (ann)" in result.output
    assert _rows(tmp_path / "out" / "canvas-import.csv")[2:] == []


def test_a_roster_in_elysaras_columns_and_a_bad_roster(tmp_path: Path):
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,lms_id\nann,Ann Lee,7001\n", encoding="utf-8")
    assert load_roster(roster).find(None, "ann").lms_id == "7001"
    bad = tmp_path / "bad.csv"
    bad.write_text("who,what\nx,y\n", encoding="utf-8")
    result = CliRunner().invoke(grade_command, [str(tmp_path), "--out", str(tmp_path / "out"), "--roster", str(bad), "--lms", "canvas"])
    assert result.exit_code == 3 and "student,name,lms_id" in result.output
