"""The templates of the grading outputs (``templates/`` beside this module) and the filters they use.

Jinja2 with autoescape on for every template: whatever a template prints is
escaped unless it is :class:`markupsafe.Markup`, and the only Markup made
here is Markdown rendered by markdown-it with raw HTML disabled, so a
student's ``<script>`` stays text. The Python side computes plain data; the
templates only show it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markdown_it import MarkdownIt
from markupsafe import Markup

__all__ = ["TEMPLATES", "environment", "markdown", "markdown_inline", "plain_paragraphs", "render"]

#: The folder of the templates (packaged with the grader).
TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _markdown() -> MarkdownIt:
    # CommonMark with raw HTML off: students' and the bank's Markdown (*your own*, **bold**, lists)
    # renders; any HTML they type is shown as text.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown(text: str | None) -> Markup:
    """Markdown as safe HTML blocks (paragraphs, lists, emphasis); raw HTML escaped."""
    return Markup(_render(text or ""))


def markdown_inline(text: str | None) -> Markup:
    """One line of Markdown as safe inline HTML (emphasis, code), without a paragraph around it."""
    return Markup(_render_inline(" ".join((text or "").split())))


# Cached: every page of a set repeats the bank's prompts and explanations, and a class repeats answers.
@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    return _markdown().render(text)


@lru_cache(maxsize=1024)
def _render_inline(text: str) -> str:
    return _markdown().renderInline(text)


# Characters that may start Markdown syntax; prose without any of them renders as plain paragraphs.
_MARKUP = re.compile(r"[*_`#>\[\]<&\\|~]|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)


def plain_paragraphs(text: str) -> list[str] | None:
    """``text``'s paragraphs when it has no Markdown at all (rendering it would change nothing), else None.

    Most answers are plain prose: the template shows their paragraphs
    directly and only answers with Markdown go through the parser.
    """
    if _MARKUP.search(text):
        return None
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


@cache
def environment() -> Environment:
    """The templates' environment: autoescape on for every template, undefined names an error."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown
    env.filters["markdown_inline"] = markdown_inline
    return env


def render(template: str, **data: Any) -> str:
    """Render ``templates/<template>`` with ``data``."""
    return environment().get_template(template).render(**data)
