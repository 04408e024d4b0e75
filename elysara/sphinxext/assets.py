"""Static assets of the book, added only to the pages that use them.

A page whose HTML contains a static Plotly figure (class ``elysara-plot``)
gets plotly.js and the figure renderer; other pages load neither. A page
whose HTML names a script with ``data-elysara-script="NAME"`` gets
``_static/NAME.js`` (for widgets that Plotly's own controls cannot express).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import plotly
from sphinx.application import Sphinx
from sphinx.util.fileutil import copy_asset_file

STATIC_DIR = Path(__file__).parent / "_static"
PLOTLY_JS = "vendor/plotly.min.js"
_SCRIPT_MARKER = re.compile(r'data-elysara-script="([a-z0-9-]+)"')


def _plotly_source() -> Path:
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def add_static_path(app: Sphinx) -> None:
    """Make the extension's own ``_static`` files part of the site."""
    app.config.html_static_path.append(str(STATIC_DIR))


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Load plotly.js and the renderer on pages that show a static figure."""
    if "elysara-plot" in context.get("body", ""):
        app.add_js_file(PLOTLY_JS, priority=600)
        app.add_js_file("elysara-plots.js", priority=601)
    for name in dict.fromkeys(_SCRIPT_MARKER.findall(context.get("body", ""))):
        app.add_js_file(f"{name}.js", priority=602)
        if (STATIC_DIR / f"{name}.css").is_file():
            app.add_css_file(f"{name}.css", priority=602)


def copy_vendor_files(app: Sphinx, exception: Exception | None) -> None:
    """Copy third-party browser files into ``_static/vendor`` of the built site."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.builder.outdir) / "_static" / PLOTLY_JS
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_asset_file(str(_plotly_source()), str(target))


def setup_assets(app: Sphinx) -> None:
    """Connect the asset hooks (called from the extension's ``setup()``)."""
    app.connect("builder-inited", add_static_path)
    app.connect("html-page-context", add_page_assets)
    app.connect("build-finished", copy_vendor_files)
