/* Draws the book's static Plotly figures (no kernel needed).
 * Each figure is a <div class="elysara-plot" data-figure="ID"> with its
 * Plotly JSON in <script type="application/json" class="elysara-plot-data" data-for="ID">,
 * written by elysara.widgets.figure from the widget's Python model. */
(function () {
  "use strict";
  function draw(div) {
    var data = document.querySelector('script.elysara-plot-data[data-for="' + div.dataset.figure + '"]');
    if (!data || div.dataset.drawn) return;
    var fig = JSON.parse(data.textContent);
    div.dataset.drawn = "1";
    var config = Object.assign({ responsive: true, displaylogo: false }, fig.config || {});
    window.Plotly.newPlot(div, { data: fig.data, layout: fig.layout, frames: fig.frames || [], config: config })
      .then(function () { label(div); });
  }
  /* Plotly's slider has no accessible name; give it the figure's. */
  function label(div) {
    var name = div.getAttribute("aria-label") || "figure";
    div.querySelectorAll(".slider-container").forEach(function (g, i) {
      g.setAttribute("role", "group");
      g.setAttribute("aria-label", "Slider: " + name + (i ? " " + (i + 1) : ""));
    });
  }
  function drawAll() { document.querySelectorAll("div.elysara-plot").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
