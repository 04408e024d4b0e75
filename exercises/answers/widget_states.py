"""Checking a pasted widget state with the widget's own model.

Each widget module (``elysara.widgets.scales``, ``.tension``, ``.reversal``)
owns ``state_from_dict``; this module only looks the right one up, so the
rules for a valid state live in one place.
"""

from __future__ import annotations

import importlib
from typing import Any

from elysara.exercises.bank.schema import WIDGETS


class StateCheckUnavailable(RuntimeError):
    """The widget's module cannot be imported, so its state cannot be checked."""


def check_state(widget: str, state: Any) -> Any:
    """Validate ``state`` with ``elysara.widgets.<widget>.state_from_dict``.

    Returns what the model returns; raises ``ValueError`` (the model's own
    message) for an invalid state, and :class:`StateCheckUnavailable` when
    the widget's module is missing.
    """
    if widget not in WIDGETS:
        raise ValueError(f"unknown widget {widget!r}; valid widgets are {', '.join(WIDGETS)}")
    if not isinstance(state, dict):
        raise ValueError(f"a {widget} state is a dict like {{'widget': '{widget}', 'version': 1, ...}}, not {type(state).__name__}")
    if state.get("widget") != widget:
        raise ValueError(f"this is not a {widget} state: its 'widget' is {state.get('widget')!r}, expected {widget!r}")
    try:
        module = importlib.import_module(f"elysara.widgets.{widget}")
        state_from_dict = module.state_from_dict
    except (ImportError, AttributeError) as error:
        raise StateCheckUnavailable(f"elysara.widgets.{widget} is not available: {error}") from error
    return state_from_dict(state)
