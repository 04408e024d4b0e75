"""Annotations in the build: loaded and validated once, rendered by ``{elysara-text}``.

On ``builder-inited`` the annotations folder is validated against the text,
the glossary page and the ``.bib`` files; any problem stops the build with
a message naming each annotation. The result is kept on the application
(not on ``env``, so nothing per-document needs purging or merging) and the
directive only looks it up. Parallel reads fork after ``builder-inited``,
so every reader sees the same list.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from elysara.text import load_text
from elysara.bookdata.annotations import Annotation, AnnotationError, load_annotations
from elysara.bookdata.references import BookReferences, bib_keys, glossary_terms

_KEY = "_elysara_annotations"


def annotation_files(app: Sphinx) -> list[Path]:
    """The annotation files and the pages they are checked against (for rebuild tracking)."""
    folder = Path(app.srcdir) / app.config.elysara_annotations
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    return [*files, Path(app.srcdir) / app.config.elysara_glossary_page]


def load_for_build(app: Sphinx) -> None:
    """``builder-inited``: load and validate the annotations, or fail the build naming each fault."""
    srcdir = Path(app.srcdir)
    folder = srcdir / app.config.elysara_annotations
    if not folder.is_dir():
        setattr(app, _KEY, [])
        return
    glossary = srcdir / app.config.elysara_glossary_page
    try:
        references = BookReferences(
            terms=glossary_terms(glossary) if glossary.is_file() else frozenset(),
            bib_keys=bib_keys(srcdir / name for name in getattr(app.config, "bibtex_bibfiles", [])),
            root=srcdir,
        )
        annotations = load_annotations(folder, text=load_text(), references=references)
    except AnnotationError as error:
        raise ExtensionError(f"invalid annotations (elysara):\n{error}") from None
    setattr(app, _KEY, annotations)


def build_annotations(app: Sphinx) -> list[Annotation]:
    """The validated annotations of this build, in reading order."""
    return getattr(app, _KEY, [])
