"""Annotations as data: every kind of mistake is reported, named, and all at once."""

from __future__ import annotations

import textwrap
from collections import Counter
from pathlib import Path

import pytest

from elysara.book import build_book
from elysara.bookdata.annotations import CATEGORIES, AnnotationError, annotations_for, load_annotations
from elysara.bookdata.references import BookReferences, bib_keys, glossary_terms
from elysara.text import load_text

REFERENCES = BookReferences(
    terms=frozenset({"experience machine", "autonomy", "consent"}),
    bib_keys=frozenset({"nozick1974", "kant1785"}),
)

GOOD = """
- id: p4-machine
  passage: p4.1
  span: the Nexus of Serenity
  category: connection
  title: The Nexus as an experience machine
  body: The Nexus is an {term}`experience machine` {cite:p}`nozick1974`.
"""


def write(folder: Path, name: str, yaml_text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(yaml_text), encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with pytest.raises(AnnotationError) as caught:
        load_annotations(folder, references=REFERENCES)
    message = str(caught.value)
    assert str(folder) in message.splitlines()[0]
    return caught.value.problems


def test_a_valid_annotation_loads_and_knows_where_it_is(tmp_path):
    write(tmp_path, "p4.yml", GOOD)
    [note] = load_annotations(tmp_path, references=REFERENCES)
    paragraph = load_text().passage("p4")
    assert note.paragraph_id == "p4"
    assert paragraph.text[note.start : note.end] == "the Nexus of Serenity"
    assert note.file == "p4.yml"


def test_a_drifted_span_is_reported_with_the_closest_match(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("span: the Nexus of Serenity", "span: the Nexus of Serenty"))
    [problem] = problems(tmp_path)
    assert problem.startswith("p4.yml, annotation 'p4-machine': span 'the Nexus of Serenty' not found in p4.1; closest match: 'the Nexus of Seren")


def test_an_ambiguous_span_needs_an_occurrence(tmp_path):
    # "our" occurs three times in p4.3: "our thoughts, our emotions, our very desires".
    write(tmp_path, "p4.yml", GOOD.replace("passage: p4.1", "passage: p4.3").replace("span: the Nexus of Serenity", "span: our"))
    assert problems(tmp_path) == ["p4.yml, annotation 'p4-machine': span 'our' occurs 3 times in p4.3; add occurrence: 1..3"]


def test_an_occurrence_picks_the_right_repeat_and_out_of_range_is_an_error(tmp_path):
    text = GOOD.replace("passage: p4.1", "passage: p4.3").replace("span: the Nexus of Serenity", "span: our")
    write(tmp_path, "p4.yml", text.replace("category:", "occurrence: 3\n  category:"))
    [note] = load_annotations(tmp_path, references=REFERENCES)
    paragraph = load_text().passage("p4")
    assert paragraph.text[note.start : note.end + len(" very desires")] == "our very desires"
    write(tmp_path, "p4.yml", text.replace("category:", "occurrence: 4\n  category:"))
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-machine': occurrence 4 is out of range: span 'our' occurs 3 times in p4.3"
    ]


def test_a_duplicate_id_is_reported_with_both_files(tmp_path):
    write(tmp_path, "p4.yml", GOOD)
    write(tmp_path, "p5.yml", GOOD.replace("passage: p4.1", "passage: p5.9").replace("span: the Nexus of Serenity", "span: the Nexus"))
    assert problems(tmp_path) == ["p5.yml, annotation 'p4-machine': duplicate id (also in p4.yml)"]


def test_a_missing_glossary_term_names_the_closest_valid_term(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("{term}`experience machine`", "{term}`experience machines`"))
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-machine': body {term}: unknown glossary term 'experience machines'; did you mean 'experience machine'?"
    ]


def test_terms_listed_in_the_terms_field_are_checked_too(tmp_path):
    write(tmp_path, "p4.yml", GOOD + "  terms: [autonomy, autonomous]\n")
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-machine': terms: unknown glossary term 'autonomous'; did you mean 'autonomy'?"
    ]


def test_a_missing_citation_key_is_reported(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("{cite:p}`nozick1974`", "{cite:t}`nozick1975`"))
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-machine': body {cite}: unknown citation key 'nozick1975'; did you mean 'nozick1974'?"
    ]


def test_an_unknown_passage_is_reported(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("passage: p4.1", "passage: p4.9"))
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-machine': unknown passage: no passage 'p4.9' in the text; valid ids are p4.1..p4.5 in p4"
    ]


def test_an_unknown_category_lists_the_valid_ones(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("category: connection", "category: theme"))
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-machine': category: unknown category 'theme'; valid categories are "
        "concept, literary-device, ethical-question, connection"
    ]


def test_overlapping_spans_are_rejected(tmp_path):
    second = GOOD.replace("id: p4-machine", "id: p4-serenity").replace("span: the Nexus of Serenity", "span: Serenity, a colossal machine")
    write(tmp_path, "p4.yml", GOOD + second)
    assert problems(tmp_path) == [
        "p4.yml, annotation 'p4-serenity': span 'Serenity, a colossal machine' overlaps the span "
        "'the Nexus of Serenity' of annotation 'p4-machine'; spans may not overlap"
    ]


def test_every_problem_is_collected_into_one_error(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("span: the Nexus of Serenity", "span: the Nexus of Serenty").replace("nozick1974", "nozik"))
    write(tmp_path, "p8.yml", GOOD.replace("id: p4-machine", "id: p8-plea").replace("passage: p4.1", "passage: p9"))
    found = problems(tmp_path)
    assert len(found) == 3
    assert [p.split(":")[0] for p in found] == ["p4.yml, annotation 'p4-machine'"] * 2 + ["p8.yml, annotation 'p8-plea'"]


def test_a_missing_field_is_named(tmp_path):
    write(tmp_path, "p4.yml", GOOD.replace("  title: The Nexus as an experience machine\n", ""))
    assert problems(tmp_path) == ["p4.yml, annotation 'p4-machine': title: Field required"]


# --- The book's own annotations ----------------------------------------------------------

@pytest.fixture(scope="module")
def real() -> list:
    return load_annotations()


def test_glossary_terms_and_bib_keys_are_read_from_the_books_sources(repo_root):
    terms = glossary_terms(repo_root / "book/glossary.md")
    assert {"experience machine", "negative liberty", "dukkha", "open ending"} <= terms
    assert "nozick1974" in bib_keys([repo_root / "book/references.bib"])


def test_the_books_annotations_validate(real):
    assert len(real) >= 48


def test_every_paragraph_has_at_least_four_notes_and_every_category_is_used(real):
    per_paragraph = Counter(a.paragraph_id for a in real)
    assert {p.id for p in load_text().paragraphs} == set(per_paragraph)
    assert min(per_paragraph.values()) >= 4, per_paragraph
    per_category = Counter(a.category for a in real)
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 8, per_category


def test_every_note_is_a_readable_length_and_links_a_term_or_a_source(real):
    for note in real:
        words = len(note.body.split())
        assert 40 <= words <= 120, (note.id, words)
        assert note.body_terms() or note.body_cites() or note.terms or note.cites, note.id


@pytest.mark.parametrize(
    ("topic", "needle"),
    [
        ("Nozick's experience machine", "nozick1974"),
        ("Huxley", "huxley1932"),
        ("Le Guin's Omelas", "leguin1973"),
        ("Mill's Socrates dissatisfied", "mill1863"),
        ("Berlin", "berlin1958"),
        ("Kant", "kant1785"),
        ("Buddhism", "rahula1959"),
        ("De Brigard", "debrigard2010"),
        ("Weijers", "weijers2014"),
        ("Locke or Parfit", "locke1694"),
    ],
)
def test_the_required_sources_are_each_discussed(real, topic, needle):
    assert any(needle in note.body_cites() for note in real), topic


def test_the_required_passages_are_annotated(real):
    spans = {a.span for a in real}
    assert "Choose peace." in spans  # the plea
    assert "Would I still be me without them?" in spans  # personal identity
    assert any(a.paragraph_id == "p8" and "wake up" in a.span for a in real)  # the unresolved ending
    assert any("Nexus of Serenity" in a.span and "experience machine" in a.body_terms() for a in real)


def test_annotations_for_a_sentence_returns_only_its_notes():
    notes = annotations_for("p6.4")
    assert [n.span for n in notes] == ["Would I still be me without them?"]
    assert all(n.paragraph_id == "p6" for n in annotations_for("p6"))
    assert len(annotations_for("p6")) >= 4


# --- Through a real Sphinx build ---------------------------------------------------------

@pytest.mark.slow
def test_a_book_with_a_drifted_annotation_fails_to_build_naming_it(repo_root, tmp_path):
    result = build_book(repo_root / "tests/books/annotations-broken", tmp_path)
    assert not result.ok
    assert "p4.yml, annotation 'p4-drifted': span 'the Nexus of Serenty' not found in p4.1" in result.log
    assert not (result.html_dir / "book/reading.html").exists()
