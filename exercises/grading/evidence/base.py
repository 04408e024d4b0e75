"""What every evidence gatherer shares: the records it returns and the words of an answer.

An :class:`Evidence` carries what the grader found for one criterion, as
data (for report.json) and as short sentences (for the feedback pages), and
either a suggested level or none. ``level`` is ``None`` when the grader does
not trust itself on this answer; ``reading`` then says why, and the
criterion is shown "for your reading" with the evidence highlighted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from elysara.exercises.answers.words import word_count as _count_words

__all__ = [
    "Context",
    "Evidence",
    "Highlight",
    "content_words",
    "repetitive",
    "sentences",
    "word_count",
]

# Apostrophes, hyphens and inner dots join: "isn't", "well-being" and "p8.3" are one word each.
_WORD = re.compile(r"[^\W_]+(?:['\u2019.-][^\W_]+)*")

#: Words too common to show that two sentences are about the same thing.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing done down during each even ever every few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself just let
    like may me might more most much must my myself no nor not now of off on once one only or other ought our
    ours ourselves out over own same say says said she should so some such than that the their theirs them
    themselves then there these they this those through thus to too under until up upon very was we were what
    when where which while who whom whose why will with would yet you your yours yourself yourselves
    still really quite rather i'm it's don't can't won't isn't doesn't didn't wouldn't shouldn't
    think thinks believe seems seem way thing things something anything everything make makes made""".split()
)


@lru_cache(maxsize=1024)
def word_count(text: str) -> int:
    """Words in ``text``, as ``check()`` counts them (cached: every criterion of an answer asks)."""
    return _count_words(text)


def sentences(text: str) -> list[tuple[int, int, str]]:
    """The sentences of ``text``: ``(start, end, sentence)``, blank ones left out.

    A sentence ends at ``.``, ``!`` or ``?`` (and any closing quote or
    bracket) before a space, or at a blank line; a single line break is a
    space (Markdown prose is hard-wrapped), and the dot inside ``p6.2`` ends
    nothing.
    """
    return list(_sentences(text))


@lru_cache(maxsize=1024)
def _sentences(text: str) -> tuple[tuple[int, int, str], ...]:
    out: list[tuple[int, int, str]] = []
    start = 0
    for end in _BOUNDARY.finditer(text):
        _add_sentence(out, text, start, end.end())
        start = end.end()
    _add_sentence(out, text, start, len(text))
    return tuple(out)


_BOUNDARY = re.compile(r"[.!?]+[\"\u201d\u2019)\]*_]*(?=\s|$)|\n[ \t]*\n")


def _add_sentence(out: list[tuple[int, int, str]], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    if raw.strip() and _WORD.search(raw):
        lead = len(raw) - len(raw.lstrip())
        out.append((start + lead, end, " ".join(raw.split())))


def repetitive(text: str, threshold: float = 0.8, minimum: int = 40) -> bool:
    """Whether ``text`` goes round in circles: under ``threshold`` of its word pairs are new.

    Natural prose of a few hundred words repeats few word pairs (over 0.85 new,
    measured on the calibration samples); padding that says the same thing
    again ("the light is important because the light changes") repeats many.
    Texts under ``minimum`` words are never judged.
    """
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())
    if len(words) < minimum:
        return False
    pairs = list(zip(words, words[1:]))
    return len(set(pairs)) / len(pairs) < threshold


def _stem(word: str) -> str:
    """A crude English stem: enough for "desires"/"desire", "harmonizes"/"harmonized" to meet."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ations", "ation", "ings", "ing", "ness", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    """The stems of the words of ``text`` that carry content (no stopwords, no passage ids)."""
    return set(_content_words(text))


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    return frozenset({
        _stem(w) for w in _WORD.findall(text)
        if len(w) > 2 and w.lower() not in STOPWORDS and not re.fullmatch(r"p\d+(?:\.\d+)?", w.lower())
    })


#: Evidence data reported once per item, not again under each criterion.
_ITEM_LEVEL = frozenset({"quotations", "passage_ids"})


@dataclass(frozen=True)
class Highlight:
    """A span of the answer that a criterion's evidence rests on (shown marked in the instructor's view)."""

    start: int
    end: int
    label: str  #: what it is: "quotation", "passage id", "position", "objection", "reply"...

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True)
class Evidence:
    """What was found for one criterion, the suggested level (or none) and flags for the instructor."""

    kind: str
    level: str | None  #: the suggested level id; None: no suggestion ("for your reading")
    findings: tuple[str, ...] = ()  #: short sentences, shown with the criterion
    flags: tuple[str, ...] = ()  #: things an instructor should look at (never a penalty)
    reading: str | None = None  #: why no level is suggested (None when one is)
    highlights: tuple[Highlight, ...] = field(default=(), repr=False)
    data: dict[str, Any] = field(default_factory=dict, repr=False)  #: the evidence as data, for report.json

    @property
    def for_your_reading(self) -> bool:
        """True when the grader suggests no level and the instructor must read the answer."""
        return self.level is None

    def withheld(self, reason: str) -> "Evidence":
        """The same evidence with no suggested level, and why."""
        return Evidence(self.kind, None, self.findings, self.flags, reason, self.highlights, self.data)

    def as_dict(self) -> dict[str, Any]:
        """The evidence as data for report.json (quotations and ids are the item's, reported once there)."""
        return {
            "kind": self.kind,
            "suggested_level": self.level,
            "for_your_reading": self.for_your_reading,
            "why_no_suggestion": self.reading,
            "findings": list(self.findings),
            "flags": list(self.flags),
            "highlights": [h.as_dict() for h in self.highlights],
            **{k: v for k, v in self.data.items() if k not in _ITEM_LEVEL},
        }


@dataclass(frozen=True)
class Context:
    """Everything a gatherer may look at for one answer."""

    answer: str
    words: Any = None  #: the item's word limits (schema Words) or None
    expected_concepts: tuple[Any, ...] = ()  #: schema Concept records (short answers)
    widget: str | None = None  #: the widget the item uses
    state: Any = None  #: the widget state read from the notebook (dict) or None
    state_error: str | None = None
    item_type: str = ""  #: the item's type ("reflection", "argument_reconstruction", ...)
    criterion_id: str = ""
    criterion_title: str = ""
    concept_criteria: int = 1  #: how many criteria of the item gather concept evidence
    language: str | None = None  #: the answer's language, when it is detected as not English
    cites: tuple[str, ...] = ()  #: the passages the bank says the item is about (its ``cites``)

    @property
    def min_words(self) -> int:
        return int(getattr(self.words, "min", 0) or 0)

    @property
    def max_words(self) -> int | None:
        high = getattr(self.words, "max", None)
        return int(high) if high else None
