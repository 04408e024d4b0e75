"""Building the Jupyter Book: one function that the Makefile and the tests share.

The flags live here, once: warnings are errors (``-W -n``) so a broken
reference or an unknown annotation fails the build, and ``--keep-going``
reports every warning of a build rather than only the first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click

BUILD_FLAGS = ("-W", "-n", "--keep-going")


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: its exit code, its log and where the HTML is."""

    returncode: int
    log: str
    html_dir: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def warnings(self) -> list[str]:
        """Lines of the log that Sphinx reported as warnings or errors."""
        return [line for line in self.log.splitlines() if "WARNING:" in line or "ERROR:" in line]


def find_root(start: Path | None = None) -> Path:
    """The book's root: the nearest folder at or above ``start`` holding ``_config.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "_toc.yml").is_file():
            return folder
    raise click.ClickException(f"no _config.yml and _toc.yml at or above {here}: run this from a checkout of the book")


def build_book(root: Path, output: Path, *, extra_args: tuple[str, ...] = ()) -> BuildResult:
    """Build the book at ``root`` into ``output/_build/html`` and return the result."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(root), "--path-output", str(output), *BUILD_FLAGS, *extra_args]
    env = {**os.environ, "NO_COLOR": "1"}  # plain logs, so warnings can be read and searched
    completed = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env)
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, output / "_build" / "html")


@click.command("book")
@click.option("--out", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to build into (the site lands in OUT/_build/html). Default: the book's root.")
def book_command(output: Path | None) -> None:
    """Build the book (warnings are errors) and print where index.html is."""
    root = find_root()
    result = build_book(root, output or root)
    click.echo(result.log)
    if not result.ok:
        raise click.ClickException(f"the book did not build (exit {result.returncode}); see the warnings above")
    click.echo(f"The book is at {result.html_dir / 'index.html'}")
