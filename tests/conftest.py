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
