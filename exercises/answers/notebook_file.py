"""Read one submitted file as a notebook: check it is a regular file, parse, validate, type every field.

This is the one gate between a file a student handed in and the grader, the
class summary and ``check()``. What comes out is either a
:class:`ReadNotebook` whose every field the rest of the code reads has the
type it expects, or a code and a reason saying why the file is not a
notebook. Nothing here raises for bad input.

The steps, each reported with its own ``code``:

1. ``not-a-file``: only regular files are opened (a FIFO would block, a
   device could be endless, a folder named ``x.ipynb`` is not a notebook);
   the file is opened without following links and without blocking.
2. ``too-large``, ``unreadable``, ``encoding``, ``not-json``: the bytes.
   ``NaN`` and ``Infinity`` are not JSON and are refused; JSON nested deeper
   than Python can parse is refused.
3. ``not-notebook``, ``old-format``, ``invalid-notebook``: nbformat's own
   JSON schema for the notebook's format version, compiled with
   ``fastjsonschema`` (the same schema Jupyter validates with).
4. Typed fields (:func:`typed_metadata`): the schema leaves cell metadata
   open, so the fields the grader reads (nbgrader's ``grade_id``,
   ``points``, ``grade``, ``solution``, ``locked``, ``checksum`` and
   Elysara's ``set_id``) are checked one by one. A field of the wrong type
   is dropped (a ``checksum`` becomes one that matches nothing, so the
   cell is treated as changed) and reported as a warning: the submission is
   still graded. Lone surrogates (``"\\ud800"``, which no UTF-8 file can
   hold) become U+FFFD, also with a warning. Duplicate cell ids are reported;
   the grader never uses them.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat

__all__ = ["MAX_NESTING", "ReadNotebook", "read_notebook_file", "typed_metadata", "validate_notebook"]

#: The reader's name in problems (which part of the grader gave up on a file).
READER = "notebook file"
#: JSON deeper than this is refused before parsing (a notebook is about 8 levels deep).
MAX_NESTING = 200
_NBGRADER_TYPES: dict[str, tuple[type, ...]] = {
    "grade_id": (str,),
    "grade": (bool,),
    "solution": (bool,),
    "locked": (bool,),
    "checksum": (str,),
    "task": (bool,),
    "schema_version": (int,),
}


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class ReadNotebook:
    """The outcome of reading one file: a notebook, or why there is none, plus warnings."""

    notebook: nbformat.NotebookNode | None = None
    code: str = ""
    reason: str = ""
    warnings: list[tuple[str, str]] = field(default_factory=list)  #: (code, reason): read, but worth telling


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _open_regular(path: Path, max_bytes: int) -> tuple[bytes | None, str, str]:
    """The bytes of ``path`` if it is a regular file within ``max_bytes``; else (None, code, reason)."""
    try:
        info = path.lstat()
    except OSError as error:
        return None, "unreadable", f"cannot be read: {error.strerror or error}"
    kind = _kind(info.st_mode)
    if kind != "file":
        return None, "not-a-file", f"a {kind}, not a notebook file: skipped"
    if info.st_size > max_bytes:
        return None, "too-large", (
            f"{info.st_size:,} bytes, over the limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes if the notebook is genuine)"
        )
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return None, "unreadable", f"cannot be read: {error.strerror or error}"
    try:
        # Re-check what was opened: the name may have been swapped for a FIFO since lstat.
        if _kind(os.fstat(descriptor).st_mode) != "file":
            return None, "not-a-file", "not a regular file when opened: skipped"
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        return None, "unreadable", f"cannot be read: {error.strerror or error}"
    finally:
        os.close(descriptor)
    if len(raw) > max_bytes:
        return None, "too-large", f"over the limit of {max_bytes:,} bytes (it grew while being read)"
    return raw, "", ""


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISREG, "file"), (stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "named pipe (FIFO)"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISLNK, "symbolic link")):
        if test(mode):
            return name
    return "special file"


def _too_deep(source: str) -> bool:
    """Whether brackets nest deeper than :data:`MAX_NESTING` (strings may contain brackets: this over-counts, safely)."""
    if source.count("[") + source.count("{") < MAX_NESTING:
        return False
    depth = 0
    in_string = escaped = False
    for ch in source:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return True
        elif ch in "]}":
            depth -= 1
    return False


@lru_cache(maxsize=None)
def _validator(minor: int) -> Any:
    return nbformat.validator.get_validator(version=4, version_minor=minor, name="fastjsonschema")


def validate_notebook(data: Any) -> tuple[str, str]:
    """Check parsed JSON against nbformat's schema; ("", "") when valid, else (code, reason)."""
    if not isinstance(data, dict) or "nbformat" not in data:
        return "not-notebook", "JSON, but not a Jupyter notebook (no 'nbformat' field)"
    version, minor = data.get("nbformat"), data.get("nbformat_minor")
    if type(version) is int and version < 4:
        return "old-format", (
            f"an old notebook format (nbformat {version}); open and save it in a current "
            "Jupyter, or run `jupyter nbconvert --to notebook --nbformat 4` on it"
        )
    if version != 4 or type(version) is not int or type(minor) is not int or minor < 0:
        return "not-notebook", (
            f"JSON, but not a Jupyter notebook of format 4 (nbformat {_short(version)}, "
            f"nbformat_minor {_short(minor)})"
        )
    try:
        validator = _validator(min(minor, _newest_minor()))
    except Exception as error:  # nbformat has no schema for this version
        return "not-notebook", f"no schema for notebook format 4.{minor}: {error}"
    try:
        validator.validate(data)
    except nbformat.ValidationError as error:
        return "invalid-notebook", f"not a valid Jupyter notebook (format 4.{minor}): {_short(str(error), 200)}"
    except (RecursionError, ValueError, TypeError) as error:
        return "invalid-notebook", f"not a valid Jupyter notebook: {type(error).__name__}"
    return "", ""


@lru_cache(maxsize=1)
def _newest_minor() -> int:
    return nbformat.v4.nbformat_minor


def _short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean_strings(value: Any, found: list[int]) -> Any:
    """``value`` with lone surrogates replaced by U+FFFD (counted in ``found``)."""
    if isinstance(value, str):
        cleaned = _LONE_SURROGATE.sub("\ufffd", value) if _has_surrogate(value) else value
        if cleaned != value:
            found[0] += 1
        return cleaned
    if isinstance(value, list):
        return [_clean_strings(v, found) for v in value]
    if isinstance(value, dict):
        return {_clean_strings(k, found): _clean_strings(v, found) for k, v in value.items()}
    return value


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def typed_metadata(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Make every metadata field the grader reads have its type, in place; return warnings.

    ``data`` is a notebook that passed :func:`validate_notebook`.
    """
    warnings: list[tuple[str, str]] = []
    meta = data["metadata"]
    elysara = meta.get("elysara")
    if elysara is not None and not (isinstance(elysara, dict) and isinstance(elysara.get("set_id", ""), str)):
        del meta["elysara"]
        warnings.append(("malformed-metadata", "the notebook's 'elysara' metadata is malformed; ignored"))
    ids: dict[str, int] = {}
    for index, cell in enumerate(data["cells"], start=1):
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
        cell_id = cell.get("id")
        if isinstance(cell_id, str):
            ids[cell_id] = ids.get(cell_id, 0) + 1
        nbgrader = cell["metadata"].get("nbgrader")
        if nbgrader is None:
            continue
        if not isinstance(nbgrader, dict):
            del cell["metadata"]["nbgrader"]
            warnings.append(("malformed-metadata", f"cell {index}: its nbgrader metadata is a "
                                                   f"{type(nbgrader).__name__}, not a mapping; ignored"))
            continue
        for key, types in _NBGRADER_TYPES.items():
            if key in nbgrader and not (type(nbgrader[key]) in types):
                bad = nbgrader.pop(key)
                if key == "checksum":
                    nbgrader[key] = ""  # matches no cell: the cell counts as changed
                warnings.append(("malformed-metadata", f"cell {index}: nbgrader {key!r} is {_short(repr(bad), 40)}, "
                                                       f"not {types[0].__name__}; ignored"))
        if "points" in nbgrader:
            points = nbgrader["points"]
            if type(points) not in (int, float) or not math.isfinite(points):
                nbgrader.pop("points")
                warnings.append(("malformed-metadata", f"cell {index}: nbgrader 'points' is {_short(repr(points), 40)}, "
                                                       "not a finite number; ignored"))
    repeated = sorted(cell_id for cell_id, n in ids.items() if n > 1)
    if repeated:
        warnings.append(("duplicate-cell-id", f"{len(repeated)} cell id(s) used more than once "
                                              f"({', '.join(_short(i, 20) for i in repeated[:3])}); not used for grading"))
    return warnings


def _node(data: dict[str, Any]) -> nbformat.NotebookNode:
    """A NotebookNode without nbformat's deep conversion: notebook, metadata, cells and their
    metadata allow attribute access (``cell.metadata.nbgrader``); outputs stay plain dicts."""
    def wrap(value: dict[str, Any]) -> nbformat.NotebookNode:
        node = nbformat.NotebookNode()
        dict.update(node, value)  # bypasses NotebookNode.__setitem__, which converts deeply
        return node

    node = wrap(data)
    dict.__setitem__(node, "metadata", wrap(data["metadata"]))
    cells = []
    for raw in data["cells"]:
        cell = wrap(raw)
        metadata = wrap(raw["metadata"])
        if isinstance(metadata.get("nbgrader"), dict):
            dict.__setitem__(metadata, "nbgrader", wrap(metadata["nbgrader"]))
        dict.__setitem__(cell, "metadata", metadata)
        cells.append(cell)
    dict.__setitem__(node, "cells", cells)
    return node


def read_notebook_file(path: Path, max_bytes: int, shared: dict[str, str] | None = None) -> ReadNotebook:
    """Read, validate and type one notebook file; never raises for bad input.

    ``shared`` (one dict for a whole class) keeps one copy of each cell source
    that many notebooks repeat (every locked prompt), so a class of 10,000
    notebooks holds each prompt once.
    """
    raw, code, reason = _open_regular(path, max_bytes)
    if raw is None:
        return ReadNotebook(code=code, reason=reason)
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return ReadNotebook(code="encoding", reason=(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "Jupyter saves notebooks as UTF-8: re-save it from Jupyter"))
    if _too_deep(source):
        return ReadNotebook(code="not-json", reason=f"JSON nested more than {MAX_NESTING} levels deep: not a notebook")
    try:
        data = json.loads(source, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        return ReadNotebook(code="not-json", reason=f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})")
    except (ValueError, RecursionError) as error:
        return ReadNotebook(code="not-json", reason=f"not JSON ({error})" if isinstance(error, ValueError)
                            else "not JSON (nested too deeply)")
    code, reason = validate_notebook(data)
    if code:
        return ReadNotebook(code=code, reason=reason)
    warnings: list[tuple[str, str]] = []
    found = [0]
    if _SURROGATE_ESCAPE.search(source):  # only a surrogate escape in the JSON can put one in a str
        data = _clean_strings(data, found)
    if found[0]:
        warnings.append(("lone-surrogate", f"{found[0]} text field(s) held lone surrogates (not valid Unicode); "
                                           "replaced by \ufffd"))
    warnings.extend(typed_metadata(data))
    if shared is not None:
        for cell in data["cells"]:
            cell["source"] = shared.setdefault(cell["source"], cell["source"])
    return ReadNotebook(notebook=_node(data), warnings=warnings)
