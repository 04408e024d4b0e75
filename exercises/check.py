"""The stable import path of ``check()`` for released notebooks.

Every released notebook's locked setup cell runs
``from elysara.exercises.check import check, setup_notebook``; the cell's
checksum covers that line, so the path never changes. The code lives in
:mod:`elysara.exercises.notebooks.check`.
"""

from elysara.exercises.notebooks.check import check, setup_notebook

__all__ = ["check", "setup_notebook"]
