/* Projector mode for a classroom screen: large type, high contrast, no sidebars.
   On with ?projector=1 (off with ?projector=0), the "Projector" button, or
   Escape to leave; the choice lasts for the browser tab, so links keep it.
   The button sits in the page's flow, above the content (never fixed over it),
   so it can never cover text at any width. Styles: projector.css. */
(function () {
  "use strict";
  var CLASS = "elysara-projector", KEY = "elysara-projector";
  var root = document.documentElement;
  var param = new URLSearchParams(window.location.search).get("projector");
  var stored = null;
  try { stored = window.sessionStorage.getItem(KEY); } catch (e) { /* storage blocked: URL only */ }
  var on = param !== null ? param === "1" : stored === "1";

  function apply(value) {
    on = value;
    root.classList.toggle(CLASS, on);
    try { window.sessionStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* ignore */ }
    var button = document.querySelector(".elysara-projector-toggle");
    if (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "Leave projector mode" : "Projector";
    }
  }
  apply(on); // before the body is drawn, so the page does not flash in the other mode

  function toggle() {
    apply(!on);
    var url = new URL(window.location.href);
    url.searchParams.set("projector", on ? "1" : "0");
    window.history.replaceState(null, "", url);
  }

  function addButton() {
    if (document.querySelector(".elysara-projector-toggle")) { apply(on); return; }
    var bar = document.createElement("div");
    bar.className = "elysara-projector-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "elysara-projector-toggle";
    button.title = "Large type and high contrast for a classroom projector (?projector=1; Escape leaves)";
    button.addEventListener("click", toggle);
    bar.appendChild(button);
    /* At the top of the page's own content: the book's article, or the dashboard's main. */
    var host = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
    host.insertBefore(bar, host.firstChild);
    document.addEventListener("keydown", function (event) {
      /* Not while typing, or while a dialog (the theme's search) would take the key. */
      var target = event.target;
      var busy = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.closest("dialog[open]"));
      if (event.key === "Escape" && on && !busy) toggle();
    });
    apply(on);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", addButton);
  else addButton();
})();
