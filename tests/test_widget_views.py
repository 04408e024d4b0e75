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

def test_moving_a_weight_slider_redraws_the_bars_with_the_models_scores():
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget()
    widget.weights["relief"].value = 9.0
    expected_state = S.ScalesState("custom", {**S.LENSES["custom"].weights, "relief": 9.0}, S.default_ratings())
    expected = [S.scores(expected_state)[o] for o in S.OPTIONS]
    assert list(widget.figure.data[0].y) == pytest.approx(expected)
    assert S.OPTIONS[S.verdict(expected_state)].label in widget.explanation.value
    join_line = list(widget.figure.data[1].y)
    assert join_line[-1] == pytest.approx(S.scores(S.with_ratio(expected_state, 10.0))["join"])


def test_choosing_a_lens_loads_its_weights_and_greys_out_what_it_rules_out():
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget()
    widget.lens.value = "kantian"
    assert {v: s.value for v, s in widget.weights.items()} == {v: float(w) for v, w in S.LENSES["kantian"].weights.items()}
    bars = widget.figure.data[0]
    assert list(bars.y) == pytest.approx([S.scores(S.default_state("kantian"))[o] for o in S.OPTIONS])
    assert bars.marker.color[0] != bars.marker.color[3]
    assert "ruled out" in bars.text[0]
    assert "ruled out by a constraint" in widget.explanation.value


def test_changing_a_rating_changes_the_verdict_shown():
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget()
    widget.ratings["join"]["autonomy"].value = 2
    widget.ratings["join"]["identity"].value = 2
    widget.ratings["join"]["achievement"].value = 2
    widget.ratings["join"]["reality"].value = 2  # Join: 2+2+2-1+2+2 = 9 beats Leave's 7
    assert S.verdict(widget.state()) == "join"
    assert "Verdict: Join" in widget.explanation.value


def test_the_live_state_is_a_contract_state_and_restores_the_widget():
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget()
    widget.lens.value = "virtue"
    widget.weights["reality"].value = 4.5
    state = json.loads(json.dumps(widget.state()))
    assert S.state_from_dict(state).weights["reality"] == 4.5
    again = ScalesWidget(state)
    assert again.state() == state


def _static_scales():
    from elysara.widgets import scales_view as V

    return V, json.loads(V.static_scales_figure().to_json())


def test_every_scales_slider_step_shows_the_models_scores_for_its_ratio():
    V, fig = _static_scales()
    steps = fig["layout"]["sliders"][0]["steps"]
    ratios = V.slider_ratios()
    assert len(steps) == len(ratios) and 1.0 in ratios
    for step, ratio in zip(steps, ratios):
        data, layout, traces = step["args"]
        assert math.isclose(float(step["label"]), ratio, rel_tol=2e-3)
        for lens, trace, y, text in zip(V.LENS_ORDER, traces, data["y"], data["text"]):
            assert fig["data"][trace]["type"] == "bar"
            state = S.with_ratio(S.default_state(lens), ratio)
            assert y == pytest.approx([S.scores(state)[o] for o in S.OPTIONS], rel=1e-3, abs=1e-9)
            assert "verdict" in text[list(S.OPTIONS).index(S.verdict(state))]
            for o in S.ruled_out(state):
                assert "ruled out" in text[list(S.OPTIONS).index(o)]
        assert layout["shapes[0].x0"] == pytest.approx(ratio, rel=1e-3)


def test_each_lens_button_shows_its_lens_at_its_own_ratio():
    V, fig = _static_scales()
    buttons = fig["layout"]["updatemenus"][0]["buttons"]
    ratios = V.slider_ratios()
    names = [t["name"] for t in fig["data"]]
    assert [b["label"] for b in buttons] == [S.LENSES[lens].label for lens in V.LENS_ORDER]
    for lens, button in zip(V.LENS_ORDER, buttons):
        data, layout = button["args"][:2]
        shown = [n for n, visible in zip(names, data["visible"]) if visible]
        assert f"Scores ({S.LENSES[lens].label})" in shown and len(shown) == 6
        own_ratio = S.ratio(S.default_state(lens))
        assert ratios[layout["sliders[0].active"]] == pytest.approx(own_ratio, rel=1e-3)


def test_the_kantian_curve_marks_join_as_ruled_out():
    V, fig = _static_scales()
    kantian = [t for t in fig["data"] if t.get("name") == "Join (ruled out)"]
    assert len(kantian) == 1  # only the Kantian lens rules Join out


def test_the_scales_text_alternative_lists_every_lens():
    from elysara.widgets.scales_view import scales_summary

    summary, header, rows = scales_summary()
    assert "Leave" in summary and "5.33" in summary  # equal weights: Leave, flipping at 16/3
    assert len(rows) == len(S.LENSES) and len(header) == len(rows[0])
    kantian = rows[[r[0] for r in rows].index("Kantian")]
    assert kantian[header.index("Ruled out")] == "Join"


# --- The Nexus ---------------------------------------------------------------------------------

def test_moving_the_h_slider_redraws_the_series_with_the_models_run():
    from elysara.widgets.nexus_view import CURRENT_TRACE, MEASURES, NexusWidget

    widget = NexusWidget(N.NexusParams(citizens=120, steps=30))
    widget.h.value = 0.8
    expected = N.run(N.NexusParams(h=0.8, citizens=120, steps=30))
    for i, (attr, _, _) in enumerate(MEASURES):
        assert np.allclose(widget.figure.data[i].y, getattr(expected, attr))
    assert widget.figure.data[CURRENT_TRACE].x[0] == pytest.approx(expected.individuality[-1])
    assert "h = 0.80" in widget.readout.value
    assert widget.state() == N.state_of(N.NexusParams(h=0.8, citizens=120, steps=30))


def test_changing_the_population_redraws_the_frontier():
    from elysara.widgets.nexus_view import FRONTIER_TRACE, NexusWidget

    widget = NexusWidget(N.NexusParams(citizens=100, steps=20))
    before = list(widget.figure.data[FRONTIER_TRACE].y)
    widget.seed.value = 4
    after = list(widget.figure.data[FRONTIER_TRACE].y)
    assert before != after
    assert after == pytest.approx(list(N.sweep(np.round(np.linspace(0, 1, 21), 2), citizens=100, steps=20, seed=4).mean_suffering))


def test_every_nexus_slider_step_is_the_models_run_at_its_h():
    from elysara.widgets.nexus_view import CURRENT_TRACE, MEASURES, static_nexus_figure

    fig = json.loads(static_nexus_figure(citizens=150, steps=25).to_json())
    steps = fig["layout"]["sliders"][0]["steps"]
    assert [s["label"] for s in steps] == [f"{h:.2f}" for h in np.linspace(0, 1, 21)]
    for step in steps:
        h = float(step["label"])
        data, traces = step["args"]
        run = N.run(N.NexusParams(h=h, citizens=150, steps=25))
        for i, (attr, _, _) in enumerate(MEASURES):
            assert traces[i] == i
            assert np.allclose(data["y"][i], getattr(run, attr), rtol=1e-3, atol=1e-12)
        assert traces[-1] == CURRENT_TRACE
        assert data["x"][-1][0] == pytest.approx(run.individuality[-1], rel=1e-3, abs=1e-12)


def test_the_default_nexus_export_is_small():
    from elysara.widgets.nexus_view import nexus_static

    figure = nexus_static()
    assert len(figure.figure_json.encode()) <= 1024 * 1024
    assert len(figure.to_html().encode()) <= 300 * 1024
    assert len(figure.table_rows) == 21
    assert "suffering" in figure.summary
