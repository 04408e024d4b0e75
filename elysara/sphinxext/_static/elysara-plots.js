/* Draws the book's static Plotly figures (no kernel needed).
 * Each figure is a <div class="elysara-plot" data-figure="ID"> with its
 * Plotly JSON in <script type="application/json" class="elysara-plot-data" data-for="ID">,
 * written by elysara.widgets.figure from the widget's Python model.
 *
 * Plotly draws its sliders and buttons in SVG, which a keyboard cannot reach
 * and a screen reader cannot name. So for every slider and button menu in a
 * figure this script adds an equivalent native control (a labelled
 * <input type="range"> or <select>) that runs the very same step, and keeps
 * the two in step. It knows nothing about any model: it only replays the
 * steps and buttons that the figure's JSON already holds. */
(function () {
  "use strict";
  var uid = 0;

  function label(text, forId) {
    var el = document.createElement("label");
    el.setAttribute("for", forId);
    el.textContent = text;
    return el;
  }

  /* Run a slider step or a button exactly as Plotly would. */
  function run(div, item) {
    var method = item.method || "restyle";
    if (method === "skip" || !window.Plotly[method]) return Promise.resolve();
    var args = [div].concat(JSON.parse(JSON.stringify(item.args || [])));
    return window.Plotly[method].apply(window.Plotly, args);
  }

  function sliderControl(div, slider, k, name) {
    var steps = slider.steps || [];
    var id = "elysara-ctl-" + (++uid);
    var wrap = document.createElement("div");
    wrap.className = "elysara-control";
    wrap.style.cssText = "display:flex;flex-wrap:wrap;gap:.4rem;align-items:center";
    var text = (slider.currentvalue && slider.currentvalue.prefix) || (name + ": slider " + (k + 1));
    var input = document.createElement("input");
    input.type = "range"; input.id = id; input.min = 0; input.max = Math.max(steps.length - 1, 0); input.step = 1;
    input.value = slider.active || 0;
    input.style.cssText = "flex:1 1 12rem;min-width:10rem";
    var out = document.createElement("output");
    out.setAttribute("for", id);
    function show(i) {
      var step = steps[i] || {};
      var value = step.label || step.value || String(i);
      input.value = i;
      input.setAttribute("aria-valuetext", value);
      out.textContent = value;
    }
    input.addEventListener("input", function () {
      var i = Number(input.value);
      show(i);
      var update = {}; update["sliders[" + k + "].active"] = i;
      run(div, steps[i]).then(function () { return window.Plotly.relayout(div, update); });
    });
    div.on("plotly_sliderchange", function (e) {
      if (e && e.slider && e.slider._index === k) show(e.slider.active);
    });
    show(slider.active || 0);
    wrap.appendChild(label(text.replace(/:\s*$/, ""), id));
    wrap.appendChild(input);
    wrap.appendChild(out);
    return { el: wrap, show: show };
  }

  function menuControl(div, menu, k, name, sliders) {
    var buttons = menu.buttons || [];
    var id = "elysara-ctl-" + (++uid);
    var wrap = document.createElement("div");
    wrap.className = "elysara-control";
    wrap.style.cssText = "display:flex;gap:.4rem;align-items:center";
    var select = document.createElement("select");
    select.id = id;
    buttons.forEach(function (b, i) {
      var opt = document.createElement("option");
      opt.value = i; opt.textContent = b.label || ("Choice " + (i + 1));
      select.appendChild(opt);
    });
    select.value = menu.active || 0;
    select.addEventListener("change", function () {
      var i = Number(select.value);
      var update = {}; update["updatemenus[" + k + "].active"] = i;
      run(div, buttons[i]).then(function () {
        return window.Plotly.relayout(div, update);
      }).then(function () { syncSliders(div, sliders); });
    });
    div.on("plotly_buttonclicked", function (e) {
      if (e && e.menu && e.menu._index === k) {
        select.value = e.active;
        setTimeout(function () { syncSliders(div, sliders); }, 0);
      }
    });
    wrap.appendChild(label(menu.name || (name + ": choices " + (k + 1)), id));
    wrap.appendChild(select);
    return { el: wrap };
  }

  /* A button may move a slider (sliders[i].active); show that on the native control. */
  function syncSliders(div, sliders) {
    (div.layout.sliders || []).forEach(function (s, i) { if (sliders[i]) sliders[i].show(s.active || 0); });
  }

  function addControls(div, fig) {
    var layout = fig.layout || {};
    var name = div.getAttribute("data-title") || "Chart";
    var box = document.createElement("div");
    box.className = "elysara-controls";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Controls for the chart");
    box.style.cssText = "display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin:.5rem 0";
    var sliders = (layout.sliders || []).map(function (s, k) { return sliderControl(div, s, k, name); });
    var menus = (layout.updatemenus || []).map(function (m, k) { return menuControl(div, m, k, name, sliders); });
    if (!sliders.length && !menus.length) return;
    menus.concat(sliders).forEach(function (c) { box.appendChild(c.el); });
    div.parentNode.insertBefore(box, div);
    /* The native select replaces Plotly's menus; Plotly's sliders stay where
     * there is room for their tick labels, and give way to the native ones on phones. */
    var update = {};
    menus.forEach(function (m, k) { update["updatemenus[" + k + "].visible"] = false; });
    if (div.clientWidth < 600) sliders.forEach(function (s, k) { update["sliders[" + k + "].visible"] = false; });
    if (Object.keys(update).length) window.Plotly.relayout(div, update);
  }

  /* Plotly's own SVG controls cannot be named; the native ones above replace them for assistive tech. */
  function hideSvgControls(div) {
    div.querySelectorAll(".slider-container, .updatemenu-container").forEach(function (g) {
      g.setAttribute("aria-hidden", "true");
    });
  }

  function draw(div) {
    var data = document.querySelector('script.elysara-plot-data[data-for="' + div.dataset.figure + '"]');
    if (!data || div.dataset.drawn) return;
    var fig = JSON.parse(data.textContent);
    div.dataset.drawn = "1";
    var config = Object.assign({ responsive: true, displaylogo: false }, fig.config || {});
    window.Plotly.newPlot(div, { data: fig.data, layout: fig.layout, frames: fig.frames || [], config: config })
      .then(function () {
        addControls(div, fig);
        hideSvgControls(div);
        div.on("plotly_afterplot", function () { hideSvgControls(div); });
      });
  }
  function drawAll() { document.querySelectorAll("div.elysara-plot").forEach(draw); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
