"""Views of the Tension Test: a live one for notebooks and a static one for the book.

Both are thin: every judgment about which rules fire comes from
:mod:`elysara.widgets.tension`. The static view writes the questionnaire as
plain HTML plus a lookup table (:func:`export`) of the answer combinations
each rule fires on and, for each tension, what each choice of difference
makes of it (hit, named or open, with the sentence to show), all computed here
by the model; the site's script ``tension-test.js`` only looks choices up in
those tables.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from elysara.widgets import tension
from elysara.widgets.copy_state import copy_state_html
from elysara.widgets.live_figure import LiveOutput
from elysara.widgets.palette import OKABE_ITO
from elysara.widgets.tension_data import page_href, passage_href

SCRIPT = "tension-test"
DEFAULT_PAGE = "book/widgets/tension-test"
KIND_LABELS = {"tension": "Tension", "bullet": "Bullet bitten"}
KIND_COLOURS = {"hit": OKABE_ITO["vermillion"], "tension": OKABE_ITO["orange"], "bullet": OKABE_ITO["blue"]}
#: Every key of a difference choice the page can produce (see :func:`tension.difference_key`).
DIFFERENCE_KEYS: tuple[str, ...] = ("", "own-blank", *tension.DIFFERENCES)


def verdict_text(verdict: str, difference: str | None, own_words: str = "") -> str:
    """The sentence a fired tension shows for the difference the student chose."""
    if verdict == tension.HIT:
        return "Hit: you see no difference between the cases, so these two answers contradict each other."
    if verdict == tension.OPEN:
        return "Open: which difference, if any, separates the two cases for you?"
    if difference == tension.OWN_WORDS:
        return f"Tension resolved by a difference you named in your own words: {own_words.strip()}"
    label = tension.DIFFERENCES[difference].label.split(":", 1)[0]
    return f"Tension resolved by a difference you named: {label.lower()}. Not a hit."


def _verdicts() -> dict[str, dict[str, str]]:
    """For each choice key, the model's verdict and its sentence (own words are shown beside it by the page)."""
    table = {}
    for key in DIFFERENCE_KEYS:
        difference = None if key == "" else (tension.OWN_WORDS if key == "own-blank" else key)
        words = "" if key == "own-blank" else "x"
        verdict = tension.classify(difference, words)
        text = verdict_text(verdict, difference, "")
        table[key] = {"verdict": verdict, "text": text.rstrip(": ") if difference == tension.OWN_WORDS else text}
    return table


def export() -> dict[str, Any]:
    """What the site's script needs: for each rule, its cases and the answer combinations it fires on;
    for each tension, the verdict for each choice of difference."""
    verdicts = _verdicts()
    return {
        "widget": tension.WIDGET,
        "version": tension.VERSION,
        "answers": list(tension.ANSWER_IDS),
        "cases": list(tension.CASES),
        "differences": list(tension.DIFFERENCES),
        "own": tension.OWN_WORDS,
        "max_own_words": tension.MAX_OWN_WORDS,
        "verdicts": verdicts,
        "rules": [
            {"id": r.id, "kind": r.kind, "reads": list(r.reads), "fires_on": tension.firing_combinations(r)}
            for r in tension.RULES.values()
        ],
    }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def score_text(result: tension.Result) -> str:
    """The score as a sentence (the same words the site's script writes)."""
    hits, bullets, _ = result.score
    return (
        f"{_plural(hits, 'hit', 'hits')}, {_plural(len(result.named), 'tension', 'tensions')} resolved by a "
        f"difference, {len(result.open)} open; {_plural(bullets, 'bullet', 'bullets')} bitten; "
        f"{result.answered} of {len(tension.CASES)} cases answered."
    )


# --- Static view (the book) -------------------------------------------------


def _links(passages: tuple[str, ...], pages: tuple[str, ...], from_doc: str) -> str:
    e = html.escape
    items = [f'<a href="{e(passage_href(p, from_doc))}">{e(p)}</a>' for p in passages]
    items += [f'<a href="{e(page_href(d, from_doc))}">{e(tension.page_title(d))}</a>' for d in pages]
    return ", ".join(items)


def _case_html(number: int, case: tension.Case, from_doc: str) -> str:
    e = html.escape
    prompt_id = f"tension-{case.id}-prompt"
    source = f"From {e(tension.source_label(case.source))}. " if case.source else ""
    passages = _links(case.passages, (), from_doc)
    options = "".join(
        f'<label class="elysara-option"><input type="radio" name="tension-{e(case.id)}" value="{e(a)}" '
        f'aria-describedby="{prompt_id}"> {e(case.label(a))}</label>'
        for a in tension.ANSWER_IDS
    )
    return (
        f'<fieldset class="tension-case" data-case="{e(case.id)}">'
        f"<legend>{number}. {e(case.title)}</legend>"
        f'<p class="tension-prompt" id="{prompt_id}">{e(case.prompt)}</p>'
        f'<div class="elysara-options">{options}</div>'
        f'<p class="tension-meta">{source}In the text: {passages}</p>'
        f"</fieldset>"
    )


def _differences_html(rule: tension.Rule) -> str:
    """The question a fired tension asks: which difference separates the two cases?"""
    e = html.escape
    name = f"difference-{rule.id}"
    options = "".join(
        f'<label class="elysara-option"><input type="radio" name="{e(name)}" value="{e(d.id)}"> {e(d.label)}</label>'
        for d in tension.DIFFERENCES.values()
    )
    return (
        f'<fieldset class="tension-difference"><legend>What separates the two cases for you?</legend>'
        f'<div class="elysara-options">{options}</div>'
        f'<label class="tension-own-label">In your own words (for "another difference"): '
        f'<input type="text" class="tension-own" name="own-{e(rule.id)}" maxlength="{tension.MAX_OWN_WORDS}"></label>'
        f'<p class="tension-verdict" data-verdict="{tension.OPEN}">{e(verdict_text(tension.OPEN, None))}</p>'
        "</fieldset>"
    )


def _rule_html(rule: tension.Rule, from_doc: str) -> str:
    e = html.escape
    cases = ", ".join(e(tension.CASES[c].title) for c in rule.reads)
    commitment = (f'<p class="tension-commitment"><strong>Your answers commit you to this:</strong> {e(rule.commitment)}</p>'
                  if rule.commitment else "")
    choice = _differences_html(rule) if rule.kind == "tension" else ""
    return (
        f'<li class="tension-rule" data-rule="{e(rule.id)}" data-kind="{e(rule.kind)}">'
        f'<p class="tension-rule-title"><span class="tension-kind">{e(KIND_LABELS[rule.kind])}:</span> {e(rule.title)}</p>'
        f"{commitment}<p>{e(rule.explanation)}</p>{choice}"
        f'<p class="tension-meta">Your answers on: {cases}. Read: {_links(rule.passages, rule.pages, from_doc)}</p>'
        f"</li>"
    )


@dataclass(frozen=True)
class StaticTensionTest:
    """The Tension Test as HTML for the book: displays as HTML in a notebook output."""

    from_doc: str = DEFAULT_PAGE

    def to_html(self) -> str:
        """The widget's markup, with the lookup table the site's script reads."""
        data = json.dumps(export(), separators=(",", ":")).replace("</", "<\\/")
        cases = "".join(_case_html(i, c, self.from_doc) for i, c in enumerate(tension.CASES.values(), start=1))
        rules = "".join(_rule_html(r, self.from_doc) for r in tension.RULES.values())
        empty = tension.evaluate({})
        return (
            f'<div class="elysara-widget tension-test" data-elysara-script="{SCRIPT}">'
            f'<script type="application/json" class="elysara-widget-data">{data}</script>'
            '<p class="elysara-noscript">Your score appears here when JavaScript is on. Without it, you can still '
            "read the cases; every tension the test knows is listed below them.</p>"
            f'<form class="tension-form" aria-label="The Tension Test: your answers">{cases}</form>'
            '<div class="tension-summary">'
            f'<p class="tension-score" role="status" aria-live="polite">{html.escape(score_text(empty))}</p>'
            '<button type="button" class="elysara-button tension-clear">Clear my answers</button>'
            "</div>"
            '<div class="tension-results"><p class="tension-results-title">Your tensions</p>'
            '<p class="tension-none" hidden>None yet: answer the cases above. Tensions appear here as your answers '
            "create them, and disappear if you revise an answer.</p>"
            f'<ul class="tension-rules">{rules}</ul></div>'
            + copy_state_html("tension_state", rows=4) +
            "</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def static_widget(from_doc: str = DEFAULT_PAGE) -> StaticTensionTest:
    """The Tension Test for the page ``from_doc`` of the book (links are relative to it)."""
    return StaticTensionTest(from_doc)


# --- Live view (notebooks) -------------------------------------------------


class TensionTest:
    """The Tension Test in a notebook: a control per case, a score chart and the tensions."""

    def __init__(self, answers: Mapping[str, str] | None = None) -> None:
        import ipywidgets as widgets
        import plotly.graph_objects as go

        initial = tension.check_answers(answers or {})
        self.controls: dict[str, Any] = {}
        rows = []
        for number, case in enumerate(tension.CASES.values(), start=1):
            control = widgets.ToggleButtons(
                options=[(case.label(a), a) for a in tension.ANSWER_IDS], value=initial.get(case.id),
                style={"button_width": "auto"},
            )
            control.observe(self._changed, names="value")
            self.controls[case.id] = control
            rows.append(widgets.HTML(f"<b>{number}. {html.escape(case.title)}</b><br>{html.escape(case.prompt)}"))
            rows.append(control)
        # An ordinary output, not a FigureWidget: a saved notebook keeps the chart (see live_figure).
        self.figure = go.Figure(
            data=[go.Bar(
                x=[0, 0, 0], y=["Hits", "Tensions resolved", "Bullets bitten"], orientation="h",
                marker_color=[KIND_COLOURS["hit"], KIND_COLOURS["tension"], KIND_COLOURS["bullet"]],
                text=["0", "0", "0"], textposition="auto",
            )],
            layout=go.Layout(
                title="Your score", height=220, margin={"l": 120, "r": 20, "t": 50, "b": 40},
                xaxis={"title": "Number", "rangemode": "tozero", "dtick": 1},
            ),
        )
        self.score = widgets.HTML()
        self.tensions = widgets.HTML()
        self._chart = LiveOutput("The score chart appears here.")
        self.differences: dict[str, Any] = {}
        self.own_words: dict[str, Any] = {}
        difference_rows = []
        for rule_id in tension.TENSION_RULES:
            rule = tension.RULES[rule_id]
            control = widgets.Dropdown(
                options=[("(not chosen yet)", None), *((d.label, d.id) for d in tension.DIFFERENCES.values())],
                value=None, description="Difference:", style={"description_width": "auto"},
                layout={"width": "auto"},
            )
            words = widgets.Text(placeholder="another difference, in your own words", layout={"width": "100%"})
            control.observe(self._changed, names="value")
            words.observe(self._changed, names="value")
            self.differences[rule_id], self.own_words[rule_id] = control, words
            box = widgets.VBox([widgets.HTML(f"<b>If it fires, {html.escape(rule.title.lower())}:</b>"), control, words])
            difference_rows.append(box)
        self.difference_box = widgets.VBox(difference_rows)
        # The chart is an ordinary output shown after the widget (see display()), so a saved notebook keeps it.
        self.widget = widgets.VBox([*rows, self.score, self.tensions, self.difference_box])
        self._refresh()

    @property
    def answers(self) -> dict[str, str]:
        """The answers given so far (case id -> answer id)."""
        return {c: ctl.value for c, ctl in self.controls.items() if ctl.value is not None}

    @property
    def chosen(self) -> tuple[dict[str, str], dict[str, str]]:
        """The differences chosen and the own words typed, per tension rule."""
        differences = {r: c.value for r, c in self.differences.items() if c.value is not None}
        words = {r: w.value for r, w in self.own_words.items() if w.value.strip()}
        return differences, words

    def result(self) -> tension.Result:
        """The model's evaluation of the current answers and differences."""
        return tension.evaluate(self.answers, *self.chosen)

    def state(self) -> dict[str, Any]:
        """The student's state in the contract format (paste it into the exercise notebook)."""
        return tension.state(self.answers, *self.chosen).to_dict()

    def set_difference(self, rule_id: str, difference: str | None, words: str = "") -> None:
        """Name the difference that separates a tension's cases, as choosing it in the list would."""
        tension.check_differences({rule_id: difference}, {rule_id: words})
        self.own_words[rule_id].value = words
        self.differences[rule_id].value = difference

    def set_answer(self, case_id: str, answer: str | None) -> None:
        """Answer a case, as clicking its button would."""
        tension.check_answers({case_id: answer})
        self.controls[case_id].value = answer

    def _changed(self, _change: Any) -> None:
        self._refresh()

    def _refresh(self) -> None:
        result = self.result()
        hits, bullets, _ = result.score
        counts = [hits, len(result.named), bullets]
        with self.figure.batch_update():
            self.figure.data[0].x = counts
            self.figure.data[0].text = [str(n) for n in counts]
        self._chart.show_figure(self.figure, "The Tension Test score chart (open in JupyterLab to see it).")
        self.score.value = f"<p>{html.escape(score_text(result))}</p>"
        differences, words = self.chosen
        parts = []
        for rule_id in (*result.tensions, *result.bullets):
            rule = tension.RULES[rule_id]
            extra = ""
            if rule.kind == "tension":
                difference = differences.get(rule_id)
                verdict = tension.classify(difference, words.get(rule_id, ""))
                extra = f"<br><i>{html.escape(verdict_text(verdict, difference, words.get(rule_id, '')))}</i>"
            else:
                extra = f"<br><i>Your answers commit you to this: {html.escape(rule.commitment or '')}</i>"
            parts.append(f"<p><b>{html.escape(KIND_LABELS[rule.kind])}: {html.escape(rule.title)}</b>"
                         f"<br>{html.escape(rule.explanation)}{extra}</p>")
        self.tensions.value = "".join(parts) or "<p>No tensions yet.</p>"

    def display(self) -> None:
        """Show the controls, then the chart as an ordinary output that follows them."""
        from IPython.display import display

        display(self.widget)
        self._chart.display()

    def _ipython_display_(self) -> None:
        self.display()
