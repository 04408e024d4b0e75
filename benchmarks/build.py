"""Build benchmark: clean build, no-change rebuild, site size and each page's weight.

Prints one figure a line as ``name: value unit (target: value unit)``. Targets
are for a 2-core machine. Run by ``make bench`` (which installs the npm files first).
Then Lighthouse's mobile preset on every page, served gzipped (benchmarks/lighthouse/lighthouse.py:
the npm package run with the `book` extra's Node.js and Debian's Chromium); set
ELYSARA_BENCH_LIGHTHOUSE=0 to skip it (about half a minute a page).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from elysara.book import build_book
from elysara.sphinxext.assets import install_vendor_files

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks" / "lighthouse")]  # bench and test tooling, not the package
import lighthouse  # noqa: E402
from pageweight import site_size, site_weights  # noqa: E402

KB = 1000
TARGETS = {"clean build": 90.0, "no-change rebuild": 10.0}
READING_BUDGET_KB, PAGE_BUDGET_KB = 750, 1500
LIGHTHOUSE_PERFORMANCE, LIGHTHOUSE_ACCESSIBILITY = 90, 100


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_build(output: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one build (CPU shows the cost on a busy machine)."""
    start, cpu = time.perf_counter(), _children_cpu()
    result = build_book(ROOT, output)
    elapsed = time.perf_counter() - start
    if not result.ok:
        sys.exit(f"the book did not build:\n{result.log[-3000:]}")
    return elapsed, _children_cpu() - cpu


def main() -> None:
    install_vendor_files()
    with tempfile.TemporaryDirectory(prefix="elysara-bench-") as folder:
        output = Path(folder)
        # A fresh folder has no execution cache: every notebook is executed.
        for name in ("clean build", "no-change rebuild"):
            wall, cpu = timed_build(output)
            print(f"{name}: {wall:.1f} s (target: {TARGETS[name]:.0f} s)")
            print(f"{name} cpu: {cpu:.1f} s (target: {TARGETS[name]:.0f} s)")
        html = output / "_build" / "html"
        print(f"site size: {site_size(html) / 1e6:.1f} MB (target: none)")
        for weight in site_weights(html):
            budget = READING_BUDGET_KB if weight.page == "book/reading.html" else PAGE_BUDGET_KB
            print(f"page weight {weight.page}: {weight.total_gzip_bytes / KB:.0f} KB (target: {budget} KB)")
        if os.environ.get("ELYSARA_BENCH_LIGHTHOUSE", "1") != "0":
            lighthouse_table(html, [w.page for w in site_weights(html)])


def lighthouse_table(html: Path, pages: list[str]) -> None:
    """Lighthouse (mobile) performance and accessibility for each page, one figure a line."""
    for scores in lighthouse.run_site(html, pages):
        print(f"lighthouse performance {scores.page}: {scores.performance} (target: {LIGHTHOUSE_PERFORMANCE})")
        print(f"lighthouse accessibility {scores.page}: {scores.accessibility} (target: {LIGHTHOUSE_ACCESSIBILITY})")


if __name__ == "__main__":
    main()
