"""The glossary and the bibliography hold everything the contract promises the other pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from _quotation_support import occurs_in_text, story_quotations

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "glossary.md"
BIBFILE = ROOT / "book" / "references.bib"

# The terms and keys the engineers agreed on (notes: "Contracts between the engineers").
CONTRACT_TERMS = [
    "autonomy", "negative liberty", "positive liberty", "experience machine", "hedonism",
    "utilitarianism", "preference utilitarianism", "eudaimonia", "virtue ethics",
    "categorical imperative", "dignity", "side-constraint", "lexical priority", "personal identity",
    "psychological continuity", "authenticity", "free will", "consent", "manipulation", "coercion",
    "paternalism", "dukkha", "nirvana", "status quo bias", "utopia", "dystopia",
    "collective consciousness", "second-order desire", "adaptive preference", "imagery", "symbol",
    "open ending", "first-person narration",
]
CONTRACT_KEYS = [
    "nozick1974", "huxley1932", "leguin1973", "mill1863", "berlin1958", "kant1785", "debrigard2010",
    "weijers2014", "parfit1984", "locke1694", "frankfurt1971", "rahula1959", "samuelson1988",
    "thaler2008", "bentham1789", "aristotle_ne", "dostoevsky1880",
]


def glossary_entries() -> dict[str, str]:
    """Term -> definition text, read from the one ```{glossary}``` block of glossary.md."""
    source = GLOSSARY.read_text(encoding="utf-8")
    blocks = re.findall(r"^```\{glossary\}[^\n]*\n(.*?)^```", source, re.DOTALL | re.MULTILINE)
    assert len(blocks) == 1, "glossary.md should hold exactly one {glossary} directive"
    entries: dict[str, str] = {}
    term = None
    for line in blocks[0].splitlines():
        if line.strip() and not line.startswith((" ", "\t")):
            term = line.strip()
            entries[term] = ""
        elif term is not None:
            entries[term] += " " + line.strip()
    return {t: d.strip() for t, d in entries.items()}


def test_every_contract_term_is_defined():
    entries = glossary_entries()
    missing = [t for t in CONTRACT_TERMS if t not in entries]
    assert missing == []
    for term in CONTRACT_TERMS:
        words = len(entries[term].split())
        assert words >= 12, f"{term!r} has a definition of only {words} words"


def test_terms_are_in_alphabetical_order():
    terms = list(glossary_entries())
    assert terms == sorted(terms, key=str.lower)


def test_every_term_role_in_the_glossary_names_a_defined_term():
    entries = {t.lower() for t in glossary_entries()}
    roles = re.findall(r"\{term\}`([^`]+)`", GLOSSARY.read_text(encoding="utf-8"))
    targets = [re.sub(r"^.*<(.+)>$", r"\1", r).strip().lower() for r in roles]
    assert [t for t in targets if t not in entries] == []


def test_every_contract_key_has_author_title_and_year():
    entries = parse_file(str(BIBFILE)).entries
    for key in CONTRACT_KEYS:
        assert key in entries, f"{key} missing from references.bib"
        entry = entries[key]
        assert entry.persons.get("author"), f"{key} has no author"
        assert entry.fields.get("title"), f"{key} has no title"
        assert re.fullmatch(r"\d{4}", entry.fields.get("year", "")), f"{key} has no four-digit year"


@pytest.mark.parametrize(
    ("key", "field", "value"),
    [
        ("nozick1974", "publisher", "Basic Books"),
        ("debrigard2010", "journal", "Philosophical Psychology"),
        ("debrigard2010", "pages", "43--57"),
        ("weijers2014", "pages", "513--535"),
        ("frankfurt1971", "volume", "68"),
        ("samuelson1988", "pages", "7--59"),
        ("thaler2008", "publisher", "Yale University Press"),
        ("parfit1984", "year", "1984"),
        ("locke1694", "year", "1694"),
    ],
)
def test_bibliographic_details_match_the_contract(key, field, value):
    assert parse_file(str(BIBFILE)).entries[key].fields[field] == value


@pytest.mark.slow
def test_the_glossary_page_has_an_anchored_entry_for_every_term(site):
    soup = BeautifulSoup((site / "book" / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    anchored = {}
    for dt in soup.select("dl.glossary dt"):
        text = dt.get_text(" ", strip=True).rstrip("¶#").strip()
        anchored[text.lower()] = dt.get("id")
    for term in CONTRACT_TERMS:
        assert anchored.get(term), f"no <dt id=...> for {term!r} on the glossary page"


@pytest.mark.slow
def test_the_bibliography_page_lists_every_contract_work(site):
    soup = BeautifulSoup((site / "book" / "bibliography.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.get_text(" ").split())
    for title in ["Anarchy, State, and Utopia", "Brave New World", "The Ones Who Walk Away from Omelas",
                  "Reasons and Persons", "What the Buddha Taught", "The Brothers Karamazov"]:
        assert title.lower() in text.lower(), title


def test_the_glossary_quotes_the_story_exactly():
    quotes = story_quotations(GLOSSARY.read_text(encoding="utf-8"))
    assert len(quotes) >= 3
    assert [q for q in quotes if not occurs_in_text(q)] == []
