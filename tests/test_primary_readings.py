"""The primary-readings page: every excerpt anchored, referenced, linked from the essays that use it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "primary-readings.md"
ESSAYS = ROOT / "book" / "essays"
LABEL = re.compile(r"^\((pr-[a-z0-9-]+)\)=\s*$")
IN_COPYRIGHT = "## Works still in copyright"
# A brief quotation from a work in copyright: short enough to be plainly fair dealing.
MAX_COPYRIGHT_WORDS = 40


@dataclass
class Excerpt:
    label: str
    title: str
    quotation: str
    reference: str
    in_copyright: bool


def parse_excerpts(markdown: str) -> list[Excerpt]:
    """Each ``(pr-...)=`` label, the ``###`` heading under it, its block quote and its reference."""
    lines = markdown.splitlines()
    copyright_from = next((i for i, line in enumerate(lines) if line.strip() == IN_COPYRIGHT), len(lines))
    excerpts = []
    for i, line in enumerate(lines):
        match = LABEL.match(line)
        if not match:
            continue
        end = next((j for j in range(i + 1, len(lines)) if LABEL.match(lines[j]) or lines[j].startswith("## ")),
                   len(lines))
        block = lines[i + 1: end]
        title = block[0][4:].strip() if block and block[0].startswith("### ") else ""
        quotation = " ".join(q[1:].strip() for q in block if q.startswith(">"))
        text = "\n".join(block)
        reference = text.split("**Reference.**", 1)[1].split("\n\n", 1)[0] if "**Reference.**" in text else ""
        excerpts.append(Excerpt(match[1], title, " ".join(quotation.split()), " ".join(reference.split()),
                                i > copyright_from))
    return excerpts


EXCERPTS = parse_excerpts(PAGE.read_text(encoding="utf-8"))
IDS = [e.label for e in EXCERPTS]


def test_the_page_holds_every_reading_the_book_promises():
    labels = set(IDS)
    promised = {"pr-mill-utilitarianism", "pr-mill-liberty", "pr-kant-humanity", "pr-kant-dignity", "pr-locke",
                "pr-bentham", "pr-dostoevsky", "pr-james"}
    assert promised <= labels, f"missing excerpts: {sorted(promised - labels)}"
    assert len(IDS) == len(labels), "two excerpts share an anchor"


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=IDS)
def test_every_excerpt_has_a_heading_a_quotation_and_a_reference(excerpt):
    assert excerpt.title, f"{excerpt.label}: no ### heading right under the anchor"
    assert len(excerpt.quotation.split()) >= 10 or excerpt.in_copyright, f"{excerpt.label}: no excerpt to read"
    assert excerpt.reference, f"{excerpt.label}: no **Reference.** paragraph"
    # Where the passage is: a chapter, section, paragraph, page or Academy page.
    assert re.search(r"\b(chapter|section|paragraph|page|pp?\.|Book|\d:\d)", excerpt.reference), excerpt.reference
    # Which work: a bibliography entry, or a named translation for works the bibliography lacks.
    assert "{cite:" in excerpt.reference or "Translated by" in excerpt.reference, excerpt.reference


@pytest.mark.parametrize("excerpt", [e for e in EXCERPTS if not e.in_copyright],
                         ids=[e.label for e in EXCERPTS if not e.in_copyright])
def test_public_domain_excerpts_are_in_full_sentences(excerpt):
    text = excerpt.quotation
    assert text[0].isupper(), f"{excerpt.label} starts mid-sentence: {text[:40]!r}"
    assert text.rstrip()[-1] in ".?!", f"{excerpt.label} stops mid-sentence: {text[-40:]!r}"
    # An omission inside an excerpt must be marked, never silent.
    assert "..." not in text, "mark omissions with […], as the page says"


@pytest.mark.parametrize("excerpt", [e for e in EXCERPTS if e.in_copyright],
                         ids=[e.label for e in EXCERPTS if e.in_copyright])
def test_works_in_copyright_are_quoted_briefly_with_a_page(excerpt):
    assert len(excerpt.quotation.split()) <= MAX_COPYRIGHT_WORDS, excerpt.label
    assert re.search(r"\bpp?\. \d", excerpt.reference), f"{excerpt.label}: no page reference"


def test_the_parser_sees_a_missing_reference_and_the_copyright_part():
    sample = ("## Works in the public domain\n\n(pr-a)=\n### A\n\n> One sentence here.\n\n"
              "## Works still in copyright\n\n(pr-b)=\n### B\n\n> Short.\n\n**Reference.** X, p. 4.\n")
    first, second = parse_excerpts(sample)
    assert (first.label, first.reference, first.in_copyright) == ("pr-a", "", False)
    assert (second.label, second.reference, second.in_copyright) == ("pr-b", "X, p. 4.", True)


def essay_sources() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(ESSAYS.glob("*.md"))}


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=IDS)
def test_every_excerpt_is_linked_from_an_essay_that_discusses_it(excerpt):
    essays = essay_sources()
    linking = [name for name, text in essays.items() if f"<{excerpt.label}>" in text]
    assert linking, f"no essay links to {excerpt.label}"
    named = re.findall(r"\{doc\}`/book/essays/([\w-]+)`", excerpt.reference)
    assert named, f"{excerpt.label} does not say which essays discuss it"
    for name in named:
        assert name in essays, f"{excerpt.label} names a missing essay {name}"
        text = essays[name]
        assert f"<{excerpt.label}>" in text or "/book/primary-readings" in text, \
            f"{name} is said to discuss {excerpt.label} but never links to it"


def test_every_link_into_the_page_names_an_anchor_that_exists():
    targets = set()
    for path in (ROOT / "book").rglob("*.md"):
        targets |= set(re.findall(r"\{ref\}`[^`<]*<(pr-[^>]+)>`", path.read_text(encoding="utf-8")))
    assert targets, "nothing links to the primary readings"
    assert targets <= set(IDS), f"links to missing excerpts: {sorted(targets - set(IDS))}"


# --- The built site ----------------------------------------------------------


@pytest.mark.slow
def test_built_page_has_an_anchor_for_every_excerpt_and_essays_link_to_them(site):
    soup = BeautifulSoup((site / "book" / "primary-readings.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    for excerpt in EXCERPTS:
        anchor = article.find(id=excerpt.label)
        assert anchor is not None, f"no element with id={excerpt.label!r}"
        section = anchor.find_parent("section")
        assert section is not None and section.find("blockquote"), f"the {excerpt.label} section shows no excerpt"
        assert excerpt.title in section.find(["h2", "h3"]).get_text(), f"{excerpt.label} anchors the wrong section"
    assert not article.select(".problematic"), "an unresolved role is shown on the page"
    hrefs = []
    for page in (site / "book" / "essays").glob("*.html"):
        essay = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        hrefs += [a["href"] for a in essay.select("a[href]") if "primary-readings.html#pr-" in a["href"]]
    linked = {href.split("#", 1)[1] for href in hrefs}
    assert linked == set(IDS), f"excerpts no built essay links to: {sorted(set(IDS) - linked)}"
