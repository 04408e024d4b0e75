"""``elysara dashboard``: the command line glue over :mod:`elysara.exercises.classroom.class_run`."""

from __future__ import annotations

from pathlib import Path

import click

from elysara.exercises.classroom.summary import DEFAULT_MIN_GROUP
from elysara.exercises.commands.terminal import terminal_safe

__all__ = ["dashboard_command"]


@click.command("dashboard")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for index.html (created if missing).")
@click.option("--min-group", type=click.IntRange(min=1), default=DEFAULT_MIN_GROUP, show_default=True,
              help="Hide any category with fewer students than this.")
@click.option("--grades", "grades_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The --out folder of an earlier `elysara grade` run: count its rubric levels (with the ones "
                   "you confirmed) instead of grading again.")
def dashboard_command(paths: tuple[Path, ...], out_dir: Path, min_group: int, grades_dir: Path | None) -> None:
    """Summarise a class's notebooks on one self-contained page, naming no student."""
    from elysara.exercises.classroom.class_run import build_dashboard
    from elysara.exercises.grading.collect import AmbiguousLayout
    from elysara.exercises.grading.report import ReportError

    try:
        run = build_dashboard(paths, out_dir, min_group=min_group, grades=grades_dir)
    except (AmbiguousLayout, ReportError) as error:  # as for `elysara grade`: nothing written, exit status 3
        click.echo(terminal_safe(f"Error: {error}. Nothing was written."), err=True)
        raise SystemExit(3) from None
    summary = run.summary
    if run.not_in_grades:
        click.echo(terminal_safe(f"{run.not_in_grades} submission(s) are not in {grades_dir / 'report.json'} "
                                 "(handed in after that run?): their rubric levels are not counted; run elysara "
                                 "grade again to count them."), err=True)
    not_counted = [p for p in summary.problems if not p.graded]
    for problem in not_counted:  # paths name students: the terminal only, never the page
        click.echo(terminal_safe(f"not counted: {problem.path}: {problem.reason}"), err=True)
    click.echo(f"{summary.students} students, {summary.submissions} submissions counted; "
               f"{len(not_counted)} input(s) not readable and not counted.")
    click.echo(terminal_safe(f"The dashboard is at {run.page}"))
    if not_counted:
        # As with `elysara grade`: 1 means the page was written but some input was left out.
        raise SystemExit(1)
