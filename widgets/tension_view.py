"""Views of the Tension Test: a live one for notebooks and a static one for the book.

Both are thin: every judgment about which rules fire comes from
:mod:`elysara.widgets.tension`. The static view writes the questionnaire as
plain HTML plus a lookup table (:func:`export`) of the answer combinations
each rule fires on, computed here by the rules themselves; the site's script
``tension-test.js`` only looks answers up in that table.
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
KIND_LABELS = {"hit": "Hit", "bullet": "Bullet bitten"}
KIND_COLOURS = {"hit": OKABE_ITO["vermillion"], "bullet": OKABE_ITO["blue"]}


def export() -> dict[str, Any]:
    """What the site's script needs: for each rule, its cases and the answer combinations it fires on."""
    return {
        "widget": tension.WIDGET,
        "version": tension.VERSION,
        "answers": list(tension.ANSWER_IDS),
        "cases": list(tension.CASES),
        "rules": [
            {"id": r.id, "kind": r.kind, "reads": list(r.reads), "fires_on": tension.firing_combinations(r)}
            for r in tension.RULES.values()
        ],
    }


def score_text(result: tension.Result) -> str:
    """The score as a sentence (the same words the site's script writes)."""
    hits, bullets = result.score
    return (
        f"{hits} {'hit' if hits == 1 else 'hits'}, {bullets} {'bullet' if bullets == 1 else 'bullets'} bitten; "
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


def _rule_html(rule: tension.Rule, from_doc: str) -> str:
    e = html.escape
    cases = ", ".join(e(tension.CASES[c].title) for c in rule.reads)
    return (
        f'<li class="tension-rule" data-rule="{e(rule.id)}" data-kind="{e(rule.kind)}">'
        f'<p class="tension-rule-title"><span class="tension-kind">{e(KIND_LABELS[rule.kind])}:</span> {e(rule.title)}</p>'
        f"<p>{e(rule.explanation)}</p>"
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
                x=[0, 0], y=[KIND_LABELS["hit"] + "s", "Bullets bitten"], orientation="h",
                marker_color=[KIND_COLOURS["hit"], KIND_COLOURS["bullet"]], text=["0", "0"], textposition="auto",
            )],
            layout=go.Layout(
                title="Your score", height=220, margin={"l": 120, "r": 20, "t": 50, "b": 40},
                xaxis={"title": "Number", "rangemode": "tozero", "dtick": 1},
            ),
        )
        self.score = widgets.HTML()
        self.tensions = widgets.HTML()
        self._chart = LiveOutput("The score chart appears here.")
        self.widget = widgets.VBox([*rows, self.score, self.tensions])
        self._refresh()

    @property
    def answers(self) -> dict[str, str]:
        """The answers given so far (case id -> answer id)."""
        return {c: ctl.value for c, ctl in self.controls.items() if ctl.value is not None}

    def result(self) -> tension.Result:
        """The model's evaluation of the current answers."""
        return tension.evaluate(self.answers)

    def state(self) -> dict[str, Any]:
        """The student's state in the contract format (paste it into the exercise notebook)."""
        return tension.state(self.answers).to_dict()

    def set_answer(self, case_id: str, answer: str | None) -> None:
        """Answer a case, as clicking its button would."""
        tension.check_answers({case_id: answer})
        self.controls[case_id].value = answer

    def _changed(self, _change: Any) -> None:
        self._refresh()

    def _refresh(self) -> None:
        result = self.result()
        hits, bullets = result.score
        with self.figure.batch_update():
            self.figure.data[0].x = [hits, bullets]
            self.figure.data[0].text = [str(hits), str(bullets)]
        self._chart.show_figure(self.figure, "The Tension Test score chart (open in JupyterLab to see it).")
        self.score.value = f"<p>{html.escape(score_text(result))}</p>"
        fired = [tension.RULES[r] for r in (*result.hits, *result.bullets)]
        self.tensions.value = "".join(
            f"<p><b>{html.escape(KIND_LABELS[r.kind])}: {html.escape(r.title)}</b><br>{html.escape(r.explanation)}</p>"
            for r in fired
        ) or "<p>No tensions yet.</p>"

    def display(self) -> None:
        """Show the controls, then the chart as an ordinary output that follows them."""
        from IPython.display import display

        display(self.widget)
        self._chart.display()

    def _ipython_display_(self) -> None:
        self.display()
