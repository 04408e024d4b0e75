"""Length: the answer's words against the item's limits.

Checked on every prose item (whether or not its rubric has a length
criterion): the count is in report.json and on the instructor's view, and an
answer far below its minimum (under half) cannot be suggested *strong* on any
criterion but its textual evidence. As a rubric criterion ("Clarity" in this
bank), length can say only what is far out of bounds: an answer under half its
minimum or over half again its maximum is suggested *weak*; how clear an
answer within its limits is remains for the instructor's reading.
"""

from __future__ import annotations

from typing import Any

from elysara.exercises.grading.evidence.base import Context, Evidence, word_count

__all__ = ["FAR_BELOW", "far_below", "length", "length_data"]

#: An answer with fewer than this share of its minimum words is "far below" it.
FAR_BELOW = 0.5


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
    if far_below(context) or (high and count > 1.5 * high):
        return Evidence("length", "weak", (finding, "Far outside the word limits."), data=data)
    return Evidence("length", None, (finding,), (), "within reach of its limits: how clear it is is for your reading",
                    data=data)
