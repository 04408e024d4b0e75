"""Helpers shared by the tests that check quotations of the story in the book's prose (essays, glossary)."""

from __future__ import annotations

import re

from elysara.text import load_text
from elysara.text.quotation import find_quotation

PASSAGE_ROLE = re.compile(r"\{passage\}`(?:[^`<]*<)?(p\d+(?:\.\d+)?)>?`")
# A double-quoted run (straight or curly quotes), possibly across line breaks of one paragraph.
QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")


def normalise(text: str) -> str:
    return " ".join(text.split())


def story_quotations(markdown: str) -> list[str]:
    return [quote for quote, _ in story_quotations_with_citations(markdown)]


def story_quotations_with_citations(markdown: str) -> list[tuple[str, list[str]]]:
    """Quoted runs of 4+ words meant as the story's words.

    A quotation followed in its sentence by a {cite:...} role (and no {passage}
    role before it) quotes a source, not the story; every other one is the story's.
    """
    quotes = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        quotes.extend(_paragraph_quotations(paragraph))
    return quotes


def _paragraph_quotations(markdown: str) -> list[tuple[str, list[str]]]:
    assert len(re.findall(r"[\"“”]", markdown)) % 2 == 0, f"unbalanced quotation marks in: {markdown[:200]}"
    quotes = []
    for match in QUOTED.finditer(markdown):
        quote = match[1].strip()
        if len(quote.split()) < 4:
            continue
        after = markdown[match.end(): match.end() + 160]
        after = re.split(r"(?<=[.!?])\s", after, maxsplit=1)[0]
        cite, passage = after.find("{cite:"), after.find("{passage}")
        if cite != -1 and (passage == -1 or cite < passage):
            continue
        quotes.append((quote, cited_passages(markdown, match.end())))
    return quotes


def occurs_in_text(quote: str) -> bool:
    """The quotation is the text's, character for character (apostrophes and dashes included).

    ``find_quotation`` locates it forgiving typography; the exact check then insists
    the essay copied the text's own characters, as the essays promise.
    """
    trimmed = normalise(quote).strip(" ,.")
    whole = normalise(" ".join(p.text for p in load_text().paragraphs))
    return find_quotation(trimmed) is not None and trimmed in whole


def cited_passages(markdown: str, quote_end: int) -> list[str]:
    """Passage ids cited in the parenthesis right after a quotation, e.g. ``"..." ({passage}`p4.5`)``."""
    match = re.match(r"\s*[.,;:!?]?\s*\(([^)]*)\)", markdown[quote_end:])
    return PASSAGE_ROLE.findall(match[1]) if match else []


def cited_correctly(quote: str, cited: list[str]) -> bool:
    """Some cited passage is where the quotation comes from (its sentence or its paragraph)."""
    found = find_quotation(normalise(quote).strip(" ,."))
    return found is not None and any(c == found.paragraph_id or c in found.sentence_ids for c in cited)
