"""Read a student's answers from notebook cells by parsing, never by executing.

An objective answer cell holds ``answer = "B"``; a widget cell holds
``scales_state = {...}``. The value is read with :func:`ast.parse` and
:func:`ast.literal_eval`, so a cell such as ``answer = open("x", "w")`` is
reported as unreadable and nothing in it runs.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Read", "read_assigned"]


@dataclass(frozen=True)
class Read:
    """The outcome of reading one assigned value.

    ``error`` is None when the value was read (``value`` may still be None:
    the student left ``answer = None``); otherwise it says why not.
    """

    value: Any = None
    error: str | None = None

    @property
    def blank(self) -> bool:
        """True when nothing usable was given (None, an empty string or list, or an error)."""
        return self.error is not None or self.value is None or self.value in ("", [], (), {})


def read_assigned(source: str, name: str) -> Read:
    """Return the literal assigned to ``name`` at the top level of ``source``.

    The last top-level assignment wins (as it would if the cell ran). Only
    Python literals are accepted: strings, numbers, lists, tuples, dicts,
    sets, booleans and None.
    """
    if len(source) > _SHORT:
        return _parse(source, name)
    # A class writes the same short answers (`answer = "B"`) again and again: parse each once.
    # The caller gets its own copy of a list or dict, so nothing it does reaches the cache.
    read = _parse_short(source, name)
    return Read(copy.deepcopy(read.value), read.error) if isinstance(read.value, (list, dict, set)) else read


#: Sources up to this many characters (objective answers, not widget states) are parsed once per run.
_SHORT = 300


@lru_cache(maxsize=4096)
def _parse_short(source: str, name: str) -> Read:
    return _parse(source, name)


def _parse(source: str, name: str) -> Read:
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return Read(error=f"the cell is not valid Python (line {error.lineno}: {error.msg})")
    except (ValueError, RecursionError, MemoryError):
        return Read(error="the cell could not be parsed")
    value_node: ast.expr | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            value_node = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
            value_node = node.value
    if value_node is None:
        return Read(error=f"no `{name} = ...` line in the cell")
    try:
        return Read(value=ast.literal_eval(value_node))
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return Read(
            error=(
                f"`{name}` is not set to a plain value (only literals such as \"B\", "
                "[\"A\", \"C\"] or {...} are read; code is never run)"
            )
        )
