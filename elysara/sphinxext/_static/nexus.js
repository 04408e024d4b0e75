/* The Nexus in the static book (no kernel needed).
 * The model's results arrive as data (elysara.widgets.nexus.grid_results():
 * the four final measures at every grid point of relief x harmony x claim).
 * This script only looks numbers up and writes the same sentence as the
 * Python caption(); a browser test (tests/test_nexus_page_script.py) holds
 * the two to identical output through window.ElysaraNexus.caption. */
(function () {
  "use strict";

  /* x with `digits` decimals, as Python's scales._fixed writes it (toFixed; no "-0"). */
  function fixed(x, digits) { return (x === 0 ? 0 : x).toFixed(digits); }

  function lookup(data, c, r, h) {
    var out = {};
    ["mean_suffering", "individuality", "diversity", "converted"].forEach(function (m) { out[m] = data.results[m][c][r][h]; });
    return out;
  }

  /* The sentence for grid indices c (claim), r (relief), h (harmony). */
  function caption(data, c, r, h) {
    var relief = data.relief[r], harmony = data.harmony[h], claim = data.claim[c];
    var f = lookup(data, c, r, h), s = f.mean_suffering, s0 = data.results.mean_suffering[c][r][0], i = f.individuality;
    var parts = ["Relief " + fixed(relief, 2) + ", harmony " + fixed(harmony, 2) + ", the woman's claim " + fixed(claim, 2) +
      ": after " + data.steps + " steps mean suffering is " + fixed(s, 2) + ", individuality " + fixed(i, 2) +
      ", diversity " + fixed(f.diversity, 2) + ", and " + fixed(100 * f.converted, 0) + "% of the citizens who did not put " +
      data.majority_value + " first now do."];
    if (harmony === 0) {
      parts.push("With harmony 0 no one's mind has moved.");
    } else if (s === s0) {
      var reason = claim === 0 ? "the claim is false: being different causes no pain" : "the relief dial already removes all pain";
      parts.push("Harmonizing changes nothing about suffering here (" + reason + "): it costs " + fixed(1 - i, 2) +
        " of individuality for nothing.");
    } else {
      parts.push("Compared with harmony 0, harmonizing took suffering from " + fixed(s0, 2) + " to " + fixed(s, 2) +
        " and cost " + fixed(1 - i, 2) + " of individuality.");
    }
    return parts.join(" ");
  }

  function setUp(root) {
    var data = JSON.parse(root.querySelector("script.elysara-widget-data").textContent);
    var relief = root.querySelector("input.nexus-relief"), harmony = root.querySelector("input.nexus-harmony");
    var claim = root.querySelector("select.nexus-claim"), text = root.querySelector(".nexus-caption");
    var chart = root.querySelector(".nexus-chart");
    var drawn = null; /* the grid indices last drawn: a resize redraws them */
    root.classList.add("nexus-ready");

    function draw(c, r, h) {
      if (!window.Plotly) return;
      var res = data.results, labels = data.harmony.map(function (x) { return "harmony " + x.toFixed(1); });
      var f = lookup(data, c, r, h), zero = data.claim.indexOf(0);
      var traces = [
        { type: "scatter", mode: "lines+markers", name: "Claim as set (" + data.claim[c] + ")", text: labels,
          x: res.individuality[c][r], y: res.mean_suffering[c][r], line: { color: "#333" }, marker: { size: 6, color: "#333" } },
        { type: "scatter", mode: "lines+markers", name: "If the claim is false (0)", text: labels,
          x: res.individuality[zero][r], y: res.mean_suffering[zero][r], line: { color: "#999999", dash: "dot" },
          marker: { size: 5, color: "#999999" } },
        { type: "scatter", mode: "markers", name: "Your setting", x: [f.individuality], y: [f.mean_suffering],
          marker: { size: 15, symbol: "star", color: "#E69F00", line: { color: "#000", width: 1 } } }
      ];
      var top = Math.max.apply(null, res.mean_suffering[c][r].concat(res.mean_suffering[zero][r], [0.1]));
      var layout = {
        template: "none", paper_bgcolor: "white", plot_bgcolor: "white", height: 440,
        width: Math.floor(chart.parentNode.getBoundingClientRect().width) || 600, autosize: false,
        font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", color: "#222",
                size: Math.round(13 * (window.ElysaraPlots ? window.ElysaraPlots.projectorScale() : 1)) },
        margin: { l: 55, r: 12, t: 20, b: 50 }, showlegend: true,
        /* The legend at the figure's foot (yref "container"), the axis pushing the margin for its title
         * (automargin): a legend placed in plot fractions can land on the axis title at some widths. */
        legend: { orientation: "h", x: 0, yref: "container", y: 0, yanchor: "bottom" },
        xaxis: { range: [0, 1.05], title: { text: "individuality at the end" }, showline: true, linecolor: "#444", gridcolor: "#e5e5e5", automargin: true },
        yaxis: { range: [0, top * 1.1], title: { text: "mean suffering at the end" }, zerolinecolor: "#888", gridcolor: "#e5e5e5" }
      };
      /* responsive: false: the chart is sized from its container (ElysaraPlots.followWidth, redrawing
       * at the new width), not by Plotly's window listener. */
      window.Plotly.react(chart, traces, layout, { responsive: false, displaylogo: false, displayModeBar: false });
      if (!drawn && window.ElysaraPlots) window.ElysaraPlots.followWidth(chart, function () { draw(drawn[0], drawn[1], drawn[2]); });
      drawn = [c, r, h];
    }

    function update() {
      var c = Number(claim.value), r = Number(relief.value), h = Number(harmony.value);
      relief.nextElementSibling.textContent = data.relief[r].toFixed(1);
      harmony.nextElementSibling.textContent = data.harmony[h].toFixed(1);
      relief.setAttribute("aria-valuetext", data.relief[r].toFixed(1));
      harmony.setAttribute("aria-valuetext", data.harmony[h].toFixed(1));
      text.textContent = caption(data, c, r, h);
      draw(c, r, h);
    }

    relief.addEventListener("input", update);
    harmony.addEventListener("input", update);
    claim.addEventListener("change", update);
    update();
    /* plotly.js arrives lazily (elysara-plots.js loads it when the chart nears the screen). */
    if (!window.Plotly) document.addEventListener("elysara:plotly", update);
  }

  window.ElysaraNexus = { caption: caption, lookup: lookup };
  function setUpAll() { document.querySelectorAll('[data-elysara-script="nexus"]').forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
