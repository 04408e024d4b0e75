/* The Tension Test in the static book (no kernel needed).
 * The questionnaire is plain HTML written by elysara.widgets.tension_view.
 * Which rules fire is decided only by the Python model: the page carries,
 * for each rule, the answer combinations on which the model's rule fires
 * (<script type="application/json" class="elysara-widget-data">), and, for
 * each tension, what each choice of difference makes of it (hit, named, open,
 * with its sentence). This script only looks the student's choices up in
 * those tables. */
(function () {
  "use strict";
  var STORAGE_KEY = "elysara-tension-test-v1"; /* answers only, as before */
  var DIFF_KEY = "elysara-tension-test-differences-v2";

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* A Python literal the exercise notebook can hold (strings and ints only). */

  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}"); } catch (e) { return {}; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: answers just are not kept */ }
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

    function ruleItem(ruleId) { return root.querySelector('.tension-rule[data-rule="' + ruleId + '"]'); }

    /* The difference chosen for each tension, and the own words typed (kept even while the rule is quiet). */
    function chosen() {
      var differences = {}, words = {};
      data.rules.forEach(function (rule) {
        if (rule.kind !== "tension") return;
        var item = ruleItem(rule.id);
        if (!item) return;
        var checked = item.querySelector('input[name="difference-' + rule.id + '"]:checked');
        if (checked) differences[rule.id] = checked.value;
        var own = item.querySelector("input.tension-own");
        if (own && own.value.trim()) words[rule.id] = own.value;
      });
      return { differences: differences, words: words };
    }

    function update() {
      var given = answers();
      var picked = chosen();
      var counts = { hit: 0, named: 0, open: 0, bullet: 0 };
      data.rules.forEach(function (rule) {
        var key = rule.reads.map(function (caseId) { return given[caseId] || ""; }).join("|");
        var fires = firesOn[rule.id][key] === true;
        var item = ruleItem(rule.id);
        if (item) item.hidden = !fires;
        if (!fires) return;
        if (rule.kind === "bullet") { counts.bullet += 1; return; }
        var difference = picked.differences[rule.id];
        var words = picked.words[rule.id] || "";
        /* The table's key for this choice (tension.difference_key in the model). */
        var choice = difference === undefined ? "" : (difference === data.own && !words ? "own-blank" : difference);
        var verdict = data.verdicts[choice];
        counts[verdict.verdict] += 1;
        if (item) {
          item.dataset.verdict = verdict.verdict;
          var line = item.querySelector(".tension-verdict");
          if (line) {
            line.dataset.verdict = verdict.verdict;
            line.textContent = verdict.verdict === "named" && difference === data.own ? verdict.text + ": " + words.trim() : verdict.text;
          }
        }
      });
      var answered = Object.keys(given).length;
      score.textContent = plural(counts.hit, "hit", "hits") + ", " + plural(counts.named, "tension", "tensions") +
        " resolved by a difference, " + counts.open + " open; " + plural(counts.bullet, "bullet", "bullets") +
        " bitten; " + answered + " of " + data.cases.length + " cases answered.";
      score.dataset.hits = counts.hit;
      score.dataset.named = counts.named;
      score.dataset.open = counts.open;
      score.dataset.bullets = counts.bullet;
      if (none) none.hidden = counts.hit + counts.named + counts.open + counts.bullet > 0;
      window.ElysaraCopyState.show(root, "tension_state", {
        widget: data.widget, version: data.version, answers: given,
        differences: picked.differences, own_words: picked.words
      });
      save(STORAGE_KEY, given);
      save(DIFF_KEY, picked);
    }

    var stored = load(STORAGE_KEY);
    var storedPicked = load(DIFF_KEY);
    data.rules.forEach(function (rule) {
      var item = ruleItem(rule.id);
      if (!item || rule.kind !== "tension") return;
      item.querySelectorAll('input[name="difference-' + rule.id + '"]').forEach(function (input) {
        if (storedPicked.differences && storedPicked.differences[rule.id] === input.value) input.checked = true;
        input.addEventListener("change", update);
      });
      var own = item.querySelector("input.tension-own");
      if (own) {
        if (storedPicked.words && typeof storedPicked.words[rule.id] === "string") own.value = storedPicked.words[rule.id];
        own.addEventListener("input", update);
      }
    });
    data.cases.forEach(function (caseId) {
      radios(caseId).forEach(function (input) {
        if (stored[caseId] === input.value) input.checked = true;
        input.addEventListener("change", update);
      });
    });

    var clear = root.querySelector(".tension-clear");
    if (clear) clear.addEventListener("click", function () {
      root.querySelectorAll(".tension-case input[type=radio], .tension-difference input[type=radio]").forEach(function (input) { input.checked = false; });
      root.querySelectorAll("input.tension-own").forEach(function (input) { input.value = ""; });
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
