/* The Tension Test in the static book (no kernel needed).
 * The questionnaire is plain HTML written by elysara.widgets.tension_view.
 * Which rules fire is decided only by the Python model: the page carries,
 * for each rule, the answer combinations on which the model's rule fires
 * (<script type="application/json" class="elysara-widget-data">), and this
 * script only looks the student's answers up in that table. */
(function () {
  "use strict";
  var STORAGE_KEY = "elysara-tension-test-v1";

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* A Python literal the exercise notebook can hold (strings and ints only). */

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}"); } catch (e) { return {}; }
  }
  function save(answers) {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(answers)); } catch (e) { /* private mode: answers just are not kept */ }
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.elysara-widget-data").textContent);
    var firesOn = {};
    data.rules.forEach(function (rule) {
      firesOn[rule.id] = {};
      rule.fires_on.forEach(function (combo) { firesOn[rule.id][combo.join("|")] = true; });
    });
    var score = root.querySelector(".tension-score");
    var none = root.querySelector(".tension-none");
    var noscript = root.querySelector(".elysara-noscript");
    if (noscript) noscript.hidden = true;

    function radios(caseId) { return root.querySelectorAll('input[name="tension-' + caseId + '"]'); }

    function answers() {
      var result = {};
      data.cases.forEach(function (caseId) {
        radios(caseId).forEach(function (input) { if (input.checked) result[caseId] = input.value; });
      });
      return result;
    }

    function update() {
      var given = answers();
      var counts = { hit: 0, bullet: 0 };
      data.rules.forEach(function (rule) {
        var key = rule.reads.map(function (caseId) { return given[caseId] || ""; }).join("|");
        var fires = firesOn[rule.id][key] === true;
        if (fires) counts[rule.kind] += 1;
        var item = root.querySelector('.tension-rule[data-rule="' + rule.id + '"]');
        if (item) item.hidden = !fires;
      });
      var answered = Object.keys(given).length;
      score.textContent = plural(counts.hit, "hit", "hits") + ", " + plural(counts.bullet, "bullet", "bullets") +
        " bitten; " + answered + " of " + data.cases.length + " cases answered.";
      score.dataset.hits = counts.hit;
      score.dataset.bullets = counts.bullet;
      if (none) none.hidden = counts.hit + counts.bullet > 0;
      window.ElysaraCopyState.show(root, "tension_state", { widget: data.widget, version: data.version, answers: given });
      save(given);
    }

    var stored = load();
    data.cases.forEach(function (caseId) {
      radios(caseId).forEach(function (input) {
        if (stored[caseId] === input.value) input.checked = true;
        input.addEventListener("change", update);
      });
    });

    var clear = root.querySelector(".tension-clear");
    if (clear) clear.addEventListener("click", function () {
      root.querySelectorAll(".tension-case input[type=radio]").forEach(function (input) { input.checked = false; });
      update();
    });


    update();
  }

  function setupAll() {
    document.querySelectorAll('[data-elysara-script="tension-test"]').forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll);
  else setupAll();
})();
