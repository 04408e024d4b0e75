"""Finding passage ids in prose: the one citation finder.

Students, essays and samples cite the text by id: ``(p4.2)``, ``[p4.3, p5.2]``
or a bare ``p8.3``. Ids are lower case (``P1`` is a premise label, not a
passage); a token such as ``p1.2.3`` or ``p4x`` is not an id. Whether an id
names a passage is the text model's answer (:class:`elysara.text.Text`),
never a hard-coded range.

>>> [c.id for c in find_citations("As p4.2 says (and p9.1 does not)")]
['p4.2', 'p9.1']
>>> [c.known for c in find_citations("As p4.2 says (and p9.1 does not)")]
[True, False]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from elysara.text import Text, load_text
from elysara.text.passage import ID_FORM

__all__ = ["BRACKETED", "Citation", "ID_FORM", "IN_PROSE", "cited_ids", "find_citations", "split_bracketed"]

#: A passage id standing alone in running prose.
IN_PROSE = re.compile(rf"(?<![\w.])({ID_FORM})(?!\w|\.\d)")
#: A bracketed list of ids, as argument reconstructions and samples cite: ``[p4.3]``, ``[p4.3, p5.2]``.
BRACKETED = re.compile(rf"\[\s*({ID_FORM}(?:\s*[,;]\s*{ID_FORM})*)\s*\]", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """One passage id found in prose: where it stands and whether the text has it."""

    id: str
    start: int
    end: int
    known: bool


def find_citations(prose: str, text: Text | None = None) -> list[Citation]:
    """Every passage id in ``prose``, in order (repeats included), each checked against the text."""
    text = text or load_text()
    return [Citation(m.group(1), m.start(1), m.end(1), m.group(1) in text) for m in IN_PROSE.finditer(prose)]


def cited_ids(prose: str) -> list[str]:
    """The distinct passage ids in ``prose``, in order of first mention (known or not)."""
    return list(dict.fromkeys(m.group(1) for m in IN_PROSE.finditer(prose)))


def split_bracketed(group: str) -> tuple[str, ...]:
    """The ids of one :data:`BRACKETED` match's list, lower-cased: ``"p4.3, P5.2"`` -> ``("p4.3", "p5.2")``."""
    return tuple(part.strip().lower() for part in re.split(r"[,;]", group))
