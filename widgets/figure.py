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
            f'<div class="elysara-plot" data-figure="{fid}" role="img" aria-label="{html.escape(self.summary, quote=True)}"></div>'
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
