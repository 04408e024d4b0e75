"""Helpers shared by the whole-site tests: the list of pages of a built site, and serving a built folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


#: What a reader sees change when a Plotly chart redraws (JS, for ``locator.evaluate``): its traces, its title, its drawing.
FIGURE_STATE = """div => JSON.stringify((div.data || []).map(t => [t.x, t.y, t.visible, t.marker && t.marker.color]))
    + JSON.stringify(div.layout && div.layout.title) + (div.querySelector('.cartesianlayer') || {innerHTML: ''}).innerHTML.length"""


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (not theme files)."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


@contextmanager
def serve(directory: Path, handler: type | None = None) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) while the block runs; yields its base URL.

    ``handler`` is a ``SimpleHTTPRequestHandler`` subclass (default: one that logs nothing);
    the Lighthouse benchmark passes one that serves gzipped, as a static host does.
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - keep test output readable
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler or QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def toc_files(entries: list[dict]) -> list[str]:
    """Every ``file`` of a Jupyter Book toc's chapters and their sections, nested at any depth."""
    files: list[str] = []
    for entry in entries:
        if "file" in entry:
            files.append(entry["file"])
        files.extend(toc_files(entry.get("sections", [])))
    return files
