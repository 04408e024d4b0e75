"""`elysara sample-class`: a made-up class an instructor can grade and chart before a real one."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from elysara.cli import main
from elysara.exercises.bank.loading import load_bank
from elysara.exercises.classroom.sample_class import STATE_MAKERS, write_sample_class
from elysara.exercises.grading.collect import collect


def test_the_command_writes_every_set_for_every_student_and_grade_reads_them(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["sample-class", str(tmp_path / "class"), "--students", "6"])
    assert result.exit_code == 0, result.output
    sets = sorted(load_bank().sets)
    assert sorted(p.name for p in (tmp_path / "class/student-000").iterdir()) == [f"{s}.ipynb" for s in sets]

    graded = runner.invoke(main, ["grade", str(tmp_path / "class"), "--out", str(tmp_path / "grades")])
    # Tampered notebooks are reported but still graded, so every input is graded: exit 0.
    assert graded.exit_code == 0, graded.output
    with open(tmp_path / "grades/gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["student"], r["set"]) for r in rows} == {(f"student-{n:03d}", s) for n in range(6) for s in sets}
    assert all(r["status"] in {"graded", "provisional"} and r["total"] != "" for r in rows)
    report = json.loads((tmp_path / "grades/report.json").read_text())
    assert report["summary"]["inputs"] == 6 * len(sets)
    assert len(report["submissions"]) == 6 * len(sets)


def test_the_same_seed_gives_the_same_class_and_another_seed_another(tmp_path):
    first = write_sample_class(tmp_path / "a", 3, seed=1)
    again = write_sample_class(tmp_path / "b", 3, seed=1)
    other = write_sample_class(tmp_path / "c", 3, seed=2)
    read = lambda paths: [p.read_text() for p in paths]  # noqa: E731
    assert read(first) == read(again)
    assert read(first) != read(other)


def test_widget_states_in_the_class_are_valid_for_each_widgets_own_model(tmp_path):
    import random

    from elysara.widgets import reversal, scales, tension

    readers = {"scales": scales.state_from_dict, "tension": tension.state_from_dict, "reversal": reversal.state_from_dict}
    assert set(STATE_MAKERS) == set(readers)
    rng = random.Random(7)
    for widget, make in STATE_MAKERS.items():
        for _ in range(20):
            state = make(rng)
            assert state["widget"] == widget
            assert readers[widget](state).to_dict() == state  # read back unchanged; raises ValueError if invalid


def test_a_class_is_never_written_over_existing_files(tmp_path):
    (tmp_path / "class").mkdir()
    (tmp_path / "class/keep.txt").write_text("mine")
    result = CliRunner().invoke(main, ["sample-class", str(tmp_path / "class")])
    assert result.exit_code != 0
    assert "not empty" in result.output
    assert [p.name for p in (tmp_path / "class").iterdir()] == ["keep.txt"]


def test_collect_finds_every_made_up_submission(tmp_path):
    paths = write_sample_class(tmp_path, 4)
    collection = collect([tmp_path])
    assert collection.problems == []
    assert sorted(s.path for s in collection.submissions) == sorted(paths)
    assert {s.student for s in collection.submissions} == {f"student-{n:03d}" for n in range(4)}
