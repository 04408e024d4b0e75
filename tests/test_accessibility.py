"""Accessibility of every page: axe-core in a real browser, and text alternatives for figures."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sitepages import html_pages

pytestmark = pytest.mark.slow


@pytest.mark.browser
def test_no_serious_or_critical_axe_violation_on_any_page(site, served_site, page):
    """axe-core (WCAG rules) finds no serious or critical violation on any page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = []
    for relative in html_pages(site):
        if relative == "index.html":  # a redirect to book/index.html, checked there
            continue
        page.goto(f"{served_site}/{relative}", wait_until="networkidle")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in {"serious", "critical"}:
                targets = [", ".join(node["target"]) for node in violation["nodes"]][:3]
                found.append(f"{relative}: {violation['id']} ({violation['impact']}) at {targets}")
    assert not found, "\n".join(found)


def test_every_figure_has_a_text_alternative(site):
    """Images have alt text; each chart has a label, a caption and its numbers as a table."""
    missing = []
    for relative in html_pages(site):
        soup = BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article") or soup
        for img in article.find_all("img"):
            if img.get("alt") is None:
                missing.append(f"{relative}: <img src={img.get('src')}> has no alt attribute")
        for plot in soup.select("div.elysara-plot"):
            figure = plot.find_parent("figure")
            label = (plot.get("aria-label") or "").strip()
            caption = figure.find("figcaption") if figure else None
            table = figure.find("table") if figure else None
            if not label or caption is None or not caption.get_text(strip=True) or table is None:
                missing.append(f"{relative}: chart {plot.get('data-figure')} lacks a label, caption or data table")
        for fig in article.find_all("figure"):
            if fig.find("img") is None and fig.find("figcaption") is None:
                missing.append(f"{relative}: a <figure> with neither caption nor image alt text")
    assert not missing, "\n".join(missing)
