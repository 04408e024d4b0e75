"""The instructor edition: derived from the student config and toc, with the guide only there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from elysara.book import INSTRUCTOR_PART, BuildResult, build_book, write_instructor_sources
from elysara.cli import main
from elysara.text import load_text
from sitepages import toc_files

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "book" / "instructor"


def _part_files() -> list[str]:
    return toc_files(yaml.safe_load((ROOT / INSTRUCTOR_PART).read_text())["chapters"])


def _plan(markdown: str, heading: str) -> list[tuple[int, int]]:
    """(start, minutes) rows of the table under ``heading``."""
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d+) \| (\d+) \|", section, re.MULTILINE)
    return [(int(start), int(minutes)) for start, minutes in rows]


@pytest.mark.parametrize("heading, length", [("## A 50-minute session", 50), ("## A 90-minute session", 90)])
def test_lesson_plan_blocks_add_up_exactly(heading, length):
    rows = _plan((GUIDE / "lesson-plans.md").read_text(), heading)
    assert len(rows) >= 4
    assert sum(minutes for _, minutes in rows) == length
    clock = 0
    for start, minutes in rows:
        assert start == clock, f"a block starts at {start}, but the previous one ends at {clock}"
        clock += minutes


def test_the_debate_timings_fill_its_slot():
    text = (GUIDE / "discussion.md").read_text()
    debate = text.split("## Structured debate", 1)[1].split("\n## ", 1)[0]
    stated = int(re.search(r"How it runs \((\d+) minutes\)", debate)[1])
    rows = [int(m) for m in re.findall(r"^\| (\d+) \| ", debate, re.MULTILINE)]
    assert sum(rows) == stated


def test_quotations_on_instructor_pages_are_the_cited_sentences_words():
    """Every "quotation" followed by its {passage} citation must be that passage's exact words."""
    text = load_text()
    quote_then_cite = re.compile(r'"([^"]+)"[^"{]{0,12}\{passage\}`(?:[^`<]*<)?(p\d+(?:\.\d+)?)>?`')
    checked = 0
    for page in GUIDE.glob("*.md"):
        source = " ".join(page.read_text().split())
        for words, passage_id in quote_then_cite.findall(source):
            assert words in text.passage(passage_id).text, f"{page.name}: {words!r} is not in {passage_id}"
            checked += 1
    assert checked >= 20


def test_discussion_prompts_cite_passages():
    for page in ("discussion.md", "misreadings.md", "lesson-plans.md"):
        assert len(re.findall(r"\{passage\}`", (GUIDE / page).read_text())) >= 5, page


def test_every_page_of_the_part_exists_and_only_the_instructor_toc_lists_it():
    for file in _part_files():
        assert (ROOT / f"{file}.md").is_file(), file
    assert "book/instructor" not in (ROOT / "_toc.yml").read_text()


def test_instructor_sources_are_derived_not_copied(tmp_path):
    config_before, toc_before = (ROOT / "_config.yml").read_bytes(), (ROOT / "_toc.yml").read_bytes()
    config_path, toc_path = write_instructor_sources(ROOT, tmp_path)
    assert (ROOT / "_config.yml").read_bytes() == config_before and (ROOT / "_toc.yml").read_bytes() == toc_before
    student_config = yaml.safe_load(config_before)
    config = yaml.safe_load(config_path.read_text())
    assert config["sphinx"]["config"]["elysara_audience"] == "instructor"
    assert config["bibtex_bibfiles"] == student_config["bibtex_bibfiles"]  # resolved from the book's root, as before
    assert config["exclude_patterns"] == student_config["exclude_patterns"]
    assert "instructor" in config["title"]
    student_toc, toc = yaml.safe_load(toc_before), yaml.safe_load(toc_path.read_text())
    assert toc["parts"][: len(student_toc["parts"])] == student_toc["parts"]
    assert toc["parts"][-1] == yaml.safe_load((ROOT / INSTRUCTOR_PART).read_text())


def test_an_unknown_audience_is_refused():
    result = CliRunner().invoke(main, ["book", "--audience", "everyone", "--out", "/tmp/unused"])
    assert result.exit_code != 0 and "student" in result.output and "instructor" in result.output
    with pytest.raises(ValueError, match="student, instructor"):
        build_book(ROOT, Path("/tmp/unused"), audience="everyone")


# --- The built sites -------------------------------------------------------


@pytest.fixture(scope="session")
def instructor_book(tmp_path_factory) -> BuildResult:
    """The instructor edition, built once for the session."""
    result = build_book(ROOT, tmp_path_factory.mktemp("instructor-book"), audience="instructor")
    if not result.ok:
        pytest.fail(f"the instructor book did not build:\n{result.log[-6000:]}")
    return result


@pytest.mark.slow
def test_the_instructor_build_is_clean_and_contains_the_guide(instructor_book):
    assert instructor_book.warnings == []
    html = instructor_book.html_dir
    for file in _part_files():
        assert (html / f"{file}.html").is_file(), file
    assert (html / "book" / "reading.html").is_file()  # the student book is all there too
    nav = BeautifulSoup((html / "book" / "index.html").read_text(), "html.parser").get_text()
    assert "Lesson plans" in nav and "Calibrated sample answers" in nav


@pytest.mark.slow
def test_the_calibration_page_shows_every_reflection_items_samples(instructor_book):
    from elysara.exercises.bank.calibration import load_calibration

    calibration = load_calibration()
    page = BeautifulSoup((instructor_book.html_dir / "book/instructor/calibration.html").read_text(), "html.parser")
    def words(text: str) -> str:  # the words only: markup, quotation marks and line breaks differ once rendered
        return " ".join(re.sub(r"[*_`\"“”'’]", "", text).split())

    for item in calibration.items():
        section = page.find(id=f"calibration-{item.id}")
        assert section is not None, item.id
        headings = [p.get_text() for p in section.find_all(class_="rubric")]
        samples = calibration.samples[item.id]
        # Each heading gives the sample's points: the sum of its levels' points in the bank's rubric.
        expected = []
        for sample in samples:
            points = sum(c.level(sample.criteria[c.id]).points for c in item.rubric.criteria)
            total = sum(c.max_points for c in item.rubric.criteria)
            expected.append(f"Sample at level {sample.level}: {points:g} of {total:g} points")
        assert [h.split(":")[0] for h in headings] == [f"Sample at level {lvl}" for lvl in ("strong", "adequate", "weak")]
        assert headings == expected, item.id
        shown = words(section.get_text(" "))
        for sample in samples:
            assert words(sample.answer)[:80] in shown, (item.id, sample.level)


@pytest.mark.slow
def test_the_student_site_has_no_instructor_material(site):
    assert not (site / "book" / "instructor").exists()
    for page in site.rglob("*.html"):
        content = page.read_text(encoding="utf-8")
        assert "book/instructor/" not in content, page
        assert "Sample at level" not in content, page


@pytest.mark.slow
@pytest.mark.browser
def test_projector_mode_by_url_and_by_button(served_site, page):
    page.goto(f"{served_site}/book/reading.html?projector=1")
    assert page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    assert not page.locator(".bd-sidebar-primary").is_visible()
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    assert size >= 22
    button = page.locator(".elysara-projector-toggle")
    assert button.get_attribute("aria-pressed") == "true"
    button.click()
    assert not page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    assert "projector=0" in page.url
    page.goto(f"{served_site}/book/glossary.html")  # the choice lasts for the tab
    assert not page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    page.locator(".elysara-projector-toggle").click()
    page.goto(f"{served_site}/book/index.html")
    assert page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    assert page.log.console_errors == []
    # A request the test's own quick navigation cancels (net::ERR_ABORTED, e.g. the favicon) is not a failure;
    # an HTTP error or any other network failure is.
    assert [f for f in page.log.failed if not f.endswith("(net::ERR_ABORTED)")] == []
