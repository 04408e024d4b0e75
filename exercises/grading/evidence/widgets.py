"""Widget consistency: whether what an answer says matches the widget state pasted beside it.

The widget's own model reads the state (never a second copy of its logic):
the Scales verdict against the verdict the answer argues, the Tension Test's
hits and bullets, and whether the Reversal's framing moved the answers
against what the prose says. A pasted state is not evidence by itself: the
answer must say something the state can be checked against. A suggestion is
made only where the check is clear: *missing* with no state; *strong* when the
answer argues the very verdict (or describes the very effect) the state
gives; anything else (a disagreement, an answer that says nothing
checkable) is flagged and left for the instructor's reading. A disagreement
is never a penalty.
"""

from __future__ import annotations

import re
from typing import Any

from elysara.exercises.grading.evidence.base import Context, Evidence
from elysara.exercises.grading.evidence.reasoning import own_words

__all__ = ["essay_verdicts", "reported_verdict", "widget_consistency"]

#: Phrases that show which option an answer argues for (Scales OPTION ids).
#: "I would never join" argues for refusing: a negation never counts for the
#: verb it negates, and the optional adverb between modal and verb is never one.
_MODAL = r"\b(?:should|would|ought to|must|will|i)"
_NEGATION = r"(?:n't|\s+not|\s+never)"
_ADVERB = r"(?:\s+(?!not\b|never\b)\w+)?"
_VERDICT_CUES: dict[str, re.Pattern[str]] = {
    "join": re.compile(
        rf"{_MODAL}{_ADVERB}\s+(?:join|connect|accept (?:the|this) (?:gift|thread))"
        r"|\bchoose peace\b|\bjoining is (?:right|better|wise)",
        re.IGNORECASE,
    ),
    "refuse": re.compile(
        rf"{_MODAL}{_ADVERB}\s+(?:refuse|reject|turn away|decline)"
        rf"|{_MODAL}{_NEGATION}{_ADVERB}\s+(?:join|connect)"
        r"|\brefusing is (?:right|better|wise)|\brefusal is",
        re.IGNORECASE,
    ),
    "temporary": re.compile(r"\b(temporar(?:y|ily)|for a (?:while|time)|a trial)\b", re.IGNORECASE),
    "leave": re.compile(rf"{_MODAL}{_ADVERB}\s+(?:leave|wake up|walk away)\b", re.IGNORECASE),
}



def essay_verdicts(text: str) -> list[str]:
    """The Scales options (join, refuse, temporary, leave) an answer appears to argue for.

    Quotations are left out first: quoting the woman's "Choose peace." is
    evidence about the text, not a vote for joining.
    """
    mine = own_words(text)
    return [option for option, pattern in _VERDICT_CUES.items() if pattern.search(mine)]


def _scales_verdict(state: Any) -> tuple[str | None, str | None]:
    """(verdict, error) for a Scales state, using the widget's own model."""
    try:
        from elysara.widgets import scales
    except ImportError:
        return None, "the Scales model is not installed, so its verdict could not be computed"
    try:
        parsed = scales.state_from_dict(state)
        return scales.verdict(parsed), None
    except (ValueError, TypeError, KeyError) as error:
        return None, f"the Scales state is not valid: {error}"


def widget_consistency(context: Context) -> Evidence:
    """A pasted state checked against what the answer says about it."""
    if context.state is None:
        why = context.state_error or "no widget state was pasted into the notebook"
        return Evidence("widget_consistency", "missing", (f"No widget state: {why}.",), data={"state": False})
    findings = [f"A {context.widget} state was given."]
    flags: list[str] = []
    agrees: bool | None = None  # None: the answer says nothing the state can be checked against
    data: dict[str, Any] = {"state": True}
    if context.widget == "scales":
        verdict, error = _scales_verdict(context.state)
        if error:
            flags.append(error)
        else:
            findings.append(f"The Scales verdict for this state is \u201c{verdict}\u201d.")
            argued = essay_verdicts(context.answer)
            reported = reported_verdict(context.answer)
            deciding = _deciding(context.state)
            named = _named_deciding(context.answer)
            data.update(verdict=verdict, argued=argued, reported=reported, deciding=deciding, named_deciding=named)
            if reported is not None:
                findings.append(f"The answer says the Scales give \u201c{reported}\u201d.")
            if argued and verdict not in argued:
                # Arguing against the widget is allowed (and often the best answers do): never a penalty.
                flags.append(
                    f"The Scales state's verdict (\u201c{verdict}\u201d) differs from the verdict the answer appears "
                    f"to argue (\u201c{', '.join(argued)}\u201d): check whether the answer explains why. Not a penalty."
                )
            if reported is not None and reported != verdict:
                # Misreporting what the pasted state gives is what this criterion is about.
                flags.append(f"The answer says the Scales give \u201c{reported}\u201d; the pasted state gives "
                             f"\u201c{verdict}\u201d.")
                agrees = False
                data["contradicts"] = True
            elif reported == verdict and named is not None and deciding:
                agrees = named == deciding[0]
                if not agrees:
                    flags.append(f"The answer names {named} as the deciding value; for this state it is "
                                 f"{', '.join(deciding)}.")
                    data["slip"] = True
    elif context.widget == "tension":
        findings.extend(_tension_findings(context.state))
    elif context.widget == "reversal":
        found, flag, agrees = _reversal_findings(context.state, context.answer)
        findings.extend(found)
        flags.extend(flag)
        data["contradicts"] = agrees is False
    data["agrees"] = agrees
    if agrees:
        return Evidence("widget_consistency", "strong", tuple(findings), tuple(flags), None, (), data)
    if data.get("contradicts"):
        return Evidence("widget_consistency", "weak", tuple(findings), tuple(flags), None, (), data)
    if data.get("slip"):
        return Evidence("widget_consistency", "adequate", tuple(findings), tuple(flags), None, (), data)
    why = ("the answer and the state disagree: check whether the answer explains why" if agrees is False
           else "the answer says nothing the grader can check against the state: for your reading")
    return Evidence("widget_consistency", None, tuple(findings), tuple(flags), why, (), data)


_SAYS_MOVED = re.compile(
    r"\b(changed my (?:answer|mind)|framing changed|(?:i|my answers?) (?:switched|flipped|reversed)"
    r"|(?:my )?answers? (?:did |really )?(?:changed?|moved?) (?:with|because of) the framing"
    r"|(?:answers?|i) (?:did )?move[ds]? (?:both times|with the framing))",
    re.IGNORECASE,
)
_SAYS_STAYED = re.compile(
    r"\b((?:did not|didn't|does not|doesn't) (?:change|move)(?:d)? my (?:answer|mind)|same answer (?:both|each) time"
    r"|framing (?:did not|didn't|does not|doesn't) (?:change|move)|(?:answers?|i) (?:did not|didn't) move)",
    re.IGNORECASE,
)
_OPTION_NAMES = {"join": "join", "refuse": "refuse", "leave": "leave", "temporary": "temporary",
                 "join for a while": "temporary"}
# "the Scales give Leave", "the Scales said Refuse", "the verdict is Join", "the hedonistic lens gives Join".
_REPORTED = re.compile(
    r"\b(?:scales|verdict|lens)\b[^.!?\n]{0,40}?\b(?:gives?|gave|says?|said|shows?|showed|is|was|recommends?|"
    r"recommended|came out (?:as|at)|chooses?|chose|picks?|picked|points? to)\s+\**(join for a while|join|refuse|leave|temporary)\b",
    re.IGNORECASE,
)
_VALUE_NAMES = {"relief": "relief", "suffering": "relief", "autonomy": "autonomy", "freedom": "autonomy",
                "free will": "autonomy", "identity": "identity", "relationships": "relationships",
                "achievement": "achievement", "reality": "reality"}
_DECIDING = re.compile(
    r"\b(?:deciding value|value that decide[sd]|decided by|decisive value|value that (?:tips|tipped))\b[^.!?\n]{0,30}?"
    r"\b(relief|suffering|autonomy|freedom|free will|identity|relationships|achievement|reality)\b",
    re.IGNORECASE,
)


def reported_verdict(answer: str) -> str | None:
    """The option the answer says the Scales give (an OPTIONS id), from its own words; None if it never says."""
    from elysara.exercises.grading.evidence.reasoning import own_words

    found = {_OPTION_NAMES[m.group(1).lower()] for m in _REPORTED.finditer(own_words(answer))}
    return found.pop() if len(found) == 1 else None


def _named_deciding(answer: str) -> str | None:
    match = _DECIDING.search(answer)
    return _VALUE_NAMES[match.group(1).lower()] if match else None


def _deciding(state: Any) -> list[str]:
    try:
        from elysara.widgets import scales

        return scales.deciding_values(scales.state_from_dict(state))
    except (ImportError, ValueError, TypeError, KeyError):
        return []


def _tension_findings(state: Any) -> list[str]:
    """What the Tension Test's own model says about the pasted answers."""
    try:
        from elysara.widgets import tension

        result = tension.evaluate(tension.state_from_dict(state))
    except (ImportError, ValueError, TypeError, KeyError):
        return []
    return [
        f"Tension Test: {result.answered} case(s) answered; {len(result.hits)} hit(s), no difference seen"
        + (f" ({', '.join(result.hits)})" if result.hits else "")
        + f"; {len(result.named)} tension(s) resolved by a named difference"
        + (f" ({', '.join(f'{r}: {d}' for r, d in result.named.items())})" if result.named else "")
        + f"; {len(result.open)} open"
        + f"; {len(result.bullets)} bullet(s) bitten" + (f" ({', '.join(result.bullets)})" if result.bullets else "") + "."
    ]


def _reversal_findings(state: Any, answer: str) -> tuple[list[str], list[str], bool | None]:
    """Whether the framing moved the pasted answers, and a flag if the prose says otherwise."""
    try:
        from elysara.widgets import reversal

        read = reversal.state_from_dict(state)
        result = reversal.evaluate(read)
    except (ImportError, ValueError, TypeError, KeyError):
        return [], [], None
    experiment = read.experiment_answer
    if experiment is not None and not result.complete:
        # The class experiment: one answer, which by itself shows no framing effect (no flag, no verdict).
        framing, given = experiment
        label = reversal.FRAMINGS[framing].labels[given]
        return [f"Reversal (class experiment): assigned {reversal.FRAMINGS[framing].title}; answered \u201c{label}\u201d. "
                "One answer shows no framing effect by itself; compare the class result on the dashboard."], [], None
    moved = result.moved
    finding = f"Reversal: the framing {'changed' if moved else 'did not change'} the pasted answers."
    says_moved, says_stayed = bool(_SAYS_MOVED.search(answer)), bool(_SAYS_STAYED.search(answer))
    if (moved and says_stayed and not says_moved) or (not moved and says_moved and not says_stayed):
        return [finding], [
            "The answer describes the framing's effect differently from the pasted Reversal state: check which "
            "one the student meant."
        ], False
    if says_moved == says_stayed:
        return [finding], [], None
    return [finding], [], True


