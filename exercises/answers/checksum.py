"""nbgrader's cell checksum, computed without importing nbgrader.

nbgrader stores an MD5 checksum in each graded, solution or locked cell's
metadata so it can tell whether a student changed the cell. Computing it
exactly as ``nbgrader.utils.compute_checksum`` does keeps our released
notebooks usable in nbgrader; nbgrader itself is only a test dependency
(the tests compare the two on every cell).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any


def _flags(cell: Mapping[str, Any]) -> tuple[bool, bool, bool]:
    """(grade, solution, locked) as nbgrader's is_grade, is_solution and is_locked read them."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    grade = bool(meta.get("grade", False))
    solution = bool(meta.get("solution", False))
    # nbgrader: a solution cell is never locked; a grade cell always is.
    locked = False if solution else (True if grade else bool(meta.get("locked", False)))
    return grade, solution, locked


def compute_checksum(cell: Mapping[str, Any]) -> str:
    """The checksum nbgrader would compute for ``cell`` (a notebook cell dict)."""
    meta = cell["metadata"]["nbgrader"]
    grade, solution, locked = _flags(cell)
    source = cell["source"]
    if isinstance(source, list):  # nbformat allows a list of lines on disk
        source = "".join(source)
    digest = hashlib.md5()
    for part in (source, cell["cell_type"], str(grade), str(solution), str(locked), meta["grade_id"]):
        digest.update(part.encode("utf-8"))
    if grade:
        digest.update(str(float(meta["points"])).encode("utf-8"))
    return digest.hexdigest()
