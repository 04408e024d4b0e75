"""Finding a quotation in the text, the way a careful reader (or grader) would.

A careful reader accepts a quotation whose *words* are the text's words, in
the text's order, however it is typed. :func:`find_quotation` therefore
compares words and forgives everything else:

* case (``"choose peace"``), quote marks and apostrophes (straight or curly),
  dashes typed as ``-``, ``--``, ``–`` or ``—``, whitespace and line breaks,
  emphasis markers (``*me*``, ``_me_``) and the punctuation between words;
* an ellipsis (``...``, ``…``, ``[...]``) stands for any gap *within one
  paragraph*, keeping the order of what is quoted;
* a square-bracketed insertion (``[the Nexus] harmonizes``) stands for a
  short span of the text (up to :data:`BRACKET_SPAN` words); a bracket inside
  a word (``[w]e``) is only a changed letter;
* a quotation may run across sentence and paragraph boundaries.

A changed, added or missing word is a misquotation: :func:`closest_quotation`
finds what the student probably meant and :func:`word_diff` says, word by
word, how the two differ.

The text is indexed once per :class:`~elysara.text.Text` and cached, so
checking a whole class of submissions costs one normalization.

>>> find_quotation("Choose peace.").sentence_ids
('p8.3',)
>>> find_quotation("heartbreaks ... calm").paragraph_id
'p5'
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from elysara.text import Text, load_text

__all__ = [
    "BRACKET_SPAN",
    "QuotationMatch",
    "closest_quotation",
    "find_quotation",
    "find_quotations",
    "normalize_quotation",
    "quotation_words",
    "word_diff",
]

#: The most words of the text a square-bracketed insertion may stand for.
BRACKET_SPAN = 6

# Characters a quotation may spell differently from the text without changing a word.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ",
})
# A word: letters and digits, with inner apostrophes ("I've", "city's"). Hyphens,
# dashes, emphasis markers and other punctuation separate words.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_ELLIPSIS = re.compile(r"\[\s*(?:\.\s*){3,}\]|\[\s*\u2026\s*\]|(?:\.\s*){3,}|\u2026")
# An insertion: [the Nexus]. A bracket touching a letter ([w]e, harmonize[s]) changes a letter only.
_INWORD_BRACKET = re.compile(r"(?<=[^\W_])\[([^\W_]{1,3})\]|\[([^\W_]{1,3})\](?=[^\W_])")
_BRACKET = re.compile(r"\[[^\]]{1,80}\]")
_GAP = "\x00gap"  # pattern element: an ellipsis
_SHORT = "\x00short"  # pattern element: a bracketed insertion


def _fold(text: str) -> str:
    return text.translate(_FOLD).casefold()


def quotation_words(text: str) -> list[str]:
    """The words of ``text`` as quotations are compared (case, quotes, dashes, emphasis folded)."""
    return _WORD.findall(_fold(text))


def normalize_quotation(quote: str) -> str:
    """The form in which quotations and the text are compared: the folded words, space-separated."""
    return " ".join(quotation_words(quote))


@dataclass(frozen=True)
class QuotationMatch:
    """Where a quotation occurs: its paragraph(s), its sentences and its characters."""

    paragraph_id: str  #: the paragraph it starts in, e.g. ``"p8"``
    sentence_ids: tuple[str, ...]  #: every sentence the quotation touches, in order
    start: int  #: character offset in the first paragraph's ``text``
    end: int  #: end offset (in the first paragraph; its length when the quotation runs on)
    text: str  #: the words of the text itself, as the reader sees them (paragraphs joined by a blank line)
    score: float = 100.0  #: 100 for a quotation found; similarity 0-100 for a suggestion
    paragraph_ids: tuple[str, ...] = ()  #: every paragraph it touches (empty means just ``paragraph_id``)

    @property
    def passage_id(self) -> str:
        """The narrowest passage that contains the quotation: a sentence, else the (first) paragraph."""
        return self.sentence_ids[0] if len(self.sentence_ids) == 1 else self.paragraph_id

    @property
    def passage_ids(self) -> tuple[str, ...]:
        """The sentence ids it touches (what a student could cite beside it)."""
        return self.sentence_ids

    def contains(self, passage_id: str) -> bool:
        """Whether citing ``passage_id`` beside the quotation is right (its sentence or its paragraph)."""
        paragraphs = self.paragraph_ids or (self.paragraph_id,)
        return passage_id in self.sentence_ids or passage_id in paragraphs


@dataclass(frozen=True)
class _Word:
    word: str  #: folded
    para: int  #: paragraph index
    start: int  #: character span in the paragraph's text
    end: int


@dataclass(frozen=True)
class _Index:
    text: Text
    words: tuple[_Word, ...]  #: every word of the text, in reading order
    positions: dict[str, tuple[int, ...]]  #: folded word -> indices into ``words``
    para_bounds: tuple[tuple[int, int], ...]  #: (first word, end word) per paragraph
    strings: Any = None  #: per paragraph, for closest_quotation (built on first use)


_INDEXES: dict[int, tuple[Text, "_Index"]] = {}


def _index(text: Text) -> _Index:
    """Index every word of the text once per text (cached by identity: hashing a whole Text on every lookup
    would cost more than the search)."""
    cached = _INDEXES.get(id(text))
    if cached is not None and cached[0] is text:
        return cached[1]
    index = _build_index(text)
    _INDEXES[id(text)] = (text, index)
    return index


def _build_index(text: Text) -> _Index:
    words: list[_Word] = []
    bounds = []
    for number, paragraph in enumerate(text.paragraphs):
        first = len(words)
        folded = _fold(paragraph.text)  # one-to-one on the characters used, so offsets hold
        words.extend(_Word(m.group(), number, m.start(), m.end()) for m in _WORD.finditer(folded))
        bounds.append((first, len(words)))
    positions: dict[str, list[int]] = defaultdict(list)
    for i, word in enumerate(words):
        positions[word.word].append(i)
    return _Index(text, tuple(words), {k: tuple(v) for k, v in positions.items()}, tuple(bounds))


def _pattern(quote: str) -> tuple[str, ...]:
    """The quotation as words, with markers for ellipses and bracketed insertions."""
    quote = _INWORD_BRACKET.sub(lambda m: m.group(1) or m.group(2), quote)
    elements: list[str] = []
    for number, segment in enumerate(_ELLIPSIS.split(quote)):
        if number:
            elements.append(_GAP)
        pos = 0
        for bracket in _BRACKET.finditer(segment):
            elements.extend(quotation_words(segment[pos:bracket.start()]))
            elements.append(_SHORT)
            pos = bracket.end()
        elements.extend(quotation_words(segment[pos:]))
    # Markers at either end stand for nothing ("... choose peace"); runs of them are one.
    while elements and elements[0] in (_GAP, _SHORT):
        elements.pop(0)
    while elements and elements[-1] in (_GAP, _SHORT):
        elements.pop()
    tidy: list[str] = []
    for element in elements:
        if element in (_GAP, _SHORT) and tidy and tidy[-1] in (_GAP, _SHORT):
            tidy[-1] = _GAP if _GAP in (element, tidy[-1]) else _SHORT
            continue
        tidy.append(element)
    return tuple(tidy)


def _match_from(index: _Index, pattern: tuple[str, ...], k: int, pos: int) -> int | None:
    """Match ``pattern[k:]`` with its first word at ``index.words[pos]``; the end word index, or None."""
    words = index.words
    while k < len(pattern):
        element = pattern[k]
        if element in (_GAP, _SHORT):
            # The next word may come after a gap, inside the paragraph of the word before it.
            para_end = index.para_bounds[words[pos - 1].para][1]
            limit = para_end if element == _GAP else min(para_end, pos + BRACKET_SPAN + 1)
            nxt = pattern[k + 1]
            for candidate in index.positions.get(nxt, ()):
                if pos <= candidate < limit:
                    end = _match_from(index, pattern, k + 1, candidate)
                    if end is not None:
                        return end
            return None
        if pos >= len(words) or words[pos].word != element:
            return None
        pos += 1
        k += 1
    return pos


def _as_match(index: _Index, first: int, end: int, quote: str, score: float = 100.0) -> QuotationMatch:
    """Turn a run of words ``[first, end)`` into a match on the text, as the reader sees it."""
    text = index.text
    a, b = index.words[first], index.words[end - 1]
    para_a, para_b = text.paragraphs[a.para], text.paragraphs[b.para]
    start, stop = a.start, b.end
    # Keep the punctuation the quotation itself kept at its ends ('"Choose, wanderer.').
    lead = len(quote) - len(quote.lstrip(" \t\n\"'\u201c\u201d\u2018\u2019.,;:!?-\u2014*_"))
    trail = len(quote) - len(quote.rstrip(" \t\n\"'\u201c\u201d\u2018\u2019.,;:!?-\u2014*_"))
    while lead and start > 0 and not para_a.text[start - 1].isspace() and not para_a.text[start - 1].isalnum():
        start, lead = start - 1, lead - 1
    while trail and stop < len(para_b.text) and not para_b.text[stop].isspace() and not para_b.text[stop].isalnum():
        stop, trail = stop + 1, trail - 1
    paragraphs = text.paragraphs[a.para: b.para + 1]
    sentence_ids: list[str] = []
    for paragraph in paragraphs:
        lo = start if paragraph is para_a else 0
        hi = stop if paragraph is para_b else len(paragraph.text)
        sentence_ids.extend(s.id for s in paragraph.sentences if s.offset < hi and lo < s.offset + len(s.text))
    if a.para == b.para:
        shown, end_offset = para_a.text[start:stop], stop
    else:
        middle = [p.text for p in text.paragraphs[a.para + 1: b.para]]
        shown = "\n\n".join([para_a.text[start:], *middle, para_b.text[:stop]])
        end_offset = len(para_a.text)
    return QuotationMatch(
        para_a.id, tuple(sentence_ids), start, end_offset, shown, score,
        tuple(p.id for p in paragraphs) if a.para != b.para else (),
    )


def find_quotations(quote: str, text: Text | None = None) -> list[QuotationMatch]:
    """Every place ``quote`` occurs in the text, in reading order (empty if it does not)."""
    if text is None:
        return list(_find_in_the_text(quote))
    return list(_find(quote, text))


@lru_cache(maxsize=8192)
def _find_in_the_text(quote: str) -> tuple[QuotationMatch, ...]:
    # Cached: a class quotes the same lines again and again.
    return _find(quote, load_text())


def _find(quote: str, text: Text) -> tuple[QuotationMatch, ...]:
    index = _index(text)
    pattern = _pattern(quote)
    if not pattern:
        return []
    matches = []
    for first in index.positions.get(pattern[0], ()):
        end = _match_from(index, pattern, 0, first)
        if end is not None:
            matches.append(_as_match(index, first, end, quote.strip()))
    return tuple(matches)


def find_quotation(quote: str, text: Text | None = None) -> QuotationMatch | None:
    """Where ``quote`` first occurs in the text, or ``None`` if the text never says it.

    Case, quote marks, apostrophes, dashes, whitespace, emphasis markers and
    punctuation between words do not count; every word must be the text's,
    in order, except where an ellipsis or a bracketed insertion stands for
    words left out.
    """
    matches = find_quotations(quote, text)
    return matches[0] if matches else None


def _paragraph_strings(text: Text) -> tuple[tuple[str, tuple[int, ...], int, frozenset[str]], ...]:
    """Per paragraph: its folded words joined by spaces, where each word starts, its first word, its word set."""
    index = _index(text)
    if index.strings is not None:
        return index.strings
    out = []
    for first_word, end_word in index.para_bounds:
        words = [w.word for w in index.words[first_word:end_word]]
        starts, pos = [], 0
        for word in words:
            starts.append(pos)
            pos += len(word) + 1
        out.append((" ".join(words), tuple(starts), first_word, frozenset(words)))
    object.__setattr__(index, "strings", tuple(out))
    return index.strings


@lru_cache(maxsize=4096)
def _closest_in_the_text(needle: str) -> tuple[int, int, float] | None:
    # Cached: misquotations recur across a class.
    return _closest(needle, load_text())


def _closest(needle: str, text: Text) -> tuple[int, int, float] | None:
    """The run of words (first, end) most like ``needle``, and its similarity.

    rapidfuzz aligns the quotation with the most similar stretch of each
    paragraph (``partial_ratio_alignment``, one call per paragraph); the best
    stretch is widened to whole words and scored with ``ratio``.
    """
    import bisect

    best: tuple[int, int, float] | None = None
    # Align only with the paragraphs that share the most words with the quotation (alignment is the costly step).
    wanted = set(needle.split())
    paragraphs = sorted(_paragraph_strings(text), key=lambda p: -len(wanted & p[3]))[:3]
    for joined, starts, first_word, _ in paragraphs:
        if not joined:
            continue
        alignment = fuzz.partial_ratio_alignment(needle, joined)
        if alignment is None:
            continue
        a0 = max(0, bisect.bisect_right(starts, alignment.dest_start) - 1)
        b0 = max(a0 + 1, bisect.bisect_left(starts, alignment.dest_end))
        # The alignment's edges may fall inside a word or a space: try the neighbouring whole-word windows.
        for a in (a0 - 1, a0, a0 + 1):
            for b in (b0 - 1, b0, b0 + 1):
                if not 0 <= a < b <= len(starts):
                    continue
                window = joined[starts[a]: (starts[b] - 1) if b < len(starts) else len(joined)]
                score = round(fuzz.ratio(needle, window), 1)
                if best is None or score > best[2]:
                    best = (first_word + a, first_word + b, score)
    return best


def closest_quotation(quote: str, text: Text | None = None) -> QuotationMatch | None:
    """The words of the text most like ``quote`` (for "did you mean ...?"), with a ``score`` 0-100.

    The candidate in each paragraph is the stretch rapidfuzz aligns with the
    quotation, widened to whole words and compared with rapidfuzz's ratio on
    the folded words; the best is returned however dissimilar it is. ``None``
    for a quotation with no words.
    """
    needle = " ".join(w for w in _pattern(quote) if w not in (_GAP, _SHORT))
    if not needle:
        return None
    best = _closest_in_the_text(needle) if text is None else _closest(needle, text)
    text = text or load_text()
    if best is None:
        return None
    first, end, score = best
    return _as_match(_index(text), first, end, quote.strip(), score)


def word_diff(quoted: str, original: str) -> list[dict[str, Any]]:
    """How ``quoted`` differs from the text's ``original`` words, word by word.

    A list of ``{"op", "quoted", "text"}`` with ``op`` one of ``equal``,
    ``replace``, ``delete`` (words only in the quotation) and ``insert``
    (words only in the text); words are compared folded and shown as written.
    """
    a_shown = [m.group() for m in _WORD.finditer(quoted.translate(_FOLD))]
    b_shown = [m.group() for m in _WORD.finditer(original.translate(_FOLD))]
    a = [w.casefold() for w in a_shown]
    b = [w.casefold() for w in b_shown]
    ops = []
    for op in Levenshtein.opcodes(a, b):
        tag = {"equal": "equal", "replace": "replace", "delete": "delete", "insert": "insert"}[op.tag]
        ops.append({"op": tag, "quoted": " ".join(a_shown[op.src_start:op.src_end]),
                    "text": " ".join(b_shown[op.dest_start:op.dest_end])})
    return ops
