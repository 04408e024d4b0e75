"""Textual evidence: the quotations and passage ids in an answer, each checked against the text.

The rules (documented with examples in ``exercises/README.md``):

* a double-quoted span attributed to the text is **verified** when it occurs
  in the text as :func:`elysara.text.quotation.find_quotation` reads it
  (case, quote marks, dashes, spaces, emphasis forgiven; ellipses and
  bracketed insertions stand for left-out words);
* a quotation that does not occur is **not found** and flagged, with the
  closest passage and a word-level difference, however dissimilar it is,
  unless it is attributed to **another work** (an author with a year or a
  verb of saying, an italic title or a bibliography key beside it) or is a
  **scare quote** (one to three words);
* a passage id written beside a quotation belongs to it: the two are one
  piece of evidence, and an id that is not where the words are is flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from elysara.text import load_text
from elysara.text.citations import cited_ids, find_citations
from elysara.text.passage import ID_FORM
from elysara.text.quotation import closest_quotation, find_quotations, word_diff

from elysara.exercises.grading.evidence.base import Context, Evidence, Highlight, word_count
from elysara.exercises.grading.evidence.length import far_below

__all__ = [
    "Piece",
    "find_passage_ids",
    "find_quoted",
    "gather_pieces",
    "textual_evidence",
]

# Double-quoted spans, straight or curly, possibly across line breaks; single quotes are apostrophes.
_QUOTED = re.compile(r"[\"\u201c\u201e\u00ab]([^\"\u201c\u201d\u201e\u00ab\u00bb]{2,600}?)[\"\u201d\u00bb]")
# Ids right after a quotation: ' (p4.2)', ' [p4.2, p4.3]', ', p4.2', ' (p. 4.2)' is a page, not ours.
_IDS_AFTER = re.compile(rf"\s*[,.;:]?\s*[(\[]?\s*((?:{ID_FORM})(?:\s*(?:[,;]|and|-|\u2013)\s*p?\d+(?:\.\d+)?)*)")
_IDS_BEFORE = re.compile(rf"({ID_FORM})\s*[\])]?\s*[:,]?\s*(?:says?|writes?|reads?|puts it)?\s*[:,]?\s*$")
_ID_IN = re.compile(r"p?(\d+(?:\.\d+)?)", re.IGNORECASE)

#: Quotations of up to this many words that are not in the text are scare quotes, not misquotations.
SCARE_QUOTE_WORDS = 3

# Another work beside a quotation: a bibliography key, an author and a year, an author and a verb of
# saying, an italic title.
_BIB_KEY = re.compile(r"\[@[\w:-]+|(?<![\w.])@[A-Za-z][\w:-]*\d|\{cite[:\w]*\}`")
_AUTHOR_YEAR = re.compile(r"\b([A-Z][A-Za-z'\u2019-]+)(?: et al\.)?,?\s*\(?(?:1[5-9]|20)\d\d[a-z]?\b")
_SAYING = (r"(?:writes|wrote|says|said|argues|argued|claims|claimed|calls|called|puts it|asks|asked|observes|"
           r"notes|noted|famously|insists|insisted|remarks|remarked|warns|warned|describes|described)")
_AUTHOR_SAYS = re.compile(rf"\b([A-Z][a-z'\u2019-]+(?:\s[A-Z][a-z'\u2019-]+)?)(?:'s|\u2019s)?\s+(?:\w+ly\s+)?{_SAYING}\b")
_ACCORDING = re.compile(r"\b(?:according to|in the words of|as)\s+([A-Z][a-z'\u2019-]+(?:\s[A-Z][a-z'\u2019-]+)?)\b")
_POSSESSIVE = re.compile(r"\b([A-Z][a-z'\u2019-]+)(?:'s|\u2019s)\s+(?:phrase|words|term|line|view|famous|account|argument|book|essay|claim|question)\b")
_TITLE = re.compile(r"(?<![\w*])[*_]([A-Z][^*_\n]{2,80})[*_](?![\w*])")
#: Capitalised words that are not authors: pronouns, the text's own names, sentence openers.
_NOT_AUTHORS = frozenset(
    """I You He She It We They One Someone Anyone Everyone Nobody This That These Those The A An
    My Her His Their Our Your Its Here There Then When If But And Or So Yet As In On At To For Of With
    Elysara Nexus Serenity Haven Solace Welcome Join Choose Embrace Let Would Do Is Are Was Narrator Woman
    Text Story Passage Paragraph Sentence Dream Scales Reversal Tension""".split()
)
# How far (characters) around a quotation to look for an attribution or an id.
_WINDOW = 160


@dataclass(frozen=True)
class Piece:
    """One piece of textual evidence: a quotation (with any ids beside it) or a passage id on its own."""

    kind: str  #: "quotation" or "passage"
    start: int  #: span in the answer
    end: int
    quoted: str = ""  #: the quotation's words (quotations)
    verdict: str = ""  #: verified | not_found | other_work | scare_quote (quotations); valid | unknown (ids)
    passages: tuple[str, ...] = ()  #: where a verified quotation occurs (sentence ids)
    cited: tuple[str, ...] = ()  #: passage ids written beside it (or the id itself)
    cited_right: bool | None = None  #: whether a cited id is where the words are (None: nothing cited)
    closest: dict[str, Any] | None = None  #: {passage, text, similarity, diff} for a quotation not found
    source: str | None = None  #: for another work: the attribution found beside it
    words: int = 0

    @property
    def counts(self) -> bool:
        """Whether it is good evidence from the text (a verified quotation of two words or more, a real id)."""
        if self.kind == "passage":
            return self.verdict == "valid"
        return self.verdict == "verified" and self.words >= 2

    @property
    def bad(self) -> bool:
        """Whether it is a mistake about the text (a quotation not in it, an id that does not exist)."""
        return self.verdict in ("not_found", "unknown") or self.cited_right is False

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "passage":
            return {"id": self.cited[0], "valid": self.verdict == "valid", "start": self.start, "end": self.end}
        return {
            "quoted": self.quoted, "verdict": self.verdict, "passages": list(self.passages),
            "cited": list(self.cited), "cited_right": self.cited_right, "closest": self.closest,
            "source": self.source, "words": self.words, "start": self.start, "end": self.end,
        }


def find_quoted(text: str) -> list[str]:
    """Every double-quoted span of two or more characters in ``text``."""
    return [match.group(1).strip() for match in _QUOTED.finditer(text) if match.group(1).strip()]


def find_passage_ids(text: str) -> list[str]:
    """Every passage-id-shaped token (``p4``, ``p4.2``) in ``text``, in order, without repeats."""
    return cited_ids(text)


def _expand_ids(raw: str) -> tuple[str, ...]:
    """'p4.2, p4.3' -> ('p4.2', 'p4.3'); 'p5.6-5.9' -> ('p5.6', 'p5.9')."""
    return tuple(dict.fromkeys(f"p{m.group(1)}" for m in _ID_IN.finditer(raw)))


def _attribution(before: str, after: str) -> str | None:
    """The other work a quotation is attributed to, from the words around it, or None."""
    for pattern in (_BIB_KEY, _AUTHOR_YEAR, _AUTHOR_SAYS, _ACCORDING, _POSSESSIVE, _TITLE):
        for context in (before, after):
            for match in pattern.finditer(context):
                name = match.group(1) if match.groups() else match.group(0)
                if name and any(word not in _NOT_AUTHORS for word in name.split()):
                    return match.group(0).strip()
    return None


def _sentence_window(answer: str, start: int, end: int) -> tuple[str, str]:
    """The words of the quotation's sentence before and after it (at most _WINDOW characters each)."""
    before = answer[max(0, start - _WINDOW):start]
    cut = max(before.rfind(". "), before.rfind("\n\n"), before.rfind("? "), before.rfind("! "))
    before = before[cut + 1:] if cut >= 0 else before
    after = answer[end:end + _WINDOW]
    stop = re.search(r"[.!?](?:\s|$)|\n\n", after)
    return before, after[: stop.end()] if stop else after


@lru_cache(maxsize=8192)
def _check(quoted: str) -> tuple[str, tuple[str, ...], dict[str, Any] | None]:
    """(verdict, passages, closest) for a quotation attributed to the text; cached across a class."""
    matches = find_quotations(quoted)
    if matches:
        return "verified", tuple(dict.fromkeys(pid for m in matches for pid in m.passage_ids)), None
    near = closest_quotation(quoted)
    if near is None:
        return "not_found", (), None
    return "not_found", (), {
        "passage": near.passage_id, "text": near.text, "similarity": near.score,
        "diff": word_diff(quoted, near.text),
    }


def gather_pieces(answer: str) -> list[Piece]:
    """Every quotation and passage id of ``answer`` as pieces of evidence, in the order written."""
    return list(_gather_pieces(answer))


@lru_cache(maxsize=256)
def _gather_pieces(answer: str) -> tuple[Piece, ...]:
    # Cached: the item's evidence and each criterion that reads quotations ask for the same answer's pieces.
    pieces: list[Piece] = []
    used: list[tuple[int, int]] = []  # answer spans of ids that belong to a quotation
    for match in _QUOTED.finditer(answer):
        quoted = " ".join(match.group(1).split())
        if not quoted.strip(" .,;:!?'"):
            continue
        before, after = _sentence_window(answer, match.start(), match.end())
        cited: tuple[str, ...] = ()
        ids_after = _IDS_AFTER.match(answer, match.end())
        if ids_after and ids_after.end() - match.end() < 40:
            cited = _expand_ids(ids_after.group(1))
            used.append((match.end(), ids_after.end()))
        else:
            ids_before = _IDS_BEFORE.search(answer[max(0, match.start() - 30):match.start()])
            if ids_before:
                cited = _expand_ids(ids_before.group(1))
                offset = max(0, match.start() - 30)
                used.append((offset + ids_before.start(), offset + ids_before.end()))
        n_words = len(re.findall(r"[^\W_]+", quoted))
        verdict, passages, closest = _check(quoted)
        source = None
        if verdict != "verified":
            # A quotation with an id beside it is attributed to the text, whatever else is near.
            source = None if cited else _attribution(before, after)
            if source is not None:
                verdict, closest = "other_work", None
            elif n_words <= SCARE_QUOTE_WORDS and not cited:
                verdict, closest = "scare_quote", None
        cited_right = None
        if cited and verdict == "verified":
            # Right when a cited id is where the words are (a sentence, or its paragraph), at any occurrence.
            cited_right = any(m.contains(c) for m in find_quotations(quoted) for c in cited)
        pieces.append(Piece("quotation", match.start(), match.end(), quoted, verdict, passages, cited,
                            cited_right, closest, source, n_words))
    for citation in find_citations(answer):
        if any(start <= citation.start < end for start, end in used):
            continue
        pieces.append(Piece("passage", citation.start, citation.end, cited=(citation.id,),
                            verdict="valid" if citation.known else "unknown"))
    return tuple(sorted(pieces, key=lambda p: p.start))


def describe(piece: Piece) -> tuple[str, bool]:
    """A sentence about one piece for the feedback page, and whether it is a flag for the instructor."""
    if piece.kind == "passage":
        if piece.verdict == "valid":
            return f"Passage cited: {piece.cited[0]}.", False
        return f"No passage {piece.cited[0]} in the text (ids run p1 to p8, sentences like p4.2).", True
    q = f"\u201c{piece.quoted}\u201d"
    where = ", ".join(piece.passages[:3]) + ("\u2026" if len(piece.passages) > 3 else "")
    if piece.verdict == "verified":
        if piece.cited_right is False:
            return f"Quotation {q} is in the text at {where}, but it is cited as {', '.join(piece.cited)}.", True
        return f"Quotation found in the text at {where}: {q}.", False
    if piece.verdict == "other_work":
        return f"Quoted from another work ({piece.source}), not checked against the text: {q}.", False
    if piece.verdict == "scare_quote":
        return f"A term in quotation marks, not a quotation of the text: {q}.", False
    closest = piece.closest or {}
    changes = [d for d in closest.get("diff", []) if d["op"] != "equal"]
    shown = "; ".join(
        f"\u201c{d['quoted']}\u201d for \u201c{d['text']}\u201d" if d["op"] == "replace"
        else f"\u201c{d['quoted']}\u201d added" if d["op"] == "delete" else f"\u201c{d['text']}\u201d left out"
        for d in changes[:4]
    )
    cited = f" Cited as {', '.join(piece.cited)}." if piece.cited else ""
    unknown = [c for c in piece.cited if c not in load_text()]
    if unknown:
        cited += f" No passage {', '.join(unknown)} in the text."
    return (
        f"Not in the text: {q}. Closest passage {closest.get('passage')}: \u201c{closest.get('text')}\u201d"
        + (f" (differences: {shown})." if shown else ".") + cited,
        True,
    )


def summarize(pieces: list[Piece]) -> dict[str, Any]:
    """The pieces as report data: quotations and passage ids."""
    return {
        "quotations": [p.as_dict() for p in pieces if p.kind == "quotation"],
        "passage_ids": [p.as_dict() for p in pieces if p.kind == "passage"],
    }


def textual_evidence(context: Context, pieces: list[Piece] | None = None) -> Evidence:
    """Quotations and ids as evidence for a prose answer, and a level where one can be trusted.

    What the grader can check is whether the text is quoted and cited, and
    quoted right; whether each quotation is *explained* is the reader's. So:

    * *strong*: three or more exact quotations, each with a right passage id,
      no mistake, an answer mostly in the student's own words and not far
      below its minimum;
    * *weak*: more mistakes (misquotations, invented or paraphrased
      "quotations", ids that do not exist or are not where the words are)
      than good pieces; or ids alone in an answer far below its minimum;
    * otherwise no suggestion: with one or two good quotations, or ids
      without quotations, the explanation decides; with nothing quoted or
      cited, whether the answer refers to the text vaguely (weak) or not at
      all (missing). Both are for reading.
    """
    pieces = gather_pieces(context.answer) if pieces is None else pieces
    findings, flags = [], []
    for piece in pieces:
        sentence, is_flag = describe(piece)
        (flags if is_flag else findings).append(sentence)
    good = [p for p in pieces if p.counts]
    distinct = {p.passages[0] if p.kind == "quotation" and p.passages else p.cited[0] for p in good}
    bad = [p for p in pieces if p.bad]
    quoted_and_cited = [p for p in good if p.kind == "quotation" and p.cited and p.cited_right]
    quotations = [p for p in pieces if p.kind == "quotation"]
    quoted_words = sum(p.words for p in quotations)
    own = max(0, word_count(context.answer) - quoted_words)
    highlights = tuple(Highlight(p.start, p.end, "quotation" if p.kind == "quotation" else "passage id") for p in pieces)
    data = {**summarize(pieces), "good_pieces": len(distinct), "mistakes": len(bad),
            "quoted_and_cited": len(quoted_and_cited)}
    level: str | None = None
    reading: str | None = None
    if bad and len(bad) > len(good):
        level = "weak"
    elif bad:
        reading = "right and wrong quotations side by side: how much the mistakes matter is for your reading"
    elif len(quoted_and_cited) >= 3 and own >= 2 * quoted_words and not far_below(context):
        level = "strong"
    elif not [p for p in pieces if p.kind == "passage" or p.verdict in ("verified", "not_found")]:
        # Nothing quoted or cited: whether it refers to the text vaguely (weak) or not at all (missing) is for reading.
        findings.append("No quotation of the text and no passage id found.")
        reading = "nothing is quoted or cited: whether the answer refers to the text vaguely or not at all is for your reading"
    elif not quotations and good and far_below(context):
        level = "weak"
        findings.append("Passage ids without quotations, in an answer far below its word minimum.")
    else:
        reading = "the text is cited: whether each citation is explained is for your reading"
    return Evidence("textual_evidence", level, tuple(findings), tuple(flags), reading, highlights, data)
