"""The text of "Elysara" and its addressable passages.

This is the project's one copy of the text: the book, the widgets and the
grader all read it from here.

>>> from elysara.text import load_text
>>> text = load_text()
>>> text.passage("p8.3").text
'Choose peace."'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from elysara.text.passage import (
    Paragraph,
    Passage,
    Sentence,
    Span,
    make_paragraph,
    parse_passage_id,
    split_sentences,
)

__all__ = [
    "Paragraph",
    "Passage",
    "Sentence",
    "Span",
    "Text",
    "UnknownPassageError",
    "closest_quotation",
    "find_quotation",
    "load_text",
    "parse_passage_id",
    "split_sentences",
]

TITLE = "Elysara"


class UnknownPassageError(KeyError):
    """A passage id that is well formed or not, but names no passage of the text."""

    def __init__(self, passage_id: str, valid: str) -> None:
        super().__init__(passage_id)
        self.passage_id = passage_id
        self.valid = valid

    def __str__(self) -> str:
        return f"no passage {self.passage_id!r} in the text; valid ids are {self.valid}"


@dataclass(frozen=True)
class Text:
    """The whole text: an ordered tuple of paragraphs."""

    title: str
    paragraphs: tuple[Paragraph, ...]

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """Every sentence, in reading order."""
        return tuple(s for p in self.paragraphs for s in p.sentences)

    @property
    def passage_ids(self) -> tuple[str, ...]:
        """Every valid id: paragraphs and sentences, in reading order."""
        ids: list[str] = []
        for paragraph in self.paragraphs:
            ids.append(paragraph.id)
            ids.extend(s.id for s in paragraph.sentences)
        return tuple(ids)

    def _valid_ids_summary(self) -> str:
        last = self.paragraphs[-1]
        return f"p1..{last.id} and sentences such as p1.1..{last.sentences[-1].id}"

    def passage(self, passage_id: str) -> Passage:
        """Look up a paragraph (``p4``) or sentence (``p4.2``) by id."""
        try:
            paragraph_no, sentence_no = parse_passage_id(passage_id)
        except ValueError:
            raise UnknownPassageError(passage_id, self._valid_ids_summary()) from None
        if not 1 <= paragraph_no <= len(self.paragraphs):
            raise UnknownPassageError(passage_id, self._valid_ids_summary())
        paragraph = self.paragraphs[paragraph_no - 1]
        if sentence_no is None:
            return paragraph
        if not 1 <= sentence_no <= len(paragraph.sentences):
            raise UnknownPassageError(
                passage_id, f"{paragraph.id}.1..{paragraph.sentences[-1].id} in {paragraph.id}"
            )
        return paragraph.sentences[sentence_no - 1]

    def __contains__(self, passage_id: object) -> bool:
        if not isinstance(passage_id, str):
            return False
        try:
            self.passage(passage_id)
        except UnknownPassageError:
            return False
        return True


def parse_text(source: str, title: str = TITLE) -> Text:
    """Build a :class:`Text` from source: paragraphs separated by blank lines."""
    blocks = [block.strip() for block in source.replace("\r\n", "\n").split("\n\n")]
    paragraphs = tuple(make_paragraph(n, block) for n, block in enumerate((b for b in blocks if b), start=1))
    return Text(title=title, paragraphs=paragraphs)


@cache
def load_text() -> Text:
    """Load the project's copy of "Elysara" (cached: the text never changes at run time)."""
    source = resources.files("elysara.text").joinpath("data/elysara.txt").read_text(encoding="utf-8")
    return parse_text(source)


# Quotation finding and citations build on the text above (imported last: they import it).
from elysara.text.quotation import QuotationMatch, closest_quotation, find_quotation  # noqa: E402

__all__ += ["QuotationMatch"]
