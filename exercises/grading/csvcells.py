"""CSV text for people who open it in a spreadsheet: every cell safe from formula injection.

A spreadsheet reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
in some programs, a tab or a carriage return) as a formula, so a file named
``=HYPERLINK("...","x").ipynb`` would become a live link in ``gradebook.csv``.
Every cell the grader writes passes through :func:`neutralise`, which puts a
``'`` in front of such a cell (the OWASP advice); spreadsheets show the
apostrophe-led text as text. Numbers the grader computes are never negative,
so no point value is changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

__all__ = ["FORMULA_STARTS", "csv_text", "neutralise"]

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """``value`` as a CSV cell that no spreadsheet evaluates.

    >>> neutralise('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> neutralise("alice")
    'alice'
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable[object], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document (``\\n`` line ends) with every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()
