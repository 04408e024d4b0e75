"""Collected layouts are read from the files, never from a folder's name; zips are opened with guards.

For every layout the invariant holds: the students in gradebook.csv are
exactly the distinct students of the input.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from _grading_support import bank, notebook
from elysara.exercises.commands.grade import grade_command
from elysara.exercises.grading.collect import AmbiguousLayout, collect
from elysara.exercises.grading.run import grade_to_folder

STUDENTS = ("ann", "bo", "cy")


def _sets() -> list[str]:
    return list(bank().sets)[:2]


def _write(path: Path, set_id: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(notebook(set_id)), encoding="utf-8")
    return path


def _canvas_name(index: int, student: str, set_id: str, late: bool = False) -> str:
    # lib/content_zipper.rb: sortable name lower-cased, word characters only; [LATE]; user id; attachment id.
    return f"{student}{'lee'}{'_LATE' if late else ''}_{1000 + index}_{5000 + index}_{set_id}.ipynb"


def _moodle_name(index: int, student: str) -> str:
    return f"{student.title()} Lee_{2000 + index}_assignsubmission_file_"


def layout_tree(tmp_path: Path, layout: str) -> tuple[list[Path], dict[str, str]]:
    """A class of three students and two sets in ``layout``; returns (paths to pass, raw id -> student id)."""
    root = tmp_path / "in"
    expected: dict[str, str] = {}
    zipped: list[tuple[str, bytes]] = []
    for index, student in enumerate(STUDENTS):
        for set_id in _sets():
            text = nbformat.writes(notebook(set_id)).encode("utf-8")
            if layout == "folders":
                _write(root / student / f"{set_id}.ipynb", set_id)
                expected[student] = student
            elif layout in {"submitted", "autograded", "renamed-nbgrader"}:
                folder = {"submitted": "submitted", "autograded": "autograded", "renamed-nbgrader": "Downloads 2026"}[layout]
                path = _write(root / folder / student / set_id / f"{set_id}.ipynb", set_id)
                (path.parent / "timestamp.txt").write_text("2026-11-29 10:00:00.000000 UTC", encoding="utf-8")
                expected[student] = student
            elif layout in {"canvas", "canvas-zip"}:
                # One Canvas zip per assignment: each set is its own download.
                name = _canvas_name(index, student, set_id, late=(index == 1))
                zipped.append((f"{set_id}-submissions/{name}", text))
                expected[student] = str(1000 + index)
            elif layout in {"moodle", "moodle-zip"}:
                zipped.append((f"{set_id}/{_moodle_name(index, student)}/{set_id}.ipynb", text))
                expected[student] = str(2000 + index)
            elif layout in {"moodle-flat", "moodle-flat-zip"}:
                zipped.append((f"{set_id}/{_moodle_name(index, student)}{set_id}.ipynb", text))
                expected[student] = str(2000 + index)
    if layout.endswith("-zip"):
        tmp_path.mkdir(parents=True, exist_ok=True)
        archive = tmp_path / "download.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
            for name, data in zipped:
                handle.writestr(name, data)
        return [archive], expected
    for name, data in zipped:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    if layout in {"submitted", "autograded", "renamed-nbgrader"}:
        return [next(root.iterdir())], expected
    return [root], expected


LAYOUTS = ["folders", "submitted", "autograded", "renamed-nbgrader", "canvas", "canvas-zip", "moodle", "moodle-zip",
           "moodle-flat", "moodle-flat-zip"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_students_in_gradebook_equal_distinct_students_of_the_input(tmp_path: Path, layout: str):
    paths, expected = layout_tree(tmp_path, layout)
    outcome = grade_to_folder(paths, tmp_path / "out", bank=bank(), workers=1)
    with open(tmp_path / "out" / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["student"] for row in rows} == set(expected.values())
    assert len({row["student"] for row in rows}) == len(STUDENTS)
    assert sorted((row["student"], row["set"]) for row in rows) == sorted(
        (student, set_id) for student in expected.values() for set_id in _sets())
    assert not [p for p in outcome.collection.problems if p.code == "duplicate"]


def test_lms_names_give_the_lms_id_the_name_and_the_late_marker(tmp_path: Path):
    paths, _ = layout_tree(tmp_path, "canvas")
    by_student = {s.student: s for s in collect(paths).submissions}
    assert by_student["1001"].late and not by_student["1000"].late
    assert by_student["1000"].display_name == "annlee" and by_student["1000"].layout == "canvas"
    paths, _ = layout_tree(tmp_path / "m", "moodle-zip")
    moodle = {s.student: s for s in collect(paths).submissions}
    assert moodle["2002"].display_name == "Cy Lee" and moodle["2002"].lms_id == "2002"
    assert str(moodle["2002"].path).startswith(str(paths[0]))  # reported inside the zip


def test_a_student_named_like_a_set_is_still_a_student(tmp_path: Path):
    set_id = _sets()[0]
    _write(tmp_path / "class" / set_id / f"{set_id}.ipynb", set_id)
    _write(tmp_path / "class" / "ann" / f"{set_id}.ipynb", set_id)
    assert sorted(s.student for s in collect([tmp_path / "class"]).submissions) == sorted(["ann", set_id])


def test_an_nbgrader_course_folder_passed_whole_is_an_error_naming_the_files(tmp_path: Path):
    set_id = _sets()[0]
    course = tmp_path / "course"
    source = _write(course / "source" / set_id / f"{set_id}.ipynb", set_id)
    submitted = _write(course / "submitted" / "ann" / set_id / f"{set_id}.ipynb", set_id)
    with pytest.raises(AmbiguousLayout) as error:
        collect([course])
    assert str(source) in str(error.value) and str(submitted) in str(error.value)


def test_submitted_beside_autograded_is_an_error_not_a_merge(tmp_path: Path):
    set_id = _sets()[0]
    first = _write(tmp_path / "course" / "submitted" / "ann" / set_id / f"{set_id}.ipynb", set_id)
    second = _write(tmp_path / "course" / "autograded" / "ann" / set_id / f"{set_id}.ipynb", set_id)
    result = CliRunner().invoke(grade_command, [str(tmp_path / "course"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert str(first) in result.output and str(second) in result.output
    assert not (tmp_path / "out").exists()
    # Each folder on its own grades fine.
    assert len(collect([tmp_path / "course" / "autograded"]).submissions) == 1


def _zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, data in entries:
            handle.writestr(name, data)
    return path


def test_zip_entries_that_leave_the_folder_are_refused_and_nothing_is_written_outside(tmp_path: Path):
    set_id = _sets()[0]
    good = nbformat.writes(notebook(set_id)).encode("utf-8")
    link = zipfile.ZipInfo("ann/link.ipynb")
    link.external_attr = (0o120777 << 16)
    archive = _zip(tmp_path / "evil.zip", [
        (f"../../escaped/{set_id}.ipynb", good),
        (f"/tmp/absolute-{tmp_path.name}/{set_id}.ipynb", good),
        (f"C:/windows/{set_id}.ipynb", good),
        (f"ann\\..\\..\\{set_id}.ipynb", good),
        (link, b"/etc/passwd"),
        (f"bo/{set_id}.ipynb", good),
    ])
    collection = collect([archive])
    assert [s.student for s in collection.submissions] == ["bo"]
    codes = sorted(p.code for p in collection.problems)
    assert codes == ["symlink", "unsafe-path", "unsafe-path", "unsafe-path", "unsafe-path"]
    assert not (tmp_path.parent / "escaped").exists() and not Path(f"/tmp/absolute-{tmp_path.name}").exists()


def test_zip_bombs_are_refused_without_being_unpacked(tmp_path: Path):
    set_id = _sets()[0]
    good = nbformat.writes(notebook(set_id)).encode("utf-8")
    bomb = b"{" + b" " * 50_000_000 + b"}"  # 50 MB that deflate to about 50 kB
    archive = _zip(tmp_path / "bomb.zip", [(f"ann/{set_id}.ipynb", bomb), (f"bo/{set_id}.ipynb", good)])
    collection = collect([archive], max_bytes=100_000_000)
    assert [s.student for s in collection.submissions] == ["bo"]
    assert [p.code for p in collection.problems] == ["zip-bomb"]
    big = _zip(tmp_path / "big.zip", [(f"ann/{set_id}.ipynb", good * 3), (f"bo/{set_id}.ipynb", good)])
    collection = collect([big], max_bytes=len(good) + 10)
    assert [p.code for p in collection.problems] == ["too-large"]


def test_a_file_that_is_not_a_zip_is_reported(tmp_path: Path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    collection = collect([tmp_path / "broken.zip"])
    assert [p.code for p in collection.problems] == ["bad-archive"]


def test_reading_a_zip_leaves_no_temporary_files(tmp_path: Path, monkeypatch):
    paths, _ = layout_tree(tmp_path, "canvas-zip")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    assert len(collect(paths).submissions) == 6
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_single_file_passed_alone_keeps_its_student(tmp_path: Path, monkeypatch):
    set_id = _sets()[0]
    nbgrader = _write(tmp_path / "autograded" / "ann" / set_id / f"{set_id}.ipynb", set_id)
    plain = _write(tmp_path / "class" / "bo" / f"{set_id}.ipynb", set_id)
    assert [s.student for s in collect([nbgrader]).submissions] == ["ann"]
    assert [s.student for s in collect([plain]).submissions] == ["bo"]
    monkeypatch.chdir(plain.parent)
    [submission] = collect([Path(f"{set_id}.ipynb")]).submissions
    assert (submission.student, submission.path) == ("bo", Path(f"{set_id}.ipynb"))  # the path as given
