"""Feedback pages: readable, self-contained, every student string escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from _grading_support import answer, bank, first_item, notebook, save
from elysara.exercises.grading.feedback import FeedbackSection, render_feedback
from elysara.exercises.grading.grader import grade
from elysara.exercises.grading.overrides import Override
from elysara.exercises.grading.collect import collect

ATTACK = '<script>alert("x")</script><img src="http://evil.example/p.png" onerror="alert(1)"> & <b>bold</b>'


def _result(tmp_path: Path, student: str = "alice", overrides=None, **answers):
    set_id, item = first_item("reflection")
    nb = notebook(set_id)
    for item_id, source in answers.items():
        answer(nb, item_id, source)
    save(tmp_path, student, set_id, nb)
    [result] = grade(collect([tmp_path]), bank(), overrides)
    return result, bank().sets[set_id], item


def test_html_in_answers_is_escaped_and_the_page_requests_nothing(tmp_path: Path):
    set_id, choice = first_item("multiple_choice")
    reflection_set, reflection = first_item("reflection")
    assert set_id == reflection_set, "both items are in the first set"
    answers = {reflection.id: ATTACK, choice.id: f"answer = {ATTACK!r}\n"}
    result, exercise_set, _ = _result(tmp_path, **answers)
    page = render_feedback(result, exercise_set)
    soup = BeautifulSoup(page, "html.parser")

    assert soup.find("script") is None and soup.find("img") is None and soup.find("b") is None
    assert not [tag for tag in soup.find_all(True) if tag.get("src") or tag.get("onerror")]
    assert not [tag for tag in soup.find_all(["link", "a"]) if "http" in str(tag.get("href", ""))]
    assert ATTACK in soup.get_text()  # shown to the student as the text they typed


def _long_essay() -> str:
    """A reflection the grader suggests levels for (a clear position early, within the word limits)."""
    body = ("The Nexus would take what makes the narrator a person, because it harmonizes desires that should "
            "be the narrator's own and leaves nobody to enjoy the peace it promises in return for that loss. ")
    return "I argue that the narrator should refuse the offer.\n\n" + " ".join(
        body.replace("person", f"person{'' if n % 2 else ' indeed'}").replace("loss", f"loss number {n}")
        for n in range(12)
    )


def test_a_student_page_shows_confirmed_levels_and_never_a_suggested_one(tmp_path: Path):
    set_id, item = first_item("reflection")
    confirmed = item.rubric.criteria[0]
    overrides = [Override("alice", set_id, item.id, confirmed.id, "adequate", "Good start.", 1)]
    result, exercise_set, _ = _result(tmp_path, overrides=overrides, **{item.id: _long_essay()})
    graded = next(i for i in result.items if i.item_id == item.id)
    suggested = [c for c in graded.criteria[1:] if c.suggested_level]
    assert suggested, "the grader suggests a level on some unconfirmed criterion of this essay"
    soup = BeautifulSoup(render_feedback(result, exercise_set), "html.parser")
    section = soup.find("section", id=item.id)
    rows = {tr.find("td").get_text(): tr for tr in section.find_all("tr")[1:]}
    assert "confirmed by your instructor" in rows[confirmed.title].get_text()
    assert "adequate" in rows[confirmed.title].get_text() and "Good start." in rows[confirmed.title].get_text()
    for other in graded.criteria[1:]:
        cells = rows[other.title].find_all("td")
        assert "your teacher will read this" in cells[1].get_text()
        level_and_points = cells[1].get_text() + cells[2].get_text()
        assert not any(level in level_and_points for level in ("strong", "adequate", "weak", "missing"))
        assert cells[2].get_text().strip().startswith("\u2013 /")  # no points until confirmed
    text = soup.get_text(" ")
    assert "Total:" not in text and "suggested" not in text.lower()  # no provisional total, no suggestion


def test_objective_scores_and_the_evidence_are_shown_but_no_provisional_points(tmp_path: Path):
    _, item = first_item("reflection")
    essay = 'I argue we must refuse. As she says, "we have erased all suffering" (p4.2).'
    result, exercise_set, _ = _result(tmp_path, **{item.id: essay})
    soup = BeautifulSoup(render_feedback(result, exercise_set), "html.parser")
    text = soup.get_text(" ")
    for graded in result.items:
        section = soup.find("section", id=graded.item_id).get_text(" ")
        if graded.criteria:
            assert "your teacher will read this" in section
        else:
            assert f"{graded.points:g} / {graded.max:g} points" in section
    assert "Not in the text" in text and "eradicated suffering" in text  # the misquote and the real words
    assert f"Points so far: {result.auto_points:g} / {result.auto_max:g}" in text


def test_questions_are_named_as_the_notebook_numbers_them_and_markdown_is_rendered(tmp_path: Path):
    from elysara.exercises.notebooks.build import question_label

    _, item = first_item("reflection")
    result, exercise_set, _ = _result(tmp_path, **{item.id: "It is *your own* life, and **mine**."})
    soup = BeautifulSoup(render_feedback(result, exercise_set), "html.parser")
    heading = soup.find("section", id=item.id).find("h2").get_text(" ")
    assert heading.startswith(question_label(exercise_set, item.id) + ":")  # "Question 8, Reflection: ..."
    answer_box = soup.find("section", id=item.id).find("div", class_="answer")
    assert answer_box.find("em").get_text() == "your own" and answer_box.find("strong").get_text() == "mine"
    assert "*your own*" not in soup.get_text()


def test_extra_sections_are_appended_for_the_dashboard(tmp_path: Path):
    result, exercise_set, _ = _result(tmp_path)
    page = render_feedback(result, exercise_set, extra_sections=[FeedbackSection("You versus the class", "<p id='vs'>Median 12</p>")])
    soup = BeautifulSoup(page, "html.parser")
    extra = soup.find("section", class_="extra")
    assert extra.find("h2").get_text() == "You versus the class" and extra.find(id="vs")


def test_a_student_id_is_escaped_in_the_page(tmp_path: Path):
    result, exercise_set, _ = _result(tmp_path)
    result.student = "<i>eve</i>"
    soup = BeautifulSoup(render_feedback(result, exercise_set), "html.parser")
    assert soup.find("i") is None and "<i>eve</i>" in soup.title.get_text()


def test_feedback_paths_never_leave_the_output_folder(tmp_path: Path):
    from elysara.exercises.grading.feedback import feedback_path

    result, _, _ = _result(tmp_path / "class")
    assert feedback_path(tmp_path / "out", result) == tmp_path / "out" / "feedback" / "alice" / f"{result.set_id}.html"
    for unsafe in ["..", "../x", "a/b", "."]:
        result.student = unsafe  # only reachable by bypassing sanitize_student_id
        with pytest.raises(ValueError):
            feedback_path(tmp_path / "out", result)
