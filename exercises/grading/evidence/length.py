"""Length: the answer's words against the item's limits.

Checked on every prose item (whether or not its rubric has a length
criterion): the count is in report.json and on the instructor's view, and an
answer far below its minimum (under half) cannot be suggested *strong* on any
criterion but its textual evidence. As a rubric criterion ("Clarity" in this
bank), length can say only what is plainly wrong: an answer under half its
minimum or over half again its maximum, or one that goes round in circles
(:func:`~.base.repetitive`), is suggested *weak*; one within its limits, in
sentences of readable length, that hardly repeats a pair of words, *strong*
(the rubric's "easy to follow" is the usual case, and what an instructor
then checks is the exception); anything between is for reading.
"""

from __future__ import annotations

import re
from typing import Any

from elysara.exercises.grading.evidence.base import Context, Evidence, repetitive, sentences, word_count

__all__ = ["FAR_BELOW", "far_below", "length", "length_data"]

#: An answer with fewer than this share of its minimum words is "far below" it.
FAR_BELOW = 0.5


#: Share of new word pairs at or above which an answer is not padded (natural prose: over 0.9).
FLUENT = 0.88
#: Mean words per sentence above which "one idea per sentence" is unlikely.
LONG_SENTENCE = 30


def _spread(answer: str) -> dict[str, float]:
    """How much of the answer is new (word pairs not seen before) and how long its sentences are."""
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", answer.lower())
    pairs = list(zip(words, words[1:]))
    new = len(set(pairs)) / len(pairs) if pairs else 1.0
    count = len(sentences(answer)) or 1
    return {"new_word_pairs": round(new, 2), "words_per_sentence": round(word_count(answer) / count, 1)}


def length_data(context: Context) -> dict[str, Any]:
    """The count and the limits, as data."""
    return {"words": word_count(context.answer), "min": context.min_words or None, "max": context.max_words}


def far_below(context: Context) -> bool:
    """Whether the answer has fewer than half the words its item asks for."""
    return bool(context.min_words) and word_count(context.answer) < FAR_BELOW * context.min_words


def length(context: Context) -> Evidence:
    """The count against the limits; a level only far outside them."""
    data = length_data(context)
    count, low, high = data["words"], context.min_words, context.max_words
    bounds = f"{low}-{high}" if high else f"at least {low}"
    finding = f"{count} words (asked for {bounds})."
    data["repetitive"] = repetitive(context.answer)
    if far_below(context) or (high and count > 1.5 * high):
        return Evidence("length", "weak", (finding, "Far outside the word limits."), data=data)
    if data["repetitive"]:
        return Evidence("length", "weak", (finding, "The answer repeats itself: many of its word pairs recur."), data=data)
    spread = _spread(context.answer)
    data.update(spread)
    if (count >= low and (high is None or count <= high) and spread["new_word_pairs"] >= FLUENT
            and spread["words_per_sentence"] <= LONG_SENTENCE):
        return Evidence("length", "strong", (finding, "Within the limits, in sentences of readable length, "
                        "without repeating itself."), data=data)
    return Evidence("length", None, (finding,), (), "within reach of its limits: how clear it is is for your reading",
                    data=data)
