"""Static charts and projector mode as a student on a phone and a teacher at a projector meet them.

Every page of the built site with a static chart is found by its markup
(``div.elysara-plot``), not by name: the charts' contents change while these
tests hold. The viewport is resized as a reader would (a laptop window made
narrower, a tablet, a phone, a phone turned to landscape) and after each
change every chart must fill its container, keep its text apart, and keep a
visible control that still changes the chart.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: Laptop, small laptop, tablet, phone, the phone turned, and back: (width, height).
VIEWPORTS = [(1366, 900), (1100, 900), (768, 1000), (375, 800), (800, 375), (1366, 900)]
WIDGET_PAGES = ["book/widgets/scales.html", "book/widgets/nexus.html", "book/widgets/tension-test.html",
                "book/widgets/reversal.html"]

#: Text boxes of every chart on the page, and pairs of them that overlap by more than a quarter of the smaller.
_OVERLAPS = """() => {
  const out = [];
  document.querySelectorAll('div.elysara-plot').forEach(div => {
    if (div.closest('details:not([open])')) return;
    const boxes = Array.from(div.querySelectorAll('svg text')).filter(t => t.textContent.trim())
      .map(t => ({text: t.textContent.trim(), r: t.getBoundingClientRect()}))
      .filter(b => b.r.width > 0 && b.r.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0 && h > 0 && w * h > 0.25 * Math.min(a.width * a.height, b.width * b.height))
        out.push(div.dataset.figure + ': "' + boxes[i].text + '" over "' + boxes[j].text + '"');
    }
  });
  return out;
}"""

_SIZES = """() => Array.from(document.querySelectorAll('div.elysara-plot')).filter(d => !d.closest('details:not([open])'))
  .map(d => { const svg = d.querySelector('svg.main-svg');
    return [d.dataset.figure, Math.round(d.parentNode.getBoundingClientRect().width),
            svg ? Math.round(svg.getBoundingClientRect().width) : 0]; })"""


def _plot_pages(site) -> list[str]:
    from sitepages import html_pages

    return [p for p in html_pages(site) if 'class="elysara-plot"' in (site / p).read_text(encoding="utf-8")]


def _open_all_charts(page) -> None:
    """Open any folded block holding a chart and bring each chart near the screen, so each is drawn."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { if (d.querySelector('div.elysara-plot')) d.open = true; })")
    page.evaluate("document.querySelectorAll('div.elysara-plot').forEach(d => d.scrollIntoView())")
    page.wait_for_function("Array.from(document.querySelectorAll('div.elysara-plot')).every(d => d.data !== undefined)",
                           timeout=20000)


def test_there_are_pages_with_charts(site):
    # The charts drawn by elysara-plots.js (the Reversal's). The Scales and the Nexus draw their
    # own charts from their page scripts; test_widget_pages.py checks those at 1366 and 375 px.
    assert "book/widgets/reversal.html" in _plot_pages(site)


def test_charts_follow_their_container_and_keep_text_apart_through_resizes_and_a_rotation(site, served_site, page):
    problems = []
    for path in _plot_pages(site):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{served_site}/{path}")
        _open_all_charts(page)
        for width, height in VIEWPORTS:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            for figure, container, drawn in page.evaluate(_SIZES):
                if abs(container - drawn) > 3:
                    problems.append(f"{path} at {width}x{height}: {figure} is {drawn} px in a {container} px box")
            problems += [f"{path} at {width}x{height}: {o}" for o in page.evaluate(_OVERLAPS)]
            if page.evaluate("document.documentElement.scrollWidth") > width:
                problems.append(f"{path} at {width}x{height}: the page is wider than the screen")
    assert problems == []


@pytest.mark.parametrize("width", [1366, 375])
@pytest.mark.parametrize("path", ["book/reading.html", *WIDGET_PAGES])
def test_projector_mode_fits_the_screen_and_its_exit_never_covers_text(served_site, page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{served_site}/{path}?projector=1")
    page.wait_for_selector(".elysara-projector-toggle")
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    toggle = page.locator(".elysara-projector-toggle")
    assert toggle.is_visible() and toggle.inner_text() == "Leave projector mode"
    box = toggle.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    covered = page.evaluate(
        """() => { const t = document.querySelector('.elysara-projector-toggle').getBoundingClientRect();
        return Array.from(document.querySelectorAll('article p, article li, article h1, article h2, article td, article figcaption, article legend, article label'))
          .filter(e => !e.contains(document.querySelector('.elysara-projector-toggle')) && e.offsetParent !== null)
          .filter(e => { const r = e.getBoundingClientRect();
            return r.width > 0 && r.left < t.right && r.right > t.left && r.top < t.bottom && r.bottom > t.top; })
          .map(e => e.tagName + ': ' + e.textContent.slice(0, 40)); }""")
    assert covered == []
    # Scrolled to the end, the exit still covers nothing: it is not fixed over the page.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("getComputedStyle(document.querySelector('.elysara-projector-bar')).position") in ("static", "relative")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.documentElement.classList.contains('elysara-projector')")


def test_projector_mode_enlarges_chart_text(site, served_site, page):
    path = _plot_pages(site)[0]
    page.goto(f"{served_site}/{path}")
    _open_all_charts(page)
    size = "() => parseFloat(document.querySelector('div.elysara-plot').layout.font.size)"
    normal = page.evaluate(size)
    page.click(".elysara-projector-toggle")
    page.wait_for_function(f"() => parseFloat(document.querySelector('div.elysara-plot').layout.font.size) > {normal}")
    assert page.evaluate(size) >= normal * 1.4
