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
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from elysara.exercises.answers.argument import parse_argument
from elysara.exercises.answers.notebook_file import read_notebook_file
from elysara.exercises.answers.words import word_count
from elysara.exercises.bank.loading import Bank, load_bank
from elysara.exercises.notebooks.build import question_label
from elysara.exercises.answers.reader import BLANK, MISSING, UNREADABLE, index_cells, read_answer, read_state
from elysara.exercises.bank.schema import (
    ArgumentReconstructionItem,
    ExerciseSet,
    Item,
    MultipleChoiceItem,
    MultipleSelectItem,
    OrderingItem,
    PassageIdentificationItem,
)
from elysara.text import load_text
from elysara.text.citations import find_citations

_current_set: str | None = None
#: The largest notebook check() reads (as the grader's default limit).
MAX_CHECK_BYTES = 20_000_000


@dataclass(frozen=True)
class Finding:
    """One thing ``check()`` found about one item: a problem, or that it is unanswered."""

    item: str  #: the item's id (for tools); students see ``label``
    message: str
    unanswered: bool = False
    unreadable: bool = False  #: the answer cannot be read at all (the grader scores it 0 and says so)
    label: str = ""  #: "Question 3, Reflection", as the notebook numbers it

    def __str__(self) -> str:
        return f"{self.label or self.item}: {self.message}"


class NotAnswered(Exception):
    """The cell still holds its starting value."""


def setup_notebook(set_id: str) -> None:
    """Record which set this notebook is (called by the notebook's setup cell)."""
    global _current_set
    _current_set = set_id
    print("Ready. When you have answered, save the notebook (Ctrl+S), then run check() in the last cell.")


def count_words(text: str) -> int:
    """Words in a Markdown answer, counted exactly as the grader counts them."""
    return word_count(text)


def _check_prose(item: Item, source: str) -> list[str]:
    text = load_text()
    problems: list[str] = []
    if isinstance(item, ArgumentReconstructionItem):
        reconstruction = parse_argument(source, passage_exists=lambda pid: pid in text)
        problems.extend(str(problem) for problem in reconstruction.problems)
    else:
        unknown = sorted({c.id for c in find_citations(source, text) if not c.known})
        problems.extend(f"{pid} is not a passage of the text (ids look like p4 or p4.2)" for pid in unknown)
    words = getattr(item, "words", None)
    if words is not None:
        count = count_words(source)
        if count < words.min:
            problems.append(f"{count} words, and the minimum is {words.min}: write at least {words.min - count} more")
        elif words.max is not None and count > words.max:
            problems.append(f"{count} words, and the maximum is {words.max}: cut at least {count - words.max}")
    return problems


def check_notebook(nb: Any, exercise_set: ExerciseSet) -> list[Finding]:
    """Every format problem (and every unanswered item) in a notebook of ``exercise_set``.

    Answers are read by :mod:`elysara.exercises.answers.reader`, exactly as the grader reads them.
    """
    index = index_cells(nb)
    findings: list[Finding] = []
    for item in exercise_set.items:
        if item.state_variable:
            state = read_state(index, item)
            if state.status == MISSING:
                findings.append(Finding(item.id, f"the `{item.state_variable}` cell is missing: it was deleted or changed; copy it back from a fresh copy of the notebook, or ask your teacher"))
            elif state.status == BLANK:
                findings.append(Finding(item.id, f"`{item.state_variable}` is still None: paste the widget's state", unanswered=True))
            elif state.status == UNREADABLE:
                findings.append(Finding(item.id, f"the {item.uses_widget} state cannot be read: {state.error}"))
        answer = read_answer(index, item)
        if answer.status == MISSING:
            findings.append(Finding(item.id, "the answer cell is missing: it was deleted or changed; copy it back from a fresh copy of the notebook, or ask your teacher"))
        elif answer.status == BLANK:
            findings.append(Finding(item.id, "not answered yet" if item.prose else "not answered yet (answer is None)", unanswered=True))
        else:
            unreadable = answer.status == UNREADABLE
            findings.extend(Finding(item.id, problem, unreadable=unreadable) for problem in answer.problems)
            if item.prose and answer.readable:
                findings.extend(Finding(item.id, problem) for problem in _check_prose(item, answer.value.strip()))
    # Students see questions as the notebook numbers them, never internal ids.
    return [replace(f, label=question_label(exercise_set, f.item)) for f in findings]


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
        questions = list(dict.fromkeys(f.label for f in unanswered))  # one line per question, counted once
        print(f"\nNot answered yet ({len(questions)}): " + "; ".join(questions))
    if problems:
        print(f"\n{len(problems)} answer(s) cannot be read as written:")
        for finding in problems:
            print(f"  - {finding}")
    else:
        print("\nNo format problems: every answer given can be read. (check() does not say whether answers are right.)")
