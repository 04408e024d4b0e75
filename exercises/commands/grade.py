"""``elysara grade``: the command line glue over :mod:`elysara.exercises.grading.run`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from elysara.exercises.bank.loading import BankError, load_bank
from elysara.exercises.grading.collect import DEFAULT_MAX_BYTES, AmbiguousLayout
from elysara.exercises.grading.lms import LMS_CHOICES, RosterError, load_roster
from elysara.exercises.grading.grader import STATUS_NOT_GRADED
from elysara.exercises.commands.terminal import terminal_safe
from elysara.exercises.grading.overrides import OverridesError, check_against_bank, load_overrides
from elysara.exercises.grading.run import EXIT_BAD_CONFIG, EXIT_NOT_ALL_GRADED, grade_to_folder, inside

__all__ = ["grade_command"]


def _echo_err(message: str, *, newlines: bool = False) -> None:
    click.echo(terminal_safe(message, newlines=newlines), err=True)


@click.command("grade")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for gradebook.csv, items.csv, suggested-levels.csv, feedback/ and report.json.")
@click.option("--overrides", "overrides_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Instructor's levels and points (YAML or CSV: student,set,item,criterion,level,comment).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Skip (and report) notebooks larger than this.")
@click.option("--bank", "bank_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Grade against this folder of exercise sets instead of the shipped bank.")
@click.option("--compare-with-class", is_flag=True,
              help="Add 'You versus the class' to each feedback page: the student's widget choices beside the "
                   "class's (groups under 5 hidden).")
@click.option("--lms", "lms", multiple=True, type=click.Choice(LMS_CHOICES),
              help="Also write the grade import CSV of this LMS (canvas-import.csv, moodle-<set-id>.csv); repeatable.")
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Students' LMS ids: CSV with student,name,lms_id[,sis_user_id,sis_login_id,section], a Canvas "
                   "gradebook export or a Moodle grading worksheet. Default: the ids in the LMS download's file names.")
def grade_command(paths: tuple[Path, ...], out_dir: Path, overrides_path: Path | None, max_bytes: int,
                  bank_dir: Path | None, compare_with_class: bool = False, lms: tuple[str, ...] = (),
                  roster_path: Path | None = None) -> None:
    """Grade notebooks (files, folders or zips: <student>/<set-id>.ipynb, nbgrader's <root>/<student>/<set-id>/,
    or Canvas's and Moodle's "download all submissions")."""
    if overrides_path is not None and inside(overrides_path, out_dir):
        # Grading rewrites the output folder; an overrides file kept there could be lost.
        _echo_err(f"Error: the overrides file {overrides_path} is inside the output folder {out_dir}, which grading "
                  "rewrites; copy it somewhere else (for example beside the submissions) and pass that copy.")
        sys.exit(EXIT_BAD_CONFIG)
    try:
        bank = load_bank(bank_dir)
        overrides = load_overrides(overrides_path) if overrides_path else []
        check_against_bank(overrides, bank, overrides_path or "overrides")
        roster = load_roster(roster_path) if roster_path else None
    except (BankError, OverridesError, RosterError) as error:
        _echo_err(f"Error: {error}", newlines=True)
        sys.exit(EXIT_BAD_CONFIG)

    try:
        outcome = _grade(paths, out_dir, bank, overrides, max_bytes, compare_with_class, lms, roster)
    except AmbiguousLayout as error:
        _echo_err(f"Error: {error}. Nothing was written.")
        sys.exit(EXIT_BAD_CONFIG)
    graded = sum(1 for r in outcome.results if r.status != STATUS_NOT_GRADED)
    click.echo(terminal_safe(f"graded {graded} submission(s); wrote gradebook.csv, items.csv, suggested-levels.csv, "
                             f"feedback/ and report.json in {out_dir}"))
    for problem in outcome.worked_around:
        _echo_err(f"warning: {problem.path}: {problem.reason}")
    for override, reason in outcome.unmatched:
        _echo_err(f"warning: override {override.describe()} matched nothing: {reason}")
    for export in outcome.lms:
        for path in export.written:
            click.echo(terminal_safe(f"wrote {path}"))
        if export.no_id:
            missing = list(dict.fromkeys(export.no_id))  # a student with several sets is named once
            _echo_err(f"warning: no LMS id for {len(missing)} student(s) ({', '.join(missing[:5])}"
                      f"{' ...' if len(missing) > 5 else ''}): left out of the LMS file; give their ids with --roster")
        if export.left_blank:
            _echo_err(f"note: {len(export.left_blank)} submission(s) not final (provisional or not graded) were left "
                      "blank in the LMS file: confirm their levels with --overrides, then grade again")
    for problem in outcome.not_graded:
        _echo_err(f"not graded: {problem.path}: {problem.reason}")
    if outcome.not_graded:
        _echo_err(f"{len(outcome.not_graded)} input(s) could not be graded (exit status {EXIT_NOT_ALL_GRADED}).")
    sys.exit(outcome.exit_status)


def _grade(paths: tuple[Path, ...], out_dir: Path, bank, overrides, max_bytes: int, compare_with_class: bool,
           lms: tuple[str, ...], roster):
    """Grade with a progress bar on a terminal; raises AmbiguousLayout before writing anything."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    extra = None
    if compare_with_class:  # the teaching issue's section (elysara.exercises.classroom.summary)
        from elysara.exercises.classroom.summary import class_comparison

        extra = class_comparison(paths, max_bytes=max_bytes)
    console = Console(stderr=True)
    if console.is_terminal:
        with Progress(TextColumn("Grading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("grading", total=None)
            outcome = grade_to_folder(paths, out_dir, bank=bank, overrides=overrides, max_bytes=max_bytes,
                                      extra_sections=extra, lms=lms, roster=roster,
                                      progress=lambda done, total: bar.update(task, completed=done, total=total))
    else:
        outcome = grade_to_folder(paths, out_dir, bank=bank, overrides=overrides, max_bytes=max_bytes,
                                  extra_sections=extra, lms=lms, roster=roster)
    return outcome
