"""exercises/ is arranged in rooms whose imports point one way (exercises/__init__.py).

A room may import the rooms above it in ROOMS, never one below: that keeps
each concern in one place and lets a newcomer read the package from the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

EXERCISES = Path(__file__).resolve().parents[1] / "exercises"
ROOMS = ("bank", "answers", "notebooks", "grading", "classroom", "commands")


def _imported_rooms(path: Path) -> set[str]:
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["elysara", "exercises"] and len(parts) > 2 and parts[2] in ROOMS:
                rooms.add(parts[2])
    return rooms


@pytest.mark.parametrize("room", ROOMS)
def test_a_room_imports_only_the_rooms_above_it(room):
    allowed = set(ROOMS[: ROOMS.index(room) + 1])
    for path in sorted((EXERCISES / room).rglob("*.py")):
        wrong = _imported_rooms(path) - allowed
        assert not wrong, f"{path.relative_to(EXERCISES)} imports {sorted(wrong)}, below {room!r} in {ROOMS}"


def test_every_module_lives_in_a_room():
    loose = sorted(p.name for p in EXERCISES.glob("*.py") if p.name not in ("__init__.py", "check.py"))
    assert not loose, f"modules outside any room: {loose}"
