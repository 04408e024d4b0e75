"""Views of the Reversal: a live one for notebooks and a static one for the book.

Both draw the same chart (:func:`figure`): where each of the student's two
answers leaves them, inside or outside the machine. The static view exports
the model's result for every possible pair of answers (:func:`export`); the
site's script ``reversal.js`` only looks the student's pair up.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from elysara.widgets import reversal
from elysara.widgets.copy_state import copy_state_html
from elysara.widgets.figure import STATIC_AXIS, STATIC_LAYOUT, static_figure
from elysara.widgets.live_figure import LiveOutput
from elysara.widgets.palette import OKABE_ITO
from elysara.widgets.tension_data import SOURCES

SCRIPT = "reversal"
FIGURE_ID = "reversal-answers"
FRAMING_STYLE = {  # colour and marker differ, so the two answers never rely on colour alone
    "connect": {"color": OKABE_ITO["blue"], "symbol": "circle"},
    "disconnect": {"color": OKABE_ITO["vermillion"], "symbol": "diamond"},
}
TABLE_HEADER = ("Framing", "Your answer", "Where it leaves you")


def _key(state: reversal.ReversalState) -> str:
    return f"{state.connect or ''}|{state.disconnect or ''}"


def _outcome_label(outcome: str | None) -> str | None:
    return reversal.OUTCOMES[outcome].label if outcome else None


def chart_values(state: reversal.ReversalState) -> list[str | None]:
    """The chart's y value for each framing, in ``FRAMINGS`` order (None while unanswered)."""
    result = reversal.evaluate(state)
    return [_outcome_label(result.outcomes[f]) for f in reversal.FRAMINGS]


def table_rows(state: reversal.ReversalState) -> list[list[str]]:
    """The chart's numbers as a table: each framing, the answer given and where it leaves you."""
    result = reversal.evaluate(state)
    rows = []
    for framing in reversal.FRAMINGS.values():
        answer = getattr(state, framing.id)
        rows.append([
            framing.title,
            framing.labels[answer] if answer else "Not answered yet",
            _outcome_label(result.outcomes[framing.id]) or "",
        ])
    return rows


def summary(state: reversal.ReversalState) -> str:
    """The chart in one or two sentences (its text alternative)."""
    result = reversal.evaluate(state)
    if not result.complete:
        answered = [f.title for f in reversal.FRAMINGS.values() if getattr(state, f.id)]
        so_far = f" So far you have answered: {', '.join(answered)}." if answered else ""
        return f"Your two answers will appear here once you have given them.{so_far}"
    first, second = (_outcome_label(result.outcomes[f]) for f in reversal.FRAMINGS)
    verdict = "The framing moved you." if result.moved else "The framing did not move you."
    return (
        f"Asked whether to connect, your answer leaves you: {first.lower()}. "
        f"Asked whether to disconnect, it leaves you: {second.lower()}. {verdict}"
    )


def _tick(label: str) -> str:
    """A chart label short enough for a phone: "Connect?" for "Connect? (Nozick's framing)",
    and "Outside the machine" over two lines."""
    if " (" in label:
        return label.split(" (", 1)[0]
    return label.replace(" the ", "<br>the ", 1)


def figure(state: reversal.ReversalState) -> go.Figure:
    """Where each answer leaves the student, one marker per framing."""
    values = chart_values(state)
    outcome_labels = [o.label for o in reversal.OUTCOMES.values()]
    traces = [
        go.Scatter(
            x=[_tick(framing.title)], y=[value], name=framing.title, mode="markers",
            marker={"size": 22, "color": FRAMING_STYLE[framing.id]["color"], "symbol": FRAMING_STYLE[framing.id]["symbol"],
                    "line": {"width": 1, "color": OKABE_ITO["black"]}},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
        for framing, value in zip(reversal.FRAMINGS.values(), values, strict=True)
    ]
    return go.Figure(
        data=traces,
        layout=go.Layout(
            STATIC_LAYOUT,
            title={"text": "Where each answer leaves you"},
            showlegend=False, height=340, margin={"l": 20, "r": 20, "t": 50, "b": 20},
            xaxis={**STATIC_AXIS, "type": "category", "categoryorder": "array", "automargin": True,
                   "categoryarray": [_tick(f.title) for f in reversal.FRAMINGS.values()], "fixedrange": True,
                   "range": [-0.5, len(reversal.FRAMINGS) - 0.5]},
            yaxis={**STATIC_AXIS, "type": "category", "categoryorder": "array", "categoryarray": outcome_labels,
                   "tickmode": "array", "tickvals": outcome_labels, "ticktext": [_tick(o) for o in outcome_labels],
                   "automargin": True, "range": [-0.5, len(outcome_labels) - 0.5], "fixedrange": True},
        ),
    )


def export() -> dict[str, Any]:
    """The model's result for every pair of answers, keyed ``"connect|disconnect"`` ("" when unanswered)."""
    results = {}
    for state in reversal.all_states():
        result = reversal.evaluate(state)
        pattern = reversal.PATTERNS[result.pattern]
        results[_key(state)] = {
            "moved": result.moved, "complete": result.complete, "pattern": pattern.id,
            "title": pattern.title, "explanation": pattern.explanation,
            "y": chart_values(state), "summary": summary(state), "rows": table_rows(state),
        }
    return {
        "widget": reversal.WIDGET, "version": reversal.VERSION, "framings": list(reversal.FRAMINGS),
        "figure": FIGURE_ID, "results": results,
    }


def _finding_html(finding: reversal.Finding) -> str:
    return f"<p>{html.escape(finding.text)} ({html.escape(SOURCES[finding.key])})</p>"


@dataclass(frozen=True)
class StaticReversal:
    """The Reversal as HTML for the book: displays as HTML in a notebook output."""

    def to_html(self) -> str:
        """The widget's markup, with the model's results for every pair of answers."""
        e = html.escape
        empty = reversal.ReversalState()
        first = reversal.evaluate(empty)
        data = json.dumps(export(), separators=(",", ":")).replace("</", "<\\/")
        fieldsets = "".join(
            f'<fieldset class="reversal-framing" data-framing="{e(f.id)}">'
            f"<legend>{e(f.title)}</legend>"
            f'<p class="reversal-question" id="reversal-{e(f.id)}-question">{e(f.question)}</p>'
            '<div class="elysara-options">'
            + "".join(
                f'<label class="elysara-option"><input type="radio" name="reversal-{e(f.id)}" value="{e(a)}" '
                f'aria-describedby="reversal-{e(f.id)}-question"> {e(f.labels[a])}</label>'
                for a in reversal.ANSWER_IDS
            )
            + "</div></fieldset>"
            for f in reversal.FRAMINGS.values()
        )
        chart = static_figure(
            figure(empty), figure_id=FIGURE_ID, summary=summary(empty), table_header=TABLE_HEADER,
            table_rows=table_rows(empty),
        ).to_html()
        pattern = reversal.PATTERNS[first.pattern]
        return (
            f'<div class="elysara-widget reversal" data-elysara-script="{SCRIPT}">'
            f'<script type="application/json" class="elysara-widget-data">{data}</script>'
            '<p class="elysara-noscript">With JavaScript on, this page compares your two answers as you give them.</p>'
            f'<form class="reversal-form" aria-label="The Reversal: your two answers">{fieldsets}</form>'
            '<div class="reversal-result" role="status" aria-live="polite">'
            f'<p class="reversal-result-title">{e(pattern.title)}</p>'
            f'<p class="reversal-result-text">{e(pattern.explanation)}</p></div>'
            f"{chart}"
            '<details class="reversal-finding"><summary>What the research found (open it after you answer)</summary>'
            f"{_finding_html(reversal.FINDING)}{_finding_html(reversal.CRITIQUE)}</details>"
            + copy_state_html("reversal_state", rows=3) +
            "</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def static_widget() -> StaticReversal:
    """The Reversal for the book."""
    return StaticReversal()


class ReversalWidget:
    """The Reversal in a notebook: two questions, the chart and what the pair of answers shows."""

    def __init__(self, connect: str | None = None, disconnect: str | None = None) -> None:
        import ipywidgets as widgets

        initial = reversal.ReversalState(connect, disconnect)
        self.controls: dict[str, Any] = {}
        rows = []
        for framing in reversal.FRAMINGS.values():
            control = widgets.ToggleButtons(
                options=[(framing.labels[a], a) for a in reversal.ANSWER_IDS], value=getattr(initial, framing.id),
                style={"button_width": "auto"},
            )
            control.observe(self._changed, names="value")
            self.controls[framing.id] = control
            rows += [widgets.HTML(f"<b>{html.escape(framing.title)}</b><br>{html.escape(framing.question)}"), control]
        # An ordinary output, not a FigureWidget: a saved notebook keeps the chart (see live_figure).
        self.figure = figure(initial)
        self.result_text = widgets.HTML()
        self.finding = widgets.HTML(_finding_html(reversal.FINDING) + _finding_html(reversal.CRITIQUE))
        self._chart = LiveOutput("The chart appears here.")
        self.widget = widgets.VBox([*rows, self.result_text, self.finding])
        self._refresh()

    @property
    def current(self) -> reversal.ReversalState:
        """The two answers as they stand."""
        return reversal.ReversalState(**{f: c.value for f, c in self.controls.items()})

    def result(self) -> reversal.ReversalResult:
        """The model's evaluation of the current answers."""
        return reversal.evaluate(self.current)

    def state(self) -> dict[str, Any]:
        """The student's state in the contract format (paste it into the exercise notebook)."""
        return self.current.to_dict()

    def set_answer(self, framing: str, answer: str | None) -> None:
        """Answer one framing, as clicking its button would."""
        if framing not in self.controls:
            raise ValueError(f"Reversal: unknown framing {framing!r}; valid framings: {', '.join(self.controls)}")
        reversal.ReversalState(**{framing: answer})  # validates the answer
        self.controls[framing].value = answer

    def _changed(self, _change: Any) -> None:
        self._refresh()

    def _refresh(self) -> None:
        state = self.current
        pattern = reversal.PATTERNS[reversal.evaluate(state).pattern]
        with self.figure.batch_update():
            for trace, value in zip(self.figure.data, chart_values(state), strict=True):
                trace.y = [value]
        self._chart.show_figure(self.figure, "The Reversal chart (open in JupyterLab to see it).")
        self.result_text.value = (
            f"<p><b>{html.escape(pattern.title)}</b><br>{html.escape(pattern.explanation)}</p>"
            f"<p><i>{html.escape(summary(state))}</i></p>"
        )

    def display(self) -> None:
        """Show the controls, then the chart as an ordinary output that follows them."""
        from IPython.display import display

        display(self.widget)
        self._chart.display()

    def _ipython_display_(self) -> None:
        self.display()
