"""Text for a terminal: every control character escaped, so a file name cannot drive the terminal.

Student-chosen text reaches the terminal through paths (folder and file
names) and reasons quoting notebook content. A name holding ``ESC [ 2 J``
would clear the instructor's screen, a carriage return could overwrite a
warning, and a bidirectional override (U+202E) would show a name reversed.
:func:`terminal_safe` writes each such character as a visible escape
(``\\x1b``, ``\\r``, ``\\u202e``); ordinary text, accents and emoji pass
unchanged. Every message the commands print goes through it.
"""

from __future__ import annotations

import re

__all__ = ["terminal_safe"]

# C0 controls except newline (handled below), DEL, C1 controls, the bidirectional
# controls (LRM, RLM, ALM, embeddings, overrides, isolates), zero-width
# characters and the line and paragraph separators; plus lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control, bidirectional and zero-width character escaped.

    A newline is escaped too (a file name must not start a fake line of output)
    unless ``newlines`` is true, for a message whose own lines are meant.

    >>> terminal_safe("alice\\x1b[2J.ipynb")
    'alice\\\\x1b[2J.ipynb'
    """
    escaped = _UNSAFE.sub(_escape, text)
    return escaped if newlines else escaped.replace("\n", "\\n")
