"""``elysara agreement``: the command line glue over :mod:`elysara.exercises.grading.agreement`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["agreement_command"]


@click.command("agreement")
@click.argument("file_a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("file_b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write agreement.html, agreement.csv and disagreements.csv into this folder.")
@click.option("--grades", "grades_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="The `elysara grade --out` folder, to link each disagreement to the answer "
                   "(default: the folder of FILE_A or FILE_B that has an instructor/ view).")
def agreement_command(file_a: Path, file_b: Path, out_dir: Path | None, grades_dir: Path | None) -> None:
    """Compare two level files (suggested-levels.csv, overrides, a second marker's) criterion by criterion.

    Prints, per criterion, the count, exact agreement, agreement within one
    level and quadratic-weighted kappa, then every disagreement with both
    levels. Exit status 0 (3 if a file is not in the overrides format).
    """
    from elysara.exercises.grading.agreement import AgreementError, compare_files, summary_lines, write_report

    try:
        comparison = compare_files(file_a, file_b)
    except AgreementError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(3)
    name_a, name_b = file_a.stem, file_b.stem
    if name_a == name_b:
        name_a, name_b = f"A ({file_a})", f"B ({file_b})"
    for line in summary_lines(comparison, name_a, name_b):
        click.echo(line)
    if out_dir is not None:
        if grades_dir is None:
            grades_dir = next((p.parent for p in (file_a, file_b) if (p.parent / "instructor").is_dir()), None)
        written = write_report(comparison, out_dir, name_a=name_a, name_b=name_b, grades_dir=grades_dir)
        click.echo(f"wrote {', '.join(str(p) for p in written)}")
