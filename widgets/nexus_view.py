"""Views of the Nexus: a live view for notebooks and a static view for the book.

Both only show what :mod:`elysara.widgets.nexus` computes. The static view is
HTML plus the model's results over a grid of its three settings
(:func:`nexus.grid_results`); the site's ``nexus.js`` only looks numbers up in
it and writes the same sentence as :func:`caption` (a browser test holds the
two to identical output). The live view draws its chart as an ordinary
Plotly output updated in place, so a saved notebook still shows the last
chart after it is closed and reopened.
"""

from __future__ import annotations

import html
import json
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from elysara.widgets import nexus as model
from elysara.widgets.figure import STATIC_AXIS, STATIC_LAYOUT
from elysara.widgets.live_figure import LiveOutput
from elysara.widgets.palette import MUTED, OKABE_ITO, dash_for
from elysara.widgets.scales import _fixed as fixed

SCRIPT = "nexus"
#: The four measures: attribute of NexusRun, label, colour.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("mean_suffering", "Mean suffering", OKABE_ITO["vermillion"]),
    ("individuality", "Individuality", OKABE_ITO["blue"]),
    ("diversity", "Diversity of first priorities", OKABE_ITO["bluish_green"]),
    ("converted", "Converted to the majority's first priority", OKABE_ITO["reddish_purple"]),
)
#: What the static page's claim menu calls each grid value.
CLAIM_WORDS = {0.0: "false", 0.05: "weak", 0.1: "as strong as life's losses", 0.2: "strong"}
#: The static page starts here (grid values): no relief dial, half harmony, the claim as strong as life's losses.
START = {"relief": 0.0, "harmony": 0.5, "claim": 0.1}


def caption(relief: float, harmony: float, claim: float, steps: int, majority: str,
            final: dict[str, float], suffering_at_harmony_0: float) -> str:
    """What the numbers say, in words: the same sentence the static page writes."""
    s, s0, i = final["mean_suffering"], suffering_at_harmony_0, final["individuality"]
    parts = [
        f"Relief {fixed(relief, 2)}, harmony {fixed(harmony, 2)}, the woman's claim {fixed(claim, 2)}: after {steps} steps "
        f"mean suffering is {fixed(s, 2)}, individuality {fixed(i, 2)}, diversity {fixed(final['diversity'], 2)}, and "
        f"{fixed(100 * final['converted'], 0)}% of the citizens who did not put {majority} first now do.",
    ]
    if harmony == 0:
        parts.append("With harmony 0 no one's mind has moved.")
    elif s == s0:
        reason = "the claim is false: being different causes no pain" if claim == 0 else "the relief dial already removes all pain"
        parts.append(f"Harmonizing changes nothing about suffering here ({reason}): it costs "
                     f"{fixed(1 - i, 2)} of individuality for nothing.")
    else:
        parts.append(f"Compared with harmony 0, harmonizing took suffering from {fixed(s0, 2)} to {fixed(s, 2)} "
                     f"and cost {fixed(1 - i, 2)} of individuality.")
    return " ".join(parts)


# --- The chart (live view) ------------------------------------------------------------


def nexus_figure(current: model.NexusRun, frontier: model.Sweep, claim_false: model.Sweep) -> go.Figure:
    """Over time at the chosen settings (top); the frontier across harmony, with the claim as set and false (bottom)."""
    p = current.params
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.2,
                        subplot_titles=("Over time, at the chosen settings",
                                        "The frontier: one point per harmony value, relief and claim fixed"))
    steps = list(range(p.steps + 1))
    for i, (attr, label, colour) in enumerate(MEASURES):
        fig.add_trace(go.Scatter(x=steps, y=getattr(current, attr).tolist(), mode="lines", name=label,
                                 line={"color": colour, "dash": dash_for(i), "width": 2.5}), row=1, col=1)
    text = [f"harmony {h:.1f}" for h in frontier.harmony]
    fig.add_trace(go.Scatter(x=frontier.individuality.tolist(), y=frontier.mean_suffering.tolist(), mode="lines+markers",
                             name=f"Claim as set ({p.claim:g})", text=text, line={"color": "#333"},
                             marker={"size": 6, "color": "#333"}), row=2, col=1)
    fig.add_trace(go.Scatter(x=claim_false.individuality.tolist(), y=claim_false.mean_suffering.tolist(),
                             mode="lines+markers", name="If the claim is false (0)", text=text,
                             line={"color": MUTED, "dash": "dot"}, marker={"size": 5, "color": MUTED}), row=2, col=1)
    final = current.final()
    fig.add_trace(go.Scatter(x=[final["individuality"]], y=[final["mean_suffering"]], mode="markers",
                             name="Your setting", marker={"size": 15, "symbol": "star", "color": OKABE_ITO["orange"],
                                                          "line": {"color": "#000", "width": 1}}), row=2, col=1)
    fig.update_layout(**STATIC_LAYOUT, height=720, margin={"l": 60, "r": 20, "t": 60, "b": 40},
                      legend={"orientation": "h", "x": 0, "y": -0.1, "yanchor": "top"})
    fig.update_xaxes(STATIC_AXIS)
    fig.update_yaxes(STATIC_AXIS)
    fig.update_xaxes(title_text="step", range=[0, p.steps], row=1, col=1)
    fig.update_yaxes(title_text="level", row=1, col=1)
    fig.update_xaxes(title_text="individuality at the end", range=[0, 1.05], row=2, col=1)
    top = max(float(frontier.mean_suffering.max()), float(claim_false.mean_suffering.max()), 0.1)
    fig.update_yaxes(title_text="mean suffering at the end", range=[0, top * 1.1], row=2, col=1)
    return fig


# --- The static view (the book) -----------------------------------------------------


def _range(name: str, label: str, values: tuple[float, ...], start: float) -> str:
    rid = f"nexus-{name}"
    return (f'<div class="nexus-dial"><label for="{rid}">{html.escape(label)}</label>'
            f'<input type="range" id="{rid}" class="nexus-{name}" min="0" max="{len(values) - 1}" step="1" '
            f'value="{values.index(start)}" aria-valuetext="{start:.1f}"><output for="{rid}">{start:.1f}</output></div>')


def _summary_table(data: dict[str, Any]) -> str:
    """The text alternative: every harmony value at relief 0, with the claim false and as strong as life's losses."""
    r = data["relief"].index(0.0)
    c0, c1 = data["claim"].index(0.0), data["claim"].index(0.1)
    res = data["results"]
    head = ("<tr><th scope='col'>Harmony</th><th scope='col'>Individuality</th><th scope='col'>Diversity</th>"
            "<th scope='col'>Converted</th><th scope='col'>Suffering, claim false</th>"
            "<th scope='col'>Suffering, claim 0.1</th></tr>")
    rows = "".join(
        f"<tr><th scope='row'>{h:.1f}</th><td>{fixed(res['individuality'][c1][r][k], 2)}</td>"
        f"<td>{fixed(res['diversity'][c1][r][k], 2)}</td><td>{fixed(100 * res['converted'][c1][r][k], 0)}%</td>"
        f"<td>{fixed(res['mean_suffering'][c0][r][k], 2)}</td><td>{fixed(res['mean_suffering'][c1][r][k], 2)}</td></tr>"
        for k, h in enumerate(data["harmony"])
    )
    return (f"<details class='nexus-table'><summary>The numbers as a table (relief 0)</summary>"
            f"<table><thead>{head}</thead><tbody>{rows}</tbody></table></details>")


class StaticNexus:
    """The Nexus as HTML for the book: displays as HTML in a notebook output."""

    def __init__(self, citizens: int = 500, steps: int = 100, seed: int = 0) -> None:
        self.data = model.grid_results(citizens=citizens, steps=steps, seed=seed)

    def initial_caption(self) -> str:
        """The sentence for the starting dials (the page shows it before any script runs)."""
        d, res = self.data, self.data["results"]
        c, r, h = d["claim"].index(START["claim"]), d["relief"].index(START["relief"]), d["harmony"].index(START["harmony"])
        final = {m: res[m][c][r][h] for m in model.MEASURES}
        return caption(START["relief"], START["harmony"], START["claim"], d["steps"], d["majority_value"], final,
                       res["mean_suffering"][c][r][0])

    def to_html(self) -> str:
        """The widget's markup with the model's results, which the site's script looks up."""
        d = self.data
        payload = json.dumps(d, separators=(",", ":")).replace("</", "<\\/")
        claims = "".join(f'<option value="{k}"{" selected" if v == START["claim"] else ""}>'
                         f"{html.escape(CLAIM_WORDS[v])} ({v:g})</option>" for k, v in enumerate(d["claim"]))
        return (
            f'<div class="elysara-widget nexus-widget" data-elysara-script="{SCRIPT}">'
            f'<script type="application/json" class="elysara-widget-data">{payload}</script>'
            '<fieldset class="nexus-dials"><legend>The Nexus\'s two dials, and the woman\'s claim</legend>'
            + _range("relief", "Pain relief", tuple(d["relief"]), START["relief"])
            + _range("harmony", "Harmonization", tuple(d["harmony"]), START["harmony"])
            + '<div class="nexus-dial"><label for="nexus-claim">Suffering caused by being different (p4.2)</label>'
            f'<select id="nexus-claim" class="nexus-claim">{claims}</select></div>'
            "</fieldset>"
            f'<p class="nexus-caption" role="status" aria-live="polite">{html.escape(self.initial_caption())}</p>'
            '<div class="elysara-plot-live nexus-chart" aria-hidden="true"></div>'
            + _summary_table(d) +
            "</div>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def static_widget(citizens: int = 500, steps: int = 100, seed: int = 0) -> StaticNexus:
    """The Nexus for the book (the page runs it with the defaults)."""
    return StaticNexus(citizens, steps, seed)


def majority_sentence(citizens: int = 500, seed: int = 0) -> str:
    """How big the majority is at the start, from the model (for the page's text)."""
    r = model.run(citizens=citizens, steps=1, seed=seed)
    return (f"At the start {fixed(100 * r.majority_share, 0)}% of the {citizens} citizens put "
            f"{model.VALUE_LABELS[r.majority_value]} first: a real majority.")


# --- The live view (notebooks) --------------------------------------------------------


class NexusWidget:
    """The Nexus in a notebook: two dials, the claim, the population; a chart and a sentence that follow.

    ``NexusWidget().display()`` shows it; ``.state()`` returns the settings as a JSON-able dict.
    """

    def __init__(self, params: model.NexusParams | dict[str, Any] | None = None) -> None:
        import ipywidgets as w

        p = model.state_from_dict(params) if isinstance(params, dict) else (params or model.NexusParams())
        style = {"description_width": "13em"}
        layout = w.Layout(width="100%", max_width="36em")

        def slider(cls: Any, value: float, lo: float, hi: float, step: float, label: str) -> Any:
            return cls(value=value, min=lo, max=hi, step=step, description=label, style=style, layout=layout,
                       continuous_update=False)

        self.relief = slider(w.FloatSlider, p.relief, 0, 1, 0.05, "Pain relief")
        self.harmony = slider(w.FloatSlider, p.harmony, 0, 1, 0.05, "Harmonization")
        self.claim = slider(w.FloatSlider, p.claim, 0, 0.3, 0.01, "Suffering from being different")
        self.citizens = slider(w.IntSlider, p.citizens, 50, 2000, 50, "Citizens")
        self.steps = slider(w.IntSlider, p.steps, 10, 300, 10, "Steps")
        self.seed = w.BoundedIntText(value=p.seed, min=0, max=2**31 - 1, description="Random seed", style=style)
        self.widget = w.VBox([self.relief, self.harmony, self.claim, self.citizens, self.steps, self.seed])
        self._chart = LiveOutput("The Nexus chart (run the cell to draw it).")
        self._sentence = LiveOutput("")
        self._frontiers: tuple[tuple[Any, ...], model.Sweep, model.Sweep] | None = None
        self.figure: go.Figure | None = None
        self.sentence = ""
        for control in (self.relief, self.harmony, self.claim, self.citizens, self.steps, self.seed):
            control.observe(lambda _: self.update(), names="value")
        self.update()

    def params(self) -> model.NexusParams:
        """The model settings the controls show."""
        return model.NexusParams(relief=float(self.relief.value), harmony=float(self.harmony.value),
                                 claim=float(self.claim.value), citizens=int(self.citizens.value),
                                 steps=int(self.steps.value), seed=int(self.seed.value))

    def state(self) -> dict[str, object]:
        """The settings as a JSON-able dict (``{"widget": "nexus", "version": 2, ...}``)."""
        return model.state_of(self.params())

    def frontiers(self) -> tuple[model.Sweep, model.Sweep]:
        """The frontier with the claim as set and with the claim false (recomputed only when they change)."""
        p = self.params()
        key = (p.relief, p.claim, p.citizens, p.steps, p.seed)
        if self._frontiers is None or self._frontiers[0] != key:
            settings = {"relief": p.relief, "citizens": p.citizens, "steps": p.steps, "seed": p.seed}
            self._frontiers = (key, model.sweep(claim=p.claim, **settings), model.sweep(claim=0.0, **settings))
        return self._frontiers[1], self._frontiers[2]

    def update(self) -> None:
        """Rerun the model; redraw the chart and the sentence in place."""
        p = self.params()
        current = model.run(p)
        frontier, claim_false = self.frontiers()
        self.figure = nexus_figure(current, frontier, claim_false)
        self.sentence = caption(p.relief, p.harmony, p.claim, p.steps, model.VALUE_LABELS[current.majority_value],
                                current.final(), float(frontier.mean_suffering[0]))
        self._chart.show_figure(self.figure, "The Nexus chart (open in JupyterLab to see it).")
        self._sentence.show({"text/html": f"<p>{html.escape(self.sentence)}</p>", "text/plain": self.sentence})

    def display(self) -> None:
        """Show the controls, then the chart and the sentence as ordinary outputs that follow them."""
        from IPython.display import display

        display(self.widget)
        self._chart.display()
        self._sentence.display()

    def _ipython_display_(self) -> None:
        self.display()


__all__ = ["MEASURES", "NexusWidget", "StaticNexus", "caption", "majority_sentence", "nexus_figure", "static_widget"]
