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
    try:
        module = importlib.import_module(f"elysara.widgets.{widget}")
        state_from_dict = module.state_from_dict
    except (ImportError, AttributeError) as error:
        raise StateCheckUnavailable(f"elysara.widgets.{widget} is not available: {error}") from error
    try:
        return state_from_dict(state)  # the envelope and every field: the widget's own rules (widgets/state.py)
    except ValueError:
        raise
    except Exception as error:  # a field of the wrong type ("lens": []) is a bad state, never a crash
        raise ValueError(f"a field has the wrong type ({type(error).__name__}: {error})") from None
