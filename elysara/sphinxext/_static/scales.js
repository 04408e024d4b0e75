/* The Scales in the static book (no kernel needed).
 * The model arrives as data (elysara.widgets.scales.export(): values, options,
 * the book's ratings, lenses and the constraint's list of ruled-out options);
 * this script only evaluates that data with the same arithmetic as the Python
 * model, in the same order, so both give the same numbers. A browser test
 * (tests/test_scales_conformance.py) holds the two to identical scores,
 * verdicts, tipping points and sentences on random states, through
 * window.ElysaraScales.assess. */
(function () {
  "use strict";

  /* --- The model, evaluated --------------------------------------------------- */

  function lensById(model, id) {
    return model.lenses.filter(function (l) { return l.id === id; })[0];
  }
  function optionIds(model) { return model.options.map(function (o) { return o.id; }); }
  function valueIds(model) { return model.values.map(function (v) { return v.id; }); }
  function label(list, id) { return list.filter(function (x) { return x.id === id; })[0].label; }

  function dot(model, weights, ratings, skip) {
    var total = 0.0;
    valueIds(model).forEach(function (v) { if (v !== skip) total += weights[v] * ratings[v]; });
    return total;
  }

  function ruledOut(model, state) {
    var c = lensById(model, state.lens).constraint;
    return c ? optionIds(model).filter(function (o) { return c.rules_out.indexOf(o) >= 0; }) : [];
  }

  function scores(model, state) {
    var out = {};
    optionIds(model).forEach(function (o) { out[o] = dot(model, state.weights, state.ratings[o]); });
    return out;
  }

  function ranking(model, state) {
    var sc = scores(model, state), out = ruledOut(model, state), order = optionIds(model);
    return order.slice().sort(function (a, b) {
      var oa = out.indexOf(a) >= 0 ? 1 : 0, ob = out.indexOf(b) >= 0 ? 1 : 0;
      if (oa !== ob) return oa - ob;
      if (sc[a] !== sc[b]) return sc[b] > sc[a] ? 1 : -1;
      return order.indexOf(a) - order.indexOf(b);
    });
  }

  function decidingValues(model, state) {
    var sc = scores(model, state), out = ruledOut(model, state), rank = ranking(model, state), win = rank[0];
    var c = lensById(model, state.lens).constraint, decided = [], values = valueIds(model);
    if (c && out.some(function (o) { return sc[o] > sc[win]; })) decided.push(c.value);
    var permitted = rank.filter(function (o) { return out.indexOf(o) < 0; });
    if (permitted.length > 1) {
      var runner = permitted[1], contrib = {}, against = 0.0, total = 0.0;
      values.forEach(function (v) { contrib[v] = state.weights[v] * (state.ratings[win][v] - state.ratings[runner][v]); });
      values.forEach(function (v) { if (contrib[v] < 0) against -= contrib[v]; });
      var pos = values.filter(function (v) { return contrib[v] > 0; }).sort(function (a, b) {
        if (contrib[a] !== contrib[b]) return contrib[b] > contrib[a] ? 1 : -1;
        return values.indexOf(a) - values.indexOf(b);
      });
      for (var i = 0; i < pos.length; i++) {
        if (decided.indexOf(pos[i]) < 0) decided.push(pos[i]);
        total += contrib[pos[i]];
        if (total > against) break;
      }
    }
    return decided;
  }

  function scoreLines(model, state) {
    var lines = {};
    optionIds(model).forEach(function (o) {
      lines[o] = [state.ratings[o].relief, dot(model, state.weights, state.ratings[o], "relief")];
    });
    return lines;
  }

  function winnerOnLines(lines, contenders, x) {
    var best = contenders[0];
    for (var i = 1; i < contenders.length; i++) {
      var o = contenders[i];
      if (lines[o][0] * x + lines[o][1] > lines[best][0] * x + lines[best][1]) best = o;
    }
    return best;
  }

  function tippingPoints(model, state) {
    var lines = scoreLines(model, state), out = ruledOut(model, state);
    var contenders = optionIds(model).filter(function (o) { return out.indexOf(o) < 0; });
    var candidates = [];
    for (var i = 0; i < contenders.length; i++) {
      for (var j = i + 1; j < contenders.length; j++) {
        var a = lines[contenders[i]], b = lines[contenders[j]];
        if (a[0] !== b[0]) {
          var x = (b[1] - a[1]) / (a[0] - b[0]);
          if (x > 0 && isFinite(x) && candidates.indexOf(x) < 0) candidates.push(x);
        }
      }
    }
    var points = candidates.sort(function (p, q) { return p - q; });
    if (!points.length) return [];
    var probes = [points[0] / 2];
    for (var k = 0; k + 1 < points.length; k++) probes.push((points[k] + points[k + 1]) / 2);
    probes.push(points[points.length - 1] * 2);
    var winners = probes.map(function (x) { return winnerOnLines(lines, contenders, x); });
    var flips = [];
    points.forEach(function (p, n) { if (winners[n] !== winners[n + 1]) flips.push([p, winners[n], winners[n + 1]]); });
    return flips;
  }

  function tippingPoint(state, flips) {
    if (!flips.length) return null;
    var current = state.weights.relief, best = flips[0][0];
    for (var i = 1; i < flips.length; i++) {
      if (Math.abs(flips[i][0] - current) < Math.abs(best - current)) best = flips[i][0];
    }
    return best;
  }

  function fixed(x, digits) { return (x === 0 ? 0 : x).toFixed(digits); }

  function joinWords(words) {
    if (words.length <= 1) return words.join("");
    return words.slice(0, -1).join(", ") + " and " + words[words.length - 1];
  }

  function explanation(model, state, a) {
    var opt = function (o) { return label(model.options, o); };
    var parts = ["Verdict: " + opt(a.verdict) + " (score " + fixed(a.scores[a.verdict], 1) + ")."];
    var permitted = a.ranking.filter(function (o) { return a.ruled_out.indexOf(o) < 0; });
    var values = a.deciding.map(function (v) { return label(model.values, v).toLowerCase(); });
    if (a.ruled_out.length) {
      parts.push(joinWords(a.ruled_out.map(opt)) + " " + (a.ruled_out.length === 1 ? "is" : "are") +
        " ruled out: surrendering your will is excluded whatever the weights and whatever the other options.");
    }
    if (permitted.length > 1) {
      var runner = permitted[1];
      if (values.length) parts.push("It beats " + opt(runner) + " (" + fixed(a.scores[runner], 1) + ") mainly on " + joinWords(values) + ".");
      else parts.push("It ties with " + opt(runner) + "; the tie goes to the option listed first.");
    }
    parts.push(tippingSentence(model, state, a));
    return parts.join(" ");
  }

  function tippingSentence(model, state, a) {
    var t = a.tipping_point, flip = null;
    a.tipping.forEach(function (f) { if (f[0] === t && !flip) flip = f; });
    if (t === null || !flip) return "Holding your other weights fixed, no weight on relief would change the verdict.";
    var wa = state.weights.autonomy;
    var times = wa === 0 ? "" : " (" + fixed(t / wa, 2) + " times your weight on autonomy)";
    if (state.weights.relief < t) {
      return "Holding your other weights fixed, " + label(model.options, flip[2]) + " would win once relief weighed more than " + fixed(t, 2) + times + ".";
    }
    return "Holding your other weights fixed, " + label(model.options, flip[1]) + " would win if relief weighed less than " + fixed(t, 2) + times + ".";
  }

  /* Everything the page shows about a complete state (the same fields as the Python Assessment). */
  function assess(model, state) {
    var a = { scores: scores(model, state), ranking: ranking(model, state), ruled_out: ruledOut(model, state) };
    a.verdict = a.ranking[0];
    a.deciding = decidingValues(model, state);
    a.tipping = tippingPoints(model, state);
    a.tipping_point = tippingPoint(state, a.tipping);
    a.explanation = explanation(model, state, a);
    return a;
  }

  /* --- The page ----------------------------------------------------------------- */

  /* The width the chart has to fill: its container's (the chart itself may still hold an old drawing). */
  function chartWidth(chart) { return Math.floor(chart.parentNode.getBoundingClientRect().width) || 600; }

  var COLOURS = ["#0072B2", "#D55E00", "#009E73", "#E69F00"], MUTED = "#999999", DASHES = ["solid", "dash", "dot", "dashdot"];

  function setUp(root) {
    var model = JSON.parse(root.querySelector("script.elysara-widget-data").textContent);
    var selects = root.querySelectorAll("select.scales-rating");
    var sliders = root.querySelectorAll("input.scales-weight-input");
    var lensSelect = root.querySelector("select.scales-lens");
    var caption = root.querySelector(".scales-caption");
    var chart = root.querySelector(".scales-chart");
    var tipList = root.querySelector(".scales-tipping");
    var progress = root.querySelector(".scales-progress");
    var reveal = root.querySelector(".scales-reveal");
    var useBook = root.querySelector(".scales-use-book");
    var note = root.querySelector(".scales-lens-note");
    var total = selects.length;
    var drawn = null; /* the state and assessment last drawn: a resize redraws them */
    root.classList.add("scales-ready");

    function state() {
      var s = { widget: model.widget, version: model.version, lens: lensSelect.value, weights: {}, ratings: {} };
      sliders.forEach(function (input) { s.weights[input.dataset.value] = Number(input.value); });
      model.options.forEach(function (o) { s.ratings[o.id] = {}; });
      selects.forEach(function (sel) {
        s.ratings[sel.dataset.option][sel.dataset.value] = sel.value === "" ? null : Number(sel.value);
      });
      return s;
    }

    function setLens(id) {
      var lens = lensById(model, id);
      lensSelect.value = id;
      sliders.forEach(function (input) { input.value = lens.weights[input.dataset.value]; });
      note.textContent = lens.constraint ? lens.constraint.explanation : "";
    }

    function showBook() {
      root.classList.add("scales-book-shown");
      root.querySelectorAll(".scales-book").forEach(function (el) { el.hidden = false; });
    }

    function draw(s, a) {
      if (!window.Plotly) return;
      var labels = model.options.map(function (o) { return o.label; });
      var ids = optionIds(model);
      var lines = scoreLines(model, s);
      var far = Math.max.apply(null, [model.slider.max, s.weights.relief].concat(a.tipping.map(function (f) { return f[0]; })));
      var xMax = far === model.slider.max ? far : far * 1.15;
      var isOut = function (o) { return a.ruled_out.indexOf(o) >= 0; };
      var data = [{
        type: "bar", x: labels, y: ids.map(function (o) { return a.scores[o]; }), xaxis: "x", yaxis: "y",
        text: ids.map(function (o) { return fixed(a.scores[o], 1) + (isOut(o) ? " ruled out" : (o === a.verdict ? " ★" : "")); }),
        textposition: "outside", cliponaxis: false, showlegend: false, hoverinfo: "x+y",
        marker: { color: ids.map(function (o, i) { return isOut(o) ? MUTED : COLOURS[i]; }),
                  pattern: { shape: ids.map(function (o) { return isOut(o) ? "x" : ""; }) } }
      }];
      ids.forEach(function (o, i) {
        data.push({ type: "scatter", mode: "lines", x: [0, xMax], y: [lines[o][1], lines[o][0] * xMax + lines[o][1]],
          xaxis: "x2", yaxis: "y2", name: labels[i] + (isOut(o) ? " (ruled out)" : ""),
          line: { color: isOut(o) ? MUTED : COLOURS[i], dash: isOut(o) ? "dot" : DASHES[i], width: 2.5 } });
      });
      data.push({ type: "scatter", mode: "markers", xaxis: "x2", yaxis: "y2", name: "Tipping point",
        x: a.tipping.map(function (f) { return f[0]; }),
        y: a.tipping.map(function (f) { return lines[f[2]][0] * f[0] + lines[f[2]][1]; }),
        marker: { symbol: "diamond", size: 12, color: "#000" } });
      var width = chartWidth(chart), narrow = width < 500;
      var layout = {
        template: "none", paper_bgcolor: "white", plot_bgcolor: "white", height: narrow ? 620 : 600,
        width: width, autosize: false,
        font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", color: "#222",
                size: Math.round(13 * (window.ElysaraPlots ? window.ElysaraPlots.projectorScale() : 1)) },
        margin: { l: 55, r: 12, t: 30, b: 40 }, showlegend: true,
        /* The legend sits at the foot of the whole figure (yref "container") and the axes push the
         * margins for their labels and titles (automargin): a legend placed in plot fractions
         * (y: -0.1) landed on the relief axis' title at some widths. */
        legend: { orientation: "h", x: 0, yref: "container", y: 0, yanchor: "bottom" },
        grid: { rows: 2, columns: 1, pattern: "independent", roworder: "top to bottom", ygap: 0.35 },
        xaxis: { type: "category", categoryorder: "array", categoryarray: labels, showline: true, linecolor: "#444", automargin: true },
        yaxis: { title: { text: "weighted score" }, zerolinecolor: "#888", gridcolor: "#e5e5e5" },
        xaxis2: { type: "linear", range: [0, xMax], title: { text: "weight on relief (other weights fixed)" }, showline: true, linecolor: "#444", gridcolor: "#e5e5e5", automargin: true },
        yaxis2: { title: { text: "score" }, zerolinecolor: "#888", gridcolor: "#e5e5e5" },
        shapes: [{ type: "line", xref: "x2", yref: "y2 domain", x0: s.weights.relief, x1: s.weights.relief, y0: 0, y1: 1,
                   line: { color: "#555", width: 1.5, dash: "dash" } }]
      };
      /* On a phone Plotly tilts long option names ("Join for a while"), which then run into their
       * neighbours: there, the names stand upright, a word or two a line. */
      if (narrow && window.ElysaraPlots) {
        layout.xaxis.tickmode = "array"; layout.xaxis.tickvals = labels; layout.xaxis.tickangle = 0;
        layout.xaxis.ticktext = labels.map(window.ElysaraPlots.wrapLabel);
      }
      /* responsive: false: the chart is sized from its container (ElysaraPlots.followWidth, redrawing
       * at the new width), not by Plotly's window listener. */
      window.Plotly.react(chart, data, layout, { responsive: false, displaylogo: false, displayModeBar: false });
      if (!drawn && window.ElysaraPlots) window.ElysaraPlots.followWidth(chart, function () {
        if (root.classList.contains("scales-scored")) draw(drawn[0], drawn[1]);
      });
      drawn = [s, a];
    }

    function update() {
      var s = state();
      var rated = 0;
      selects.forEach(function (sel) { if (sel.value !== "") rated += 1; });
      progress.textContent = rated + " of " + total + " rated.";
      reveal.disabled = rated < total;
      if (window.ElysaraCopyState) window.ElysaraCopyState.show(root, "scales_state", s);
      root.querySelectorAll(".scales-weight").forEach(function (row) {
        var input = row.querySelector("input"); row.querySelector("output").textContent = input.value;
      });
      tipList.textContent = "";
      if (rated < total) {
        caption.textContent = "Rate every option on every value to see the scores (" + rated + " of " + total + " rated).";
        root.classList.remove("scales-scored");
        return;
      }
      var a = assess(model, s);
      caption.textContent = a.explanation;
      root.classList.add("scales-scored");
      a.tipping.forEach(function (f) {
        var li = document.createElement("li");
        li.textContent = "Tipping point at a relief weight of " + fixed(f[0], 2) + ": " +
          label(model.options, f[1]) + " below, " + label(model.options, f[2]) + " above.";
        tipList.appendChild(li);
      });
      draw(s, a);
    }

    selects.forEach(function (sel) { sel.addEventListener("change", update); });
    sliders.forEach(function (input) { input.addEventListener("input", update); });
    lensSelect.addEventListener("change", function () { setLens(lensSelect.value); update(); });
    reveal.addEventListener("click", showBook);
    useBook.addEventListener("click", function () {
      selects.forEach(function (sel) { sel.value = String(model.book_ratings[sel.dataset.option][sel.dataset.value].score); });
      showBook();
      update();
    });
    setLens(lensSelect.value);
    update();
    /* plotly.js arrives lazily (elysara-plots.js loads it when the chart nears the screen). */
    if (!window.Plotly) document.addEventListener("elysara:plotly", update);
  }

  window.ElysaraScales = { assess: assess };
  function setUpAll() { document.querySelectorAll('[data-elysara-script="scales"]').forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
