"""Outputs people can open: the user's umask decides file modes, and no CSV cell starts a formula."""

from __future__ import annotations

import csv
import os
import stat
import zipfile
from pathlib import Path

import nbformat
import pytest

from _grading_support import bank, notebook
from elysara.atomic import write_text
from elysara.exercises.grading.csvcells import FORMULA_STARTS, neutralise
from elysara.exercises.grading.lms import load_roster
from elysara.exercises.grading.overrides import Override
from elysara.exercises.grading.run import grade_to_folder
from elysara.exercises.notebooks.nbgrader_course import write_course
from elysara.exercises.notebooks.release import release_notebooks


@pytest.fixture
def umask():
    """Set the process umask for one test, and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_every_output_gets_the_mode_the_umask_gives(tmp_path: Path, umask, mask: int, mode: int):
    umask(mask)
    release_notebooks(tmp_path / "released", bank=bank())
    write_course(tmp_path / "course", bank=bank())
    set_id = next(iter(bank().sets))
    submission = tmp_path / "class" / "ann" / f"{set_id}.ipynb"
    submission.parent.mkdir(parents=True)
    submission.write_text(nbformat.writes(notebook(set_id)), encoding="utf-8")
    grade_to_folder([tmp_path / "class"], tmp_path / "grades", bank=bank(), workers=1, lms=["canvas", "moodle"],
                    roster=None)
    modes = {**_modes(tmp_path / "released"), **_modes(tmp_path / "course"), **_modes(tmp_path / "grades")}
    assert len(modes) > 8 and any(name.endswith(".html") for name in modes)
    assert set(modes.values()) == {mode}, modes
    assert not list(tmp_path.rglob("*.tmp"))  # still written atomically: no temporary left


def test_a_replaced_file_keeps_no_stale_mode(tmp_path: Path, umask):
    umask(0o077)
    path = write_text(tmp_path / "x.csv", "a\n")
    umask(0o022)
    write_text(path, "b\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644 and path.read_text() == "b\n"


@pytest.mark.parametrize("value", ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_every_formula_start(value: str):
    assert neutralise(value) == "'" + value
    assert neutralise("ann") == "ann" and neutralise(2.5) == "2.5"


NASTY = ['=HYPERLINK("evil.example","x")', "+cmd", "-2+3", "@SUM(1)"]


def test_no_cell_of_any_csv_the_grader_writes_starts_a_formula(tmp_path: Path):
    sets = list(bank().sets)
    text = nbformat.writes(notebook(sets[0])).encode("utf-8")
    klass = tmp_path / "class"
    # File names, folder names, set names and LMS names that are formulas.
    for index, nasty in enumerate(NASTY):
        (klass / f"s{index}").mkdir(parents=True)
        (klass / f"s{index}" / f"{nasty}.ipynb").write_bytes(b"not json")  # a "not graded" row names the file's set
        (klass / nasty).mkdir(exist_ok=True)
        (klass / nasty / f"{sets[0]}.ipynb").write_bytes(text)
    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for index, nasty in enumerate(NASTY):
            handle.writestr(f"{nasty}_{800 + index}_assignsubmission_file_{sets[0]}.ipynb", text)
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,lms_id,sis_user_id,sis_login_id,section\n" + "".join(
        f"s{i},\"{n.replace(chr(34), chr(34) * 2)}\",{i},{n[:2]},{n[:3]},{n[:4]}\n" for i, n in enumerate(NASTY)
    ), encoding="utf-8")
    items = [item for item in bank().sets[sets[0]].items if item.prose]
    overrides = [Override("800", sets[0], items[0].id, items[0].rubric.criteria[0].id, "strong", nasty) for nasty in NASTY[:1]]
    grade_to_folder([klass, archive], tmp_path / "grades", bank=bank(), workers=1, lms=["canvas", "moodle"],
                    roster=load_roster(roster), overrides=overrides)
    written = sorted((tmp_path / "grades").glob("*.csv"))
    assert {p.name for p in written} >= {"gradebook.csv", "items.csv", "suggested-levels.csv", "canvas-import.csv",
                                         f"moodle-{sets[0]}.csv"}
    cells = 0
    seen_neutralised = 0
    for path in written:
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    cells += 1
                    assert not cell.startswith(FORMULA_STARTS), (path.name, cell)
                    seen_neutralised += cell.startswith("'")
    assert cells > 100 and seen_neutralised >= len(NASTY)  # the nasty names were there, made inert
