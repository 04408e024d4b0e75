"""Released notebooks: nbgrader accepts them, they run, and the site links to them."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from elysara.cli import main
from elysara.exercises.bank.loading import load_bank
from elysara.exercises.answers.checksum import compute_checksum
from elysara.exercises.notebooks.release import release_notebooks


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture(scope="module")
def released(tmp_path_factory, bank) -> dict[str, Path]:
    """Student notebooks in one folder and solution notebooks in another, via the CLI."""
    student = tmp_path_factory.mktemp("student")
    solutions = tmp_path_factory.mktemp("solutions")
    runner = CliRunner()
    for args in (["release", str(student)], ["release", str(solutions), "--solutions"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    return {"student": student, "solutions": solutions}


def plain(markdown: str) -> str:
    """Text as a reader sees it: Markdown emphasis and code marks dropped, spaces collapsed."""
    return " ".join(re.sub(r"[*`]", "", markdown).split())


def by_grade_id(nb) -> dict:
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nb.cells if "nbgrader" in cell.metadata}


def test_release_writes_one_notebook_per_set(released, bank):
    for kind in ("student", "solutions"):
        assert sorted(p.name for p in released[kind].iterdir()) == sorted(f"{s}.ipynb" for s in bank.sets)


def test_release_of_chosen_sets_only_and_unknown_sets_are_named(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["release", str(tmp_path), "--set", "widgets"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["widgets.ipynb"]
    result = runner.invoke(main, ["release", str(tmp_path / "x"), "--set", "nope"])
    assert result.exit_code != 0
    assert "'nope'" in result.output and "reading" in result.output and "widgets" in result.output


def test_keep_existing_never_replaces_a_students_notebook(tmp_path, bank):
    target = tmp_path / "reading.ipynb"
    target.write_text("my work", encoding="utf-8")
    release_notebooks(tmp_path, set_ids=["reading"], bank=bank, overwrite=False)
    assert target.read_text(encoding="utf-8") == "my work"
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_nbgrader_validates_every_released_notebook(released):
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError, read

    checked = 0
    for kind in ("student", "solutions"):
        for path in released[kind].glob("*.ipynb"):
            with path.open(encoding="utf-8") as stream:
                nb = read(stream, as_version=4)  # nbgrader's reader validates schema v3 metadata
            MetadataValidator().validate_nb(nb)  # raises ValidationError on bad metadata
            checked += 1
    assert checked == 2 * len(list(released["student"].glob("*.ipynb"))) > 0
    # The validator is not a no-op: the same notebook with a negative points value is refused.
    graded = next(cell for cell in nb.cells if cell.metadata.get("nbgrader", {}).get("grade"))
    graded.metadata.nbgrader["points"] = -1
    with pytest.raises(ValidationError):
        MetadataValidator().validate_nb(nb)


def test_every_checksum_equals_nbgraders(released, bank):
    from nbgrader.utils import compute_checksum as nbgrader_checksum

    checked = 0
    for path in released["student"].glob("*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            meta = cell.metadata["nbgrader"]
            assert meta["checksum"] == nbgrader_checksum(cell), (path.name, meta["grade_id"])
            assert compute_checksum(cell) == nbgrader_checksum(cell)
            checked += 1
    assert checked >= 2 * len(bank.items)


def test_our_checksum_tracks_nbgrader_when_a_cell_changes(released):
    from nbgrader.utils import compute_checksum as nbgrader_checksum

    nb = nbformat.read(released["student"] / "reading.ipynb", as_version=4)
    cell = by_grade_id(nb)["reading-narrator"]
    before = compute_checksum(cell)
    cell.source = 'answer = "A"\n'
    assert compute_checksum(cell) == nbgrader_checksum(cell) != before


def test_cells_follow_the_contract(released, bank):
    for set_id, exercise_set in bank.sets.items():
        student = by_grade_id(nbformat.read(released["student"] / f"{set_id}.ipynb", as_version=4))
        solution = by_grade_id(nbformat.read(released["solutions"] / f"{set_id}.ipynb", as_version=4))
        for item in exercise_set.items:
            prompt = student[f"{item.id}-prompt"]
            assert prompt.cell_type == "markdown" and prompt.metadata.nbgrader["locked"]
            answer = student[item.id]
            meta = answer.metadata.nbgrader
            assert meta["grade"] and meta["solution"] and meta["points"] == item.max_points
            if item.prose:
                assert answer.cell_type == "markdown" and item.model_answer.strip() in solution[item.id].source
                assert item.model_answer.strip()[:40] not in answer.source
            else:
                assert answer.cell_type == "code" and answer.source.strip() == "answer = None"
                key = ast.literal_eval(ast.parse(solution[item.id].source).body[0].value)
                assert key == (list(item.answer) if isinstance(item.answer, list) else item.answer)
            if item.uses_widget:
                state = student[f"{item.id}-state"]
                assert state.cell_type == "code" and state.source.strip() == f"{item.state_variable} = None"
                assert state.metadata.nbgrader["solution"] and not state.metadata.nbgrader["grade"]


def test_student_notebooks_hold_no_keys_or_model_answers(released, bank):
    for set_id, exercise_set in bank.sets.items():
        raw = (released["student"] / f"{set_id}.ipynb").read_text(encoding="utf-8")
        for item in exercise_set.items:
            if item.prose:
                assert json.dumps(item.model_answer.strip()[:60])[1:-1] not in raw, item.id
            if item.explanation:
                assert json.dumps(item.explanation.strip()[:60])[1:-1] not in raw, item.id


def test_no_example_shown_to_students_is_the_key_of_a_list_answer(released, bank, repo_root):
    student_texts = [p.read_text(encoding="utf-8") for p in released["student"].glob("*.ipynb")]
    student_texts += [(repo_root / "README.md").read_text(encoding="utf-8"),
                      (repo_root / "book" / "exercises" / "index.md").read_text(encoding="utf-8")]
    for item in bank.items.values():
        if isinstance(getattr(item, "answer", None), list):
            for spelling in (json.dumps(list(item.answer)), repr(list(item.answer)),
                             json.dumps(list(item.answer)).replace('"', '\\"')):
                assert not any(spelling in text for text in student_texts), (item.id, spelling)


def test_without_the_course_package_the_setup_cell_says_what_to_do_without_the_readme(released):
    """A student who downloaded a notebook from the site runs its setup cell where the package is missing."""
    import subprocess
    import sys

    from elysara.exercises.answers.layout import SETUP_ID

    for path in sorted(released["student"].glob("*.ipynb")):
        setup = next(c for c in nbformat.read(path, as_version=4).cells
                     if c.metadata.get("nbgrader", {}).get("grade_id") == SETUP_ID)
        # A Python where `import elysara` fails, as where elysara-courseware is not installed.
        missing = "import sys\nsys.modules['elysara'] = None\n"
        run = subprocess.run([sys.executable, "-c", missing + setup.source], capture_output=True, text=True, timeout=60)
        message = run.stderr.strip().splitlines()[-1]
        assert run.returncode != 0 and message.startswith("ImportError: "), (path.name, run.stderr)
        assert "elysara-courseware" in message and "teacher" in message, message
        assert "README" not in message, message


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["student", "solutions"])
def test_released_notebooks_run_top_to_bottom(released, kind):
    from nbclient import NotebookClient

    for path in sorted(released[kind].glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(path.parent)}}).execute()
        report = "".join(output.get("text", "") for output in nb.cells[-1].outputs)
        assert "No format problems" in report, (path.name, report)


# --- The built site --------------------------------------------------------

@pytest.mark.slow
def test_every_set_has_a_page_with_a_working_notebook_link_and_no_solutions(site, bank):
    from bs4 import BeautifulSoup

    for set_id, exercise_set in bank.sets.items():
        page = site / "book" / "exercises" / f"{set_id}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main_text = plain(soup.find("main").get_text())
        links = [a["href"] for a in soup.select("a.elysara-download")]
        assert len(links) == 1, (set_id, links)
        target = (page.parent / links[0]).resolve()
        assert target.is_file(), target
        nb = nbformat.read(target, as_version=4)
        assert nb.metadata["elysara"] == {"set_id": set_id, "solutions": False}
        for item in exercise_set.items:
            assert soup.find(id=f"item-{item.id}") is not None, item.id
            assert plain(item.prompt)[:50] in main_text, item.id
            if item.prose:
                assert plain(item.model_answer)[:60] not in main_text, item.id
                for criterion in item.rubric.criteria:
                    assert plain(criterion.explanation) in main_text
                    assert plain(criterion.grader_note) not in main_text
            if item.explanation:
                assert plain(item.explanation)[:60] not in main_text, item.id
        assert "Key (instructors only)" not in main_text
    assert not (site / "_static" / "notebooks" / "solutions").exists()


@pytest.fixture(scope="module")
def instructor_site(tmp_path_factory) -> Path:
    """A tiny instructor-edition book with two exercise sets (tests/books/exercise-sets-instructor)."""
    from elysara.book import build_book

    root = Path(__file__).parent / "books" / "exercise-sets-instructor"
    result = build_book(root, tmp_path_factory.mktemp("instructor-book"))
    if not result.ok:
        pytest.fail(f"the instructor test book did not build:\n{result.log[-4000:]}")
    assert result.warnings == []
    return result.html_dir


@pytest.mark.slow
def test_the_instructor_edition_shows_keys_model_answers_and_grader_notes(instructor_site, bank):
    from bs4 import BeautifulSoup

    page = instructor_site / "exercises.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main_text = plain(soup.find("main").get_text())
    for set_id in ("reading", "widgets"):
        for item in bank.sets[set_id].items:
            if item.prose:
                assert plain(item.model_answer)[:60] in main_text, item.id
                assert all(plain(c.grader_note) in main_text for c in item.rubric.criteria), item.id
            else:
                section = soup.find(id=f"item-{item.id}")
                key = json.dumps(list(item.answer) if isinstance(item.answer, list) else item.answer, ensure_ascii=False)
                assert key in section.get_text(), item.id
    solution_links = [a["href"] for a in soup.select("a.elysara-download") if "solution" in a.get_text()]
    assert len(solution_links) == 2
    for href in solution_links:
        nb = nbformat.read(page.parent / href, as_version=4)
        assert nb.metadata["elysara"]["solutions"] is True
