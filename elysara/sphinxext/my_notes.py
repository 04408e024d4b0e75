"""The ``elysara-my-notes`` directive: a student's own notes on the Reading page.

The directive writes only a container, the privacy statement and the
settings the page script needs (JSON, from the Python side's one copy of
them: the Web Annotation context, the tags, the context length); the panel
itself is drawn by ``_static/my-notes.js`` (and ``my-notes.css``), which
:mod:`.assets` adds to the page because the container names the script.
Without JavaScript the container stays hidden and the page is unchanged.

Notes live in the browser's local storage only: nothing is sent anywhere.
A student hands them in by downloading ``elysara-notes.json`` (a W3C Web
Annotation collection, :mod:`elysara.exercises.answers.web_annotations`).
"""

from __future__ import annotations

import json
from html import escape

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from elysara.exercises.answers import web_annotations as wa
from elysara.exercises.bank.schema import NOTE_TAGS
from elysara.sphinxext.assets import STATIC_DIR

#: Shown on the page, where the notes are made: what happens to what a student writes.
PRIVACY = (
    "Your notes are kept only in this browser, on this device (its local storage). "
    "Nothing you write here is sent anywhere: not to this site, not to your teacher, not to anyone. "
    "To hand your notes in, press \u201cDownload my notes\u201d and hand in the file it saves, "
    f"{wa.FILE_NAME}. Clearing this browser's data deletes the notes, so download a copy now and then."
)
#: How each tag reads on the page.
TAG_LABELS = {"question": "Question", "connection": "Connection", "objection": "Objection", "reaction": "Reaction"}


def settings() -> dict:
    """What ``my-notes.js`` needs, from the one Python copy of each rule."""
    return {
        "context": wa.CONTEXT,
        "sourcePage": wa.SOURCE_PAGE,
        "contextLength": wa.CONTEXT_LENGTH,
        "fileName": wa.FILE_NAME,
        "maxBytes": wa.MAX_BYTES,
        "maxNoteChars": wa.MAX_NOTE_CHARS,
        "tags": [{"id": tag, "label": TAG_LABELS[tag]} for tag in NOTE_TAGS],
        "storageKey": "elysara-my-notes",
    }


class MyNotesDirective(SphinxDirective):
    """The container of the "My notes" panel (drawn by my-notes.js)."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        for name in ("my-notes.js", "my-notes.css"):
            self.env.note_dependency(str(STATIC_DIR / name))
        # "</" cannot end the script element early: json.dumps output is escaped for HTML script data.
        data = json.dumps(settings()).replace("</", "<\\/")
        html = (
            '<section class="elysara-my-notes" data-elysara-script="my-notes" aria-labelledby="elysara-my-notes-title" hidden>'
            '<h2 id="elysara-my-notes-title">My notes</h2>'
            f'<p class="elysara-my-notes-privacy">{escape(PRIVACY)}</p>'
            f'<script type="application/json" id="elysara-my-notes-settings">{data}</script>'
            "</section>"
        )
        return [nodes.raw("", html, format="html")]
