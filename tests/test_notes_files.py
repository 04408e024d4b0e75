"""Students' notes files (elysara-notes.json, issue #17): the format, the grader, the class's hot spots."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from elysara.exercises.answers.web_annotations import (
    CONTEXT, FILE_NAME, MAX_BYTES, anchor_for_span, make_annotation, make_collection, parse_notes, read_note_file,
)
from elysara.exercises.bank import load_bank
from elysara.exercises.classroom.hot_spots import count_hot_spots, render_hot_spots
from elysara.exercises.grading.run import grade_to_folder
from elysara.text import load_text

TEXT = load_text()


def sentence_span(sentence_id: str, first_words: int = 4) -> dict:
    """The target for the first words of a sentence."""
    sentence = TEXT.passage(sentence_id)
    words = sentence.text.split()
    length = len(" ".join(words[:first_words]))
    return anchor_for_span(sentence.paragraph_id, sentence.offset, sentence.offset + length)


def note(sentence_id: str, body: str, tag: str | None = None) -> dict:
    return make_annotation(sentence_span(sentence_id), body, tag)


def long_body(topic: str) -> str:
    return f"This sentence about {topic} makes me ask what the dreamer is really choosing, and why it matters."


def full_notes() -> list[dict]:
    """Eight good notes over six paragraphs, two of them questions."""
    ids = ["p1.1", "p2.1", "p3.1", "p4.2", "p4.3", "p5.1", "p6.1", "p8.3"]
    return [note(sid, long_body(sid), "question" if i < 2 else "connection") for i, sid in enumerate(ids)]


def write_notes(folder: Path, student: str, annotations: list[dict]) -> Path:
    path = folder / student / FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(make_collection(annotations), indent=1), encoding="utf-8")
    return path


# --- The bank ---------------------------------------------------------------------

def test_the_annotation_set_is_in_the_bank_apart_from_the_notebook_sets():
    bank = load_bank()
    assert "annotation" in bank.annotation_sets
    assert "annotation" not in bank.sets  # no notebook is released for it, no page lists it
    requires = bank.annotation_sets["annotation"].requires
    assert (requires.notes, requires.paragraphs, requires.questions, requires.words) == (8, 5, 2, 12)


def test_a_misspelt_annotation_set_is_reported_with_its_file(tmp_path):
    from elysara.exercises.bank import BankError
    from elysara.exercises.bank.loading import DEFAULT_FOLDER

    for path in DEFAULT_FOLDER.glob("*.yml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    broken = (tmp_path / "annotation.yml").read_text(encoding="utf-8").replace("  questions: 2", "  question: 2")
    (tmp_path / "annotation.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(BankError) as error:
        load_bank(tmp_path)
    assert "annotation.yml" in str(error.value) and "question" in str(error.value)


# --- The format --------------------------------------------------------------------

def test_a_written_file_has_the_web_annotation_models_required_fields_and_reads_back(tmp_path):
    path = write_notes(tmp_path, "ana", [note("p4.2", "Why call it eradication?", "question"),
                                        make_annotation(anchor_for_span("p4", 3, 200), "Over two sentences.")])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["@context"] == CONTEXT and data["type"] == "AnnotationCollection" and data["id"].startswith("urn:uuid:")
    page = data["first"]
    assert page["type"] == "AnnotationPage" and data["total"] == len(page["items"]) == 2
    first = page["items"][0]
    assert first["type"] == "Annotation" and first["id"].startswith("urn:uuid:")
    assert first["body"][0] == {"type": "TextualBody", "value": "Why call it eradication?", "format": "text/plain",
                                "purpose": "commenting"}
    assert first["body"][1] == {"type": "TextualBody", "value": "question", "purpose": "tagging"}
    assert first["target"]["source"] == "reading.html#p4.2"
    quote, position = first["target"]["selector"]
    sentence = TEXT.passage("p4.2")
    assert quote["type"] == "TextQuoteSelector" and sentence.text.startswith(quote["exact"])
    assert quote["prefix"] == "" and sentence.text[len(quote["exact"]):].startswith(quote["suffix"])
    assert position == {"type": "TextPositionSelector", "start": 0, "end": len(quote["exact"])}
    # Words over two sentences name the paragraph.
    assert page["items"][1]["target"]["source"] == "reading.html#p4"

    read = read_note_file(path)
    assert read.readable and read.problems == []
    assert [(n.passage_id, n.tag, n.body) for n in read.notes] == [
        ("p4.2", "question", "Why call it eradication?"), ("p4", None, "Over two sentences.")]
    assert read.notes[0].exact == quote["exact"] and read.notes[1].sentence_ids[:2] == ("p4.1", "p4.2")


@pytest.mark.parametrize("content, code, words", [
    (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": ', "not-json", "not JSON"),
    (json.dumps({"@context": "https://schema.org/", "type": "AnnotationCollection"}).encode(), "not-annotations",
     "https://schema.org/"),
    (b"\xff\xfe{}", "encoding", "not UTF-8"),
])
def test_a_file_that_is_not_notes_is_one_reason_and_no_notes(tmp_path, content, code, words):
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    read = read_note_file(path)
    assert not read.readable and read.notes == []
    assert [p.code for p in read.problems] == [code] and words in read.problems[0].reason


def test_a_50_mb_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / FILE_NAME
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50_000_000)
    read = read_note_file(path)
    assert not read.readable and read.problems[0].code == "too-large"
    assert f"{MAX_BYTES:,}" in read.problems[0].reason


def test_notes_on_words_the_text_does_not_have_are_reported_never_moved():
    misquoted = note("p2.1", "Misquoted.")
    misquoted["target"]["selector"][0]["exact"] = "As I wander deeper"
    nowhere = note("p2.1", "On a paragraph that does not exist.")
    nowhere["target"]["source"] = "reading.html#p9.1"
    elsewhere = note("p3.1", "Quote from another sentence.")
    elsewhere["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": TEXT.passage("p1.1").text}]
    good = note("p5.1", "Stays.")
    read = parse_notes(make_collection([misquoted, nowhere, elsewhere, good]))
    assert [n.body for n in read.notes] == ["Stays."]
    codes = {p.note: p.code for p in read.problems}
    assert codes == {1: "not-in-text", 2: "no-passage", 3: "not-in-text"}
    assert "not re-anchored" in str(read.problems[0]) and "p9.1" in str(read.problems[1])


def test_a_note_with_a_script_is_kept_as_text_and_reported():
    read = parse_notes(make_collection([note("p1.1", "<script>alert('x')</script> is what I think")]))
    assert read.notes[0].body.startswith("<script>")
    assert read.problems[0].code == "markup" and read.problems[0].counted


# --- Grading a class ------------------------------------------------------------

def test_a_class_of_notes_files_grades_with_gradebook_rows_and_escaped_feedback(tmp_path):
    submissions = tmp_path / "in"
    write_notes(submissions, "ana", full_notes())
    write_notes(submissions, "ben", full_notes()[:4])  # half the notes, all in paragraphs 1-4
    scripted = full_notes()
    scripted[0]["body"][0]["value"] = "<script>alert('x')</script> " + long_body("scripts")
    write_notes(submissions, "cy", scripted)
    (submissions / "dee").mkdir()
    (submissions / "dee" / FILE_NAME).write_text("{not json", encoding="utf-8")
    out = tmp_path / "out"
    outcome = grade_to_folder([submissions], out)
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8"))}
    assert set(rows) == {"ana", "ben", "cy", "dee"}
    assert rows["ana"]["set"] == "annotation" and rows["ana"]["auto_points"] == rows["ana"]["auto_max"] == "4"
    assert float(rows["ben"]["auto_points"]) < 4
    assert rows["dee"]["status"] == "not graded"
    assert any(p.student == "dee" and "not JSON" in p.reason for p in outcome.not_graded)
    assert outcome.exit_status == 1
    page = (out / "feedback" / "cy" / "annotation.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "Notes that interpret" in page and "p1.1" in page
    suggested = (out / "suggested-levels.csv").read_text(encoding="utf-8")
    assert "ana,annotation,notes,notes-connections" in suggested


def test_overrides_confirm_a_notes_rubric_level(tmp_path):
    from elysara.exercises.grading.overrides import load_overrides

    submissions = tmp_path / "in"
    write_notes(submissions, "ana", full_notes())
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("student,set,item,criterion,level,comment\n"
                         "ana,annotation,notes,notes-insight,strong,Sharp questions.\n"
                         "ana,annotation,notes,no-such,strong,\n", encoding="utf-8")
    outcome = grade_to_folder([submissions], tmp_path / "out", overrides=load_overrides(overrides))
    item = outcome.results[0].items[0]
    insight = next(c for c in item.criteria if c.id == "notes-insight")
    assert (insight.level, insight.source, insight.comment) == ("strong", "instructor", "Sharp questions.")
    assert [reason for _, reason in outcome.unmatched] == [
        "no criterion 'no-such' in set 'annotation'; valid criteria are notes-insight, notes-connections, "
        "notes-concepts (or empty, to set the points of the counts)"]


# --- The class's hot spots ------------------------------------------------------------

def test_hot_spots_hide_every_count_below_the_group_threshold():
    from elysara.exercises.answers.web_annotations import parse_notes as parse

    def notes_on(*sentence_ids, tag=None):
        return parse(make_collection([note(s, long_body(s), tag) for s in sentence_ids])).notes

    class_notes = {f"s{i}": notes_on("p8.3", "p4.2", tag="question") for i in range(5)}
    class_notes.update({f"t{i}": notes_on("p1.1") for i in range(4)})
    hot = count_hot_spots(class_notes, min_group=5)
    assert hot.students == 9 and hot.sentences["p8.3"] == 5 and hot.sentences["p1.1"] == 4
    flat = {spot.sentence_id: spot.students for row in hot.heat() for spot in row}
    assert flat["p8.3"] == 5 and flat["p1.1"] is None  # 4 students: hidden
    top = hot.most_annotated()
    assert [spot.sentence_id for spot, _ in top] == ["p4.2", "p8.3"] and top[0][1] == {"question": 5}
    html = render_hot_spots(hot)
    assert "Discussion starters" in html and "Choose peace." in html
    assert 'data-sentence="p1.1" data-count=""' in html


def test_the_dashboard_shows_the_class_hot_spots(tmp_path):
    from click.testing import CliRunner

    from elysara.cli import main

    submissions = tmp_path / "in"
    for i in range(6):
        write_notes(submissions, f"student{i}", full_notes())
    out = tmp_path / "dash"
    result = CliRunner().invoke(main, ["dashboard", str(submissions), "--out", str(out)])
    page = (out / "index.html").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.output
    assert "Where the class annotated" in page and "6 students handed in notes" in page
    assert 'data-sentence="p8.3" data-count="6"' in page


def test_a_sample_class_with_notes_grades_and_appears_on_the_dashboard(tmp_path):
    from click.testing import CliRunner

    from elysara.cli import main

    runner = CliRunner()
    made = runner.invoke(main, ["sample-class", str(tmp_path / "class"), "--students", "20", "--notes"])
    assert made.exit_code == 0, made.output
    graded = runner.invoke(main, ["grade", str(tmp_path / "class"), "--out", str(tmp_path / "grades")])
    rows = [r for r in csv.DictReader((tmp_path / "grades/gradebook.csv").open(encoding="utf-8")) if r["set"] == "annotation"]
    assert len(rows) == 20
    # student-019's file is cut short (not JSON): not graded, with its reason; the other 19 are graded.
    assert [r["student"] for r in rows if r["status"] == "not graded"] == ["student-019"]
    assert graded.exit_code == 1 and "student-019/elysara-notes.json: notes file: not JSON" in graded.output
    charted = runner.invoke(main, ["dashboard", str(tmp_path / "class"), "--out", str(tmp_path / "dash")])
    assert charted.exit_code == 0, charted.output
    page = (tmp_path / "dash/index.html").read_text(encoding="utf-8")
    assert "19 students handed in notes" in page and "1 notes file(s) could not be read" in page


@pytest.mark.slow
@pytest.mark.browser
def test_the_hot_spots_work_in_projector_mode(browser, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    from elysara.exercises.classroom.summary import ClassSummary
    from elysara.exercises.classroom.dashboard import write_dashboard

    class_notes = {f"s{i}": parse_notes(make_collection([note("p8.3", long_body("x"), "question")])).notes
                   for i in range(6)}
    path = write_dashboard(ClassSummary(min_group=5), tmp_path,
                           hot_spots=render_hot_spots(count_hot_spots(class_notes, min_group=5)))
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri() + "?projector=1")
    assert page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    hot = page.locator('.hot-spots .s[data-sentence="p8.3"]').first
    assert hot.get_attribute("data-count") == "6"
    assert hot.evaluate("s => getComputedStyle(s).borderBottomStyle") == "solid"  # still visible on a washed-out screen
    assert page.locator(".hot-spots .starters li").first.inner_text().startswith("p8.3 (6 students; 6 tagged question)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []
    assert all(url.startswith("file:") for url in requests)
    context.close()


def test_notes_files_are_found_in_nbgraders_layout_and_the_newest_of_two_is_graded(tmp_path):
    import os

    from elysara.exercises.grading.collect import collect

    nbgrader = tmp_path / "submitted" / "eve" / "annotation"
    nbgrader.mkdir(parents=True)
    (nbgrader / FILE_NAME).write_text(json.dumps(make_collection(full_notes())), encoding="utf-8")
    older = write_notes(tmp_path / "loose", "eve", full_notes()[:2])
    os.utime(older, (1_000_000_000, 1_000_000_000))
    collection = collect([tmp_path])
    assert sorted((n.student, n.set_hint or "") for n in collection.note_files) == [("eve", ""), ("eve", "annotation")]
    outcome = grade_to_folder([tmp_path], tmp_path / "out")
    (result,) = outcome.results
    assert result.path == nbgrader / FILE_NAME and result.items[0].auto_points == 4
    assert [p.code for p in result.problems] == ["duplicate"] and str(older) in str(result.problems[0].path)


def test_notes_files_in_canvas_and_moodle_downloads_are_graded_for_the_lms_student(tmp_path):
    """Canvas's zip names the file ``<name>_<user id>_<attachment id>_elysara-notes.json``; Moodle's
    unzipped download puts it in ``<Full name>_<participant id>_assignsubmission_file_/``. Each is graded
    for the LMS's id, as that student's notebooks are, and reported by the name the teacher downloaded."""
    import zipfile

    notes = json.dumps(make_collection(full_notes()))
    canvas = tmp_path / "canvas-annotation.zip"
    with zipfile.ZipFile(canvas, "w") as archive:
        archive.writestr(f"leeann_1000_5001_{FILE_NAME}", notes)
        archive.writestr(f"parkbo_LATE_1001_5002_{FILE_NAME}", "{not json")
    moodle = tmp_path / "moodle" / "Cy Diaz_77_assignsubmission_file_"
    moodle.mkdir(parents=True)
    (moodle / FILE_NAME).write_text(json.dumps(make_collection(full_notes()[:4])), encoding="utf-8")
    (tmp_path / "moodle" / f"not-an-lms-name_{FILE_NAME}").write_text(notes, encoding="utf-8")  # not a notes file

    outcome = grade_to_folder([canvas, tmp_path / "moodle"], tmp_path / "out")
    by_student = {r.student: r for r in outcome.results}
    assert set(by_student) == {"1000", "1001", "77"}
    assert by_student["1000"].items[0].auto_points == 4 and by_student["1000"].set_id == "annotation"
    assert str(by_student["1000"].path) == str(canvas / f"leeann_1000_5001_{FILE_NAME}")
    assert by_student["1001"].status == "not graded"
    assert any(p.student == "1001" and "not JSON" in p.reason and str(canvas) in str(p.path)
               for p in outcome.not_graded)
    assert 0 < by_student["77"].items[0].auto_points < 4
    rows = {r["student"] for r in csv.DictReader((tmp_path / "out" / "gradebook.csv").open(encoding="utf-8"))}
    assert rows == {"1000", "1001", "77"}
    assert (tmp_path / "out" / "feedback" / "1000" / "annotation.html").is_file()
