"""The ``elysara-text`` directive: the text, verbatim, from :mod:`elysara.text`.

Each paragraph gets the anchor ``#p<N>`` and a visible permalink number;
each sentence gets the anchor ``#p<N>.<M>``. The words come from the one
copy of the text, never from the page's source.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from elysara.sphinxext.passage_role import register_passage_labels
from elysara.text import Passage, load_text


def passage_nodes(passage: Passage) -> list[nodes.Node]:
    """Inline nodes for a passage's words, with its emphasis as ``<em>``."""
    out: list[nodes.Node] = []
    cursor = 0
    for span in passage.emphasis:
        if span.start > cursor:
            out.append(nodes.Text(passage.text[cursor : span.start]))
        out.append(nodes.emphasis(text=passage.text[span.start : span.end]))
        cursor = span.end
    if cursor < len(passage.text):
        out.append(nodes.Text(passage.text[cursor:]))
    return out


class TextDirective(SphinxDirective):
    """Render every paragraph of the text with paragraph and sentence anchors."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        text = load_text()
        register_passage_labels(self.env, self.env.docname)
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
                inline.extend(passage_nodes(sentence))
                para += inline
            container += para
        return [container]
