"""``check()``: the helper a student runs at the end of an exercise notebook.

It reads the **saved** notebook (answers are parsed, never executed) and
reports only problems of form: an answer that is not an option, an order
that is not a permutation, a passage id that is not in the text, a
reflection under its word minimum, an argument reconstruction that does not
parse, a widget state that does not parse. It never says whether an answer
is right.

The notebook's path comes from the kernel's environment where Jupyter gives
it (``JPY_SESSION_NAME``, IPython's ``__session__``), else from the folder
the kernel runs in and the set recorded by the setup cell, else from the
``path`` argument.
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from elysara.exercises.answers.argument import parse_argument
from elysara.exercises.answers.notebook_file import read_notebook_file
from elysara.exercises.bank.loading import Bank, load_bank
from elysara.exercises.notebooks.build import PROSE_PLACEHOLDER
from elysara.exercises.bank.schema import (
    ArgumentReconstructionItem,
    ExerciseSet,
    Item,
    MultipleChoiceItem,
    MultipleSelectItem,
    OrderingItem,
    PassageIdentificationItem,
)
from elysara.exercises.answers.widget_states import StateCheckUnavailable, check_state
from elysara.text import load_text

_current_set: str | None = None
#: The largest notebook check() reads (as the grader's default limit).
MAX_CHECK_BYTES = 20_000_000
_PASSAGE_ID = re.compile(r"(?<![\w.])p\d+(?:\.\d+)?(?![\w.]*\d)")  # ids are lower case; "P1" is a premise
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Finding:
    """One thing ``check()`` found about one item: a problem, or that it is unanswered."""

    item: str
    message: str
    unanswered: bool = False

    def __str__(self) -> str:
        return f"{self.item}: {self.message}"


class NotAnswered(Exception):
    """The cell still holds its starting value."""


def setup_notebook(set_id: str) -> None:
    """Record which set this notebook is (called by the notebook's setup cell)."""
    global _current_set
    _current_set = set_id
    print("Ready. When you have answered, save the notebook (Ctrl+S), then run check() in the last cell.")


def count_words(text: str) -> int:
    """Words in a Markdown answer, counted exactly as the grader counts them."""
    try:
        from elysara.exercises.grading.evidence import word_count
    except ImportError:  # the grader is not installed: same rule, markup and punctuation are not words
        return len(_WORD.findall(text))
    return word_count(text)


def _assigned_value(source: str, variable: str) -> Any:
    """The literal assigned to ``variable`` in a cell; raises ValueError with a student-facing reason."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise ValueError(f"the cell is not valid Python (line {error.lineno}: {error.msg}); check quotes and brackets") from None
    value_node = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            value_node = node.value
    if value_node is None:
        raise ValueError(f"the cell must keep the line `{variable} = ...`")
    try:
        value = ast.literal_eval(value_node)
    except ValueError:
        raise ValueError(f"`{variable}` must be a plain value (text in quotes, numbers, lists), not a calculation or a name") from None
    if value is None:
        raise NotAnswered
    return value


def _as_list(value: Any) -> list[Any] | None:
    # One value where a list is asked for is read as a list of one, as the grader does.
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    return None


def _check_objective(item: Item, value: Any) -> list[str]:
    """Problems of form in an objective answer; normalised (case, spaces) as the grader reads it."""
    text = load_text()
    if isinstance(item, (MultipleChoiceItem, MultipleSelectItem)):
        choices = ", ".join(f'"{key}"' for key in item.options)
        keys = {key.upper() for key in item.options}
        if isinstance(item, MultipleChoiceItem):
            if not isinstance(value, str) or value.strip().upper() not in keys:
                return [f"{value!r} is not an option; write one of {choices}"]
            return []
        chosen = _as_list(value)
        if chosen is None or not all(isinstance(entry, str) for entry in chosen):
            return [f'write a list of option letters in quotes, for example ["A", "C"]; valid options are {choices}']
        normalised = [entry.strip().upper() for entry in chosen]
        problems = [f"{entry!r} is not an option; valid options are {choices}" for entry in chosen if entry.strip().upper() not in keys]
        if len(set(normalised)) != len(normalised):
            problems.append("an option is listed twice")
        return problems
    if isinstance(item, PassageIdentificationItem):
        chosen = _as_list(value)
        if chosen is None or not all(isinstance(entry, str) for entry in chosen):
            return ['write a list of passage ids in quotes, for example ["p4.2", "p5.3"]']
        problems = [f"{entry!r} is not a passage of the text (ids look like p4 or p4.2)"
                    for entry in chosen if entry.strip().lower() not in text]
        expected = item.count or len(item.answer)
        if len(chosen) != expected:
            problems.append(f"the question asks for {expected} passage id(s); you gave {len(chosen)}")
        return problems
    if isinstance(item, OrderingItem):
        expected = list(range(1, len(item.steps) + 1))
        chosen = _as_list(value)
        try:
            order = [int(entry) for entry in chosen] if chosen and not any(isinstance(e, bool) for e in chosen) else None
        except (TypeError, ValueError):
            order = None
        if order is None or sorted(order) != expected:
            return [f"{value!r} is not an order of the steps: use each of the numbers {expected} exactly once"]
        return []
    return []


def _check_prose(item: Item, source: str) -> list[str]:
    text = load_text()
    problems: list[str] = []
    if isinstance(item, ArgumentReconstructionItem):
        reconstruction = parse_argument(source, passage_exists=lambda pid: pid in text)
        problems.extend(str(problem) for problem in reconstruction.problems)
    else:
        unknown = sorted({pid for pid in _PASSAGE_ID.findall(source) if pid.lower() not in text})
        problems.extend(f"{pid} is not a passage of the text (ids look like p4 or p4.2)" for pid in unknown)
    words = getattr(item, "words", None)
    if words is not None:
        count = count_words(source)
        if count < words.min:
            problems.append(f"{count} words: the minimum is {words.min}")
        elif words.max is not None and count > words.max:
            problems.append(f"{count} words: the maximum is {words.max}")
    return problems


def _cells_by_grade_id(nb: Any) -> dict[str, Any]:
    cells = {}
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id:
            cells[grade_id] = cell
    return cells


def check_notebook(nb: Any, exercise_set: ExerciseSet) -> list[Finding]:
    """Every format problem (and every unanswered item) in a notebook of ``exercise_set``."""
    cells = _cells_by_grade_id(nb)
    findings: list[Finding] = []
    for item in exercise_set.items:
        if item.state_variable:
            state_cell = cells.get(f"{item.id}-state")
            if state_cell is None:
                findings.append(Finding(item.id, f"the `{item.state_variable}` cell is missing (do not delete cells)"))
            else:
                try:
                    check_state(item.uses_widget, _assigned_value(state_cell.source, item.state_variable))
                except NotAnswered:
                    findings.append(Finding(item.id, f"`{item.state_variable}` is still None: paste the widget's state", unanswered=True))
                except StateCheckUnavailable:
                    pass  # the widget is not installed here; the grader checks the state
                except ValueError as error:
                    findings.append(Finding(item.id, f"the {item.uses_widget} state cannot be read: {error}"))
                except Exception as error:  # the model refuses a field of the wrong type (TypeError...)
                    findings.append(Finding(item.id, f"the {item.uses_widget} state cannot be read: a field has the "
                                                     f"wrong type ({type(error).__name__})"))
        cell = cells.get(item.id)
        if cell is None:
            findings.append(Finding(item.id, "the answer cell is missing (do not delete cells)"))
            continue
        if item.prose:
            if cell.cell_type != "markdown":
                findings.append(Finding(item.id, "the answer cell must be a Markdown cell (it was changed to code)"))
                continue
            source = cell.source.strip()
            if not source or source == PROSE_PLACEHOLDER:
                findings.append(Finding(item.id, "not answered yet", unanswered=True))
                continue
            findings.extend(Finding(item.id, problem) for problem in _check_prose(item, source))
        else:
            try:
                value = _assigned_value(cell.source, "answer")
            except NotAnswered:
                findings.append(Finding(item.id, "not answered yet (answer is None)", unanswered=True))
                continue
            except ValueError as error:
                findings.append(Finding(item.id, str(error)))
                continue
            findings.extend(Finding(item.id, problem) for problem in _check_objective(item, value))
    return findings


def find_notebook_path() -> Path | None:
    """The saved notebook this kernel belongs to, where the environment says so."""
    candidates: list[str] = []
    try:
        from IPython import get_ipython

        shell = get_ipython()
        # ipykernel sets __session__ from Jupyter's session; VS Code sets __vsc_ipynb_file__.
        for name in ("__session__", "__vsc_ipynb_file__"):
            if shell is not None and shell.user_ns.get(name):
                candidates.append(str(shell.user_ns[name]))
    except ImportError:
        pass
    if os.environ.get("JPY_SESSION_NAME"):
        candidates.append(os.environ["JPY_SESSION_NAME"])
    for candidate in candidates:
        path = Path(candidate)
        for option in (path, Path.cwd() / path.name):
            if option.suffix == ".ipynb" and option.is_file():
                return option
    if _current_set is not None and (Path.cwd() / f"{_current_set}.ipynb").is_file():
        return Path.cwd() / f"{_current_set}.ipynb"
    return None


def check(path: str | os.PathLike[str] | None = None, *, bank: Bank | None = None) -> None:
    """Check the saved notebook for answers that cannot be read, and print what was found.

    Reports problems of form only, never whether an answer is right.
    """
    notebook_path = Path(path) if path is not None else find_notebook_path()
    if notebook_path is None:
        print("check() could not tell which notebook this is. Save it, then run check(\"NAME.ipynb\") with its file name.")
        return None
    read = read_notebook_file(notebook_path, MAX_CHECK_BYTES)
    if read.notebook is None:
        print(f"check() could not read {notebook_path.name}: {read.reason}")
        return None
    nb = read.notebook
    elysara = nb.metadata.get("elysara")
    set_id = (elysara.get("set_id") if isinstance(elysara, dict) else None) or _current_set
    bank = bank or load_bank()
    if not isinstance(set_id, str) or set_id not in bank.sets:
        print(f"{notebook_path.name} is not an Elysara exercise notebook (no known set id; sets are {', '.join(bank.sets)}).")
        return None
    try:
        findings = check_notebook(nb, bank.sets[set_id])
    except Exception as error:  # check() must answer the student, never show a traceback
        print(f"check() could not finish reading {notebook_path.name} ({type(error).__name__}). Your work is "
              "saved as it is; show this message to your teacher.")
        return None
    _print_report(notebook_path, findings)
    return None


def _print_report(path: Path, findings: list[Finding]) -> None:
    saved = datetime.fromtimestamp(path.stat().st_mtime).strftime("%H:%M:%S")
    print(f"Checked {path.name} as last saved at {saved}. Changed something since? Save (Ctrl+S) and run check() again.")
    problems = [f for f in findings if not f.unanswered]
    unanswered = [f for f in findings if f.unanswered]
    if unanswered:
        print(f"\nNot answered yet ({len(unanswered)}): " + ", ".join(dict.fromkeys(f.item for f in unanswered)))
    if problems:
        print(f"\n{len(problems)} answer(s) cannot be read as written:")
        for finding in problems:
            print(f"  - {finding}")
    else:
        print("\nNo format problems: every answer given can be read. (check() does not say whether answers are right.)")
