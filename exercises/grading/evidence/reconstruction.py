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


def premise_support(context: Context) -> Evidence:
    """Whether each stated premise's cited passages support it (shared content words)."""
    argument = _parse(context.answer)
    stated = [p for p in argument.premises if not p.implicit]
    rows, findings, flags = [], [], []
    for premise in stated:
        words = content_words(premise.text)
        cited = [c for c in premise.citations]
        unknown = [c for c in cited if c not in load_text()]
        shared = sorted(set().union(*(words & _passage_words(c) for c in cited))) if cited else []
        supported = bool(cited) and not unknown and len(shared) >= min(2, max(1, len(words) // 3))
        rows.append({"premise": premise.label, "cited": cited, "unknown": unknown, "shared_words": shared,
                     "supported": supported})
        if not cited:
            findings.append(f"{premise.label} cites no passage.")
        elif unknown:
            flags.append(f"{premise.label} cites {', '.join(unknown)}, which is not in the text.")
        elif supported:
            findings.append(f"{premise.label} is supported by {', '.join(cited)} (shared words: {', '.join(shared)}).")
        else:
            flags.append(f"{premise.label} cites {', '.join(cited)}, which shares "
                         f"{'only ' + ', '.join(shared) if shared else 'no content words'} with it.")
    cited_rows = [r for r in rows if r["cited"]]
    supported = sum(r["supported"] for r in rows)
    data = {"premises": rows}
    if not argument.premises:
        return Evidence("premise_support", None, ("No premises could be read.",), tuple(flags),
                        "no premise lines (P1: ...) could be read: for your reading", (), data)
    if not cited_rows:
        return Evidence("premise_support", "missing", (*findings, "No premise cites the text."), tuple(flags), None, (), data)
    if supported == len(stated) and supported >= 2:
        level = "strong"
    elif supported and supported >= len(cited_rows) / 2:
        level = "adequate"
    elif not supported:
        level = "weak"
    else:
        return Evidence("premise_support", None, tuple(findings), tuple(flags),
                        "some cited passages support their premises and some do not: for your reading", (), data)
    return Evidence("premise_support", level, tuple(findings), tuple(flags), None, (), data)


def implicit_premise(context: Context) -> Evidence:
    """Whether an implicit premise is written as a line, and whether it only repeats the text."""
    argument = _parse(context.answer)
    implicit = argument.implicit_premises
    if not implicit:
        return Evidence("implicit_premise", "missing", ("No line is marked (implicit).",), data={"implicit": []})
    rows, flags = [], []
    for premise in implicit:
        near = closest_quotation(premise.text) if premise.text else None
        repeats = near is not None and near.score >= 85
        rows.append({"premise": premise.label, "text": premise.text, "repeats_text": repeats,
                     "closest": near.passage_id if near else None})
        if repeats:
            flags.append(f"{premise.label} (implicit) repeats what the text says at {near.passage_id}.")
    findings = tuple(f"{p.label} (implicit): \u201c{p.text[:160]}\u201d" for p in implicit)
    data = {"implicit": rows}
    if all(r["repeats_text"] for r in rows):
        return Evidence("implicit_premise", "weak", findings, tuple(flags), None, (), data)
    return Evidence("implicit_premise", None, findings, tuple(flags),
                    "whether it is the premise the argument most depends on is a judgement for a reader", (), data)


def conclusion_follows(context: Context) -> Evidence:
    """Whether the conclusion's content appears among the premises (a necessary sign of validity)."""
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
    if not argument.premises or (conclusion and not shared):
        return Evidence("conclusion_follows", "weak" if argument.premises else "missing", tuple(findings),
                        ("The conclusion talks about something no premise mentions.",), None, (), data)
    return Evidence("conclusion_follows", None, tuple(findings), (),
                    "whether the premises force the conclusion is a judgement for a reader", (), data)
