"""What each page of the built site costs a reader on a cold cache.

A page's weight is its HTML plus every local file it loads (scripts,
stylesheets, images, and the files those stylesheets load with ``url()``,
fonts included), each counted as a static host sends it: text types
gzip-compressed, already-compressed types (fonts, images) as they are.
For a ``@font-face`` only the first source is counted, the one a current
browser takes. Files a script fetches on its own (MathJax's fonts) are not
seen; the browser tests check that they stay on the site's own host.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

TEXT_TYPES = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map", ".xml", ".ttf", ".eot"}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_CSS_IMPORT = re.compile(r"@import\s+['\"]([^'\"]+)['\"]")
_FONT_FACE = re.compile(r"@font-face\s*{[^}]*}", re.S)


@dataclass(frozen=True)
class PageWeight:
    """One page: the size of its own HTML and of everything it loads."""

    page: str
    html_bytes: int
    total_gzip_bytes: int
    files: tuple[str, ...]


def sent_size(path: Path) -> int:
    """Bytes a static host sends for ``path`` (gzip level 6 for text types)."""
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_TYPES:
        return len(zlib.compress(data, 6)) + 18  # + gzip header and trailer
    return len(data)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and a.get("src"):
            self.urls.append(a["src"])
        if a.get("data-lazy-src"):  # loaded on demand by the page's script (plotly.js): still sent when shown
            self.urls.append(a["data-lazy-src"])
        elif tag == "link" and a.get("href"):
            rel = set(a.get("rel", "").lower().split())
            if rel & {"stylesheet", "preload", "icon", "modulepreload"}:
                self.urls.append(a["href"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])


def _local(base: Path, url: str, root: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith("data:") or not parts.path:
        return None
    target = (root / parts.path.lstrip("/")) if parts.path.startswith("/") else (base.parent / unquote(parts.path))
    target = target.resolve()
    return target if target.is_file() else None


def _css_dependencies(css: Path, root: Path) -> list[Path]:
    text = css.read_text(encoding="utf-8", errors="ignore")
    urls: list[str] = list(_CSS_IMPORT.findall(text))
    # Only the first source of each @font-face: the browser stops at the first it supports.
    for face in _FONT_FACE.findall(text):
        found = _CSS_URL.findall(face)
        if found:
            urls.append(found[0])
    urls += _CSS_URL.findall(_FONT_FACE.sub("", text))
    return [p for u in urls if (p := _local(css, u, root)) is not None]


def page_weight(page: Path, root: Path) -> PageWeight:
    """The cold-cache weight of one HTML page of the site rooted at ``root``."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    seen: dict[Path, None] = {}
    queue = [p for u in parser.urls if (p := _local(page, u, root)) is not None]
    while queue:
        item = queue.pop(0)
        if item in seen:
            continue
        seen[item] = None
        if item.suffix == ".css":
            queue.extend(_css_dependencies(item, root))
    total = sent_size(page) + sum(sent_size(p) for p in seen)
    files = tuple(str(p.relative_to(root.resolve())) for p in seen)
    return PageWeight(str(page.relative_to(root)), page.stat().st_size, total, files)


def site_weights(root: Path) -> list[PageWeight]:
    """Every HTML page of the built site, heaviest first."""
    weights = [page_weight(p, root) for p in sorted(root.rglob("*.html")) if "_static" not in p.parts]
    return sorted(weights, key=lambda w: -w.total_gzip_bytes)


def site_size(root: Path) -> int:
    """Bytes on disk of the whole built site."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
