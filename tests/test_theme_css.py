"""What a phone must fetch before it can paint a page, and that the reader sees the same page.

The theme's stylesheet is cut to the rules the site uses (elysara.sphinxext.theme_css) and its
icon fonts to the icons the site names (elysara.sphinxext.icon_font). The Scales and Nexus load
plotly.js when their chart comes near the screen. The Lighthouse scores themselves are in
benchmarks/ (make lighthouse).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from elysara.sphinxext.icon_font import FONT_DIR, css_code_points
from elysara.sphinxext.theme_css import THEME_CSS, TRIMMED_CSS, link_trimmed_theme
from pageweight import sent_size
from sitepages import html_pages

KB = 1000
#: Stylesheets a page may make a phone download before its first paint (gzipped). The theme's
#: whole stylesheet alone was 66 KB; the cut one is about 18 KB.
BLOCKING_CSS_BUDGET = 40 * KB
#: Pages whose look is compared with the cut and with the whole theme stylesheet.
LOOK_PAGES = ["book/reading.html", "book/essays/peace-versus-autonomy.html", "book/widgets/scales.html",
              "book/widgets/nexus.html", "book/exercises/widgets.html", "book/index.html", "search.html"]
_TRIMMED_URL = re.compile(r".*/pydata-sphinx-theme\.trimmed\.css(\?.*)?$")


def _blocking_stylesheets(soup: BeautifulSoup) -> list[str]:
    """Stylesheets the page links outside <noscript> with no media that keeps them off the screen."""
    hrefs = []
    for link in soup.find_all("link", rel="stylesheet"):
        if link.find_parent("noscript") is not None or link.get("media", "all") not in ("all", "screen"):
            continue
        hrefs.append(link["href"])
    return hrefs


def _local_file(site, page: str, href: str):
    return (site / page).parent.joinpath(href.split("?")[0]).resolve()


@pytest.mark.slow
def test_every_page_links_the_cut_theme_stylesheet_and_paints_after_little_css(site):
    problems = []
    for page in html_pages(site):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "Refresh"}):
            continue  # the site root only redirects to the book's first page
        linked = [link["href"].split("?")[0].rsplit("_static/", 1)[-1] for link in soup.find_all("link", href=True)]
        if THEME_CSS in linked or TRIMMED_CSS not in linked:
            problems.append(f"{page}: links {[n for n in linked if 'pydata' in n]}, not only the cut theme stylesheet")
        blocking = _blocking_stylesheets(soup)
        weight = sum(sent_size(_local_file(site, page, h)) for h in blocking)
        if weight > BLOCKING_CSS_BUDGET:
            problems.append(f"{page}: {weight / KB:.0f} KB of stylesheets before the first paint "
                            f"(budget {BLOCKING_CSS_BUDGET / KB:.0f} KB): {blocking}")
    assert not problems, "\n".join(problems)


def test_linking_the_cut_stylesheet_twice_changes_nothing():
    """An incremental build runs the rewrite again on pages it did not rebuild."""
    html = '<head><link href="../_static/styles/pydata-sphinx-theme.css?digest=abc123" rel="stylesheet" />\n</head>'
    once = link_trimmed_theme(html)
    assert once == html.replace(THEME_CSS, TRIMMED_CSS)
    assert link_trimmed_theme(once) == once


def test_css_code_points_reads_escapes_and_private_use_characters():
    css = '.fa-bars{--fa:"\\f0c9"}.x:before{content:"\uf002"}.y{content:"#"}'
    assert css_code_points(css) == {0xF0C9, 0xF002}


#: What a reader does with the theme's own controls: each state is compared with both stylesheets.
_STATES = {
    "as loaded": None,
    "search dialog open (Ctrl+K)": lambda page: (page.keyboard.press("Control+k"),
                                                 page.wait_for_selector("#pst-search-dialog[open]")),
    "tooltip of the search button": lambda page: (page.locator("button.search-button__button:visible").first.hover(),
                                                  page.wait_for_selector(".tooltip.show")),
    "site navigation open": lambda page: (page.locator("button.primary-toggle:visible").first.click(),
                                          page.wait_for_selector("#pst-primary-sidebar-modal[open]")),
}


def _screenshot(browser, url: str, width: int, state: str, *, whole_css: Path | None, mode: str) -> bytes | None:
    """The page with the cut theme stylesheet, or with the whole one (``whole_css``) served in its place."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    try:
        page = context.new_page()
        if whole_css is not None:
            page.route(_TRIMMED_URL, lambda route: route.fulfill(path=str(whole_css), content_type="text/css"))
        page.goto(url, wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        act = _STATES[state]
        if act is not None:
            try:
                act(page)
            except Exception:  # noqa: BLE001 - a control this page or width does not show
                return None
        page.wait_for_timeout(400)  # transitions (tooltip fade, dialog) settle
        return page.screenshot()
    finally:
        context.close()


#: Counts pixels whose colour differs visibly (any channel by more than 24 of 255) between two
#: screenshots; anti-aliasing at a rounded border can move a channel by one or two, which no one sees.
_VISIBLE_DIFFERENCE = """async ([a, b]) => {
  const load = src => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = src; });
  const [x, y] = await Promise.all([load(a), load(b)]);
  if (x.width !== y.width || x.height !== y.height) return -1;
  const pixels = img => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0); return g.getImageData(0, 0, img.width, img.height).data; };
  const p = pixels(x), q = pixels(y);
  let n = 0;
  for (let i = 0; i < p.length; i += 4)
    if (Math.abs(p[i] - q[i]) > 24 || Math.abs(p[i + 1] - q[i + 1]) > 24 || Math.abs(p[i + 2] - q[i + 2]) > 24) n++;
  return n;
}"""


def _data_url(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 375])
def test_pages_look_the_same_with_the_cut_and_the_whole_theme_stylesheet(site, browser, served_site, page, width):
    """In light and dark mode, as loaded and with the search dialog, a tooltip and the navigation open."""
    differ, compared = [], 0
    for relative in LOOK_PAGES:
        for mode in ("light", "dark"):
            for state in _STATES:
                if state != "as loaded" and relative not in LOOK_PAGES[:2]:
                    continue  # the theme's controls are the same on every page: two pages suffice
                url = f"{served_site}/{relative}"
                cut = _screenshot(browser, url, width, state, whole_css=None, mode=mode)
                whole = _screenshot(browser, url, width, state, whole_css=site / "_static" / THEME_CSS, mode=mode)
                if (cut is None) != (whole is None):
                    differ.append(f"{relative} ({mode}, {state}): the control works with one stylesheet only")
                    continue
                if cut is None:
                    continue
                compared += 1
                changed = page.evaluate(_VISIBLE_DIFFERENCE, [_data_url(cut), _data_url(whole)])
                if changed:
                    differ.append(f"{relative} ({mode}, {state}): {changed} pixels")
    assert compared >= 2 * len(LOOK_PAGES) + 4, f"only {compared} comparisons: the controls were not found"
    assert not differ, f"at {width} px the cut theme stylesheet changes what the reader sees: {differ}"


@pytest.mark.slow
@pytest.mark.browser
def test_every_icon_a_page_shows_is_in_the_cut_icon_font(site, served_site, page):
    """Each Font Awesome icon on each page (after the theme's scripts ran) has its glyph in the font."""
    from fontTools.ttLib import TTFont

    cmaps = {}
    for font in (site / "_static" / FONT_DIR).glob("*.woff2"):
        cmaps[font.name] = set(TTFont(str(font)).getBestCmap())
    kept = set.union(*cmaps.values())
    icons = """() => Array.from(document.querySelectorAll('[class*="fa-"]')).map(el => {
        const style = getComputedStyle(el, '::before');
        return [el.className, style.fontFamily, style.content];
    }).filter(([, family, content]) => /Font Awesome/.test(family) && content && content !== 'none')"""
    missing, seen = [], 0
    for relative in html_pages(site):
        if 'http-equiv="Refresh"' in (site / relative).read_text(encoding="utf-8"):
            continue  # the site root only redirects to the book's first page
        page.goto(f"{served_site}/{relative}", wait_until="load")
        for cls, _family, content in page.evaluate(icons):
            text = content.strip('"')
            seen += 1
            if not text or ord(text[0]) not in kept:
                missing.append(f"{relative}: .{cls} draws U+{ord(text[0]) if text else 0:04X}")
    assert seen > 10, "no icons found: the check would prove nothing"
    assert not missing, "\n".join(sorted(set(missing)))


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("name", ["scales", "nexus"])
def test_a_phone_loads_plotly_only_when_the_reader_reaches_the_chart(browser, served_site, name):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{served_site}/book/widgets/{name}.html", wait_until="networkidle")
        page.wait_for_selector(f".{name}-widget.{name}-ready")
        page.wait_for_timeout(500)
        assert not [u for u in requested if "plotly" in u], "plotly.js loaded before the reader reached the chart"
        if name == "scales":  # the Scales draw once every option is rated
            page.get_by_role("button", name="Skip: use the book's ratings").click()
        page.locator(f".{name}-chart").scroll_into_view_if_needed()
        page.wait_for_selector(f".{name}-chart .main-svg", timeout=20000)
        assert [u for u in requested if "plotly" in u]
    finally:
        context.close()
