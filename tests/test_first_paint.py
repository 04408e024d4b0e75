"""What a phone must fetch before it can paint a page, and what the reader sees meanwhile.

The theme's stylesheet is split (elysara.sphinxext.first_paint): its first-paint part blocks
the paint, the whole follows without blocking. Its icon fonts keep only the icons the site
names (elysara.sphinxext.icon_font). The Scales and Nexus load plotly.js when their chart
comes near the screen. The Lighthouse scores themselves are in benchmarks/ (make lighthouse).
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from elysara.sphinxext.first_paint import FIRST_PAINT_CSS, THEME_CSS, split_theme_link
from elysara.sphinxext.icon_font import FONT_DIR, css_code_points
from pageweight import sent_size
from sitepages import html_pages

KB = 1000
#: Stylesheets a page may make a phone download before its first paint (gzipped). The theme's
#: whole stylesheet alone was 66 KB; its first-paint part is about 18 KB.
BLOCKING_CSS_BUDGET = 40 * KB
#: Pages whose look is compared before and after the whole theme stylesheet arrives.
LOOK_PAGES = ["book/reading.html", "book/essays/peace-versus-autonomy.html", "book/widgets/scales.html",
              "book/widgets/nexus.html", "book/exercises/widgets.html", "book/index.html", "search.html"]


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
def test_no_page_blocks_its_first_paint_on_the_whole_theme_stylesheet(site):
    problems = []
    for page in html_pages(site):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "Refresh"}):
            continue  # the site root only redirects to the book's first page
        blocking = _blocking_stylesheets(soup)
        names = [h.split("?")[0].rsplit("_static/", 1)[-1] for h in blocking]
        if THEME_CSS in names:
            problems.append(f"{page}: the whole theme stylesheet blocks the first paint")
        if FIRST_PAINT_CSS not in names:
            problems.append(f"{page}: no first-paint theme stylesheet")
        weight = sum(sent_size(_local_file(site, page, h)) for h in blocking)
        if weight > BLOCKING_CSS_BUDGET:
            problems.append(f"{page}: {weight / KB:.0f} KB of stylesheets before the first paint "
                            f"(budget {BLOCKING_CSS_BUDGET / KB:.0f} KB): {names}")
        # The whole stylesheet still comes: switched on when loaded, and for readers without JavaScript.
        late = [link for link in soup.find_all("link", href=re.compile(re.escape(THEME_CSS)))
                if link.find_parent("noscript") is None]
        if not (len(late) == 1 and late[0].get("media") == "print" and "this.media='all'" in late[0].get("onload", "")):
            problems.append(f"{page}: the whole theme stylesheet is not loaded late: {late}")
        if not any(THEME_CSS in str(n) for n in soup.find_all("noscript")):
            problems.append(f"{page}: readers without JavaScript would not get the whole theme stylesheet")
    assert not problems, "\n".join(problems)


def test_splitting_the_theme_link_twice_changes_nothing():
    """An incremental build must not wrap the <noscript> copy of the link again."""
    html = '<head><link href="../_static/styles/pydata-sphinx-theme.css?digest=abc123" rel="stylesheet" />\n</head>'
    once = split_theme_link(html)
    assert once.count(FIRST_PAINT_CSS) == 1 and once.count(THEME_CSS + "?digest=abc123") == 2
    assert 'media="print"' in once and "<noscript>" in once


def test_css_code_points_reads_escapes_and_private_use_characters():
    css = '.fa-bars{--fa:"\\f0c9"}.x:before{content:"\uf002"}.y{content:"#"}'
    assert css_code_points(css) == {0xF0C9, 0xF002}


def _screenshot(browser, url: str, width: int, *, block_whole_theme: bool, mode: str = "light") -> bytes:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    try:
        page = context.new_page()
        if block_whole_theme:  # what the reader sees until the whole stylesheet has arrived
            page.route(re.compile(r".*/pydata-sphinx-theme\.css(\?.*)?$"), lambda route: route.abort())
        page.goto(url, wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(300)
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


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 375])
def test_the_first_paint_looks_as_the_page_does_with_the_whole_theme(browser, served_site, page, width):
    """In light and dark mode: until the whole stylesheet arrives the reader sees the finished page."""
    import base64

    def data_url(png: bytes) -> str:
        return "data:image/png;base64," + base64.b64encode(png).decode()

    differ = []
    for relative in LOOK_PAGES:
        for mode in ("light", "dark"):
            url = f"{served_site}/{relative}"
            first = _screenshot(browser, url, width, block_whole_theme=True, mode=mode)
            whole = _screenshot(browser, url, width, block_whole_theme=False, mode=mode)
            changed = page.evaluate(_VISIBLE_DIFFERENCE, [data_url(first), data_url(whole)])
            if changed:
                differ.append(f"{relative} ({mode}): {changed} pixels")
    assert not differ, f"at {width} px the first paint differs from the finished page on: {differ}"


@pytest.mark.slow
@pytest.mark.browser
def test_the_whole_theme_stylesheet_ends_up_applied_with_and_without_javascript(browser, served_site):
    applied = """() => Array.from(document.styleSheets).filter(s => s.href && s.href.includes('/pydata-sphinx-theme.css'))
                     .map(s => s.media.mediaText || 'all')"""
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        try:
            page = context.new_page()
            page.goto(f"{served_site}/book/reading.html", wait_until="load")
            assert "all" in page.evaluate(applied), f"JavaScript {'on' if javascript else 'off'}"
        finally:
            context.close()


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
        page.goto(f"{served_site}/{relative}", wait_until="load")
        page.wait_for_function("() => Array.from(document.styleSheets).some(s => s.href && "
                               "s.href.includes('/pydata-sphinx-theme.css') && s.media.mediaText !== 'print')")
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
