"""The Scales and Nexus pages of the built book: content, size, and their figures in a real browser."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from elysara.widgets import scales as S

pytestmark = pytest.mark.slow

PAGES = {"scales": "book/widgets/scales.html", "nexus": "book/widgets/nexus.html"}


def _soup(site, name):
    return BeautifulSoup((site / PAGES[name]).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_shows_its_figure_with_a_text_alternative_and_no_code(site, name):
    soup = _soup(site, name)
    figure = soup.find("figure", id=f"figure-{name}")
    assert figure is not None
    data = json.loads(figure.find("script", class_="elysara-plot-data").string)
    assert data["layout"]["sliders"][0]["steps"]
    assert figure.find("figcaption").get_text(strip=True)
    assert len(figure.find("table").find_all("tr")) > 2
    article = soup.find("article").get_text()
    assert f"{name}_static()" not in article  # the figure's code cell is hidden (remove-input)
    assert f"{'ScalesWidget' if name == 'scales' else 'NexusWidget'}()" in article  # the live-version recipe is shown
    assert soup.find("script", src=lambda s: s and "elysara-plots.js" in s) is not None


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_links_to_passages_and_essays(site, name):
    soup = _soup(site, name)
    hrefs = [a.get("href", "") for a in soup.find("article").find_all("a")]
    assert any("reading.html#p" in h for h in hrefs)
    assert any("essays/" in h for h in hrefs)
    assert not soup.select(".problematic")


def test_the_nexus_page_is_small(site):
    assert (site / PAGES["nexus"]).stat().st_size <= 300 * 1024


def test_the_scales_page_lists_every_lens_and_every_default_rating(site):
    text = " ".join(_soup(site, "scales").find("article").get_text(" ").split())
    for lens in ("hedonistic", "preference", "kantian", "virtue"):
        assert S.LENSES[lens].label in text
    assert "Join is ruled out by a constraint" in text
    for option in S.DEFAULT_RATINGS.values():
        for rating in option.values():
            assert rating.reason.split('"')[0].strip() in text


# --- In a browser -----------------------------------------------------------------------------

def _drawn(page, selector: str) -> list[str]:
    """The SVG path data the chart is drawn with: changes when what is drawn changes."""
    return page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('d'))")


def _open(page, served_site, name):
    page.goto(f"{served_site}/{PAGES[name]}")
    # plotly.js loads when a chart comes near the screen, as a reader scrolls to it.
    page.evaluate("document.querySelectorAll('div.elysara-plot').forEach(d => d.scrollIntoView())")
    page.wait_for_selector(".elysara-plot .main-svg")
    page.wait_for_selector(".elysara-controls")


def _console_errors(page) -> list[str]:
    # The theme gives the site no favicon, so Chromium's automatic /favicon.ico request 404s;
    # that is not these pages' doing.
    return [e for e in page.log.console_errors if "favicon" not in e and "404" not in e] + [
        f for f in page.log.failed if "favicon.ico" not in f
    ]


def _click_plotly_slider(page, fraction: float) -> None:
    rail = page.locator(".elysara-plot .slider-container .slider-rail-touch-rect").first
    rail.scroll_into_view_if_needed()
    box = rail.bounding_box()
    page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)


@pytest.mark.browser
@pytest.mark.parametrize(("name", "drawn"), [("scales", ".barlayer path"), ("nexus", ".scatterlayer .js-line")])
def test_moving_the_plotly_slider_changes_the_drawn_figure(page, served_site, name, drawn):
    _open(page, served_site, name)
    before = _drawn(page, drawn)
    start = page.evaluate("document.querySelector('.elysara-plot').layout.sliders[0].active")
    _click_plotly_slider(page, 0.95)
    after = _drawn(page, drawn)
    assert before and after != before
    active = page.evaluate("document.querySelector('.elysara-plot').layout.sliders[0].active")
    assert active != start
    # The labelled native slider follows Plotly's.
    assert page.locator(".elysara-controls input[type=range]").input_value() == str(active)
    assert _console_errors(page) == []
    assert all(url.startswith(served_site) or url.startswith("data:") for url in page.log.requests)


@pytest.mark.browser
@pytest.mark.parametrize(("name", "drawn"), [("scales", ".barlayer path"), ("nexus", ".scatterlayer .js-line")])
def test_the_labelled_native_slider_drives_the_figure(page, served_site, name, drawn):
    _open(page, served_site, name)
    slider = page.get_by_label("Harmonization strength h" if name == "nexus" else "Peace counts this many times as much as autonomy")
    before = _drawn(page, drawn)
    slider.fill("2")
    page.wait_for_timeout(300)
    assert _drawn(page, drawn) != before
    assert _console_errors(page) == []


@pytest.mark.browser
def test_the_lens_menu_shows_the_kantian_constraint(page, served_site):
    _open(page, served_site, "scales")
    page.get_by_label("Lens", exact=True).select_option(label="Kantian")
    page.wait_for_timeout(300)
    bar_text = " ".join(page.locator(".elysara-plot .bartext").all_text_contents())
    assert "ruled out" in bar_text and "verdict" in bar_text
    ratio = page.locator(".elysara-controls output").first.text_content()
    assert ratio == "0.333"  # the Kantian weights put peace at a third of autonomy
    assert _console_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations_in_the_page_content(page, served_site, name):
    from axe_playwright_python.sync_playwright import Axe

    _open(page, served_site, name)
    results = Axe().run(page, context="main")
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []
