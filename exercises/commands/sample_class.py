"""``elysara sample-class``: the command line glue over :mod:`elysara.exercises.classroom.sample_class`."""

from __future__ import annotations

from pathlib import Path

import click

from elysara.exercises.classroom.sample_class import write_sample_class

__all__ = ["sample_class_command"]


@click.command("sample-class")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--students", type=click.IntRange(1, 10_000), default=30, show_default=True,
              help="How many made-up students.")
@click.option("--seed", type=int, default=20261126, show_default=True, help="Same seed, same class.")
@click.option("--notes", is_flag=True, help="Also write each student's notes on the text (elysara-notes.json).")
def sample_class_command(outdir: Path, students: int, seed: int, notes: bool) -> None:
    """Write a made-up class's notebooks to OUTDIR/<student>/<set-id>.ipynb.

    For trying `elysara grade` and `elysara dashboard` before a real class:
    the answers are varied, some wrong, some malformed, none real.
    """
    if outdir.exists() and any(outdir.iterdir()):
        raise click.ClickException(f"{outdir} is not empty: choose a new folder (nothing was written)")
    paths = write_sample_class(outdir, students, seed=seed)
    click.echo(f"Wrote {len(paths)} notebooks for {students} made-up students under {outdir}")
    if notes:  # issue #17: notes files for the annotation set and the dashboard's hot spots
        from elysara.exercises.classroom.sample_notes import write_sample_notes

        click.echo(f"Wrote {len(write_sample_notes(outdir, students, seed=seed))} notes files (elysara-notes.json)")
