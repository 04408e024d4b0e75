"""Evidence for rubric criteria, gathered from a prose answer, and a suggested level.

Everything here is a pure function of the answer's text (and the project's
one copy of "Elysara"). The grader never decides a rubric level: it records
what it found and *suggests* a level, which an instructor confirms or
overrides. Each evidence kind is one small function registered in
:data:`GATHERERS`.

Suggested levels, per evidence kind (documented in README, "For instructors"):

* ``textual_evidence``: quotations (in double quotes) that occur in the text
  and valid passage ids. Two or more pieces and no misquotation: strong; one
  piece, or two with a misquotation: adequate; only misquotations or unknown
  ids: weak; none: missing. A quotation with nothing like it in the text
  (another work, or scare quotes) is noted but neither counted nor flagged.
* ``length``: within the word limits: strong; within 25% of a limit:
  adequate; otherwise weak; blank: missing.
* ``objection``: an objection cue and a reply cue after it: strong; an
  objection cue only: weak; neither: missing.
* ``concepts``: the item's expected concepts (short answers) or glossary terms:
  all expected / three or more terms: strong; half / two: adequate; one: weak;
  none: missing.
* ``thesis``: a stated position in the first three sentences: strong; later
  in the answer: adequate; none: weak; blank: missing.
* ``widget_consistency``: a readable widget state and an answer: strong,
  whether or not the verdicts agree (a disagreement is flagged for the
  instructor, never penalized); no state: weak; blank: missing. The widget's
  own model reads the state: the Scales verdict against the verdict the
  answer argues, the Tension Test's hits and bullets, and whether the
  Reversal's framing moved the answers against what the prose says.
* ``none``: no suggestion; the instructor sets the level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Callable

from rapidfuzz import fuzz

from elysara.text import load_text
from elysara.text.annotation import glossary_terms as read_glossary_terms
from elysara.text.quotation import closest_quotation, find_quotation, normalize_quotation

__all__ = [
    "Context",
    "Evidence",
    "GATHERERS",
    "Quotation",
    "essay_verdicts",
    "find_passage_ids",
    "find_quoted",
    "gather",
    "glossary_terms",
    "word_count",
]

#: Below this similarity (0-100) to its closest passage, a quotation is taken to
#: come from elsewhere rather than to misquote "Elysara".
MISQUOTE_SIMILARITY = 70
#: partial_ratio below which a quotation cannot reach MISQUOTE_SIMILARITY (with margin).
_PREFILTER = 55
GLOSSARY_FILE = Path(__file__).resolve().parents[1] / "book" / "glossary.md"

# Apostrophes, hyphens and inner dots join: "isn't", "well-being" and "p8.3" are one word each.
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019.-][A-Za-z0-9\u00c0-\u024f]+)*")
# Double-quoted spans, straight or curly; single quotes are left alone (apostrophes).
_QUOTED = re.compile(r"[\"\u201c\u201e]([^\"\u201c\u201d\u201e]{3,400}?)[\"\u201d]")
_PASSAGE_ID = re.compile(r"(?<![\w.])p\d+(?:\.\d+)?(?![\w])")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")

_THESIS_CUES = re.compile(
    r"\b(i (?:would|will|should|argue|think|believe|contend|maintain|hold|claim|conclude)"
    r"|my (?:view|answer|position|claim|thesis|conclusion)"
    r"|(?:the narrator|one|we|they) (?:should|ought|must)"
    r"|in this essay|because|therefore"
    r"|(?:is|are|was|makes?|would be) (?:\w+ )?(?:better|worse|right|wrong|justified|unjustified|mistaken|wiser))\b",
    re.IGNORECASE,
)
_OBJECTION_CUES = re.compile(
    r"\b(object(?:ion|s|ed)?|critic(?:s|ism)?|one might (?:say|argue|reply|think)|someone (?:might|could) "
    r"(?:say|argue|reply)|it (?:might|could|may) be (?:said|argued|objected)|opponents?|on the other hand"
    r"|counter-?argument|a defender of|refut\w*|admittedly|granted|i concede|to be fair)\b",
    re.IGNORECASE,
)
_REPLY_CUES = re.compile(
    r"\b(in reply|i reply|i respond|in response|to this i|but|however|yet|this (?:objection )?(?:fails|misses|overlooks)"
    r"|even so|nevertheless|nonetheless|still,|the answer is|i accept|is different|does not (?:show|follow|mean))\b",
    re.IGNORECASE,
)
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


def word_count(text: str) -> int:
    """Words in ``text`` (hyphenated words and contractions count once)."""
    return len(_WORD.findall(text))


@cache
def glossary_terms(path: Path = GLOSSARY_FILE) -> tuple[str, ...]:
    """Terms defined in the book's glossary, read as the annotations read them.

    Empty when grading outside a checkout (no ``book/glossary.md``): concept
    evidence then rests on each item's own expected concepts.
    """
    if not path.is_file():
        return ()
    return tuple(sorted(read_glossary_terms(path)))


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    # Allow a plural and hyphen/space variants ("side constraint", "side-constraints").
    body = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", term))
    return re.compile(rf"\b{body}(?:s|es)?\b", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _phrase(phrase: str) -> re.Pattern[str]:
    """An expected-concept phrase as a case-insensitive pattern anchored at a word start."""
    return re.compile(rf"\b{re.escape(phrase)}", re.IGNORECASE)


def _glossary_used(answer: str) -> list[str]:
    """Glossary terms used in ``answer``, in glossary order."""
    lowered = answer.lower()
    # A substring test on the term's first word skips most regex searches.
    return [
        term for term in glossary_terms()
        if re.split(r"[\s-]+", term.lower())[0] in lowered and _term_pattern(term).search(answer)
    ]


@dataclass(frozen=True)
class Quotation:
    """A quotation found in an answer and what the text really says."""

    quoted: str
    found: bool
    passage_id: str | None = None  #: where it occurs (found) or the closest passage (misquote)
    closest: str | None = None  #: the text's own words closest to a misquotation
    other_source: bool = False  #: nothing in the text is like it (another work, or scare quotes)

    def as_dict(self) -> dict[str, Any]:
        return {"quoted": self.quoted, "found": self.found, "passage": self.passage_id, "closest": self.closest,
                "other_source": self.other_source}


@dataclass(frozen=True)
class Evidence:
    """What was found for one criterion, the suggested level and flags for the grader."""

    kind: str
    level: str | None  #: suggested level id, or None when the grader gives no suggestion
    findings: tuple[str, ...] = ()  #: short sentences, shown in feedback
    flags: tuple[str, ...] = ()  #: things an instructor should look at (never a penalty)
    quotations: tuple[Quotation, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "suggested_level": self.level,
            "findings": list(self.findings),
            "flags": list(self.flags),
            "quotations": [q.as_dict() for q in self.quotations],
        }


@dataclass(frozen=True)
class Context:
    """Everything a gatherer may look at for one answer."""

    answer: str
    words: Any = None  #: the item's word limits (schema Words) or None
    expected_concepts: tuple[Any, ...] = ()  #: schema Concept records (short answers)
    widget: str | None = None  #: the widget the item uses
    state: Any = None  #: the widget state read from the notebook (dict) or None
    state_error: str | None = None


def find_quoted(text: str) -> list[str]:
    """Every double-quoted span of three or more characters in ``text``."""
    return [match.group(1).strip() for match in _QUOTED.finditer(text) if match.group(1).strip()]


def find_passage_ids(text: str) -> list[str]:
    """Every passage-id-shaped token (``p4``, ``p4.2``) in ``text``, in order, without repeats."""
    seen: dict[str, None] = {}
    for match in _PASSAGE_ID.finditer(text):
        seen.setdefault(match.group(0), None)
    return list(seen)


@cache
def _normalized_paragraphs() -> tuple[str, ...]:
    return tuple(normalize_quotation(paragraph.text) for paragraph in load_text().paragraphs)


@lru_cache(maxsize=8192)
def check_quotation(quoted: str) -> Quotation:
    """Whether ``quoted`` occurs in the text (tolerant of quote marks, dashes, spaces).

    Cached: a class quotes the same lines again and again, and finding the
    closest passage to a misquotation is the grader's costliest step.
    """
    match = find_quotation(quoted)
    if match is not None:
        return Quotation(quoted, True, match.passage_id)
    needle = normalize_quotation(quoted)
    if max((fuzz.partial_ratio(needle, paragraph) for paragraph in _normalized_paragraphs()), default=0) < _PREFILTER:
        # Cheap first look: nothing in the text is even loosely like it, so skip the
        # costly search for the closest passage.
        return Quotation(quoted, False, other_source=True)
    near = closest_quotation(quoted)
    if near is None or near.score < MISQUOTE_SIMILARITY:
        # Nothing like it in the text: a quotation from another work, or a phrase
        # in scare quotes. Not checked, and not counted against the student.
        return Quotation(quoted, False, other_source=True)
    return Quotation(quoted, False, near.passage_id, near.text)


def essay_verdicts(text: str) -> list[str]:
    """The Scales options (join, refuse, temporary, leave) an answer appears to argue for.

    Quotations are left out first: quoting the woman's "Choose peace." is
    evidence about the text, not a vote for joining.
    """
    own_words = _QUOTED.sub(" ", text)
    return [option for option, pattern in _VERDICT_CUES.items() if pattern.search(own_words)]


def _blank(context: Context) -> bool:
    return not context.answer.strip()


def _textual_evidence(context: Context) -> Evidence:
    text = load_text()
    quotations = tuple(check_quotation(q) for q in find_quoted(context.answer))
    ids = find_passage_ids(context.answer)
    valid_ids = [pid for pid in ids if pid in text]
    bad_ids = [pid for pid in ids if pid not in text]
    good = sum(q.found for q in quotations) + len(valid_ids)
    misquotes = [q for q in quotations if not q.found and not q.other_source]
    findings: list[str] = []
    flags: list[str] = []
    for q in quotations:
        if q.found:
            findings.append(f"Quotation found in the text at {q.passage_id}: \u201c{q.quoted}\u201d")
        elif q.other_source:
            findings.append(f"Quoted, not from \u201cElysara\u201d (another source?): \u201c{q.quoted}\u201d")
        else:
            flags.append(f"Not in the text: \u201c{q.quoted}\u201d; closest passage {q.passage_id}: \u201c{q.closest}\u201d")
    if valid_ids:
        findings.append(f"Passages cited: {', '.join(valid_ids)}")
    for pid in bad_ids:
        flags.append(f"No passage {pid} in the text (valid ids run p1..p8, sentences like p4.2)")
    if good >= 2 and not misquotes and not bad_ids:
        level = "strong"
    elif good >= 1:
        level = "adequate"
    elif misquotes or bad_ids:
        level = "weak"
    else:
        level = "missing"
        findings.append("No quotation of the text and no passage id found.")
    return Evidence("textual_evidence", level, tuple(findings), tuple(flags), quotations)


def _length(context: Context) -> Evidence:
    count = word_count(context.answer)
    limits = context.words
    low = getattr(limits, "min", 0) or 0
    high = getattr(limits, "max", None)
    bounds = f"{low}-{high}" if high else f"at least {low}"
    finding = f"{count} words (asked for {bounds})."
    if count == 0:
        return Evidence("length", "missing", (finding,))
    if count >= low and (high is None or count <= high):
        level = "strong"
    elif count >= 0.75 * low and (high is None or count <= 1.25 * high):
        level = "adequate"
    else:
        level = "weak"
    return Evidence("length", level, (finding,))


def _objection(context: Context) -> Evidence:
    objection = _OBJECTION_CUES.search(context.answer)
    if objection is None:
        return Evidence("objection", "missing", ("No objection considered (no cue such as \u201cone might object\u201d).",))
    reply = _REPLY_CUES.search(context.answer, objection.end())
    found = f"Objection cue: \u201c{objection.group(0)}\u201d"
    if reply is None:
        return Evidence("objection", "weak", (found, "No reply to the objection found after it."))
    return Evidence("objection", "strong", (found, f"Reply cue: \u201c{reply.group(0)}\u201d"))


def _concepts(context: Context) -> Evidence:
    answer = context.answer
    if context.expected_concepts:
        expected = context.expected_concepts
        found = [
            c.concept for c in expected
            if any(_phrase(p).search(answer) for p in c.patterns)
        ]
        missing = [c.concept for c in expected if c.concept not in found]
        share = len(found) / len(expected)
        level = "strong" if share >= 1 else "adequate" if share >= 0.5 else "weak" if found else "missing"
        findings = [f"Expected concepts found: {', '.join(found) or 'none'} ({len(found)} of {len(expected)})."]
        if missing:
            findings.append(f"Not found: {', '.join(missing)}.")
        return Evidence("concepts", level, tuple(findings))
    used = _glossary_used(answer)
    level = "strong" if len(used) >= 3 else "adequate" if len(used) == 2 else "weak" if used else "missing"
    return Evidence("concepts", level, (f"Glossary terms used: {', '.join(used) or 'none'}.",))


def _thesis(context: Context) -> Evidence:
    sentences = [s.strip() for s in _SENTENCE.findall(context.answer) if s.strip()]
    for index, sentence in enumerate(sentences):
        if _THESIS_CUES.search(sentence):
            level = "strong" if index < 3 else "adequate"
            return Evidence("thesis", level, (f"Position stated in sentence {index + 1}: \u201c{sentence[:200]}\u201d",))
    return Evidence("thesis", "weak", ("No clearly stated position found (no cue such as \u201cI argue\u201d or \u201cshould\u201d).",))


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


def _widget_consistency(context: Context) -> Evidence:
    if context.state is None:
        why = context.state_error or "no widget state was pasted into the notebook"
        return Evidence("widget_consistency", "weak", (f"No widget state: {why}.",))
    findings = [f"A {context.widget} state was given."]
    flags: list[str] = []
    if context.widget == "scales":
        verdict, error = _scales_verdict(context.state)
        if error:
            flags.append(error)
        else:
            findings.append(f"The Scales verdict for this state is \u201c{verdict}\u201d.")
            argued = essay_verdicts(context.answer)
            if argued and verdict not in argued:
                flags.append(
                    f"The Scales state's verdict (\u201c{verdict}\u201d) differs from the verdict the answer appears "
                    f"to argue (\u201c{', '.join(argued)}\u201d): check whether the answer explains why. Not a penalty."
                )
    elif context.widget == "tension":
        findings.extend(_tension_findings(context.state))
    elif context.widget == "reversal":
        found, flag = _reversal_findings(context.state, context.answer)
        findings.extend(found)
        flags.extend(flag)
    return Evidence("widget_consistency", "strong", tuple(findings), tuple(flags))


_SAYS_MOVED = re.compile(r"\b(changed my (?:answer|mind)|framing changed|(?:i|my answer) (?:switched|flipped|reversed))", re.IGNORECASE)
_SAYS_STAYED = re.compile(
    r"\b((?:did not|didn't|does not|doesn't) change(?:d)? my (?:answer|mind)|same answer (?:both|each) time)", re.IGNORECASE
)


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


def _reversal_findings(state: Any, answer: str) -> tuple[list[str], list[str]]:
    """Whether the framing moved the pasted answers, and a flag if the prose says otherwise."""
    try:
        from elysara.widgets import reversal

        read = reversal.state_from_dict(state)
        result = reversal.evaluate(read)
    except (ImportError, ValueError, TypeError, KeyError):
        return [], []
    experiment = read.experiment_answer
    if experiment is not None and not result.complete:
        # The class experiment: one answer, which by itself shows no framing effect (no flag).
        framing, answer = experiment
        label = reversal.FRAMINGS[framing].labels[answer]
        return [f"Reversal (class experiment): assigned {reversal.FRAMINGS[framing].title}; answered \u201c{label}\u201d. "
                "One answer shows no framing effect by itself; compare the class result on the dashboard."], []
    moved = result.moved
    finding = f"Reversal: the framing {'changed' if moved else 'did not change'} the pasted answers."
    says_moved, says_stayed = bool(_SAYS_MOVED.search(answer)), bool(_SAYS_STAYED.search(answer))
    if (moved and says_stayed and not says_moved) or (not moved and says_moved and not says_stayed):
        return [finding], [
            "The answer describes the framing's effect differently from the pasted Reversal state: check which "
            "one the student meant. Not a penalty."
        ]
    return [finding], []


def _none(context: Context) -> Evidence:
    return Evidence("none", None, ("No automatic evidence for this criterion; the instructor sets the level.",))


GATHERERS: dict[str, Callable[[Context], Evidence]] = {
    "textual_evidence": _textual_evidence,
    "length": _length,
    "objection": _objection,
    "concepts": _concepts,
    "thesis": _thesis,
    "widget_consistency": _widget_consistency,
    "none": _none,
}


def gather(kind: str, context: Context) -> Evidence:
    """Evidence and a suggested level for one criterion; a blank answer suggests ``missing``."""
    if _blank(context):
        return Evidence(kind, "missing", ("No answer given.",))
    return GATHERERS[kind](context)
