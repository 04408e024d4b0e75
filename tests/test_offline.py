"""The built site asks no other host for anything and publishes no build sources."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from elysara.sphinxext import assets
from sitepages import html_pages, serve

ROOT = Path(__file__).resolve().parents[1]
_REMOTE = re.compile(r"^(https?:)?//", re.I)


def _remote_loads(soup: BeautifulSoup) -> list[str]:
    """URLs on other hosts that the page would load by itself (not links a reader may click)."""
    found = [t.get("src") for t in soup.find_all(["script", "iframe", "img", "source", "audio", "video", "embed"])]
    found += [t.get("href") for t in soup.find_all("link") if t.get("rel") and
              {"stylesheet", "preload", "icon", "modulepreload", "prefetch"} & set(t.get("rel"))]
    found += re.findall(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", str(soup))
    found += re.findall(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", str(soup))
    return [u for u in found if u and _REMOTE.match(u)]


@pytest.mark.slow
def test_no_page_loads_anything_from_another_host(site):
    problems = []
    for relative in html_pages(site):
        soup = BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")
        problems += [f"{relative}: {u}" for u in _remote_loads(soup)]
        text = str(soup)
        for cdn in ("require.min.js", "unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "hypothes.is"):
            if cdn in text:
                problems.append(f"{relative}: mentions {cdn}")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_no_stylesheet_loads_from_another_host(site):
    problems = []
    for css in (site / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="ignore")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text):
            if _REMOTE.match(url) and urlsplit(url if not url.startswith("//") else "http:" + url).netloc:
                problems.append(f"{css.relative_to(site)}: {url}")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_build_sources_are_not_published(site):
    """No page sources (which can hold instructor-only blocks), executed pages or npm files in the site.

    The released exercise notebooks (``_static/notebooks/``, the student version) are meant to be downloaded.
    """
    def leaks(p: Path) -> bool:
        rel = p.relative_to(site)
        if rel.parts[:2] == ("_static", "notebooks") and p.suffix == ".ipynb":
            return False
        return (p.suffix in {".md", ".ipynb", ".yml", ".yaml", ".bib", ".py"} or "_sources" in rel.parts
                or "node_modules" in rel.parts or p.name in {"package.json", "package-lock.json"})

    leaked = [str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and leaks(p)]
    assert not leaked, leaked
    for relative in html_pages(site):
        assert "_sources/" not in (site / relative).read_text(encoding="utf-8"), f"{relative} links to a page source"


@pytest.mark.slow
def test_site_ships_its_own_copies_of_browser_libraries(site):
    assert (site / "_static" / assets.PLOTLY_JS).is_file()
    # Font Awesome's 1.5 MB script is replaced: the theme draws its icons from the local webfont.
    assert (site / "_static" / "scripts" / "fontawesome.js").stat().st_size < 1000
    assert (site / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2").is_file()


def test_privacy_switches_are_off_by_default():
    """Hypothesis (a third party) and live code (Thebe, from a CDN) are off; launch buttons are links."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["html"]["comments"]["hypothesis"] is False
    assert config["launch_buttons"]["thebe"] is False
    assert config["launch_buttons"]["jupyterhub_url"].startswith("https://")
    raw = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert "third party" in raw  # the switch says what turning it on costs readers


def test_missing_vendor_file_fails_with_the_command_to_run(monkeypatch, tmp_path):
    from sphinx.errors import ExtensionError

    monkeypatch.setattr(assets, "NODE_MODULES", tmp_path / "node_modules")
    with pytest.raises(ExtensionError, match=r"npm ci --prefix .*vendor"):
        assets.vendor_source("plotly.js-cartesian-dist-min/plotly-cartesian.min.js")


def _visit_built_book(browser, html_dir: Path, wait_for: str) -> tuple[list[str], list[str], str]:
    """Serve ``html_dir``, open its index page, wait for ``wait_for``; return requests, console errors, own host."""
    requests: list[str] = []
    errors: list[str] = []
    with serve(html_dir) as base:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{base}/index.html", wait_until="networkidle")
            page.locator(wait_for).first.wait_for(timeout=15_000)
        finally:
            context.close()
    return requests, errors, urlsplit(base).netloc


def _build_test_book(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from elysara.book import build_book

    result = build_book(ROOT / "tests" / "books" / name, tmp_path_factory.mktemp(name))
    assert result.ok, result.log[-3000:]
    return result.html_dir


@pytest.mark.slow
@pytest.mark.browser
def test_mathematics_is_typeset_by_the_sites_own_mathjax(tmp_path_factory, browser):
    """A page with $...$ loads MathJax and its fonts from the site, not a CDN, and typesets the formula."""
    html_dir = _build_test_book("math", tmp_path_factory)
    soup = BeautifulSoup((html_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    sources = [s.get("src") for s in soup.find_all("script") if "mathjax" in (s.get("src") or "").lower()]
    assert sources and all(not _REMOTE.match(s) for s in sources), sources
    requests, errors, own = _visit_built_book(browser, html_dir, "mjx-container")
    assert all(urlsplit(u).netloc == own for u in requests if u.startswith("http")), requests
    assert any("woff" in u for u in requests), "MathJax's fonts were not loaded from the site"
    assert not errors, errors


@pytest.mark.slow
@pytest.mark.browser
def test_embedded_ipywidgets_render_from_the_sites_own_manager(tmp_path_factory, browser):
    """A page with ipywidgets state draws the widget with the local HTML manager: no require.js, no CDN."""
    html_dir = _build_test_book("ipywidgets", tmp_path_factory)
    html = (html_dir / "index.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" in html  # the page really embeds widget state
    assert "require.min.js" not in html and "_static/vendor/html-manager/embed.js" in html
    requests, errors, own = _visit_built_book(browser, html_dir, ".widget-slider")
    assert all(urlsplit(u).netloc == own for u in requests if u.startswith("http")), requests
    assert not errors, errors
