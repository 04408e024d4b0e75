"""The widgets' views: live views follow their controls; static views hold the model's numbers."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from elysara.widgets import nexus as N
from elysara.widgets import scales as S
from elysara.widgets.figure import round_sig, static_figure
from elysara.widgets.palette import OKABE_ITO, SERIES, colours_for


# --- Shared helpers -------------------------------------------------------------------

def test_palette_is_okabe_ito_and_distinct():
    assert OKABE_ITO["vermillion"] == "#D55E00" and OKABE_ITO["bluish_green"] == "#009E73"
    assert len(set(SERIES)) == len(SERIES) == 8
    assert set(SERIES) == set(OKABE_ITO.values())
    assert len(set(colours_for(list(S.OPTIONS)).values())) == len(S.OPTIONS)


def test_round_sig_keeps_four_significant_digits():
    assert round_sig(123456.0) == 123500.0
    assert round_sig([0.000123456, [2 / 3]]) == [0.0001235, [0.6667]]
    assert round_sig(np.array([1 / 7])) == [0.1429]


def test_static_figure_escapes_text_and_script_endings():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["</script><b>"], y=[1]))
    html = static_figure(fig, figure_id="t", summary='Say "<b>"', table_header=["a<"], table_rows=[["<i>", 0.12345]]).to_html()
    assert "</script><b>" not in html
    assert "&lt;i&gt;" in html and "a&lt;" in html and "0.123" in html
    assert 'aria-label="Say &quot;&lt;b&gt;&quot;"' in html


# --- The Scales ---------------------------------------------------------------------------

def _rated_widget(lens: str = "custom"):
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget()
    widget.lens.value = lens
    widget._fill_from_book()
    return widget


def test_the_live_scales_start_blank_and_show_no_verdict_until_everything_is_rated():
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget()
    assert widget.current_figure() is None and widget.reveal.disabled
    assert "0 of 24 rated" in widget.explanation.value
    assert "'join': {'relief': None" in widget.answer_line.value
    widget.ratings["join"]["relief"].value = 1
    assert "1 of 24 rated" in widget.progress.value
    assert S.state_from_dict(widget.state()).ratings["join"]["relief"] == 1.0


def test_moving_a_weight_slider_redraws_the_chart_with_the_models_numbers():
    widget = _rated_widget()
    widget.weights["relief"].value = 9.0
    expected_state = S.ScalesState("custom", {**S.LENSES["custom"].weights, "relief": 9.0}, S.default_ratings())
    fig = widget.current_figure()
    assert list(fig.data[0].x) == [o.label for o in S.OPTIONS.values()]  # option names, not 0 1 2 3
    assert list(fig.data[0].y) == pytest.approx([S.scores(expected_state)[o] for o in S.OPTIONS])
    assert S.OPTIONS[S.verdict(expected_state)].label in widget.explanation.value
    markers = fig.data[5]
    assert list(markers.x) == pytest.approx([p for p, _, _ in S.tipping_points(expected_state)])
    lo, hi = fig.layout.xaxis2.range
    assert lo == 0 and all(lo <= p <= hi for p in markers.x)  # a linear axis that holds every marker
    assert widget.answer_line.value.startswith("scales_state = {")


def test_choosing_a_lens_loads_its_weights_and_greys_out_what_it_rules_out():
    widget = _rated_widget("kantian")
    assert {v: s.value for v, s in widget.weights.items()} == {v: float(w) for v, w in S.LENSES["kantian"].weights.items()}
    bars = widget.current_figure().data[0]
    assert list(bars.y) == pytest.approx([S.scores(S.default_state("kantian"))[o] for o in S.OPTIONS])
    assert bars.marker.color[0] != bars.marker.color[3]
    assert "ruled out" in bars.text[0] and "ruled out" in bars.text[2]
    assert "are ruled out" in widget.explanation.value
    assert "The book" in widget.book.value  # the book's ratings shown beside the student's


def test_changing_a_rating_changes_the_verdict_shown():
    widget = _rated_widget()
    for value in ("autonomy", "identity", "joy", "reality"):
        widget.ratings["join"][value].value = 2  # Join: 2+2+2+2+2+2 = 12 beats Leave's 7
    assert S.verdict(widget.state()) == "join"
    assert "Verdict: Join" in widget.explanation.value


def test_the_live_state_is_a_contract_state_and_restores_the_widget():
    from elysara.widgets.scales_view import ScalesWidget

    widget = _rated_widget("virtue")
    widget.weights["reality"].value = 4.5
    state = json.loads(json.dumps(widget.state()))
    assert S.state_from_dict(state).weights["reality"] == 4.5
    again = ScalesWidget(state)
    assert again.state() == state


def test_the_static_scales_carry_the_model_as_data_and_one_control_per_value():
    from bs4 import BeautifulSoup

    from elysara.widgets.scales_view import static_widget

    soup = BeautifulSoup(static_widget().to_html(), "html.parser")
    data = json.loads(soup.select_one("script.elysara-widget-data").string)
    assert data == json.loads(json.dumps(S.export()))
    sliders = soup.select("input.scales-weight-input")
    assert sorted(i["data-value"] for i in sliders) == sorted(S.VALUES)  # six weights, one control each
    assert len(soup.select("select.scales-rating")) == 24
    assert all(sel.find("option")["value"] == "" for sel in soup.select("select.scales-rating"))  # blank start


def test_the_scales_text_alternative_lists_every_lens():
    from elysara.widgets.scales_view import scales_summary

    header, rows = scales_summary()
    assert len(rows) == len(S.LENSES) and len(header) == len(rows[0])
    kantian = rows[[r[0] for r in rows].index("Kantian")]
    assert kantian[header.index("Ruled out")] == "Join, Join for a while"
    equal = rows[[r[0] for r in rows].index("Your own weights")]
    assert equal[header.index("Verdict")] == "Leave" and equal[header.index("Flips when relief weighs")] == "3.33"


# --- The Nexus ---------------------------------------------------------------------------------

def test_moving_a_nexus_dial_redraws_the_chart_with_the_models_run():
    from elysara.widgets.nexus_view import MEASURES, NexusWidget

    widget = NexusWidget(N.NexusParams(citizens=120, steps=30))
    widget.harmony.value = 0.8
    expected = N.run(N.NexusParams(harmony=0.8, citizens=120, steps=30))
    for i, (attr, _, _) in enumerate(MEASURES):
        assert np.allclose(widget.figure.data[i].y, getattr(expected, attr))
    star = widget.figure.data[-1]
    assert (star.x[0], star.y[0]) == pytest.approx((expected.individuality[-1], expected.mean_suffering[-1]))
    assert "harmony 0.80" in widget.sentence
    assert widget.state() == N.state_of(N.NexusParams(harmony=0.8, citizens=120, steps=30))


def test_the_live_nexus_exposes_both_dials_and_the_claim_and_shows_the_flat_frontier():
    from elysara.widgets.nexus_view import NexusWidget

    widget = NexusWidget(N.NexusParams(citizens=100, steps=20))
    widget.claim.value = 0.0
    frontier, claim_false = widget.figure.data[4], widget.figure.data[5]
    assert len(set(frontier.y)) == 1 and list(frontier.y) == list(claim_false.y)  # no trade-off
    assert "changes nothing about suffering" in widget.sentence
    widget.relief.value = 0.5
    assert widget.figure.data[4].y[0] < frontier.y[0]
    assert widget.state()["relief"] == 0.5 and widget.state()["claim"] == 0.0


def test_the_live_nexus_chart_is_an_ordinary_output_that_follows_the_dials():
    from elysara.widgets.live_figure import PLOTLY_MIME
    from elysara.widgets.nexus_view import NexusWidget

    widget = NexusWidget(N.NexusParams(citizens=100, steps=20))
    widget.harmony.value = 0.3
    shown = widget._chart.bundle[PLOTLY_MIME]
    assert shown["data"][-1]["x"][0] == pytest.approx(N.run(harmony=0.3, citizens=100, steps=20).individuality[-1])


def test_the_static_nexus_page_data_is_the_grid_and_small():
    from elysara.widgets.nexus_view import static_widget

    widget = static_widget(citizens=120, steps=30)
    html_text = widget.to_html()
    assert len(html_text.encode()) <= 100 * 1024
    assert 'class="nexus-relief"' in html_text and 'class="nexus-harmony"' in html_text and 'class="nexus-claim"' in html_text
    assert widget.data == N.grid_results(citizens=120, steps=30)
