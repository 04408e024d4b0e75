"""Paragraphs and sentences of the text, each with a stable id.

Ids follow one scheme everywhere in the project: ``p4`` is the fourth
paragraph, ``p4.2`` the second sentence of the fourth paragraph. Numbering
starts at 1 because readers, exercises and essays cite them.

The source marks emphasis with asterisks (``*me*``). A passage's ``text`` is
the words as a reader sees them (no asterisks); ``emphasis`` lists the
character spans of ``text`` that are emphasised, so views can render them
as ``<em>`` without a second copy of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A sentence ends at . ! or ? (plus a closing quote, if any) followed by
# space and the start of the next sentence. Splitting inside quoted speech is
# deliberate: "Choose peace." must be citable on its own.
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’]?)\s+(?=[\"“*]?[A-Z])")
_EMPHASIS = re.compile(r"\*([^*]+)\*")
#: The form of a passage id, the one pattern every reader of ids builds on
#: (:mod:`elysara.text.citations` finds them in prose): ``p4`` or ``p4.2``.
ID_FORM = r"p\d+(?:\.\d+)?"
_PASSAGE_ID = re.compile(r"^p(\d+)(?:\.(\d+))?$")  # ID_FORM, with its numbers captured


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of a passage's text."""

    start: int
    end: int


def _strip_emphasis(source: str) -> tuple[str, tuple[Span, ...]]:
    """Remove ``*...*`` markers, returning the plain text and emphasised spans."""
    plain: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in _EMPHASIS.finditer(source):
        before = source[pos : match.start()]
        plain.append(before)
        length += len(before)
        word = match.group(1)
        spans.append(Span(length, length + len(word)))
        plain.append(word)
        length += len(word)
        pos = match.end()
    plain.append(source[pos:])
    return "".join(plain), tuple(spans)


@dataclass(frozen=True)
class Passage:
    """A citable piece of the text: a paragraph or one of its sentences."""

    id: str
    source: str  #: the words as written in the source file, emphasis markers included
    text: str = field(init=False)  #: the words as a reader sees them
    emphasis: tuple[Span, ...] = field(init=False)  #: emphasised spans of ``text``

    def __post_init__(self) -> None:
        text, emphasis = _strip_emphasis(self.source)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "emphasis", emphasis)

    @property
    def number(self) -> str:
        """The id without its ``p``: ``"4"`` or ``"4.2"``, as printed beside the text."""
        return self.id[1:]

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Sentence(Passage):
    """One sentence of a paragraph (``p4.2``)."""

    paragraph_id: str = ""
    offset: int = 0  #: where the sentence starts in its paragraph's ``text``


@dataclass(frozen=True)
class Paragraph(Passage):
    """One paragraph (``p4``) with its sentences in order."""

    sentences: tuple[Sentence, ...] = ()


def split_sentences(source: str) -> list[str]:
    """Split a paragraph's source into sentences, keeping closing quotes attached."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(source):
        end = match.start() + len(match.group(1))
        pieces.append(source[start:end])
        start = match.end()
    pieces.append(source[start:])
    return [p for p in (piece.strip() for piece in pieces) if p]


def make_paragraph(number: int, source: str) -> Paragraph:
    """Build paragraph ``p<number>`` and its sentences from its source text."""
    pid = f"p{number}"
    plain, _ = _strip_emphasis(source)
    sentences: list[Sentence] = []
    cursor = 0
    for index, sentence_source in enumerate(split_sentences(source), start=1):
        sentence_plain, _ = _strip_emphasis(sentence_source)
        offset = plain.index(sentence_plain, cursor)
        cursor = offset + len(sentence_plain)
        sentences.append(
            Sentence(id=f"{pid}.{index}", source=sentence_source, paragraph_id=pid, offset=offset)
        )
    return Paragraph(id=pid, source=source, sentences=tuple(sentences))


def parse_passage_id(passage_id: str) -> tuple[int, int | None]:
    """Return ``(paragraph, sentence)`` numbers for an id like ``p4`` or ``p4.2``.

    Raises ``ValueError`` for a string that is not of that form (whether the
    passage exists is the text's business, not the id's).
    """
    match = _PASSAGE_ID.match(passage_id.strip())
    if not match:
        raise ValueError(f"not a passage id: {passage_id!r} (expected p<N> or p<N>.<M>, e.g. p4 or p4.2)")
    paragraph = int(match.group(1))
    sentence = int(match.group(2)) if match.group(2) else None
    return paragraph, sentence
