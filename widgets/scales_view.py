"""Views of the Scales: a live ipywidgets view for notebooks and a static view for the book.

Both views only show what :mod:`elysara.widgets.scales` computes. The static
view is HTML plus the model exported as data (:func:`scales.export`); the
site's ``scales.js`` evaluates that data (a browser test holds it to the
Python model on random states). The live view draws its chart as an ordinary
Plotly output that it updates in place, so a saved notebook still shows the
last chart after it is closed and reopened, with no widget state needed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from elysara.widgets import scales as model
from elysara.widgets.copy_state import copy_state_html
from elysara.widgets.figure import STATIC_AXIS, STATIC_LAYOUT
from elysara.widgets.live_figure import LiveOutput, figure_bundle
from elysara.widgets.palette import MUTED, colours_for, dash_for
from elysara.text.citations import IN_PROSE
from elysara.widgets.tension_data import passage_href

SCRIPT = "scales"
DEFAULT_PAGE = "book/widgets/scales"
OPTION_COLOURS = colours_for(list(model.OPTIONS))
#: Lenses in the order the menus show them (equal weights first).
LENS_ORDER = ("custom", "hedonistic", "preference", "kantian", "virtue")
RATING_WORDS = {-2: "destroys it", -1: "harms it", 0: "neither", 1: "serves it", 2: "serves it fully"}


def rating_text(score: float) -> str:
    """A rating as the page writes it: ``+2``, ``0``, ``-1``."""
    return f"{score:+g}" if score else "0"


def relief_axis_max(assessment: model.Assessment) -> float:
    """The right end of the relief-weight axis: the slider's range, widened to show every tipping point and the current weight."""
    far = max([model.SLIDER_MAX, assessment.relief_weight, *(p for p, _, _ in assessment.tipping)])
    return far if far == model.SLIDER_MAX else far * 1.15


def chart_numbers(state: model.ScalesState) -> dict[str, Any]:
    """What the chart shows for a complete state: bars, lines over the relief weight, tipping markers, axis ranges."""
    a = model.assess(state)
    x_max = relief_axis_max(a)
    lines = model.score_lines(state)
    ends = {o: (c, m * x_max + c) for o, (m, c) in lines.items()}
    line_vals = [y for pair in ends.values() for y in pair]
    bar_vals = list(a.scores.values())
    return {
        "labels": [model.OPTIONS[o].label for o in model.OPTIONS],
        "scores": [a.scores[o] for o in model.OPTIONS],
        "ruled_out": list(a.ruled_out),
        "verdict": a.verdict,
        "x_range": [0.0, x_max],
        "line_ends": ends,
        "tipping_x": [p for p, _, _ in a.tipping],
        "tipping_y": [lines[after][0] * p + lines[after][1] for p, _, after in a.tipping],
        "current": a.relief_weight,
        "bar_range": _padded(bar_vals, 0.2),
        "line_range": _padded(line_vals, 0.08),
    }


def _padded(vals: list[float], room: float) -> list[float]:
    lo, hi = min([*vals, 0.0]), max([*vals, 0.0])
    span = (hi - lo) or 1.0
    return [lo - room * span, hi + room * span]


def scales_figure(state: model.ScalesState) -> go.Figure:
    """The chart for a complete state: scores (top) and scores as the relief weight changes, others fixed (bottom)."""
    n = chart_numbers(state)
    out = set(n["ruled_out"])
    a = model.assess(state)
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.22,
                        subplot_titles=("Score of each option", "Scores as the weight on relief changes (other weights fixed)"))
    text = [f"{model._fixed(a.scores[o], 1)}" + (" ruled out" if o in out else (" ★" if o == a.verdict else ""))
            for o in model.OPTIONS]
    fig.add_trace(go.Bar(
        x=n["labels"], y=n["scores"], text=text, textposition="outside", cliponaxis=False, showlegend=False,
        name="Scores", marker={"color": [MUTED if o in out else OPTION_COLOURS[o] for o in model.OPTIONS],
                               "pattern": {"shape": ["x" if o in out else "" for o in model.OPTIONS]}},
    ), row=1, col=1)
    for i, o in enumerate(model.OPTIONS):
        y0, y1 = n["line_ends"][o]
        fig.add_trace(go.Scatter(
            x=[0.0, n["x_range"][1]], y=[y0, y1], mode="lines",
            name=model.OPTIONS[o].label + (" (ruled out)" if o in out else ""),
            line={"color": MUTED if o in out else OPTION_COLOURS[o], "dash": "dot" if o in out else dash_for(i), "width": 2.5},
        ), row=2, col=1)
    fig.add_trace(go.Scatter(x=n["tipping_x"], y=n["tipping_y"], mode="markers", name="Tipping point",
                             marker={"symbol": "diamond", "size": 12, "color": "#000"}), row=2, col=1)
    fig.add_trace(go.Scatter(x=[n["current"], n["current"]], y=n["line_range"], mode="lines", name="Your weight on relief",
                             line={"color": "#555", "dash": "dash", "width": 1.5}), row=2, col=1)
    fig.update_layout(**STATIC_LAYOUT, height=620, margin={"l": 60, "r": 20, "t": 60, "b": 40},
                      legend={"orientation": "h", "y": -0.12, "x": 0, "yanchor": "top"})
    fig.update_xaxes(STATIC_AXIS)
    fig.update_yaxes(STATIC_AXIS)
    # Category axis with the option names in order: never index numbers.
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=n["labels"], row=1, col=1)
    fig.update_yaxes(title_text="weighted score", range=n["bar_range"], row=1, col=1)
    fig.update_xaxes(type="linear", range=n["x_range"], title_text="weight on relief", row=2, col=1)
    fig.update_yaxes(title_text="score", range=n["line_range"], row=2, col=1)
    return fig


# --- The static view (the book) -------------------------------------------------


def _links(cites: tuple[str, ...] | list[str], from_doc: str) -> str:
    return ", ".join(f'<a href="{html.escape(passage_href(p, from_doc))}">{html.escape(p)}</a>' for p in cites)


def _rating_select(option: str, value: str) -> str:
    label = f"{model.OPTIONS[option].label}: {model.VALUES[value].label.lower()}"
    choices = '<option value="">not rated</option>' + "".join(
        f'<option value="{c}">{html.escape(rating_text(c))} {html.escape(RATING_WORDS[c])}</option>' for c in model.RATING_CHOICES
    )
    return f'<select class="scales-rating" data-option="{option}" data-value="{value}" aria-label="{html.escape(label)}">{choices}</select>'


def _book_cell(option: str, value: str, from_doc: str) -> str:
    r = model.DEFAULT_RATINGS[option][value]
    return (
        f'<div class="scales-book" hidden><span class="scales-book-score">The book: {html.escape(rating_text(r.score))}</span> '
        f'<details><summary>why</summary><p>{html.escape(r.reason)} ({_links(r.cites, from_doc)})</p></details></div>'
    )


def _ratings_grid(from_doc: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(o.label)}</th>' for o in model.OPTIONS.values())
    rows = []
    for v, value in model.VALUES.items():
        cells = "".join(f"<td>{_rating_select(o, v)}{_book_cell(o, v, from_doc)}</td>" for o in model.OPTIONS)
        rows.append(f'<tr><th scope="row">{html.escape(value.label)}<span class="scales-question">{html.escape(value.question)}</span></th>{cells}</tr>')
    return (f'<div class="scales-grid-wrap"><table class="scales-grid"><thead><tr><th scope="col">Value</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def _weight_rows() -> str:
    rows = []
    for v, value in model.VALUES.items():
        rid = f"scales-weight-{v}"
        rows.append(
            f'<div class="scales-weight"><label for="{rid}">{html.escape(value.label)}</label>'
            f'<input type="range" id="{rid}" class="scales-weight-input" data-value="{v}" min="0" '
            f'max="{model.SLIDER_MAX:g}" step="{model.SLIDER_STEP:g}" value="1">'
            f'<output for="{rid}">1</output></div>'
        )
    return "".join(rows)


@dataclass(frozen=True)
class StaticScales:
    """The Scales as HTML for the book: displays as HTML in a notebook output."""

    from_doc: str = DEFAULT_PAGE

    def to_html(self) -> str:
        """The widget's markup with the model's data, which the site's script evaluates."""
        data = json.dumps(model.export(), separators=(",", ":")).replace("</", "<\\/")
        lenses = "".join(f'<option value="{k}">{html.escape(model.LENSES[k].label)}</option>' for k in LENS_ORDER)
        return (
            f'<div class="elysara-widget scales-widget" data-elysara-script="{SCRIPT}">'
            f'<script type="application/json" class="elysara-widget-data">{data}</script>'
            '<p class="elysara-noscript">With JavaScript on, you rate and weigh here and the scores appear. Without '
            "it, the tables further down give the book's ratings and every lens's verdict.</p>"
            '<fieldset class="scales-step"><legend>1. Your ratings</legend>'
            "<p>Rate each option on each value yourself, from −2 (destroys it) to +2 (serves it fully). "
            "The book's ratings stay hidden until you have rated all 24, so that you read the text first.</p>"
            + _ratings_grid(self.from_doc) +
            '<p class="scales-progress" role="status">0 of 24 rated.</p>'
            '<div class="scales-buttons"><button type="button" class="elysara-button scales-reveal" disabled>'
            "Show the book's ratings beside mine</button>"
            '<button type="button" class="elysara-button scales-use-book">Skip: use the book\'s ratings</button></div>'
            "</fieldset>"
            '<fieldset class="scales-step"><legend>2. Your weights</legend>'
            '<div class="scales-lens-row"><label for="scales-lens">Start from a lens</label>'
            f'<select id="scales-lens" class="scales-lens">{lenses}</select></div>'
            '<p class="scales-lens-note"></p>'
            f'<div class="scales-weights">{_weight_rows()}</div>'
            "</fieldset>"
            '<div class="scales-result">'
            '<p class="scales-caption" role="status" aria-live="polite">Rate every option on every value to see the scores.</p>'
            '<div class="elysara-plot-live scales-chart" aria-hidden="true"></div>'
            '<ul class="scales-tipping"></ul>'
            "</div>"
            + copy_state_html("scales_state", rows=5) +
            "</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def static_widget(from_doc: str = DEFAULT_PAGE) -> StaticScales:
    """The Scales for the page ``from_doc`` of the book (links are relative to it)."""
    return StaticScales(from_doc)


def scales_summary() -> tuple[list[str], list[list[Any]]]:
    """Every lens with the book's ratings: header and rows (scores, what is ruled out, verdict, tipping point)."""
    header = ["Lens", *(f"{o.label} score" for o in model.OPTIONS.values()), "Ruled out", "Verdict",
              "Flips when relief weighs"]
    rows = []
    for lens in LENS_ORDER:
        a = model.assess(model.default_state(lens))
        rows.append([
            model.LENSES[lens].label, *(model._fixed(a.scores[o], 1) for o in model.OPTIONS),
            ", ".join(model.OPTIONS[o].label for o in a.ruled_out) or "none",
            model.OPTIONS[a.verdict].label,
            "never" if a.tipping_point is None else model._fixed(a.tipping_point, 2),
        ])
    return header, rows


def summary_markdown() -> str:
    """The lenses' results with the book's ratings, as a Markdown table (the page's text alternative)."""
    header, rows = scales_summary()
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --- The live view (notebooks) ---------------------------------------------------

class ScalesWidget:
    """The Scales in a notebook: rate first, then weigh; a chart and a state line that follow.

    ``ScalesWidget()`` starts with nothing rated; ``ScalesWidget(state)``
    picks up a saved state. ``.state()`` returns the setting as a dict; the
    widget also shows it as a line to copy into the answer cell.
    """

    def __init__(self, state: model.ScalesState | Mapping[str, Any] | None = None) -> None:
        import ipywidgets as w

        start = model.blank_state("custom") if state is None else (
            state if isinstance(state, model.ScalesState) else model.state_from_dict(state))
        self._syncing = False
        self._chart = LiveOutput("The chart appears here once every option is rated.")
        self._sentence = LiveOutput("")
        style = {"description_width": "11em"}
        choices = [("not rated", None), *((f"{rating_text(c)} {RATING_WORDS[c]}", c) for c in model.RATING_CHOICES)]
        self.ratings = {
            o: {v: w.Dropdown(options=choices, value=None if start.ratings[o][v] is None else int(start.ratings[o][v]),
                              layout=w.Layout(width="11em"), description_allow_html=False)
                for v in model.VALUES}
            for o in model.OPTIONS
        }
        header = w.HBox([w.HTML("<b>Value</b>", layout=w.Layout(width="14em"))]
                        + [w.HTML(f"<b>{html.escape(o.label)}</b>", layout=w.Layout(width="11em")) for o in model.OPTIONS.values()])
        rows = [w.HBox([w.HTML(html.escape(val.label), layout=w.Layout(width="14em"))]
                       + [self.ratings[o][v] for o in model.OPTIONS]) for v, val in model.VALUES.items()]
        self.progress = w.HTML()
        self.reveal = w.Button(description="Show the book's ratings beside mine", layout=w.Layout(width="auto"))
        self.use_book = w.Button(description="Skip: use the book's ratings", layout=w.Layout(width="auto"))
        self.book = w.HTML()
        self.lens = w.Dropdown(options=[(model.LENSES[k].label, k) for k in LENS_ORDER], value=start.lens,
                               description="Start from a lens", style=style)
        self.weights = {
            v: w.FloatSlider(value=start.weights[v], min=0, max=model.SLIDER_MAX, step=model.SLIDER_STEP,
                             description=model.VALUES[v].label, style=style,
                             layout=w.Layout(width="100%", max_width="34em"), continuous_update=False)
            for v in model.VALUES
        }
        self.answer_line = w.Textarea(description="Copy into scales_state", style=style,
                                      layout=w.Layout(width="100%", height="7em"))
        self.explanation = w.HTML()
        self.reveal.on_click(lambda _: self._show_book())
        self.use_book.on_click(lambda _: self._fill_from_book())
        self.lens.observe(self._on_lens, names="value")
        for slider in self.weights.values():
            slider.observe(self._on_change, names="value")
        for row in self.ratings.values():
            for dropdown in row.values():
                dropdown.observe(self._on_change, names="value")
        self.widget = w.VBox([
            w.HTML("<b>1. Your ratings</b> (−2 destroys it … +2 serves it fully). The book's ratings stay hidden "
                   "until you have rated all 24."),
            header, *rows, self.progress, w.HBox([self.reveal, self.use_book]), self.book,
            w.HTML("<b>2. Your weights</b>"), self.lens, *self.weights.values(),
            self.answer_line,
        ])
        self.update()

    # --- state -----------------------------------------------------------------
    def current_state(self) -> model.ScalesState:
        """The model state the controls show."""
        return model.ScalesState(
            self.lens.value,
            {v: float(s.value) for v, s in self.weights.items()},
            {o: {v: (None if d.value is None else float(d.value)) for v, d in row.items()} for o, row in self.ratings.items()},
        )

    def state(self) -> dict[str, Any]:
        """The student's setting in the contract format (paste it into an answer cell)."""
        return self.current_state().to_dict()

    def answer_text(self) -> str:
        """The whole line to paste into the notebook's state cell."""
        from elysara.exercises.notebooks.build import python_literal

        return f"scales_state = {python_literal(self.state())}"

    # --- events ----------------------------------------------------------------
    def _on_lens(self, change: Mapping[str, Any]) -> None:
        self._syncing = True
        try:
            for v, slider in self.weights.items():
                slider.value = float(model.LENSES[change["new"]].weights[v])
        finally:
            self._syncing = False
        self.update()

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self.update()

    def _fill_from_book(self) -> None:
        self._syncing = True
        try:
            for o, row in self.ratings.items():
                for v, dropdown in row.items():
                    dropdown.value = int(model.DEFAULT_RATINGS[o][v].score)
        finally:
            self._syncing = False
        self.update()
        self._show_book()

    def _show_book(self) -> None:
        state = self.current_state()
        if not state.complete:
            return
        rows = "".join(
            f"<tr><td>{html.escape(model.OPTIONS[o].label)}</td><td>{html.escape(model.VALUES[v].label)}</td>"
            f"<td>{html.escape(rating_text(state.ratings[o][v]))}</td><td>{html.escape(rating_text(r.score))}</td>"
            f"<td>{html.escape(r.reason)} ({', '.join(r.cites)})</td></tr>"
            for o in model.OPTIONS for v, r in model.DEFAULT_RATINGS[o].items()
        )
        self.book.value = ("<table><thead><tr><th>Option</th><th>Value</th><th>Yours</th><th>The book</th><th>Why</th></tr>"
                           f"</thead><tbody>{rows}</tbody></table>")

    # --- drawing -----------------------------------------------------------------
    def current_figure(self) -> go.Figure | None:
        """The chart the widget shows now (None until every option is rated)."""
        state = self.current_state()
        return scales_figure(state) if state.complete else None

    def update(self) -> None:
        """Recompute the model; redraw the chart output and the sentence in place."""
        state = self.current_state()
        done = 24 - len(state.unrated)
        self.progress.value = f"<p>{done} of 24 rated.</p>"
        self.reveal.disabled = not state.complete
        self.answer_line.value = self.answer_text()
        if state.complete:
            sentence = model.assess(state).explanation()
            self._chart.show(figure_bundle(scales_figure(state), "The Scales chart (open in JupyterLab to see it)."))
        else:
            sentence = f"Rate every option on every value to see the scores ({done} of 24 rated)."
        self.explanation.value = f"<p>{html.escape(sentence)}</p>"
        self._sentence.show({"text/html": self.explanation.value, "text/plain": sentence})

    def display(self) -> None:
        """Show the controls, then the chart and the verdict as ordinary outputs that follow them."""
        from IPython.display import display

        display(self.widget)
        # Ordinary outputs updated in place (not widgets): the notebook file
        # keeps the last chart and sentence, so they still show after saving
        # and reopening, with no widget state.
        self._chart.display()
        self._sentence.display()

    def _ipython_display_(self) -> None:
        self.display()


# --- Text for the book page (MyST Markdown, rendered by myst-nb) -------------------

_PASSAGE_ID = IN_PROSE  # the {passage} role checks each id against the text


def _with_passage_links(text: str) -> str:
    """Turn passage ids in running text into {passage} links."""
    return _PASSAGE_ID.sub(lambda m: "{passage}`" + m.group(1) + "`", text)


def lenses_markdown() -> str:
    """Each preset lens: its weights, its justification and what it concludes with the book's ratings, as MyST Markdown."""
    parts = []
    for lens in LENS_ORDER[1:]:
        spec = model.LENSES[lens]
        a = model.assess(model.default_state(lens))
        weights = ", ".join(f"{model.VALUES[v].label.lower()} {spec.weights[v]:g}" for v in model.VALUES)
        refs = (" Read: " + "; ".join("{cite:t}`" + key + "`" for key in spec.references) + ".") if spec.references else ""
        constraint = f" **Side-constraint:** {spec.constraint.explanation}" if spec.constraint else ""
        parts.append(
            f"**{spec.label}.** {_with_passage_links(spec.justification)}{refs}\n\n"
            + (f"- {constraint.strip()}\n" if constraint else "")
            + f"- **Weights:** {weights}.\n"
            f"- **With the book's ratings:** {a.explanation()}\n"
        )
    return "\n".join(parts)


def ratings_markdown() -> str:
    """The book's ratings with their reasons, one table per option, as MyST Markdown."""
    parts = []
    for o, option in model.OPTIONS.items():
        rows = [f"| {model.VALUES[v].label} | {rating_text(r.score)} | {_with_passage_links(r.reason)} "
                f"({', '.join('{passage}`' + c + '`' for c in r.cites)}) |"
                for v, r in model.DEFAULT_RATINGS[o].items()]
        parts.append(f"**{option.label}**: {option.description}\n\n| Value | Rating | Why |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)
