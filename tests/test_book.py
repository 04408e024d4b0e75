"""The built book: the pages exist, the build is clean, the text is verbatim."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from elysara.text import load_text
from sitepages import toc_files

pytestmark = pytest.mark.slow


def book_pages(repo_root) -> list[str]:
    """The root page and every page the student toc lists."""
    toc = yaml.safe_load((repo_root / "_toc.yml").read_text())
    return [toc["root"], *(file for part in toc.get("parts", []) for file in toc_files(part.get("chapters", [])))]


def test_the_build_emits_no_warnings(built_book):
    assert built_book.warnings == []


def test_every_page_in_the_toc_is_built(site, repo_root):
    assert (site / "index.html").is_file()
    for page in book_pages(repo_root):
        assert (site / f"{page}.html").is_file(), page


def test_no_build_source_leaks_into_the_site(site):
    leaked = [p for p in site.rglob("*.html") if re.search(r"(^|/)(\.venv|tests|benchmarks|node_modules|_build)/", str(p.relative_to(site)))]
    assert leaked == []
    assert not (site / "README.html").exists()


def test_the_reading_page_has_every_paragraph_verbatim_with_its_anchor(site):
    soup = BeautifulSoup((site / "book/reading.html").read_text(encoding="utf-8"), "html.parser")
    for paragraph in load_text().paragraphs:
        element = soup.find(id=paragraph.id)
        assert element is not None, paragraph.id
        assert element.find("a", href=f"#{paragraph.id}") is not None
        assert paragraph.text in " ".join(element.get_text().split()), paragraph.id
        for sentence in paragraph.sentences:
            assert soup.find(id=sentence.id) is not None, sentence.id
    emphasis = soup.find(id="p6.4").find("em")
    assert emphasis is not None and emphasis.get_text() == "me"
