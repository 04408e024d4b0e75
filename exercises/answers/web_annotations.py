"""Students' own notes on the text as W3C Web Annotations (``elysara-notes.json``).

The Reading page's "My notes" (``elysara/sphinxext/_static/my-notes.js``)
keeps a student's notes in their browser and writes them, on "Download my
notes", as one JSON-LD document in the W3C Web Annotation Data Model
(https://www.w3.org/TR/annotation-model/): an ``AnnotationCollection`` whose
first ``AnnotationPage`` holds every note. Each note is an ``Annotation``:

* ``body``: a ``TextualBody`` with the note (``purpose: commenting``) and,
  when tagged, a second ``TextualBody`` with the tag (``purpose: tagging``);
* ``target``: ``source`` is the Reading page with the passage id as its
  fragment (``reading.html#p4.2``; a paragraph, ``#p4``, when the words run
  over two sentences), and two ``selector`` alternatives that select the same
  words of that passage: a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end: characters of the passage's text as
  :mod:`elysara.text` gives it).

This module builds that form (:func:`make_annotation`, :func:`make_collection`,
the same rules as the page script; a browser test compares the two) and
reads it back (:func:`read_note_file`): every anchor is re-verified against
the one text. A quotation that is not where the note says is reported, never
moved by guesswork; a malformed, oversized or foreign file is one reason and
no notes. Nothing in a note is ever executed or rendered as HTML.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elysara.exercises.bank.schema import NOTE_TAGS
from elysara.text import Text, UnknownPassageError, load_text
from elysara.text.passage import ID_FORM

__all__ = [
    "CONTEXT",
    "CONTEXT_LENGTH",
    "FILE_NAME",
    "is_notes_name",
    "MAX_BYTES",
    "Note",
    "NoteFile",
    "NoteProblem",
    "SOURCE_PAGE",
    "anchor_for_span",
    "make_annotation",
    "make_collection",
    "parse_notes",
    "read_note_file",
]

#: The JSON-LD context every Web Annotation document names.
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
#: The file "Download my notes" writes and the grader reads in a student's folder.
FILE_NAME = "elysara-notes.json"
#: The Reading page, relative to the book's pages; a note's passage is its fragment.
SOURCE_PAGE = "reading.html"
#: Characters of context kept before and after the selected words (prefix and suffix).
CONTEXT_LENGTH = 32
#: A term's notes for a whole class fit in a few hundred KB; anything far bigger is not notes.
MAX_BYTES = 2_000_000
#: Longest note text read (characters); a longer one is reported and not counted.
MAX_NOTE_CHARS = 10_000
#: Most notes read from one file.
MAX_NOTES = 2_000

_SOURCE = re.compile(rf"#({ID_FORM})$")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class Note:
    """One note whose anchor was verified against the text."""

    id: str
    passage_id: str  #: the sentence (``p4.2``) or paragraph (``p4``) the target names
    start: int  #: characters of the passage's text, half-open
    end: int
    exact: str  #: the selected words, as the text has them
    body: str  #: the student's note, plain text
    tag: str | None  #: one of :data:`~elysara.exercises.bank.schema.NOTE_TAGS`, or None
    paragraph_id: str
    sentence_ids: tuple[str, ...]  #: every sentence the selected words touch


@dataclass(frozen=True)
class NoteProblem:
    """Something wrong with a note file or one of its notes.

    ``counted`` says whether the note still counts (a note with markup in its
    text counts, as plain text; a note anchored to words the text does not
    have does not).
    """

    code: str
    reason: str
    note: int | None = None  #: 1-based position of the note in the file, None for the whole file
    counted: bool = False

    def __str__(self) -> str:
        where = f"note {self.note}: " if self.note is not None else ""
        return f"{where}{self.reason}"


@dataclass
class NoteFile:
    """What a note file held: the verified notes and every problem found."""

    notes: list[Note] = field(default_factory=list)
    problems: list[NoteProblem] = field(default_factory=list)
    readable: bool = True  #: False when the file as a whole could not be read (no notes at all)


# --- Building ---------------------------------------------------------------------------

def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop whitespace at either end of a selection, as a reader means it."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def anchor_for_span(paragraph_id: str, start: int, end: int, text: Text | None = None) -> dict[str, Any]:
    """The target for characters ``[start, end)`` of a paragraph's text.

    The narrowest passage holding the words is named: their sentence, or the
    paragraph when they run over two sentences. Raises ``ValueError`` for an
    empty selection or one outside the paragraph.
    """
    text = text or load_text()
    paragraph = text.passage(paragraph_id)
    if not 0 <= start <= end <= len(paragraph.text):
        raise ValueError(f"characters {start}..{end} are outside {paragraph_id} (0..{len(paragraph.text)})")
    start, end = _trim(paragraph.text, start, end)
    if start == end:
        raise ValueError("the selection holds no words")
    sentences = [s for s in paragraph.sentences if s.offset < end and start < s.offset + len(s.text)]
    if len(sentences) == 1:
        passage, offset = sentences[0], sentences[0].offset
    else:
        passage, offset = paragraph, 0
    return _target(passage.id, passage.text, start - offset, end - offset)


def _target(passage_id: str, passage_text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "source": f"{SOURCE_PAGE}#{passage_id}",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": passage_text[start:end],
                "prefix": passage_text[max(0, start - CONTEXT_LENGTH):start],
                "suffix": passage_text[end:end + CONTEXT_LENGTH],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def make_annotation(target: dict[str, Any], body: str, tag: str | None = None, *,
                    annotation_id: str | None = None, created: str | None = None) -> dict[str, Any]:
    """One Web Annotation: the note as a textual body, its tag as a tagging body."""
    if tag is not None and tag not in NOTE_TAGS:
        raise ValueError(f"unknown tag {tag!r}; valid tags are {', '.join(NOTE_TAGS)}")
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": body, "format": "text/plain", "purpose": "commenting"}
    ]
    if tag:
        bodies.append({"type": "TextualBody", "value": tag, "purpose": "tagging"})
    annotation: dict[str, Any] = {
        "@context": CONTEXT,
        "id": annotation_id or f"urn:uuid:{uuid.uuid4()}",
        "type": "Annotation",
        "motivation": "commenting",
        "body": bodies,
        "target": target,
    }
    if created:
        annotation["created"] = created
    return annotation


def make_collection(annotations: list[dict[str, Any]], *, collection_id: str | None = None,
                    label: str = "My notes on Elysara") -> dict[str, Any]:
    """The file's content: an AnnotationCollection holding every note in its first page."""
    collection_id = collection_id or f"urn:uuid:{uuid.uuid4()}"
    items = [{key: value for key, value in a.items() if key != "@context"} for a in annotations]
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{collection_id}-page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


# --- Reading ----------------------------------------------------------------------------

def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def _has_context(data: dict[str, Any]) -> bool:
    return CONTEXT in _types(data.get("@context"))


def _items(data: Any) -> tuple[list[Any] | None, str]:
    """The annotations of a collection or page, or (None, reason)."""
    if not isinstance(data, dict):
        return None, "not a W3C Web Annotation collection (the file is JSON, but not an object)"
    if not _has_context(data):
        found = data.get("@context")
        return None, (f"not a W3C Web Annotation file: its @context is {json.dumps(found)[:80]}, "
                      f"not {CONTEXT!r}")
    types = _types(data.get("type"))
    if "AnnotationCollection" in types:
        page = data.get("first")
        if not isinstance(page, dict) or "AnnotationPage" not in _types(page.get("type")):
            return None, "an AnnotationCollection without its notes (no embedded first AnnotationPage)"
        data = page
    elif "Annotation" in types:
        return [data], ""
    if "AnnotationPage" not in _types(data.get("type")):
        return None, f"not an AnnotationCollection, AnnotationPage or Annotation (type {data.get('type')!r})"
    items = data.get("items")
    if not isinstance(items, list):
        return None, "the AnnotationPage has no list of items"
    return items, ""


def _bodies(annotation: dict[str, Any]) -> tuple[str | None, list[str], str]:
    """(note text, tags, reason) from an annotation's bodies."""
    texts: list[str] = []
    tags: list[str] = []
    for body in _as_list(annotation.get("body")):
        if not isinstance(body, dict) or "TextualBody" not in _types(body.get("type")):
            continue
        value = body.get("value")
        if not isinstance(value, str):
            return None, [], "a TextualBody without a text value"
        if "tagging" in _types(body.get("purpose")):
            tags.append(value)
        else:
            texts.append(value)
    if not texts:
        return None, tags, "no note text (no TextualBody with purpose commenting)"
    return "\n\n".join(texts), tags, ""


def _selectors(target: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    quote = position = None
    for selector in _as_list(target.get("selector")):
        if isinstance(selector, dict):
            kind = selector.get("type")
            if kind == "TextQuoteSelector" and quote is None:
                quote = selector
            elif kind == "TextPositionSelector" and position is None:
                position = selector
    return quote, position


def _verify_anchor(target: Any, text: Text) -> tuple[tuple[str, int, int] | None, str, str]:
    """((passage id, start, end), "", "") for an anchor that holds, else (None, code, reason)."""
    if isinstance(target, list):
        target = target[0] if len(target) == 1 else None
    if not isinstance(target, dict):
        return None, "no-target", "its target is not one passage of the text"
    source = target.get("source")
    match = _SOURCE.search(source) if isinstance(source, str) else None
    if match is None:
        return None, "no-passage", f"its target {str(source)[:80]!r} names no passage of the text (expected …#p4.2)"
    passage_id = match.group(1)
    try:
        passage = text.passage(passage_id)
    except UnknownPassageError as error:
        return None, "no-passage", str(error)
    quote, position = _selectors(target)
    if quote is None or not isinstance(quote.get("exact"), str) or not quote["exact"]:
        return None, "no-quote", "its target has no TextQuoteSelector with the exact words"
    exact = quote["exact"]
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
                and not isinstance(end, bool) and 0 <= start < end <= len(passage.text)):
            return None, "bad-position", (f"its TextPositionSelector ({start!r}, {end!r}) is not a span "
                                          f"of {passage_id} (0..{len(passage.text)})")
        if passage.text[start:end] != exact:
            return None, "not-in-text", (f"the words \u201c{exact[:120]}\u201d are not at {passage_id} "
                                         f"characters {start}-{end} (the text there reads "
                                         f"\u201c{passage.text[start:end][:120]}\u201d); not re-anchored")
        return (passage_id, start, end), "", ""
    # No position: the quotation must occur in its passage exactly once (prefix and suffix may decide).
    prefix, suffix = quote.get("prefix") or "", quote.get("suffix") or ""
    places = [m.start() for m in re.finditer(re.escape(exact), passage.text)]
    fitting = [p for p in places if passage.text[:p].endswith(prefix) and passage.text[p + len(exact):].startswith(suffix)]
    if len(fitting) == 1:
        return (passage_id, fitting[0], fitting[0] + len(exact)), "", ""
    if not places:
        return None, "not-in-text", f"the words \u201c{exact[:120]}\u201d are not in {passage_id}; not re-anchored"
    return None, "ambiguous", f"the words \u201c{exact[:120]}\u201d occur {len(places)} times in {passage_id} and the prefix and suffix do not say which"


def parse_notes(data: Any, text: Text | None = None) -> NoteFile:
    """Verify every note of a parsed Web Annotation document against the text."""
    text = text or load_text()
    result = NoteFile()
    items, reason = _items(data)
    if items is None:
        result.readable = False
        result.problems.append(NoteProblem("not-annotations", reason))
        return result
    if len(items) > MAX_NOTES:
        result.problems.append(NoteProblem("too-many", f"{len(items)} notes; only the first {MAX_NOTES} were read"))
        items = items[:MAX_NOTES]
    seen: set[str] = set()
    for number, annotation in enumerate(items, start=1):
        def problem(code: str, why: str, counted: bool = False) -> None:
            result.problems.append(NoteProblem(code, why, number, counted))

        if not isinstance(annotation, dict) or "Annotation" not in _types(annotation.get("type")):
            problem("not-annotation", "not a W3C Annotation (no type Annotation)")
            continue
        note_id = annotation.get("id")
        if not isinstance(note_id, str) or not note_id:
            problem("no-id", "the annotation has no id")
            continue
        if note_id in seen:
            problem("duplicate", "the same note appears twice in the file; counted once")
            continue
        seen.add(note_id)
        body, tags, why = _bodies(annotation)
        if body is None:
            problem("no-body", why)
            continue
        if len(body) > MAX_NOTE_CHARS:
            problem("too-long", f"the note is {len(body):,} characters long, over {MAX_NOTE_CHARS:,}; not counted")
            continue
        anchor, code, why = _verify_anchor(annotation.get("target"), text)
        if anchor is None:
            problem(code, why)
            continue
        if _MARKUP.search(body):
            problem("markup", "the note contains HTML markup; it is kept as plain text, never run or rendered",
                    counted=True)
        known = [t for t in tags if t in NOTE_TAGS]
        for unknown in (t for t in tags if t not in NOTE_TAGS):
            problem("unknown-tag", f"unknown tag {unknown[:40]!r} ignored; valid tags are {', '.join(NOTE_TAGS)}",
                    counted=True)
        passage_id, start, end = anchor
        passage = text.passage(passage_id)
        paragraph_id = passage_id.split(".")[0]
        paragraph = text.passage(paragraph_id)
        offset = getattr(passage, "offset", 0)
        sentence_ids = tuple(s.id for s in paragraph.sentences
                             if s.offset < offset + end and offset + start < s.offset + len(s.text))
        result.notes.append(Note(note_id, passage_id, start, end, passage.text[start:end], body,
                                 known[0] if known else None, paragraph_id, sentence_ids))
    return result


def read_note_file(path: Path, *, max_bytes: int = MAX_BYTES, text: Text | None = None) -> NoteFile:
    """Read and verify a student's ``elysara-notes.json``; never raises for a bad file."""
    def unreadable(code: str, reason: str) -> NoteFile:
        return NoteFile(problems=[NoteProblem(code, reason)], readable=False)

    try:
        size = path.lstat().st_size
        if size > max_bytes:
            return unreadable("too-large", f"{size:,} bytes, over the limit of {max_bytes:,} bytes for a notes file")
        raw = path.read_bytes()
    except OSError as error:
        return unreadable("unreadable", f"cannot be read: {error.strerror or error}")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        return unreadable("encoding", f"not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start})")
    except json.JSONDecodeError as error:
        return unreadable("not-json", f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})")
    except RecursionError:
        return unreadable("not-json", "JSON nested too deeply to be a notes file")
    return parse_notes(data, text)


def is_notes_name(name: str) -> bool:
    """Whether a file name may be a student's notes file.

    :data:`FILE_NAME` itself, or an LMS download's name for it: Canvas and
    Moodle put the student's name and ids before the uploaded name
    (``smithann_1234_5678_elysara-notes.json``,
    ``Ann Smith_77_assignsubmission_file_elysara-notes.json``). Whether such a
    name really is an LMS's is for the layouts to say.
    """
    return name == FILE_NAME or name.endswith("_" + FILE_NAME)
