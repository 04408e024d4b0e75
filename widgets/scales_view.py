"""Views of the Scales: a live ipywidgets view for notebooks and a static Plotly view for the book.

Both views only draw what :mod:`elysara.widgets.scales` computes. The static
view runs the model at build time for every step of its slider and every
lens button, so the page needs no kernel and no copy of the model in JavaScript.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from elysara.widgets import scales as model
from elysara.widgets.figure import STATIC_AXIS, STATIC_LAYOUT, StaticFigure, round_sig, static_figure
from elysara.widgets.palette import MUTED, colours_for, dash_for
from elysara.text.citations import IN_PROSE

OPTION_COLOURS = colours_for(list(model.OPTIONS))
#: Lenses in the order the page's buttons show them (equal weights first).
LENS_ORDER = ("custom", "hedonistic", "preference", "kantian", "virtue")
_NICE_RATIOS = (0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10)


def lens_ratio(lens: str) -> float:
    """The peace:autonomy ratio of a lens's own weights."""
    r = model.ratio(model.default_state(lens))
    assert r is not None and math.isfinite(r), "every preset weighs autonomy"
    return r


def slider_ratios() -> list[float]:
    """The ratios on the static slider: round values plus each lens's own ratio."""
    return sorted({*map(float, _NICE_RATIOS), *(round(lens_ratio(lens), 4) for lens in LENS_ORDER)})


def curve_ratios(n: int = 61) -> list[float]:
    """Ratios for the sensitivity curves: evenly spaced on a log scale from 0.1 to 10."""
    return [10 ** (-1 + 2 * i / (n - 1)) for i in range(n)]


def _bar_text(assessment: model.Assessment, option: str) -> str:
    score = f"{assessment.scores[option]:.1f}"
    if option in assessment.ruled_out:
        return f"{score}<br>ruled out"
    if option == assessment.verdict:
        return f"{score}<br>★ verdict"
    return score


def bars_at(state: model.ScalesState) -> tuple[list[float], list[str]]:
    """The bar heights (model scores, rounded) and labels for one state."""
    a = model.assess(state)
    return round_sig([a.scores[o] for o in model.OPTIONS]), [_bar_text(a, o) for o in model.OPTIONS]


def _ratio_label(r: float) -> str:
    return f"{r:.3g}"


# --- The static view ----------------------------------------------------------

def static_scales_figure() -> go.Figure:
    """The Scales as a Plotly figure with its own slider (the ratio) and buttons (the lenses).

    Trace layout, per lens in LENS_ORDER: one bar trace (scores at the slider's
    ratio), one line per option (score against the ratio) and one marker
    trace for the tipping points. The slider restyles only the bar traces.
    """
    ratios = slider_ratios()
    curve = curve_ratios()
    labels = [model.OPTIONS[o].label for o in model.OPTIONS]
    fig = make_subplots(
        rows=2, cols=1, vertical_spacing=0.2,
        subplot_titles=("Score of each option", "Scores as the ratio changes"),
    )
    bar_index: dict[str, int] = {}
    trace_lens: list[str] = []
    for lens in LENS_ORDER:
        base = model.default_state(lens)
        visible = lens == LENS_ORDER[0]
        out = set(model.ruled_out(base))
        y, text = bars_at(model.with_ratio(base, 1.0))
        bar_index[lens] = len(fig.data)
        fig.add_trace(go.Bar(
            x=labels, y=y, text=text, textposition="outside", cliponaxis=False, visible=visible,
            name=f"Scores ({model.LENSES[lens].label})", showlegend=False,
            marker={"color": [MUTED if o in out else OPTION_COLOURS[o] for o in model.OPTIONS],
                    "pattern": {"shape": ["x" if o in out else "" for o in model.OPTIONS]}},
            hovertemplate="%{x}: %{y:.2f}<extra></extra>",
        ), row=1, col=1)
        trace_lens.append(lens)
        for i, o in enumerate(model.OPTIONS):
            ys = round_sig([model.scores(model.with_ratio(base, r))[o] for r in curve])
            name = model.OPTIONS[o].label + (" (ruled out)" if o in out else "")
            fig.add_trace(go.Scatter(
                x=round_sig(curve), y=ys, mode="lines", name=name, legendgroup=o, visible=visible,
                line={"color": MUTED if o in out else OPTION_COLOURS[o], "dash": "dot" if o in out else dash_for(i), "width": 2.5},
                hovertemplate=f"{name}: %{{y:.2f}} at ratio %{{x:.2f}}<extra></extra>",
            ), row=2, col=1)
            trace_lens.append(lens)
        tips = model.tipping_points(base)
        fig.add_trace(go.Scatter(
            x=round_sig([p for p, _, _ in tips]),
            y=round_sig([model.scores(model.with_ratio(base, p))[after] for p, _, after in tips]),
            mode="markers+text", marker={"symbol": "diamond", "size": 12, "color": "#000"},
            text=[f"{p:.2f}" for p, _, _ in tips], textposition="top center", visible=visible,
            name="Tipping point", showlegend=False,
            hovertemplate="Tipping point: ratio %{x:.3f}<extra></extra>",
        ), row=2, col=1)
        trace_lens.append(lens)

    bar_traces = [bar_index[lens] for lens in LENS_ORDER]

    def bars_for_step(r: float) -> tuple[list[list[float]], list[list[str]]]:
        ys, texts = [], []
        for lens in LENS_ORDER:
            y, t = bars_at(model.with_ratio(model.default_state(lens), r))
            ys.append(y)
            texts.append(t)
        return ys, texts

    def ratio_marker(r: float) -> dict[str, Any]:
        return {"shapes[0].x0": round_sig(r), "shapes[0].x1": round_sig(r),
                "annotations[2].x": math.log10(r), "annotations[2].text": f"you: {_ratio_label(r)}"}

    steps = []
    for r in ratios:
        ys, texts = bars_for_step(r)
        steps.append({
            "method": "update", "label": _ratio_label(r), "value": _ratio_label(r),
            "args": [{"y": ys, "text": texts}, ratio_marker(r), bar_traces],
        })
    start = ratios.index(1.0)

    # Lens buttons: show that lens's traces, move the slider to the lens's own
    # ratio and redraw every lens's bars at it (the slider is shared).
    buttons = []
    for lens in LENS_ORDER:
        i = ratios.index(round(lens_ratio(lens), 4))
        ys, texts = bars_for_step(ratios[i])
        ranges = _y_ranges(lens, ratios, curve)
        buttons.append({
            "method": "update", "label": model.LENSES[lens].label,
            "args": [
                _all_traces_update(fig, [tl == lens for tl in trace_lens], dict(zip(bar_traces, zip(ys, texts)))),
                {**ratio_marker(ratios[i]), "sliders[0].active": i, "yaxis.range": ranges[0], "yaxis2.range": ranges[1]},
            ],
        })

    start_ranges = _y_ranges(LENS_ORDER[0], ratios, curve)
    fig.update_layout(
        **STATIC_LAYOUT,
        height=700,
        margin={"l": 60, "r": 20, "t": 60, "b": 80},
        legend={"orientation": "h", "y": -0.17, "x": 0, "yanchor": "top", "title": {"text": "Line for:"}},
        shapes=[{"type": "line", "xref": "x2", "yref": "y2 domain", "x0": 1.0, "x1": 1.0, "y0": 0, "y1": 1,
                 "line": {"color": "#555", "width": 1.5, "dash": "dash"}}],
        updatemenus=[{
            # A dropdown, not a row of buttons: five lens names do not fit across a phone.
            "type": "dropdown", "name": "Lens", "direction": "down",
            "x": 0, "xanchor": "left", "y": 1.12, "yanchor": "bottom",
            "showactive": True, "active": 0, "pad": {"r": 4, "t": 0}, "buttons": buttons,
        }],
        sliders=[{
            "active": start, "steps": steps, "x": 0, "len": 1, "y": -0.26, "yanchor": "top",
            "currentvalue": {"prefix": "Peace counts this many times as much as autonomy: ", "font": {"size": 13}},
            "pad": {"t": 10},
        }],
    )
    fig.update_xaxes(STATIC_AXIS)
    fig.update_yaxes(STATIC_AXIS)
    fig.update_yaxes(title_text="weighted score", range=start_ranges[0], row=1, col=1)
    fig.update_yaxes(title_text="score", range=start_ranges[1], row=2, col=1)
    fig.update_xaxes(type="log", title_text="peace : autonomy weight ratio", row=2, col=1)
    fig.add_annotation(x=0, y=0.02, xref="x2", yref="y2 domain", text="you: 1", showarrow=False,
                       yanchor="bottom", xanchor="left", font={"size": 11, "color": "#555"}, bgcolor="white")
    return fig


def _all_traces_update(fig: go.Figure, visible: list[bool], bars: Mapping[int, tuple[list[float], list[str]]]) -> dict[str, Any]:
    """A data update for every trace: visibility, plus new bars where given.

    Plotly.update applies one list of trace indices to every key, so a button
    cannot set ``visible`` on all traces and ``y`` on the bars only: the other
    traces get their own data back unchanged.
    """
    ys = [list(t.y) if t.y is not None else [] for t in fig.data]
    texts = [list(t.text) if isinstance(t.text, (list, tuple)) else t.text for t in fig.data]
    for trace, (y, text) in bars.items():
        ys[trace], texts[trace] = y, text
    return {"visible": visible, "y": ys, "text": texts}


def _y_ranges(lens: str, ratios: Sequence[float], curve: Sequence[float]) -> tuple[list[float], list[float]]:
    """Fixed y ranges for a lens, so bars do not jump as the slider moves."""
    base = model.default_state(lens)
    bar_vals = [s for r in ratios for s in model.scores(model.with_ratio(base, r)).values()]
    line_vals = [s for r in curve for s in model.scores(model.with_ratio(base, r)).values()]

    def padded(vals: Sequence[float], top_room: float) -> list[float]:
        lo, hi = min(vals + [0.0]), max(vals + [0.0])
        span = (hi - lo) or 1.0
        # Room below too: a negative bar's label sits under it.
        return round_sig([lo - top_room * span, hi + top_room * span])

    return padded(bar_vals, 0.25), padded(line_vals, 0.12)


def scales_summary() -> tuple[str, list[str], list[list[Any]]]:
    """The figure's text alternative: one sentence and a table, both from the model."""
    header = ["Lens", "Peace : autonomy", *(f"{model.OPTIONS[o].label} score" for o in model.OPTIONS),
              "Ruled out", "Verdict", "Flips at ratio"]
    rows = []
    for lens in LENS_ORDER:
        a = model.assess(model.default_state(lens))
        rows.append([
            model.LENSES[lens].label, round(a.ratio or 0.0, 2), *(round(a.scores[o], 2) for o in model.OPTIONS),
            ", ".join(model.OPTIONS[o].label for o in a.ruled_out) or "none",
            model.OPTIONS[a.verdict].label,
            "never" if a.tipping_point is None else f"{a.tipping_point:.2f}",
        ])
    eq = model.assess(model.default_state("custom"))
    flip = next((after for p, _, after in eq.tipping if p == eq.tipping_point), None)
    summary = (
        f"With equal weights, {model.OPTIONS[eq.verdict].label} scores highest ({eq.scores[eq.verdict]:.1f}), "
        + (f"and the verdict flips to {model.OPTIONS[flip].label} only once peace weighs "
           f"{eq.tipping_point:.2f} times as much as autonomy; " if flip else "at every peace:autonomy ratio; ")
        + "the table gives every lens's scores, verdict and tipping point."
    )
    return summary, header, rows


def scales_static() -> StaticFigure:
    """The Scales for the book: figure, summary sentence and table."""
    summary, header, rows = scales_summary()
    return static_figure(static_scales_figure(), figure_id="scales", summary=summary, table_header=header, table_rows=rows)


# --- The live view (notebooks) ---------------------------------------------------

class ScalesWidget:
    """The Scales in a notebook: sliders for weights and ratings, a chart that follows them.

    ``ScalesWidget().display()`` shows it; ``.state()`` returns the student's
    setting as a JSON-able dict to paste into an answer cell.
    """

    def __init__(self, state: model.ScalesState | Mapping[str, Any] | None = None) -> None:
        import ipywidgets as w

        self._state = model.default_state("custom") if state is None else model._as_state(state)
        self._syncing = False
        style = {"description_width": "11em"}
        layout = w.Layout(width="100%", max_width="32em")
        self.lens = w.Dropdown(options=[(model.LENSES[k].label, k) for k in LENS_ORDER], value=self._state.lens,
                               description="Lens", style=style, layout=layout)
        self.weights = {
            v: w.FloatSlider(value=self._state.weights[v], min=0, max=10, step=0.5, description=model.VALUES[v].label,
                             style=style, layout=layout, continuous_update=False)
            for v in model.VALUES
        }
        self.ratings = {
            o: {v: w.IntSlider(value=int(round(self._state.ratings[o][v])), min=-2, max=2,
                               description=model.VALUES[v].label, style=style, layout=layout,
                               tooltip=model.DEFAULT_RATINGS[o][v].reason, continuous_update=False)
                for v in model.VALUES}
            for o in model.OPTIONS
        }
        self.explanation = w.HTML()
        self.figure = self._make_figure()
        self.lens.observe(self._on_lens, names="value")
        for slider in self.weights.values():
            slider.observe(self._on_change, names="value")
        for row in self.ratings.values():
            for slider in row.values():
                slider.observe(self._on_change, names="value")
        ratings_box = w.Accordion(children=[w.VBox(list(self.ratings[o].values())) for o in model.OPTIONS])
        for i, o in enumerate(model.OPTIONS):
            ratings_box.set_title(i, f"Ratings of {model.OPTIONS[o].label} (-2 destroys, +2 serves fully)")
        self.controls = w.VBox([self.lens, w.HTML("<b>Weights</b>"), *self.weights.values(),
                                w.HTML("<b>Ratings</b>"), ratings_box])
        self.widget = w.VBox([self.controls, self.figure, self.explanation])
        self.update()

    def _make_figure(self) -> go.FigureWidget:
        fig = make_subplots(rows=2, cols=1, vertical_spacing=0.18,
                            subplot_titles=("Score of each option", "Scores as peace's weight grows"))
        labels = [model.OPTIONS[o].label for o in model.OPTIONS]
        fig.add_trace(go.Bar(x=labels, y=[0] * 4, textposition="outside", cliponaxis=False, showlegend=False,
                             name="Scores"), row=1, col=1)
        for i, o in enumerate(model.OPTIONS):
            fig.add_trace(go.Scatter(x=curve_ratios(), y=[0] * 61, mode="lines", name=model.OPTIONS[o].label,
                                     line={"color": OPTION_COLOURS[o], "dash": dash_for(i)}), row=2, col=1)
        fig.add_trace(go.Scatter(x=[], y=[], mode="markers", name="Tipping point", showlegend=False,
                                 marker={"symbol": "diamond", "size": 12, "color": "#000"}), row=2, col=1)
        fig.add_trace(go.Scatter(x=[], y=[], mode="lines", name="Your ratio", showlegend=False,
                                 line={"color": "#555", "dash": "dash"}), row=2, col=1)
        fig.update_layout(**STATIC_LAYOUT, height=600, margin={"l": 60, "r": 20, "t": 60, "b": 40})
        fig.update_xaxes(type="log", title_text="peace : autonomy weight ratio", row=2, col=1)
        return go.FigureWidget(fig)

    def _on_lens(self, change: Mapping[str, Any]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            with self.figure.batch_update():
                for v, slider in self.weights.items():
                    slider.value = float(model.LENSES[change["new"]].weights[v])
        finally:
            self._syncing = False
        self.update()

    def _on_change(self, change: Mapping[str, Any]) -> None:
        if not self._syncing:
            self.update()

    def current_state(self) -> model.ScalesState:
        """The model state the controls show."""
        return model.ScalesState(
            self.lens.value,
            {v: float(s.value) for v, s in self.weights.items()},
            {o: {v: float(s.value) for v, s in row.items()} for o, row in self.ratings.items()},
        )

    def state(self) -> dict[str, Any]:
        """The student's setting in the contract format (paste it into an answer cell)."""
        return self.current_state().to_dict()

    def update(self) -> None:
        """Recompute the model and redraw the chart in place."""
        state = self.current_state()
        a = model.assess(state)
        out = set(a.ruled_out)
        y, text = bars_at(state)
        fig = self.figure
        with fig.batch_update():
            bars = fig.data[0]
            bars.y, bars.text = y, text
            bars.marker.color = [MUTED if o in out else OPTION_COLOURS[o] for o in model.OPTIONS]
            bars.marker.pattern.shape = ["x" if o in out else "" for o in model.OPTIONS]
            if state.weights["autonomy"] > 0:
                curve = curve_ratios()
                series = [model.scores(model.with_ratio(state, r)) for r in curve]
                for i, o in enumerate(model.OPTIONS):
                    fig.data[1 + i].y = [s[o] for s in series]
                    fig.data[1 + i].name = model.OPTIONS[o].label + (" (ruled out)" if o in out else "")
                fig.data[5].x = [p for p, _, _ in a.tipping]
                fig.data[5].y = [model.scores(model.with_ratio(state, p))[after] for p, _, after in a.tipping]
                if a.ratio is not None and math.isfinite(a.ratio) and a.ratio > 0:
                    lo = min(min(s.values()) for s in series)
                    hi = max(max(s.values()) for s in series)
                    fig.data[6].x, fig.data[6].y = [a.ratio, a.ratio], [lo, hi]
                else:
                    fig.data[6].x, fig.data[6].y = [], []
            else:
                for i in range(1, 7):
                    fig.data[i].y = []
                fig.data[5].x = fig.data[6].x = []
        note = "" if state.weights["autonomy"] > 0 else " (With autonomy weighted 0 the ratio is undefined, so the lower chart is empty.)"
        self.explanation.value = f"<p>{a.explanation()}{note}</p>"

    def display(self) -> None:
        """Show the widget (in a notebook). Returns nothing, so the cell does not show it twice."""
        from IPython.display import display

        display(self.widget)

    def _ipython_display_(self) -> None:
        self.display()


# --- Text for the book page (MyST Markdown, rendered by myst-nb) -------------------

_PASSAGE_ID = IN_PROSE  # the {passage} role checks each id against the text


def _with_passage_links(text: str) -> str:
    """Turn passage ids in running text into {passage} links."""
    return _PASSAGE_ID.sub(lambda m: "{passage}`" + m.group(1) + "`", text)


def lenses_markdown() -> str:
    """Each preset lens: its weights, its justification and what it concludes, as MyST Markdown."""
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
            f"- **What it concludes:** {a.explanation()}\n"
        )
    return "\n".join(parts)


def ratings_markdown() -> str:
    """The default ratings with their reasons, one table per option, as MyST Markdown."""
    parts = []
    for o, option in model.OPTIONS.items():
        rows = [f"| {model.VALUES[v].label} | {f'{r.score:+g}' if r.score else '0'} | {_with_passage_links(r.reason)} "
                f"({', '.join('{passage}`' + c + '`' for c in r.cites)}) |"
                for v, r in model.DEFAULT_RATINGS[o].items()]
        parts.append(f"**{option.label}**: {option.description}\n\n| Value | Rating | Why |\n| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)
