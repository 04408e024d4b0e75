"""Counting the words of an answer: one rule for ``check()``, the grader and the calibration samples.

Apostrophes, hyphens and inner dots join: "isn't", "well-being" and "p8.3"
are one word each; Markdown markup and punctuation are not words. Letters
with accents count as letters, so an answer in French is counted fairly.
"""

from __future__ import annotations

import re

__all__ = ["word_count"]

_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019.-][A-Za-z0-9\u00c0-\u024f]+)*")


def word_count(text: str) -> int:
    """Words in ``text`` (hyphenated words and contractions count once)."""
    return len(_WORD.findall(text))
