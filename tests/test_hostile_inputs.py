"""The cases of issue #13, one by one: each bad input is reported and the rest of the class is graded."""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from _grading_support import any_set_id, answer, bank, cell, first_item, notebook, save
from elysara.cli import main
from elysara.exercises.classroom.summary import summarize
from elysara.exercises.commands.terminal import terminal_safe
from elysara.exercises.grading.collect import collect
from elysara.exercises.grading.grader import MAX_ANSWER_CHARS, STATUS_NOT_GRADED, grade
from elysara.exercises.grading.overrides import OverridesError, check_against_bank, load_overrides
from elysara.exercises.notebooks.check import check


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """Two good students' notebooks for one set."""
    root = tmp_path / "class"
    for student in ("ann", "bob"):
        save(root, student, any_set_id(), notebook(any_set_id()))
    return root


def _graded(results, student: str) -> bool:
    return any(r.student == student and r.status != STATUS_NOT_GRADED for r in results)


def _raw(root: Path, student: str, text: str) -> Path:
    path = root / student / f"{any_set_id()}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("metadata", ['"a string"', "[1, 2]", "null", "3"])
def test_a_notebook_whose_metadata_is_not_a_mapping_is_reported_with_its_path(klass: Path, metadata: str):
    data = json.loads(json.dumps(notebook(any_set_id())))
    data["metadata"] = json.loads(metadata)
    path = _raw(klass, "zed", json.dumps(data))
    collection = collect([klass])
    results = grade(collection, bank())
    problem = next(p for p in collection.problems if p.path == path)
    assert problem.code == "invalid-notebook" and "metadata" in problem.reason
    assert _graded(results, "ann") and _graded(results, "bob")
    summarize(collection, results)  # the class summary too


def test_nan_and_infinity_are_not_json(klass: Path):
    text = json.dumps(json.loads(json.dumps(notebook(any_set_id())))).replace('"nbformat_minor": 5', '"nbformat_minor": NaN')
    path = _raw(klass, "nan", text)
    problem = next(p for p in collect([klass]).problems if p.path == path)
    assert problem.code == "not-json" and "NaN" in problem.reason


def test_string_nbgrader_metadata_is_a_warning_and_the_notebook_is_graded(klass: Path):
    nb = notebook(any_set_id())
    nb.cells[0].metadata["nbgrader"] = "not a mapping"
    save(klass, "cara", any_set_id(), nb)
    results = grade(collect([klass]), bank())
    cara = next(r for r in results if r.student == "cara")
    assert cara.status != STATUS_NOT_GRADED
    assert any(p.code == "malformed-metadata" and "cell 1" in p.reason for p in cara.problems)


def test_a_widget_state_with_a_field_of_the_wrong_type_does_not_stop_the_class(tmp_path: Path):
    set_id, item = next((s.id, i) for s in bank().sets.values() for i in s.items if i.uses_widget == "scales")
    root = tmp_path / "class"
    for student in ("ann", "bob"):
        save(root, student, set_id, notebook(set_id))
    nb = notebook(set_id)
    cell(nb, f"{item.id}-state").source = 'scales_state = {"widget": "scales", "version": 1, "lens": [], "weights": {}, "ratings": {}}\n'
    save(root, "lens", set_id, nb)
    collection = collect([root])
    results = grade(collection, bank())
    assert all(_graded(results, s) for s in ("ann", "bob", "lens"))
    lens = next(r for r in results if r.student == "lens")
    assert any("state" in note for i in lens.items for note in i.notes)
    summary = summarize(collection, results)
    assert summary.students == 3
    result = CliRunner().invoke(main, ["dashboard", str(root), "--out", str(tmp_path / "dash")])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["grade", str(root), "--out", str(tmp_path / "out"), "--compare-with-class"])
    assert result.exit_code == 0, result.output


def _collect_soon(paths: list[Path], seconds: float = 10.0):
    """collect() in a thread: a FIFO opened for reading would block it forever."""
    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("c", collect(paths)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert "c" in box, "collection hung"
    return box["c"]


def test_a_fifo_a_socket_and_a_folder_named_like_a_notebook_are_reported_and_skipped(klass: Path):
    odd = klass / "odd"
    odd.mkdir()
    os.mkfifo(odd / "fifo.ipynb")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(odd / "socket.ipynb"))
    except OSError:
        pytest.skip("cannot bind a UNIX socket here")
    (klass / "folder.ipynb").mkdir()
    (klass / "folder.ipynb" / "inside.ipynb").write_text("{}")
    try:
        collection = _collect_soon([klass])
    finally:
        server.close()
    reasons = {Path(p.path).name: p for p in collection.problems}
    assert reasons["fifo.ipynb"].code == "not-a-file" and "FIFO" in reasons["fifo.ipynb"].reason
    assert reasons["socket.ipynb"].code == "not-a-file" and "socket" in reasons["socket.ipynb"].reason
    assert reasons["folder.ipynb"].code == "not-a-file" and "inside.ipynb" not in reasons
    assert {s.student for s in collection.submissions} == {"ann", "bob"}
    # Named on the command line, a FIFO is reported too, never opened.
    direct = _collect_soon([odd / "fifo.ipynb"])
    assert direct.problems[0].code == "not-a-file"


def test_a_device_named_like_a_notebook_is_skipped(tmp_path: Path):
    path = tmp_path / "s" / "dev.ipynb"
    path.parent.mkdir()
    try:
        os.mknod(path, 0o600 | 0o020000, os.makedev(1, 3))  # a character device, as /dev/null
    except (PermissionError, OSError):
        pytest.skip("this system does not let the tests create a device node")
    problem = _collect_soon([tmp_path]).problems[0]
    assert problem.code == "not-a-file" and "device" in problem.reason


@pytest.mark.parametrize("level, message", [("nan", "not a number"), ("inf", "not a number"), ("-1", "not a number")])
def test_override_points_must_be_finite(tmp_path: Path, level: str, message: str):
    set_id, item = first_item("multiple_choice")
    path = tmp_path / "o.csv"
    path.write_text(f"student,set,item,criterion,level\nann,{set_id},{item.id},,{level}\n")
    with pytest.raises(OverridesError, match=message):
        load_overrides(path)


def test_override_points_above_the_item_and_unknown_levels_are_refused(tmp_path: Path):
    set_id, item = first_item("multiple_choice")
    prose_set, prose = next((s.id, i) for s in bank().sets.values() for i in s.items if i.prose)
    criterion = prose.rubric.criteria[0]
    path = tmp_path / "o.csv"
    path.write_text("student,set,item,criterion,level\n"
                    f"ann,{set_id},{item.id},,{item.points + 1}\n"
                    f"ann,{prose_set},{prose.id},{criterion.id},strong\n")
    overrides = load_overrides(path)
    with pytest.raises(OverridesError) as error:
        check_against_bank(overrides, bank(), path)
    assert "row 1" in str(error.value) and f"from 0 to {item.points:g}" in str(error.value)
    assert "row 2" not in str(error.value)
    result = CliRunner().invoke(main, ["grade", str(tmp_path), "--out", str(tmp_path / "out"), "--overrides", str(path)])
    assert result.exit_code == 3 and not (tmp_path / "out").exists()


def test_a_huge_answer_is_capped_before_evidence_is_gathered(tmp_path: Path):
    set_id, item = next((s.id, i) for s in bank().sets.values() for i in s.items if i.prose and i.type != "argument_reconstruction")
    nb = answer(notebook(set_id), item.id, '"Choose peace, wanderer." ' * 200_000)  # about 5 MB of near-misses
    save(tmp_path, "long", set_id, nb)
    result = grade(collect([tmp_path]), bank())[0]
    assert result.status != STATUS_NOT_GRADED
    assert any(p.code == "long-answer" and f"{MAX_ANSWER_CHARS:,}" in p.reason for p in result.problems)
    graded = next(i for i in result.items if i.item_id == item.id)
    assert len(graded.answer) == MAX_ANSWER_CHARS


def test_an_unexpected_error_in_one_submission_is_reported_and_the_class_is_graded(klass: Path, monkeypatch):
    import elysara.exercises.grading.grader as grader

    original = grader._Grader.run

    def fragile(self):
        if self.submission.student == "bob":
            raise ZeroDivisionError("a bug that only bob's notebook reaches")
        return original(self)

    monkeypatch.setattr(grader._Grader, "run", fragile)
    results = grade(collect([klass]), bank())
    bob = next(r for r in results if r.student == "bob")
    assert bob.status == STATUS_NOT_GRADED
    problem = bob.problems[-1]
    assert problem.reader == "grader" and "ZeroDivisionError" in problem.reason and problem.path == bob.path
    assert problem.as_dict()["reader"] == "grader"
    assert _graded(results, "ann")


def test_an_unexpected_error_in_the_class_summary_leaves_one_student_out(klass: Path, monkeypatch):
    import elysara.exercises.classroom.summary as summary_module

    original = summary_module.student_choices

    def fragile(submissions):
        submissions = list(submissions)
        if submissions[0].student == "bob":
            raise TypeError("unhashable type: 'list'")
        return original(submissions)

    monkeypatch.setattr(summary_module, "student_choices", fragile)
    collection = collect([klass])
    summary = summarize(collection, grade(collection, bank()))
    assert summary.students == 1
    assert any(p.reader == "class summary" and "TypeError" in p.reason for p in summary.problems)


def test_check_reports_instead_of_raising(tmp_path: Path, monkeypatch):
    import elysara.exercises.notebooks.check as check_module

    path = save(tmp_path, "s", any_set_id(), notebook(any_set_id()))
    monkeypatch.setattr(check_module, "check_notebook", lambda nb, s: 1 / 0)
    with contextlib.redirect_stdout(io.StringIO()) as out:
        check(path, bank=bank())
    assert "could not finish reading" in out.getvalue()
    path.write_text('{"nbformat": 4, "nbformat_minor": 5, "metadata": "x", "cells": []}')
    with contextlib.redirect_stdout(io.StringIO()) as out:
        check(path, bank=bank())
    assert "could not read" in out.getvalue() and "metadata" in out.getvalue()


def test_file_names_with_terminal_escapes_are_printed_escaped(tmp_path: Path):
    root = tmp_path / "class"
    evil = "\x1b[2J\x1b[31mmallory\u202e"
    _raw(root, evil, "not json")
    result = CliRunner().invoke(main, ["grade", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "\\x1b[2J" in result.stderr
    assert terminal_safe("line\nforged") == "line\\nforged"
