"""The built site as a reader's browser gets it: every page, offline, on a phone, by keyboard."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from sitepages import FIGURE_STATE, html_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _visit(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(150)  # let deferred scripts (theme, figures) log their errors


def test_every_page_loads_with_no_error_and_asks_no_other_host(site, served_site, page):
    """Each page: no console error, no failed request, and every request to the site's own host."""
    own_host = urlsplit(served_site).netloc
    problems: list[str] = []
    for relative in html_pages(site):
        log = page.log
        start_req, start_fail, start_err = len(log.requests), len(log.failed), len(log.console_errors)
        _visit(page, f"{served_site}/{relative}")
        foreign = [u for u in log.requests[start_req:] if urlsplit(u).scheme in {"http", "https", "ws", "wss"}
                   and urlsplit(u).netloc != own_host]
        problems += [f"{relative}: request to another host {u}" for u in foreign]
        problems += [f"{relative}: failed request {u}" for u in log.failed[start_fail:]]
        problems += [f"{relative}: console error {e}" for e in log.console_errors[start_err:]]
    assert len(log.requests) > len(html_pages(site)), "no request was recorded: the page log is not working"
    assert not problems, "\n".join(problems)


def test_site_search_finds_a_word_from_the_text(served_site, page):
    """Searching "Nexus" (a word of the text, p4) lists the reading page among the results."""
    _visit(page, f"{served_site}/search.html?q=Nexus")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=10_000)
    links = [a.get_attribute("href") or "" for a in page.locator("#search-results ul.search li a").all()]
    assert any("book/reading" in href for href in links), f"search results for Nexus: {links}"


def test_reading_page_has_no_horizontal_scroll_on_a_phone(browser, served_site):
    """At 375 px wide nothing on the reading page is wider than the screen."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    try:
        _visit(phone, f"{served_site}/book/reading.html")
        widths = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], f"page is {widths[0]} px wide on a {widths[1]} px screen"
        phone.mouse.wheel(300, 0)
        assert phone.evaluate("window.scrollX") == 0, "the page scrolls sideways"
    finally:
        context.close()


def test_each_slider_on_a_widget_page_changes_its_chart(site, served_site, page):
    """On every widget page, moving a slider (a Plotly slider or the widget's own) redraws the chart."""
    pages = [p for p in html_pages(site) if p.startswith("book/widgets/")
             and "elysara-plot" in (site / p).read_text(encoding="utf-8")]
    moved, checked = [], 0
    for relative in pages:
        _visit(page, f"{served_site}/{relative}")
        for figure in page.locator("div.elysara-plot").all():
            if figure.evaluate("d => !!d.closest('details:not([open])')"):
                continue  # a folded chart (the Reversal's demonstration) has no slider and is drawn when opened
            # plotly.js loads when a chart comes near the screen, as a reader scrolls to it.
            figure.scroll_into_view_if_needed()
            figure.evaluate("d => new Promise(r => { const t = () => d.data ? r() : setTimeout(t, 50); t(); })")
            for i, slider in enumerate(figure.locator(".slider-container").all()):
                slider.scroll_into_view_if_needed()
                before = figure.evaluate(FIGURE_STATE)
                box = slider.locator(".slider-rail-touch-rect").first.bounding_box()
                assert box, f"{relative}: slider {i} of {figure.get_attribute('data-figure')} is not visible"
                # Click the far end of the rail from the grip: a step other than the one shown.
                grip = slider.locator(".slider-grip-rect").first.bounding_box()
                near_start = grip is not None and grip["x"] < box["x"] + box["width"] / 2
                x = box["x"] + (box["width"] - 3 if near_start else 3)
                page.mouse.click(x, box["y"] + box["height"] / 2)
                page.wait_for_timeout(700)  # Plotly animates the step
                checked += 1
                if figure.evaluate(FIGURE_STATE) == before:
                    moved.append(f"{relative}: slider {i} of {figure.get_attribute('data-figure')} moved "
                                 "but the figure did not change")
        # Widgets drawn by their own script: a native slider beside a live chart.
        for widget in page.locator("[data-elysara-script]:has(.elysara-plot-live)").all():
            skip = widget.get_by_role("button", name="Skip: use the book's ratings")
            if skip.count():  # the Scales draw once every option is rated
                skip.click()
            chart = widget.locator(".elysara-plot-live").first
            chart.scroll_into_view_if_needed()  # plotly.js loads when a chart comes near the screen
            chart.locator(".main-svg").first.wait_for()
            for slider in widget.locator("input[type=range]").all():
                before = chart.evaluate(FIGURE_STATE)
                current, top = slider.input_value(), slider.get_attribute("max")
                slider.fill(top if current != top else slider.get_attribute("min"))
                page.wait_for_timeout(200)
                checked += 1
                if chart.evaluate(FIGURE_STATE) == before:
                    moved.append(f"{relative}: slider {slider.get_attribute('id')} moved but the chart did not change")
    assert checked >= 2, f"expected the Scales and Nexus sliders at least, found {checked} on {pages}"
    assert not moved, "\n".join(moved)


def test_keyboard_focus_is_visible(served_site, page):
    """Tabbing through the reading page, every focused element shows an outline."""
    _visit(page, f"{served_site}/book/reading.html")
    invisible = []
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const e = document.activeElement; if (!e || e === document.body) return null;
            const s = getComputedStyle(e); const r = e.getBoundingClientRect();
            return {tag: e.tagName, text: (e.textContent || '').trim().slice(0, 40), outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), shadow: s.boxShadow, w: r.width, h: r.height}; }""")
        if style is None:
            continue
        visible = (style["outline"] != "none" and style["width"] >= 2) or style["shadow"] not in ("none", "")
        if not visible:
            invisible.append(style)
    assert not invisible, f"focused elements with no visible focus indicator: {invisible}"
