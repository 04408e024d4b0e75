"""The ``{passage}`` role: cite a passage by id and link to it on the Reading page.

``{passage}`p4.2``` renders as ``p4.2`` linked to the sentence;
``{passage}`the plea <p8.3>``` uses its own words. An id that names no
passage is a build error, so a citation can never point at nothing.
Links resolve through Sphinx's standard labels, which the ``elysara-text``
directive registers, so they work from any page and in any builder.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst.states import Inliner
from sphinx import addnodes
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment

from elysara.text import UnknownPassageError, load_text

_EXPLICIT = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


def label_for(passage_id: str) -> str:
    """The Sphinx label under which a passage's anchor is registered."""
    return f"passage-{passage_id}"


def register_passage_labels(env: BuildEnvironment, docname: str) -> None:
    """Register every paragraph and sentence of the text as a label of ``docname``."""
    domain: StandardDomain = env.get_domain("std")  # type: ignore[assignment]
    for passage_id in load_text().passage_ids:
        domain.note_hyperlink_target(label_for(passage_id), docname, passage_id, passage_id)


def passage_role(name, rawtext, text, lineno, inliner: Inliner, options=None, content=None):
    """Docutils role function for ``{passage}``."""
    match = _EXPLICIT.match(text)
    title, target = (match["title"], match["target"].strip()) if match else (text.strip(), text.strip())
    try:
        passage = load_text().passage(target)
    except UnknownPassageError as error:
        message = inliner.reporter.error(f"{{passage}} role: {error}", line=lineno)
        problematic = inliner.problematic(rawtext, rawtext, message)
        return [problematic], [message]
    xref = addnodes.pending_xref(
        rawtext, refdomain="std", reftype="ref", reftarget=label_for(passage.id), refexplicit=True,
        refwarn=True,
    )
    xref += nodes.inline(rawtext, title, classes=["elysara-passage-ref"])
    return [xref], []
