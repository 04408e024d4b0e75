/* The Reversal in the static book (no kernel needed), run as a class experiment.
 * The questions are plain HTML written by elysara.widgets.reversal_view.
 * 1. The student's framing is drawn from the class code and their id by the
 *    model's own rule (reversal.assign_framing, without a roster: FNV-1a of the
 *    UTF-8 bytes, then MurmurHash3's finaliser, modulo the number of framings);
 *    a Chromium test checks this script against the model on random ids.
 * 2. Only the assigned framing is shown; its answer is never diagnosed.
 * 3. The class result is shown only as the teacher's dashboard wrote it.
 * The demonstration (both questions) only looks the pair of answers up in the
 * model's table (<script type="application/json" class="elysara-widget-data">). */
(function () {
  "use strict";
  var STORAGE_KEY = "elysara-reversal-v2";

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(value) {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(value)); } catch (e) { /* answers just are not kept */ }
  }

  /* reversal._fnv1a: 32-bit FNV-1a over UTF-8, then MurmurHash3's fmix32. */
  function hash(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  /* reversal.assign_framing(student_id, class_seed) without a roster. Python's str.casefold
   * and JavaScript's toLowerCase agree on the ids a class uses (letters, digits, spaces). */
  function assign(data, studentId, classSeed) {
    var key = hash(String(classSeed).trim() + data.assignment.separator + String(studentId).trim().toLowerCase());
    return data.assignment.framings[key % data.assignment.framings.length];
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.elysara-widget-data").textContent);
    var noscript = root.querySelector(".elysara-noscript");
    if (noscript) noscript.hidden = true;
    var assignForm = root.querySelector("form.reversal-assign");
    var assignedLine = root.querySelector(".reversal-assigned");
    var recorded = root.querySelector(".reversal-recorded");
    var resultBox = root.querySelector(".reversal-result");
    var title = root.querySelector(".reversal-result-title");
    var text = root.querySelector(".reversal-result-text");
    var figure = root.querySelector("#figure-" + data.figure);
    var plot = figure && figure.querySelector("div.elysara-plot");
    var finding = root.querySelector("details.reversal-finding");
    var demo = root.querySelector("details.reversal-demo");
    var demoStart = root.querySelector(".reversal-demo-start");
    var classInput = root.querySelector(".reversal-class-input");
    var classLines = root.querySelector(".reversal-class-lines");
    var stored = load();
    var assigned = stored.assigned || null;
    var demoMode = stored.demo === true;
    var pendingY = null;

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
      pendingY = ys;
      /* plotly.js loads only when the chart comes near the screen: restyle once it is drawn. */
      if (!plot || !plot.data || !window.Plotly) return;
      window.Plotly.restyle(plot, { y: ys.map(function (y) { return [y]; }) }, ys.map(function (_, i) { return i; }));
      pendingY = null;
    }
    if (plot) plot.addEventListener("elysara:drawn", function () { if (pendingY) showChart(pendingY); });

    function showFieldsets() {
      root.querySelectorAll("fieldset.reversal-framing").forEach(function (fs) {
        fs.hidden = !(demoMode || fs.dataset.framing === assigned);
      });
      if (demoStart) demoStart.hidden = demoMode;
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
      var experimentAnswered = assigned !== null && given[assigned] !== null;
      if (recorded) recorded.hidden = !experimentAnswered;
      /* The finding stays folded until the student has answered (their question, or both in the demonstration). */
      if (finding && (experimentAnswered || result.complete)) finding.open = true;
      var state = { widget: data.widget, version: data.version, assigned: assigned };
      data.framings.forEach(function (f) { state[f] = given[f]; });
      window.ElysaraCopyState.show(root, "reversal_state", state);
      stored.answers = given; stored.assigned = assigned; stored.demo = demoMode;
      save(stored);
    }

    function setAssigned(framing) {
      assigned = framing;
      assignedLine.textContent = framing ? "Your question is: " + data.titles[framing] + ". Answer it below." : "";
      assignedLine.dataset.framing = framing || "";
      showFieldsets();
      update();
    }

    assignForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var code = assignForm.elements["class-code"].value;
      var id = assignForm.elements["student-id"].value;
      if (!code.trim() || !id.trim()) {
        assignedLine.textContent = "Type your class code and your name or student number first.";
        return;
      }
      stored.code = code; stored.id = id;
      setAssigned(assign(data, id, code));
    });
    if (stored.code) assignForm.elements["class-code"].value = stored.code;
    if (stored.id) assignForm.elements["student-id"].value = stored.id;

    if (demoStart) demoStart.addEventListener("click", function () { demoMode = true; showFieldsets(); update(); });
    if (demo && demoMode) demo.open = true;

    if (classInput) classInput.addEventListener("input", function () {
      classLines.textContent = "";
      var shared;
      try { shared = JSON.parse(classInput.value); } catch (e) { shared = null; }
      var lines = shared && shared.widget === data.widget && shared.class_result === 1 && Array.isArray(shared.lines)
        ? shared.lines : ["This is not a class result from the dashboard: paste the whole line your teacher shared."];
      lines.forEach(function (line) {
        var li = document.createElement("li"); li.textContent = String(line); classLines.appendChild(li);
      });
    });

    var answers = stored.answers || {};
    root.querySelectorAll(".reversal-framing input[type=radio]").forEach(function (input) {
      var framing = input.name.replace(/^reversal-/, "");
      if (answers[framing] === input.value) input.checked = true;
      input.addEventListener("change", update);
    });
    window.ElysaraReversal = { assign: function (id, seed) { return assign(data, id, seed); } };
    setAssigned(assigned);
  }

  function setupAll() {
    document.querySelectorAll('[data-elysara-script="reversal"]').forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
