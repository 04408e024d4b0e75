"""The fact-check record (factcheck/claims.yml) covers every cited work and every page number.

A reviewer re-checks the book's claims about other works from this record, so a new
bibliography entry or a new page reference without a record entry is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from elysara.bookdata.references import bib_keys

ROOT = Path(__file__).resolve().parents[1]
RECORD = ROOT / "factcheck" / "claims.yml"
BIB = ROOT / "book" / "references.bib"
# Page references to other works, as the book writes them: "p. 42", "pp. 42-45", "pp. 42--45".
# Passage ids of the story (p4.2) have no dot after the p and never match.
PAGE_REFERENCE = re.compile(r"\bpp?\.\s*(\d+)(?:\s*(?:-|–|--)\s*(\d+))?")
# Pages of the Academy edition of Kant, as the book writes them: "4:429", "4:434-436".
ACADEMY_REFERENCE = re.compile(r"\b(\d{1,2}):(\d{3})(?:\s*(?:-|–|--)\s*(\d{3}))?\b")


def _range(first: str, last: str | None) -> str:
    return f"{int(first)}-{int(last)}" if last else str(int(first))


def page_references(text: str) -> set[str]:
    """Every page or page range in ``text``, normalised to "42" or "42-45"."""
    return {_range(first, last) for first, last in PAGE_REFERENCE.findall(text)}


def academy_references(text: str) -> set[str]:
    """Every Academy-edition page or range in ``text``, normalised to "4:429" or "4:434-436"."""
    return {f"{int(vol)}:{_range(first, last)}" for vol, first, last in ACADEMY_REFERENCE.findall(text)}


def book_files() -> list[Path]:
    """The pages, notes, bibliography and exercises that may cite another work's pages."""
    return [
        *ROOT.glob("book/**/*.md"),
        *ROOT.glob("book/**/*.yml"),
        BIB,
        *ROOT.glob("exercises/sets/*.yml"),
        *ROOT.glob("exercises/calibration_samples/*.yml"),
    ]


def cited_pages() -> dict[str, set[str]]:
    """Page references in the book's pages, notes, bibliography and exercises, with where each is."""
    found: dict[str, set[str]] = {}
    for path in book_files():
        for page in page_references(path.read_text(encoding="utf-8")):
            found.setdefault(page, set()).add(str(path.relative_to(ROOT)))
    # The bibliography's own `pages` fields are page numbers of other works too.
    from pybtex.database import parse_file

    for key, entry in parse_file(str(BIB), bib_format="bibtex").entries.items():
        if "pages" in entry.fields:
            first, _, last = entry.fields["pages"].replace("--", "-").partition("-")
            found.setdefault(_range(first, last or None), set()).add(f"book/references.bib ({key})")
    return found


@pytest.fixture(scope="module")
def record() -> dict:
    return yaml.safe_load(RECORD.read_text(encoding="utf-8"))


def test_page_references_are_read_as_a_reader_would():
    assert page_references("the passage (pp. 42-45) and p. 7; not p4.2 or p5") == {"42-45", "7"}
    assert page_references("pp. 42--45") == {"42-45"}
    assert page_references("{cite:p}`nozick1974{p. 44}`") == {"44"}
    assert academy_references("{cite:p}`kant1785{Academy edition 4:429}` and 4:434–436") == {"4:429", "4:434-436"}
    assert academy_references("p4.2, 19:30 UTC, 2026-11-29") == set()


def test_every_bibliography_entry_has_a_record(record):
    recorded = {work["key"] for work in record["works"] if work["key"]}
    missing = sorted(bib_keys([BIB]) - recorded)
    assert missing == [], f"works cited in book/references.bib with no entry in {RECORD.name}: {missing}"
    stale = sorted(recorded - bib_keys([BIB]))
    assert stale == [], f"{RECORD.name} records keys that are no longer in the bibliography: {stale}"


def _recorded(record, field: str, references) -> set:
    """Every page the record's claims give in ``field``, read by ``references``."""
    return {page for work in record["works"] for claim in work["claims"] if claim.get(field)
            for page in references(claim[field])}


def test_every_page_number_the_book_gives_is_recorded(record):
    recorded = _recorded(record, "pages", lambda pages: page_references(f"pp. {pages}"))
    unrecorded = {page: sorted(where) for page, where in cited_pages().items() if page not in recorded}
    assert unrecorded == {}, f"page numbers cited for other works but not in {RECORD.name}: {unrecorded}"


def test_every_academy_page_the_book_gives_is_recorded(record):
    recorded = _recorded(record, "academy", lambda pages: academy_references(str(pages)))
    cited: dict[str, set[str]] = {}
    for path in book_files():
        for page in academy_references(path.read_text(encoding="utf-8")):
            cited.setdefault(page, set()).add(str(path.relative_to(ROOT)))
    unrecorded = {page: sorted(where) for page, where in cited.items() if page not in recorded}
    assert unrecorded == {}, f"Academy pages cited but not in {RECORD.name}: {unrecorded}"


def test_every_confirmed_claim_names_a_source_and_every_left_out_detail_says_why(record):
    for work in record["works"]:
        assert work["status"] in {"confirmed", "left-out"}, work["work"]
        for claim in work["claims"]:
            assert claim["status"] in {"confirmed", "left-out"}, claim["claim"]
            if claim["status"] == "confirmed":
                sources = claim.get("sources") or work.get("sources") or []
                assert sources and all(s.startswith(("http://", "https://")) for s in sources), claim["claim"]
            else:
                assert claim.get("note"), f"{work['work']}: a left-out detail must say what was removed"
