/* "Copy my answers" for the book's static widgets (no kernel needed).
 * A widget's script calls ElysaraCopyState.show(root, "tension_state", state)
 * whenever its answers change; this file writes the notebook line into the
 * block's textarea and copies it on request. The block's markup comes from
 * elysara.widgets.copy_state. */
(function () {
  "use strict";

  /* A Python literal for a JSON-like value, as the notebook's answer cell holds it. */
  function pythonLiteral(value) {
    if (value === null || value === undefined) return "None";
    if (typeof value === "number") return String(value);
    if (typeof value === "string") return JSON.stringify(value);
    var parts = Object.keys(value).map(function (k) { return JSON.stringify(k) + ": " + pythonLiteral(value[k]); });
    return "{" + parts.join(", ") + "}";
  }

  function show(root, variable, state) {
    var text = root.querySelector(".elysara-copy-text");
    if (text) text.value = variable + " = " + pythonLiteral(state);
  }

  function wire(block) {
    var text = block.querySelector(".elysara-copy-text");
    var button = block.querySelector(".elysara-copy-button");
    var status = block.querySelector(".elysara-copy-status");
    if (!text || !button) return;
    button.addEventListener("click", function () {
      function done(message) { if (status) status.textContent = message; }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text.value).then(
          function () { done("Copied."); },
          function () { text.select(); done("Select the text above and copy it."); });
      } else {
        text.select();
        done("Selected: press Ctrl+C (or Cmd+C) to copy.");
      }
    });
  }

  window.ElysaraCopyState = { pythonLiteral: pythonLiteral, show: show };
  function wireAll() { document.querySelectorAll("details.elysara-copy").forEach(wire); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wireAll);
  else wireAll();
})();
