"""Building the Jupyter Book: one function that the Makefile and the tests share.

The flags live here, once: warnings are errors (``-W -n``) so a broken
reference or an unknown annotation fails the build, and ``--keep-going``
reports every warning of a build rather than only the first.

Two audiences share one source. The student site is the book as
``_config.yml`` and ``_toc.yml`` describe it. The instructor site
(``audience="instructor"``) is derived from those same two files, never a
copy of them: the build writes a config that sets ``elysara_audience:
instructor`` and a toc that appends the part listed in
``book/instructor/_part.yml``, into the build folder, and points
jupyter-book at them with ``--config`` and ``--toc``. Sphinx still runs with
the book's root as its source folder, so every path in ``_config.yml`` (the
bibliography, ``exclude_patterns``) and every page in the toc resolves
exactly as in the student build.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import yaml

from elysara.atomic import write_text

BUILD_FLAGS = ("-W", "-n", "--keep-going")
_SPHINX_PROBLEM = re.compile(r"(?:^|\s)(?:WARNING|ERROR|CRITICAL): ")
AUDIENCES = ("student", "instructor")
#: The instructor-only part of the toc, appended to ``_toc.yml`` in the instructor build.
INSTRUCTOR_PART = Path("book") / "instructor" / "_part.yml"
#: Where ``elysara book --audience instructor`` builds by default, under the book's root.
INSTRUCTOR_DEFAULT_OUT = Path("_build") / "instructor"


#: The code whose output the executed pages show. The execution cache keys a
#: notebook on its own cells only, so a change here must clear it by hand.
_PACKAGE_DIRS = ("elysara", "widgets", "exercises")
_FINGERPRINT_FILE = ".elysara-sources"


def source_fingerprint(root: Path) -> str:
    """A hash of the project's Python code and data that executed pages depend on."""
    digest = hashlib.sha256()
    for folder in _PACKAGE_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".yml", ".yaml", ".txt"} and "node_modules" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _forget_stale_outputs(root: Path, build_dir: Path) -> None:
    """Drop cached notebook outputs and doctrees if the project's code changed since.

    Otherwise a rebuild would keep showing figures computed by the old model.
    """
    stamp = build_dir / _FINGERPRINT_FILE
    current = source_fingerprint(root)
    if stamp.is_file() and stamp.read_text() == current:
        return
    for stale in (".jupyter_cache", ".doctrees", "jupyter_execute"):
        shutil.rmtree(build_dir / stale, ignore_errors=True)
    build_dir.mkdir(parents=True, exist_ok=True)
    write_text(stamp, current)


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
        """Lines of the log that Sphinx reported as warnings or errors.

        Sphinx writes ``path:line: WARNING: message``; the executing kernel's own
        logging (``ERROR:tornado.general:...`` at shutdown) is not the book's.
        """
        return [line for line in self.log.splitlines() if _SPHINX_PROBLEM.search(line)]


def find_root(start: Path | None = None) -> Path:
    """The book's root: the nearest folder at or above ``start`` holding ``_config.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "_toc.yml").is_file():
            return folder
    raise click.ClickException(f"no _config.yml and _toc.yml at or above {here}: run this from a checkout of the book")


def write_instructor_sources(root: Path, folder: Path) -> tuple[Path, Path]:
    """Write the instructor build's config and toc into ``folder``; return their paths.

    Both are derived at build time from the student ``_config.yml`` and
    ``_toc.yml`` plus :data:`INSTRUCTOR_PART`, so the student files stay the
    one source of truth and a page added to the student toc appears in both sites.
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    sphinx = config.setdefault("sphinx", {}) or {}
    config["sphinx"] = sphinx
    sphinx.setdefault("config", {})
    sphinx["config"] = {**(sphinx["config"] or {}), "elysara_audience": "instructor"}
    config["title"] = f"{config.get('title', 'Elysara')} (instructor edition)"

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    part_path = root / INSTRUCTOR_PART
    try:
        part = yaml.safe_load(part_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise click.ClickException(f"{part_path}: missing; the instructor build appends this part to _toc.yml") from None
    if not isinstance(part, dict) or "caption" not in part or not part.get("chapters"):
        raise click.ClickException(f"{part_path}: expected a toc part with a 'caption' and a list of 'chapters'")
    if "parts" not in toc:
        raise click.ClickException(f"{root / '_toc.yml'}: expected a jb-book toc with 'parts' to append the instructor part to")
    toc["parts"] = [*toc["parts"], part]

    config_path, toc_path = folder / "_config.yml", folder / "_toc.yml"
    header = "# Generated by `elysara book --audience instructor` from {}: edit that, not this.\n"
    write_text(config_path, header.format("_config.yml") + yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    write_text(toc_path, header.format(f"_toc.yml and {INSTRUCTOR_PART.as_posix()}") + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True))
    return config_path, toc_path


def _quiet_kernel_profile(build_dir: Path) -> Path:
    """An IPython profile for the kernels that execute the book's pages: errors only in the log.

    Every kernel otherwise logs that it talks over TCP without encryption; the
    build's kernels run on this machine's loopback and only execute the
    book's own pages, so that line is noise that hides real warnings.
    """
    profile = build_dir / "ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    write_text(profile / "ipython_kernel_config.py", 'c.IPKernelApp.log_level = "ERROR"\n')
    return profile.parent


def build_book(root: Path, output: Path, *, audience: str = "student", extra_args: tuple[str, ...] = ()) -> BuildResult:
    """Build the book at ``root`` into ``output/_build/html`` and return the result.

    ``audience="instructor"`` builds the instructor site: the student book
    plus the instructor part, with ``elysara_audience = "instructor"``.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    from elysara.sphinxext.assets import install_vendor_files

    root, output = Path(root).resolve(), Path(output).resolve()
    install_vendor_files()  # the site's own copies of plotly.js and friends (npm ci when stale)
    _forget_stale_outputs(root, output / "_build")
    audience_args: tuple[str, ...] = ()
    if audience == "instructor":
        config_path, toc_path = write_instructor_sources(root, output / "_instructor-sources")
        audience_args = ("--config", str(config_path), "--toc", str(toc_path))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(root), "--path-output", str(output), *BUILD_FLAGS,
               *audience_args, *extra_args]
    env = {**os.environ, "NO_COLOR": "1", "IPYTHONDIR": str(_quiet_kernel_profile(output / "_build"))}
    completed = subprocess.run(command, capture_output=True, text=True, cwd=root, env=env)
    return BuildResult(completed.returncode, completed.stdout + completed.stderr, output / "_build" / "html")


@click.command("book")
@click.option("--out", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to build into (the site lands in OUT/_build/html). Default: the book's root "
                   f"(student) or {INSTRUCTOR_DEFAULT_OUT}/ under it (instructor).")
@click.option("--audience", type=click.Choice(AUDIENCES), default="student", show_default=True,
              help="student: the public site. instructor: adds the instructor guide (lesson plans, "
                   "discussion prompts, calibrated sample answers); do not publish it to students.")
def book_command(output: Path | None, audience: str) -> None:
    """Build the book (warnings are errors) and print where index.html is."""
    root = find_root()
    default = root if audience == "student" else root / INSTRUCTOR_DEFAULT_OUT
    result = build_book(root, output or default, audience=audience)
    click.echo(result.log)
    if not result.ok:
        raise click.ClickException(f"the book did not build (exit {result.returncode}); see the warnings above")
    click.echo(f"The book is at {result.html_dir / 'index.html'}")
