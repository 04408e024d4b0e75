"""Static figures for the built site: a Plotly figure plus its text alternative.

The markup is the contract with the site's renderer (``elysara-plots.js``):
``<div class="elysara-plot" data-figure="ID">`` for the chart and a
``<script type="application/json" class="elysara-plot-data" data-for="ID">``
holding the figure's JSON. Every figure carries a one-sentence summary and
its numbers as a table, so it can be read without seeing the chart.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go


@dataclass(frozen=True)
class StaticFigure:
    """A figure ready to embed in a page: displays as HTML in a notebook output."""

    figure_id: str
    figure_json: str
    summary: str
    table_header: tuple[str, ...]
    table_rows: tuple[tuple[Any, ...], ...]

    def to_html(self) -> str:
        """The figure's markup: chart placeholder, data, caption and data table."""
        fid = html.escape(self.figure_id, quote=True)
        head = "".join(f'<th scope="col">{html.escape(str(h))}</th>' for h in self.table_header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>" for row in self.table_rows
        )
        # "</" inside JSON would end the script element early; escape it.
        data = self.figure_json.replace("</", "<\\/")
        return (
            f'<figure class="elysara-figure" id="figure-{fid}">'
            # role="group", not "img": a Plotly chart holds interactive parts
            # (mode bar, sliders), which an image role would hide.
            f'<div class="elysara-plot" data-figure="{fid}" role="group" aria-label="{html.escape(self.summary, quote=True)}"></div>'
            f'<script type="application/json" class="elysara-plot-data" data-for="{fid}">{data}</script>'
            f"<figcaption>{html.escape(self.summary)}</figcaption>"
            f"<details class=\"elysara-figure-table\"><summary>The numbers behind this chart</summary>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>"
            f"</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def static_figure(
    figure: go.Figure,
    *,
    figure_id: str,
    summary: str,
    table_header: Sequence[str],
    table_rows: Sequence[Sequence[Any]],
) -> StaticFigure:
    """Wrap a Plotly figure (with its own sliders or buttons) for the static site."""
    return StaticFigure(
        figure_id=figure_id,
        figure_json=figure.to_json(),
        summary=summary,
        table_header=tuple(table_header),
        table_rows=tuple(tuple(r) for r in table_rows),
    )


def round_sig(values: Any, digits: int = 4) -> Any:
    """Round a number, or every number in a (nested) sequence or array, to ``digits`` significant digits.

    Static exports store many numbers; four significant digits are more than a
    chart can show and keep the page's JSON small.
    """
    if isinstance(values, (list, tuple)) or hasattr(values, "tolist"):
        values = values.tolist() if hasattr(values, "tolist") else values
        if not isinstance(values, list):  # a 0-d array
            return round_sig(values, digits)
        return [round_sig(v, digits) for v in values]
    if isinstance(values, bool) or not isinstance(values, (int, float)):
        return values
    if values == 0 or values != values or values in (float("inf"), float("-inf")):
        return float(values)
    return float(f"{values:.{digits}g}")


#: A light template for static figures: Plotly's default template adds ~10 KB to every figure.
STATIC_LAYOUT: dict[str, Any] = {
    "template": "none",
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#222"},
    "hoverlabel": {"namelength": -1},
}

#: Axis style to go with STATIC_LAYOUT.
STATIC_AXIS: dict[str, Any] = {"showline": True, "linecolor": "#444", "gridcolor": "#e5e5e5", "zerolinecolor": "#888", "ticks": "outside"}
