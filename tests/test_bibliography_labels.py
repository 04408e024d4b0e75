"""The bibliography's labels read like the citations in the text: "Nozick, 1974", never "Noz74"."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from sitepages import html_pages

pytestmark = pytest.mark.slow


def test_every_bibliography_label_is_an_author_year_citation_the_text_uses(site):
    soup = BeautifulSoup((site / "book" / "bibliography.html").read_text(encoding="utf-8"), "html.parser")
    labels = [label.get_text().strip("[]") for label in soup.select(".citation .label, span.label")]
    assert labels, "no bibliography labels found"
    for label in labels:
        assert re.fullmatch(r"[^\d,]+, (\d{4}[a-z]?|n\.d\.)", label), label  # "Nozick, 1974", "Samuelson and Zeckhauser, 1988"
    cited = set()
    for page in html_pages(site):
        page_soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        for link in page_soup.select('a[href*="bibliography.html#"]'):
            cited.add(link.get_text(" ").replace("\xa0", " ").strip())
    assert "Nozick, 1974" in labels and "Nozick, 1974" in cited
    # Each parenthetical citation in the text is exactly a label of the bibliography.
    parenthetical = {c for c in cited if re.fullmatch(r"[^\d]+, \d{4}[a-z]?", c)}
    assert parenthetical and parenthetical <= set(labels), parenthetical - set(labels)
