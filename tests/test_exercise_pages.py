"""Each exercise page offers its notebook and says how to open it, without the project's README."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from elysara.exercises.bank import load_bank

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("set_id", list(load_bank().sets))
def test_the_page_offers_its_notebook_built_from_the_bank(site, set_id):
    page = site / "book" / "exercises" / f"{set_id}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    link = soup.find("a", class_="elysara-download", download=f"{set_id}.ipynb")
    assert link is not None
    notebook = (page.parent / link["href"]).resolve()
    assert notebook.is_file()
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert any(f'setup_notebook("{set_id}")' in "".join(c["source"]) for c in cells)


def test_every_exercise_page_says_how_to_open_the_notebook_in_words_a_site_reader_can_follow(site):
    pages = sorted((site / "book" / "exercises").glob("*.html"))
    with_sets = 0
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.find("a", class_="elysara-download") is None:
            continue
        with_sets += 1
        howto = soup.find("details", class_="elysara-open-notebook")
        assert howto is not None, page.name
        text = howto.get_text(" ", strip=True)
        for words in ("JupyterLab on your computer", "school's hub", "Another notebook service", "check()"):
            assert words in text, (page.name, words)
        assert "README" not in soup.find("article").get_text(), page.name
    assert with_sets >= 4
