"""Quotation evidence, one test per rule (issue #11, part 1; the rules are in exercises/README.md)."""

from __future__ import annotations

import pytest

from elysara.exercises.grading.evidence import Context, gather, gather_pieces
from elysara.text import load_text
from elysara.text.quotation import find_quotation, word_diff


def _only_quotation(answer: str) -> dict:
    [quotation] = gather("textual_evidence", Context(answer=answer)).data["quotations"]
    return quotation


def test_case_does_not_matter():
    match = find_quotation("choose peace")
    assert match is not None and match.passage_id == "p8.3"
    assert _only_quotation('She ends with "choose peace" (p8.3).')["verdict"] == "verified"


def test_the_texts_emphasis_may_be_kept_or_dropped():
    for spelling in ("Would I still be *me* without them?", "Would I still be me without them?",
                     "would I still be _me_ without them"):
        match = find_quotation(spelling)
        assert match is not None and match.passage_id == "p6.4", spelling


@pytest.mark.parametrize("ellipsis", ["...", "\u2026", "[...]", "[\u2026]", ". . ."])
def test_an_ellipsis_matches_a_gap_inside_one_paragraph(ellipsis):
    match = find_quotation(f"heartbreaks {ellipsis} calm")
    assert match is not None and match.paragraph_id == "p5" and match.sentence_ids == ("p5.2",)
    assert match.text.startswith("heartbreaks dissolved") and match.text.endswith("calm")


def test_an_ellipsis_keeps_the_order_and_stays_in_its_paragraph():
    assert find_quotation("calm ... heartbreaks") is None  # the words are in the text, but not in this order
    # "Join us" (p5.6) and "Choose peace" (p8.3) are in different paragraphs: no ellipsis spans them.
    assert find_quotation("Join us ... Choose peace") is None


def test_a_bracketed_insertion_stands_for_a_short_span():
    match = find_quotation("[The Nexus] harmonizes our thoughts")
    assert match is not None and match.passage_id == "p4.3"
    match = find_quotation("she explains that [the citizens] have surrendered the burdens of free will")
    assert match is None  # the bracket stands in for words, but "she explains that" is not in the text
    match = find_quotation("We have eradicated suffering [...] by relinquishing the chaos of individuality")
    assert match is not None and match.passage_id == "p4.2"
    inside = find_quotation("[t]he Nexus harmonizes our thoughts")  # a changed letter, not an insertion
    assert inside is not None and inside.passage_id == "p4.3"
    # An insertion may replace a few words, never a whole passage.
    assert find_quotation("I am dreaming [and then] Choose peace") is None


def test_line_breaks_and_spaces_do_not_matter():
    answer = 'She says "We have surrendered the burdens\n    of free will to achieve\ntrue unity" (p4.5).'
    quotation = _only_quotation(answer)
    assert quotation["verdict"] == "verified" and quotation["passages"] == ["p4.5"] and quotation["cited_right"]


def test_a_quotation_may_cross_sentences_and_paragraphs():
    across_sentences = find_quotation("Let go of your doubts. Embrace the serenity")
    assert across_sentences is not None and across_sentences.sentence_ids == ("p5.7", "p5.8")
    last_of_p1 = load_text().passage("p1").sentences[-1].text.split()[-3:]
    first_of_p2 = load_text().passage("p2").sentences[0].text.split()[:3]
    across_paragraphs = find_quotation(" ".join(last_of_p1 + first_of_p2))
    assert across_paragraphs is not None
    assert across_paragraphs.paragraph_ids == ("p1", "p2")


def test_an_invented_quotation_attributed_to_the_text_is_flagged_with_the_closest_passage():
    evidence = gather("textual_evidence", Context(answer='"We have eliminated all suffering forever" (p4)'))
    [quotation] = evidence.data["quotations"]
    assert quotation["verdict"] == "not_found"
    assert quotation["closest"]["passage"] == "p4.2"
    changes = [d for d in quotation["closest"]["diff"] if d["op"] != "equal"]
    assert {"op": "replace", "quoted": "eliminated", "text": "eradicated"} in changes
    assert any("Not in the text" in flag for flag in evidence.flags)
    assert evidence.level in ("weak", None) and evidence.level != "strong"


def test_a_quotation_is_flagged_however_dissimilar_it_is():
    quotation = _only_quotation('The woman promises "a bright future of cheerful shopping malls and bowling".')
    assert quotation["verdict"] == "not_found" and quotation["closest"]["passage"].startswith("p")


def test_a_paraphrase_in_quotation_marks_is_flagged():
    quotation = _only_quotation('The narrator worries that "the Nexus would make me a different person" (p6.4).')
    assert quotation["verdict"] == "not_found"
    assert quotation["closest"]["diff"] and quotation["cited"] == ["p6.4"]


@pytest.mark.parametrize("attribution", [
    'Nozick asks whether we would plug in: "we want to do certain things" (Nozick 1974, p. 43).',
    'As Nozick writes, "we want to do certain things, and not just have the experience of doing them".',
    'In *Anarchy, State, and Utopia* the point is that "we want to do certain things".',
    'The machine argument ("we want to do certain things") [@nozick1974] is about more than pleasure.',
])
def test_a_quotation_attributed_to_another_work_is_not_checked_against_the_text(attribution):
    evidence = gather("textual_evidence", Context(answer=attribution))
    [quotation] = evidence.data["quotations"]
    assert quotation["verdict"] == "other_work" and quotation["closest"] is None
    assert evidence.flags == ()


def test_a_scare_quoted_term_is_not_a_misquotation():
    evidence = gather("textual_evidence", Context(answer='The citizens\' "happiness" is a kind of "managed calm".'))
    verdicts = [q["verdict"] for q in evidence.data["quotations"]]
    assert verdicts == ["scare_quote", "scare_quote"] and evidence.flags == ()
    # Four words are a quotation, not a term: that one is checked and flagged.
    assert _only_quotation('It is a "managed calm for everyone".')["verdict"] == "not_found"


def test_a_quotation_and_the_id_beside_it_are_one_piece_of_evidence():
    pieces = gather_pieces('She pleads "Choose, wanderer. Choose peace." (p8.2), then p5.9 promises more.')
    assert [(p.kind, p.cited) for p in pieces] == [("quotation", ("p8.2",)), ("passage", ("p5.9",))]
    assert pieces[0].cited_right is True
    evidence = gather("textual_evidence", Context(answer='"Choose peace" (p8.3)'))
    assert evidence.data["good_pieces"] == 1 and not evidence.data["passage_ids"]


def test_an_id_beside_a_quotation_that_is_elsewhere_is_flagged():
    evidence = gather("textual_evidence", Context(answer='She says "Let go of your doubts" (p2.7).'))
    [quotation] = evidence.data["quotations"]
    assert quotation["verdict"] == "verified" and quotation["cited_right"] is False
    assert any("cited as p2.7" in flag for flag in evidence.flags)


def test_a_quotation_that_occurs_twice_is_right_with_either_id():
    for cited in ("p2.7", "p5.6"):
        assert _only_quotation(f'"Join us" ({cited})')["cited_right"] is True, cited


def test_the_word_diff_shows_each_change_as_written():
    diff = word_diff("We have eliminated suffering", "We have eradicated suffering")
    assert diff == [
        {"op": "equal", "quoted": "We have", "text": "We have"},
        {"op": "replace", "quoted": "eliminated", "text": "eradicated"},
        {"op": "equal", "quoted": "suffering", "text": "suffering"},
    ]
