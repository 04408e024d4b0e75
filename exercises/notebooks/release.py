"""``elysara release OUTDIR``: write each set's notebook into a folder.

Each notebook is written to a temporary file beside its target and moved
into place, so an interrupted release never leaves half a notebook; with
``--keep-existing`` a notebook already in the folder (a student's work) is
left as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import nbformat

from elysara.atomic import write_text
from elysara.exercises.bank.loading import Bank, BankError, load_bank
from elysara.exercises.notebooks.build import build_notebook


def release_notebooks(outdir: Path, *, solutions: bool = False, set_ids: Iterable[str] = (),
                      bank: Bank | None = None, overwrite: bool = True) -> list[Path]:
    """Write ``OUTDIR/<set-id>.ipynb`` for the chosen sets (default: all); returns the paths.

    With ``overwrite=False`` an existing notebook is kept (a student's work is never replaced).
    """
    bank = bank or load_bank()
    chosen = list(set_ids) or list(bank.sets)
    sets = [bank.get_set(set_id) for set_id in chosen]  # KeyError names the valid ids
    written = []
    for exercise_set in sets:
        path = Path(outdir) / f"{exercise_set.id}.ipynb"
        if path.exists() and not overwrite:
            continue
        write_text(path, nbformat.writes(build_notebook(exercise_set, solutions=solutions)) + "\n")
        written.append(path)
    return written
