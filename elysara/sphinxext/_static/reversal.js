/* The Reversal in the static book (no kernel needed).
 * The two questions are plain HTML written by elysara.widgets.reversal_view.
 * The Python model's result for every possible pair of answers is on the page
 * (<script type="application/json" class="elysara-widget-data">, keyed
 * "connect|disconnect", "" for unanswered); this script only looks the
 * student's pair up and shows it: words, chart, and the chart's table. */
(function () {
  "use strict";
  var STORAGE_KEY = "elysara-reversal-v1";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(answers) {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(answers)); } catch (e) { /* answers just are not kept */ }
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.elysara-widget-data").textContent);
    var noscript = root.querySelector(".elysara-noscript");
    if (noscript) noscript.hidden = true;
    var resultBox = root.querySelector(".reversal-result");
    var title = root.querySelector(".reversal-result-title");
    var text = root.querySelector(".reversal-result-text");
    var figure = root.querySelector("#figure-" + data.figure);
    var plot = figure && figure.querySelector("div.elysara-plot");
    var finding = root.querySelector("details.reversal-finding");

    function answer(framing) {
      var checked = root.querySelector('input[name="reversal-' + framing + '"]:checked');
      return checked ? checked.value : null;
    }

    function showTable(rows) {
      var body = figure && figure.querySelector("table tbody");
      if (!body) return;
      body.textContent = "";
      rows.forEach(function (row) {
        var tr = document.createElement("tr");
        row.forEach(function (cell) { var td = document.createElement("td"); td.textContent = cell; tr.appendChild(td); });
        body.appendChild(tr);
      });
    }

    function showChart(ys) {
      if (!plot || !window.Plotly) return;
      /* The chart is drawn by elysara-plots.js; wait for it before restyling. */
      if (!plot.data) { window.setTimeout(function () { showChart(ys); }, 100); return; }
      window.Plotly.restyle(plot, { y: ys.map(function (y) { return [y]; }) }, ys.map(function (_, i) { return i; }));
    }

    function update() {
      var given = {};
      data.framings.forEach(function (f) { given[f] = answer(f); });
      var key = data.framings.map(function (f) { return given[f] || ""; }).join("|");
      var result = data.results[key];
      title.textContent = result.title;
      text.textContent = result.explanation;
      resultBox.dataset.moved = String(result.moved);
      resultBox.dataset.pattern = result.pattern;
      if (figure) {
        figure.querySelector("figcaption").textContent = result.summary;
        if (plot) plot.setAttribute("aria-label", result.summary);
        showTable(result.rows);
      }
      showChart(result.y);
      if (finding && result.complete) finding.open = true;
      var state = { widget: data.widget, version: data.version };
      data.framings.forEach(function (f) { state[f] = given[f]; });
      window.ElysaraCopyState.show(root, "reversal_state", state);
      save(given);
    }

    var stored = load();
    root.querySelectorAll(".reversal-framing input[type=radio]").forEach(function (input) {
      var framing = input.name.replace(/^reversal-/, "");
      if (stored[framing] === input.value) input.checked = true;
      input.addEventListener("change", update);
    });


    update();
  }

  function setupAll() {
    document.querySelectorAll('[data-elysara-script="reversal"]').forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
