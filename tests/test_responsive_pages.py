"""Static charts and projector mode as a student on a phone and a teacher at a projector meet them.

Every page of the built site with a static chart is found by its markup, not
by name: the charts drawn by elysara-plots.js (``div.elysara-plot``) and those
a widget's own page script draws (``div.elysara-plot-live``: the Scales, the
Nexus). The charts' contents change while these tests hold. The viewport is
resized as a reader would (a laptop window made narrower, a tablet, a phone,
a phone turned to landscape) and after each change every chart must fill its
container, keep its text apart, and keep a visible control that still changes
the chart.
"""

from __future__ import annotations

import pytest

from sitepages import FIGURE_STATE, html_pages

pytestmark = [pytest.mark.slow, pytest.mark.browser]

#: Laptop, small laptop, tablet, phone, the phone turned, and back: (width, height).
VIEWPORTS = [(1366, 900), (1100, 900), (768, 1000), (375, 667), (667, 375), (1366, 900)]
#: px: a slider narrower than this leaves a few px per step (the Scales' weights have 21): too fine for a thumb.
MIN_SLIDER_WIDTH = 120
WIDGET_PAGES = ["book/widgets/scales.html", "book/widgets/nexus.html", "book/widgets/tension-test.html",
                "book/widgets/reversal.html"]

#: Every chart on a page, whoever draws it, unless it is folded away or not shown yet.
_CHARTS = """Array.from(document.querySelectorAll('div.elysara-plot, div.elysara-plot-live'))
  .filter(d => !d.closest('details:not([open])') && d.offsetParent !== null)"""

#: Text boxes of every chart on the page, and pairs of them that overlap by more than a quarter of the smaller.
_OVERLAPS = """() => {
  const out = [];
  %s.forEach(div => {
    const boxes = Array.from(div.querySelectorAll('svg text')).filter(t => t.textContent.trim())
      .map(t => ({text: t.textContent.trim(), r: t.getBoundingClientRect()}))
      .filter(b => b.r.width > 0 && b.r.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 0 && h > 0 && w * h > 0.25 * Math.min(a.width * a.height, b.width * b.height))
        out.push((div.dataset.figure || div.className) + ': "' + boxes[i].text + '" over "' + boxes[j].text + '"');
    }
  });
  return out;
}""" % _CHARTS

#: Each chart's name, its container's width and its drawing's width.
_SIZES = """() => %s.map(d => { const svg = d.querySelector('svg.main-svg');
    return [d.dataset.figure || d.className, Math.round(d.parentNode.getBoundingClientRect().width),
            svg ? Math.round(svg.getBoundingClientRect().width) : 0]; })""" % _CHARTS


def _pages_with(site, marker: str) -> list[str]:
    return [p for p in html_pages(site) if marker in (site / p).read_text(encoding="utf-8")]


def _plot_pages(site) -> list[str]:
    return _pages_with(site, 'class="elysara-plot"')


def _live_chart_pages(site) -> list[str]:
    return _pages_with(site, 'class="elysara-plot-live')


def _open_all_charts(page) -> None:
    """Open any folded block holding a chart and bring each chart near the screen, so each is drawn."""
    page.evaluate("document.querySelectorAll('details').forEach(d => { if (d.querySelector('div.elysara-plot')) d.open = true; })")
    page.evaluate("document.querySelectorAll('div.elysara-plot').forEach(d => d.scrollIntoView())")
    page.wait_for_function("Array.from(document.querySelectorAll('div.elysara-plot')).every(d => d.data !== undefined)",
                           timeout=20000)


def _show_live_charts(page) -> None:
    """Fill in what a live chart waits for (the Scales draw once every option is rated) and wait for each drawing."""
    for skip in page.get_by_role("button", name="Skip: use the book's ratings").all():
        skip.click()
    # plotly.js loads when a chart comes near the screen, as a reader scrolls to it.
    page.evaluate("document.querySelectorAll('div.elysara-plot-live').forEach(d => d.scrollIntoView())")
    page.wait_for_function("Array.from(document.querySelectorAll('div.elysara-plot-live')).every(d => d.querySelector('svg.main-svg'))",
                           timeout=20000)


def _chart_problems(page, where: str) -> list[str]:
    """Charts narrower or wider than their container, text over text inside a chart, a page wider than the screen."""
    problems = [f"{where}: {figure} is {drawn} px in a {container} px box"
                for figure, container, drawn in page.evaluate(_SIZES) if abs(container - drawn) > 3]
    problems += [f"{where}: {o}" for o in page.evaluate(_OVERLAPS)]
    width = page.viewport_size["width"]
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{where}: the page is wider than the screen")
    return problems


def _live_slider_problems(page, where: str) -> list[str]:
    """Each slider beside a live chart is on screen, and a click on its far end changes the chart and its caption."""
    problems = []
    for widget in page.locator("[data-elysara-script]:has(.elysara-plot-live)").all():
        chart, caption = widget.locator(".elysara-plot-live").first, widget.locator("[role=status][aria-live]").first
        sliders = widget.locator("input[type=range]").all()
        if not sliders:
            problems.append(f"{where}: the {widget.get_attribute('data-elysara-script')} chart has no slider")
        for slider in sliders:
            name = slider.get_attribute("id") or slider.get_attribute("class")
            slider.scroll_into_view_if_needed()
            box = slider.bounding_box()
            if not slider.is_visible() or not box or box["x"] < 0 or box["x"] + box["width"] > page.viewport_size["width"]:
                problems.append(f"{where}: slider {name} is not fully on screen ({box})")
                continue
            if box["width"] < MIN_SLIDER_WIDTH:
                problems.append(f"{where}: slider {name} is only {box['width']:.0f} px wide")
                continue
            before = chart.evaluate(FIGURE_STATE), caption.inner_text()
            # A reader's click on the far end of the track from the current value: the mouse reaches
            # the slider only if nothing covers it.
            at_start = float(slider.input_value()) < (float(slider.get_attribute("min")) + float(slider.get_attribute("max"))) / 2
            page.mouse.click(box["x"] + (box["width"] - 2 if at_start else 2), box["y"] + box["height"] / 2)
            page.wait_for_timeout(200)
            if chart.evaluate(FIGURE_STATE) == before[0]:
                problems.append(f"{where}: slider {name} moved but the chart did not change")
            if caption.inner_text() == before[1]:
                problems.append(f"{where}: slider {name} moved but the caption did not change")
        # The redrawn chart still fits its container.
        problems += _chart_problems(page, f"{where}, after the sliders")
    return problems


def _through_resizes(page, path: str, check_controls=None) -> list[str]:
    """Resize the viewport through VIEWPORTS; at each size, the chart problems (and those of ``check_controls``)."""
    problems = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        where = f"{path} at {width}x{height}"
        problems += _chart_problems(page, where)
        if check_controls:
            problems += check_controls(page, where)
    return problems


def test_there_are_pages_with_charts(site):
    assert "book/widgets/reversal.html" in _plot_pages(site)
    assert {"book/widgets/scales.html", "book/widgets/nexus.html"} <= set(_live_chart_pages(site))


def test_charts_follow_their_container_and_keep_text_apart_through_resizes_and_a_rotation(site, served_site, page):
    problems = []
    for path in _plot_pages(site):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{served_site}/{path}")
        _open_all_charts(page)
        problems += _through_resizes(page, path)
    assert problems == []


def test_live_charts_follow_their_container_and_keep_a_working_slider_through_resizes_and_a_rotation(
        site, served_site, page):
    """The Scales' and the Nexus' charts (drawn by their own page scripts) through the same resizes."""
    problems = []
    for path in _live_chart_pages(site):
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{served_site}/{path}")
        _show_live_charts(page)
        problems += _through_resizes(page, path, _live_slider_problems)
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


@pytest.mark.parametrize("kind", ["elysara-plot", "elysara-plot-live"])
def test_projector_mode_enlarges_chart_text(site, served_site, page, kind):
    """Charts drawn by elysara-plots.js (the Reversal) and by a widget's own page script (the Scales, the Nexus)."""
    paths = _plot_pages(site) if kind == "elysara-plot" else _live_chart_pages(site)
    assert paths, f"no page has a div.{kind}"
    for path in paths:
        page.goto(f"{served_site}/{path}")
        if kind == "elysara-plot":
            _open_all_charts(page)
        else:
            _show_live_charts(page)
        size = f"() => parseFloat(document.querySelector('div.{kind}').layout.font.size)"
        normal = page.evaluate(size)
        page.click(".elysara-projector-toggle")
        page.wait_for_function(f"() => parseFloat(document.querySelector('div.{kind}').layout.font.size) > {normal}")
        assert page.evaluate(size) >= normal * 1.4, path
        page.click(".elysara-projector-toggle")  # and back
        page.wait_for_function(f"() => parseFloat(document.querySelector('div.{kind}').layout.font.size) == {normal}")
