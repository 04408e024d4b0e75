"""The notebooks: building the student and solution notebooks, releasing them, and ``check()``.

``build`` (the cell layout and nbgrader metadata), ``release`` (writing them
to a folder), ``nbgrader_course`` (the sets as an nbgrader course source tree), ``released`` (the released cells the grader compares with),
``check`` (run by a student inside the notebook). May import ``bank`` and ``answers``.
"""

from elysara.exercises.notebooks.build import build_notebook
from elysara.exercises.notebooks.release import release_notebooks

__all__ = ["build_notebook", "release_notebooks"]
