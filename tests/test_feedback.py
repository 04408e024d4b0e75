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


def test_levels_say_whether_they_are_suggested_or_confirmed(tmp_path: Path):
    set_id, item = first_item("reflection")
    confirmed = item.rubric.criteria[0]
    overrides = [Override("alice", set_id, item.id, confirmed.id, "adequate", "Good start.", 1)]
    result, exercise_set, _ = _result(tmp_path, overrides=overrides, **{item.id: "I argue that the narrator should refuse."})
    soup = BeautifulSoup(render_feedback(result, exercise_set), "html.parser")
    section = soup.find("section", id=item.id)
    rows = {tr.find("td").get_text(): tr for tr in section.find_all("tr")[1:]}
    assert "confirmed by your instructor" in rows[confirmed.title].get_text()
    assert "adequate" in rows[confirmed.title].get_text() and "Good start." in rows[confirmed.title].get_text()
    for other in item.rubric.criteria[1:]:
        assert "suggested by the grader" in rows[other.title].get_text()


def test_every_item_score_and_the_evidence_are_shown(tmp_path: Path):
    _, item = first_item("reflection")
    essay = 'I argue we must refuse. As she says, "we have erased all suffering" (p4.2).'
    result, exercise_set, _ = _result(tmp_path, **{item.id: essay})
    text = BeautifulSoup(render_feedback(result, exercise_set), "html.parser").get_text(" ")
    for graded in result.items:
        assert f"/ {graded.max:g} points" in text
    assert "Not in the text" in text and "eradicated suffering" in text  # the misquote and the real words


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
