"""The site's Nexus script against the Python model and view, in Chromium.

The page looks the model's results up in the exported grid and writes a
sentence (``_static/nexus.js``); here the script and :func:`caption` must
write the same sentence at every grid point, and moving the page's dials
must show the model's own run for those settings.
"""

from __future__ import annotations

import numpy as np
import pytest

from elysara.sphinxext.assets import PLOTLY_JS, STATIC_DIR, VENDOR_FILES, vendor_source
from elysara.widgets import nexus as N
from elysara.widgets.nexus_view import StaticNexus, caption

pytestmark = [pytest.mark.slow, pytest.mark.browser]

SMALL = {"citizens": 120, "steps": 30, "seed": 2}


@pytest.fixture(scope="module")
def widget() -> StaticNexus:
    return StaticNexus(**SMALL)


def _python_caption(data: dict, c: int, r: int, h: int) -> str:
    final = {m: data["results"][m][c][r][h] for m in N.MEASURES}
    return caption(data["relief"][r], data["harmony"][h], data["claim"][c], data["steps"], data["majority_value"],
                   final, data["results"]["mean_suffering"][c][r][0])


def test_the_page_script_writes_the_models_sentence_at_every_grid_point(browser, widget):
    data = widget.data
    points = [(c, r, h) for c in range(len(N.GRID_CLAIM)) for r in range(len(N.GRID_RELIEF)) for h in range(len(N.GRID_HARMONY))]
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(STATIC_DIR / "nexus.js"))
        js = page.evaluate("([data, points]) => points.map(p => window.ElysaraNexus.caption(data, p[0], p[1], p[2]))",
                           [data, points])
    finally:
        page.close()
    want = [_python_caption(data, *p) for p in points]
    assert sum("for nothing" in w for w in want) >= len(N.GRID_RELIEF) * (len(N.GRID_HARMONY) - 1)  # the claim-false rows
    assert js == want


def test_moving_the_dials_shows_the_models_run(browser, widget):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.set_content(f"<!doctype html><html lang='en'><body><main>{widget.to_html()}</main></body></html>")
        page.add_script_tag(path=str(vendor_source(VENDOR_FILES[PLOTLY_JS])))
        page.add_script_tag(path=str(STATIC_DIR / "nexus.js"))
        page.wait_for_selector(".nexus-chart .main-svg")
        rng = np.random.default_rng(14)
        for _ in range(8):
            c, r, h = (int(rng.integers(len(g))) for g in (N.GRID_CLAIM, N.GRID_RELIEF, N.GRID_HARMONY))
            page.select_option("select.nexus-claim", str(c))
            page.get_by_label("Pain relief").fill(str(r))
            page.get_by_label("Harmonization").fill(str(h))
            shown = page.inner_text(".nexus-caption")
            assert shown == _python_caption(widget.data, c, r, h)
            run = N.run(claim=N.GRID_CLAIM[c], relief=N.GRID_RELIEF[r], harmony=N.GRID_HARMONY[h], **SMALL)
            star = page.evaluate("() => { const d = document.querySelector('.nexus-chart').data; return [d[2].x[0], d[2].y[0]]; }")
            assert star == pytest.approx([run.individuality[-1], run.mean_suffering[-1]], abs=1e-4)
            flat = page.evaluate("() => Array.from(document.querySelector('.nexus-chart').data[1].y)")
            assert len(set(flat)) == 1  # the claim-false frontier is flat
            values = page.eval_on_selector_all(".nexus-dial output", "els => els.map(e => e.textContent)")
            assert values == [f"{N.GRID_RELIEF[r]:.1f}", f"{N.GRID_HARMONY[h]:.1f}"]
        # The dial's value sits on the dial's line, never wrapped under it.
        for dial in page.query_selector_all(".nexus-dial:has(input)"):
            slider, output = dial.query_selector("input").bounding_box(), dial.query_selector("output").bounding_box()
            assert output["y"] < slider["y"] + slider["height"] and output["x"] >= slider["x"] + slider["width"]
    finally:
        page.close()
