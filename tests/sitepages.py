"""Helpers shared by the whole-site tests: the list of pages of a built site."""

from __future__ import annotations

from pathlib import Path


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root (not theme files)."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
