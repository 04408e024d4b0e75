"""The Tension Test: its data, its rules, its exported lookup, its states and its views."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from elysara.widgets import tension
from elysara.widgets.tension_data import DATA_FILE, PAGES, TensionDataError, load_bank, page_href, passage_href
from elysara.widgets.tension_view import StaticTensionTest, TensionTest, export, score_text

ROOT = Path(__file__).resolve().parents[1]

# A reader who thinks only feelings matter, answering every case (written by hand).
HEDONIST = {
    "machine": "accept", "antidepressants": "accept", "anaesthesia": "accept", "memory": "accept",
    "omelas": "accept", "soma": "accept", "nexus": "accept", "nexus-pressured": "accept",
    "nexus-free": "accept", "nexus-trial": "accept", "reversal": "reject", "forced": "accept",
}
# A reader who guards reality and consent, but would erase one memory.
GUARDIAN = {
    "machine": "reject", "antidepressants": "accept", "anaesthesia": "accept", "memory": "accept",
    "omelas": "reject", "soma": "reject", "nexus": "reject", "nexus-pressured": "reject",
    "nexus-free": "accept", "nexus-trial": "reject", "reversal": "accept", "forced": "reject",
}


# --- The data ------------------------------------------------------------------


def test_the_test_asks_about_a_dozen_cases_including_the_ones_the_book_discusses():
    assert len(tension.CASES) >= 12
    for case_id in ("machine", "antidepressants", "anaesthesia", "memory", "omelas", "soma",
                    "nexus-pressured", "nexus-free", "nexus-trial", "reversal"):
        assert case_id in tension.CASES
    assert tension.ANSWER_IDS == ("accept", "reject", "unsure")


def test_there_are_both_tensions_and_bullets_and_each_rule_reads_few_cases():
    kinds = {r.kind for r in tension.RULES.values()}
    assert kinds == {"tension", "bullet"}
    for rule in tension.RULES.values():
        assert 1 <= len(rule.reads) <= 3, rule.id
        assert rule.explanation and (rule.passages or rule.pages), rule.id


@pytest.mark.parametrize("rule_id", list(tension.RULES))
def test_every_rule_fires_on_its_case_and_not_on_its_contrast(rule_id):
    rule = tension.RULES[rule_id]
    assert rule_id in _fired(tension.evaluate(rule.example))
    assert rule_id not in _fired(tension.evaluate(rule.contrast))


def _fired(result: tension.Result) -> set[str]:
    return {*result.tensions, *result.bullets}


def test_refusing_to_plug_in_and_refusing_to_unplug_is_an_open_tension_until_a_difference_is_chosen():
    answers = {"machine": "reject", "reversal": "reject"}
    result = tension.evaluate(answers)
    assert result.hits == () and result.open == ("refuse-to-enter-refuse-to-leave",)
    assert result.score == (0, 0, 1)
    assert result.answered == 2
    named = tension.evaluate(answers, {"refuse-to-enter-refuse-to-leave": "starting-point"})
    assert named.hits == () and dict(named.named) == {"refuse-to-enter-refuse-to-leave": "starting-point"}
    hit = tension.evaluate(answers, {"refuse-to-enter-refuse-to-leave": "none"})
    assert hit.hits == ("refuse-to-enter-refuse-to-leave",) and hit.score == (1, 0, 1)


def _firing_answers(rule: tension.Rule) -> list[dict[str, str]]:
    return [dict(zip(rule.reads, combo, strict=True)) for combo in tension.firing_combinations(rule)]


@pytest.mark.parametrize("rule_id", tension.TENSION_RULES)
def test_no_rule_scores_a_hit_when_the_student_names_a_difference(rule_id):
    rule = tension.RULES[rule_id]
    for answers in _firing_answers(rule):
        for difference in tension.DIFFERENCES:
            if difference == tension.NO_DIFFERENCE:
                continue
            # Whatever the other cases say and whatever the other tensions chose, naming a difference is no hit.
            background = {**GUARDIAN, **HEDONIST, **answers} if random.random() < 0.5 else answers
            result = tension.evaluate(background, {rule_id: difference}, {rule_id: "they are not the same choice"})
            assert rule_id not in result.hits, (answers, difference)
            assert result.named[rule_id] == difference
    # "none" is the one choice that makes it a hit.
    assert rule_id in tension.evaluate(_firing_answers(rule)[0], {rule_id: "none"}).hits


def test_no_answers_alone_ever_score_a_hit():
    rng = random.Random(7)
    for _ in range(300):
        answers = {c: rng.choice((*tension.ANSWER_IDS, None)) for c in tension.CASES}
        assert tension.evaluate(answers).hits == ()


def test_own_words_name_a_difference_only_when_there_are_words():
    answers = {"machine": "reject", "reversal": "reject"}
    rule = "refuse-to-enter-refuse-to-leave"
    assert tension.evaluate(answers, {rule: "own"}).open == (rule,)
    assert tension.evaluate(answers, {rule: "own"}, {rule: "   "}).open == (rule,)
    assert dict(tension.evaluate(answers, {rule: "own"}, {rule: "my family is inside"}).named) == {rule: "own"}


def test_every_bullet_says_what_the_answers_commit_the_student_to_and_no_tension_does():
    for rule in tension.RULES.values():
        if rule.kind == "bullet":
            assert rule.commitment and len(rule.commitment.split()) >= 8, rule.id
        else:
            assert rule.commitment is None, rule.id
    # The overreadings the review found are gone.
    texts = " ".join(f"{r.title} {r.commitment or ''}" for r in tension.RULES.values() if r.kind == "bullet").lower()
    assert "any price" not in tension.RULES["peace-at-any-price"].title.lower()
    assert "happiness alone" not in texts
    assert "a-line-to-draw" not in tension.RULES


def test_the_differences_offered_are_the_ones_the_book_names():
    assert list(tension.DIFFERENCES) == ["consent", "certainty", "reversibility", "self-others", "starting-point",
                                         "none", "own"]


def test_a_consistent_hedonist_takes_no_hit_but_bites_four_bullets():
    result = tension.evaluate(HEDONIST)
    assert result.hits == () and result.tensions == ()
    assert set(result.bullets) == {"experiences-are-what-matter", "peace-at-any-price", "staying-in-omelas",
                                   "happiness-over-consent"}
    assert result.score == tension.Score(hits=0, bullets=4, tensions=0)
    assert result.answered == 12


def test_a_guardian_of_reality_bites_no_bullet_and_meets_no_tension():
    result = tension.evaluate(GUARDIAN)
    assert result.tensions == () and result.bullets == ()


def test_revising_an_answer_changes_the_score():
    answers = dict(GUARDIAN, reversal="reject")
    chosen = {"refuse-to-enter-refuse-to-leave": "none"}
    assert tension.evaluate(answers, chosen).score == (1, 0, 1)
    answers["reversal"] = "accept"
    assert tension.evaluate(answers, chosen).score == (0, 0, 0)


def test_unsure_and_unanswered_never_trigger_anything():
    assert tension.evaluate({c: "unsure" for c in tension.CASES}).score == (0, 0, 0)
    assert tension.evaluate({}).score == (0, 0, 0)
    assert tension.evaluate({"machine": "reject", "reversal": None}).score == (0, 0, 0)


def test_a_rule_looks_only_at_its_own_cases():
    rule = tension.RULES["pressure-over-freedom"]
    background = {c: "unsure" for c in tension.CASES}
    assert rule.fires({**background, **rule.example})
    assert rule.fires({**HEDONIST, **rule.example})


# --- The lookup the site's script uses --------------------------------------------


def _lookup_result(exported: dict, answers: dict, differences: dict | None = None,
                   words: dict | None = None) -> tuple[set[str], int, int]:
    """What tension-test.js computes: look each rule's answers up in fires_on, each tension's choice in verdicts."""
    differences, words = differences or {}, words or {}
    fired, counts = set(), {"hit": 0, "named": 0, "open": 0, "bullet": 0}
    for rule in exported["rules"]:
        key = [answers.get(c) or "" for c in rule["reads"]]
        if key in rule["fires_on"]:
            fired.add(rule["id"])
            if rule["kind"] == "bullet":
                counts["bullet"] += 1
                continue
            choice = differences.get(rule["id"])
            own = (words.get(rule["id"]) or "").strip()
            choice_key = "" if choice is None else ("own-blank" if choice == exported["own"] and not own else choice)
            counts[exported["verdicts"][choice_key]["verdict"]] += 1
    return fired, counts["hit"], counts["bullet"]


@pytest.mark.parametrize("rule_id", list(tension.RULES))
def test_the_export_equals_the_model_for_every_combination_of_the_rules_cases(rule_id):
    exported = export()
    rule = tension.RULES[rule_id]
    combos = tension.combinations(rule)
    assert len(combos) == 4 ** len(rule.reads)
    for combo in combos:
        answers = {c: a for c, a in combo.items() if a is not None}
        fired, _, _ = _lookup_result(exported, answers)
        assert (rule_id in fired) == (rule_id in _fired(tension.evaluate(answers))), combo


def test_the_export_equals_the_model_on_many_whole_questionnaires():
    exported = export()
    rng = random.Random(4)
    values = (*tension.ANSWER_IDS, None)
    for _ in range(3000):
        answers = {c: a for c in tension.CASES if (a := rng.choice(values)) is not None}
        result = tension.evaluate(answers)
        fired, hits, bullets = _lookup_result(exported, answers)
        assert fired == _fired(result)
        assert (hits, bullets) == result.score[:2]


def test_the_export_is_small_and_json_safe():
    text = json.dumps(export())
    assert len(text) < 10_000
    assert json.loads(text) == export()


# --- States -----------------------------------------------------------------------


def test_the_export_gives_the_models_verdict_for_every_choice_of_difference():
    exported = export()
    answers = {"machine": "reject", "reversal": "reject"}
    rule = "refuse-to-enter-refuse-to-leave"
    for difference in (None, *tension.DIFFERENCES):
        for words in ("", "my own reason"):
            result = tension.evaluate(answers, {rule: difference}, {rule: words})
            _, hits, _ = _lookup_result(exported, answers, {rule: difference}, {rule: words})
            assert hits == len(result.hits), (difference, words)


def test_the_export_equals_the_model_on_random_answers_and_differences():
    exported = export()
    rng = random.Random(11)
    for _ in range(500):
        answers = {c: rng.choice((*tension.ANSWER_IDS, None)) for c in tension.CASES}
        differences = {r: rng.choice((None, *tension.DIFFERENCES)) for r in tension.TENSION_RULES}
        words = {r: rng.choice(("", " ", "it can be undone")) for r in tension.TENSION_RULES}
        result = tension.evaluate(answers, differences, words)
        fired, hits, bullets = _lookup_result(exported, answers, differences, words)
        assert fired == _fired(result) and (hits, bullets) == (len(result.hits), len(result.bullets))


def test_a_state_round_trips_through_its_dict():
    state = tension.state(HEDONIST, {"nexus-but-not-soma": "own"}, {"nexus-but-not-soma": "the peace is shared"})
    data = state.to_dict()
    assert data == {"widget": "tension", "version": 2, "answers": HEDONIST,
                    "differences": {"nexus-but-not-soma": "own"},
                    "own_words": {"nexus-but-not-soma": "the peace is shared"}}
    assert tension.state_from_dict(json.loads(json.dumps(data))) == state
    partial = tension.state({"omelas": "reject", "soma": None})
    assert tension.state_from_dict(partial.to_dict()).answers == {"omelas": "reject"}


def test_a_version_1_state_is_still_read_with_every_tension_open():
    old = {"widget": "tension", "version": 1, "answers": {"machine": "reject", "reversal": "reject"}}
    state = tension.state_from_dict(old)
    assert dict(state.differences) == {}
    result = tension.evaluate(state)
    assert result.hits == () and result.open == ("refuse-to-enter-refuse-to-leave",)


@pytest.mark.parametrize(("bad", "message"), [
    ([1, 2], "must be a dict"),
    ({"widget": "scales", "version": 1, "answers": {}}, "Tension Test state: 'widget' must be 'tension', got 'scales'"),
    ({"widget": "tension", "version": 3, "answers": {}}, "'version' must be 1 or 2, got 3"),
    ({"widget": "tension", "version": 2, "answers": {}}, "missing field 'differences'"),
    ({"widget": "tension", "version": 2, "answers": {}, "differences": {"staying-in-omelas": "none"}, "own_words": {}},
     "'staying-in-omelas' is not a tension rule"),
    ({"widget": "tension", "version": 2, "answers": {}, "differences": {"nexus-but-not-soma": "taste"}, "own_words": {}},
     "valid differences: consent, certainty"),
    ({"widget": "tension", "version": 2, "answers": {}, "differences": {}, "own_words": {"nexus-but-not-soma": 3}},
     "must be text"),
    ({"widget": "tension", "version": 1}, "missing field 'answers'"),
    ({"widget": "tension", "version": 1, "answers": {}, "score": 3}, "unknown field 'score'; valid fields: widget, version, answers"),
    ({"widget": "tension", "version": 1, "answers": ["machine"]}, "must be a mapping"),
    ({"widget": "tension", "version": 1, "answers": {"matrix": "accept"}}, "unknown case 'matrix'; valid cases: machine"),
    ({"widget": "tension", "version": 1, "answers": {"machine": "yes"}}, "valid answers: accept, reject, unsure"),
])
def test_a_bad_state_raises_a_clear_value_error(bad, message):
    with pytest.raises(ValueError) as error:
        tension.state_from_dict(bad)
    assert message in str(error.value)


# --- Validation of the data file ---------------------------------------------------


def _write_bank(tmp_path, change) -> Path:
    raw = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "cases.yml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def test_the_shipped_data_file_is_valid():
    bank = load_bank()
    assert [c.id for c in bank.cases] == list(tension.CASES)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda raw: raw["rules"][0]["when"].update({"matrix": "accept"}),
     ["rule 'refuse-to-enter-refuse-to-leave'", "unknown 'matrix'", "valid choices:", "machine"]),
    (lambda raw: raw["rules"][1]["when"].update({"machine": "maybe"}),
     ["rule 'enter-then-leave'", "when.machine", "'maybe'", "accept, reject, unsure"]),
    (lambda raw: raw["cases"][0].update({"passages": ["p9.1"]}), ["case 'machine'", "'p9.1'"]),
    (lambda raw: raw["rules"][2].update({"pages": ["/book/essays/nowhere"]}),
     ["rule 'pressure-over-freedom'", "/book/essays/nowhere", "/book/essays/consent-and-manipulation"]),
    (lambda raw: raw["rules"][2].update({"kind": "miss"}), ["rule 'pressure-over-freedom'.kind", "'tension' or 'bullet'"]),
    (lambda raw: raw["rules"][-1].pop("commitment"), ["rule 'happiness-over-consent'", "needs a `commitment`"]),
    (lambda raw: raw["differences"].pop(5), ["differences: must include ['none']"]),
    (lambda raw: raw["rules"][3]["example"].pop("nexus"), ["rule 'forever-but-not-for-a-month'", "missing ['nexus']"]),
    (lambda raw: raw["cases"].append(dict(raw["cases"][0])), ["cases: id 'machine' is used twice"]),
])
def test_a_mistake_in_the_data_names_the_file_the_item_and_the_choices(tmp_path, change, expected):
    path = _write_bank(tmp_path, change)
    with pytest.raises(TensionDataError) as error:
        load_bank(path)
    message = str(error.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_every_page_a_rule_can_link_to_is_in_the_table_of_contents():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for docname in PAGES:
        assert f"file: {docname.lstrip('/')}" in toc, docname


def test_links_are_relative_to_the_widget_page():
    assert page_href("/book/essays/consent-and-manipulation", "book/widgets/tension-test") == \
        "../essays/consent-and-manipulation.html"
    assert passage_href("p4.2", "book/widgets/tension-test") == "../reading.html#p4.2"


# --- Views --------------------------------------------------------------------------


def test_the_static_view_is_an_accessible_questionnaire_with_the_lookup():
    soup = BeautifulSoup(StaticTensionTest().to_html(), "html.parser")
    root = soup.find(attrs={"data-elysara-script": "tension-test"})
    assert root is not None
    fieldsets = root.find_all("fieldset", class_="tension-case")
    assert len(fieldsets) == len(tension.CASES)
    for fieldset, case in zip(fieldsets, tension.CASES.values(), strict=True):
        assert case.title in fieldset.legend.get_text()
        radios = fieldset.find_all("input", type="radio")
        assert [r["value"] for r in radios] == list(tension.ANSWER_IDS)
        assert all(r.find_parent("label") is not None for r in radios)
        assert len({r["name"] for r in radios}) == 1
    score = root.find(class_="tension-score")
    assert score["aria-live"] == "polite"
    assert score.get_text() == "0 hits, 0 tensions resolved by a difference, 0 open; 0 bullets bitten; 0 of 12 cases answered."
    data = json.loads(root.find("script", class_="elysara-widget-data").string)
    assert data == export()
    listed = [li["data-rule"] for li in root.find_all("li", class_="tension-rule")]
    assert listed == list(tension.RULES)
    for li in root.find_all("li", class_="tension-rule"):
        choices = [i["value"] for i in li.find_all("input", type="radio")]
        if li["data-kind"] == "tension":
            assert choices == list(tension.DIFFERENCES)
            assert li.find("input", class_="tension-own")["maxlength"] == str(tension.MAX_OWN_WORDS)
        else:
            assert choices == [] and tension.RULES[li["data-rule"]].commitment in li.get_text()


def test_the_score_sentence_reads_naturally():
    answers = {"machine": "reject", "reversal": "reject", "omelas": "accept"}
    assert score_text(tension.evaluate(answers, {"refuse-to-enter-refuse-to-leave": "none"})) == \
        "1 hit, 0 tensions resolved by a difference, 0 open; 1 bullet bitten; 3 of 12 cases answered."
    assert score_text(tension.evaluate(answers, {"refuse-to-enter-refuse-to-leave": "consent"})) == \
        "0 hits, 1 tension resolved by a difference, 0 open; 1 bullet bitten; 3 of 12 cases answered."


def test_the_live_view_updates_its_chart_when_an_answer_is_clicked():
    view = TensionTest()
    assert list(view.figure.data[0].x) == [0, 0, 0]
    view.controls["machine"].value = "reject"
    view.controls["reversal"].value = "reject"
    assert list(view.figure.data[0].x) == [0, 0, 0]
    assert "You would not plug in, and you would not unplug" in view.tensions.value
    assert "Open: which difference" in view.tensions.value
    view.set_difference("refuse-to-enter-refuse-to-leave", "none")
    assert list(view.figure.data[0].x) == [1, 0, 0]
    view.set_difference("refuse-to-enter-refuse-to-leave", "own", "I would lose <everyone>")
    assert list(view.figure.data[0].x) == [0, 1, 0]
    assert "I would lose &lt;everyone&gt;" in view.tensions.value
    view.set_answer("omelas", "accept")
    assert list(view.figure.data[0].x) == [0, 1, 1]
    view.set_answer("reversal", "accept")
    assert list(view.figure.data[0].x) == [0, 0, 1]
    assert view.state() == {"widget": "tension", "version": 2,
                            "answers": {"machine": "reject", "omelas": "accept", "reversal": "accept"},
                            "differences": {"refuse-to-enter-refuse-to-leave": "own"},
                            "own_words": {"refuse-to-enter-refuse-to-leave": "I would lose <everyone>"}}


def test_the_live_view_starts_from_a_saved_state_and_rejects_bad_answers():
    view = TensionTest(tension.state_from_dict({"widget": "tension", "version": 1, "answers": HEDONIST}).answers)
    assert list(view.figure.data[0].x) == [0, 0, 4]
    with pytest.raises(ValueError, match="valid answers"):
        view.set_answer("machine", "perhaps")
