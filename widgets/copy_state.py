"""The "Copy my answers" block of a static widget: the state as a notebook line.

A student answers a widget in the book, copies the line this block shows
(``tension_state = {...}``) and pastes it into the exercise notebook's state
cell. The widget's script fills the line through ``copy-state.js``; the
grader reads it back with the widget's own ``state_from_dict``.
"""

from __future__ import annotations

import html


def copy_state_html(variable: str, *, rows: int = 3) -> str:
    """The block's markup, showing ``<variable> = None`` until the student answers."""
    name = html.escape(variable)
    return (
        '<details class="elysara-copy" data-elysara-script="copy-state"><summary>Copy my answers</summary>'
        "<p>Paste this line into the answer cell of the exercise notebook.</p>"
        '<label class="elysara-copy-label">Your answers as a notebook line'
        f'<textarea class="elysara-copy-text" readonly rows="{rows}">{name} = None</textarea></label>'
        '<button type="button" class="elysara-button elysara-copy-button">Copy to clipboard</button>'
        '<span class="elysara-copy-status" role="status"></span>'
        "</details>"
    )
