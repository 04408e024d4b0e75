"""The exercise notebook's ready-made widget cell: the widget plus the answer line to copy.

``show("scales")`` displays a widget's live view and, under it, the line to
paste into the question's state cell (``scales_state = {...}``), kept up to
date as the student works. The grader never runs code, so the state cell
must hold the values themselves: copying this one line is the one action.
"""

from __future__ import annotations

from typing import Any

#: Widget id -> (module, class) of its live view.
LIVE_VIEWS = {
    "scales": ("elysara.widgets.scales_view", "ScalesWidget"),
    "tension": ("elysara.widgets.tension_view", "TensionTest"),
    "reversal": ("elysara.widgets.reversal_view", "ReversalWidget"),
    "nexus": ("elysara.widgets.nexus_view", "NexusWidget"),
}


def answer_text(widget: str, state: dict[str, Any]) -> str:
    """The state cell's whole line for ``state``."""
    from elysara.exercises.notebooks.build import python_literal

    return f"{widget}_state = {python_literal(state)}"


def _value_widgets(root: Any) -> list[Any]:
    """Every control under ``root`` that has a value (sliders, dropdowns, toggle buttons)."""
    found, todo = [], [root]
    while todo:
        node = todo.pop()
        todo.extend(getattr(node, "children", ()) or ())
        has_value = getattr(node, "has_trait", lambda _name: False)("value")
        if has_value and node.__class__.__name__ not in ("HTML", "HTMLMath", "Label", "Textarea"):
            found.append(node)
    return found


def show(widget: str) -> None:
    """Display ``widget``'s live view with its answer line.

    Returns nothing, so the cell that calls it does not show the widget twice.
    """
    import importlib

    import ipywidgets as w
    from IPython.display import display

    if widget not in LIVE_VIEWS:
        raise ValueError(f"unknown widget {widget!r}; valid widgets are {', '.join(LIVE_VIEWS)}")
    module, name = LIVE_VIEWS[widget]
    view = getattr(importlib.import_module(module), name)()
    if hasattr(view, "answer_line"):  # the Scales keep their own line, beside their controls
        display(view)
        return
    line = w.Textarea(description=f"Copy into {widget}_state", style={"description_width": "11em"},
                      layout=w.Layout(width="100%", height="6em"))

    def refresh(_change: Any = None) -> None:
        line.value = answer_text(widget, view.state())

    for control in _value_widgets(view.widget):
        control.observe(refresh, names="value")
    refresh()
    view.display()  # the controls, then the chart as an ordinary output (kept when the notebook is saved)
    display(line)
