"""Concepts: a short answer's expected concepts, or the glossary terms an answer uses.

Finding a concept's words shows that the answer *names* it, not that it uses
it accurately (the rubric's difference between strong and adequate), so
this gatherer suggests a level only at the ends it can see: *missing* when
not one expected concept is named. Everything else (and every glossary-term
count, which says nothing about understanding) is for the instructor's
reading, with the concepts found highlighted.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from elysara.bookdata.references import packaged_glossary_terms

from elysara.exercises.grading.evidence.base import Context, Evidence, Highlight

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
        if not found and context.concept_criteria == 1:
            return Evidence("concepts", "missing", tuple(findings), (), None, tuple(highlights), data)
        why = ("naming a concept is not using it accurately: a judgement for a reader" if found
               else "this item has several concept criteria; which concepts each needs is a judgement for a reader")
        return Evidence("concepts", None, tuple(findings), (), why, tuple(highlights), data)
    used = glossary_used(answer)
    highlights = tuple(Highlight(m.start(), m.end(), term) for term, m in used)
    return Evidence(
        "concepts", None, (f"Glossary terms used: {', '.join(t for t, _ in used) or 'none'}.",), (),
        "counting glossary terms says nothing about understanding them: for your reading",
        highlights, {"glossary_terms": [t for t, _ in used]},
    )
