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
 * steps and buttons that the figure's JSON already holds.
 *
 * plotly.js (the page's heaviest file) is loaded only when a chart comes near
 * the screen, so it never delays the first paint. Each chart is sized to its
 * container by this script (a ResizeObserver), not by Plotly's window
 * listener, which measured a half-drawn box and left charts 320 px wide after
 * any resize or rotation. Plotly's own sliders show only where there is room
 * for their labels; the native controls are always there. In projector mode
 * (html.elysara-projector) the chart's text is enlarged with the page's. */
(function () {
  "use strict";
  var uid = 0;
  var SCRIPT = document.currentScript;
  /* The page names plotly.js on this script's tag (elysara.sphinxext.assets); the dashboard has none. */
  var PLOTLY_URL = SCRIPT && SCRIPT.dataset.lazySrc ? new URL(SCRIPT.dataset.lazySrc, window.location.href).href : null;
  var WIDE = 600; /* px: below this, Plotly's own sliders give way to the native ones */
  var plotlyLoading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!PLOTLY_URL) return Promise.reject(new Error("elysara-plots.js: no plotly.js on this page"));
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY_URL;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { reject(new Error("could not load " + PLOTLY_URL)); };
        document.head.appendChild(tag);
      });
    }
    return plotlyLoading;
  }

  function projectorScale() {
    return document.documentElement.classList.contains("elysara-projector") ? 1.5 : 1;
  }

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
    if (Object.keys(update).length) window.Plotly.relayout(div, update);
  }

  /* "Join for a while" -> "Join for a<br>while": words on lines of about ten characters. */
  function wrapLabel(text) {
    var lines = [], line = "";
    text.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > 10) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    return lines.join("<br>");
  }

  /* Fit the chart to its container: width, Plotly's sliders, and text size for the projector. */
  function fit(div, fig) {
    var box = div.parentNode;
    var width = Math.floor(box.getBoundingClientRect().width);
    if (!width || !div.data) return;
    var scale = projectorScale();
    var key = width + "x" + scale;
    if (div.dataset.fitted === key) return;
    div.dataset.fitted = key;
    var base = (fig.layout && fig.layout.font && fig.layout.font.size) || 12;
    var update = { width: width, "font.size": Math.round(base * scale) };
    /* Start each fit from the figure's own margins: Plotly keeps margins pushed out by a
     * legend that wrapped at a narrower width, which left the legend over a title. */
    if (fig.layout.margin) update.margin = JSON.parse(JSON.stringify(fig.layout.margin));
    var height = fig.layout && fig.layout.height;
    if (height) update.height = Math.round(height * (scale > 1 ? 1.25 : 1));
    /* Long category labels ("Join for a while" beside "Leave") collide on a phone: there, put
     * their words on separate lines (the figure's own labels elsewhere). */
    Object.keys(div._fullLayout || {}).forEach(function (key) {
      var axis = div._fullLayout[key];
      var own = fig.layout[key] || {};
      if (!/^xaxis\d*$/.test(key) || !axis || axis.type !== "category" || own.ticktext) return;
      var cats = (axis._categories || []).map(String);
      if (width < WIDE && cats.some(function (c) { return c.length > 8 && c.indexOf(" ") > 0; })) {
        update[key + ".tickmode"] = "array";
        update[key + ".tickvals"] = cats;
        update[key + ".ticktext"] = cats.map(wrapLabel);
      } else if (div.layout[key] && div.layout[key].ticktext) {
        update[key + ".tickmode"] = own.tickmode || "auto";
        update[key + ".tickvals"] = own.tickvals || null;
        update[key + ".ticktext"] = null;
      }
    });
    (fig.layout.sliders || []).forEach(function (s, k) {
      update["sliders[" + k + "].visible"] = width >= WIDE && s.visible !== false;
    });
    /* Plotly settles margins pushed by a wrapping legend over two passes; one pass left
     * the margin of a narrower width, and the legend over a title. */
    window.Plotly.relayout(div, update).then(function () {
      return window.Plotly.relayout(div, { margin: update.margin || div.layout.margin });
    });
  }

  function watchSize(div, fig) {
    var pending = 0;
    function later() {
      if (pending) window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(function () { pending = 0; fit(div, fig); });
    }
    if (window.ResizeObserver) new window.ResizeObserver(later).observe(div.parentNode);
    window.addEventListener("resize", later);
    window.addEventListener("orientationchange", later);
    /* Projector mode toggles a class on <html>: refit so chart text follows the page's. */
    new window.MutationObserver(later).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
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
    fig.layout = fig.layout || {};
    div.dataset.drawn = "1";
    var extra = {};
    try { extra = JSON.parse(data.dataset.config || "{}"); } catch (e) { extra = {}; }
    /* responsive: false: this script sizes the chart (fit) from its container. */
    var config = Object.assign({ responsive: false, displaylogo: false }, fig.config || {}, extra);
    /* A deep copy: Plotly changes the layout it is given (font size, margins), and fit() starts each
     * fit from the figure's own values (leaving projector mode gave the enlarged text back as "normal"). */
    var layout = Object.assign(JSON.parse(JSON.stringify(fig.layout)),
                               { autosize: false, width: Math.floor(div.parentNode.getBoundingClientRect().width) || undefined });
    loadPlotly().then(function (Plotly) {
      return Plotly.newPlot(div, { data: fig.data, layout: layout, frames: fig.frames || [], config: config });
    }).then(function () {
      addControls(div, fig);
      fit(div, fig);
      hideSvgControls(div);
      div.on("plotly_afterplot", function () { hideSvgControls(div); });
      watchSize(div, fig);
      div.dispatchEvent(new CustomEvent("elysara:drawn"));
    });
  }

  /* For the charts a widget's own page script draws (div.elysara-plot-live): call redraw whenever the
   * chart's container changes width (a window resized, a phone turned), once a frame at most. A
   * ResizeObserver fires after the page has reflowed; Plotly's window listener (responsive: true)
   * could measure the box before, and leave a chart at an old width. */
  function followWidth(div, redraw) {
    function width() { return Math.floor(div.parentNode.getBoundingClientRect().width); }
    var last = width(), pending = 0;
    function check() {
      pending = 0;
      var now = width();
      if (now && now !== last) { last = now; redraw(); }
    }
    function later() { if (!pending) pending = window.requestAnimationFrame(check); }
    if (window.ResizeObserver) new window.ResizeObserver(later).observe(div.parentNode);
    window.addEventListener("resize", later);
    window.addEventListener("orientationchange", later);
    /* Projector mode on or off: the chart's text follows the page's (projectorScale), whatever the width. */
    var projecting = projectorScale();
    new window.MutationObserver(function () {
      if (projectorScale() !== projecting) { projecting = projectorScale(); redraw(); }
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  }
  /* For the page scripts: followWidth, projectorScale (their charts' text size), and wrapLabel for
     category names on a phone. */
  window.ElysaraPlots = { followWidth: followWidth, projectorScale: projectorScale, wrapLabel: wrapLabel };

  /* Charts that a widget's own page script draws (div.elysara-plot-live: the Scales, the Nexus) only
     need plotly.js: load it, then tell the page scripts ("elysara:plotly"), which draw the state the
     student has reached by then. Like the other charts, only when one comes within a screen of view:
     evaluating plotly.js takes the main thread for most of a second on a phone, and these charts
     sit well below the first screen. */
  function wakeLiveCharts(live) {
    if (!live.length) return;
    var woken = false;
    function wake() {
      if (woken) return;
      woken = true;
      loadPlotly().then(function () { document.dispatchEvent(new CustomEvent("elysara:plotly")); });
    }
    if (!window.IntersectionObserver) { wake(); return; }
    var near = new window.IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) { near.disconnect(); wake(); }
    }, { rootMargin: "200px 0px" });
    live.forEach(function (div) { near.observe(div); });
    window.addEventListener("beforeprint", wake);
  }

  /* Draw each chart when it comes within a screen of view (at once where IntersectionObserver is missing). */
  function drawAll() {
    wakeLiveCharts(document.querySelectorAll("div.elysara-plot-live"));
    var plots = document.querySelectorAll("div.elysara-plot");
    if (!window.IntersectionObserver) { plots.forEach(draw); return; }
    /* A chart in a closed <details> (the Reversal's demonstration) waits until it is opened. */
    function folded(div) { return !!div.closest("details:not([open])"); }
    var seen = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !folded(entry.target)) { seen.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "200px 0px" });
    plots.forEach(function (div) { seen.observe(div); });
    document.addEventListener("toggle", function (event) {
      if (!event.target.open) return;
      event.target.querySelectorAll("div.elysara-plot").forEach(function (div) {
        if (!div.dataset.drawn) { seen.unobserve(div); seen.observe(div); }
      });
    }, true);
    /* Printing needs every chart: draw the rest before the print dialog. */
    window.addEventListener("beforeprint", function () { plots.forEach(draw); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
