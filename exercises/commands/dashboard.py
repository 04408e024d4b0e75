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
@click.option("--grades", "grades_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The --out folder of an earlier `elysara grade` run: count its rubric levels (with the ones "
                   "you confirmed) instead of grading again.")
def dashboard_command(paths: tuple[Path, ...], out_dir: Path, min_group: int, grades_dir: Path | None) -> None:
    """Summarise a class's notebooks on one self-contained page, naming no student."""
    from elysara.exercises.bank.loading import load_bank
    from elysara.exercises.classroom.summary import submission_facts, summarize
    from elysara.exercises.grading.collect import AmbiguousLayout, collect
    from elysara.exercises.grading.report import ReportError, read_levels
    from elysara.exercises.grading.run import grade_class

    bank = load_bank()
    graded = None
    if grades_dir is not None:
        try:
            graded = read_levels(grades_dir / "report.json")
        except ReportError as error:  # as a bad overrides file for `elysara grade`: nothing written, exit 3
            click.echo(terminal_safe(f"Error: {error}. Nothing was written."), err=True)
            raise SystemExit(3) from None
    try:
        # Read lazily: the workers read each notebook, count it and grade it, one chunk in memory at a time.
        collection = collect(paths, read=False)
    except AmbiguousLayout as error:  # as for `elysara grade`: nothing written, exit status 3
        click.echo(terminal_safe(f"Error: {error}. Nothing was written."), err=True)
        raise SystemExit(3) from None
    run = grade_class(collection, bank, per_submission=submission_facts, grade=graded is None)
    results = run.results
    if graded is not None:
        handed_in = {(s.student, s.set_id) for s in collection.submissions}
        results = [r for r in graded if (r.student, r.set_id) in handed_in]
        missing = len(handed_in - {(r.student, r.set_id) for r in results})
        if missing:
            click.echo(f"{missing} submission(s) are not in {terminal_safe(str(grades_dir / 'report.json'))} "
                       "(handed in after that run?): their rubric levels are not counted; run elysara grade "
                       "again to count them.", err=True)
    summary = summarize(collection, results, min_group=min_group, facts=run.extras)
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
