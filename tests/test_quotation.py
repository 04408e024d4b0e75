"""Finding students' quotations in the text: tolerant of typography, strict about words."""

from __future__ import annotations

import pytest

from elysara.text import closest_quotation, find_quotation, load_text
from elysara.text.quotation import find_quotations


def test_an_exact_quotation_is_found_with_its_sentence_paragraph_and_span():
    match = find_quotation("Would I still be me without them?")
    assert match is not None
    assert (match.paragraph_id, match.sentence_ids, match.passage_id) == ("p6", ("p6.4",), "p6.4")
    paragraph = load_text().passage("p6")
    assert paragraph.text[match.start : match.end] == "Would I still be me without them?"
    assert match.text == "Would I still be me without them?"


@pytest.mark.parametrize(
    ("quotation", "words_in_the_text", "sentence"),
    [
        # The text has a straight apostrophe in "I've" (p1) and curly ones in "city’s" (p3).
        ("unlike anything I’ve ever seen", "unlike anything I've ever seen", "p1.2"),
        ("at the city's heart", "at the city’s heart", "p3.4"),
        ("“Choose, wanderer.", '"Choose, wanderer.', "p8.2"),
    ],
)
def test_curly_and_straight_quotes_are_the_same(quotation, words_in_the_text, sentence):
    match = find_quotation(quotation)
    assert match is not None, quotation
    assert match.text == words_in_the_text
    assert match.sentence_ids == (sentence,)


@pytest.mark.parametrize("dash", ["—", "–", "-", " - ", " -- ", " — "])
def test_any_dash_spelling_matches_the_texts_em_dash(dash):
    match = find_quotation(f"Pain, grief, anger{dash}they are but illusions")
    assert match is not None, dash
    assert match.text == "Pain, grief, anger—they are but illusions"
    assert match.passage_id == "p4.4"


def test_whitespace_and_line_breaks_do_not_matter():
    match = find_quotation("  Choose\n   peace.  ")
    assert match is not None
    assert match.passage_id == "p8.3"


def test_a_quotation_across_sentences_names_every_sentence_and_its_paragraph():
    match = find_quotation('Choose peace." The dome’s light surges brighter')
    assert match is not None
    assert match.sentence_ids == ("p8.3", "p8.4")
    assert match.passage_id == "p8"


@pytest.mark.parametrize(
    "misquotation",
    [
        "Choose happiness.",  # a changed word
        "Would I still be myself without them?",
        "The allure of a life with no pain",
        "",
    ],
)
def test_a_misquotation_is_not_found(misquotation):
    assert find_quotation(misquotation) is None


def test_a_phrase_that_recurs_is_found_at_every_place():
    places = [m.sentence_ids[0] for m in find_quotations("Join us")]
    assert places == ["p2.7", "p5.6"]


def test_closest_quotation_suggests_what_the_student_meant():
    suggestion = closest_quotation("Would I still be myself without them?")
    assert suggestion is not None
    assert suggestion.text == "Would I still be me without them?"
    assert suggestion.passage_id == "p6.4"
    assert 70 < suggestion.score < 100


def test_closest_quotation_handles_a_paraphrase_of_a_long_sentence():
    suggestion = closest_quotation("the allure of a life with no pain tugs at me")
    assert suggestion is not None
    assert suggestion.passage_id == "p6.2"
    assert suggestion.text.startswith("The allure of a life without pain tugs at me")


def test_closest_quotation_of_nothing_is_none():
    assert closest_quotation("   ") is None
