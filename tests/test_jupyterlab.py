"""The live widget views in a real JupyterLab (from the project's ``lab`` extra), driven in Chromium.

For each released notebook with a widget cell: run the cell, move a
control, and check what the live chart shows (category labels, axis
ranges, marker positions) against the model's numbers; then save, shut the
kernel down, reopen the notebook and check the saved notebook still shows
the figure (the live view writes its chart as an ordinary output).
"""

from __future__ import annotations

import json
import re
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from elysara.exercises.release import release_notebooks
from elysara.widgets import scales as S
from elysara.widgets.scales_view import chart_numbers

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PLOT = ".jp-OutputArea-output .js-plotly-plot"


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


def _open(browser, lab, name: str):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{lab['base']}/lab/tree/{name}?token={lab['token']}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    return context, page


def _run_cell_containing(page, text: str) -> None:
    # Only once the kernel is up: a cell run before that is silently dropped.
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    cell = page.locator(".jp-Notebook .jp-CodeCell", has_text=text).first
    cell.locator(".jp-InputArea-prompt").click()
    page.locator(".jp-NotebookPanel-toolbar [data-command='notebook:run-cell-and-select-next']").click()
    cell.locator(".jp-InputArea-prompt", has_text=re.compile(r"\[(\*|\d+)\]")).wait_for(timeout=30_000)


def _shown_chart(page) -> dict:
    page.wait_for_selector(PLOT, timeout=60_000)
    return page.eval_on_selector(PLOT, """el => ({
        ticks: Array.from(el.querySelectorAll('.xtick text')).map(t => t.textContent),
        x2: el._fullLayout.xaxis2.range, y2: el._fullLayout.yaxis2.range,
        markers: el.data.filter(t => t.name === 'Tipping point').map(t => [Array.from(t.x), Array.from(t.y)])[0],
        bars: Array.from(el.data[0].y),
    })""")


def _shut_down_kernels(lab) -> None:
    sessions = json.loads(_get(f"{lab['base']}/api/sessions?token={lab['token']}"))
    for session in sessions:
        request = urllib.request.Request(f"{lab['base']}/api/sessions/{session['id']}?token={lab['token']}", method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()  # noqa: S310


def test_the_released_widgets_notebook_has_a_widget_cell(lab):
    assert "widgets.ipynb" in _widget_notebooks(lab["dir"])


@pytest.mark.xfail(reason="unfinished (W1): the widget runs and fills in JupyterLab, but the chart check after "
                          "choosing a lens times out; not yet diagnosed", strict=False)
def test_the_live_scales_in_jupyterlab_match_the_model_and_survive_reopening(browser, lab):
    assert _widget_notebooks(lab["dir"]), "no released notebook shows a widget"
    context, page = _open(browser, lab, "widgets.ipynb")
    try:
        _run_cell_containing(page, "show('scales')")
        try:
            page.get_by_role("button", name="Skip: use the book's ratings").click(timeout=90_000)
        except Exception:
            page.screenshot(path="/tmp/w1-lab.png")
            raise
        # Move a control: the lens menu (a <select> in the widget).
        lens = page.locator(".widget-dropdown", has_text="Start from a lens").locator("select")
        lens.select_option(label="Kantian")
        expected = chart_numbers(S.default_state("kantian"))
        page.wait_for_function(
            f"() => {{ const el = document.querySelector('{PLOT}'); return el && el.data && "
            f"el.data[0].y.length === 4 && el.data[0].marker.color[0] === '#999999'; }}", timeout=60_000)
        shown = _shown_chart(page)
        assert shown["ticks"][:4] == expected["labels"]  # option names, not 0 1 2 3
        assert shown["bars"] == pytest.approx(expected["scores"])
        assert shown["x2"] == pytest.approx(expected["x_range"])
        assert shown["y2"] == pytest.approx(expected["line_range"])
        assert shown["markers"][0] == pytest.approx(expected["tipping_x"])
        assert shown["markers"][1] == pytest.approx(expected["tipping_y"])
        lo, hi = shown["x2"]
        assert all(lo <= x <= hi for x in shown["markers"][0])  # every marker inside the drawn axis
        line = page.locator("textarea").first.input_value()
        assert line.startswith("scales_state = {") and "'lens': 'kantian'" in line
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.title.startsWith('*') && !document.querySelector('.jp-mod-dirty')",
                               timeout=30_000)
        time.sleep(1)
    finally:
        context.close()
    _shut_down_kernels(lab)
    saved = json.loads((lab["dir"] / "widgets.ipynb").read_text())
    assert any("application/vnd.plotly.v1+json" in out.get("data", {})
               for cell in saved["cells"] for out in cell.get("outputs", []))
    context, page = _open(browser, lab, "widgets.ipynb")
    try:
        reopened = _shown_chart(page)
        assert reopened["ticks"][:4] == expected["labels"]
        assert reopened["bars"] == pytest.approx(expected["scores"])
        assert reopened["markers"][0] == pytest.approx(expected["tipping_x"])
        assert page.locator(".jp-OutputArea-output", has_text="Verdict: Leave").count() >= 1
    finally:
        context.close()
