"""Calibrated sample answers: complete, valid, exact, and ordered by the grader's own evidence."""

from __future__ import annotations

import copy
import shutil

import nbformat
import pytest
import yaml

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.bank.calibration import (
    CALIBRATED_LEVELS,
    DEFAULT_FOLDER,
    CalibrationError,
    load_calibration,
    quotation_problems,
)
from elysara.exercises.grading.grader import grade
from elysara.exercises.notebooks.release import release_notebooks
from elysara.exercises.bank.schema import ReflectionItem
from elysara.exercises.grading.collect import collect


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def calibration(bank):
    return load_calibration(bank=bank)


def test_every_reflection_item_has_a_sample_at_each_level(bank, calibration):
    reflections = [item.id for item in bank.items.values() if isinstance(item, ReflectionItem)]
    assert reflections, "the bank has no reflection items"
    for item_id in reflections:
        levels = [sample.level for sample in calibration.samples[item_id]]
        assert levels == list(CALIBRATED_LEVELS), item_id


def test_levels_named_by_samples_exist_in_each_rubric(bank, calibration):
    for item_id, samples in calibration.samples.items():
        criteria = {c.id: {level.id for level in c.levels} for c in bank.items[item_id].rubric.criteria}
        for sample in samples:
            assert set(sample.criteria) == set(criteria), item_id
            for criterion_id, level in sample.criteria.items():
                assert level in criteria[criterion_id]


def test_quotations_must_be_exact_and_cited():
    assert quotation_problems('She says "Choose peace." [p8.3]') == []
    assert quotation_problems("The citizens are “absolute contentment” [p7.1]") == []  # curly quotes are not checked
    misquoted = quotation_problems('She says "Choose happiness." [p8.3]')
    assert len(misquoted) == 1 and "p8.3" in misquoted[0] and "Choose peace." in misquoted[0]
    assert "cites no passage" in quotation_problems('She says "Choose peace."')[0]
    assert "no passage 'p9.1'" in quotation_problems('"Choose peace." [p9.1]')[0]
    # The right words in the wrong sentence are not an exact quotation of the cited passage.
    assert quotation_problems('"Choose peace." [p8.2]')


def _copy_shipped(tmp_path):
    folder = tmp_path / "samples"
    shutil.copytree(DEFAULT_FOLDER, folder)
    return folder


def _edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def _problems(folder, bank) -> list[str]:
    with pytest.raises(CalibrationError) as caught:
        load_calibration(folder, bank=bank)
    return [str(p) for p in caught.value.problems]


def test_a_missing_level_is_named_with_file_and_item(tmp_path, bank):
    folder = _copy_shipped(tmp_path)
    path = folder / "reading.yml"
    _edit(path, lambda d: d["items"]["reading-open-ending"]["samples"].pop(1))
    [problem] = _problems(folder, bank)
    assert str(path) in problem and "reading-open-ending" in problem and "adequate" in problem


def test_an_unknown_criterion_or_level_is_named_with_the_valid_choices(tmp_path, bank):
    folder = _copy_shipped(tmp_path)

    def change(d):
        sample = d["items"]["reading-open-ending"]["samples"][0]
        sample["criteria"]["argument"] = sample["criteria"].pop("thesis")

    _edit(folder / "reading.yml", change)
    problems = " ".join(_problems(folder, bank))
    assert "'argument'" in problems and "valid criteria are thesis" in problems


def test_a_misquotation_fails_with_the_real_words(tmp_path, bank):
    folder = _copy_shipped(tmp_path)

    def change(d):
        sample = d["items"]["reading-open-ending"]["samples"][0]
        sample["answer"] = sample["answer"].replace('"I am dreaming."', '"I was dreaming."')

    _edit(folder / "reading.yml", change)
    [problem] = _problems(folder, bank)
    assert "I was dreaming." in problem and "I am dreaming." in problem


def test_samples_for_a_non_reflection_item_are_refused(tmp_path, bank):
    folder = _copy_shipped(tmp_path)
    _edit(folder / "reading.yml", lambda d: d["items"].update({"reading-narrator": d["items"]["reading-open-ending"]}))
    problems = " ".join(_problems(folder, bank))
    assert "reading-narrator" in problems and "not a reflection item" in problems


def test_a_missing_file_leaves_its_items_uncalibrated(tmp_path, bank):
    folder = _copy_shipped(tmp_path)
    (folder / "reading.yml").unlink()
    problems = " ".join(_problems(folder, bank))
    assert "reading-open-ending" in problems and "without calibrated samples" in problems


def test_the_graders_suggestions_on_calibrated_samples_are_close_to_their_levels(tmp_path, bank, calibration):
    """Hand each sample to the real grader as a submission: where it suggests a level, it is near the calibrated one.

    The grader withholds a level where it cannot tell (issue #11), so suggested
    points are no longer a total to rank by; what must hold is that no
    suggestion is more than one level from the level a careful reader gave,
    and that a strong sample is never suggested weak or missing (nor a weak one strong).
    """
    released = tmp_path / "released"
    release_notebooks(released, bank=bank)
    students = tmp_path / "class"
    for item in calibration.items():
        set_id = calibration.bank.set_of(item.id).id
        template = nbformat.read(released / f"{set_id}.ipynb", as_version=4)
        for sample in calibration.samples[item.id]:
            nb = copy.deepcopy(template)
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id == item.id:
                    cell.source = sample.answer
                elif grade_id == f"{item.id}-state" and sample.state is not None:
                    cell.source = f"{item.state_variable} = {sample.state!r}\n"
            folder = students / f"{sample.level}-{item.id}"
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{set_id}.ipynb")
    collection = collect([students])
    assert collection.problems == []
    order = ["missing", "weak", "adequate", "strong"]
    samples = {(item.id, s.level): s for item in calibration.items() for s in calibration.samples[item.id]}
    suggested = 0
    for result in grade(collection, bank):
        level, item_id = result.student.split("-", 1)
        [item_result] = [r for r in result.items if r.item_id == item_id]
        assert all(c.source == "suggested" for c in item_result.criteria)
        for criterion in item_result.criteria:
            if criterion.suggested_level is None:
                continue
            suggested += 1
            calibrated = samples[item_id, level].criteria[criterion.id]
            gap = abs(order.index(criterion.suggested_level) - order.index(calibrated))
            assert gap <= 1, (item_id, level, criterion.id, criterion.suggested_level, calibrated)
    assert suggested >= 20  # the grader does suggest levels on most of these samples


@pytest.mark.slow
def test_the_directive_refuses_to_show_samples_in_a_student_build(tmp_path):
    """A tiny Sphinx project using the directive without the instructor audience fails, saying why."""
    import subprocess
    import sys

    (tmp_path / "conf.py").write_text('extensions = ["myst_parser", "elysara.sphinxext"]\n')
    (tmp_path / "index.md").write_text("# Samples\n\n```{elysara-calibration}\n```\n")
    run = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", str(tmp_path), str(tmp_path / "_out")],
                         capture_output=True, text=True)
    assert run.returncode != 0
    assert "use it only on instructor pages" in run.stderr
    assert not (tmp_path / "_out" / "index.html").exists() or "Sample at level" not in (tmp_path / "_out" / "index.html").read_text()


def test_samples_keep_to_the_length_asked_or_say_that_they_do_not(calibration):
    """A strong or adequate sample meets its item's word limits; a shorter one says so in its why.

    A sample that broke the item's own minimum without a word about it would teach
    graders to accept what check() tells students to fix.
    """
    from elysara.exercises.notebooks.check import count_words

    for item in calibration.items():
        limits = item.words
        for sample in calibration.samples[item.id]:
            words = count_words(sample.answer)
            if sample.level in ("strong", "adequate"):
                assert limits.min <= words <= limits.max, (item.id, sample.level, words)
            elif words < limits.min:
                assert str(limits.min) in sample.why, (item.id, sample.level, words, "the why must name the minimum")
