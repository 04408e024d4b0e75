/* The Reading page's notes: open a note below its paragraph, filter notes by
 * kind, switch to a plain reading. Progressive enhancement: without this
 * script every note is an endnote reached by an ordinary link.
 *
 * The HTML it works on is written by elysara/sphinxext/reading.py:
 *   mark.elysara-anno[data-annotation][data-category]   the highlighted words
 *   a.elysara-anno-ref[data-note][data-category]        the note number, a link to its endnote
 *   li#note-<id>.elysara-note                            the note itself (an endnote)
 *   .elysara-reading-tools                               filter and plain-reading buttons (hidden)
 */
(function () {
  "use strict";

  var STORE_MODE = "elysara-reading-mode"; // "annotated" | "plain"
  var STORE_FILTER = "elysara-reading-filter"; // "all" | a category
  var STORE_MORE = "elysara-reading-more"; // "1": every note, not only the default ones

  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }
  function recall(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function init() {
    var text = document.querySelector(".elysara-text");
    var tools = document.querySelector(".elysara-reading-tools");
    if (!text || !tools) { return; }
    document.documentElement.classList.add("elysara-reading-js");
    tools.hidden = false;

    var openButton = null; // the button whose note is open
    var panels = {}; // paragraph id -> panel element

    function panelFor(paragraph) {
      if (!panels[paragraph.id]) {
        var panel = document.createElement("div");
        panel.className = "elysara-note-panel";
        panel.id = "panel-" + paragraph.id;
        panel.setAttribute("role", "region");
        panel.hidden = true;
        paragraph.insertAdjacentElement("afterend", panel);
        panels[paragraph.id] = panel;
      }
      return panels[paragraph.id];
    }

    function closeNote(returnFocus) {
      if (!openButton) { return; }
      var button = openButton;
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      button.setAttribute("aria-expanded", "false");
      markFor(button).classList.remove("elysara-anno-active");
      if (panel) { panel.hidden = true; panel.innerHTML = ""; }
      openButton = null;
      if (returnFocus) { button.focus(); }
    }

    function markFor(button) {
      return text.querySelector('mark[data-annotation="' + button.getAttribute("data-note") + '"]');
    }

    function openNote(button) {
      closeNote(false);
      var note = document.getElementById("note-" + button.getAttribute("data-note"));
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      if (!note || !panel) { return; }
      panel.innerHTML = "";
      var body = document.createElement("div");
      body.className = "elysara-note-body";
      Array.prototype.forEach.call(note.children, function (child) {
        body.appendChild(child.cloneNode(true));
      });
      // Ids must stay unique on the page: the endnote keeps the originals.
      Array.prototype.forEach.call(body.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
      var close = document.createElement("button");
      close.type = "button";
      close.className = "elysara-note-close";
      close.textContent = "Close note";
      close.setAttribute("aria-label", "Close note " + button.getAttribute("data-number"));
      close.addEventListener("click", function () { closeNote(true); });
      panel.setAttribute("aria-label", "Note " + button.getAttribute("data-number"));
      panel.appendChild(body);
      panel.appendChild(close);
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      markFor(button).classList.add("elysara-anno-active");
      openButton = button;
    }

    function toggle(button) {
      if (openButton === button) { closeNote(true); } else { openNote(button); }
    }

    // Each note link becomes a real button that opens the note in place.
    Array.prototype.forEach.call(text.querySelectorAll("a.elysara-anno-ref"), function (link) {
      var paragraph = link.closest(".elysara-paragraph");
      var button = document.createElement("button");
      button.type = "button";
      button.className = link.className;
      button.setAttribute("data-number", link.getAttribute("data-number"));
      button.setAttribute("data-note", link.getAttribute("data-note"));
      button.setAttribute("data-category", link.getAttribute("data-category"));
      if (link.hasAttribute("data-more")) button.setAttribute("data-more", "");
      button.setAttribute("aria-label", link.getAttribute("aria-label"));
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", panelFor(paragraph).id);
      button.id = link.id;
      link.replaceWith(button);
      button.addEventListener("click", function () { toggle(button); });
      var mark = markFor(button);
      // Tapping the highlighted words opens the note too (the button stays the keyboard route).
      mark.addEventListener("click", function () { toggle(button); });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && openButton) {
        event.preventDefault();
        closeNote(true);
      }
    });

    // Category filter: one kind of note at a time, or all.
    var filterButtons = tools.querySelectorAll(".elysara-filter");
    function setFilter(category) {
      text.setAttribute("data-filter", category);
      Array.prototype.forEach.call(filterButtons, function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-filter") === category));
      });
      if (openButton && category !== "all" && openButton.getAttribute("data-category") !== category) {
        closeNote(false);
      }
      store(STORE_FILTER, category);
    }
    Array.prototype.forEach.call(filterButtons, function (b) {
      b.addEventListener("click", function () { setFilter(b.getAttribute("data-filter")); });
    });

    // Plain reading: the text alone, no highlights, numbers or notes.
    var plainToggle = tools.querySelector(".elysara-plain-toggle");
    function setPlain(plain) {
      document.documentElement.classList.toggle("elysara-plain", plain);
      plainToggle.setAttribute("aria-pressed", String(plain));
      if (plain) { closeNote(false); }
      store(STORE_MODE, plain ? "plain" : "annotated");
    }
    plainToggle.addEventListener("click", function () {
      setPlain(plainToggle.getAttribute("aria-pressed") !== "true");
    });

    // More notes: the page shows about one note per group of sentences; this shows them all.
    var moreToggle = tools.querySelector(".elysara-more-toggle");
    function setMore(more) {
      text.classList.toggle("elysara-show-more", more);
      if (moreToggle) moreToggle.setAttribute("aria-pressed", String(more));
      if (!more && openButton && openButton.hasAttribute("data-more")) { closeNote(false); }
      store(STORE_MORE, more ? "1" : "0");
    }
    if (moreToggle) moreToggle.addEventListener("click", function () {
      setMore(moreToggle.getAttribute("aria-pressed") !== "true");
    });
    setMore(recall(STORE_MORE) === "1");

    var savedFilter = recall(STORE_FILTER);
    var known = Array.prototype.some.call(filterButtons, function (b) { return b.getAttribute("data-filter") === savedFilter; });
    setFilter(known ? savedFilter : "all");
    setPlain(recall(STORE_MODE) === "plain");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
