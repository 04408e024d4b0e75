"""A student's own notes on the Reading page (issue #17), in a real browser.

Select words by mouse and by keyboard, add, edit and delete notes, reload
(they persist), download elysara-notes.json and check it with the grader's
reader, load it into a fresh browser profile; at 375 px with touch; axe with
the panel open; nothing leaves the host. The page script's anchors are
compared with the Python model's on random spans.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urlparse

import pytest

from elysara.exercises.answers.web_annotations import CONTEXT, FILE_NAME, anchor_for_span, read_note_file
from elysara.text import load_text

pytestmark = pytest.mark.slow

READING = "book/reading.html"


def test_the_reading_page_has_the_panel_and_says_notes_stay_on_the_device(site):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / READING).read_text(encoding="utf-8"), "html.parser")
    panel = soup.select_one('section.elysara-my-notes[data-elysara-script="my-notes"]')
    assert panel is not None
    assert "Nothing you write here is sent anywhere" in panel.get_text()
    assert soup.select_one('script[src*="_static/my-notes.js"]') is not None
    settings = json.loads(soup.select_one("#elysara-my-notes-settings").string)
    assert settings["context"] == CONTEXT and settings["fileName"] == FILE_NAME
    index = (site / "book" / "index.html").read_text(encoding="utf-8")
    assert "my-notes.js" not in index


# --- In a browser ---------------------------------------------------------------

def _open(page, url: str):
    page.goto(f"{url}/{READING}")
    page.wait_for_selector("section.elysara-my-notes:not([hidden]) .elysara-my-notes-tools")
    return page


def _select_words(page, sentence_id: str, words: int) -> str:
    """Drag the mouse over the first ``words`` words of a sentence; returns the selected text."""
    sentence = page.locator(f"[id='{sentence_id}']")
    sentence.scroll_into_view_if_needed()
    # The first line box of the sentence (an inline span may start mid-line).
    rect = sentence.evaluate("""(s, n) => {
        const r = document.createRange(); const t = s.firstChild;
        let end = 0; for (let i = 0; i < n; i++) { end = t.nodeValue.indexOf(' ', end + 1); }
        r.setStart(t, 0); r.setEnd(t, end);
        const rects = r.getClientRects(); const a = rects[0], b = rects[rects.length - 1];
        return {x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2};
    }""", words)
    page.mouse.move(rect["x0"], rect["y0"])
    page.mouse.down()
    page.mouse.move(rect["x1"], rect["y1"], steps=8)
    page.mouse.up()
    return page.evaluate("getSelection().toString()")


def _notes_in_list(page) -> list[str]:
    return page.locator(".elysara-my-notes-item .elysara-my-notes-body").all_inner_texts()


@pytest.mark.browser
def test_the_page_anchors_words_exactly_as_the_python_model_does(page, served_site):
    """Random spans of every paragraph: the page script's target equals anchor_for_span's."""
    _open(page, served_site)
    rng = random.Random(17)
    text = load_text()
    spans = []
    for _ in range(80):
        paragraph = rng.choice(text.paragraphs)
        start = rng.randrange(len(paragraph.text))
        end = rng.randrange(start + 1, min(len(paragraph.text), start + 250) + 1)
        spans.append((paragraph.id, start, end))
    from_page = page.evaluate("spans => spans.map(([p, a, b]) => window.elysaraMyNotes.anchorFor(p, a, b))", spans)
    for (pid, start, end), got in zip(spans, from_page):
        try:
            expected = anchor_for_span(pid, start, end)
        except ValueError:
            expected = None
        assert got == expected, (pid, start, end)


@pytest.mark.browser
def test_notes_by_mouse_and_keyboard_persist_export_and_import(browser, served_site, tmp_path):
    log: list[str] = []
    errors: list[str] = []

    def new_page(context):
        p = context.new_page()
        p.on("request", lambda request: log.append(request.url))
        p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        p.on("pageerror", lambda e: errors.append(str(e)))
        return p

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = _open(new_page(context), served_site)

    # By mouse: select words of p4.3, add a note tagged "question".
    selected = _select_words(page, "p4.3", 4)
    assert selected and selected in load_text().passage("p4.3").text
    page.locator(".elysara-my-notes-add").click()
    page.locator("#elysara-my-notes-body").fill("Why would anyone call this eradication? <script>window.pwned = 1</script>")
    page.locator(".elysara-my-notes-tags input[value=question]").check()
    page.locator(".elysara-my-notes-save").click()
    assert page.locator("span.elysara-my-note-hl").first.inner_text() in selected

    # By keyboard: the word picker, driven by keys only.
    page.locator(".elysara-my-notes-pick").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "elysara-my-notes-sentence"
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # p1.1 -> p1.4
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # from the second word
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Add a note on these words"
    assert page.evaluate("document.activeElement.id") == "elysara-my-notes-body"
    page.keyboard.type("The dreamer's bare feet: the body notices before the mind judges.")
    page.keyboard.press("Tab")  # from the note to Save
    page.keyboard.press("Enter")
    words = load_text().passage("p1.4").text.split()
    assert page.locator(".elysara-my-notes-item .elysara-my-notes-quote").all_inner_texts()[0] == " ".join(words[1:])
    assert len(_notes_in_list(page)) == 2

    # Edit the first note (p1.4), then reload: both notes persist and are drawn.
    page.locator(".elysara-my-notes-edit").first.click()
    page.locator("#elysara-my-notes-body").fill("Edited: the body notices before the mind judges, and trusts it.")
    page.locator(".elysara-my-notes-save").click()
    page.reload()
    page.wait_for_selector(".elysara-my-notes-item")
    bodies = _notes_in_list(page)
    assert bodies[0].startswith("Edited:") and "<script>" in bodies[1]  # shown as text, never run
    assert page.evaluate("window.pwned") is None
    assert page.locator("span.elysara-my-note-hl").count() >= 2

    # Export: the file the grader reads.
    with page.expect_download() as download_info:
        page.locator(".elysara-my-notes-download").click()
    download = download_info.value
    assert download.suggested_filename == FILE_NAME
    saved = tmp_path / FILE_NAME
    download.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    _assert_web_annotation_collection(data)
    read = read_note_file(saved)
    assert read.readable and [n.passage_id for n in read.notes] == ["p1.4", "p4.3"]
    assert [p.code for p in read.problems] == ["markup"]  # reported, still counted as plain text
    assert read.notes[1].tag == "question"

    # Delete one; after a reload it stays deleted.
    page.locator(".elysara-my-notes-delete").first.click()
    page.reload()
    page.wait_for_selector(".elysara-my-notes-item")
    assert len(_notes_in_list(page)) == 1
    context.close()

    # Import into a fresh profile (no storage shared).
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    other = _open(new_page(fresh), served_site)
    assert _notes_in_list(other) == []
    other.locator("#elysara-my-notes-file").set_input_files(str(saved))
    other.wait_for_selector(".elysara-my-notes-item")
    assert len(_notes_in_list(other)) == 2
    assert "Loaded 2 note(s)" in other.locator(".elysara-my-notes-status").inner_text()
    fresh.close()

    hosts = {urlparse(url).hostname for url in log if url.startswith("http")}
    assert hosts == {"127.0.0.1"}
    assert errors == []


def _assert_web_annotation_collection(data: dict) -> None:
    """The Web Annotation Data Model's required fields, as the W3C Recommendation states them."""
    assert data["@context"] == CONTEXT
    assert data["type"] == "AnnotationCollection" and data["id"].startswith("urn:uuid:")
    page = data["first"]
    assert page["type"] == "AnnotationPage" and isinstance(page["items"], list)
    assert data["total"] == len(page["items"])
    for annotation in page["items"]:
        assert annotation["type"] == "Annotation" and annotation["id"].startswith("urn:uuid:")
        bodies = annotation["body"]
        assert any(b["type"] == "TextualBody" and b["purpose"] == "commenting" and isinstance(b["value"], str) for b in bodies)
        target = annotation["target"]
        assert target["source"].startswith("reading.html#p")
        kinds = {s["type"]: s for s in target["selector"]}
        quote, position = kinds["TextQuoteSelector"], kinds["TextPositionSelector"]
        assert quote["exact"] and isinstance(quote["prefix"], str) and isinstance(quote["suffix"], str)
        assert isinstance(position["start"], int) and position["end"] > position["start"]


def _phone_with_words_selected(browser, served_site):
    """A phone (375 px, touch) on the Reading page with p6.4's first words selected.

    A touch selection (long-press handles) ends as a document selection: this makes one.
    """
    context = browser.new_context(viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True)
    page = _open(context.new_page(), served_site)
    page.locator("[id='p6.4']").scroll_into_view_if_needed()
    page.evaluate("""() => { const s = document.getElementById('p6.4');
        const t = document.createTreeWalker(s, NodeFilter.SHOW_TEXT).nextNode();
        const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, Math.min(12, t.nodeValue.length));
        getSelection().removeAllRanges(); getSelection().addRange(r); }""")
    return context, page


@pytest.mark.browser
def test_a_phone_adds_a_note_by_touch_without_sideways_scrolling(browser, served_site):
    context, page = _phone_with_words_selected(browser, served_site)
    add = page.locator(".elysara-my-notes-add")
    add.wait_for(state="visible")
    add.tap()
    page.locator("#elysara-my-notes-body").fill("A question the whole text turns on.")
    page.locator(".elysara-my-notes-tags input[value=question]").tap()
    box = page.locator(".elysara-my-notes-editor").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    page.locator(".elysara-my-notes-save").tap()
    assert _notes_in_list(page) == ["A question the whole text turns on."]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


@pytest.mark.browser
def test_tapping_a_highlight_on_a_phone_opens_that_note(browser, served_site):
    # p6.4's first words sit inside a book note folded under "more notes", whose words take no taps:
    # the student's own highlight there must still open the student's note.
    context, page = _phone_with_words_selected(browser, served_site)
    page.locator(".elysara-my-notes-add").tap()
    page.locator("#elysara-my-notes-body").fill("A question the whole text turns on.")
    page.locator(".elysara-my-notes-save").tap()
    highlight = page.locator("span.elysara-my-note-hl").first
    highlight.scroll_into_view_if_needed()
    box = highlight.evaluate("e => { const r = e.getClientRects()[0]; return {x: r.left + r.width / 2, y: r.top + r.height / 2}; }")
    page.touchscreen.tap(box["x"], box["y"])
    assert page.locator(".elysara-my-notes-editor").is_visible()
    assert page.locator(".elysara-my-notes-editor-title").inner_text() == "Edit your note on p6.4"
    assert page.locator("#elysara-my-notes-body").input_value() == "A question the whole text turns on."
    context.close()


@pytest.mark.browser
def test_axe_finds_nothing_serious_with_the_panel_open(page, served_site):
    from axe_playwright_python.sync_playwright import Axe

    _open(page, served_site)
    page.locator(".elysara-my-notes-pick").click()
    page.locator(".elysara-my-notes-pick-add").click()
    page.locator("#elysara-my-notes-body").fill("A note.")
    page.locator(".elysara-my-notes-save").click()
    page.locator(".elysara-my-notes-edit").first.click()  # the editor open too
    found = [
        f"{v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}
    ]
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_loading_a_bad_file_says_why_and_keeps_the_good_notes(page, served_site, tmp_path):
    from elysara.exercises.answers.web_annotations import make_annotation, make_collection

    _open(page, served_site)
    good = make_annotation(anchor_for_span("p2", 0, 30), "Kept.", "reaction")
    bad = make_annotation(anchor_for_span("p3", 0, 30), "Lost.")
    bad["target"]["selector"][0]["exact"] = "words the text never says"
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(make_collection([good, bad])), encoding="utf-8")
    page.locator("#elysara-my-notes-file").set_input_files(str(path))
    page.wait_for_selector(".elysara-my-notes-item")
    assert _notes_in_list(page) == ["Kept."]
    message = page.locator(".elysara-my-notes-status").inner_text()
    assert "Loaded 1 note(s)" in message and "words the text never says" in message
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"@context": "https://schema.org", "type": "AnnotationCollection"}), encoding="utf-8")
    page.locator("#elysara-my-notes-file").set_input_files(str(wrong))
    page.wait_for_function("document.querySelector('.elysara-my-notes-status').textContent.includes('wrong.json')")
    assert "@context" in page.locator(".elysara-my-notes-status").inner_text()
    assert _notes_in_list(page) == ["Kept."]
