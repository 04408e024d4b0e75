"""``elysara release``: the command line glue over :mod:`elysara.exercises.notebooks.release`."""

from __future__ import annotations

from pathlib import Path

import click

from elysara.exercises.bank.loading import BankError, load_bank
from elysara.exercises.notebooks.nbgrader_course import write_course
from elysara.exercises.notebooks.release import release_notebooks

__all__ = ["release_command"]


@click.command("release")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--solutions", is_flag=True, help="Write keys and model answers (for instructors).")
@click.option("--set", "set_ids", multiple=True, metavar="ID", help="Release only this set (repeatable). Default: all.")
@click.option("--keep-existing", is_flag=True, help="Do not replace notebooks already in OUTDIR (students' work).")
@click.option("--nbgrader", "nbgrader", is_flag=True,
              help="Write an nbgrader course source tree instead: OUTDIR/source/<set-id>/<set-id>.ipynb (keys in "
                   "hidden tests), nbgrader_config.py and a README; then run `nbgrader generate_assignment`.")
def release_command(outdir: Path, solutions: bool, set_ids: tuple[str, ...], keep_existing: bool,
                    nbgrader: bool = False) -> None:
    """Write each exercise set as OUTDIR/<set-id>.ipynb (student notebooks unless --solutions)."""
    if nbgrader and (solutions or keep_existing):
        raise click.UsageError("--nbgrader writes the instructor's source tree; it takes neither --solutions "
                               "nor --keep-existing")
    try:
        bank = load_bank()
        if nbgrader:
            paths = write_course(outdir, set_ids=set_ids, bank=bank)
        else:
            paths = release_notebooks(outdir, solutions=solutions, set_ids=set_ids, bank=bank, overwrite=not keep_existing)
    except BankError as error:
        raise click.ClickException(str(error)) from None
    except KeyError as error:
        raise click.BadParameter(error.args[0], param_hint="--set") from None
    for path in paths:
        click.echo(f"wrote {path}")
    if nbgrader:
        click.echo(f"nbgrader course source tree in {outdir}: see {outdir / 'README.md'}")
        return
    kind = "solution" if solutions else "student"
    click.echo(f"{len(paths)} {kind} notebook(s) in {outdir}")
