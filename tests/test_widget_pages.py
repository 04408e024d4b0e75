"""The Scales and Nexus pages of the built book: what a student sees there and can do, in a real browser."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from elysara.widgets import nexus as N
from elysara.widgets import scales as S
from elysara.widgets.nexus_view import StaticNexus, caption, majority_sentence

pytestmark = pytest.mark.slow

PAGES = {"scales": "book/widgets/scales.html", "nexus": "book/widgets/nexus.html"}


def _soup(site, name):
    return BeautifulSoup((site / PAGES[name]).read_text(encoding="utf-8"), "html.parser")


def _article_text(site, name) -> str:
    return " ".join(_soup(site, name).find("article").get_text(" ").split())


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_its_widget_with_the_models_data_and_no_code(site, name):
    soup = _soup(site, name)
    root = soup.find(attrs={"data-elysara-script": name})
    assert root is not None
    data = json.loads(root.find("script", class_="elysara-widget-data").string)
    assert data == (S.export() if name == "scales" else N.grid_results())
    assert soup.find("script", src=lambda s: s and f"{name}.js" in s) is not None
    article = soup.find("article").get_text()
    assert "static_widget()" not in article  # the widget's code cell is hidden (remove-input)
    assert ("ScalesWidget()" if name == "scales" else "NexusWidget()") in article  # the live-version recipe is shown


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_links_to_passages_and_essays(site, name):
    soup = _soup(site, name)
    hrefs = [a.get("href", "") for a in soup.find("article").find_all("a")]
    assert any("reading.html#p" in h for h in hrefs)
    assert any("essays/" in h for h in hrefs)
    assert not soup.select(".problematic")


def test_the_scales_page_has_one_labelled_control_per_rating_and_per_value(site):
    root = _soup(site, "scales").find(attrs={"data-elysara-script": "scales"})
    selects = root.find_all("select", class_="scales-rating")
    assert len(selects) == len(S.OPTIONS) * len(S.VALUES)
    assert all(s.get("aria-label") for s in selects)
    assert all(s.find("option", selected=True) is None or s.find("option", selected=True)["value"] == "" for s in selects)
    sliders = root.find_all("input", type="range")
    assert sorted(s["data-value"] for s in sliders) == sorted(S.VALUES)  # one slider per value, no second one
    for slider in sliders:
        assert root.find("label", attrs={"for": slider["id"]}).get_text() == S.VALUES[slider["data-value"]].label
    lenses = [o.get_text() for o in root.find("select", class_="scales-lens").find_all("option")]
    assert sorted(lenses) == sorted(lens.label for lens in S.LENSES.values())


def test_the_scales_page_lists_every_lens_result_and_every_book_rating(site):
    text = _article_text(site, "scales")
    for lens in S.LENSES:
        assert S.LENSES[lens].label in text
    assert " ".join(S.assess(S.default_state("kantian")).explanation().split()) in text
    for option in S.DEFAULT_RATINGS.values():
        for rating in option.values():
            assert rating.reason.split('"')[0].strip() in text


def test_the_nexus_page_names_its_dials_and_claims_only_what_the_model_shows(site):
    root = _soup(site, "nexus").find(attrs={"data-elysara-script": "nexus"})
    assert root.find("label", attrs={"for": "nexus-relief"}).get_text() == "Pain relief"
    assert root.find("label", attrs={"for": "nexus-harmony"}).get_text() == "Harmonization"
    assert len(root.find("select", class_="nexus-claim").find_all("option")) == len(N.GRID_CLAIM)
    assert root.find(class_="nexus-caption").get_text() == StaticNexus().initial_caption()
    assert len(root.find("table").find_all("tr")) == len(N.GRID_HARMONY) + 1
    text = _article_text(site, "nexus")
    assert majority_sentence() in text
    assert "suppressed" not in text.lower() and "Converted" in text
    assert "cannot easily notice its own mistakes" not in text  # Mill's argument, not the model's output
    assert "On Liberty" in text


def test_the_nexus_page_is_small(site):
    assert (site / PAGES["nexus"]).stat().st_size <= 300 * 1024


# --- In a browser -----------------------------------------------------------------------------

def _open(page, served_site, name):
    page.goto(f"{served_site}/{PAGES[name]}")
    page.wait_for_selector(f".{name}-widget.{name}-ready")


def _scroll_to_chart(page, selector: str) -> None:
    """Bring a live chart near the screen, as a reader scrolling down does: plotly.js loads only then."""
    page.locator(selector).scroll_into_view_if_needed()
    page.wait_for_selector(f"{selector} .main-svg")


def _console_errors(page) -> list[str]:
    # The theme gives the site no favicon, so Chromium's automatic /favicon.ico request 404s;
    # that is not these pages' doing.
    return [e for e in page.log.console_errors if "favicon" not in e and "404" not in e] + [
        f for f in page.log.failed if "favicon.ico" not in f
    ]


def _scales_state(ratings: dict, weights: dict, lens: str = "custom") -> S.ScalesState:
    return S.ScalesState(lens, weights, ratings)


@pytest.mark.browser
def test_a_student_rates_first_then_sees_the_book_and_the_verdict(page, served_site):
    _open(page, served_site, "scales")
    caption_box = page.locator(".scales-caption")
    assert caption_box.inner_text().startswith("Rate every option on every value")
    assert page.locator(".scales-chart").is_hidden()
    reveal = page.get_by_role("button", name="Show the book's ratings beside mine")
    assert reveal.is_disabled()
    assert page.locator(".scales-book").first.is_hidden()  # the book's readings stay hidden
    # The student's own ratings: the opposite of the book's on relief, the book's elsewhere.
    ratings = {o: {v: (-r.score if v == "relief" else r.score) for v, r in row.items()} for o, row in S.DEFAULT_RATINGS.items()}
    for o, row in ratings.items():
        for v, score in row.items():
            page.locator(f'select.scales-rating[data-option="{o}"][data-value="{v}"]').select_option(str(int(score)))
    assert reveal.is_enabled()
    weights = {v: 1.0 for v in S.VALUES}
    assert caption_box.inner_text() == S.assess(_scales_state(ratings, weights)).explanation()
    _scroll_to_chart(page, ".scales-chart")
    reveal.click()
    assert page.locator(".scales-book").first.is_visible()
    # One slider per value: move autonomy to 3.
    page.get_by_label(S.VALUES["autonomy"].label, exact=True).fill("3")
    weights["autonomy"] = 3.0
    assert caption_box.inner_text() == S.assess(_scales_state(ratings, weights)).explanation()
    assert page.locator("#scales-weight-autonomy + output").inner_text() == "3"
    assert _console_errors(page) == []
    assert all(url.startswith(served_site) or url.startswith("data:") for url in page.log.requests)


@pytest.mark.browser
def test_the_kantian_lens_sets_the_weights_and_rules_joining_out(page, served_site):
    _open(page, served_site, "scales")
    page.get_by_role("button", name="Skip: use the book's ratings").click()
    page.get_by_label("Start from a lens").select_option(label=S.LENSES["kantian"].label)
    expected = S.assess(S.default_state("kantian"))
    assert page.locator(".scales-caption").inner_text() == expected.explanation()
    _scroll_to_chart(page, ".scales-chart")
    shown = page.eval_on_selector_all(".scales-weight-input", "els => els.map(e => [e.dataset.value, Number(e.value)])")
    assert dict(shown) == {v: float(S.LENSES["kantian"].weights[v]) for v in S.VALUES}
    page.wait_for_selector(".scales-chart .bartext")
    bar_text = " ".join(page.locator(".scales-chart .bartext").all_text_contents())
    assert bar_text.count("ruled out") == len(expected.ruled_out) and "★" in bar_text
    assert [li for li in page.locator(".scales-tipping li").all_text_contents()] == [
        f"Tipping point at a relief weight of {S._fixed(p, 2)}: {S.OPTIONS[a].label} below, {S.OPTIONS[b].label} above."
        for p, a, b in expected.tipping]
    assert _console_errors(page) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 375])
def test_moving_the_nexus_dials_shows_the_models_numbers(page, served_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, served_site, "nexus")
    _scroll_to_chart(page, ".nexus-chart")
    data = N.grid_results()
    c, r, h = data["claim"].index(0.2), data["relief"].index(0.3), data["harmony"].index(0.9)
    page.get_by_label("Suffering caused by being different").select_option(str(c))
    page.get_by_label("Pain relief").fill(str(r))
    page.get_by_label("Harmonization").fill(str(h))
    final = {m: data["results"][m][c][r][h] for m in N.MEASURES}
    want = caption(0.3, 0.9, 0.2, data["steps"], data["majority_value"], final, data["results"]["mean_suffering"][c][r][0])
    assert page.locator(".nexus-caption").inner_text() == want
    run = N.run(claim=0.2, relief=0.3, harmony=0.9)
    star = page.evaluate("() => { const d = document.querySelector('.nexus-chart').data; return [d[2].x[0], d[2].y[0]]; }")
    assert star == pytest.approx([run.individuality[-1], run.mean_suffering[-1]], abs=1e-4)
    for dial in page.query_selector_all(".nexus-dial:has(input)"):  # the value stays beside its slider
        slider, output = dial.query_selector("input").bounding_box(), dial.query_selector("output").bounding_box()
        assert output["y"] < slider["y"] + slider["height"] and output["x"] >= slider["x"] + slider["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
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
