"""Bibliography labels that match the in-text citations: "[Nozick, 1974]", not "[Noz74]".

The book cites author-year (``bibtex_reference_style: author_year``), but
pybtex's default label style writes alpha labels, so the list at the end
did not match the text. This registers a pybtex label style with the same
"Author, Year" form, and a formatting style (``elysara``, chosen by
``bibtex_default_style`` in ``_config.yml``) that uses it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle

STYLE_NAME = "elysara"


def _surnames(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.prelast_names + p.last_names) for p in people]
    if not names:
        return entry.fields.get("title", entry.key)
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


class AuthorYearLabelStyle(BaseLabelStyle):
    """"Nozick, 1974"; two works of one author and year become "1974a", "1974b"."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        labels = [f"{_surnames(e)}, {e.fields.get('year', 'n.d.')}" for e in sorted_entries]
        count, seen = Counter(labels), Counter()
        for label in labels:
            if count[label] == 1:
                yield label
            else:
                yield label + chr(ord("a") + seen[label])
                seen[label] += 1


class AuthorYearStyle(PlainStyle):
    """pybtex's plain formatting, labelled author-year."""

    default_label_style = AuthorYearLabelStyle


def register() -> None:
    """Make the style available to sphinxcontrib-bibtex (idempotent)."""
    try:
        register_plugin("pybtex.style.labels", "elysara_author_year", AuthorYearLabelStyle)
        register_plugin("pybtex.style.formatting", STYLE_NAME, AuthorYearStyle)
    except Exception:  # already registered in this process (a second build)
        pass
