"""The argument-reconstruction format: parse it, and report structural problems as data.

A reconstruction is written in a markdown cell, one statement per line::

    P1: The citizens no longer choose their own desires. [p4.3]
    P2 (implicit): A life whose desires are not one's own lacks autonomy.
    C: Life in Elysara lacks autonomy.

Premises are numbered ``P1``, ``P2``...; ``(implicit)`` marks a premise the
text leaves unstated; the conclusion is ``C``. Passage ids in square brackets
(``[p4.3]``, ``[p4.3, p5.2]``) cite the text. Blank lines, list bullets and
bold markers around the labels are allowed. Parsing never judges whether the
argument is good: it only finds what the grader and ``check()`` need.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from elysara.text.citations import BRACKETED, split_bracketed

_LABEL = re.compile(
    r"""^\s*(?:[-*+]\s+|\d+[.)]\s+)?          # an optional list bullet
        (?:\*\*|__)?                          # optional bold around the label
        (?P<label>P(?P<number>\d+)|C)
        \s*(?P<implicit>\((?:implicit|unstated)\))?
        \s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?
        (?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Statement:
    """One premise or the conclusion, with its citations."""

    label: str  # "P1", "P2", ... or "C"
    text: str  # without the citations
    citations: tuple[str, ...]
    line: int  # 1-based line number in the answer
    implicit: bool = False

    @property
    def is_conclusion(self) -> bool:
        return self.label == "C"


@dataclass(frozen=True)
class StructureProblem:
    """A structural problem: a stable code, the line (if any) and a message for the student."""

    code: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Reconstruction:
    """A parsed reconstruction: premises, conclusion and every structural problem."""

    premises: tuple[Statement, ...]
    conclusion: Statement | None
    problems: tuple[StructureProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when the reconstruction has no structural problem."""
        return not self.problems

    @property
    def implicit_premises(self) -> tuple[Statement, ...]:
        return tuple(p for p in self.premises if p.implicit)

    @property
    def citations(self) -> tuple[str, ...]:
        """Every passage id cited, in order, without repeats."""
        statements = [*self.premises, *([self.conclusion] if self.conclusion else [])]
        return tuple(dict.fromkeys(c for s in statements for c in s.citations))


def _split_citations(rest: str) -> tuple[str, tuple[str, ...]]:
    citations: list[str] = []
    for match in BRACKETED.finditer(rest):
        citations.extend(split_bracketed(match.group(1)))
    text = BRACKETED.sub("", rest)
    return " ".join(text.replace("**", "").split()), tuple(citations)


def parse_argument(answer: str, *, passage_exists: Callable[[str], bool] | None = None) -> Reconstruction:
    """Parse a reconstruction; structural problems are returned, never raised.

    ``passage_exists`` (for example ``lambda pid: pid in load_text()``) makes
    a citation of a passage that does not exist a problem too.
    """
    premises: list[Statement] = []
    conclusions: list[Statement] = []
    problems: list[StructureProblem] = []
    for number, raw_line in enumerate(answer.splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            continue
        match = _LABEL.match(line)
        if match is None:
            problems.append(StructureProblem(
                "unlabelled_line",
                f"{_shorten(line)!r} is not a premise or the conclusion: start it with 'P<number>:' or 'C:'",
                number,
            ))
            continue
        text, citations = _split_citations(match["rest"])
        label = match["label"].upper()
        statement = Statement(label, text, citations, number, implicit=bool(match["implicit"]))
        if not text:
            problems.append(StructureProblem("empty_statement", f"{label} says nothing", number))
        if statement.implicit and statement.is_conclusion:
            problems.append(StructureProblem("implicit_conclusion", "only premises can be marked (implicit)", number))
        if passage_exists is not None:
            for citation in citations:
                if not passage_exists(citation):
                    problems.append(StructureProblem(
                        "unknown_passage", f"[{citation}] is not a passage of the text (ids look like p4 or p4.2)", number,
                    ))
        (conclusions if statement.is_conclusion else premises).append(statement)
    if not premises:
        problems.append(StructureProblem("no_premises", "there are no premises: write at least one line 'P1: ...'"))
    if not conclusions:
        problems.append(StructureProblem("no_conclusion", "there is no conclusion: end with a line 'C: ...'"))
    elif len(conclusions) > 1:
        lines = ", ".join(str(c.line) for c in conclusions)
        problems.append(StructureProblem("several_conclusions", f"there is more than one conclusion (lines {lines}); keep one 'C:' line"))
    elif premises and conclusions[0].line < premises[-1].line:
        problems.append(StructureProblem("conclusion_not_last", "the conclusion must come after every premise", conclusions[0].line))
    numbers = [int(p.label[1:]) for p in premises]
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        problems.append(StructureProblem(
            "premise_numbering",
            f"premises are numbered {', '.join(f'P{n}' for n in numbers)}; number them P1, P2, P3... in order",
        ))
    return Reconstruction(tuple(premises), conclusions[0] if conclusions else None, tuple(problems))


def _shorten(line: str, limit: int = 50) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"
