"""Finding a quotation in the text, the way a careful reader (or grader) would.

Students type quotations with straight or curly quotes, hyphens for dashes
and stray spaces. :func:`find_quotation` forgives exactly those differences
and nothing else (a changed word is a misquotation); :func:`closest_quotation`
finds what the student probably meant, so feedback can say "did you mean ...".

The text is normalized once per :class:`~elysara.text.Text` and cached, so
checking a whole class of submissions costs one normalization.

>>> find_quotation("Choose peace.").sentence_ids
('p8.3',)
>>> find_quotation("ever seen -- an endless sprawl").paragraph_id
'p1'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from elysara.text import Text, load_text

__all__ = ["QuotationMatch", "closest_quotation", "find_quotation", "find_quotations", "normalize_quotation"]

# Characters a quotation may spell differently from the text without changing it.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ",
})
# A dash between words is one mark whether typed as "—", " - " or "--".
_DASH_RUN = re.compile(r"\s*-+\s*")
_SPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True)
class QuotationMatch:
    """Where a quotation occurs: its paragraph, its sentences and its characters."""

    paragraph_id: str  #: e.g. ``"p8"``
    sentence_ids: tuple[str, ...]  #: every sentence the quotation touches, in order
    start: int  #: character offset in the paragraph's ``text`` (half-open span)
    end: int
    text: str  #: the words of the text itself, exactly as the reader sees them
    score: float = 100.0  #: 100 for a quotation found; similarity 0-100 for a suggestion

    @property
    def passage_id(self) -> str:
        """The narrowest passage that contains the quotation: a sentence, else the paragraph."""
        return self.sentence_ids[0] if len(self.sentence_ids) == 1 else self.paragraph_id


def _normalize_with_map(raw: str) -> tuple[str, list[int]]:
    """Normalize ``raw`` and map each normalized character back to its index in ``raw``."""
    folded = raw.translate(_FOLD)  # one-to-one, so indices are unchanged
    out: list[str] = []
    index_map: list[int] = []
    pos = 0
    while pos < len(folded):
        dash = _DASH_RUN.match(folded, pos)
        if dash and "-" in dash.group():
            out.append("-")
            index_map.append(folded.index("-", pos))
            pos = dash.end()
            continue
        space = _SPACE_RUN.match(folded, pos)
        if space:
            out.append(" ")
            index_map.append(pos)
            pos = space.end()
            continue
        out.append(folded[pos])
        index_map.append(pos)
        pos += 1
    return "".join(out), index_map


def normalize_quotation(quote: str) -> str:
    """The form in which quotations and the text are compared (quotes, dashes, spaces folded)."""
    return _normalize_with_map(quote.strip())[0].strip()


@dataclass(frozen=True)
class _NormalizedParagraph:
    paragraph_id: str
    text: str  #: the paragraph's own text
    normalized: str
    index_map: tuple[int, ...]
    sentences: tuple[tuple[str, int, int], ...]  #: (id, start, end) in ``text``
    words: tuple[tuple[int, int], ...]  #: (start, end) of each word in ``normalized``


@cache
def _index(text: Text) -> tuple[_NormalizedParagraph, ...]:
    """Normalize every paragraph once per text (cached)."""
    index = []
    for paragraph in text.paragraphs:
        normalized, index_map = _normalize_with_map(paragraph.text)
        sentences = tuple((s.id, s.offset, s.offset + len(s.text)) for s in paragraph.sentences)
        words = tuple((m.start(), m.end()) for m in re.finditer(r"\S+", normalized))
        index.append(_NormalizedParagraph(paragraph.id, paragraph.text, normalized, tuple(index_map), sentences, words))
    return tuple(index)


def _match(para: _NormalizedParagraph, n_start: int, n_end: int, score: float) -> QuotationMatch:
    """Turn a span of the normalized paragraph into a match on the paragraph's text."""
    start = para.index_map[n_start]
    end = para.index_map[n_end - 1] + 1
    sentence_ids = tuple(sid for sid, s_start, s_end in para.sentences if s_start < end and start < s_end)
    return QuotationMatch(para.paragraph_id, sentence_ids, start, end, para.text[start:end], score)


def find_quotations(quote: str, text: Text | None = None) -> list[QuotationMatch]:
    """Every place ``quote`` occurs in the text, in reading order (empty if it does not)."""
    needle = normalize_quotation(quote)
    if not needle:
        return []
    matches = []
    for para in _index(text or load_text()):
        start = para.normalized.find(needle)
        while start != -1:
            matches.append(_match(para, start, start + len(needle), 100.0))
            start = para.normalized.find(needle, start + 1)
    return matches


def find_quotation(quote: str, text: Text | None = None) -> QuotationMatch | None:
    """Where ``quote`` first occurs in the text, or ``None`` if the text never says it.

    Curly and straight quotes, en/em dashes and hyphens, and runs of
    whitespace count as the same; every word must match exactly.
    """
    matches = find_quotations(quote, text)
    return matches[0] if matches else None


def _word_windows(para: _NormalizedParagraph, size: int) -> list[tuple[int, int]]:
    """Spans of every run of ``size`` consecutive words in the normalized paragraph."""
    words = para.words
    return [(words[i][0], words[i + size - 1][1]) for i in range(len(words) - size + 1)]


def closest_quotation(quote: str, text: Text | None = None) -> QuotationMatch | None:
    """The words of the text most like ``quote`` (for "did you mean ...?"), with a ``score`` 0-100.

    Candidates are runs of whole words about as long as the quotation,
    compared with rapidfuzz's ratio. Returns ``None`` for an empty quotation.
    """
    needle = normalize_quotation(quote)
    if not needle:
        return None
    n_words = len(needle.split())
    candidates: list[tuple[_NormalizedParagraph, int, int]] = []
    for para in _index(text or load_text()):
        for size in range(max(1, n_words - 2), n_words + 3):
            candidates.extend((para, start, end) for start, end in _word_windows(para, size))
    if not candidates:
        return None
    best = process.extractOne(
        needle, [para.normalized[start:end] for para, start, end in candidates], scorer=fuzz.ratio
    )
    para, start, end = candidates[best[2]]
    return _match(para, start, end, round(best[1], 1))
