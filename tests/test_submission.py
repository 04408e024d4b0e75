"""Collecting submissions: both layouts, and every bad input reported without stopping the others."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from _grading_support import any_set_id, bank, notebook, save
from elysara.exercises.grading.grader import STATUS_NOT_GRADED, grade
from elysara.exercises.grading.collect import collect, sanitize_student_id


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A class folder with one well-formed submission, from alice."""
    save(tmp_path / "class", "alice", any_set_id(), notebook(any_set_id()))
    return tmp_path / "class"


def _students(collection) -> set[str]:
    """Students whose submissions were collected AND then graded."""
    collected = {s.student for s in collection.submissions}
    graded = {r.student for r in grade(collection, bank()) if r.status != STATUS_NOT_GRADED}
    assert graded == collected
    return graded


def test_both_layouts_give_student_and_set(tmp_path: Path):
    set_id = any_set_id()
    save(tmp_path / "flat", "alice", set_id, notebook(set_id))
    nbgrader_path = tmp_path / "course" / "submitted" / "bob" / set_id / f"{set_id}.ipynb"
    nbgrader_path.parent.mkdir(parents=True)
    nbgrader_path.write_text(nbformat.writes(notebook(set_id)), encoding="utf-8")

    collection = collect([tmp_path / "flat", tmp_path / "course"])

    assert collection.problems == []
    assert sorted((s.student, s.set_id) for s in collection.submissions) == [("alice", set_id), ("bob", set_id)]


def test_a_single_file_argument_is_collected(good: Path):
    path = good / "alice" / f"{any_set_id()}.ipynb"
    collection = collect([path])
    assert [(s.student, s.path) for s in collection.submissions] == [("alice", path)]


def test_editor_checkpoints_and_macos_zip_debris_are_not_submissions(good: Path):
    save(good / "alice" / ".ipynb_checkpoints", "x", any_set_id(), notebook(any_set_id()))
    (good / "__MACOSX" / "alice").mkdir(parents=True)
    (good / "__MACOSX" / "alice" / f"._{any_set_id()}.ipynb").write_bytes(b"\x00\x05\x16\x07binary")
    (good / "alice" / f"._{any_set_id()}.ipynb").write_bytes(b"\x00\x05\x16\x07binary")
    collection = collect([good])
    assert len(collection.submissions) == 1 and collection.problems == []


def _v3_notebook() -> str:
    return json.dumps({"metadata": {}, "nbformat": 3, "nbformat_minor": 0,
                       "worksheets": [{"cells": [], "metadata": {}}]})


BAD_INPUTS = {
    # name: (bytes of the file, a phrase the reason must contain, code)
    "not-json": (b"this is not JSON {", "not JSON", "not-json"),
    "json-not-notebook": (b'{"hello": "world"}', "not a Jupyter notebook", "not-notebook"),
    "json-list": (b"[1, 2, 3]", "not a Jupyter notebook", "not-notebook"),
    "old-nbformat": (_v3_notebook().encode(), "nbformat 3", "old-format"),
    "latin-1": ('{"cells": [], "note": "caf\u00e9"}'.encode("latin-1"), "not UTF-8", "encoding"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_a_bad_file_is_reported_and_the_others_still_collected(good: Path, name: str):
    data, phrase, code = BAD_INPUTS[name]
    bad = good / "mallory" / f"{any_set_id()}.ipynb"
    bad.parent.mkdir()
    bad.write_bytes(data)

    collection = collect([good])

    assert _students(collection) == {"alice"}
    [problem] = collection.problems
    assert problem.path == bad and problem.student == "mallory" and problem.code == code
    assert phrase in problem.reason


def test_a_file_over_the_size_limit_is_reported_not_read(good: Path):
    padded = notebook(any_set_id())
    padded.metadata["padding"] = "x" * 5000
    big = save(good, "bigfoot", any_set_id(), padded)
    limit = big.stat().st_size - 1
    assert (good / "alice" / f"{any_set_id()}.ipynb").stat().st_size <= limit
    collection = collect([good], max_bytes=limit)
    assert _students(collection) == {"alice"}
    [problem] = collection.problems
    assert problem.code == "too-large" and f"{limit:,}" in problem.reason and problem.path == big


def test_default_size_limit_is_twenty_megabytes(good: Path):
    padded = notebook(any_set_id())
    padded.metadata["padding"] = "x" * 20_000_001
    save(good, "huge", any_set_id(), padded)
    collection = collect([good])
    assert _students(collection) == {"alice"}
    assert [p.code for p in collection.problems] == ["too-large"]


def test_symlinks_are_reported_and_not_followed(good: Path, tmp_path: Path):
    outside = tmp_path / "outside"
    save(outside, "secret", any_set_id(), notebook(any_set_id()))
    (good / "linked-folder").symlink_to(outside / "secret", target_is_directory=True)
    (good / "carol").mkdir()
    (good / "carol" / f"{any_set_id()}.ipynb").symlink_to(outside / "secret" / f"{any_set_id()}.ipynb")

    collection = collect([good])

    assert _students(collection) == {"alice"}
    assert sorted(p.path.name for p in collection.problems) == sorted(["linked-folder", f"{any_set_id()}.ipynb"])
    assert all(p.code == "symlink" and "not followed" in p.reason for p in collection.problems)


def test_a_symlink_given_on_the_command_line_is_not_followed(good: Path, tmp_path: Path):
    link = tmp_path / "link"
    link.symlink_to(good, target_is_directory=True)
    collection = collect([link, good])
    assert _students(collection) == {"alice"}
    assert [p.code for p in collection.problems] == ["symlink"]


def test_two_submissions_for_one_student_and_set_keep_the_newest(tmp_path: Path):
    set_id = any_set_id()
    older = save(tmp_path / "batch1", "alice", set_id, notebook(set_id))
    newer = save(tmp_path / "batch2", "alice", set_id, notebook(set_id))
    os.utime(older, (1_600_000_000, 1_600_000_000))
    os.utime(newer, (1_700_000_000, 1_700_000_000))
    save(tmp_path / "batch1", "bob", set_id, notebook(set_id))

    collection = collect([tmp_path / "batch2", tmp_path / "batch1"])

    assert sorted((s.student, s.path) for s in collection.submissions) == [("alice", newer), ("bob", tmp_path / "batch1" / "bob" / f"{set_id}.ipynb")]
    [problem] = collection.problems
    assert problem.code == "duplicate" and problem.path == older and str(newer) in problem.reason


def test_a_missing_path_is_reported(good: Path, tmp_path: Path):
    collection = collect([tmp_path / "nope", good])
    assert _students(collection) == {"alice"}
    assert [(p.code, p.reason) for p in collection.problems] == [("missing", "no such file or folder")]


@pytest.mark.parametrize("name", ["..", ".", "../../etc", "a/b", "..\\..\\windows", ".hidden", "-rf", "=cmd()", "", "x" * 300])
def test_sanitized_ids_are_one_safe_path_component(name: str):
    sid = sanitize_student_id(name)
    assert sid and "/" not in sid and "\\" not in sid
    assert not sid.startswith((".", "-", "="))
    assert sid not in {".", ".."} and len(sid) <= 80


def test_sanitizing_keeps_ordinary_ids_and_never_merges_two_names():
    assert sanitize_student_id("alice_smith-2") == "alice_smith-2"
    assert sanitize_student_id("José") == "José"
    assert sanitize_student_id("ann lee") != sanitize_student_id("ann_lee")
    assert sanitize_student_id("a?b") != sanitize_student_id("a*b")


def test_collecting_never_modifies_the_files(good: Path):
    path = good / "alice" / f"{any_set_id()}.ipynb"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    collect([good])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
