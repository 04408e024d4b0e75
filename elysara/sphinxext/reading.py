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


def annotated_sentence_nodes(sentence: Sentence, notes: list[tuple[int, Annotation]]) -> list[nodes.Node]:
    """A sentence's words with each annotation's span highlighted and followed by its note number."""
    out: list[nodes.Node] = []
    cursor = 0
    for number, note in notes:
        start, end = note.start - sentence.offset, note.end - sentence.offset
        out.extend(fragment_nodes(sentence, cursor, start))
        attrs = f'data-annotation="{escape(note.id)}" data-category="{escape(note.category)}"'
        out.append(_raw(f'<mark class="elysara-anno" {attrs}>'))
        out.extend(fragment_nodes(sentence, start, end))
        out.append(_raw("</mark>"))
        out.append(_raw(
            f'<a class="elysara-anno-ref" id="ref-{escape(note.id)}" href="#note-{escape(note.id)}" '
            f'data-note="{escape(note.id)}" data-category="{escape(note.category)}" '
            f'data-number="{number}" aria-label="Note {number}: {escape(note.title)}"></a>'
        ))
        cursor = end
    out.extend(fragment_nodes(sentence, cursor, len(sentence.text)))
    return out


def toolbar_html(annotations: list[Annotation]) -> str:
    """The category filter and plain-reading switch (shown by ``reading.js``; hidden without it)."""
    counts = {category: sum(a.category == category for a in annotations) for category in CATEGORIES}
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
        out: list[nodes.Node] = []
        if annotations:
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
                inline.extend(annotated_sentence_nodes(sentence, notes))
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
