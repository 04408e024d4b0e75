"""The ``elysara-text`` directive: the text, verbatim, from :mod:`elysara.text`, with its notes.

Each paragraph gets the anchor ``#p<N>`` and a visible permalink number;
each sentence gets the anchor ``#p<N>.<M>``. The words come from the one
copy of the text, never from the page's source.

Annotations (validated on ``builder-inited``, see :mod:`.annotations`) render
as a highlighted ``<mark data-annotation=... data-category=...>`` followed by
a numbered link to the note (the number is drawn by CSS from ``data-number``,
so the page's text stays the text: copying a quotation copies no note
numbers). The notes themselves are an ordered list of
endnotes after the text, their bodies parsed as MyST here, so ``{term}``
and ``{cite}`` resolve like anywhere else. Without JavaScript the links lead
to the endnotes; ``reading.js`` turns them into buttons that open the note
below its paragraph, and adds the category filter and the plain-reading switch.

A lighter default: the page shows about one note per group of sentences
(:func:`default_notes`); the others are marked ``data-more`` and appear
with the "More notes" switch (all notes show without JavaScript, and every
note is in the list at the end and in print, whatever the screen shows).
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from elysara.sphinxext.annotations import annotation_files, build_annotations
from elysara.sphinxext.assets import STATIC_DIR
from elysara.sphinxext.passage_role import register_passage_labels
from elysara.text import Passage, Sentence, load_text
from elysara.bookdata.annotations import CATEGORIES, Annotation

#: Sentences per group for the default notes: about one note per group of this many sentences.
SENTENCES_PER_GROUP = 3
#: Which note of a group is shown first when several could be: questions for the reader,
#: then the philosophy, then connections, then how the text is written.
CATEGORY_PRIORITY = ("ethical-question", "concept", "connection", "literary-device")

#: What each kind of note is for, in the legend above the text.
CATEGORY_HELP = {
    "concept": "an idea or term from philosophy",
    "literary-device": "how the text says what it says",
    "ethical-question": "a question the passage asks of you",
    "connection": "a link to another work or thinker",
}

#: Singular labels for a note's category, as shown on the note.
CATEGORY_LABELS = {
    "concept": "Concept",
    "literary-device": "Literary device",
    "ethical-question": "Ethical question",
    "connection": "Connection",
}


def _raw(html: str) -> nodes.raw:
    return nodes.raw("", html, format="html")


def fragment_nodes(passage: Passage, start: int, end: int) -> list[nodes.Node]:
    """Inline nodes for ``passage.text[start:end]``, with its emphasis as ``<em>``."""
    out: list[nodes.Node] = []
    cursor = start
    for span in passage.emphasis:
        lo, hi = max(span.start, start), min(span.end, end)
        if lo >= hi:
            continue
        if lo > cursor:
            out.append(nodes.Text(passage.text[cursor:lo]))
        out.append(nodes.emphasis(text=passage.text[lo:hi]))
        cursor = hi
    if cursor < end:
        out.append(nodes.Text(passage.text[cursor:end]))
    return out


def annotated_sentence_nodes(sentence: Sentence, notes: list[tuple[int, Annotation]],
                             more: frozenset[str] = frozenset()) -> list[nodes.Node]:
    """A sentence's words with each annotation's span highlighted and followed by its note number.

    Notes in ``more`` carry ``data-more``: shown only with "More notes" (reading.js).
    """
    out: list[nodes.Node] = []
    cursor = 0
    for number, note in notes:
        start, end = note.start - sentence.offset, note.end - sentence.offset
        out.extend(fragment_nodes(sentence, cursor, start))
        attrs = f'data-annotation="{escape(note.id)}" data-category="{escape(note.category)}"'
        extra = ' data-more=""' if note.id in more else ""
        attrs += extra
        out.append(_raw(f'<mark class="elysara-anno" {attrs}>'))
        out.extend(fragment_nodes(sentence, start, end))
        out.append(_raw("</mark>"))
        out.append(_raw(
            f'<a class="elysara-anno-ref" id="ref-{escape(note.id)}" href="#note-{escape(note.id)}" '
            f'data-note="{escape(note.id)}" data-category="{escape(note.category)}"{extra} '
            f'data-number="{number}" aria-label="Note {number}: {escape(note.title)}"></a>'
        ))
        cursor = end
    out.extend(fragment_nodes(sentence, cursor, len(sentence.text)))
    return out


def default_notes(annotations: list[Annotation]) -> set[str]:
    """The ids of the notes shown by default: about one per group of sentences.

    Each paragraph's sentences are grouped in runs of :data:`SENTENCES_PER_GROUP`;
    in each group with notes, one is shown: the one marked ``shown: true`` if any,
    else the first by :data:`CATEGORY_PRIORITY`, then text order. A note marked
    ``shown: false`` is never the default, ``shown: true`` always is.
    """
    text = load_text()
    groups: dict[tuple[str, int], list[tuple[int, Annotation]]] = {}
    for order, note in enumerate(annotations):
        paragraph = text.passage(note.paragraph_id)
        index = next((i for i, s in enumerate(paragraph.sentences)
                      if s.offset <= note.start < s.offset + len(s.text)), 0)
        groups.setdefault((note.paragraph_id, index // SENTENCES_PER_GROUP), []).append((order, note))
    chosen = {note.id for note in annotations if note.shown is True}
    for members in groups.values():
        if any(n.id in chosen for _, n in members):
            continue
        candidates = [(CATEGORY_PRIORITY.index(n.category), order, n) for order, n in members if n.shown is not False]
        if candidates:
            chosen.add(min(candidates, key=lambda c: (c[0], c[1]))[2].id)
    return chosen


def legend_html() -> str:
    """The four kinds of note, each with its highlight and what it is for (shown with or without script)."""
    items = "".join(
        f'<li><span class="elysara-legend-swatch" data-category="{escape(c)}">{escape(CATEGORY_LABELS[c])}</span> '
        f"{escape(CATEGORY_HELP[c])}</li>"
        for c in CATEGORIES
    )
    return f'<div class="elysara-legend"><p class="elysara-legend-title">Kinds of note</p><ul>{items}</ul></div>'


def toolbar_html(annotations: list[Annotation]) -> str:
    """The category filter and plain-reading switch (shown by ``reading.js``; hidden without it)."""
    counts = {category: sum(a.category == category for a in annotations) for category in CATEGORIES}
    more = len(annotations) - len(default_notes(annotations))
    buttons = [f'<button type="button" class="elysara-filter" data-filter="all" aria-pressed="true">All notes ({len(annotations)})</button>']
    buttons += [
        f'<button type="button" class="elysara-filter" data-filter="{category}" aria-pressed="false">'
        f'{escape(label)} ({counts[category]})</button>'
        for category, label in CATEGORIES.items()
    ]
    return (
        '<div class="elysara-reading-tools" data-elysara-script="reading" hidden>'
        '<div class="elysara-filters" role="group" aria-label="Show notes of one kind">'
        + "".join(buttons)
        + "</div>"
        '<button type="button" class="elysara-plain-toggle" aria-pressed="false">Plain reading (hide notes)</button>'
        f'<button type="button" class="elysara-more-toggle" aria-pressed="false">More notes ({more})</button>'
        "</div>"
    )


class TextDirective(SphinxDirective):
    """Render every paragraph of the text with paragraph and sentence anchors, and its notes."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        text = load_text()
        register_passage_labels(self.env, self.env.docname)
        annotations = build_annotations(self.env.app)
        # Edited notes, glossary or page scripts re-build this page (Sphinx copies
        # static files only when some page is written).
        for path in [*annotation_files(self.env.app), STATIC_DIR / "reading.js", STATIC_DIR / "reading.css"]:
            self.env.note_dependency(str(path))
        numbered = list(enumerate(annotations, start=1))
        more = frozenset(a.id for a in annotations) - default_notes(annotations)
        out: list[nodes.Node] = []
        if annotations:
            out.append(_raw(legend_html()))
            out.append(_raw(toolbar_html(annotations)))
        container = nodes.container(classes=["elysara-text"])
        # Verbatim means verbatim: Sphinx's smart quotes would curl the text's
        # straight quotes and apostrophes.
        container["support_smartquotes"] = False
        for paragraph in text.paragraphs:
            para = nodes.paragraph(ids=[paragraph.id], classes=["elysara-paragraph"])
            para += nodes.reference(
                "", paragraph.number, refuri=f"#{paragraph.id}", classes=["elysara-pnum"],
                reftitle=f"Permalink to paragraph {paragraph.number}",
            )
            para += nodes.Text(" ")
            for index, sentence in enumerate(paragraph.sentences):
                if index:
                    para += nodes.Text(" ")
                inline = nodes.inline(ids=[sentence.id], classes=["elysara-sentence"])
                notes = [
                    (n, a) for n, a in numbered
                    if a.paragraph_id == paragraph.id
                    and sentence.offset <= a.start < sentence.offset + len(sentence.text)
                ]
                inline.extend(annotated_sentence_nodes(sentence, notes, more))
                para += inline
            container += para
        out.append(container)
        if annotations:
            out.append(self._endnotes(numbered))
        return out

    def _endnotes(self, numbered: list[tuple[int, Annotation]]) -> nodes.Node:
        """The notes as an ordered list after the text: the no-JS, print and source view of every note."""
        section = nodes.container(ids=["elysara-notes"], classes=["elysara-notes"])
        section += nodes.rubric("", "Notes on the text")
        section += nodes.paragraph(text="Every note on the text, in order, including those shown only with "
                                        "\u201cMore notes\u201d. Printing the page always includes this list.")
        items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["elysara-note-list"])
        text = load_text()
        for number, note in numbered:
            item = nodes.list_item(ids=[f"note-{note.id}"], classes=["elysara-note", f"elysara-cat-{note.category}"])
            head = nodes.paragraph(classes=["elysara-note-head"])
            head += nodes.strong(text=note.title)
            head += nodes.Text(" ")
            head += nodes.inline(text=CATEGORY_LABELS[note.category], classes=["elysara-note-cat"])
            head += nodes.Text(" ")
            where = text.passage(note.passage).id
            back = nodes.reference("", "", refuri=f"#ref-{note.id}", classes=["elysara-note-back"],
                                   reftitle="Back to the text")
            back["support_smartquotes"] = False  # the quoted span is the text's own words
            back += nodes.Text(f"{where}: “{note.span}”")
            head += back
            item += head
            item.extend(self.parse_text_to_nodes(note.body))
            items += item
        section += items
        return section
