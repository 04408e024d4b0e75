"""Annotations on the text: data in ``book/annotations/p<N>.yml``, validated here.

Each file holds a YAML list of annotations on one paragraph::

    - id: p4-experience-machine
      passage: p4.1              # a paragraph (p4) or a sentence (p4.1)
      span: Nexus of Serenity    # the exact words, as the reader sees them
      occurrence: 1              # needed only when the span occurs more than once
      category: connection       # concept | literary-device | ethical-question | connection
      title: The experience machine
      body: |                    # MyST Markdown: {term}, {cite:t}, {passage}, {doc}
        ...
      terms: [experience machine]
      cites: [nozick1974]

:func:`load_annotations` checks every annotation against the text, the
glossary (read from the glossary page's source) and the bibliography (the
``.bib`` files named in ``_config.yml``), collects every problem, and raises
one :class:`AnnotationError` naming each file, annotation and fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator
from rapidfuzz import fuzz, process

from elysara.bookdata.references import CHECKOUT, BookReferences, book_root, references_from_book
from elysara.text import Text, UnknownPassageError, load_text

__all__ = [
    "CATEGORIES",
    "Annotation",
    "AnnotationError",
    "annotations_for",
    "default_annotations_folder",
    "load_annotations",
    "validate_annotations",
]

#: The kinds of note, with the label readers see on the filter buttons.
CATEGORIES: dict[str, str] = {
    "concept": "Concepts",
    "literary-device": "Literary devices",
    "ethical-question": "Ethical questions",
    "connection": "Connections",
}

ANNOTATIONS_FOLDER = "book/annotations"

_TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
_CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
_PASSAGE_ROLE = re.compile(r"\{passage\}`([^`]+)`")
_DOC_ROLE = re.compile(r"\{doc\}`([^`]+)`")
_EXPLICIT_TARGET = re.compile(r"^.*<([^<>]+)>\s*$", re.DOTALL)


class Annotation(BaseModel):
    """One note on the text, as written in an annotations file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="unique slug, e.g. p4-experience-machine")
    passage: str = Field(description="paragraph (p4) or sentence (p4.2) the span lies in")
    span: str = Field(min_length=1, description="the exact words anchored to, as the reader sees them")
    occurrence: int | None = Field(default=None, ge=1, description="1-based; required if the span repeats")
    category: str
    title: str = Field(min_length=1)
    body: str = Field(min_length=1, description="MyST Markdown")
    terms: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    #: On the Reading page, shown by default (True) or under "more notes" (False); None lets the
    #: page's rule decide (one note per group of sentences, see elysara.sphinxext.reading).
    shown: bool | None = None

    _file: str = PrivateAttr(default="")
    _anchor: tuple[str, int, int] | None = PrivateAttr(default=None)

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r}; valid categories are {', '.join(CATEGORIES)}")
        return value

    @property
    def file(self) -> str:
        """The annotations file this annotation came from (for error messages)."""
        return self._file

    @property
    def paragraph_id(self) -> str:
        """The paragraph the span lies in (available once validated)."""
        return self._located()[0]

    @property
    def start(self) -> int:
        """Where the span starts in its paragraph's ``text`` (available once validated)."""
        return self._located()[1]

    @property
    def end(self) -> int:
        """Where the span ends (exclusive) in its paragraph's ``text``."""
        return self._located()[2]

    def _located(self) -> tuple[str, int, int]:
        if self._anchor is None:
            raise RuntimeError(f"annotation {self.id!r} has not been validated against the text")
        return self._anchor

    def body_terms(self) -> list[str]:
        """Glossary terms the body links with ``{term}``."""
        return [_role_target(t) for t in _TERM_ROLE.findall(self.body)]

    def body_cites(self) -> list[str]:
        """Bibliography keys the body cites with ``{cite}``, ``{cite:t}``, ``{cite:p}``."""
        return [k.strip() for keys in _CITE_ROLE.findall(self.body) for k in keys.split(",") if k.strip()]

    def body_passages(self) -> list[str]:
        """Passage ids the body links with ``{passage}``."""
        return [_role_target(t) for t in _PASSAGE_ROLE.findall(self.body)]

    def body_docs(self) -> list[str]:
        """Pages the body links with ``{doc}``."""
        return [_role_target(t) for t in _DOC_ROLE.findall(self.body)]


def _role_target(content: str) -> str:
    """The target of a role's content: ``title <target>`` or just ``target``."""
    match = _EXPLICIT_TARGET.match(content)
    return (match.group(1) if match else content).strip()


class AnnotationError(ValueError):
    """Every problem found in a folder of annotations, one per line."""

    def __init__(self, folder: Path | str, problems: list[str]) -> None:
        self.folder = str(folder)
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the annotations in {folder}:\n" + "\n".join(f"  - {p}" for p in problems))


def default_annotations_folder() -> Path:
    """The checkout's ``book/annotations`` folder."""
    return CHECKOUT / ANNOTATIONS_FOLDER


def _closest(value: str, choices: Iterable[str]) -> str:
    best = process.extractOne(value, list(choices), scorer=fuzz.WRatio)
    return f"; did you mean {best[0]!r}?" if best else ""


def _read_file(path: Path, problems: list[str]) -> list[Annotation]:
    """Parse one annotations file; schema problems go to ``problems``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problems.append(f"{path.name}: not valid YAML: {error}")
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(f"{path.name}: expected a list of annotations, got {type(data).__name__}")
        return []
    annotations = []
    for index, item in enumerate(data, start=1):
        label = f"{path.name}, annotation {item.get('id', f'#{index}')!r}" if isinstance(item, dict) else f"{path.name}, item #{index}"
        try:
            annotation = Annotation.model_validate(item)
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"]) or "annotation"
                message = detail["msg"].removeprefix("Value error, ")
                problems.append(f"{label}: {where}: {message}")
            continue
        annotation._file = path.name
        annotations.append(annotation)
    return annotations


def _locate(annotation: Annotation, text: Text, problems: list[str]) -> None:
    """Find the annotation's span in its passage and record where it is, or report why not."""
    label = f"{annotation.file}, annotation {annotation.id!r}"
    try:
        passage = text.passage(annotation.passage)
    except UnknownPassageError as error:
        problems.append(f"{label}: unknown passage: {error}")
        return
    paragraph_id = getattr(passage, "paragraph_id", "") or passage.id
    expected_file = f"{paragraph_id}.yml"
    if annotation.file and annotation.file != expected_file:
        problems.append(f"{label}: passage {passage.id} belongs in {expected_file}, not {annotation.file}")
    # Overlapping repeats ("aa" in "aaa") are repeats too.
    starts = sorted({i for i in range(len(passage.text)) if passage.text.startswith(annotation.span, i)})
    if not starts:
        closest = fuzz.partial_ratio_alignment(annotation.span, passage.text)
        hint = ""
        if closest is not None and closest.score > 0:
            hint = f"; closest match: {passage.text[closest.dest_start:closest.dest_end]!r} ({closest.score:.0f}% similar)"
        problems.append(f"{label}: span {annotation.span!r} not found in {passage.id}{hint}")
        return
    if annotation.occurrence is None and len(starts) > 1:
        problems.append(
            f"{label}: span {annotation.span!r} occurs {len(starts)} times in {passage.id}; "
            f"add occurrence: 1..{len(starts)}"
        )
        return
    occurrence = annotation.occurrence or 1
    if occurrence > len(starts):
        problems.append(
            f"{label}: occurrence {occurrence} is out of range: span {annotation.span!r} occurs "
            f"{len(starts)} time{'s' if len(starts) != 1 else ''} in {passage.id}"
        )
        return
    offset = getattr(passage, "offset", 0)
    start = offset + starts[occurrence - 1]
    end = start + len(annotation.span)
    paragraph = text.passage(paragraph_id)
    crossed = [s.id for s in paragraph.sentences if s.offset < end and start < s.offset + len(s.text)]
    if len(crossed) > 1:
        problems.append(f"{label}: span {annotation.span!r} crosses sentences {', '.join(crossed)}; anchor a span within one sentence")
        return
    annotation._anchor = (paragraph_id, start, end)


def _check_links(annotation: Annotation, refs: BookReferences, text: Text, problems: list[str]) -> None:
    """Check the glossary terms, bib keys, passages and pages an annotation names or links."""
    label = f"{annotation.file}, annotation {annotation.id!r}"
    folded_terms = {t.casefold(): t for t in refs.terms}  # Sphinx matches glossary terms case-insensitively
    for where, terms in (("terms", annotation.terms), ("body {term}", annotation.body_terms())):
        for term in terms:
            if term.casefold() not in folded_terms:
                problems.append(f"{label}: {where}: unknown glossary term {term!r}{_closest(term, refs.terms)}")
    for where, keys in (("cites", annotation.cites), ("body {cite}", annotation.body_cites())):
        for key in keys:
            if key not in refs.bib_keys:
                problems.append(f"{label}: {where}: unknown citation key {key!r}{_closest(key, refs.bib_keys)}")
    for passage_id in annotation.body_passages():
        if passage_id not in text:
            problems.append(f"{label}: body {{passage}}: unknown passage {passage_id!r}")
    if refs.root is not None:
        for doc in annotation.body_docs():
            stem = refs.root / doc.lstrip("/")
            if not any(stem.with_name(stem.name + ext).is_file() for ext in (".md", ".ipynb", ".rst")):
                problems.append(f"{label}: body {{doc}}: no page {doc!r} in the book")
    if not (annotation.terms or annotation.cites or annotation.body_terms() or annotation.body_cites()):
        problems.append(f"{label}: links no glossary term and no source; add terms: or cites: (or a {{term}}/{{cite}} in the body)")


def validate_annotations(
    annotations: list[Annotation], text: Text, refs: BookReferences, problems: list[str]
) -> None:
    """Check annotations against the text and the book's references, appending to ``problems``."""
    seen: dict[str, Annotation] = {}
    for annotation in annotations:
        if annotation.id in seen:
            problems.append(
                f"{annotation.file}, annotation {annotation.id!r}: duplicate id (also in {seen[annotation.id].file})"
            )
        else:
            seen[annotation.id] = annotation
        _locate(annotation, text, problems)
        _check_links(annotation, refs, text, problems)
    # Highlights cannot nest: two notes on overlapping words would hide one another.
    located = sorted((a for a in annotations if a._anchor is not None), key=lambda a: a._anchor)
    for before, after in zip(located, located[1:]):
        if before.paragraph_id == after.paragraph_id and after.start < before.end:
            problems.append(
                f"{after.file}, annotation {after.id!r}: span {after.span!r} overlaps the span "
                f"{before.span!r} of annotation {before.id!r}; spans may not overlap"
            )


def load_annotations(
    folder: Path | str | None = None,
    *,
    text: Text | None = None,
    references: BookReferences | None = None,
) -> list[Annotation]:
    """Load and validate every ``*.yml`` in ``folder``, in reading order.

    ``references`` defaults to the glossary and bibliography of the book
    that contains ``folder``. Raises :class:`AnnotationError` listing every
    problem found, each with its file and annotation id.
    """
    folder = Path(folder) if folder is not None else default_annotations_folder()
    text = text or load_text()
    if references is None:
        references = references_from_book(book_root(folder))
    problems: list[str] = []
    annotations: list[Annotation] = []
    for path in sorted(folder.glob("*.yml")):
        annotations.extend(_read_file(path, problems))
    validate_annotations(annotations, text, references, problems)
    if problems:
        raise AnnotationError(folder, problems)
    return sorted(annotations, key=lambda a: (int(a.paragraph_id[1:]), a.start))


_cache: dict[Path, list[Annotation]] = {}


def annotations_for(passage_id: str, folder: Path | str | None = None) -> list[Annotation]:
    """The annotations whose span lies in ``passage_id`` (a paragraph or a sentence), in reading order.

    The folder (default: the checkout's ``book/annotations``) is loaded and
    validated once per process.
    """
    folder = Path(folder or default_annotations_folder()).resolve()
    if folder not in _cache:
        _cache[folder] = load_annotations(folder)
    text = load_text()
    passage = text.passage(passage_id)
    paragraph_id = getattr(passage, "paragraph_id", "") or passage.id
    start = getattr(passage, "offset", 0)
    end = start + len(passage.text)
    return [a for a in _cache[folder] if a.paragraph_id == paragraph_id and start <= a.start and a.end <= end]
