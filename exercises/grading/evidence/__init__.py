"""Evidence for rubric criteria, gathered from a prose answer, and a level only where it can be trusted.

Everything here is a pure function of the answer's text (and the project's
one copy of "Elysara"). The grader never decides a rubric level: it records
what it found and may *suggest* a level, which an instructor confirms or
overrides. Where its rules cannot tell levels apart on an answer, it suggests
none: the criterion is then "for your reading", with the evidence it found
highlighted in the answer (:attr:`Evidence.reading` says why).

One module per kind of criterion:

* :mod:`.textual`: quotations and passage ids, checked against the text;
* :mod:`.length`: words against the item's limits;
* :mod:`.reasoning`: a thesis that takes a side; an objection answered;
* :mod:`.concepts`: expected concepts and glossary terms;
* :mod:`.reconstruction`: premises the cited passages support, implicit
  premises, a conclusion whose content the premises contain;
* :mod:`.widgets`: what the answer says against the pasted widget state.

The criterion *kind* is the bank's ``evidence`` field, except in argument
reconstructions, whose criteria are read from the parsed lines:
``textual_evidence`` there is ``premise_support``, a ``concepts`` criterion
about the implicit premise is ``implicit_premise``, and ``none`` is
``conclusion_follows`` (:func:`criterion_kind`).

Three rules hold for every kind (:func:`gather`): a blank answer is
*missing*; an answer far below its word minimum is never suggested *strong*
on anything but its textual evidence; and an answer not in English gets no
suggestion on a criterion that depends on English phrasing.
"""

from __future__ import annotations

from typing import Any, Callable

from elysara.exercises.grading.evidence.base import Context, Evidence, Highlight, content_words, sentences, word_count
from elysara.exercises.grading.evidence.concepts import glossary_terms
from elysara.exercises.grading.evidence.length import far_below
from elysara.exercises.grading.evidence.textual import Piece, find_passage_ids, find_quoted, gather_pieces
from elysara.exercises.grading.evidence.widgets import essay_verdicts
from elysara.exercises.grading.evidence import concepts, length, reasoning, reconstruction, textual, widgets

__all__ = [
    "Context",
    "DERIVED",
    "Evidence",
    "GATHERERS",
    "Highlight",
    "Piece",
    "content_words",
    "criterion_kind",
    "essay_verdicts",
    "find_passage_ids",
    "find_quoted",
    "gather",
    "gather_pieces",
    "for_criterion",
    "item_context",
    "glossary_terms",
    "sentences",
    "word_count",
]


def _none(context: Context) -> Evidence:
    return Evidence("none", None, ("No automatic evidence for this criterion; the instructor sets the level.",), (),
                    "the rubric leaves this criterion to the instructor")


#: The bank's evidence kinds (``evidence:`` in exercises/sets/*.yml), one gatherer each.
GATHERERS: dict[str, Callable[[Context], Evidence]] = {
    "textual_evidence": textual.textual_evidence,
    "length": length.length,
    "objection": reasoning.objection,
    "concepts": concepts.concepts,
    "thesis": reasoning.thesis,
    "widget_consistency": widgets.widget_consistency,
    "none": _none,
}

#: Kinds read from an argument reconstruction's parsed lines.
DERIVED: dict[str, Callable[[Context], Evidence]] = {
    "premise_support": reconstruction.premise_support,
    "implicit_premise": reconstruction.implicit_premise,
    "conclusion_follows": reconstruction.conclusion_follows,
}

#: Kinds whose rules read English phrasing; an answer in another language is left to the instructor.
LANGUAGE_NEUTRAL = frozenset({"length"})


def criterion_kind(kind: str, context: Context) -> str:
    """The kind of criterion to gather for: the bank's evidence kind, or one read from a reconstruction."""
    if context.item_type != "argument_reconstruction":
        return kind
    if kind == "textual_evidence":
        return "premise_support"
    if kind == "concepts" and "implicit" in f"{context.criterion_id} {context.criterion_title}".lower():
        return "implicit_premise"
    if kind == "none":
        return "conclusion_follows"
    return kind


def gather(kind: str, context: Context) -> Evidence:
    """Evidence, and a suggested level where one can be trusted, for one criterion of one answer."""
    if not context.answer.strip():
        return Evidence(criterion_kind(kind, context), "missing", ("No answer given.",))
    derived = criterion_kind(kind, context)
    evidence = (DERIVED.get(derived) or GATHERERS[kind])(context)
    if evidence.level is not None and context.language and derived not in LANGUAGE_NEUTRAL:
        if not (derived == "widget_consistency" and evidence.level == "missing"):
            return evidence.withheld(
                f"the answer is written in {context.language}: this criterion's rules read English, "
                "so it is for your reading (never scored down for its language)"
            )
    if evidence.level == "strong" and derived not in ("textual_evidence", "length") and far_below(context):
        return evidence.withheld("the answer is far below its word minimum: read it before calling it strong")
    return evidence


def item_context(item: Any, answer: str, *, state: Any = None, state_error: str | None = None,
                 criterion: Any = None, language: str | None | bool = True) -> Context:
    """The context for gathering evidence on one answer to a bank ``item`` (for one ``criterion``, if given).

    The grader, the calibration page and the agreement benchmark all build
    contexts here, so they judge an answer the same way. ``language=True``
    detects the answer's language; pass a name (or ``None``) to skip detection.
    """
    if language is True:
        from elysara.exercises.grading.language import detect_language

        language = detect_language(answer) if answer.strip() else None
    rubric = getattr(item, "rubric", None)
    criteria = rubric.criteria if rubric is not None else ()
    context = Context(
        answer=answer,
        words=getattr(item, "words", None),
        expected_concepts=tuple(getattr(item, "expected_concepts", ()) or ()),
        widget=getattr(item, "uses_widget", None),
        state=state,
        state_error=state_error,
        item_type=item.type,
        concept_criteria=sum(c.evidence == "concepts" for c in criteria) or 1,
        language=language or None,
        cites=tuple(getattr(item, "cites", ()) or ()),
    )
    if criterion is not None:
        context = for_criterion(context, criterion)
    return context


def for_criterion(context: Context, criterion: Any) -> Context:
    """``context`` for one criterion of its item (a cheap copy: the grader makes one per criterion)."""
    copy = object.__new__(Context)
    copy.__dict__.update(context.__dict__, criterion_id=criterion.id, criterion_title=criterion.title)
    return copy
