"""Disclosure control: the rendered dashboard and "you versus the class" give no small group away.

Synthetic classes put group sizes at k-1, k, k+1 and 2k-1 in every group of
bars. An attacker reads the rendered page (labels and counts as text), knows
every group's total (it is printed) and what the labels mean, and subtracts.
For every bar that reads "fewer than k", every value 0..k-1 must remain
possible; no label may show a score that fewer than k students reached.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from elysara.exercises.bank.loading import load_bank
from elysara.exercises.classroom.dashboard import render_dashboard
from elysara.exercises.classroom.groups import class_groups
from elysara.exercises.classroom.summary import WEIGHT_BANDS, ClassSummary, StudentChoices, you_versus_class_section
from elysara.widgets import reversal, scales, tension

K = 5
SIZES = (K - 1, K, K + 1, 2 * K - 1)
#: Shapes of a group: the first bar holds the size under test, the others vary around it.
SHAPES = ((0, 3 * K, 2 * K), (0, 0, 4 * K), (0, 0, 0), (0, K, K), (0, 1, 2 * K), (0, K - 1, K - 1), (0, 0, 2 * K - 1))


def _fit(pattern: list[int], n: int) -> list[int]:
    """``pattern`` spread over ``n`` bars: padded with zeros, or its tail merged into the last bar."""
    if len(pattern) <= n:
        return pattern + [0] * (n - len(pattern))
    return pattern[: n - 1] + [sum(pattern[n - 1:])]


def _criterion_key(bank) -> tuple[str, str, str]:
    for set_id, exercise_set in bank.sets.items():
        for item in exercise_set.items:
            if item.prose:
                for criterion in item.rubric.criteria:
                    if criterion.evidence != "none":
                        return set_id, item.id, criterion.id
    raise AssertionError("no criterion with suggested levels in the bank")


def synthetic_summary(size: int, shape: tuple[int, ...], bank, rotate: int = 0) -> ClassSummary:
    """A class whose every group has a bar of ``size`` students and others shaped by ``shape``."""
    pattern = [size, *shape[1:]]
    pattern = pattern[rotate:] + pattern[:rotate]
    total = sum(pattern)
    s = ClassSummary(min_group=K, students=total, submissions=total)
    s.scales_students = s.tension_students = s.reversal_students = total
    s.verdicts = Counter(dict(zip(scales.OPTIONS, _fit(pattern, len(scales.OPTIONS)))))
    values = list(scales.VALUES)
    top = _fit(pattern, len(values) + 1)  # the last bar: ties
    s.top_values = Counter(dict(zip(values, top[:-1])))
    for value_id in values:
        s.weight_bands[value_id] = Counter(dict(zip([label for label, _ in WEIGHT_BANDS], _fit(pattern, len(WEIGHT_BANDS)))))
        s.weight_sums[value_id] = 5.0 * total
    # Tension scores: the pattern over 0, 1, 2..., plus one student far above everyone (an extreme to hide).
    hits = _fit(pattern, 3) + [0, 0, 0, 1]
    s.tension_hits = Counter(dict(enumerate(hits)))
    s.tension_hits[0] -= 1 if s.tension_hits[0] else 0
    s.tension_students = sum(s.tension_hits.values())
    s.tension_bullets = Counter(dict(enumerate(_fit(pattern, 2))))
    s.tension_bullets[0] += s.tension_students - sum(s.tension_bullets.values())
    s.tensions = Counter({rule: n for rule, n in zip(tension.RULES, pattern)})
    answers = [*reversal.ANSWER_IDS, None]
    s.reversal_connect = Counter(dict(zip(answers, _fit(pattern, len(answers)))))
    s.reversal_disconnect = Counter(dict(zip(answers, _fit(list(reversed(pattern)), len(answers)))))
    s.reversal_moved = Counter(dict(zip([True, False], _fit(pattern, 2))))
    key = _criterion_key(bank)
    levels = _fit(pattern, 5)
    s.rubric_levels[key] = Counter(dict(zip(["strong", "adequate", "weak", "missing"], levels[:4])))
    s.rubric_unlevelled[key] = levels[4]
    return s


CLASSES = [(size, shape, rotate) for size in SIZES for shape in SHAPES for rotate in (0, 1)]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def _value(text: str) -> tuple[int, int] | int:
    text = text.strip()
    if text == f"fewer than {K}":
        return (0, K - 1)
    if text == "not shown":
        return (K, 10**9)  # at least k (a smaller count would read "fewer than k")
    return int(text)


def _attack(total: int, cells: list[tuple[int, int] | int]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For each hidden cell: (what its label says, what subtraction proves). One equation, box bounds."""
    shown = [c for c in cells if isinstance(c, int)]
    boxes = [c for c in cells if isinstance(c, tuple)]
    if shown:  # "not shown" cells are hidden smallest first: none exceeds a count still shown
        boxes = [(lo, min(hi, min(shown))) if lo == K else (lo, hi) for lo, hi in boxes]
    rest = total - sum(shown)
    low, high = sum(b[0] for b in boxes), sum(min(b[1], total) for b in boxes)
    proved = []
    for lo, hi in boxes:
        hi = min(hi, total)
        proved.append(((lo, hi), (max(lo, rest - (high - hi)), min(hi, rest - (low - lo)))))
    return proved


def _partition_groups(soup) -> list[tuple[str, int, list]]:
    """Every group of bars that splits its total, as (heading, total, cells), read from the page's text."""
    groups = []
    for ul in soup.find_all("ul", class_="bars"):
        heading = ul.find_previous(["h3", "h2"]).get_text(" ", strip=True)
        if heading in ("The most common tensions", "Mean weight of each value"):
            continue  # overlapping bars (a student finds several tensions); means are not counts
        base = ul.find_previous("p", class_="base")
        total = int(re.search(r"Out of (\d+)", base.get_text()).group(1))
        cells = [_value(li.find("span", class_="count").get_text()) for li in ul.find_all("li")]
        groups.append((heading, total, cells))
    table = soup.find("table", class_="weights")
    if table is not None:
        total = int(re.search(r"(\d+) students saved a Scales state", soup.get_text()).group(1))
        for tr in table.tbody.find_all("tr"):
            groups.append((f"weights: {tr.th.get_text()}", total, [_value(td.get_text()) for td in tr.find_all("td")]))
    return groups


@pytest.mark.parametrize("size,shape,rotate", CLASSES)
def test_subtraction_recovers_nothing(size, shape, rotate, bank):
    summary = synthetic_summary(size, shape, bank, rotate)
    soup = BeautifulSoup(render_dashboard(summary, bank=bank), "html.parser")
    groups = _partition_groups(soup)
    assert groups, "the page shows no bars at all"
    for heading, total, cells in groups:
        for said, proved in _attack(total, cells):
            if said == (0, K - 1):
                assert proved == said, f"{heading}: subtraction narrows a 'fewer than {K}' bar to {proved} ({cells}, total {total})"
        hidden = [c for c in cells if isinstance(c, tuple)]
        assert len(hidden) != 1, f"{heading}: a single hidden bar is the total minus the others"


@pytest.mark.parametrize("size,shape,rotate", CLASSES)
def test_shown_counts_are_true_and_small_ones_hidden(size, shape, rotate, bank):
    summary = synthetic_summary(size, shape, bank, rotate)
    soup = BeautifulSoup(render_dashboard(summary, bank=bank), "html.parser")
    h = soup.find("h3", string="Verdicts")
    if h is None:
        assert summary.scales_students < K
        return
    rows = {li.find("span", class_="label").get_text(): li.find("span", class_="count").get_text()
            for li in h.find_next("ul", class_="bars").find_all("li")}
    for option_id, option in scales.OPTIONS.items():
        true = summary.verdicts[option_id]
        text = rows.get(option.label)
        if text is None:  # the breakdown was withheld
            continue
        assert text == (str(true) if text.isdigit() else text)
        assert (text == f"fewer than {K}") == (true < K)


@pytest.mark.parametrize("size", SIZES)
def test_no_label_reveals_a_score_few_reached(size, bank):
    summary = synthetic_summary(size, (0, 3 * K, 2 * K), bank)
    soup = BeautifulSoup(render_dashboard(summary, bank=bank), "html.parser")
    h = soup.find("h3", string="Tensions found (hits taken)")
    labels = [li.find("span", class_="label").get_text() for li in h.find_next("ul", class_="bars").find_all("li")]
    for label in labels:
        score = int(label.split()[0])
        reached = sum(n for s, n in summary.tension_hits.items() if s >= score)
        assert score == 0 or reached >= K, f"the label {label!r} shows a score only {reached} students reached"
    assert "6 tensions" not in soup.get_text()  # the one student far above everyone


@pytest.mark.parametrize("size,shape,rotate", CLASSES[::3])
def test_you_versus_the_class_says_no_more_than_the_dashboard(size, shape, rotate, bank):
    summary = synthetic_summary(size, shape, bank, rotate)
    groups = class_groups(summary, bank)
    for verdict in scales.OPTIONS:
        choices = StudentChoices(verdict=verdict, top_value=next(iter(scales.VALUES)), weights={}, tension_hits=6,
                                 tension_bullets=0, reversal_moved=True)
        html = you_versus_class_section(choices, summary, groups)
        soup = BeautifulSoup(html, "html.parser")
        row = {tr.th.get_text(): tr.find_all("td")[1].get_text() for tr in soup.tbody.find_all("tr")}
        said = row["The Scales: your verdict"]
        bar = groups.verdicts.bar(verdict) if groups.verdicts and not groups.verdicts.withheld else None
        true = summary.verdicts[verdict]
        if bar is not None and bar.state == "shown":
            assert said.startswith(f"{true} of {summary.scales_students}")
        else:
            assert not re.match(r"\d", said), said
        # The student's own score (6) is theirs to see; the class side names only a band k students share.
        assert "6 tensions" not in row["The Tension Test: tensions found"]
