"""``elysara grade PATH... --out DIR``: grade a class's notebooks and write every output.

Exit status (documented in README, "For instructors"):

* 0: every submission found was graded (some may be provisional, and
  problems the grader worked around are still listed on stderr);
* 1: at least one input could not be graded (each is listed on stderr with
  its reason, and in report.json); all the others were graded and written;
* 2: the command line is wrong (click's usage errors);
* 3: the overrides file or the exercise bank is invalid, or the overrides
  file is inside the output folder (grading rewrites it); nothing was written.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence


from elysara.exercises.bank.loading import Bank, BankError, load_bank
from elysara.exercises.grading.feedback import FeedbackSection, SectionProvider, feedback_path, write_feedback
from elysara.exercises.grading.gradebook import write_gradebook, write_items, write_suggestions
from elysara.exercises.grading.grader import STATUS_NOT_GRADED, SubmissionResult, grade_submission, unmatched_overrides
from elysara.exercises.grading.overrides import Override, OverridesError, load_overrides
from elysara.exercises.grading.copies import find_copies, fingerprint
from elysara.exercises.grading.instructor import FOLDER as INSTRUCTOR, write_instructor, write_instructor_index
from elysara.exercises.grading.report import Spool, build_report, encode_entry, write_report
from elysara.exercises.answers.notebook_file import READER
from elysara.exercises.grading.collect import DEFAULT_MAX_BYTES, Collection, Problem, Submission, collect, read_submission
from elysara.exercises.grading.isolation import unexpected_problem
from elysara.exercises.grading.lms import LmsExport, Roster, write_lms

__all__ = ["EXIT_BAD_CONFIG", "EXIT_NOT_ALL_GRADED", "EXIT_OK", "ClassRun", "Outcome", "grade_class",
           "grade_collection", "grade_to_folder", "inside"]

EXIT_OK = 0
EXIT_NOT_ALL_GRADED = 1
EXIT_BAD_CONFIG = 3


@dataclass
class Outcome:
    """What one grading run did.

    ``results`` carry each submission's points, levels, notes and problems but
    not its answers' evidence (see :meth:`SubmissionResult.without_evidence`):
    that is in report.json and the instructor's pages, written as each
    submission is graded.
    """

    collection: Collection
    results: list[SubmissionResult]
    unmatched: list[tuple[Override, str]]
    exit_status: int
    written: list[Path] = field(default_factory=list)
    lms: list[LmsExport] = field(default_factory=list)  #: one per --lms choice

    @property
    def not_graded(self) -> list[Problem]:
        """Every input that could not be graded, with its reason."""
        failed = [p for p in self.collection.problems if not p.graded]
        failed += [p for r in self.results if r.status == STATUS_NOT_GRADED for p in r.problems]
        return failed

    @property
    def worked_around(self) -> list[Problem]:
        """Problems in submissions that were still graded."""
        return [p for r in self.results if r.status != STATUS_NOT_GRADED for p in r.problems]


def grade_to_folder(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    *,
    bank: Bank | None = None,
    overrides: Sequence[Override] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    extra_sections: SectionProvider | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    lms: Sequence[str] = (),
    roster: Roster | None = None,
) -> Outcome:
    """Collect, grade and write gradebook.csv, items.csv, suggested-levels.csv, feedback pages, the instructor's view and report.json.

    ``extra_sections`` gives extra feedback sections per result (the
    dashboard's "you versus the class"); ``progress`` is called after each
    submission with (graded so far, total). ``workers`` processes grade in
    parallel (default: one per available core for large classes, where the
    platform can fork; 1 grades in this process). ``lms`` names LMSs
    ("canvas", "moodle") whose import CSV is written too, with ids from
    ``roster`` or from the LMS download's file names.
    """
    out = Path(out_dir)
    bank = bank or load_bank()
    # The workers read the notebooks (in parallel, one chunk in memory at a time); what they
    # cannot read joins the collection's problems, as if collect() had read it.
    collection = collect(paths, max_bytes=max_bytes, read=False)
    job = _Job(collection.submissions, bank, {o.key: o for o in overrides}, out, extra_sections, max_bytes)
    spool = Spool()
    try:
        results, prints = _gather(_run(job, workers, progress), collection, spool)
        # Issue #17: students' notes files, graded like any set (gradebook rows, feedback pages).
        from elysara.exercises.grading.annotation_set import grade_note_files, unmatched_note_overrides

        note_results = grade_note_files(collection.note_files, bank, overrides)
        for result in note_results:
            job.write_note_feedback(result)
            spool.add(encode_entry(result))
        written = [feedback for result in results + note_results if (feedback := job.feedback_path(result)) is not None]
        written += [feedback_path(out, r, INSTRUCTOR) for r in results if r.status != STATUS_NOT_GRADED]
        # Possible copies need every answer: they are listed once all are graded (the instructor's index, report.json).
        copies = find_copies(prints)
        written.append(write_instructor_index(out, results, copies))
        unmatched = unmatched_overrides([o for o in overrides if o.set_id not in bank.annotation_sets], results, bank)
        unmatched += unmatched_note_overrides(overrides, note_results, bank)
        results = results + note_results
        outcome = Outcome(collection, results, unmatched, EXIT_OK, written)
        outcome.exit_status = EXIT_NOT_ALL_GRADED if outcome.not_graded else EXIT_OK
        written.append(write_gradebook(out / "gradebook.csv", results, collection.problems))
        written.append(write_items(out / "items.csv", results))
        written.append(write_suggestions(out / "suggested-levels.csv", results))
        report = build_report(results, collection.problems, unmatched, outcome.exit_status, copies, spooled=spool)
        written.append(write_report(out / "report.json", report))
    finally:
        spool.close()
    for name in lms:
        export = write_lms(name, out, results, collection.submissions, bank, roster)
        outcome.lms.append(export)
        written.extend(export.written)
    return outcome


def grade_collection(collection: Collection, bank: Bank, overrides: Sequence[Override] = (), *,
                     workers: int | None = None) -> list[SubmissionResult]:
    """Grade a collection as :func:`grade_to_folder` does (in parallel for a large class), writing nothing.

    The results carry points, levels, notes and problems, not the answers' evidence.
    """
    return grade_class(collection, bank, overrides, workers=workers).results


@dataclass
class ClassRun:
    """What :func:`grade_class` found: results (unless it only read) and each notebook's extra."""

    results: list[SubmissionResult]
    #: submission path -> what ``per_submission`` returned for it, or the Problem of its error
    extras: dict[Path, Any]


def grade_class(collection: Collection, bank: Bank, overrides: Sequence[Override] = (), *,
                workers: int | None = None, per_submission: Callable[[Submission], Any] | None = None,
                grade: bool = True, max_bytes: int = DEFAULT_MAX_BYTES) -> ClassRun:
    """Read and grade every submission of ``collection`` in parallel, writing nothing.

    A collection made with ``collect(..., read=False)`` is read by the
    workers, one chunk at a time; what they cannot read joins
    ``collection.problems`` (and leaves ``collection.submissions``), as if
    :func:`collect` had read it. ``per_submission`` runs on each readable
    notebook while it is in memory (the dashboard's count of widget states
    and citations): an error in it becomes that submission's Problem, never
    the batch's. With ``grade=False`` the notebooks are only read. ``max_bytes``
    is the size limit of a notebook read here (as for :func:`collect`).
    """
    job = _Job(collection.submissions, bank, {o.key: o for o in overrides}, None, None, max_bytes,
               per_submission=per_submission, grade=grade)
    done = _fold_unread(_run(job, workers, None), collection)
    return ClassRun([d.result for d in done if d.result is not None],
                    {d.path: d.extra for d in done} if per_submission is not None else {})


def _fold_unread(done: list, collection: Collection) -> list["_Graded"]:
    """The graded; what the workers could not read joins the collection's problems, as if collect() had read it."""
    unread = [d for d in done if isinstance(d, Problem)]
    if unread:
        gone = {p.path for p in unread}
        collection.problems.extend(unread)
        collection.submissions = [s for s in collection.submissions if s.path not in gone]
    return [d for d in done if not isinstance(d, Problem)]


def _gather(done: list, collection: Collection, spool: Spool) -> tuple[list[SubmissionResult], list[tuple]]:
    """Results (without evidence) and copy fingerprints; report entries go to ``spool`` in order."""
    results: list[SubmissionResult] = []
    prints: list[tuple] = []
    for graded in _fold_unread(done, collection):
        results.append(graded.result)
        spool.add(graded.entry)
        prints.extend(graded.prints)
    return results, prints


def _run(job: "_Job", workers: int | None, progress: Callable[[int, int], None] | None) -> list:
    """Grade every submission of ``job``, in ``workers`` forked processes when that pays.

    Returns a :class:`_Graded` per submission, or the :class:`Problem` of one that could not be read.
    """
    total = len(job.submissions)
    results: list = []
    chunks = [range(start, min(start + _CHUNK, total)) for start in range(0, total, _CHUNK)]
    workers = _workers(total) if workers is None else max(1, workers)
    if workers > 1:
        global _JOB
        _warm_caches(job.bank)  # parse the bank's notebooks, the text and the glossary once, before forking
        _JOB = job  # inherited by the forked workers: nothing big is pickled on the way in
        gc.freeze()  # keep the workers' garbage collector off the inherited pages (copy-on-write)
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for chunk_results in pool.imap(_grade_chunk, chunks):
                    results.extend(chunk_results)
                    if progress is not None:
                        progress(len(results), total)
        finally:
            _JOB = None
            gc.unfreeze()
    else:
        for chunk in chunks:
            results.extend(job.run(chunk))
            if progress is not None:
                progress(len(results), total)
    return results


_CHUNK = 25
_JOB: "_Job | None" = None


@dataclass
class _Graded:
    """One graded submission as a worker hands it back: small enough for a class of 10,000 to stay in memory."""

    path: Path
    result: SubmissionResult | None  #: without its evidence (SubmissionResult.without_evidence); None: not graded
    entry: str = ""  #: its report.json entry, encoded ("" when nothing is written)
    prints: list[tuple] = field(default_factory=list)  #: (set, item, student, copies.Fingerprint or None)
    extra: Any = None  #: what the job's per_submission returned (or the Problem of its error)


@dataclass
class _Job:
    """What grading one chunk of submissions needs (shared with forked workers)."""

    submissions: list
    bank: Bank
    overrides: dict
    out: Path | None  #: None: grade only, write no feedback pages
    extra_sections: SectionProvider | None
    max_bytes: int = DEFAULT_MAX_BYTES
    per_submission: Callable[[Submission], Any] | None = None
    grade: bool = True  #: False: only read (and run per_submission)

    def run(self, indices: Iterable[int]) -> list:
        """Grade the submissions at ``indices`` and write their feedback pages.

        Returns a :class:`_Graded` per submission, or the :class:`Problem` of one that could not be read.
        """
        results: list = []
        for index in indices:
            submission = self.submissions[index]
            lazy = submission.notebook is None
            if lazy:  # collected with read=False: read it here, and let it go once graded
                try:
                    problem = read_submission(submission, self.max_bytes)
                except Exception as error:
                    problem = unexpected_problem(submission.path, submission.student, submission.set_id,
                                                 READER, error)
                if problem is not None:
                    results.append(problem)
                    continue
            graded = _Graded(submission.path, None)
            if self.per_submission is not None:
                try:
                    graded.extra = self.per_submission(submission)
                except Exception as error:  # one notebook's oddity must never stop the class
                    graded.extra = unexpected_problem(submission.path, submission.student, submission.set_id,
                                                      "class summary", error)
            if self.grade:
                result = grade_submission(submission, self.bank, self.overrides)
                if self.out is not None:
                    if result.status != STATUS_NOT_GRADED:
                        self.write_page(result)
                    graded.entry = encode_entry(result)
                    graded.prints = [(result.set_id, i.item_id, result.student, fingerprint(i.answer))
                                     for i in result.items if i.criteria and result.status != STATUS_NOT_GRADED]
                # Written and encoded: what the class run still needs of it is small (points, levels, problems).
                graded.result = result.without_evidence()
            if lazy:
                submission.notebook = None
            results.append(graded)
        return results

    def write_page(self, result: SubmissionResult) -> None:
        """Write one feedback page; a failure marks that submission not graded, never the batch."""
        reader = "feedback page writer"
        try:
            sections: Sequence[FeedbackSection] = ()
            if self.extra_sections:
                reader = "class comparison"
                sections = self.extra_sections(result)
                reader = "feedback page writer"
            write_feedback(self.out, result, self.bank.sets[result.set_id], extra_sections=sections)
            write_instructor(self.out, result, self.bank.sets[result.set_id])
        except ValueError as error:  # defence in depth: ids are already sanitized
            result.status = STATUS_NOT_GRADED
            result.problems.append(Problem(result.path, result.student, str(error), "unsafe-path", result.set_id))
        except Exception as error:
            result.status = STATUS_NOT_GRADED
            result.problems.append(unexpected_problem(result.path, result.student, result.set_id, reader, error))

    def write_note_feedback(self, result: SubmissionResult) -> None:
        """The feedback page of a graded notes file (issue #17)."""
        from elysara.exercises.grading.annotation_set import feedback_set

        if result.status != STATUS_NOT_GRADED:
            sections = self.extra_sections(result) if self.extra_sections else ()
            write_feedback(self.out, result, feedback_set(self.bank.annotation_sets[result.set_id]), extra_sections=sections)

    def feedback_path(self, result: SubmissionResult) -> Path | None:
        if result.status == STATUS_NOT_GRADED:
            return None
        return feedback_path(self.out, result)


def _grade_chunk(indices: range) -> list:
    assert _JOB is not None
    return _JOB.run(indices)


def _warm_caches(bank: Bank) -> None:
    from elysara.exercises.notebooks import released
    from elysara.exercises.grading.evidence import glossary_terms
    from elysara.exercises.grading.render import environment
    from elysara.text.quotation import find_quotation

    for exercise_set in bank.sets.values():
        released.cells(exercise_set)
        for item in exercise_set.items:
            if item.uses_widget:  # the widget's model validates pasted states
                try:
                    importlib.import_module(f"elysara.widgets.{item.uses_widget}")
                except ImportError:
                    pass
    glossary_terms()
    find_quotation("I am dreaming.")
    for template in ("feedback.html", "instructor.html"):
        environment().get_template(template)  # compiled once, before forking
    from elysara.exercises.grading.language import detect_language
    from elysara.exercises.grading.render import markdown

    markdown("*warm*")  # the Markdown parser, built once
    detect_language("Sostengo que la paz no vale su precio, porque el Nexo armoniza los deseos de todos.")


def _workers(total: int) -> int:
    """Parallel workers for a run of ``total`` submissions: one per core, for big runs only."""
    if total < 200 or "fork" not in multiprocessing.get_all_start_methods():
        return 1  # starting processes costs more than a small class takes
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is (or would be) inside ``folder``."""
    return Path(os.path.realpath(folder)) in Path(os.path.realpath(path)).parents
