"""Installed = checkout: a wheel installed on a hub grades a class exactly as the checkout does.

The wheel is built from the project (as ``pip install .`` on a hub builds it),
installed with ``--no-deps`` into a folder of its own, and run with that
folder first on ``sys.path`` from a working directory outside the checkout;
its dependencies come from the test environment. Every output file of
``elysara grade`` must be identical to the checkout's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", "_build", ".git", "node_modules", "vendor", "build", "*.egg-info",
                              "__pycache__", ".pytest_cache", ".jupyter_cache", "released", "solutions", "demo")


def _run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A folder holding the installed wheel (and nothing else)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=SKIP)  # build from a copy: the checkout stays clean
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(source)], cwd=work)
    assert built.returncode == 0, built.stderr
    [wheel] = (work / "dist").glob("elysara_courseware-*.whl")
    target = work / "site"
    done = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)], cwd=work)
    assert done.returncode == 0, done.stderr
    return target


def _elysara(args: list[str], *, cwd: Path, site: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    code = "import sys; from elysara.cli import main; sys.exit(main())"
    return _run([sys.executable, "-c", code, *args], cwd=cwd, env=env)


def _where(site: Path | None, cwd: Path) -> str:
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    found = _run([sys.executable, "-c", "import elysara; print(elysara.__file__)"], cwd=cwd, env=env)
    return found.stdout.strip()


@pytest.mark.slow
def test_the_installed_package_grades_exactly_as_the_checkout(installed, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert _where(installed, outside).startswith(str(installed)), "the wheel, not the checkout, is imported"
    assert _where(None, outside).startswith(str(ROOT))

    made = _elysara(["sample-class", str(tmp_path / "class"), "--students", "12"], cwd=outside, site=None)
    assert made.returncode == 0, made.stderr
    runs = {}
    for name, site in (("checkout", None), ("installed", installed)):
        out = tmp_path / name
        graded = _elysara(["grade", str(tmp_path / "class"), "--out", str(out)], cwd=outside, site=site)
        assert graded.returncode in (0, 1), graded.stderr
        runs[name] = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert runs["installed"].keys() == runs["checkout"].keys()
    different = [name for name in runs["checkout"] if runs["checkout"][name] != runs["installed"][name]]
    assert not different, f"outputs differ between the installed package and the checkout: {different[:10]}"


@pytest.mark.slow
def test_the_installed_package_knows_the_glossary(installed, tmp_path):
    code = ("from elysara.bookdata.references import packaged_glossary_terms, book_file; "
            "print(book_file('book/glossary.md')); print(len(packaged_glossary_terms()))")
    env = dict(os.environ, PYTHONPATH=str(installed))
    shown = _run([sys.executable, "-c", code], cwd=tmp_path, env=env)
    path, count = shown.stdout.split()
    assert path.startswith(str(installed))
    from elysara.bookdata.references import glossary_terms

    assert int(count) == len(glossary_terms(ROOT / "book" / "glossary.md")) > 20
