"""One submission's failure stays that submission's: unexpected errors become problems.

Every reader of a submission (collecting, grading, writing its feedback, the
class summary, ``check()``) validates what it reads; this module is the net
under them. :func:`unexpected_problem` turns any exception raised while
handling one submission into a :class:`~elysara.exercises.grading.collect.Problem`
that names the file, the reader that gave up and the error, so the batch
goes on and the instructor learns which file to look at.
"""

from __future__ import annotations

from pathlib import Path

from elysara.exercises.grading.collect import Problem

__all__ = ["describe_error", "unexpected_problem"]

#: Longest error message kept (a hostile notebook can make an exception's text huge).
_MESSAGE_LIMIT = 200


def describe_error(error: BaseException) -> str:
    """``TypeName: message``, shortened; safe to show (the terminal escapes control characters)."""
    message = str(error)
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 1] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def unexpected_problem(path: Path, student: str | None, set_id: str | None, reader: str,
                       error: BaseException, *, graded: bool = False) -> Problem:
    """A problem for an error nobody expected while ``reader`` handled one submission."""
    return Problem(
        path=path,
        student=student,
        set_id=set_id,
        code="internal-error",
        reason=(f"the {reader} could not handle this notebook ({describe_error(error)}); it was skipped and the "
                "rest of the class was not affected. Please report this notebook to the maintainers"),
        graded=graded,
        reader=reader,
    )
