"""Concepts: a short answer's expected concepts, or the glossary terms an answer uses.

Finding a concept's words shows that the answer *names* it, not that it uses
it accurately, so this gatherer suggests a level only at the ends it can
see: *strong* when every expected concept is named in an answer of proper
length that does not go round in circles; *weak* when not one is named.
Everything between, every item with several concept criteria (which concept
belongs to which criterion is for a reader) and every glossary-term count
(which says nothing about understanding) is for the instructor's reading,
with the concepts found highlighted.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from elysara.bookdata.references import packaged_glossary_terms

from elysara.exercises.grading.evidence.base import Context, Evidence, Highlight, repetitive
from elysara.exercises.grading.evidence.length import far_below

__all__ = ["concepts", "glossary_terms"]


@cache
def glossary_terms() -> tuple[str, ...]:
    """Terms defined in the book's glossary, read as the annotations read them.

    The same in a checkout and in an installed package (the build packages
    the glossary): :func:`elysara.bookdata.references.packaged_glossary_terms`.
    """
    return tuple(sorted(packaged_glossary_terms()))


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    # Allow a plural and hyphen/space variants ("side constraint", "side-constraints").
    body = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term))
    return re.compile(rf"\b{body}(?:s|es)?\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _phrase(phrase: str) -> re.Pattern[str]:
    """An expected-concept phrase as a case-insensitive pattern anchored at a word start."""
    return re.compile(rf"\b{re.escape(phrase)}", re.IGNORECASE)


def glossary_used(answer: str) -> list[tuple[str, re.Match[str]]]:
    """Glossary terms used in ``answer``, in glossary order, each with its first occurrence."""
    lowered = answer.lower()
    used = []
    for term in glossary_terms():
        # A substring test on the term's first word skips most regex searches.
        if re.split(r"[\s-]+", term.lower())[0] in lowered:
            match = _term_pattern(term).search(answer)
            if match:
                used.append((term, match))
    return used


def concepts(context: Context) -> Evidence:
    """Expected concepts named (short answers) or glossary terms used; a level only for none named."""
    answer = context.answer
    if context.expected_concepts:
        expected = context.expected_concepts
        found, highlights = [], []
        for concept in expected:
            match = next((m for p in concept.patterns if (m := _phrase(p).search(answer))), None)
            if match:
                found.append(concept.concept)
                highlights.append(Highlight(match.start(), match.end(), concept.concept))
        missing = [c.concept for c in expected if c.concept not in found]
        findings = [f"Expected concepts named: {', '.join(found) or 'none'} ({len(found)} of {len(expected)})."]
        if missing:
            findings.append(f"Not named: {', '.join(missing)}.")
        data = {"concepts_found": found, "concepts_missing": missing}
        if context.concept_criteria > 1:
            return Evidence("concepts", None, tuple(findings), (), "this item has several concept criteria; which "
                            "concepts each needs is a judgement for a reader", tuple(highlights), data)
        if not found:
            # An answer (not blank) that names none of the concepts asked for has missed the point: weak,
            # not missing (the rubric's missing is "no relevant concept", which a reader must judge).
            return Evidence("concepts", "weak", tuple(findings), (), None, tuple(highlights), data)
        if not missing and not far_below(context) and not repetitive(answer):
            return Evidence("concepts", "strong", tuple(findings), (), None, tuple(highlights), data)
        return Evidence("concepts", None, tuple(findings), (),
                        "only some concepts are named, or the answer is short or repetitive: for your reading",
                        tuple(highlights), data)
    used = glossary_used(answer)
    highlights = tuple(Highlight(m.start(), m.end(), term) for term, m in used)
    return Evidence(
        "concepts", None, (f"Glossary terms used: {', '.join(t for t, _ in used) or 'none'}.",), (),
        "counting glossary terms says nothing about understanding them: for your reading",
        highlights, {"glossary_terms": [t for t, _ in used]},
    )
