"""The live widget views in a real JupyterLab (from the project's ``lab`` extra), driven in Chromium.

For each released notebook with a widget cell: run the cell, move a
control, and check what the live chart shows (category labels, axis
ranges, marker positions) against the model's numbers; then save, shut the
kernel down, reopen the notebook and check the saved notebook still shows
the figure (the live view writes its chart as an ordinary output).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import nbformat

from elysara.exercises.notebooks.release import release_notebooks
from elysara.widgets import nexus as N
from elysara.widgets import reversal as R
from elysara.widgets import scales as S
from elysara.widgets import tension as T
from elysara.widgets.reversal_view import ReversalWidget
from elysara.widgets.scales_view import chart_numbers
from elysara.widgets.tension_view import TensionTest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PLOT = ".jp-OutputArea-output.js-plotly-plot"  # JupyterLab's Plotly renderer is the output element itself


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own local server
        return response.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    """JupyterLab on 127.0.0.1 (a free port, a known token) serving freshly released notebooks."""
    root = tmp_path_factory.mktemp("lab")
    notebooks = root / "released"
    release_notebooks(notebooks)
    home = root / "home"
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "IPYTHONDIR": str(home / "ipython"), "HOME": str(home)}
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}", "--ServerApp.port_retries=0",
        f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
        *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
    ]
    log = open(root / "lab.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(f"{base}/api/status?token={token}")
                break
            except OSError:
                if process.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start")
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited: {(root / 'lab.log').read_text(errors='replace')[-3000:]}")
        yield {"base": base, "token": token, "dir": notebooks}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _widget_notebooks(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.glob("*.ipynb")
                  if any("elysara.widgets.answer_line" in "".join(c["source"]) for c in json.loads(p.read_text())["cells"]))


def _widget_cells(path: Path) -> list[str]:
    """The widgets a notebook's ready-made cells show, in order (``show('scales')`` -> ``scales``)."""
    cells = json.loads(path.read_text())["cells"]
    return [m.group(1) for c in cells for m in [re.search(r"show\('([a-z]+)'\)", "".join(c["source"]))] if m]


def _open(browser, lab, name: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    # reset: a fresh workspace with only this notebook open (not the last test's tabs too).
    page.goto(f"{lab['base']}/lab/tree/{name}?token={lab['token']}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    return context, page


def _cell(page, widget: str):
    return page.locator(".jp-Notebook .jp-CodeCell", has_text=f"show('{widget}')").first


def _wait_for_kernel(lab, name: str) -> None:
    """Until the notebook's own kernel is up and idle: a cell run before that is silently dropped."""
    for _ in range(180):
        sessions = json.loads(_get(f"{lab['base']}/api/sessions?token={lab['token']}"))
        if any(s["path"].endswith(name) and s["kernel"]["execution_state"] == "idle" for s in sessions):
            return
        time.sleep(0.5)
    pytest.fail(f"the kernel of {name} did not start")


def _run_cell(page, widget: str) -> None:
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    cell = _cell(page, widget)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-prompt").click()
    page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:run-cell-and-select-next']").click()
    cell.locator(".jp-InputArea-prompt", has_text=re.compile(r"\[\d+\]")).wait_for(timeout=90_000)


def _plot(page, widget: str):
    # JupyterLab's Plotly renderer makes the output element itself the plot.
    cell = _cell(page, widget)
    cell.scroll_into_view_if_needed()
    plot = cell.locator(".jp-OutputArea-output.js-plotly-plot").first
    plot.wait_for(timeout=60_000)
    return plot


def _wait_for_chart(page, widget: str, condition: str) -> None:
    """Wait until the cell's plot satisfies ``condition`` (JavaScript over ``el``, the plot)."""
    _plot(page, widget)
    page.wait_for_function(
        f"""() => {{ const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'))
                      .filter(c => c.textContent.includes("show('{widget}')"));
                  const el = cells.length && cells[0].querySelector('.jp-OutputArea-output.js-plotly-plot');
                  return !!(el && el.data && ({condition})); }}""",
        timeout=60_000)


def _shown(plot) -> dict:
    return plot.evaluate("""el => ({
        data: el.data.map(t => ({name: t.name, x: t.x && Array.from(t.x), y: t.y && Array.from(t.y)})),
        xticks: Array.from(el.querySelectorAll('.xtick text')).map(t => t.textContent),
        yticks: Array.from(el.querySelectorAll('.ytick text')).map(t => t.textContent),
        ranges: Object.fromEntries(Object.keys(el._fullLayout).filter(k => /^[xy]axis\\d*$/.test(k))
                                   .map(k => [k, el._fullLayout[k].range])),
    })""")


def _save_and_close(page, context, lab) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.title.startsWith('*') && !document.querySelector('.jp-mod-dirty')",
                           timeout=30_000)
    time.sleep(1)
    context.close()
    _shut_down_kernels(lab)


def _click_answer(page, widget: str, group: int, label: str) -> None:
    _cell(page, widget).locator(".widget-toggle-buttons").nth(group).get_by_role("button", name=label, exact=True).click()


def _shut_down_kernels(lab) -> None:
    sessions = json.loads(_get(f"{lab['base']}/api/sessions?token={lab['token']}"))
    for session in sessions:
        request = urllib.request.Request(f"{lab['base']}/api/sessions/{session['id']}?token={lab['token']}", method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310


def _data_of(fig) -> list[dict]:
    return [{"name": t.name, "x": list(t.x) if t.x is not None else None, "y": list(t.y) if t.y is not None else None}
            for t in fig.data]


# --- What each widget is asked to do, and what the model says it must then show ------------------


def _scales(page) -> dict:
    page.get_by_role("button", name="Skip: use the book's ratings").click(timeout=90_000)
    _cell(page, "scales").locator(".widget-dropdown", has_text="Start from a lens").locator("select").select_option(label="Kantian")
    expected = chart_numbers(S.default_state("kantian"))
    _wait_for_chart(page, "scales", f"el.data[0].y.length === 4 && el.data[0].y[3] === {expected['scores'][3]!r} "
                                    f"&& el.data[0].marker.color[0] === '#999999'")
    return expected


def _check_scales(shown: dict, expected: dict) -> None:
    assert shown["xticks"][:4] == expected["labels"]  # option names, not 0 1 2 3
    assert shown["data"][0]["y"] == pytest.approx(expected["scores"])
    assert shown["ranges"]["xaxis2"] == pytest.approx(expected["x_range"])
    assert shown["ranges"]["yaxis2"] == pytest.approx(expected["line_range"])
    markers = next(t for t in shown["data"] if t["name"] == "Tipping point")
    assert markers["x"] == pytest.approx(expected["tipping_x"])
    assert markers["y"] == pytest.approx(expected["tipping_y"])
    lo, hi = shown["ranges"]["xaxis2"]
    assert all(lo <= x <= hi for x in markers["x"])  # every marker inside the drawn axis


TENSION_ANSWERS = {"machine": "reject", "reversal": "reject"}


def _tension(page) -> dict:
    cases = list(T.CASES)
    for case, answer in TENSION_ANSWERS.items():
        _click_answer(page, "tension", cases.index(case), T.CASES[case].label(answer))
    result = T.evaluate(TENSION_ANSWERS)
    hits, bullets, _ = result.score
    score = [hits, len(result.named), bullets]  # the chart's bars: hits, tensions resolved, bullets bitten
    _wait_for_chart(page, "tension", f"JSON.stringify(Array.from(el.data[0].x)) === {json.dumps(score, separators=(',', ':'))!r}")
    return {"score": score, "figure": TensionTest(TENSION_ANSWERS).figure}


def _check_tension(shown: dict, expected: dict) -> None:
    assert shown["data"][0]["x"] == expected["score"]  # hits, resolved, bullets: the model's count
    assert shown["yticks"] == list(expected["figure"].data[0].y)  # the bars are named, not numbered
    lo, hi = shown["ranges"]["xaxis"]
    assert lo == 0 and hi >= max(expected["score"])


REVERSAL_ANSWERS = {"connect": "reject", "disconnect": "accept"}


def _reversal(page) -> dict:
    framings = list(R.FRAMINGS)
    for framing, answer in REVERSAL_ANSWERS.items():
        _click_answer(page, "reversal", framings.index(framing), R.FRAMINGS[framing].labels[answer])
    view = ReversalWidget(**REVERSAL_ANSWERS)
    ys = [t.y[0] for t in view.figure.data]
    _wait_for_chart(page, "reversal", f"JSON.stringify(el.data.map(t => t.y[0])) === {json.dumps(ys, separators=(',', ':'))!r}")
    return {"figure": view.figure}


def _check_reversal(shown: dict, expected: dict) -> None:
    fig = expected["figure"]
    assert [(t["x"], t["y"]) for t in shown["data"]] == [(list(t.x), list(t.y)) for t in fig.data]
    assert shown["ranges"]["xaxis"] == pytest.approx(list(fig.layout.xaxis.range))
    assert shown["ranges"]["yaxis"] == pytest.approx(list(fig.layout.yaxis.range))
    assert shown["xticks"] == list(fig.layout.xaxis.categoryarray)


def _nexus(page) -> dict:
    # Move the harmony dial: type into its readout, as a student can.
    readout = _cell(page, "nexus").locator(".widget-slider", has_text="Harmonization").locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("0.7")
    page.keyboard.press("Enter")
    params = N.NexusParams(harmony=0.7)
    run = N.run(params)
    star = [float(run.individuality[-1]), float(run.mean_suffering[-1])]
    _wait_for_chart(page, "nexus", f"Math.abs(el.data[el.data.length - 1].x[0] - {star[0]!r}) < 1e-9")
    return {"run": run, "frontier": N.sweep(claim=params.claim), "false": N.sweep(claim=0.0)}


def _check_nexus(shown: dict, expected: dict) -> None:
    run = expected["run"]
    over_time = shown["data"][:4]
    for trace, attr in zip(over_time, N.MEASURES, strict=True):
        assert trace["y"] == pytest.approx(list(getattr(run, attr)))
    frontier, claim_false, star = shown["data"][4:7]
    assert frontier["x"] == pytest.approx(list(expected["frontier"].individuality))
    assert claim_false["y"] == pytest.approx(list(expected["false"].mean_suffering))
    assert star["x"] == pytest.approx([run.individuality[-1]]) and star["y"] == pytest.approx([run.mean_suffering[-1]])
    assert shown["ranges"]["xaxis"] == pytest.approx([0, run.params.steps])
    assert shown["ranges"]["xaxis2"] == pytest.approx([0, 1.05])
    lo, hi = shown["ranges"]["yaxis2"]
    assert lo == 0 and hi >= max(expected["frontier"].mean_suffering)


ACTIONS = {"scales": (_scales, _check_scales), "tension": (_tension, _check_tension),
           "reversal": (_reversal, _check_reversal), "nexus": (_nexus, _check_nexus)}


def _saved_charts(path: Path) -> dict[str, dict]:
    """Each widget cell's saved Plotly output in the notebook file, by widget."""
    charts = {}
    for cell in json.loads(path.read_text())["cells"]:
        found = re.search(r"show\('([a-z]+)'\)", "".join(cell["source"]))
        outputs = [o["data"] for o in cell.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})]
        if found and outputs:
            charts[found.group(1)] = outputs[-1]
    return charts


def _reopened_chart(page, widget: str) -> dict:
    """What the reopened notebook shows for a widget's chart: the live plot, or the picture of it JupyterLab saved."""
    cell = _cell(page, widget)
    cell.scroll_into_view_if_needed()
    # JupyterLab's Plotly renderer stores a PNG of each chart it draws and shows that picture on reopening.
    shown = cell.locator(".jp-RenderedPlotly img.plot-img, .jp-OutputArea-output.js-plotly-plot .main-svg").first
    shown.wait_for(timeout=60_000)
    return shown.evaluate("e => ({tag: e.tagName.toLowerCase(), width: e.naturalWidth || e.getBoundingClientRect().width, "
                          "height: e.naturalHeight || e.getBoundingClientRect().height})")


def _drive_save_and_reopen(browser, lab, name: str) -> None:
    widgets = _widget_cells(lab["dir"] / name)
    assert widgets and set(widgets) <= set(ACTIONS), widgets
    context, page = _open(browser, lab, name)
    expected, live = {}, {}
    try:
        _wait_for_kernel(lab, name)
        for widget in widgets:
            _run_cell(page, widget)
            expected[widget] = ACTIONS[widget][0](page)
            live[widget] = _shown(_plot(page, widget))
            ACTIONS[widget][1](live[widget], expected[widget])
        if "scales" in widgets:
            line = _cell(page, "scales").locator("textarea").first.input_value()
            assert line.startswith("scales_state = {") and "'lens': 'kantian'" in line
    except Exception:
        page.screenshot(path=str(lab["dir"].parent / f"{name}.png"), full_page=True)
        context.close()
        raise
    _save_and_close(page, context, lab)
    saved = _saved_charts(lab["dir"] / name)
    assert sorted(saved) == sorted(widgets)
    for widget in widgets:  # the file holds the chart the student last saw, checked against the model above
        traces = saved[widget]["application/vnd.plotly.v1+json"]["data"]
        assert [(t.get("x"), t.get("y")) for t in traces] == [(t["x"], t["y"]) for t in live[widget]["data"]]
    context, page = _open(browser, lab, name)
    try:
        for widget in widgets:
            shown = _reopened_chart(page, widget)
            assert shown["width"] > 200 and shown["height"] > 150, (widget, shown)
        if "scales" in widgets:
            assert _cell(page, "scales").locator(".jp-OutputArea-output", has_text="Verdict: Leave").count() >= 1
    finally:
        context.close()


def test_the_released_widgets_notebook_has_a_widget_cell_for_each_widget_question(lab):
    assert _widget_notebooks(lab["dir"]) == ["widgets.ipynb"]
    assert _widget_cells(lab["dir"] / "widgets.ipynb") == ["scales", "tension", "reversal"]


def test_every_released_widget_notebook_matches_the_model_in_jupyterlab_and_survives_reopening(browser, lab):
    names = _widget_notebooks(lab["dir"])
    assert names, "no released notebook shows a widget"
    for name in names:
        _drive_save_and_reopen(browser, lab, name)


def test_the_live_nexus_matches_the_model_in_jupyterlab_and_survives_reopening(browser, lab):
    # No exercise uses the Nexus; a one-cell notebook shows it the way the book's page says to.
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("from elysara.widgets.answer_line import show\nshow('nexus')"))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab["dir"] / "nexus-live.ipynb")
    _drive_save_and_reopen(browser, lab, "nexus-live.ipynb")
