"""Helpers shared by the grader's tests: notebooks made with the release code, in tmp_path."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import nbformat

from elysara.exercises.bank.loading import Bank, load_bank
from elysara.exercises.notebooks.build import build_notebook


@cache
def bank() -> Bank:
    """The shipped bank, loaded once per test session."""
    return load_bank()


def first_item(item_type: str) -> tuple[str, Any]:
    """(set id, item) of the bank's first item of a type."""
    for exercise_set in bank().sets.values():
        for item in exercise_set.items:
            if item.type == item_type:
                return exercise_set.id, item
    raise LookupError(f"the bank has no {item_type} item")


def any_set_id() -> str:
    return next(iter(bank().sets))


def notebook(set_id: str, *, solutions: bool = False) -> nbformat.NotebookNode:
    """A fresh released notebook (student or solutions) for a set."""
    return build_notebook(bank().sets[set_id], solutions=solutions)


def cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    """The cell of a notebook with this grade_id."""
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return c
    raise LookupError(grade_id)


def answer(nb: nbformat.NotebookNode, item_id: str, source: str) -> nbformat.NotebookNode:
    """Set an answer cell's source, as a student would by typing."""
    cell(nb, item_id).source = source
    return nb


def save(root: Path, student: str, set_id: str, nb: nbformat.NotebookNode | dict) -> Path:
    """Write ``root/<student>/<set-id>.ipynb``; returns the path."""
    path = root / student / f"{set_id}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = nbformat.writes(nb) if isinstance(nb, nbformat.NotebookNode) else json.dumps(nb)
    path.write_text(text, encoding="utf-8")
    return path


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (to prove originals are unchanged)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()
    }
