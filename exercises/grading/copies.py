"""Possible copies: answers to the same item that are near-identical once normalized.

Listed for the instructor (report.json and the instructor's view) with both
students and the similarity; never a penalty, never shown to students. Two
students may well hand in the same wording for good reasons (they worked
together, as allowed; they both quoted the same passage at length), so the
list is a reason to look, nothing more.

Why rapidfuzz: the similarity is the share of characters two answers have in
common (a normalized Levenshtein ratio), which an instructor can check by eye
and which light edits (a changed word, swapped sentences' punctuation) barely
lower. It is the project's fuzzy-matching library already, fast (C++), and
needs no model. An embedding (``wordllama``, say) would also match
paraphrases, but then it would list every pair of students who made the same
point in their own words, which is not copying.

To stay fast on a class of hundreds, pairs are first found through shared
runs of five words (only answers sharing many such runs are compared), and
runs that most answers share (quotations of the text, the prompt's own words)
are ignored.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from rapidfuzz import fuzz

__all__ = ["MIN_WORDS", "SIMILARITY", "Fingerprint", "PossibleCopy", "find_copies", "fingerprint"]

#: Answers shorter than this (in words) are never compared: short answers converge by nature.
MIN_WORDS = 25
#: Similarity (0-100) at or above which two answers are listed.
SIMILARITY = 90.0
_SHINGLE = 5
#: A run of words shared by more answers than this is common material, not a sign of copying.
COMMON = 8
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@dataclass(frozen=True)
class PossibleCopy:
    """Two students' answers to one item that are near-identical."""

    set_id: str
    item: str
    student_a: str
    student_b: str
    similarity: float  #: 0-100, rapidfuzz ratio of the normalized answers

    def as_dict(self) -> dict[str, Any]:
        return {"set": self.set_id, "item": self.item, "students": [self.student_a, self.student_b],
                "similarity": self.similarity}


@dataclass(frozen=True)
class Fingerprint:
    """What comparing one answer needs: its normalized words and a sample of its five-word runs, hashed.

    Taken as each submission is graded (in the grading workers), so a class's
    answers need not all be held in memory to be compared.
    """

    text: str  #: the answer's words, lower-cased, joined by single spaces
    runs: frozenset[int]  #: CRC-32 of the sampled runs (deterministic across processes, unlike hash())


def _normalize(answer: str) -> list[str]:
    """The answer's words, lower-cased (punctuation, case, spacing and Markdown markers left out)."""
    return _WORD.findall(answer.casefold())


def fingerprint(answer: str) -> Fingerprint | None:
    """The answer's :class:`Fingerprint`, or None for an answer too short to compare (under MIN_WORDS words)."""
    words = _normalize(answer)
    if len(words) < MIN_WORDS:
        return None
    # A deterministic sample of the runs (those whose first word's length is a multiple of 3, whatever
    # comes before them): near-identical answers still share most sampled runs, and there are fewer to count.
    runs = frozenset(zlib.crc32(" ".join(run).encode()) for run in zip(*(words[i:] for i in range(_SHINGLE)))
                     if not len(run[0]) % 3)
    return Fingerprint(" ".join(words), runs)


def find_copies(answers: Iterable[tuple[str, str, str, "str | Fingerprint | None"]], *,
                similarity: float = SIMILARITY) -> list[PossibleCopy]:
    """Near-identical answers among ``(set, item, student, answer)`` rows, most similar first.

    ``answer`` is the answer's text or its :func:`fingerprint` (None: too short to compare).
    """
    by_item: dict[tuple[str, str], list[tuple[str, Fingerprint]]] = defaultdict(list)
    for set_id, item, student, answer in answers:
        printed = fingerprint(answer) if isinstance(answer, str) else answer
        if printed is not None:
            by_item[(set_id, item)].append((student, printed))
    found: list[PossibleCopy] = []
    for (set_id, item), rows in sorted(by_item.items()):
        shingles = [printed.runs for _, printed in rows]
        counts = Counter(s for group in shingles for s in group)
        # A run that many answers share (a quotation of the text, the prompt's words) says nothing about
        # copying between two of them; leaving such runs out also keeps the pairs to count few.
        common = max(3, min(COMMON, len(rows) // 2))
        index: dict[int, list[int]] = defaultdict(list)
        for number, group in enumerate(shingles):
            for shingle in group:
                if counts[shingle] < common:
                    index[shingle].append(number)
        shared: Counter[tuple[int, int]] = Counter()
        for members in index.values():
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    shared[(a, b)] += 1
        for (a, b), count in shared.items():
            if count < 0.4 * min(len(shingles[a]), len(shingles[b])):
                continue
            score = fuzz.ratio(rows[a][1].text, rows[b][1].text, score_cutoff=similarity)
            if score:
                first, second = sorted((rows[a][0], rows[b][0]))
                found.append(PossibleCopy(set_id, item, first, second, round(score, 1)))
    return sorted(found, key=lambda c: (-c.similarity, c.set_id, c.item, c.student_a, c.student_b))
