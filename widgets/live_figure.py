"""A Plotly chart shown as an ordinary notebook output and redrawn in place.

Not an ipywidgets FigureWidget: its picture lives only in widget state, so a
saved and reopened notebook shows an empty chart. An ordinary output (the
Plotly mime type) is written into the notebook file and shows again on
reopening. JupyterLab's Plotly renderer ignores an update to a chart it has
already drawn, so each redraw first swaps in a line of text: the output then
changes type twice and JupyterLab draws the new chart afresh.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def figure_bundle(fig: go.Figure, text: str = "A chart (open the notebook in JupyterLab to see it).") -> dict[str, Any]:
    """A Plotly figure as a mime bundle that JupyterLab draws and keeps in the saved notebook."""
    spec = fig.to_plotly_json()
    return {PLOTLY_MIME: {"data": spec["data"], "layout": spec["layout"], "config": {"displaylogo": False}},
            "text/plain": text}


class LiveOutput:
    """One output area of a live view: shown once with :meth:`display`, then updated in place with :meth:`show`."""

    def __init__(self, placeholder: str) -> None:
        self._placeholder = placeholder
        self._handle: Any = None
        self.bundle: dict[str, Any] = {"text/plain": placeholder}

    def display(self) -> None:
        """Show the current content (in a notebook); later :meth:`show` calls replace it."""
        from IPython.display import display

        self._handle = display(self.bundle, raw=True, display_id=True)

    def show(self, bundle: dict[str, Any]) -> None:
        """Replace the output's content (kept for :meth:`display` if not shown yet)."""
        self.bundle = bundle
        if self._handle is None:
            return
        if PLOTLY_MIME in bundle:
            self._handle.update({"text/plain": "Redrawing the chart..."}, raw=True)
        self._handle.update(bundle, raw=True)

    def show_figure(self, fig: go.Figure, text: str) -> None:
        """Replace the output with a Plotly chart (``text`` is what a reader without Plotly sees)."""
        self.show(figure_bundle(fig, text))
