"""The Tension Test and the Reversal in the built site, driven in a real browser.

What a student sees after answering must be what the Python model says for
those answers: the scripts only look answers up in what the model exported.
"""

from __future__ import annotations

import ast
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from elysara.widgets import reversal, tension
from elysara.widgets.reversal_view import chart_values, summary, table_rows
from elysara.widgets.tension_view import score_text, verdict_text

pytestmark = pytest.mark.slow  # the tests that drive Chromium are marked browser one by one

TENSION_PAGE = "book/widgets/tension-test.html"
REVERSAL_PAGE = "book/widgets/reversal.html"


def _open(page, served_site: str, path: str) -> None:
    # Console errors with where they came from: Chromium's own request for a
    # favicon (which the site does not ship) is not the page's doing.
    page.widget_errors = []
    page.on("console", lambda m: page.widget_errors.append(f"{m.text} ({m.location.get('url')})")
            if m.type == "error" and not str(m.location.get("url", "")).endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: page.widget_errors.append(str(error)))
    page.goto(f"{served_site}/{path}")
    page.wait_for_selector("[data-elysara-script]")


def _answer_tension(page, answers: dict[str, str]) -> None:
    for case_id, answer in answers.items():
        page.check(f'input[name="tension-{case_id}"][value="{answer}"]')


def _choose_differences(page, differences: dict[str, str], words: dict[str, str] | None = None) -> None:
    for rule_id, difference in differences.items():
        page.check(f'input[name="difference-{rule_id}"][value="{difference}"]')
    for rule_id, text in (words or {}).items():
        page.fill(f'input[name="own-{rule_id}"]', text)


def _shown_tension(page) -> tuple[str, set[str]]:
    score = page.inner_text(".tension-score")
    shown = set(page.eval_on_selector_all(".tension-rule:not([hidden])", "els => els.map(e => e.dataset.rule)"))
    return score, shown


def _assert_clean(page, served_site: str) -> None:
    assert page.widget_errors == []
    assert page.log.failed == []
    host = urlsplit(served_site).netloc
    assert [u for u in page.log.requests if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host] == []


def _serious_axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # The page's own content; the theme's navigation is outside what these widgets control.
    results = Axe().run(page, context="article")
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


# --- The Tension Test ---------------------------------------------------------------


@pytest.mark.parametrize("answers", [
    {"machine": "reject", "reversal": "reject"},
    {"machine": "reject", "reversal": "reject", "omelas": "accept", "nexus": "accept", "soma": "reject"},
    {"machine": "accept", "soma": "accept", "nexus": "accept", "reversal": "reject", "forced": "accept",
     "nexus-pressured": "reject", "anaesthesia": "reject", "memory": "unsure"},
], ids=["status-quo", "mixed", "hedonist-with-tensions"])
@pytest.mark.browser
def test_answering_the_tension_test_shows_the_models_score(page, served_site, answers):
    _open(page, served_site, TENSION_PAGE)
    before, _ = _shown_tension(page)
    _answer_tension(page, answers)
    result = tension.evaluate(answers)
    score, shown = _shown_tension(page)
    assert score != before
    assert score == score_text(result)
    assert shown == {*result.tensions, *result.bullets}
    _assert_clean(page, served_site)


@pytest.mark.browser
def test_a_tension_is_a_hit_only_when_the_student_sees_no_difference(page, served_site):
    _open(page, served_site, TENSION_PAGE)
    answers = {"machine": "reject", "reversal": "reject"}
    rule = "refuse-to-enter-refuse-to-leave"
    _answer_tension(page, answers)
    item = f'.tension-rule[data-rule="{rule}"]'
    assert page.get_attribute(item, "data-verdict") == "open"
    for difference in tension.DIFFERENCES:
        words = {rule: "everyone I love is inside"} if difference == "own" else {}
        _choose_differences(page, {rule: difference}, words)
        result = tension.evaluate(answers, {rule: difference}, words)
        assert page.inner_text(".tension-score") == score_text(result)
        assert page.get_attribute(item, "data-verdict") == ("hit" if difference == "none" else "named")
        expected = verdict_text(tension.classify(difference, words.get(rule, "")), difference, words.get(rule, ""))
        assert page.inner_text(f"{item} .tension-verdict") == expected
    _assert_clean(page, served_site)


@pytest.mark.browser
def test_the_page_and_the_model_agree_on_random_answers_and_differences(page, served_site):
    import random

    rng = random.Random(5)
    _open(page, served_site, TENSION_PAGE)
    for _ in range(12):
        page.click(".tension-clear")
        answers = {c: rng.choice(tension.ANSWER_IDS) for c in tension.CASES if rng.random() < 0.8}
        _answer_tension(page, answers)
        fired = tension.evaluate(answers).tensions
        differences = {r: rng.choice(list(tension.DIFFERENCES)) for r in fired if rng.random() < 0.7}
        words = {r: rng.choice(["", "it can be undone"]) for r, d in differences.items() if d == "own"}
        _choose_differences(page, differences, words)
        result = tension.evaluate(answers, differences, words)
        score, shown = _shown_tension(page)
        assert score == score_text(result)
        assert shown == {*result.tensions, *result.bullets}
        verdicts = dict(page.eval_on_selector_all('.tension-rule[data-kind="tension"]:not([hidden])',
                                                  "els => els.map(e => [e.dataset.rule, e.dataset.verdict])"))
        assert verdicts == {r: tension.classify(differences.get(r), words.get(r, "")) for r in result.tensions}


@pytest.mark.browser
def test_revising_an_answer_updates_the_score_and_the_tensions(page, served_site):
    _open(page, served_site, TENSION_PAGE)
    _answer_tension(page, {"machine": "reject", "reversal": "reject"})
    assert _shown_tension(page)[1] == {"refuse-to-enter-refuse-to-leave"}
    _answer_tension(page, {"reversal": "accept"})
    score, shown = _shown_tension(page)
    assert shown == set()
    assert score == score_text(tension.evaluate({"machine": "reject", "reversal": "accept"}))
    assert page.is_visible(".tension-none")


@pytest.mark.browser
def test_the_tension_test_works_by_keyboard_and_announces_the_score(page, served_site):
    _open(page, served_site, TENSION_PAGE)
    assert page.get_attribute(".tension-score", "aria-live") == "polite"
    page.focus('input[name="tension-machine"][value="accept"]')
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # moves to and selects "No, stay out", as radio groups do
    page.focus('input[name="tension-reversal"][value="accept"]')
    page.keyboard.press("ArrowRight")
    assert _shown_tension(page)[1] == {"refuse-to-enter-refuse-to-leave"}
    outline = page.eval_on_selector(
        'input[name="tension-reversal"][value="reject"]',
        "el => getComputedStyle(el.closest('label')).outlineStyle",
    )
    assert outline not in ("", "none")


@pytest.mark.browser
def test_copy_my_answers_gives_a_state_the_model_reads_back(page, served_site):
    _open(page, served_site, TENSION_PAGE)
    answers = {"omelas": "accept", "nexus-free": "reject", "nexus-pressured": "accept"}
    _answer_tension(page, answers)
    _choose_differences(page, {"pressure-over-freedom": "own"}, {"pressure-over-freedom": 'a "quoted" <reason>'})
    page.click("details.elysara-copy summary")
    line = page.input_value(".elysara-copy-text")
    name, _, literal = line.partition(" = ")
    assert name == "tension_state"
    state = tension.state_from_dict(ast.literal_eval(literal))
    assert state.answers == answers
    assert dict(state.differences) == {"pressure-over-freedom": "own"}
    assert dict(state.own_words) == {"pressure-over-freedom": 'a "quoted" <reason>'}


@pytest.mark.browser
def test_answers_survive_a_reload(page, served_site):
    _open(page, served_site, TENSION_PAGE)
    _answer_tension(page, {"anaesthesia": "reject"})
    page.reload()
    page.wait_for_selector("[data-elysara-script]")
    assert page.is_checked('input[name="tension-anaesthesia"][value="reject"]')
    assert _shown_tension(page)[1] == {"pain-without-purpose"}


# --- The Reversal -------------------------------------------------------------------


def _plotted(page) -> list:
    page.wait_for_function("document.querySelector('#figure-reversal-answers div.elysara-plot').data !== undefined")
    return page.evaluate(
        "Array.from(document.querySelector('#figure-reversal-answers div.elysara-plot').data, t => t.y[0] ?? null)"
    )


def _start_demo(page) -> None:
    page.click("details.reversal-demo summary")
    page.click(".reversal-demo-start")


def _get_question(page, code: str, student: str) -> None:
    page.fill('input[name="class-code"]', code)
    page.fill('input[name="student-id"]', student)
    page.click("form.reversal-assign button")


@pytest.mark.parametrize(("connect", "disconnect"), [
    ("reject", "reject"), ("reject", "accept"), ("accept", "unsure"), ("accept", None),
])
@pytest.mark.browser
def test_the_demonstration_shows_the_models_pattern_chart_and_table(page, served_site, connect, disconnect):
    _open(page, served_site, REVERSAL_PAGE)
    before = page.inner_text(".reversal-result")
    _start_demo(page)
    if connect:
        page.check(f'input[name="reversal-connect"][value="{connect}"]')
    if disconnect:
        page.check(f'input[name="reversal-disconnect"][value="{disconnect}"]')
    state = reversal.ReversalState(connect, disconnect)
    result = reversal.evaluate(state)
    box = page.locator(".reversal-result")
    assert box.get_attribute("data-pattern") == result.pattern
    assert page.inner_text(".reversal-result-title") == reversal.PATTERNS[result.pattern].title
    if result.complete:
        assert page.inner_text(".reversal-result") != before
    page.wait_for_function(
        "expected => { const d = document.querySelector('#figure-reversal-answers div.elysara-plot').data;"
        " return d && JSON.stringify(Array.from(d, t => t.y[0] ?? null)) === JSON.stringify(expected); }",
        arg=chart_values(state),
    )
    assert _plotted(page) == chart_values(state)
    assert page.inner_text("#figure-reversal-answers figcaption") == summary(state)
    cells = page.eval_on_selector_all(
        "#figure-reversal-answers tbody tr", "rows => rows.map(r => Array.from(r.cells, c => c.textContent))"
    )
    assert cells == table_rows(state)
    assert page.eval_on_selector("details.reversal-finding", "d => d.open") is result.complete
    _assert_clean(page, served_site)


@pytest.mark.browser
def test_the_page_draws_the_same_framing_as_the_model_for_random_students(page, served_site):
    import random
    import string

    _open(page, served_site, REVERSAL_PAGE)
    rng = random.Random(3)
    alphabet = string.ascii_letters + string.digits + " -_.éüñøÅ"
    cases = [("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))),
              "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))) for _ in range(400)]
    cases = [(s, c) for s, c in cases if s.strip() and c.strip()]
    drawn = page.evaluate("cases => cases.map(([s, c]) => window.ElysaraReversal.assign(s, c))", cases)
    assert drawn == [reversal.assign_framing(s, c) for s, c in cases]


@pytest.mark.browser
def test_a_student_gets_one_question_and_no_diagnosis_and_the_finding_opens_after_answering(page, served_site):
    _open(page, served_site, REVERSAL_PAGE)
    assert page.eval_on_selector("details.reversal-finding", "d => d.open") is False
    _get_question(page, "7B-2026", "Ana Silva")
    assigned = reversal.assign_framing("Ana Silva", "7B-2026")
    other = next(f for f in reversal.FRAMINGS if f != assigned)
    assert reversal.FRAMINGS[assigned].title in page.inner_text(".reversal-assigned")
    assert page.is_visible(f'fieldset[data-framing="{assigned}"]')
    assert not page.is_visible(f'fieldset[data-framing="{other}"]')
    assert page.eval_on_selector("details.reversal-finding", "d => d.open") is False
    page.check(f'input[name="reversal-{assigned}"][value="reject"]')
    assert page.is_visible(".reversal-recorded")
    assert page.eval_on_selector("details.reversal-finding", "d => d.open") is True
    # No pattern, no "status quo" verdict about this one answer outside the demonstration.
    assert not page.is_visible(".reversal-result")
    page.click("details.elysara-copy summary")
    name, _, literal = page.input_value(".elysara-copy-text").partition(" = ")
    state = reversal.state_from_dict(ast.literal_eval(literal))
    assert name == "reversal_state" and state.experiment_answer == (assigned, "reject")
    # The class result the dashboard shares shows on the student's page, as written.
    shared = reversal.pool([reversal.ReversalState(connect="reject", assigned="connect")] * 6
                           + [reversal.ReversalState(disconnect="reject", assigned="disconnect")] * 7).to_dict()
    page.click("details.reversal-class summary")
    page.fill(".reversal-class-input", json.dumps(shared))
    assert page.eval_on_selector_all(".reversal-class-lines li", "els => els.map(e => e.textContent)") == shared["lines"]
    page.fill(".reversal-class-input", "<b>not a result</b>")
    assert "not a class result" in page.inner_text(".reversal-class-lines")
    page.reload()
    page.wait_for_selector("[data-elysara-script]")
    assert page.is_checked(f'input[name="reversal-{assigned}"][value="reject"]')
    _assert_clean(page, served_site)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 375])
def test_the_answered_demonstration_chart_leaves_its_caption_and_title_clear(page, served_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, served_site, REVERSAL_PAGE)
    _start_demo(page)
    page.check('input[name="reversal-connect"][value="reject"]')
    page.check('input[name="reversal-disconnect"][value="reject"]')
    page.wait_for_function("document.querySelector('#figure-reversal-answers div.elysara-plot').data !== undefined")
    page.wait_for_timeout(300)
    plot = page.eval_on_selector("#figure-reversal-answers .elysara-plot", "e => e.getBoundingClientRect().bottom")
    caption = page.eval_on_selector("#figure-reversal-answers figcaption", "e => e.getBoundingClientRect().top")
    assert caption >= plot - 1, (plot, caption)
    assert page.query_selector("#figure-reversal-answers .modebar") is None  # no toolbar over the title
    page.screenshot(path=f"/tmp/w2-reversal-{width}.png", full_page=False)


@pytest.mark.browser
def test_the_reversal_copy_line_is_a_state_the_model_reads_back(page, served_site):
    _open(page, served_site, REVERSAL_PAGE)
    _start_demo(page)
    page.check('input[name="reversal-disconnect"][value="reject"]')
    page.click("details.elysara-copy summary")
    name, _, literal = page.input_value(".elysara-copy-text").partition(" = ")
    assert name == "reversal_state"
    assert reversal.state_from_dict(ast.literal_eval(literal)) == reversal.ReversalState(None, "reject")


# --- Both pages ---------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("path", [TENSION_PAGE, REVERSAL_PAGE])
def test_the_page_fits_a_phone_and_has_no_serious_accessibility_violation(page, served_site, path):
    page.set_viewport_size({"width": 375, "height": 800})
    _open(page, served_site, path)
    page.wait_for_timeout(300)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _assert_clean(page, served_site)  # before axe, whose own stylesheet fetches can 404
    assert _serious_axe_violations(page) == []


@pytest.mark.parametrize("path", [TENSION_PAGE, REVERSAL_PAGE])
def test_every_link_in_the_widget_leads_somewhere(site, path):
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    root = soup.find(attrs={"data-elysara-script": True})
    hrefs = [a["href"] for a in root.find_all("a", href=True)]
    assert hrefs or path == REVERSAL_PAGE
    for href in hrefs:
        target, _, anchor = href.partition("#")
        file = (site / path).parent / target
        assert file.is_file(), href
        if anchor:
            assert BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").find(id=anchor), href
