"""Hostile notebooks, fuzzed: no input stops the batch, and good submissions are graded as in a clean run.

Hypothesis mutates real notebooks (the released student notebooks and
answered ones from the sample class) at any JSON path: wrong types, deleted
keys, NaN and Infinity, huge and deeply nested values, control and
bidirectional characters, zero-width joiners, lone surrogates, duplicate
cell ids, unknown cell types, and widget states with every field wrong. Each
mutated notebook is handed in beside a good student's notebooks, and the
batch goes through collection, grading, ``check()``, the class summary and
the dashboard.

Properties: nothing raises; a submission that is not graded is reported with
a reason; the good student is graded exactly as in a clean run.

``make test`` runs the fast profile (a few dozen examples); ``make fuzz``
sets ``ELYSARA_FUZZ_PROFILE=fuzz`` for at least 10,000.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.classroom.dashboard import render_dashboard
from elysara.exercises.classroom.sample_class import write_sample_class
from elysara.exercises.classroom.summary import summarize
from elysara.exercises.commands.terminal import terminal_safe
from elysara.exercises.grading.collect import collect
from elysara.exercises.grading.grader import STATUS_NOT_GRADED, grade
from elysara.exercises.notebooks.check import check
from elysara.exercises.notebooks.release import release_notebooks

_COMMON = dict(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
settings.register_profile("fast", max_examples=40, **_COMMON)
settings.register_profile("fuzz", max_examples=10_000, **_COMMON)
settings.register_profile("custom", max_examples=int(os.environ.get("ELYSARA_FUZZ_EXAMPLES", "40")), **_COMMON)
PROFILE = os.environ.get("ELYSARA_FUZZ_PROFILE", "custom" if "ELYSARA_FUZZ_EXAMPLES" in os.environ else "fast")

GOOD = "good-student"


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every JSON path in ``value`` (the root excluded), parents before children; nesting past 12 levels is one path."""
    found: list[tuple] = []
    if len(prefix) > 12:
        return found
    if isinstance(value, dict):
        for key, child in value.items():
            found.append((*prefix, key))
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.append((*prefix, index))
            found.extend(_paths(child, (*prefix, index)))
    return found


def _deep(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


HOSTILE_TEXT = st.sampled_from([
    "\x1b[2J\x1b[31mred", "\u202eevil\u202c", "a\u200db\u200dc", "\ud800", "\udfff lone", "\x00\x07\x08\r",
    "\u2028\u2029", "zero\u200bwidth", "\ufeffbom", "A, C, E", "p4.2 p99.9", "x" * 50_000,
    '"Choose peace, wanderer."' * 2000,
])
HOSTILE = st.one_of(
    st.sampled_from([None, True, False, 0, -1, 1.5, 10**30, "", [], {}, [[]], {"": None},
                     math.nan, math.inf, -math.inf]),
    HOSTILE_TEXT,
    st.integers(min_value=50, max_value=900).map(_deep),  # deeper than any notebook; json.dumps stops near 1,000
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=5),
    st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=4),
)
WIDGET_FIELD = st.one_of(HOSTILE, st.just("scales"), st.just("tension"), st.just("reversal"), st.just(1))


class Corpus(dict):
    """The fuzz suite's material; a short repr, so a failing example prints the mutation, not the bank."""

    def __repr__(self) -> str:
        return f"Corpus({len(self['notebooks'])} notebooks)"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Any]:
    """Released and answered notebooks (as JSON), a good student's folder and its clean grades."""
    root = tmp_path_factory.mktemp("fuzz")
    bank = load_bank()
    released = [json.loads(p.read_text(encoding="utf-8")) for p in release_notebooks(root / "released", bank=bank)]
    answered_paths = write_sample_class(root / "answered", 2, bank=bank, seed=7)
    answered = [json.loads(p.read_text(encoding="utf-8")) for p in answered_paths]
    good = root / "class" / GOOD
    good.mkdir(parents=True)
    for path in answered_paths[:2]:  # two sets: enough to see a good neighbour graded as in a clean run
        (good / path.name).write_bytes(path.read_bytes())
    clean = grade(collect([root / "class"]), bank)
    return Corpus(root=root, bank=bank, notebooks=released + answered, clean=_grades(clean, GOOD), count=[0])


def _grades(results: list, student: str) -> dict:
    """Everything a grade is made of, for one student: status, points and levels per item, problems."""
    return {
        r.set_id: (r.status, r.total, r.max,
                   [(i.item_id, i.points, i.source, tuple((c.id, c.level) for c in i.criteria)) for i in r.items],
                   sorted((p.code, p.item) for p in r.problems))
        for r in results if r.student == student
    }


def _set(document: Any, path: tuple, value: Any) -> None:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _delete(document: Any, path: tuple) -> None:
    target = document
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]


@st.composite
def mutated_notebook(draw, notebooks: list[dict]) -> tuple[dict, str]:
    """A real notebook with one to three hostile changes; returns it and a description."""
    notebook = copy.deepcopy(draw(st.sampled_from(notebooks)))
    done = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(["replace", "replace", "delete", "text", "duplicate-id", "cell-type", "widget"]))
        paths = _paths(notebook)
        cells = notebook.get("cells") if isinstance(notebook.get("cells"), list) else []
        dict_cells = [c for c in cells if isinstance(c, dict)]
        if kind in ("replace", "delete") and paths:
            path = draw(st.sampled_from(paths))
            if kind == "replace":
                # A copy: the sampled values are shared objects, and a later change in this example may go inside one.
                _set(notebook, path, copy.deepcopy(draw(HOSTILE)))
            else:
                _delete(notebook, path)
            done.append(f"{kind} {path}")
        elif kind == "text" and dict_cells:
            cell = draw(st.sampled_from(dict_cells))
            source = cell.get("source")
            text = "".join(source) if isinstance(source, list) and all(isinstance(s, str) for s in source) else str(source)
            at = draw(st.integers(min_value=0, max_value=len(text)))
            cell["source"] = text[:at] + draw(HOSTILE_TEXT) + text[at:]
            done.append("text")
        elif kind == "duplicate-id" and len(dict_cells) > 1:
            dict_cells[1]["id"] = dict_cells[0].get("id")
            done.append("duplicate-id")
        elif kind == "cell-type" and dict_cells:
            draw(st.sampled_from(dict_cells))["cell_type"] = draw(st.sampled_from(["weird", "heading", "", "Code"]))
            done.append("cell-type")
        elif kind == "widget" and dict_cells:
            widget = draw(st.sampled_from(["scales", "tension", "reversal"]))
            fields = ["widget", "version", "lens", "weights", "ratings", "answers", "connect", "disconnect"]
            state = {name: copy.deepcopy(draw(WIDGET_FIELD)) for name in draw(st.lists(st.sampled_from(fields), max_size=8))}
            state.setdefault("widget", widget)
            cell = next((c for c in dict_cells if f"{widget}_state" in str(c.get("source"))), dict_cells[-1])
            cell["source"] = f"{widget}_state = {state!r}\n"
            done.append(f"widget {widget}")
    return notebook, "; ".join(done)


def _set_name(notebook: Any, bank) -> str:
    try:
        declared = notebook["metadata"]["elysara"]["set_id"]
    except (KeyError, TypeError, IndexError):
        declared = None
    return declared if isinstance(declared, str) and declared in bank.sets else next(iter(bank.sets))


def _drive(corpus: dict, notebook: Any, description: str) -> None:
    bank = corpus["bank"]
    corpus["count"][0] += 1
    folder = corpus["root"] / "victims" / f"victim-{corpus['count'][0]}"
    folder.mkdir(parents=True)
    path = folder / f"{_set_name(notebook, bank)}.ipynb"
    # allow_nan writes NaN and Infinity as JavaScript would; lone surrogates are written as \ud800 escapes.
    path.write_text(json.dumps(notebook, allow_nan=True), encoding="utf-8")

    collection = collect([corpus["root"] / "class", folder])
    results = grade(collection, bank)
    assert _grades(results, GOOD) == corpus["clean"], description
    victim = [r for r in results if r.path == path]
    reported = [p for p in collection.problems if p.path == path]
    if not victim:
        assert reported and all(p.reason for p in reported), description
    elif victim[0].status == STATUS_NOT_GRADED:
        assert victim[0].problems and all(p.reason for p in victim[0].problems), description
    for problem in [*collection.problems, *(p for r in results for p in r.problems)]:
        shown = terminal_safe(f"{problem.path}: {problem.reason}")
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or 0x202A <= ord(ch) <= 0x202E for ch in shown)

    with contextlib.redirect_stdout(io.StringIO()) as printed:
        check(path, bank=bank)
    assert printed.getvalue().strip(), description  # check() always answers the student

    summary = summarize(collection, results)
    assert summary.students >= 1, description  # the good student is counted whatever the victim did
    page = render_dashboard(summary, bank=bank)
    assert "</html>" in page and "\x1b" not in page, description


@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_hostile_notebooks_never_stop_the_batch(corpus, data):
    notebook, description = data.draw(mutated_notebook(corpus["notebooks"]), label="mutation")
    _drive(corpus, notebook, description)
