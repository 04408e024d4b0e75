"""Citations as the book renders them: ``[De Brigard, 2010]``, with the full reference on hover.

The book cites with sphinxcontrib-bibtex in the ``author_year`` style, so a
``{cite:p}`debrigard2010``` reads "[De Brigard, 2010]" and its link's title
is the reference as pybtex's ``unsrt`` style writes it. The dashboard shows
the same two strings, read from the book's one bibliography
(``book/references.bib``) with the same library, so a page never shows a raw
key such as "debrigard2010".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Citation", "cite"]


@dataclass(frozen=True)
class Citation:
    """One citation: the short form shown in brackets and the full reference."""

    label: str  #: "De Brigard, 2010"
    reference: str  #: "Felipe De Brigard. If you like it, ... 2010."

    @property
    def text(self) -> str:
        """The citation as printed in the book's running text."""
        return f"[{self.label}]"


def _bibliography() -> Path:
    # The checkout's bibliography, or the copy packaged at build time: installed = checkout.
    from elysara.bookdata.references import book_file

    return book_file("book/references.bib")


@lru_cache(maxsize=None)
def _entries() -> dict:
    from pybtex.database import parse_file

    path = _bibliography()
    return dict(parse_file(str(path)).entries) if path.is_file() else {}


def _names(persons: list) -> str:
    last = [" ".join([*p.prelast_names, *p.last_names]) for p in persons]
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


@lru_cache(maxsize=None)
def cite(key: str) -> Citation | None:
    """The citation for a bibliography key, or None when the bibliography is not available."""
    entry = _entries().get(key)
    if entry is None:
        return None
    from pybtex.plugin import find_plugin

    style = find_plugin("pybtex.style.formatting", "unsrt")()
    backend = find_plugin("pybtex.backends", "text")()
    reference = next(iter(style.format_entries([entry]))).text.render(backend)
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    return Citation(f"{_names(persons)}, {entry.fields.get('year', 'n.d.')}", reference)
