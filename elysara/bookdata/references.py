"""The book's references as data: glossary terms and bibliography keys.

Read from the book's own sources (``book/glossary.md``, the ``.bib`` files
named in ``_config.yml``), never repeated by hand. The grader needs the
glossary terms at run time outside a checkout too (a hub's ``pip install``),
so the build copies those two files into the package
(``elysara/bookdata/data/``, see ``setup.py``); :func:`book_file` reads the
checkout's file when there is one and the packaged copy otherwise, so an
installed package and a checkout grade alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

__all__ = [
    "BookReferences",
    "CHECKOUT",
    "PACKAGED_FILES",
    "bib_keys",
    "book_file",
    "book_root",
    "glossary_terms",
    "packaged_glossary_terms",
    "references_from_book",
]

GLOSSARY_PAGE = "book/glossary.md"
#: The book's root when this package runs from a checkout (editable install or tests).
CHECKOUT = Path(__file__).resolve().parents[2]
#: Book files the build copies into ``elysara/bookdata/data/`` (by base name), for installed packages.
PACKAGED_FILES = ("book/glossary.md", "book/references.bib")

_GLOSSARY_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glossary\}\s*$")


@dataclass(frozen=True)
class BookReferences:
    """What an annotation may link to besides the text: glossary terms, bib keys and pages."""

    terms: frozenset[str]  #: glossary terms, as written in the glossary
    bib_keys: frozenset[str]
    root: Path | None = None  #: the book's root, to check {doc} links (None: not checked)


def glossary_terms(glossary_page: Path) -> frozenset[str]:
    """The terms defined in the ``{glossary}`` blocks of a MyST page.

    In a Sphinx glossary a term is a line that is not indented; its
    definition is indented beneath it.
    """
    terms: set[str] = set()
    fence: str | None = None
    for line in glossary_page.read_text(encoding="utf-8").splitlines():
        if fence is None:
            match = _GLOSSARY_FENCE.match(line.strip())
            if match:
                fence = match["fence"]
            continue
        stripped = line.rstrip()
        if stripped.strip() == fence:
            fence = None
        elif stripped and not stripped[0].isspace() and not stripped.startswith(":"):
            terms.add(stripped.split(" : ")[0].strip())  # "term : classifier"
    return frozenset(terms)


def bib_keys(bib_files: Iterable[Path]) -> frozenset[str]:
    """Every entry key in the given BibTeX files, read with pybtex (as sphinxcontrib-bibtex does)."""
    from pybtex.database import parse_file

    keys: set[str] = set()
    for path in bib_files:
        keys.update(parse_file(str(path), bib_format="bibtex").entries.keys())
    return frozenset(keys)


def book_root(start: Path) -> Path:
    """The book's root at or above ``start`` (the folder holding ``_config.yml``)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "_config.yml").is_file():
            return folder
    raise FileNotFoundError(f"no _config.yml at or above {start}")


def references_from_book(root: Path, glossary_page: str = GLOSSARY_PAGE) -> BookReferences:
    """Read the glossary terms and bib keys of the book at ``root`` (never repeated by hand)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    bib_files = [root / name for name in config.get("bibtex_bibfiles", [])]
    return BookReferences(glossary_terms(root / glossary_page), bib_keys(bib_files), root)


def book_file(relative: str) -> Path:
    """A book file named in :data:`PACKAGED_FILES`: the checkout's copy, else the packaged one."""
    if relative not in PACKAGED_FILES:
        raise KeyError(f"{relative!r} is not packaged; packaged book files: {', '.join(PACKAGED_FILES)}")
    checkout = CHECKOUT / relative
    if checkout.is_file() and (CHECKOUT / "_config.yml").is_file():
        return checkout
    packaged = resources.files("elysara.bookdata").joinpath("data", Path(relative).name)
    return Path(str(packaged))


@cache
def packaged_glossary_terms() -> frozenset[str]:
    """The glossary's terms, as the grader reads them (checkout or installed package alike)."""
    return glossary_terms(book_file(GLOSSARY_PAGE))
