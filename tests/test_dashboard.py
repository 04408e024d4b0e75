"""The class dashboard, on a synthetic class of 200 students built from the released notebooks."""

from __future__ import annotations

import copy
import re
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from elysara.cli import main
from elysara.exercises.notebooks.release import release_notebooks
from elysara.text import load_text
from elysara.widgets import reversal, scales, tension

CLASS_SIZE = 200
VALUES = list(scales.VALUES)
OPTIONS = list(scales.OPTIONS)
# Answers students write; each cites known sentences (an id or an exact quotation).
WRITTEN = [
    ('I argue the narrator should refuse: she asks them to give up "the chaos of individuality" [p4.2].', {"p4.2"}),
    ("I think joining is right, because of the pain described in p6.2.", {"p6.2"}),
    ("My view: the plea in p8.3 and the question in p6.4 decide it.", {"p8.3", "p6.4"}),
]


def scales_state(verdict: str, top: str) -> dict:
    """A Scales state whose verdict and heaviest value are obvious by construction:
    the chosen option is rated +2 on every value, every other option -2."""
    return {
        "widget": "scales", "version": scales.STATE_VERSION, "lens": "custom",
        "weights": {v: (9.0 if v == top else 1.0) for v in VALUES},
        "ratings": {o: {v: (2.0 if o == verdict else -2.0) for v in VALUES} for o in OPTIONS},
    }


def tension_state(n: int) -> dict:
    """Answers for the cases, varied by student: the n-th rule's example, so something fires."""
    rules = list(tension.RULES.values())
    rule = rules[n % len(rules)]
    return {"widget": "tension", "version": 1, "answers": dict(rule.example)}


REVERSAL_PAIRS = [("reject", "reject"), ("reject", "accept"), ("accept", "accept"), ("unsure", "reject")]


def _set_cell(nb, variable: str, value) -> None:
    """Put ``variable = value`` in the released cell for it (states are read only from their own cell)."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.strip() == f"{variable} = None":
            cell.source = f"{variable} = {value!r}\n"
            return
    raise AssertionError(f"the released notebook has no `{variable}` cell")


def _write_answer(nb, text: str) -> None:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = text
            return


@pytest.fixture(scope="module")
def synthetic_class(tmp_path_factory):
    """200 students (id ``stu-NNN-qx``), each handing in the released notebooks with varied
    states and answers, plus three unreadable inputs. Returns the folder and the expected counts."""
    root = tmp_path_factory.mktemp("class")
    released = tmp_path_factory.mktemp("released")
    paths = release_notebooks(released)
    notebooks = {p.stem: nbformat.read(p, as_version=4) for p in paths}
    first_set = sorted(notebooks)[0]
    expected = {"verdicts": Counter(), "top": Counter(), "hits": Counter(), "tensions": Counter(),
                "connect": Counter(), "disconnect": Counter(), "moved": Counter(), "cited": Counter(),
                "experiment": []}
    ids = []
    for n in range(CLASS_SIZE):
        student = f"stu-{n:03d}-qx"
        ids.append(student)
        # Verdicts are deliberately lopsided so that "leave" (4 students) falls below the threshold.
        verdict = "leave" if n < 4 else OPTIONS[n % 3]
        top = VALUES[n % len(VALUES)]
        connect, disconnect = REVERSAL_PAIRS[n % len(REVERSAL_PAIRS)]
        answer, cited = WRITTEN[n % len(WRITTEN)]
        reversal_state = {"widget": "reversal", "version": 1, "connect": connect, "disconnect": disconnect}
        if n >= CLASS_SIZE // 2:
            # The second half runs the class experiment: one assigned framing each, with a known split
            # (connect group: 2 in 3 stay out; disconnect group: 1 in 2 stay in).
            assigned = reversal.assign_framing(student, "dash-2026")
            given = ("reject" if n % 3 else "accept") if assigned == "connect" else ("reject" if n % 2 else "accept")
            connect, disconnect = (given, None) if assigned == "connect" else (None, given)
            reversal_state = reversal.ReversalState(connect, disconnect, assigned).to_dict()
            expected["experiment"].append((assigned, given))
        states = {"scales_state": scales_state(verdict, top), "tension_state": tension_state(n),
                  "reversal_state": reversal_state}
        expected["verdicts"][verdict] += 1
        expected["top"][top] += 1
        result = tension.evaluate(states["tension_state"]["answers"])
        expected["hits"][len(result.hits)] += 1
        expected["tensions"].update(set(result.hits) | set(result.bullets))
        expected["connect"][connect] += 1
        expected["disconnect"][disconnect] += 1
        if connect is not None and disconnect is not None:
            expected["moved"][reversal.evaluate(states["reversal_state"]).moved] += 1
        expected["cited"].update(cited)
        for set_id, template in notebooks.items():
            nb = copy.deepcopy(template)
            if set_id == "widgets":
                for variable, value in states.items():
                    _set_cell(nb, variable, value)
            if set_id == first_set:
                _write_answer(nb, answer)
            folder = root / student
            folder.mkdir(exist_ok=True)
            nbformat.write(nb, folder / f"{set_id}.ipynb")
    # Unreadable inputs: listed as not counted, never counted, never named.
    for name, content in (("bad-one-zz", "not json at all"), ("bad-two-zz", ""), ("bad-three-zz", '{"cells": 3}')):
        (root / name).mkdir()
        (root / name / f"{first_set}.ipynb").write_text(content)
    return root, expected, ids


@pytest.fixture(scope="module")
def dashboard(synthetic_class, tmp_path_factory):
    root, expected, ids = synthetic_class
    out = tmp_path_factory.mktemp("dashboard")
    result = CliRunner().invoke(main, ["dashboard", str(root), "--out", str(out)])
    assert result.exit_code == 1, result.output  # 1: the page was written, the unreadable inputs left out
    html = (out / "index.html").read_text(encoding="utf-8")
    return html, BeautifulSoup(html, "html.parser"), expected, ids, result.output


def _bars_after(soup, heading: str) -> dict[str, str]:
    """The label -> count text of the bar list right after a heading."""
    h = soup.find(lambda tag: tag.name in ("h2", "h3") and tag.get_text(strip=True) == heading)
    assert h is not None, f"no section {heading!r}"
    rows = h.find_next("ul", class_="bars").find_all("li")
    return {li.find("span", class_="label").get_text(): li.find("span", class_="count").get_text() for li in rows}


def _agrees(text: str, true: int) -> bool:
    """A shown count is the true one; "fewer than 5" only for fewer than 5; "not shown" only hides a larger group."""
    if text == "fewer than 5":
        return true < 5
    if text == "not shown":
        return true >= 5
    return text == str(true) and true >= 5


def test_counts_match_the_class(dashboard):
    html, soup, expected, ids, output = dashboard
    assert f"{CLASS_SIZE} students" in soup.find(id="glance").get_text()
    verdicts = _bars_after(soup, "Verdicts")
    for option_id, option in scales.OPTIONS.items():
        assert _agrees(verdicts[option.label], expected["verdicts"][option_id]), option_id
    top = _bars_after(soup, "The value each student weighted most")
    for value_id, value in scales.VALUES.items():
        assert _agrees(top[value.label], expected["top"][value_id]), value_id
    assert sum(1 for v in top.values() if v.isdigit()) >= len(scales.VALUES) - 1
    hits = _bars_after(soup, "Tensions found (hits taken)")
    for count, n in expected["hits"].items():
        label = f"{count} tension{'s' if count != 1 else ''}"
        if label in hits:  # the highest scores may be grouped as "n or more"
            assert _agrees(hits[label], n), label
    common = _bars_after(soup, "The most common tensions")
    most_common_rule, n = expected["tensions"].most_common(1)[0]
    assert common[tension.RULES[most_common_rule].title] == str(n)
    connect = _bars_after(soup, reversal.FRAMINGS["connect"].title)
    for answer, n in expected["connect"].items():
        label = reversal.FRAMINGS["connect"].labels[answer] if answer is not None else "Not answered"
        assert _agrees(connect[label], n), answer
    moved = _bars_after(soup, "Did the framing change the answer?")
    assert _agrees(moved["Yes, it moved"], expected["moved"][True])
    assert reversal.FINDING.text in soup.get_text()


def test_heat_map_shades_sentences_by_citations(dashboard):
    html, soup, expected, ids, output = dashboard
    text = load_text()
    for sentence in text.sentences:
        span = soup.find("span", id=sentence.id)
        assert span is not None and span.get_text() == sentence.text
        n = expected["cited"][sentence.id]
        assert span["data-count"] == (str(n) if n >= 5 else ""), sentence.id
    assert "transparent" in soup.find("span", id="p1.1")["style"]
    assert "transparent" not in soup.find("span", id="p4.2")["style"]


def test_small_groups_are_suppressed(dashboard):
    html, soup, expected, ids, output = dashboard
    assert expected["verdicts"]["leave"] == 4
    verdicts = _bars_after(soup, "Verdicts")
    assert verdicts[scales.OPTIONS["leave"].label] == "fewer than 5"
    # 200 minus the other verdicts would give the 4 away: one more verdict is hidden.
    assert "not shown" in verdicts.values()


def test_min_group_can_be_raised(synthetic_class, tmp_path):
    root, expected, ids = synthetic_class
    result = CliRunner().invoke(main, ["dashboard", str(root), "--out", str(tmp_path), "--min-group", "80"])
    assert result.exit_code == 1, result.output  # the class includes unreadable inputs
    soup = BeautifulSoup((tmp_path / "index.html").read_text(), "html.parser")
    verdicts = _bars_after(soup, "Verdicts")
    assert all(v in ("fewer than 80", "not shown") or int(v) >= 80 for v in verdicts.values())
    assert "fewer than 80" in verdicts.values()


def test_no_student_is_named(dashboard):
    html, soup, expected, ids, output = dashboard
    for student in [*ids, "bad-one-zz", "bad-two-zz", "bad-three-zz"]:
        assert student not in html
    assert not re.search(r"stu-\d{3}", html)


def test_bad_submissions_are_listed_and_not_counted(dashboard):
    html, soup, expected, ids, output = dashboard
    section = soup.find("h2", string="Submissions not counted")
    assert section is not None
    assert "3 input(s) could not be read" in section.find_next("p").get_text()
    assert f"{CLASS_SIZE} students" in output and "3 input(s) not readable" in output


def test_the_page_is_self_contained(dashboard):
    html, soup, expected, ids, output = dashboard
    for tag in soup.find_all(["script", "link", "img", "iframe", "audio", "video", "source"]):
        assert not tag.get("src") and not tag.get("href"), str(tag)[:100]
    assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    assert len(html.encode()) < 200_000


def test_rubric_levels_count_every_graded_student(dashboard):
    html, soup, expected, ids, output = dashboard
    section = soup.find("section", id="rubric")
    groups = section.find_all("ul", class_="bars")
    assert groups, "no rubric criteria shown"
    for group in groups:
        base = int(re.search(r"Out of (\d+)", group.find_previous("p", class_="base").get_text()).group(1))
        assert base == CLASS_SIZE  # every student handed in every set; each is counted once per criterion
        counts = [li.find("span", class_="count").get_text() for li in group.find_all("li")]
        shown = [int(c) for c in counts if c.isdigit()]
        assert sum(shown) <= CLASS_SIZE
        assert len(shown) < len(counts) or sum(shown) == CLASS_SIZE


def test_rubric_shows_titles_and_needs_your_reading(dashboard):
    from elysara.exercises.bank.loading import load_bank

    html, soup, expected, ids, output = dashboard
    section = soup.find("section", id="rubric")
    headings = [h.get_text(" ", strip=True) for h in section.find_all("h3")]
    bank = load_bank()
    criteria = [c for s in bank.sets.values() for i in s.items if i.prose for c in i.rubric.criteria]
    assert any(c.title in " ".join(headings) for c in criteria)
    assert not re.search(r"\w+-\w+ / [\w-]+:", section.get_text())  # no "set-id / item-id: criterion-id"
    # Criteria the grader never levels ask for the teacher's reading instead of four empty bars.
    reading = section.find_all("p", class_="needs-reading")
    unlevelled = [c for c in criteria if c.evidence == "none"]
    if unlevelled:
        assert reading
        glance = soup.find(id="glance").get_text()
        assert "Needs your reading" in glance


def test_a_missing_input_path_is_reported_not_counted(tmp_path):
    result = CliRunner().invoke(main, ["dashboard", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "0 students" in result.output and "1 input(s) not readable" in result.output
    soup = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find("h2", string="Submissions not counted")
    assert section is not None
    assert "1 input(s) could not be read" in section.find_next("p").get_text()
    assert "missing: 1" in section.find_next("ul").get_text()


@pytest.mark.slow
@pytest.mark.browser
def test_the_dashboard_loads_in_a_browser_without_other_requests(dashboard, page, tmp_path):
    html = dashboard[0]
    path = tmp_path / "index.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri() + "?projector=1")
    assert page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    page.click(".elysara-projector-toggle")
    assert not page.evaluate("document.documentElement.classList.contains('elysara-projector')")
    assert [url for url in page.log.requests if not url.startswith(path.as_uri())] == []
    assert page.log.console_errors == []


def test_feedback_pages_compare_each_student_with_the_class(synthetic_class, tmp_path):
    root, expected, ids = synthetic_class
    result = CliRunner().invoke(main, ["grade", str(root), "--out", str(tmp_path), "--compare-with-class"])
    assert result.exit_code == 1, result.output  # 1: the three unreadable inputs were not graded
    pages = sorted((tmp_path / "feedback" / "stu-000-qx").glob("*.html"))
    assert pages
    soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    heading = soup.find("h2", string="You versus the class")
    assert heading is not None
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in heading.parent.find_all("tr") if tr.th and tr.td}
    # stu-000 chose "leave" (4 students: hidden) and weighted relief most (34 students: shown).
    assert rows["The Scales: your verdict"] == [scales.OPTIONS["leave"].label, "fewer than 5 students chose the same"]
    assert rows["The Scales: the value you weighted most"][1].startswith(f"{expected['top']['relief']} of {CLASS_SIZE}")
    page_text = pages[0].read_text(encoding="utf-8")
    assert "stu-001-qx" not in page_text


def test_without_the_option_feedback_has_no_class_section(synthetic_class, tmp_path):
    root, expected, ids = synthetic_class
    result = CliRunner().invoke(main, ["grade", str(root / "stu-000-qx"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "feedback").rglob("*.html"))
    assert pages
    assert all("You versus the class" not in page.read_text(encoding="utf-8") for page in pages)


def test_weight_distribution_per_value(dashboard):
    html, soup, expected, ids, output = dashboard
    table = soup.find("table", class_="weights")
    header = [th.get_text() for th in table.thead.find_all("th")][1:]
    rows = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")}
    # By construction each student gives their top value 9 and every other value 1.
    for value_id, value in scales.VALUES.items():
        cells = dict(zip(header, rows[value.label]))
        assert cells["under 2"] == str(CLASS_SIZE - expected["top"][value_id])
        assert cells["2 to 5"] == "fewer than 5" and cells["5 to 8"] == "fewer than 5"
        # The two empty bands would be 200 minus the others: the "8 or more" count is hidden as well.
        assert cells["8 or more"] == "not shown"


@pytest.mark.slow
@pytest.mark.browser
def test_the_dashboard_reads_at_a_glance_in_a_browser(dashboard, page, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    path = tmp_path / "index.html"
    path.write_text(dashboard[0], encoding="utf-8")
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri() + "?projector=0")
    # The summary comes first and is on the first screen, before any folded detail.
    first = page.evaluate("document.querySelector('main > section').id")
    assert first == "glance"
    assert page.evaluate("document.getElementById('glance').getBoundingClientRect().bottom") <= 720
    assert page.evaluate("Array.from(document.querySelectorAll('details')).every(d => !d.open)")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    # A hidden count is an empty outline, never a bar drawn across its track.
    sizes = page.evaluate("""Array.from(document.querySelectorAll('li:not([data-state=shown]) .empty'))
        .map(e => [e.getBoundingClientRect().width, e.parentElement.getBoundingClientRect().width])""")
    assert sizes, "the class has suppressed groups: they must be drawn"
    assert all(width <= 0.1 * track for width, track in sizes), sizes
    violations = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]} {[n.get('failureSummary', '')[:200] for n in v['nodes']][:1]}" for v in Axe().run(page).response["violations"]
                  if v["impact"] in ("serious", "critical")]
    assert violations == []
    # Projector: each section fits one screen (details folded).
    page.goto(path.as_uri() + "?projector=1")
    heights = page.evaluate("""Array.from(document.querySelectorAll('main > section'))
        .map(s => [s.id, s.scrollHeight, window.innerHeight])""")
    assert len(heights) >= 6
    for section, height, screen in heights:
        assert height <= screen, f"section {section} is {height}px on a {screen}px screen"


def test_the_reversal_class_experiment_is_pooled_by_framing(dashboard):
    html, soup, expected, ids, output = dashboard
    experiment = expected["experiment"]
    assert len(experiment) == CLASS_SIZE // 2
    # The known split, counted by hand from the answers the fixture gave.
    by_framing = {f: Counter(reversal.FRAMINGS[f].outcomes[a] for g, a in experiment if g == f) for f in reversal.FRAMINGS}
    lines = [li.get_text() for li in soup.find("ul", class_="reversal-experiment").find_all("li")]
    for framing, line in zip(reversal.FRAMINGS.values(), lines, strict=True):
        counts = by_framing[framing.id]
        assert line.startswith(f"{framing.title}: {sum(counts.values())} students;"), line
        hidden = 0
        for outcome_id, outcome in reversal.OUTCOMES.items():
            n = counts[outcome_id]
            if f"{outcome.label.lower()}: fewer than 5" in line or f"{outcome.label.lower()}: not shown" in line:
                hidden += 1
            else:
                assert n >= 5 and f"{outcome.label.lower()}: {n}" in line, (line, outcome_id)
        assert hidden != 1, f"one hidden outcome could be recovered by subtraction from the total: {line}"
    # The groups really are split about evenly, and the v1 half is not pooled.
    assert abs(sum(by_framing["connect"].values()) - CLASS_SIZE // 4) < CLASS_SIZE // 8
    assert f"{CLASS_SIZE // 2} student(s) saved a state with no assigned framing" in soup.get_text()
    # The line a teacher shares is what a student's page reads.
    import json
    shared = json.loads(soup.find("code", class_="reversal-share").get_text())
    assert shared["class_result"] == 1 and shared["lines"] == lines


def test_with_grades_the_dashboard_counts_the_levels_the_teacher_confirmed(synthetic_class, tmp_path):
    """`--grades OUT` reads an earlier `elysara grade` run: levels confirmed there (overrides) are counted,
    even for a criterion the grader never levels, and nothing is graded again."""
    from elysara.exercises.bank.loading import load_bank

    root, expected, ids = synthetic_class
    bank = load_bank()
    set_id, item, criterion = next((s.id, i, c) for s in bank.sets.values() for i in s.items if i.prose
                                   for c in i.rubric.criteria if c.evidence == "none")
    level = criterion.levels[0]
    confirmed = ids[: CLASS_SIZE // 2]
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("student,set,item,criterion,level,comment\n" + "".join(
        f"{student},{set_id},{item.id},{criterion.id},{level.id},\n" for student in confirmed), encoding="utf-8")
    grades = tmp_path / "grades"
    graded = CliRunner().invoke(main, ["grade", str(root), "--out", str(grades), "--overrides", str(overrides)])
    assert graded.exit_code == 1, graded.output  # the three unreadable inputs

    def criterion_block(out: Path) -> list:
        """The elements under the criterion's heading, up to the next one."""
        soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
        h = next(h for h in soup.find(id="rubric").find_all("h3") if h.get_text(" ", strip=True).startswith(criterion.title)
                 and item_title_matches(h))
        block = []
        for sibling in h.find_next_siblings():
            if sibling.name == "h3":
                break
            block.append(sibling)
        return block

    def item_title_matches(h) -> bool:
        from elysara.exercises.classroom.groups import item_title
        return item_title(bank.sets[set_id], item) in h.get_text(" ", strip=True)

    again = CliRunner().invoke(main, ["dashboard", str(root), "--out", str(tmp_path / "fresh")])
    assert again.exit_code == 1, again.output
    fresh = criterion_block(tmp_path / "fresh")  # grading afresh: nothing confirmed, so no bars
    assert any("needs-reading" in e.get("class", []) for e in fresh) and not any(e.name == "ul" for e in fresh)

    reused = CliRunner().invoke(main, ["dashboard", str(root), "--out", str(tmp_path / "reused"),
                                       "--grades", str(grades)])
    assert reused.exit_code == 1, reused.output
    block = next(e for e in criterion_block(tmp_path / "reused") if e.name == "ul" and "bars" in e.get("class", []))
    bars = {li.find("span", class_="label").get_text(): li.find("span", class_="count").get_text()
            for li in block.find_all("li")}
    # The other half left the answer blank: the grader's "missing". Under the page's disclosure rule one of
    # the two groups of 100 may be withheld (the empty levels are suppressed), never both.
    assert _agrees(bars[level.id.capitalize()], len(confirmed))
    assert str(len(confirmed)) in bars.values()
    # The rest of the page is the class's, as without --grades.
    assert "200 students" in reused.output


def test_grades_that_are_not_a_report_stop_before_anything_is_written(synthetic_class, tmp_path):
    root, expected, ids = synthetic_class
    (tmp_path / "grades").mkdir()
    (tmp_path / "grades" / "report.json").write_text('{\n  "submissions": [\n    {"student": 3}\n  ]\n}\n')
    result = CliRunner().invoke(main, ["dashboard", str(root), "--out", str(tmp_path / "out"),
                                       "--grades", str(tmp_path / "grades")])
    assert result.exit_code == 3
    assert "report.json, line 3" in result.output and "Nothing was written" in result.output
    assert not (tmp_path / "out").exists()
