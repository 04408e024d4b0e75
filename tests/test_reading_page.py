"""The built Reading page: the text verbatim, its notes, and how readers use them."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from elysara.bookdata.annotations import load_annotations
from elysara.text import load_text

pytestmark = pytest.mark.slow

READING = "book/reading.html"


@pytest.fixture(scope="module")
def soup(site) -> BeautifulSoup:
    return BeautifulSoup((site / READING).read_text(encoding="utf-8"), "html.parser")


def test_every_paragraph_is_verbatim_with_its_anchor(soup):
    for paragraph in load_text().paragraphs:
        element = soup.find(id=paragraph.id)
        assert element is not None, paragraph.id
        number = element.find("a", href=f"#{paragraph.id}")
        assert number is not None, paragraph.id
        # Highlights and note numbers add no characters: the page's text is the text.
        words = " ".join(element.get_text().split())
        assert words == f"{number.get_text()} {paragraph.text}", paragraph.id


def test_every_annotation_is_a_highlighted_span_of_the_exact_words(soup):
    notes = load_annotations()
    marks = soup.select("[data-annotation]")
    assert len(marks) >= 48
    assert len(marks) == len(notes)
    by_id = {mark["data-annotation"]: mark for mark in marks}
    for note in notes:
        mark = by_id[note.id]
        assert mark.get_text() == note.span, note.id
        assert mark["data-category"] == note.category
        assert mark.find_parent(id=note.paragraph_id) is not None, note.id


def test_every_note_is_an_endnote_with_a_link_there_and_back(soup):
    for note in load_annotations():
        endnote = soup.find(id=f"note-{note.id}")
        assert endnote is not None and endnote.name == "li", note.id
        assert note.title in endnote.get_text()
        assert soup.find("a", href=f"#note-{note.id}") is not None
        assert endnote.find("a", href=f"#ref-{note.id}") is not None


def test_note_bodies_are_rendered_markdown_with_working_links(soup):
    endnote = soup.find(id="note-p4-experience-machine")
    term = endnote.find("a", href=lambda h: h and h.startswith("glossary.html#term-"))
    assert term is not None and term.get_text() == "experience machine"
    assert endnote.select_one(".bibtex-citation a[href^='bibliography.html']") is not None
    assert "{term}" not in endnote.get_text() and "{cite" not in endnote.get_text()


def test_the_reading_script_and_styles_load_only_on_the_reading_page(site):
    reading = (site / READING).read_text(encoding="utf-8")
    assert "_static/reading.js" in reading and "_static/reading.css" in reading
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "reading.js" not in index


# --- In a browser ------------------------------------------------------------------------

@pytest.fixture
def reading(page, served_site):
    page.goto(f"{served_site}/{READING}")
    page.wait_for_selector("button.elysara-anno-ref", state="attached")
    return page


def panel_of(page, paragraph_id: str):
    return page.locator(f"#panel-{paragraph_id}")


def show_more(page) -> None:
    """Show every note (the page starts with about one per group of sentences)."""
    toggle = page.locator(".elysara-more-toggle")
    if toggle.get_attribute("aria-pressed") != "true":
        toggle.click()


@pytest.mark.browser
def test_a_note_opens_by_click_below_its_paragraph_and_closes_again(reading):
    show_more(reading)
    button = reading.locator('button.elysara-anno-ref[data-note="p4-experience-machine"]')
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    panel = panel_of(reading, "p4")
    assert panel.is_visible()
    assert "The Nexus as an experience machine" in panel.inner_text()
    assert button.get_attribute("aria-expanded") == "true"
    # Below the paragraph, not floating over it.
    assert panel.bounding_box()["y"] >= reading.locator("#p4").bounding_box()["y"] + reading.locator("#p4").bounding_box()["height"] - 1
    button.click()
    assert not panel.is_visible()
    assert button.get_attribute("aria-expanded") == "false"


@pytest.mark.browser
def test_tapping_the_highlighted_words_opens_the_note(reading):
    show_more(reading)
    reading.locator('mark[data-annotation="p8-choose-peace"]').click()
    assert "a choice with one right answer" in panel_of(reading, "p8").inner_text()


@pytest.mark.browser
def test_a_note_opens_by_keyboard_and_escape_closes_it(reading):
    show_more(reading)
    button = reading.locator('button.elysara-anno-ref[data-note="p6-still-be-me"]')
    button.focus()
    reading.keyboard.press("Enter")
    assert panel_of(reading, "p6").is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    reading.keyboard.press("Escape")
    assert not panel_of(reading, "p6").is_visible()
    assert reading.evaluate("document.activeElement.dataset.note") == "p6-still-be-me"
    reading.keyboard.press("Space")
    assert panel_of(reading, "p6").is_visible()
    outline = reading.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible


@pytest.mark.browser
def test_the_category_filter_hides_the_other_notes(reading):
    show_more(reading)
    reading.locator('.elysara-filter[data-filter="ethical-question"]').click()
    visible = reading.locator("button.elysara-anno-ref:visible")
    categories = {visible.nth(i).get_attribute("data-category") for i in range(visible.count())}
    assert categories == {"ethical-question"}
    plain_mark = reading.locator('mark[data-annotation="p4-experience-machine"]')  # a connection
    assert plain_mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    reading.locator('.elysara-filter[data-filter="all"]').click()
    assert reading.locator("button.elysara-anno-ref:visible").count() == len(load_annotations())


@pytest.mark.browser
def test_plain_reading_hides_the_highlights_and_is_remembered(reading):
    show_more(reading)
    toggle = reading.locator(".elysara-plain-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert reading.locator("button.elysara-anno-ref:visible").count() == 0
    mark = reading.locator('mark[data-annotation="p1-dreaming"]')
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    reading.reload()
    reading.wait_for_selector("button.elysara-anno-ref", state="attached")
    assert reading.locator(".elysara-plain-toggle").get_attribute("aria-pressed") == "true"
    assert reading.locator("button.elysara-anno-ref:visible").count() == 0
    reading.locator(".elysara-plain-toggle").click()
    assert reading.locator("button.elysara-anno-ref:visible").count() == len(load_annotations())


@pytest.mark.browser
def test_no_horizontal_scroll_on_a_phone_with_a_note_open(reading):
    show_more(reading)
    reading.set_viewport_size({"width": 375, "height": 800})
    reading.locator('button.elysara-anno-ref[data-note="p5-always-craved"]').click()
    assert panel_of(reading, "p5").is_visible()
    assert reading.evaluate("document.documentElement.scrollWidth") <= 375
    box = panel_of(reading, "p5").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375


@pytest.mark.browser
def test_printing_gives_a_handout_with_endnotes_and_no_navigation(reading):
    show_more(reading)
    reading.locator('button.elysara-anno-ref[data-note="p4-experience-machine"]').click()
    reading.emulate_media(media="print")
    assert not reading.locator(".bd-sidebar-primary").is_visible()
    assert not reading.locator(".bd-header-article").is_visible()
    assert not reading.locator(".elysara-reading-tools").is_visible()
    assert not panel_of(reading, "p4").is_visible()
    assert reading.locator("#elysara-notes").is_visible()
    assert reading.locator("#note-p8-open-ending").is_visible()
    assert reading.locator("#p3 .elysara-pnum").is_visible()


@pytest.mark.browser
def test_without_javascript_the_notes_are_endnotes_reached_by_links(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served_site}/{READING}")
    assert page.locator("#elysara-notes").is_visible()
    assert not page.locator(".elysara-reading-tools").is_visible()
    page.locator('a.elysara-anno-ref[href="#note-p6-still-be-me"]').click()
    assert page.url.endswith("#note-p6-still-be-me")
    assert page.locator("#note-p6-still-be-me").is_visible()
    context.close()


@pytest.mark.browser
def test_the_page_asks_no_other_host_and_logs_no_errors(reading):
    reading.locator("button.elysara-anno-ref:visible").first.click()
    hosts = {urlparse(url).hostname for url in reading.log.requests if url.startswith("http")}
    assert hosts == {"127.0.0.1"}
    assert reading.log.console_errors == []
    assert reading.log.failed == []


# --- A lighter default, the legend, the list and print --------------------------------------


def test_the_default_notes_are_about_one_per_group_of_sentences_and_the_field_overrides_the_rule():
    from elysara.sphinxext.reading import SENTENCES_PER_GROUP, default_notes

    notes = load_annotations()
    chosen = default_notes(notes)
    text = load_text()
    groups = sum(-(-len(p.sentences) // SENTENCES_PER_GROUP) for p in text.paragraphs)
    assert 0 < len(chosen) <= groups < len(notes)
    # The field decides where the rule would not: shown: false is never a default, shown: true always is.
    first = next(n for n in notes if n.id in chosen)
    hidden = first.model_copy(update={"shown": False})
    assert first.id not in default_notes([hidden if n.id == first.id else n for n in notes])
    other = next(n for n in notes if n.id not in chosen)
    forced = other.model_copy(update={"shown": True})
    assert other.id in default_notes([forced if n.id == other.id else n for n in notes])


def test_a_legend_names_the_four_kinds_of_note_with_their_marks(soup):
    from elysara.bookdata.annotations import CATEGORIES

    legend = soup.find(class_="elysara-legend")
    swatches = legend.find_all(class_="elysara-legend-swatch")
    assert [s["data-category"] for s in swatches] == list(CATEGORIES)
    assert all(s.find_parent("li").get_text(strip=True) != s.get_text(strip=True) for s in swatches)  # each explained


@pytest.mark.browser
def test_the_page_starts_lighter_and_more_notes_shows_every_note(reading):
    from elysara.sphinxext.reading import default_notes

    notes = load_annotations()
    visible = reading.locator("button.elysara-anno-ref:visible")
    assert visible.count() == len(default_notes(notes)) < len(notes)
    reading.locator(".elysara-more-toggle").click()
    assert visible.count() == len(notes)
    reading.reload()
    reading.wait_for_selector("button.elysara-anno-ref", state="attached")
    assert reading.locator("button.elysara-anno-ref:visible").count() == len(notes)  # remembered


@pytest.mark.browser
def test_the_list_of_notes_the_page_promises_is_there(reading):
    assert "listed, in order, at the end of the page" in reading.inner_text("article")
    assert reading.locator("#elysara-notes").is_visible()
    assert reading.locator("#elysara-notes li.elysara-note").count() == len(load_annotations())


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["plain", "filtered", "default"])
def test_printing_always_includes_every_note_whatever_the_screen_shows(reading, mode):
    if mode == "plain":
        reading.locator(".elysara-plain-toggle").click()
    elif mode == "filtered":
        reading.locator('.elysara-filter[data-filter="concept"]').click()
    reading.reload()  # a remembered choice, as on a later visit
    reading.wait_for_selector("button.elysara-anno-ref", state="attached")
    reading.emulate_media(media="print")
    assert reading.locator("#elysara-notes").is_visible()
    notes = reading.locator("#elysara-notes li.elysara-note")
    assert notes.count() == len(load_annotations())
    assert all(notes.nth(i).is_visible() for i in range(notes.count()))
