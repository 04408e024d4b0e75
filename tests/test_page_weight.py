"""Page weight on a cold cache, as a static host sends it (gzip): the budgets readers on phones feel."""

from __future__ import annotations

import gzip

import pytest

from pageweight import page_weight, site_weights

KB = 1000
READING_BUDGET = 750 * KB
PAGE_BUDGET = 1500 * KB
HTML_BUDGET = 300 * KB


@pytest.mark.slow
def test_reading_page_is_within_its_budget(site):
    weight = page_weight(site / "book" / "reading.html", site)
    assert weight.total_gzip_bytes <= READING_BUDGET, (
        f"reading page weighs {weight.total_gzip_bytes / KB:.0f} KB (budget {READING_BUDGET / KB:.0f} KB): {weight.files}")


@pytest.mark.slow
def test_every_page_is_within_the_page_budgets(site):
    over = []
    for weight in site_weights(site):
        if weight.total_gzip_bytes > PAGE_BUDGET:
            over.append(f"{weight.page}: {weight.total_gzip_bytes / KB:.0f} KB in all (budget {PAGE_BUDGET / KB:.0f} KB)")
        if weight.html_bytes > HTML_BUDGET:
            over.append(f"{weight.page}: its HTML is {weight.html_bytes / KB:.0f} KB (budget {HTML_BUDGET / KB:.0f} KB)")
    assert not over, "\n".join(over)


@pytest.mark.slow
def test_plotly_is_loaded_only_by_pages_with_a_figure(site):
    """plotly.js (the heaviest file) is on figure pages only, once, at one shared URL (cached across pages)."""
    for weight in site_weights(site):
        html = (site / weight.page).read_text(encoding="utf-8")
        plotly = [f for f in weight.files if "plotly" in f and f.endswith(".js") and "elysara-plots" not in f]
        if "elysara-plot" in html:
            assert plotly == ["_static/vendor/plotly-cartesian.min.js"], f"{weight.page}: {plotly}"
            assert html.count("plotly-cartesian.min.js") == 1, f"{weight.page} loads plotly.js more than once"
        else:
            assert not plotly, f"{weight.page} has no figure but loads {plotly}"


def test_weight_counts_fonts_and_gzip_and_ignores_other_hosts(tmp_path):
    """A tiny site: the page's weight is its HTML, script and CSS gzipped, plus the first font source."""
    (tmp_path / "css").mkdir()
    text = "body { color: black; }\n" * 200
    (tmp_path / "css" / "a.css").write_text(
        text + '@font-face{src:url(../f.woff2) format("woff2"),url(../f.ttf) format("truetype")}')
    (tmp_path / "f.woff2").write_bytes(b"\x00" * 5000)
    (tmp_path / "f.ttf").write_bytes(b"\x01" * 9000)
    (tmp_path / "a.js").write_text("var x = 1;\n" * 300)
    (tmp_path / "p.html").write_text(
        '<link rel="stylesheet" href="css/a.css?v=1"><script src="a.js"></script>'
        '<script src="https://cdn.example.org/x.js"></script><img src="data:image/png;base64,AA==">')
    weight = page_weight(tmp_path / "p.html", tmp_path)
    assert set(weight.files) == {"css/a.css", "a.js", "f.woff2"}
    gz = sum(len(gzip.compress((tmp_path / f).read_bytes())) for f in ("p.html", "css/a.css", "a.js"))
    assert abs(weight.total_gzip_bytes - (gz + 5000)) < 100
    raw_text = sum((tmp_path / f).stat().st_size for f in ("p.html", "css/a.css", "a.js"))
    assert weight.total_gzip_bytes - 5000 < raw_text / 4  # text was compressed; the font was not


@pytest.mark.slow
def test_every_chart_uses_a_trace_type_of_the_cartesian_bundle(site):
    """The site ships plotly.js's cartesian bundle: a chart of another type (e.g. scatterpolar) would not draw."""
    import json
    import re

    from bs4 import BeautifulSoup

    from elysara.sphinxext.assets import NODE_MODULES

    readme = (NODE_MODULES / "plotly.js-cartesian-dist-min" / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("Contains trace modules"))
    bundled = set(re.findall(r"`([a-z0-9]+)`", line))
    assert {"bar", "scatter"} <= bundled
    unsupported = []
    for weight in site_weights(site):
        soup = BeautifulSoup((site / weight.page).read_text(encoding="utf-8"), "html.parser")
        for data in soup.select("script.elysara-plot-data"):
            for trace in json.loads(data.get_text()).get("data", []):
                if trace.get("type", "scatter") not in bundled:
                    unsupported.append(f"{weight.page}: figure {data.get('data-for')} uses {trace.get('type')}")
    assert not unsupported, "\n".join(unsupported)
