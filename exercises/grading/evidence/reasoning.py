"""Reasoning criteria: a thesis that takes a side, an objection answered.

These look for the *shape* of reasoning, not for cue words: "because"
anywhere does not make a thesis, and "objection" plus "I reply" does not make
an objection answered. A thesis is a sentence that takes a side on the
question (a verdict such as *should not join*, *is not worth*, *cannot
consent*, or "I argue that ..." followed by a claim); announcing a position
("I will take a position on this") is not taking one. An objection is a claim
against the thesis, followed by a reply that engages it: the reply shares
content words with the objection and gives a reason.

Where the shape is unclear the gatherer suggests nothing and says why: the
criterion is then "for your reading".
"""

from __future__ import annotations

import re

from elysara.exercises.grading.evidence.base import Context, Evidence, Highlight, content_words, sentences

__all__ = ["objection", "thesis", "own_words"]

_QUOTED = re.compile(r"[\"\u201c\u201e]([^\"\u201c\u201d\u201e]{2,600}?)[\"\u201d]")

# A sentence that takes a side: a verdict about joining or the question's claim.
_NOT = r"(?:\s+not|n't|\s+never)?"
_SIDE = re.compile(
    r"\b(?:"
    rf"(?:should|ought to|must|would|will|could|can|i){_NOT}(?:\s+\w+ly)?\s+(?:join|refuse|accept|reject|connect|turn away|decline|choose|stay|leave|wake)\b"
    rf"|(?:is|are|was|were|would be|isn't|aren't|wasn't){_NOT}\s+(?:\w+\s+){{0,2}}?(?:worth|justified|unjustified|wrong|right|better|worse|"
    r"possible|impossible|valid|invalid|free|unfree|genuine|real|mistaken|a mistake|enough|meaningful|good|bad|"
    r"acceptable|unacceptable|irrational|rational|reasonable|unreasonable|weaker|stronger|flawed|sound|fair|unfair|"
    r"misleading|convincing|unconvincing|successful|strength|weakness|a (?:strength|weakness|flaw))"
    r"|(?:cannot|can't|could not|couldn't|can|could)\s+(?:\w+\s+){0,2}?(?:consent|agree|choose freely)"
    r"|no one (?:can|could)|nobody (?:can|could)"
    r"|i (?:argue|think|believe|hold|maintain|contend|conclude|claim|agree|disagree|accept|side with|would say)\b"
    r"|my (?:view|answer|position|thesis|claim|conclusion|verdict) is"
    r"|i (?:will|shall|am going to|want to) (?:argue|show|defend) that"
    r")",
    re.IGNORECASE,
)
# Announcing a position without taking it.
_ANNOUNCE = re.compile(
    r"\b(?:i (?:will|shall|am going to|want to|would like to) (?:take a (?:position|stance|side)|discuss|explore|look at|"
    r"consider|talk about|examine|write about|answer)(?!\w* that)|this (?:essay|answer|reflection) (?:will|is going to) "
    r"(?:discuss|explore|look at|consider|examine))",
    re.IGNORECASE,
)
# A sentence that weighs both sides without choosing ("There are good sides and bad sides").
_BOTH_SIDES = re.compile(
    r"\b(?:good (?:sides? )?and bad|pros and cons|both sides|on the one hand|advantages and disadvantages|"
    r"strengths and weaknesses|arguments on both)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:maybe|perhaps|it depends|depends on|in some ways|on (?:the )?one hand|hard to say|not sure|unsure|"
    r"both sides|kind of|sort of|i guess|possibly|probably|partly|in most cases|to some extent|somewhat)\b",
    re.IGNORECASE,
)

_OBJECTION = re.compile(
    r"\b(?:(?:one|someone|somebody|a critic|critics|an opponent|opponents|others|other people|some people|some|a reader|"
    r"a defender of [\w\s]{1,30}?|a (?:hedonist|utilitarian|kantian|lockean|libertarian|skeptic|sceptic)|"
    r"(?:hedonists|utilitarians|kantians|skeptics|sceptics))\s+(?:might|could|may|would|will|can)\s+"
    r"(?:\w+\s+)?(?:object|argue|say|reply|respond|claim|insist|think|answer|point out|counter)"
    r"|it (?:might|could|may|can) be (?:said|argued|objected|replied)"
    r"|(?:an|the|one|a) (?:obvious |main |strongest |best |natural |serious )?objection"
    r"|objects? that|on the other hand|counter-?argument|admittedly|i concede|to be fair|granted,)",
    re.IGNORECASE,
)
_DISAGREE_ONLY = re.compile(
    r"(?<!even if )\b(?:some people|some readers|some critics|many people)\s+(?:would\s+|might\s+|may\s+)?"
    r"(?:disagree|think|find|say|believe|feel|prefer|see it differently)\b"
    r"|\b(?:others|other people)\s+(?:would\s+|might\s+|may\s+)?(?:disagree|see it differently)\b|\bnot everyone agrees\b",
    re.IGNORECASE,
)
# An answer that declines to take a side ("there is no right answer", "it depends").
_NO_POSITION = re.compile(
    r"\b(?:there is no (?:right|correct|single|one) answer|no right answer|it (?:all )?depends|up to each (?:person|individual|reader)"
    r"|hard to say|(?:can't|cannot) decide|both sides)\b",
    re.IGNORECASE,
)
_REPLY = re.compile(
    r"\b(?:(?:i|we) (?:reply|respond|answer|disagree)|in (?:reply|response)|but|however|yet|still|nevertheless|"
    r"nonetheless|even so|this (?:objection )?(?:fails|misses|overlooks|ignores|confuses|assumes|forgets)|"
    r"the problem with (?:this|that)|that is true|this is true|true,|this misses)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|since|for|so|which means|means|if|unless|whereas|the difference|only|therefore|thus|that is why|"
    r"shows?|would make|cannot|can't)\b",
    re.IGNORECASE,
)

# A reply that works on the objection itself (names a flaw in it, draws a distinction) ...
_ENGAGES = re.compile(
    r"\b(?:this|that|the|such an?) (?:objection|argument|point|worry|reply|view|claim|reasoning) (?:\w+ )?"
    r"(?:assumes|confuses|overlooks|ignores|misses|fails|forgets|mistakes|proves too much|rests on|depends on)"
    r"|\b(?:is|are) not the same (?:as|thing)|\bthe difference (?:is|between)|\bdoes not (?:show|follow|mean|prove)"
    r"|\bconfuses\b|\bi grant\b|\bgranting\b|\beven if (?:this|that|it) (?:is|were) true",
    re.IGNORECASE,
)
# ... and one that only says the thesis again.
_RESTATES = re.compile(r"\bi still (?:think|believe|feel|say|hold|agree|prefer|would)\b|\bstill,? i (?:think|believe)\b",
                       re.IGNORECASE)

_REFLECTIVE = {"reflection"}


def own_words(text: str) -> str:
    """``text`` with every quotation blanked out (same length, so offsets still hold)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


def _short(context: Context) -> bool:
    """Far below the minimum: under half the words asked for."""
    from elysara.exercises.grading.evidence.base import word_count

    return bool(context.min_words) and word_count(context.answer) < 0.5 * context.min_words


def thesis(context: Context) -> Evidence:
    """A sentence that takes a side, how early it comes and whether it is hedged."""
    mine = own_words(context.answer)
    found = None
    announced = None
    for number, (start, end, sentence) in enumerate(sentences(mine), start=1):
        if sentence.rstrip().endswith("?"):
            continue
        if _ANNOUNCE.search(sentence) and announced is None:
            announced = (number, start, end, sentence)
        if _BOTH_SIDES.search(sentence):
            continue
        if _SIDE.search(sentence) and not (_ANNOUNCE.search(sentence) and not re.search(r"\bthat\b", sentence)):
            found = (number, start, end, sentence)
            break
    if found is None:
        findings = ["No sentence that takes a side on the question was found."]
        if announced is not None:
            findings.append(f"Sentence {announced[0]} announces a position without taking one: "
                            f"\u201c{announced[3][:160]}\u201d")
        evidence = Evidence("thesis", None, tuple(findings),
                            reading="no sentence clearly takes a side: a position may be implied, or missing")
        return evidence
    number, start, end, sentence = found
    declines = _NO_POSITION.search(mine)
    if declines is not None:
        return Evidence("thesis", None, (f"Position taken in sentence {number}: \u201c{sentence[:200]}\u201d",
                                         f"But the answer also says \u201c{declines.group(0)}\u201d."), (),
                        "the answer takes a side and also declines to: a judgement for a reader",
                        (Highlight(start, end, "position"), Highlight(declines.start(), declines.end(), "no position")))
    hedged = bool(_HEDGE.search(sentence))
    finding = f"Position taken in sentence {number}: \u201c{sentence[:200]}\u201d" + (" (hedged)" if hedged else "")
    highlights = (Highlight(start, end, "position"),)
    data = {"sentence": number, "hedged": hedged}
    if context.item_type not in _REFLECTIVE:
        return Evidence("thesis", None, (finding,), (), "a short answer's resolution is a judgement of its reasons",
                        highlights, data)
    if number > 3:
        return Evidence("thesis", None, (finding,), (), "a position taken only late in the answer may be its thesis "
                        "or an afterthought: a judgement for a reader", highlights, data)
    level = "adequate" if hedged else "strong"
    if level == "strong" and _short(context):
        # Stated early, but in an answer far below its minimum nothing develops it: at most adequate.
        return Evidence("thesis", "adequate", (finding, "The answer is far below its word minimum, so the position "
                        "is stated but not developed."), (), None, highlights, data)
    return Evidence("thesis", level, (finding,), (), None, highlights, data)


def objection(context: Context) -> Evidence:
    """An objection to the answer's position, and a reply that engages it with a reason."""
    mine = own_words(context.answer)
    parts = sentences(mine)
    for index, (start, end, sentence) in enumerate(parts):
        cue = _OBJECTION.search(sentence)
        if cue is None:
            continue
        # The objection: its sentence (and the next, when the cue sentence only introduces it).
        objection_text = sentence[cue.end():] if len(sentence[cue.end():].split()) >= 4 else sentence
        rest = parts[index + 1:]
        if len(content_words(objection_text)) < 3 and rest and not _REPLY.match(rest[0][2]):
            objection_text += " " + rest[0][2]
            rest = rest[1:]
        highlights = [Highlight(start, end, "objection")]
        finding = f"Objection: \u201c{sentence[:200]}\u201d"
        # The reply: the first later sentence that turns against it, with what follows it.
        tail = sentence[cue.end():]
        reply_at = next((i for i, (_, _, s) in enumerate(rest) if _REPLY.search(s)), None)
        if reply_at is None and _REPLY.search(tail):
            reply_text, reply_span = tail[_REPLY.search(tail).start():], (start, end)
        elif reply_at is not None:
            chosen = rest[reply_at: reply_at + 3]
            reply_text = " ".join(s for _, _, s in chosen)
            reply_span = (chosen[0][0], chosen[-1][1])
        else:
            return Evidence("objection", None, (finding, "No reply to it was found."), (),
                            "an objection with no reply found: it may be answered in other words", tuple(highlights),
                            {"objection": True, "reply": False})
        highlights.append(Highlight(*reply_span, "reply"))
        shared = content_words(objection_text) & content_words(reply_text)
        reasoned = bool(_REASON.search(reply_text)) and len(reply_text.split()) >= 12
        findings = (finding, f"Reply: \u201c{reply_text[:200]}\u201d",
                    f"Words the reply shares with the objection: {', '.join(sorted(shared)) or 'none'}.")
        data = {"objection": True, "reply": True, "shared_words": sorted(shared), "reason": reasoned}
        if context.item_type not in _REFLECTIVE:
            return Evidence("objection", None, findings, (), "this criterion asks about more than an objection",
                            tuple(highlights), data)
        engages = _ENGAGES.search(reply_text) is not None
        restates = _RESTATES.search(reply_text) is not None
        data["engages"], data["restates"] = engages, restates
        if engages and (shared or reasoned) and len(reply_text.split()) >= 15:
            return Evidence("objection", "strong", findings, (), None, tuple(highlights), data)
        if restates and not engages:
            # Answered only by saying the thesis again: adequate if the objection itself gave a reason,
            # weak if it only said that some people disagree.
            objection_reasoned = bool(_REASON.search(objection_text) or ":" in objection_text
                                      or len(content_words(objection_text)) >= 5)
            data["objection_reasoned"] = objection_reasoned
            return Evidence("objection", "adequate" if objection_reasoned else "weak", findings, (), None,
                            tuple(highlights), data)
        return Evidence("objection", None, findings, (),
                        "the reply may or may not engage the objection: a judgement for a reader",
                        tuple(highlights), data)
    if _DISAGREE_ONLY.search(mine):
        match = _DISAGREE_ONLY.search(mine)
        return Evidence("objection", "weak" if context.item_type in _REFLECTIVE else None,
                        (f"Mentions that others see it differently, with no objection argued: \u201c{match.group(0)}\u201d",), (),
                        None if context.item_type in _REFLECTIVE else "this criterion asks about more than an objection",
                        (Highlight(match.start(), match.end(), "disagreement"),), {"objection": False})
    if context.item_type in _REFLECTIVE and not re.search(r"\b(?:but|however|although|though|disagree|critic|object)", mine, re.IGNORECASE):
        return Evidence("objection", "missing", ("No objection considered, and no turn of argument at all.",),
                        data={"objection": False})
    return Evidence("objection", None, ("No objection in a recognised form was found.",), (),
                    "no objection found in a recognised form: one may be made in other words", (), {"objection": False})
