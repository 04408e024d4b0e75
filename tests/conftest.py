"""Shared fixtures. The book is built once per test run, into a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from elysara.book import BuildResult, build_book

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout's root folder (where _config.yml lives)."""
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The student site, built from scratch once for the whole session.

    Every test that reads the built HTML shares this build, so ``make test``
    pays for one clean build (notebooks executed) however many tests use it.
    """
    result = build_book(ROOT, tmp_path_factory.mktemp("book"))
    if not result.ok:
        pytest.fail(f"the book did not build:\n{result.log[-6000:]}")
    return result


@pytest.fixture(scope="session")
def site(built_book: BuildResult) -> Path:
    """The built site's HTML folder."""
    return built_book.html_dir


# --- A real browser on the built site -------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def served_site(site: Path):
    """The built site served over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    from sitepages import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright.

    Skipped, with the reason shown, where Chromium is missing; mandatory (a
    failure) when ELYSARA_REQUIRE_BROWSER=1, as in CI.
    """
    import os

    required = os.environ.get("ELYSARA_REQUIRE_BROWSER") == "1"
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (on Debian: apt-get install chromium)"
        if required:
            pytest.fail(reason + "; ELYSARA_REQUIRE_BROWSER=1 makes the browser tests mandatory")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageLog:
    """What a page did: every request, failed request and console error."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []


@pytest.fixture
def page(browser):
    """A fresh browser page (1280 px wide) whose activity is recorded in ``page.log``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    log = PageLog()
    new_page.on("request", lambda request: log.requests.append(request.url))
    new_page.on("requestfailed", lambda request: log.failed.append(f"{request.url} ({request.failure})"))
    new_page.on("response", lambda response: log.failed.append(f"{response.url} (HTTP {response.status})") if response.status >= 400 else None)
    new_page.on("console", lambda message: log.console_errors.append(message.text) if message.type == "error" else None)
    new_page.on("pageerror", lambda error: log.console_errors.append(str(error)))
    new_page.log = log
    yield new_page
    context.close()
