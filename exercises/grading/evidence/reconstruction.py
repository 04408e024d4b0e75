"""Argument reconstructions: premises the text supports, implicit premises, a conclusion that follows.

Read from the parsed lines (:mod:`elysara.exercises.answers.argument`),
never from counts of ids or glossary terms:

* **faithful premises**: each stated premise cites a passage, and the cited
  passage supports it (they share content words); a premise citing a
  passage about something else is not supported;
* **implicit premise**: a line marked ``(implicit)`` is present; one that
  only repeats a sentence of the text is not implicit at all;
* **the conclusion follows**: the conclusion's content appears among the
  premises; a conclusion about something no premise mentions does not follow.
"""

from __future__ import annotations

from functools import cache

from elysara.text import load_text
from elysara.text.quotation import closest_quotation

from elysara.exercises.answers.argument import Reconstruction, parse_argument
from elysara.exercises.grading.evidence.base import Context, Evidence, content_words
from elysara.exercises.grading.evidence.textual import gather_pieces

__all__ = ["conclusion_follows", "implicit_premise", "premise_support"]


@cache
def _parse(answer: str) -> Reconstruction:
    return parse_argument(answer)


@cache
def _passage_words(passage_id: str) -> frozenset[str]:
    text = load_text()
    if passage_id not in text:
        return frozenset()
    return frozenset(content_words(text.passage(passage_id).text))


def _relevant(passage_id: str, cites: tuple[str, ...]) -> bool:
    """Whether ``passage_id`` is one the item is about: a listed passage, inside one, or containing one."""
    return any(passage_id == c or c.startswith(passage_id + ".") or passage_id.startswith(c + ".") for c in cites)


def premise_support(context: Context) -> Evidence:
    """Whether each stated premise's cited passages support it (shared content words).

    *strong*: two or more stated premises supported, every cited one
    supported, at least one citing a passage the item is about (its
    ``cites`` in the bank), and no misquotation; *weak*: premises cite the
    text but none is supported; *missing*: no premise cites the text.
    Anything between is for reading (a premise may be faithful in other words).
    """
    argument = _parse(context.answer)
    stated = [p for p in argument.premises if not p.implicit]
    rows, findings, flags = [], [], []
    for premise in stated:
        words = content_words(premise.text)
        cited = list(premise.citations)
        unknown = [c for c in cited if c not in load_text()]
        shared = sorted(set().union(*(words & _passage_words(c) for c in cited))) if cited else []
        supported = bool(cited) and not unknown and len(shared) >= min(2, max(1, len(words) // 3))
        relevant = any(_relevant(c, context.cites) for c in cited) if context.cites else True
        rows.append({"premise": premise.label, "cited": cited, "unknown": unknown, "shared_words": shared,
                     "supported": supported, "about_the_item": relevant})
        if not cited:
            findings.append(f"{premise.label} cites no passage.")
        elif unknown:
            flags.append(f"{premise.label} cites {', '.join(unknown)}, which is not in the text.")
        elif supported:
            findings.append(f"{premise.label} is supported by {', '.join(cited)} (shared words: {', '.join(shared)}).")
        else:
            flags.append(f"{premise.label} cites {', '.join(cited)}, which shares "
                         f"{'only ' + ', '.join(shared) if shared else 'no content words'} with it.")
    pieces = [p for p in gather_pieces(context.answer) if p.kind == "quotation"]
    misquoted = [p for p in pieces if p.bad]
    for piece in misquoted:
        flags.append(f"Not in the text: \u201c{piece.quoted}\u201d.")
    cited_rows = [r for r in rows if r["cited"]]
    supported = [r for r in cited_rows if r["supported"]]
    data = {"premises": rows, "misquotations": len(misquoted)}
    if not argument.premises:
        return Evidence("premise_support", None, ("No premises could be read.",), tuple(flags),
                        "no premise lines (P1: ...) could be read: for your reading", (), data)
    if not cited_rows and not pieces:
        return Evidence("premise_support", "missing", (*findings, "No premise cites or quotes the text."),
                        tuple(flags), None, (), data)
    if (len(supported) >= 2 and len(supported) == len(cited_rows) and not misquoted
            and any(r["about_the_item"] for r in supported)):
        level: str | None = "strong"
    elif cited_rows and not supported:
        level = "weak"
    else:
        return Evidence("premise_support", None, tuple(findings), tuple(flags),
                        "some premises are supported by what they cite and some are not, or the passages cited are "
                        "not the ones the question is about: for your reading", (), data)
    return Evidence("premise_support", level, tuple(findings), tuple(flags), None, (), data)


def implicit_premise(context: Context) -> Evidence:
    """Whether an implicit premise is written as a line, and whether the text states it after all.

    *missing*: no line marked ``(implicit)``; *weak*: every implicit line
    is one the text states (it cites a passage that says it, or nearly
    quotes one). Whether an implicit premise is the one the argument most
    depends on is for reading.
    """
    argument = _parse(context.answer)
    implicit = argument.implicit_premises
    if not implicit:
        return Evidence("implicit_premise", "missing", ("No line is marked (implicit).",), data={"implicit": []})
    rows, flags = [], []
    for premise in implicit:
        words = content_words(premise.text)
        stated_at = [c for c in premise.citations if len(words & _passage_words(c)) >= 2]
        near = closest_quotation(premise.text) if premise.text and not stated_at else None
        if near is not None and near.score >= 85:
            stated_at = [near.passage_id]
        rows.append({"premise": premise.label, "text": premise.text, "stated_in_text": stated_at})
        if stated_at:
            flags.append(f"{premise.label} is marked (implicit), but the text states it at {', '.join(stated_at)}.")
    findings = tuple(f"{p.label} (implicit): \u201c{p.text[:160]}\u201d" for p in implicit)
    data = {"implicit": rows}
    if all(r["stated_in_text"] for r in rows):
        return Evidence("implicit_premise", "weak", findings, tuple(flags), None, (), data)
    return Evidence("implicit_premise", None, findings, tuple(flags),
                    "whether it is the premise the argument most depends on is a judgement for a reader", (), data)


def conclusion_follows(context: Context) -> Evidence:
    """Whether the conclusion's content appears among the premises (a necessary sign of validity).

    Only *missing* (no conclusion line) is suggested; a conclusion about
    something no premise mentions is flagged, and the rest is for reading.
    """
    argument = _parse(context.answer)
    if argument.conclusion is None:
        return Evidence("conclusion_follows", "missing", ("No conclusion line (C: ...).",), data={"conclusion": False})
    conclusion = content_words(argument.conclusion.text)
    premises = set().union(*(content_words(p.text) for p in argument.premises)) if argument.premises else set()
    shared, unmatched = sorted(conclusion & premises), sorted(conclusion - premises)
    data = {"conclusion": True, "shared_words": shared, "words_in_no_premise": unmatched}
    findings = [f"Conclusion words found in the premises: {', '.join(shared) or 'none'}."]
    if unmatched:
        findings.append(f"Conclusion words in no premise: {', '.join(unmatched)}.")
    flags = ("The conclusion talks about something no premise mentions: a main step may be missing.",) if (
        conclusion and not shared) else ()
    return Evidence("conclusion_follows", None, tuple(findings), flags,
                    "whether the premises force the conclusion is a judgement for a reader", (), data)
