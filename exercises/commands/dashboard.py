"""``elysara dashboard``: the command line glue over :mod:`elysara.exercises.classroom.dashboard`."""

from __future__ import annotations

from pathlib import Path

import click

from elysara.exercises.classroom.dashboard import write_dashboard
from elysara.exercises.classroom.summary import DEFAULT_MIN_GROUP
from elysara.exercises.commands.terminal import terminal_safe

__all__ = ["dashboard_command"]


@click.command("dashboard")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for index.html (created if missing).")
@click.option("--min-group", type=click.IntRange(min=1), default=DEFAULT_MIN_GROUP, show_default=True,
              help="Hide any category with fewer students than this.")
def dashboard_command(paths: tuple[Path, ...], out_dir: Path, min_group: int) -> None:
    """Summarise a class's notebooks on one self-contained page, naming no student."""
    from elysara.exercises.bank.loading import load_bank
    from elysara.exercises.classroom.summary import summarize
    from elysara.exercises.grading.run import grade_collection
    from elysara.exercises.grading.collect import AmbiguousLayout, collect

    bank = load_bank()
    try:
        collection = collect(paths)
    except AmbiguousLayout as error:  # as for `elysara grade`: nothing written, exit status 3
        click.echo(terminal_safe(f"Error: {error}. Nothing was written."), err=True)
        raise SystemExit(3) from None
    results = grade_collection(collection, bank)  # in parallel for a large class, as `elysara grade`
    summary = summarize(collection, results, min_group=min_group)
    # Issue #17 hook: where the class annotated the text (students' notes files).
    from elysara.exercises.classroom.hot_spots import count_hot_spots, read_class_notes, render_hot_spots

    class_notes, unreadable_notes = read_class_notes(collection.note_files)
    hot = count_hot_spots(class_notes, min_group=min_group) if collection.note_files else None
    written = write_dashboard(summary, out_dir, bank=bank,
                              hot_spots=render_hot_spots(hot, unreadable_notes) if hot else "")
    not_counted = [p for p in summary.problems if not p.graded]
    for problem in not_counted:  # paths name students: the terminal only, never the page
        click.echo(terminal_safe(f"not counted: {problem.path}: {problem.reason}"), err=True)
    click.echo(f"{summary.students} students, {summary.submissions} submissions counted; "
               f"{len(not_counted)} input(s) not readable and not counted.")
    click.echo(terminal_safe(f"The dashboard is at {written}"))
    if not_counted:
        # As with `elysara grade`: 1 means the page was written but some input was left out.
        raise SystemExit(1)
