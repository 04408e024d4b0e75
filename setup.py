"""Build hook: package the book files the grader reads at run time, so installed = checkout.

Everything else about the package is declared in ``pyproject.toml``. The
list of files lives once, in :data:`elysara.bookdata.references.PACKAGED_FILES`;
it is read here without importing the package (its dependencies may not be
installed yet when the build runs).
"""

import ast
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent


def packaged_files() -> tuple[str, ...]:
    tree = ast.parse((HERE / "elysara" / "bookdata" / "references.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "PACKAGED_FILES" for t in targets):
                return tuple(ast.literal_eval(node.value))
    raise RuntimeError("PACKAGED_FILES not found in elysara/bookdata/references.py")


class BuildPyWithBookData(build_py):
    """build_py, plus copies of the book's glossary and bibliography in ``elysara/bookdata/data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own files
        target = Path(self.build_lib, "elysara", "bookdata", "data")
        target.mkdir(parents=True, exist_ok=True)
        for relative in packaged_files():
            shutil.copyfile(HERE / relative, target / Path(relative).name)


setup(cmdclass={"build_py": BuildPyWithBookData})
