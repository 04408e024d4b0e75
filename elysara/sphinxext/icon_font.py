"""The theme's icon fonts cut down to the icons the site can show.

The theme draws its header buttons (menu, search, dark mode, full screen...) with
Font Awesome's solid font: 156 KB of WOFF2 for some 1,400 icons, of which the site
shows about twenty. The browser fetches it at top priority as soon as a visible
icon needs it, so on a phone it competed with the stylesheets for the first paint
(Lighthouse counted it into First Contentful Paint whenever the page was slow to
paint). After the build, fontTools keeps in each WOFF2 only the glyphs whose code
points the site's stylesheets name: the theme's stylesheet as the site serves it
(:mod:`elysara.sphinxext.theme_css`, already cut to the rules the pages and site
scripts can match) and every other stylesheet of the site. The TrueType copies,
which only browsers without WOFF2 take, stay whole.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from elysara.sphinxext.theme_css import THEME_CSS, TRIMMED_CSS

logger = logging.getLogger(__name__)

FONT_DIR = "vendor/fontawesome/webfonts"
#: A CSS escape (``content: "\f0c9"``, ``--fa: "\f0c9"``).
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})")


def _private_use(char: str) -> bool:
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def css_code_points(css: str) -> set[int]:
    """Every code point a stylesheet names: as a CSS escape, or written out in the Private Use Area."""
    points = {int(h, 16) for h in _ESCAPE.findall(css)}
    return points | {ord(c) for c in css if _private_use(c)}


def site_code_points(static: Path) -> set[int]:
    """The code points of the cut theme stylesheet and of every other stylesheet of the site.

    The full theme stylesheet is left out (it names every icon), and so are third-party
    files under ``vendor/`` (MathJax draws with its own fonts).
    """
    points: set[int] = set()
    for css in static.rglob("*.css"):
        relative = css.relative_to(static)
        if relative.as_posix() == THEME_CSS or "vendor" in relative.parts:
            continue
        points |= css_code_points(css.read_text(encoding="utf-8", errors="ignore"))
    return points


def subset_woff2(font: Path, code_points: set[int]) -> int:
    """Rewrite ``font`` (WOFF2) with only the glyphs for ``code_points``; return the bytes saved."""
    from fontTools import subset

    before = font.stat().st_size
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    loaded = subset.load_font(str(font), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(loaded)
    subset.save_font(loaded, str(font), options)
    return before - font.stat().st_size


def subset_icon_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Cut each Font Awesome WOFF2 of the built site to the icons its stylesheets name."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.builder.outdir) / "_static"
    fonts = sorted((static / FONT_DIR).glob("*.woff2"))
    if not fonts or not (static / TRIMMED_CSS).is_file():
        return  # no icon fonts (another theme) or no cut theme stylesheet to read the icons from
    points = site_code_points(static)
    saved = sum(subset_woff2(font, points) for font in fonts)
    logger.info(f"icon fonts: kept {len(points)} code points, {saved // 1000} KB lighter")
