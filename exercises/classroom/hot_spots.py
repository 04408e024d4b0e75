"""The class's hot spots: where students annotated the text, sentence by sentence and by tag.

:func:`count_hot_spots` is a pure function over each student's verified notes
(:class:`~elysara.exercises.answers.web_annotations.Note`): it counts, per
sentence, how many *students* put a note on it (a student counts once per
sentence however many notes they wrote there), overall and per tag. The same
privacy rule as the class summary (:mod:`elysara.exercises.classroom.summary`)
applies: a count below ``min_group`` is never shown, and no student id is
kept. :func:`render_hot_spots` fills ``templates/hot_spots.html`` (autoescaped)
for the dashboard; :func:`read_class_notes` reads the class's notes files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from elysara.exercises.answers.web_annotations import Note, read_note_file
from elysara.exercises.bank.schema import NOTE_TAGS
from elysara.text import load_text

__all__ = ["HotSpot", "HotSpots", "count_hot_spots", "read_class_notes", "render_hot_spots"]

#: Sentence shades from no notes (or a hidden count) to the most annotated.
SHADES = ("transparent", "#efe4fa", "#dcc6f2", "#c09be6", "#a274d6")
#: How many of the most annotated sentences the dashboard lists.
TOP = 5


@dataclass(frozen=True)
class HotSpot:
    """A sentence and how many students annotated it (None: fewer than the threshold)."""

    sentence_id: str
    text: str
    students: int | None
    shade: str


@dataclass
class HotSpots:
    """Students per sentence, overall and per tag; no student ids inside."""

    min_group: int
    students: int = 0  #: students with at least one verified note
    sentences: Counter = field(default_factory=Counter)  #: sentence id -> students
    by_tag: dict[str, Counter] = field(default_factory=dict)  #: tag -> (sentence id -> students)
    tag_students: Counter = field(default_factory=Counter)  #: tag -> students who used it

    def shown(self, count: int) -> int | None:
        """``count`` if it may be shown, ``None`` below the privacy threshold."""
        return count if count >= self.min_group else None

    def heat(self, tag: str | None = None) -> list[list[HotSpot]]:
        """Paragraphs of sentences with their shown counts and shades (all notes, or one tag)."""
        counts = self.sentences if tag is None else self.by_tag.get(tag, Counter())
        most = max([n for n in counts.values() if self.shown(n) is not None] or [0])
        out = []
        for paragraph in load_text().paragraphs:
            row = []
            for sentence in paragraph.sentences:
                shown = self.shown(counts.get(sentence.id, 0))
                level = 0 if shown is None or most == 0 else max(1, round(shown / most * (len(SHADES) - 1)))
                row.append(HotSpot(sentence.id, sentence.text, shown, SHADES[level]))
            out.append(row)
        return out

    def most_annotated(self, top: int = TOP) -> list[tuple[HotSpot, dict[str, int]]]:
        """The most annotated sentences that may be shown, each with its shown counts per tag."""
        text = load_text()
        ranked = sorted((sid for sid, n in self.sentences.items() if self.shown(n) is not None),
                        key=lambda sid: (-self.sentences[sid], text.passage_ids.index(sid)))
        out = []
        for sid in ranked[:top]:
            tags = {tag: n for tag in NOTE_TAGS
                    if (n := self.shown(self.by_tag.get(tag, Counter()).get(sid, 0))) is not None}
            out.append((HotSpot(sid, text.passage(sid).text, self.sentences[sid], ""), tags))
        return out


def count_hot_spots(notes_by_student: Mapping[str, Sequence[Note]] | Iterable[Sequence[Note]],
                    *, min_group: int) -> HotSpots:
    """Count students per sentence and per tag (pure: no files, no ids kept)."""
    if min_group < 1:
        raise ValueError(f"min_group must be at least 1, got {min_group}")
    groups = notes_by_student.values() if isinstance(notes_by_student, Mapping) else notes_by_student
    hot = HotSpots(min_group=min_group, by_tag={tag: Counter() for tag in NOTE_TAGS})
    for notes in groups:
        if not notes:
            continue
        hot.students += 1
        sentences = {sid for note in notes for sid in note.sentence_ids}
        hot.sentences.update(sentences)
        for tag in NOTE_TAGS:
            tagged = {sid for note in notes if note.tag == tag for sid in note.sentence_ids}
            hot.by_tag[tag].update(tagged)
            hot.tag_students[tag] += bool(tagged)
    return hot


def read_class_notes(note_files: Iterable[object]) -> tuple[dict[str, list[Note]], int]:
    """Each student's verified notes (the newest file per student) and how many files could not be read."""
    newest: dict[str, object] = {}
    for note_file in sorted(note_files, key=lambda n: (n.mtime_ns, str(n.path))):
        newest[note_file.student] = note_file
    notes: dict[str, list[Note]] = {}
    unreadable = 0
    for student, note_file in newest.items():
        read = read_note_file(Path(note_file.path))
        if not read.readable:
            unreadable += 1
            continue
        notes[student] = read.notes
    return notes, unreadable


def render_hot_spots(hot: HotSpots, unreadable: int = 0) -> str:
    """The dashboard's hot-spots section (HTML from the template, every value escaped)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("elysara.exercises.classroom", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    labels = {"question": "Question", "connection": "Connection", "objection": "Objection", "reaction": "Reaction"}
    return env.get_template("hot_spots.html").render(
        hot=hot, students=hot.shown(hot.students), tags=NOTE_TAGS, labels=labels,
        most=hot.most_annotated(), unreadable=unreadable, shades=SHADES,
    )
