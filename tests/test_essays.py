"""The seven essays: length, citations of the text, exact quotations, discussion questions, further reading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.database import parse_file

from _quotation_support import PASSAGE_ROLE, cited_correctly, occurs_in_text, story_quotations, story_quotations_with_citations
from elysara.text import load_text

ROOT = Path(__file__).resolve().parents[1]
ESSAYS = ["reading-guide", "peace-versus-autonomy", "suffering-and-meaning", "identity-and-memory",
          "consent-and-manipulation", "utopia-and-its-critics", "the-case-for-joining"]
QUESTIONS_HEADING = re.compile(r"^## Discussion questions\s*$", re.MULTILINE)
FURTHER_HEADING = re.compile(r"^## Further reading\s*$", re.MULTILINE)
BIBFILE = ROOT / "book" / "references.bib"
# A citation role, with an optional pre-text and post-text (a page, a part):
# {cite:p}`nozick1974{pp. 42-45}` cites nozick1974.
CITE_ROLE = re.compile(r"\{cite:[pt]\}`(?:\{[^}`]*\})?([^`{]+)(?:\{[^}`]*\})?`")


def source(name: str) -> str:
    return (ROOT / "book" / "essays" / f"{name}.md").read_text(encoding="utf-8")


def body(name: str) -> str:
    """The essay between its title and its discussion questions."""
    text = source(name)
    match = QUESTIONS_HEADING.search(text)
    assert match, f"{name}.md has no '## Discussion questions' heading"
    return text[: match.start()].split("\n", 1)[1]


def questions_section(name: str) -> str:
    """The discussion questions: from their heading to the further reading (or the end)."""
    text = source(name)
    start = QUESTIONS_HEADING.search(text).end()
    further = FURTHER_HEADING.search(text, start)
    return text[start: further.start() if further else len(text)]


def further_reading(name: str) -> str:
    """The further-reading section that closes the essay ('' if there is none)."""
    text = source(name)
    match = FURTHER_HEADING.search(text)
    return text[match.end():] if match else ""


def reading_reason(entry: str) -> str:
    """What a further-reading entry says about why to read the work: the text after its ': '."""
    without_roles = re.sub(r"\{[\w:-]+\}`[^`]*`", "ROLE", entry)
    return without_roles.split(": ", 1)[1] if ": " in without_roles else ""


def words(markdown: str) -> int:
    """Words a reader sees: roles count as their displayed text, markup is ignored."""
    shown = re.sub(r"\{[\w:-]+\}`(?:([^`<]*)<[^`]*>|([^`]*))`", lambda m: m[1] or m[2], markdown)
    return len(re.findall(r"[A-Za-z0-9][\w'’.-]*", shown))


@pytest.mark.parametrize("name", ESSAYS)
def test_essay_body_is_800_to_1500_words(name):
    count = words(body(name))
    assert 800 <= count <= 1500, f"{name}: {count} words"


@pytest.mark.parametrize("name", ESSAYS)
def test_essay_cites_at_least_five_distinct_passages_that_exist(name):
    cited = set(PASSAGE_ROLE.findall(source(name)))
    assert len(cited) >= 5, f"{name} cites only {sorted(cited)}"
    text = load_text()
    assert [p for p in cited if p not in text] == []


@pytest.mark.parametrize("name", ESSAYS)
def test_essay_ends_with_three_to_five_discussion_questions(name):
    tail = questions_section(name)
    assert not re.search(r"^#", tail, re.MULTILINE), "only the further reading may follow the discussion questions"
    items = re.findall(r"^\d+\.\s+(.+)$", tail, re.MULTILINE)
    assert 3 <= len(items) <= 5
    assert all("?" in item for item in items), "every numbered item should ask a question"


@pytest.mark.parametrize("name", ESSAYS)
def test_essay_closes_with_three_to_six_further_readings_each_with_a_reason(name):
    text = source(name)
    further = FURTHER_HEADING.search(text)
    assert further, f"{name}.md has no '## Further reading' section"
    assert further.start() > QUESTIONS_HEADING.search(text).start(), "further reading comes after the questions"
    section = further_reading(name)
    assert not re.search(r"^#", section, re.MULTILINE), "nothing may follow the further reading"
    entries = re.findall(r"^- (.+)$", section, re.MULTILINE)
    assert 3 <= len(entries) <= 6, f"{name} lists {len(entries)} further readings"
    keys = set(parse_file(str(BIBFILE)).entries)
    for entry in entries:
        cited = CITE_ROLE.findall(entry)
        assert cited, f"entry names no work from the bibliography: {entry}"
        assert set(cited) <= keys, f"unknown bibliography key in: {entry}"
        assert len(reading_reason(entry).split()) >= 8, f"entry gives no sentence on why to read it: {entry}"
    works = [CITE_ROLE.findall(entry)[0] for entry in entries]
    assert len(works) == len(set(works)), f"{name} lists a work twice"


def test_the_further_reading_check_catches_a_bare_entry():
    assert reading_reason("{cite:t}`nozick1974`") == ""
    assert reading_reason("{cite:t}`nozick1974{pp. 42-45}`") == ""
    assert CITE_ROLE.findall("{cite:t}`nozick1974{pp. 42-45}`: see {cite:p}`parfit1984`.") == ["nozick1974", "parfit1984"]
    assert reading_reason("{cite:t}`nozick1974`, pp. 42-45") == ""
    assert reading_reason("{cite:t}`nozick1974`, pp. 42-45: the experience machine in three pages.") == \
        "the experience machine in three pages."
    assert not FURTHER_HEADING.search("## Discussion questions\n\n1. Why?\n")


def test_the_case_for_joining_covers_what_it_promises():
    """Each strand the seventh essay owes its readers (issue 15) is argued, not just named."""
    text = body("the-case-for-joining")
    for needle in ["ataraxia", "apatheia", "anatta", "tanha", "nirvana", "transformation machine",
                   "status quo bias", "identity is not what matters", "contented slave"]:
        assert needle in " ".join(text.lower().split()), f"the case for joining never discusses {needle!r}"
    cited = set(CITE_ROLE.findall(text))
    missing = {"nozick1974", "debrigard2010", "weijers2014", "parfit1984", "rahula1959"} - cited
    assert not missing, f"the case for joining does not cite {sorted(missing)}"
    assert "departs from Buddhism" in text, "the essay must say where the Nexus departs from Buddhism"


def test_the_reading_guide_points_to_both_sides():
    text = source("reading-guide")
    linked = set(re.findall(r"\{doc\}`/book/essays/([\w-]+)`", text))
    assert "the-case-for-joining" in linked, "the guide never sends readers to the case for joining"
    refusing = {"peace-versus-autonomy", "suffering-and-meaning", "identity-and-memory", "consent-and-manipulation"}
    assert refusing <= linked, f"the guide does not name every essay for refusing: {sorted(refusing - linked)}"


@pytest.mark.parametrize("name", ESSAYS)
def test_every_quotation_of_the_story_is_exact(name):
    quotes = story_quotations(source(name))
    assert len(quotes) >= 3, f"{name} quotes the text only {len(quotes)} times"
    wrong = [q for q in quotes if not occurs_in_text(q)]
    assert wrong == [], f"{name} misquotes the text: {wrong}"


@pytest.mark.parametrize("name", ESSAYS)
def test_a_quotation_cited_right_after_cites_the_passage_it_comes_from(name):
    cited = [(q, c) for q, c in story_quotations_with_citations(source(name)) if c]
    assert len(cited) >= 5, f"{name} cites only {len(cited)} of its quotations"
    wrong = [(q, c) for q, c in cited if not cited_correctly(q, c)]
    assert wrong == [], f"{name} cites quotations to the wrong passage: {wrong}"


def test_the_quotation_checker_catches_a_misquotation():
    # Straight apostrophe where the text has a curly one, and a changed word.
    assert not occurs_in_text("I wonder if I'll ever wake up")
    assert not occurs_in_text("Join us, and you will know eternal peace")
    assert occurs_in_text("Join us, and you too shall know eternal peace.")
    sample = 'She says "Let go of all doubt now" ({passage}`p5.7`); Mill says "a quoted line of Mill here" {cite:p}`mill1863`.'
    assert story_quotations(sample) == ["Let go of all doubt now"]
    assert cited_correctly("Let go of your doubts.", ["p5.7"])
    assert not cited_correctly("Let go of your doubts.", ["p8.3"])


@pytest.mark.parametrize("name", ESSAYS)
def test_essay_uses_the_glossary_and_the_bibliography(name):
    text = source(name)
    assert re.search(r"\{term\}`", text), f"{name} uses no glossary term"
    assert re.search(r"\{cite:[pt]\}`", text), f"{name} cites no source"


# --- The built site ----------------------------------------------------------


def essay_html(site: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((site / "book" / "essays" / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.slow
@pytest.mark.parametrize("name", ESSAYS)
def test_built_essay_links_to_passages_on_the_reading_page(site, name):
    soup = essay_html(site, name)
    anchors = {a["href"].split("#", 1)[1] for a in soup.select("a[href]")
               if a["href"].split("#", 1)[0].endswith("reading.html") and "#" in a["href"]}
    text = load_text()
    assert len(anchors) >= 5
    assert all(anchor in text for anchor in anchors), anchors


@pytest.mark.slow
@pytest.mark.parametrize("name", ESSAYS)
def test_built_essay_shows_its_citations_resolved(site, name):
    soup = essay_html(site, name)
    article = soup.select_one("article") or soup
    citations = article.select(".bibtex-citation")
    assert citations, f"{name} shows no resolved citation"
    for citation in citations:
        assert citation.find("a", href=re.compile(r"bibliography\.html#")), citation
    shown = article.get_text(" ")
    assert "??" not in shown
    assert not article.select(".problematic"), "an unresolved role is shown on the page"
    assert not re.search(r"\{(cite|passage|term|doc)[:}]", shown), "a role was shown as raw text"
