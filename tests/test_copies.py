"""Possible copies (issue #11, part 5) and answers in other languages (part 6), through a real grading run."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from _grading_support import answer, first_item, notebook, save
from elysara.exercises.grading.copies import find_copies
from elysara.exercises.grading.run import grade_to_folder

ESSAY = ("I argue that the open ending makes Elysara a worse thought experiment. A thought experiment fixes the "
         "facts so that only our values disagree, but here we never learn whether joining can be undone: the woman "
         "promises \"you will never know suffering again\" (p5.9), while the whole scene is a dream (p1.1). Two "
         "readers who disagree may only disagree about the facts.")
EDITED = ESSAY.replace("I argue", "I think").replace("only our values", "just our values").replace("(p1.1)", "(p1.1)!")
OWN = ("The ending is better open. The story hands the choice to the reader, and a reader who has to choose learns "
       "what they value; a story that chose for us would only report what the narrator valued, which matters less. "
       "The woman's \"Choose peace.\" (p8.3) is addressed to us as much as to the wanderer.")


def test_light_edits_are_found_and_different_answers_are_not():
    copies = find_copies([("s", "i", "ann", ESSAY), ("s", "i", "bob", EDITED), ("s", "i", "cy", OWN),
                          ("s", "other-item", "dan", ESSAY)])
    assert [(c.student_a, c.student_b) for c in copies] == [("ann", "bob")]
    assert 90 <= copies[0].similarity < 100


def test_copies_are_listed_for_the_instructor_and_never_shown_to_students(tmp_path: Path):
    set_id, item = first_item("reflection")
    for student, text in (("ann", ESSAY), ("bob", EDITED), ("cy", OWN)):
        nb = notebook(set_id)
        answer(nb, item.id, text)
        save(tmp_path / "class", student, set_id, nb)
    out = tmp_path / "out"
    outcome = grade_to_folder([tmp_path / "class"], out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [(c["item"], c["students"]) for c in report["possible_copies"]] == [(item.id, ["ann", "bob"])]
    index = BeautifulSoup((out / "instructor" / "index.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    assert "Possible copies" in index and "ann" in index and "bob" in index
    links = [a["href"] for a in BeautifulSoup((out / "instructor" / "index.html").read_text(encoding="utf-8"),
                                                "html.parser").find_all("a")]
    assert f"ann/{set_id}.html#{item.id}" in links and f"bob/{set_id}.html#{item.id}" in links
    for student in ("ann", "bob", "cy"):
        page = (out / "feedback" / student / f"{set_id}.html").read_text(encoding="utf-8").lower()
        assert "copy" not in page and "similar" not in page
    # Never a penalty: ann's and bob's rubric levels are what they would be alone.
    by_student = {r.student: r for r in outcome.results}
    levels = {s: [c.suggested_level for i in by_student[s].items for c in i.criteria] for s in ("ann", "bob")}
    assert levels["ann"] == levels["bob"]


def test_evidence_is_in_report_json_per_submission_item_and_criterion(tmp_path: Path):
    set_id, item = first_item("reflection")
    nb = notebook(set_id)
    answer(nb, item.id, ESSAY + ' She also says "we have eliminated all suffering forever" (p4.2).')
    save(tmp_path / "class", "ann", set_id, nb)
    grade_to_folder([tmp_path / "class"], tmp_path / "out")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    [submission] = report["submissions"]
    graded = next(i for i in submission["items"] if i["item"] == item.id)
    evidence = graded["evidence"]
    assert evidence["words"] > 50 and evidence["language"] == "English"
    verdicts = {q["quoted"]: q["verdict"] for q in evidence["quotations"]}
    assert verdicts["you will never know suffering again"] == "verified"
    invented = next(q for q in evidence["quotations"] if q["verdict"] == "not_found")
    assert invented["closest"]["passage"] == "p4.2" and invented["closest"]["diff"]
    assert {p["id"]: p["valid"] for p in evidence["passage_ids"]}.get("p1.1") is True
    for criterion in graded["criteria"]:
        assert criterion["criterion"] in {c.id for c in item.rubric.criteria}
        assert criterion["for_your_reading"] == (criterion["suggested_level"] is None)
        assert "findings" in criterion["evidence"]


def test_an_answer_in_spanish_is_graded_for_its_content_not_its_language(tmp_path: Path):
    set_id, item = first_item("reflection")
    spanish = ("Sostengo que el final abierto hace de Elysara un peor experimento mental, aunque sea una mejor "
               "historia. Un experimento mental fija los hechos para que solo discutamos sobre valores, pero aquí "
               "nunca sabemos si unirse al Nexo se puede deshacer: la mujer promete \"you will never know suffering "
               "again\" (p5.9), mientras toda la escena es un sueño (p1.1). Se podría objetar que la apertura es el "
               "propósito del texto. Respondo que dejar abierta la decisión no es lo mismo que dejar abiertos los "
               "hechos que la decisión implica. ") * 2
    nb = notebook(set_id)
    answer(nb, item.id, spanish)
    save(tmp_path / "class", "ana", set_id, nb)
    outcome = grade_to_folder([tmp_path / "class"], tmp_path / "out")
    graded = next(i for i in outcome.results[0].items if i.item_id == item.id)
    assert graded.evidence["language"] == "Spanish"
    for criterion in graded.criteria:
        if criterion.kind != "length":
            assert criterion.suggested_level not in ("missing", "weak"), criterion.id
    assert any("Spanish" in note for note in graded.notes)
