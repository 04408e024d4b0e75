"""The text model: one copy of the text, with stable paragraph and sentence ids."""

from __future__ import annotations

import pytest

from elysara.text import UnknownPassageError, load_text, parse_text, split_sentences


def test_the_text_has_eight_paragraphs_numbered_p1_to_p8():
    text = load_text()
    assert [p.id for p in text.paragraphs] == [f"p{n}" for n in range(1, 9)]


def test_paragraphs_are_the_source_paragraphs_word_for_word(repo_root):
    source = (repo_root / "elysara/text/data/elysara.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in source.split("\n\n")]
    assert [p.source for p in load_text().paragraphs] == blocks


def test_sentences_rebuild_their_paragraph_exactly():
    for paragraph in load_text().paragraphs:
        joined = " ".join(s.text for s in paragraph.sentences)
        assert joined == paragraph.text
        for sentence in paragraph.sentences:
            assert paragraph.text[sentence.offset : sentence.offset + len(sentence.text)] == sentence.text


def test_sentence_ids_are_stable_and_cite_what_readers_expect():
    text = load_text()
    assert text.passage("p1.1").text == "I am dreaming."
    assert text.passage("p6.4").text == "Would I still be me without them?"
    assert text.passage("p8.3").text == 'Choose peace."'
    assert text.passage("p4.4").text == "Pain, grief, anger—they are but illusions we no longer entertain."


def test_emphasis_is_kept_as_emphasis_not_asterisks():
    sentence = load_text().passage("p6.4")
    assert "*" not in sentence.text
    assert sentence.source == "Would I still be *me* without them?"
    [span] = sentence.emphasis
    assert sentence.text[span.start : span.end] == "me"
    assert all("*" not in p.text for p in load_text().paragraphs)


@pytest.mark.parametrize("bad", ["p0", "p9", "p4.0", "p4.6", "p1.99", "4", "P4", "p4.", "paragraph 4", ""])
def test_unknown_passage_ids_raise_an_error_that_names_the_valid_ids(bad):
    with pytest.raises(UnknownPassageError) as caught:
        load_text().passage(bad)
    assert repr(bad) in str(caught.value)
    assert "valid ids" in str(caught.value)


def test_membership_accepts_paragraphs_and_sentences_only():
    text = load_text()
    assert "p4" in text and "p4.5" in text
    assert "p4.6" not in text and 4 not in text


def test_passage_ids_list_every_paragraph_then_its_sentences():
    ids = load_text().passage_ids
    assert ids[:3] == ("p1", "p1.1", "p1.2")
    assert len(ids) == len(set(ids)) == 8 + len(load_text().sentences)


def test_sentence_splitting_keeps_closing_quotes_and_splits_quoted_speech():
    assert split_sentences('He said, "Go. Now." Then he left.') == ['He said, "Go.', 'Now."', "Then he left."]


def test_parse_text_ignores_windows_line_endings_and_extra_blank_lines():
    text = parse_text("One. Two.\r\n\r\n\r\n\r\nThree.")
    assert [p.text for p in text.paragraphs] == ["One. Two.", "Three."]
