"""Views of the Nexus: a live ipywidgets view for notebooks and a static Plotly view for the book.

Both views only draw what :mod:`elysara.widgets.nexus` computes. The static
view runs the model at build time for each of the 21 values of h on its slider.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from elysara.widgets import nexus as model
from elysara.widgets.figure import STATIC_AXIS, STATIC_LAYOUT, StaticFigure, round_sig, static_figure
from elysara.widgets.palette import OKABE_ITO, dash_for

#: The four measures: attribute of NexusRun, label, colour.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("mean_suffering", "Mean suffering", OKABE_ITO["vermillion"]),
    ("individuality", "Individuality index", OKABE_ITO["blue"]),
    ("diversity", "Diversity of top preferences", OKABE_ITO["bluish_green"]),
    ("dissent_suppressed", "Dissent suppressed", OKABE_ITO["reddish_purple"]),
)
STATIC_H = np.round(np.linspace(0.0, 1.0, 21), 2)
FRONTIER_TRACE = len(MEASURES)  # index of the frontier line
CURRENT_TRACE = len(MEASURES) + 1  # index of the "you are here" point


def _h_label(h: float) -> str:
    return f"{h:.2f}"


def _figure_skeleton(steps: int) -> go.Figure:
    fig = make_subplots(
        rows=2, cols=1, vertical_spacing=0.2,
        subplot_titles=("Over time, at the chosen h", "The frontier: one point per h"),
    )
    for i, (_, label, colour) in enumerate(MEASURES):
        fig.add_trace(go.Scatter(x=list(range(steps + 1)), y=[], mode="lines", name=label,
                                 line={"color": colour, "dash": dash_for(i), "width": 2.5},
                                 hovertemplate=f"{label}: %{{y:.3f}} at step %{{x}}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="lines+markers", name="Frontier (final values)", showlegend=False,
                             line={"color": "#555"}, marker={"size": 6, "color": "#555"},
                             hovertemplate="individuality %{x:.3f}, suffering %{y:.3f}<br>%{text}<extra></extra>"),
                  row=2, col=1)
    fig.add_trace(go.Scatter(x=[], y=[], mode="markers+text", name="Chosen h", showlegend=False,
                             marker={"size": 15, "symbol": "star", "color": OKABE_ITO["orange"], "line": {"color": "#000", "width": 1}},
                             textposition="top right", hoverinfo="skip"), row=2, col=1)
    fig.update_layout(**STATIC_LAYOUT, height=760, margin={"l": 60, "r": 20, "t": 90, "b": 80},
                      legend={"orientation": "h", "x": 0, "y": 1.06, "yanchor": "bottom"})
    fig.update_xaxes(STATIC_AXIS)
    fig.update_yaxes(STATIC_AXIS)
    fig.update_xaxes(title_text="step", row=1, col=1)
    fig.update_yaxes(title_text="level", row=1, col=1)
    fig.update_xaxes(title_text="individuality index", range=[-0.05, 1.08], row=2, col=1)
    fig.update_yaxes(title_text="mean suffering at the end", row=2, col=1)
    return fig


def _series(run: model.NexusRun) -> list[list[float]]:
    return [round_sig(getattr(run, attr)) for attr, _, _ in MEASURES]


def static_nexus_figure(**settings: Any) -> go.Figure:
    """The Nexus as a Plotly figure whose slider steps through 21 values of h (0 to 1).

    Every step's lines are the model's output for that h, rounded to four
    significant digits; the frontier is the same runs' final values.
    """
    sweep = model.sweep(STATIC_H, **settings)
    steps = sweep.runs[0].params.steps
    fig = _figure_skeleton(steps)
    start = int(np.argmin(np.abs(STATIC_H - 0.5)))
    for i, ys in enumerate(_series(sweep.runs[start])):
        fig.data[i].y = ys
    fig.data[FRONTIER_TRACE].x = round_sig(sweep.individuality)
    fig.data[FRONTIER_TRACE].y = round_sig(sweep.mean_suffering)
    fig.data[FRONTIER_TRACE].text = [f"h = {_h_label(h)}" for h in STATIC_H]

    def current(i: int) -> tuple[list[float], list[float], list[str]]:
        return round_sig([sweep.individuality[i]]), round_sig([sweep.mean_suffering[i]]), [f"h = {_h_label(STATIC_H[i])}"]

    fig.data[CURRENT_TRACE].x, fig.data[CURRENT_TRACE].y, fig.data[CURRENT_TRACE].text = current(start)
    steps_json = []
    for i, run in enumerate(sweep.runs):
        cx, cy, ct = current(i)
        steps_json.append({
            "method": "restyle", "label": _h_label(STATIC_H[i]), "value": _h_label(STATIC_H[i]),
            "args": [{"y": [*_series(run), cy], "x": [list(range(steps + 1))] * len(MEASURES) + [cx],
                      "text": [None] * len(MEASURES) + [ct]},
                     [*range(len(MEASURES)), CURRENT_TRACE]],
        })
    fig.update_layout(sliders=[{
        "active": start, "steps": steps_json, "x": 0, "len": 1, "y": -0.12, "yanchor": "top", "pad": {"t": 30},
        "currentvalue": {"prefix": "Harmonization strength h: ", "font": {"size": 13}},
    }])
    return fig


def nexus_summary(**settings: Any) -> tuple[str, list[str], list[list[Any]]]:
    """The figure's text alternative: one sentence and the final values at each h, from the model."""
    sweep = model.sweep(STATIC_H, **settings)
    header = ["h", *(label for _, label, _ in MEASURES)]
    rows = [[_h_label(h), *(round_sig(float(getattr(sweep, attr)[i]), 3) for attr, _, _ in MEASURES)]
            for i, h in enumerate(STATIC_H)]
    mid = int(np.argmin(np.abs(STATIC_H - 0.5)))
    steps = sweep.runs[0].params.steps
    summary = (
        f"After {steps} steps, raising harmonization h from 0 to 1 lowers mean suffering from "
        f"{sweep.mean_suffering[0]:.2f} to {sweep.mean_suffering[-1]:.2f} and the individuality index from "
        f"{sweep.individuality[0]:.2f} to {sweep.individuality[-1]:.2f}; at h = 0.5 suffering is "
        f"{sweep.mean_suffering[mid]:.2f} and individuality {sweep.individuality[mid]:.2f}."
    )
    return summary, header, rows


def nexus_static(**settings: Any) -> StaticFigure:
    """The Nexus for the book: figure, summary sentence and table."""
    summary, header, rows = nexus_summary(**settings)
    return static_figure(static_nexus_figure(**settings), figure_id="nexus", summary=summary,
                         table_header=header, table_rows=rows)


class NexusWidget:
    """The Nexus in a notebook: move h (and the population) and watch the charts follow.

    ``NexusWidget().display()`` shows it; ``.state()`` returns the settings as a JSON-able dict.
    """

    def __init__(self, params: model.NexusParams | None = None) -> None:
        import ipywidgets as w

        p = params or model.NexusParams()
        style = {"description_width": "10em"}
        layout = w.Layout(width="100%", max_width="32em")
        self.h = w.FloatSlider(value=p.h, min=0, max=1, step=0.05, description="Harmonization h",
                               style=style, layout=layout, continuous_update=False)
        self.citizens = w.IntSlider(value=p.citizens, min=50, max=2000, step=50, description="Citizens",
                                    style=style, layout=layout, continuous_update=False)
        self.steps = w.IntSlider(value=p.steps, min=10, max=300, step=10, description="Steps",
                                 style=style, layout=layout, continuous_update=False)
        self.seed = w.BoundedIntText(value=p.seed, min=0, max=2**31 - 1, description="Random seed", style=style)
        self.readout = w.HTML()
        self.figure = go.FigureWidget(_figure_skeleton(p.steps))
        self._sweep: model.Sweep | None = None
        self.h.observe(lambda _: self.update(), names="value")
        for control in (self.citizens, self.steps, self.seed):
            control.observe(lambda _: self.update(resweep=True), names="value")
        self.widget = w.VBox([self.h, self.citizens, self.steps, self.seed, self.figure, self.readout])
        self.update(resweep=True)

    def params(self) -> model.NexusParams:
        """The model settings the controls show."""
        return model.NexusParams(h=float(self.h.value), citizens=int(self.citizens.value),
                                 steps=int(self.steps.value), seed=int(self.seed.value))

    def state(self) -> dict[str, object]:
        """The settings as a JSON-able dict (``{"widget": "nexus", ...}``)."""
        return model.state_of(self.params())

    def update(self, resweep: bool = False) -> None:
        """Rerun the model and redraw the charts in place."""
        p = self.params()
        run = model.run(p)
        if resweep or self._sweep is None:
            self._sweep = model.sweep(STATIC_H, citizens=p.citizens, steps=p.steps, seed=p.seed)
        sweep = self._sweep
        final = run.final()
        with self.figure.batch_update():
            for i, (attr, _, _) in enumerate(MEASURES):
                self.figure.data[i].x = list(range(p.steps + 1))
                self.figure.data[i].y = getattr(run, attr)
            self.figure.data[FRONTIER_TRACE].x = sweep.individuality
            self.figure.data[FRONTIER_TRACE].y = sweep.mean_suffering
            self.figure.data[FRONTIER_TRACE].text = [f"h = {_h_label(h)}" for h in STATIC_H]
            self.figure.data[CURRENT_TRACE].x = [final["individuality"]]
            self.figure.data[CURRENT_TRACE].y = [final["mean_suffering"]]
            self.figure.data[CURRENT_TRACE].text = [f"h = {_h_label(p.h)}"]
        self.readout.value = (
            f"<p>At h = {p.h:.2f}, after {p.steps} steps: mean suffering {final['mean_suffering']:.3f}, "
            f"individuality {final['individuality']:.3f}, diversity {final['diversity']:.3f}, "
            f"dissent suppressed {final['dissent_suppressed']:.0%}.</p>"
        )

    def display(self) -> None:
        """Show the widget (in a notebook). Returns nothing, so the cell does not show it twice."""
        from IPython.display import display

        display(self.widget)

    def _ipython_display_(self) -> None:
        self.display()
