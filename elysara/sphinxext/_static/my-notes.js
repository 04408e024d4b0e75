/* "My notes": a student's own notes on the Reading page (issue #17).
 *
 * Select words of the text (mouse, touch, or the keyboard word picker), write
 * a note, tag it if you like. Notes are kept in this browser's localStorage
 * only: this script sends nothing anywhere. "Download my notes" saves them as
 * a W3C Web Annotation collection (elysara-notes.json); "Load notes" reads one.
 *
 * The rules (context, tags, context length, file name, limits) come from the
 * page, written by elysara/sphinxext/my_notes.py from the Python side's one
 * copy of them (elysara.exercises.answers.web_annotations); a browser test
 * builds the same anchors in Python and here and requires them identical.
 *
 * The text's HTML comes from elysara/sphinxext/reading.py:
 *   .elysara-text > p.elysara-paragraph#pN > span.elysara-sentence#pN.M
 * A sentence's text is the text of its span; a paragraph's text is its
 * sentences joined by one space (as elysara.text has it).
 * Student text is only ever set with textContent or value, never as HTML.
 */
(function () {
  "use strict";

  var HL = "elysara-my-note-hl";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return "urn:uuid:" + hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function init() {
    var panel = document.querySelector(".elysara-my-notes");
    var text = document.querySelector(".elysara-text");
    var settingsNode = document.getElementById("elysara-my-notes-settings");
    if (!panel || !text || !settingsNode) { return; }
    var S = JSON.parse(settingsNode.textContent);
    var TAGS = {};
    S.tags.forEach(function (t) { TAGS[t.id] = t.label; });

    // --- The text model, read from the page -----------------------------------------
    var paragraphs = {}; // id -> {el, sentences: [{id, el, offset, text}], text}
    Array.prototype.forEach.call(text.querySelectorAll(".elysara-paragraph"), function (p) {
      var offset = 0;
      var sentences = Array.prototype.map.call(p.querySelectorAll(".elysara-sentence"), function (s) {
        var entry = { id: s.id, el: s, offset: offset, text: s.textContent };
        offset += entry.text.length + 1;
        return entry;
      });
      paragraphs[p.id] = { el: p, sentences: sentences, text: sentences.map(function (s) { return s.text; }).join(" ") };
    });

    function passage(id) {
      var pid = id.split(".")[0];
      var para = paragraphs[pid];
      if (!para) { return null; }
      if (id === pid) { return { id: id, paragraph: para, offset: 0, text: para.text }; }
      for (var i = 0; i < para.sentences.length; i++) {
        var s = para.sentences[i];
        if (s.id === id) { return { id: id, paragraph: para, offset: s.offset, text: s.text }; }
      }
      return null;
    }

    function isSpace(ch) { return /\s/.test(ch); }

    // The same rule as web_annotations.anchor_for_span: trim spaces, name the
    // narrowest passage (a sentence, else the paragraph), quote with context.
    function anchorFor(paragraphId, start, end) {
      var para = paragraphs[paragraphId];
      if (!para || start < 0 || end > para.text.length || start > end) { return null; }
      while (start < end && isSpace(para.text[start])) { start++; }
      while (end > start && isSpace(para.text[end - 1])) { end--; }
      if (start === end) { return null; }
      var touched = para.sentences.filter(function (s) { return s.offset < end && start < s.offset + s.text.length; });
      var id = touched.length === 1 ? touched[0].id : paragraphId;
      var offset = touched.length === 1 ? touched[0].offset : 0;
      var ptext = touched.length === 1 ? touched[0].text : para.text;
      var a = start - offset, b = end - offset;
      return {
        source: S.sourcePage + "#" + id,
        selector: [
          { type: "TextQuoteSelector", exact: ptext.slice(a, b), prefix: ptext.slice(Math.max(0, a - S.contextLength), a), suffix: ptext.slice(b, b + S.contextLength) },
          { type: "TextPositionSelector", start: a, end: b }
        ]
      };
    }

    // A stored note's anchor, checked against the page's text (null if it does not hold).
    function verify(note) {
      var p = passage(note.passage);
      if (!p || typeof note.start !== "number" || typeof note.end !== "number") { return null; }
      if (note.start < 0 || note.end > p.text.length || note.start >= note.end) { return null; }
      return p.text.slice(note.start, note.end) === note.exact ? p : null;
    }

    // --- Storage ------------------------------------------------------------------------
    var notes = [];
    function load() {
      try {
        var saved = JSON.parse(window.localStorage.getItem(S.storageKey) || "null");
        notes = saved && Array.isArray(saved.notes) ? saved.notes.filter(function (n) { return n && typeof n.id === "string"; }) : [];
      } catch (e) { notes = []; }
    }
    function save() {
      try {
        window.localStorage.setItem(S.storageKey, JSON.stringify({ version: 1, notes: notes }));
        return true;
      } catch (e) {
        say("Your browser would not keep the notes (private mode or storage full): download them now.");
        return false;
      }
    }

    // --- Selection -> anchor -------------------------------------------------------------
    function offsetIn(sentenceEl, container, offset) {
      var range = document.createRange();
      range.setStart(sentenceEl, 0);
      range.setEnd(container, offset);
      return range.toString().length;
    }

    function anchorFromRange(range) {
      if (!range || range.collapsed || !text.contains(range.commonAncestorContainer)) { return { error: "" }; }
      var hit = [];
      Object.keys(paragraphs).forEach(function (pid) {
        paragraphs[pid].sentences.forEach(function (s) { if (range.intersectsNode(s.el)) { hit.push({ pid: pid, s: s }); } });
      });
      if (!hit.length) { return { error: "" }; }
      if (hit[0].pid !== hit[hit.length - 1].pid) { return { error: "Select words within one paragraph for a note." }; }
      var first = hit[0].s, last = hit[hit.length - 1].s;
      var start = first.el.contains(range.startContainer) ? first.offset + offsetIn(first.el, range.startContainer, range.startOffset) : first.offset;
      var end = last.el.contains(range.endContainer) ? last.offset + offsetIn(last.el, range.endContainer, range.endOffset) : last.offset + last.text.length;
      var target = anchorFor(hit[0].pid, start, end);
      return target ? { target: target } : { error: "" };
    }

    // --- Drawing the notes in the text ---------------------------------------------------
    function unwrapAll() {
      Array.prototype.forEach.call(text.querySelectorAll("span." + HL), function (span) {
        var parent = span.parentNode;
        while (span.firstChild) { parent.insertBefore(span.firstChild, span); }
        parent.removeChild(span);
        parent.normalize();
      });
    }

    function wrapRange(sentence, from, to, note, index) {
      // Wrap every piece of text between characters [from, to) of a sentence span.
      var walker = document.createTreeWalker(sentence.el, NodeFilter.SHOW_TEXT);
      var pos = 0, node, pieces = [];
      while ((node = walker.nextNode())) {
        var len = node.nodeValue.length, a = Math.max(from, pos), b = Math.min(to, pos + len);
        if (a < b) { pieces.push({ node: node, a: a - pos, b: b - pos }); }
        pos += len;
      }
      pieces.forEach(function (piece) {
        var target = piece.node;
        if (piece.b < target.nodeValue.length) { target.splitText(piece.b); }
        if (piece.a > 0) { target = target.splitText(piece.a); }
        var span = el("span", { "class": HL, "data-my-note": note.id, "data-tag": note.tag || "" });
        span.title = "My note " + index + (note.tag ? " (" + TAGS[note.tag] + ")" : "");
        target.parentNode.insertBefore(span, target);
        span.appendChild(target);
      });
    }

    function draw() {
      unwrapAll();
      notes.forEach(function (note, i) {
        var p = verify(note);
        if (!p) { return; }
        var start = p.offset + note.start, end = p.offset + note.end;
        p.paragraph.sentences.forEach(function (s) {
          var a = Math.max(start, s.offset), b = Math.min(end, s.offset + s.text.length);
          if (a < b) { wrapRange(s, a - s.offset, b - s.offset, note, i + 1); }
        });
      });
    }

    // --- The panel ----------------------------------------------------------------------------
    var status = el("p", { "class": "elysara-my-notes-status", role: "status", "aria-live": "polite" });
    function say(message) { status.textContent = message; }

    var list = el("ol", { "class": "elysara-my-notes-list", "aria-label": "My notes, in the order of the text" });
    var empty = el("p", { "class": "elysara-my-notes-empty" }, "No notes yet. Select words of the text, or choose them with the keyboard, to add one.");

    var tools = el("div", { "class": "elysara-my-notes-tools" });
    var pickButton = el("button", { type: "button", "class": "elysara-my-notes-pick", "aria-expanded": "false" }, "Choose words with the keyboard");
    var downloadButton = el("button", { type: "button", "class": "elysara-my-notes-download" }, "Download my notes");
    var fileInput = el("input", { type: "file", accept: ".json,application/json,application/ld+json", id: "elysara-my-notes-file", "class": "elysara-my-notes-file-input" });
    var loadLabel = el("label", { "for": "elysara-my-notes-file", "class": "elysara-my-notes-load" }, "Load notes");
    tools.appendChild(pickButton);
    tools.appendChild(downloadButton);
    tools.appendChild(loadLabel);
    tools.appendChild(fileInput);

    // Keyboard word picker: a sentence, then the first and last word.
    var picker = el("fieldset", { "class": "elysara-my-notes-picker", hidden: "" });
    picker.appendChild(el("legend", {}, "Choose the words for a note"));
    var sentenceSelect = el("select", { id: "elysara-my-notes-sentence" });
    var fromSelect = el("select", { id: "elysara-my-notes-from" });
    var toSelect = el("select", { id: "elysara-my-notes-to" });
    [["Sentence", sentenceSelect], ["From the word", fromSelect], ["To the word", toSelect]].forEach(function (pair) {
      var wrap = el("div", { "class": "elysara-my-notes-field" });
      wrap.appendChild(el("label", { "for": pair[1].id }, pair[0]));
      wrap.appendChild(pair[1]);
      picker.appendChild(wrap);
    });
    var pickedQuote = el("p", { "class": "elysara-my-notes-picked" });
    var pickAdd = el("button", { type: "button", "class": "elysara-my-notes-pick-add" }, "Add a note on these words");
    picker.appendChild(pickedQuote);
    picker.appendChild(pickAdd);
    Object.keys(paragraphs).forEach(function (pid) {
      paragraphs[pid].sentences.forEach(function (s) {
        var words = s.text.split(/\s+/).slice(0, 6).join(" ");
        sentenceSelect.appendChild(el("option", { value: s.id }, s.id + ": " + words + "\u2026"));
      });
    });
    function sentenceWords(sid) {
      var p = passage(sid), out = [], re = /\S+/g, m;
      while ((m = re.exec(p.text))) { out.push({ word: m[0], start: m.index, end: m.index + m[0].length }); }
      return out;
    }
    function fillWords() {
      var words = sentenceWords(sentenceSelect.value);
      [fromSelect, toSelect].forEach(function (select) {
        select.textContent = "";
        words.forEach(function (w, i) { select.appendChild(el("option", { value: String(i) }, (i + 1) + ". " + w.word)); });
      });
      toSelect.value = String(words.length - 1);
      showPicked();
    }
    function pickedTarget() {
      var words = sentenceWords(sentenceSelect.value);
      var a = Number(fromSelect.value), b = Number(toSelect.value);
      if (b < a) { var t = a; a = b; b = t; }
      var p = passage(sentenceSelect.value);
      return anchorFor(p.paragraph.el.id, p.offset + words[a].start, p.offset + words[b].end);
    }
    function showPicked() { pickedQuote.textContent = "\u201c" + pickedTarget().selector[0].exact + "\u201d"; }
    sentenceSelect.addEventListener("change", fillWords);
    fromSelect.addEventListener("change", showPicked);
    toSelect.addEventListener("change", showPicked);
    pickButton.addEventListener("click", function () {
      var open = picker.hidden;
      picker.hidden = !open;
      pickButton.setAttribute("aria-expanded", String(open));
      if (open) { if (!fromSelect.options.length) { fillWords(); } sentenceSelect.focus(); }
    });
    pickAdd.addEventListener("click", function () { openEditor({ target: pickedTarget() }, pickAdd); });

    // The editor: the quoted words, a tag, the note.
    var editor = el("div", { "class": "elysara-my-notes-editor", role: "group", "aria-labelledby": "elysara-my-notes-editor-title", hidden: "" });
    var editorTitle = el("p", { id: "elysara-my-notes-editor-title", "class": "elysara-my-notes-editor-title" });
    var editorQuote = el("blockquote", { "class": "elysara-my-notes-quote" });
    var tagGroup = el("fieldset", { "class": "elysara-my-notes-tags" });
    tagGroup.appendChild(el("legend", {}, "Tag (optional)"));
    var tagInputs = [];
    [{ id: "", label: "None" }].concat(S.tags).forEach(function (t) {
      var label = el("label", {});
      var input = el("input", { type: "radio", name: "elysara-my-notes-tag", value: t.id });
      tagInputs.push(input);
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + t.label));
      tagGroup.appendChild(label);
    });
    var bodyLabel = el("label", { "for": "elysara-my-notes-body" }, "Your note");
    var body = el("textarea", { id: "elysara-my-notes-body", rows: "4", maxlength: String(S.maxNoteChars) });
    var saveButton = el("button", { type: "button", "class": "elysara-my-notes-save" }, "Save note");
    var cancelButton = el("button", { type: "button", "class": "elysara-my-notes-cancel" }, "Cancel");
    [editorTitle, editorQuote, tagGroup, bodyLabel, body, saveButton, cancelButton].forEach(function (n) { editor.appendChild(n); });

    // The button that appears when words of the text are selected (mouse, touch, caret browsing).
    var addButton = el("button", { type: "button", "class": "elysara-my-notes-add", hidden: "" }, "Add a note on the selected words");

    panel.appendChild(tools);
    panel.appendChild(picker);
    panel.appendChild(status);
    panel.appendChild(empty);
    panel.appendChild(list);
    document.body.appendChild(editor);
    document.body.appendChild(addButton);
    panel.hidden = false;
    document.documentElement.classList.add("elysara-my-notes-js");

    var editing = null; // {target} for a new note, or {note} for an edit
    var returnFocus = null;
    function openEditor(what, from) {
      editing = what;
      returnFocus = from || null;
      var quote = what.note ? what.note.exact : what.target.selector[0].exact;
      var where = what.note ? what.note.passage : what.target.source.split("#")[1];
      editorTitle.textContent = (what.note ? "Edit your note on " : "New note on ") + where;
      editorQuote.textContent = quote;
      body.value = what.note ? what.note.body : "";
      var tag = what.note ? (what.note.tag || "") : "";
      tagInputs.forEach(function (input) { input.checked = input.value === tag; });
      editor.hidden = false;
      addButton.hidden = true;
      body.focus();
    }
    function closeEditor() {
      editor.hidden = true;
      editing = null;
      if (returnFocus && document.contains(returnFocus)) { returnFocus.focus(); }
    }
    cancelButton.addEventListener("click", closeEditor);
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); closeEditor(); }
    });
    saveButton.addEventListener("click", function () {
      var textValue = body.value.trim();
      if (!textValue) { say("Write something in your note first (or Cancel)."); body.focus(); return; }
      var checked = tagInputs.filter(function (i) { return i.checked; })[0];
      var tag = checked && checked.value ? checked.value : null;
      var now = new Date().toISOString();
      var saved;
      if (editing.note) {
        saved = editing.note;
        saved.body = textValue; saved.tag = tag; saved.modified = now;
        say("Note saved.");
      } else {
        var t = editing.target;
        saved = { id: newId(), passage: t.source.split("#")[1], start: t.selector[1].start, end: t.selector[1].end,
                  exact: t.selector[0].exact, prefix: t.selector[0].prefix, suffix: t.selector[0].suffix,
                  body: textValue, tag: tag, created: now, modified: now };
        notes.push(saved);
        say("Note added. It is kept in this browser only.");
      }
      save();
      window.getSelection().removeAllRanges();
      render();
      returnFocus = list.querySelector('[data-my-note="' + saved.id + '"] .elysara-my-notes-edit');
      closeEditor();
    });

    function order(n) {
      var p = passage(n.passage);
      return p ? [Number(n.passage.split(".")[0].slice(1)), p.offset + n.start] : [1e9, 0];
    }
    function render() {
      notes.sort(function (a, b) { var x = order(a), y = order(b); return x[0] - y[0] || x[1] - y[1]; });
      list.textContent = "";
      notes.forEach(function (note, i) {
        var ok = verify(note);
        var item = el("li", { "class": "elysara-my-notes-item", "data-my-note": note.id, tabindex: "-1" });
        var head = el("p", { "class": "elysara-my-notes-head" });
        var link = el("a", { href: "#" + note.passage }, note.passage);
        head.appendChild(link);
        if (note.tag && TAGS[note.tag]) { head.appendChild(el("span", { "class": "elysara-my-notes-tag", "data-tag": note.tag }, TAGS[note.tag])); }
        item.appendChild(head);
        item.appendChild(el("blockquote", { "class": "elysara-my-notes-quote" }, note.exact));
        if (!ok) { item.appendChild(el("p", { "class": "elysara-my-notes-lost" }, "These words are not in the text at " + note.passage + ": the note is kept but not drawn.")); }
        item.appendChild(el("p", { "class": "elysara-my-notes-body" }, note.body));
        var edit = el("button", { type: "button", "class": "elysara-my-notes-edit", "aria-label": "Edit note " + (i + 1) + " on " + note.passage }, "Edit");
        var del = el("button", { type: "button", "class": "elysara-my-notes-delete", "aria-label": "Delete note " + (i + 1) + " on " + note.passage }, "Delete");
        edit.addEventListener("click", function () { openEditor({ note: note }, edit); });
        del.addEventListener("click", function () {
          notes = notes.filter(function (n) { return n.id !== note.id; });
          save();
          render();
          say("Note on " + note.passage + " deleted.");
          (list.querySelector(".elysara-my-notes-edit") || downloadButton).focus();
        });
        item.appendChild(edit);
        item.appendChild(del);
        list.appendChild(item);
      });
      empty.hidden = notes.length > 0;
      downloadButton.disabled = notes.length === 0;
      draw();
    }

    // Tapping your highlighted words opens that note where you are reading (the list
    // stays the keyboard route). Captured first, so a book's note around the words
    // does not open as well; the book's note number still opens it.
    text.addEventListener("click", function (event) {
      var span = event.target.closest && event.target.closest("span." + HL);
      if (!span || !window.getSelection().isCollapsed) { return; }
      var id = span.getAttribute("data-my-note");
      var note = notes.filter(function (n) { return n.id === id; })[0];
      if (!note) { return; }
      event.stopPropagation();
      openEditor({ note: note }, null); // closing leaves you where you were reading
    }, true);

    var pending = null;
    function onSelection() {
      var selection = window.getSelection();
      var found = selection.rangeCount ? anchorFromRange(selection.getRangeAt(0)) : { error: "" };
      pending = found.target || null;
      addButton.hidden = !pending || !editor.hidden;
      if (found.error) { say(found.error); }
    }
    document.addEventListener("selectionchange", onSelection);
    // Keep the selection when the button is pressed (it would collapse on mousedown).
    addButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
    addButton.addEventListener("click", function () { if (pending) { openEditor({ target: pending }, null); } });

    // --- Export and import as W3C Web Annotations ------------------------------------------
    function toAnnotation(note) {
      var bodies = [{ type: "TextualBody", value: note.body, format: "text/plain", purpose: "commenting" }];
      if (note.tag) { bodies.push({ type: "TextualBody", value: note.tag, purpose: "tagging" }); }
      var p = passage(note.passage);
      var target = p ? anchorFor(p.paragraph.el.id, p.offset + note.start, p.offset + note.end) : null;
      if (!target || target.source.split("#")[1] !== note.passage) {
        target = { source: S.sourcePage + "#" + note.passage, selector: [
          { type: "TextQuoteSelector", exact: note.exact, prefix: note.prefix || "", suffix: note.suffix || "" },
          { type: "TextPositionSelector", start: note.start, end: note.end }] };
      }
      var a = { id: note.id, type: "Annotation", motivation: "commenting", body: bodies, target: target };
      if (note.created) { a.created = note.created; }
      if (note.modified) { a.modified = note.modified; }
      return a;
    }
    function collection() {
      var id = newId();
      return { "@context": S.context, id: id, type: "AnnotationCollection", label: "My notes on Elysara", total: notes.length,
               first: { id: id + "-page1", type: "AnnotationPage", startIndex: 0, items: notes.map(toAnnotation) } };
    }
    downloadButton.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(collection(), null, 2) + "\n"], { type: "application/ld+json" });
      var url = URL.createObjectURL(blob);
      var link = el("a", { href: url, download: S.fileName });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      say("Saved " + notes.length + " note(s) as " + S.fileName + " (in your downloads). Hand in that file.");
    });

    function types(v) { return typeof v === "string" ? [v] : Array.isArray(v) ? v : []; }
    function readCollection(data) {
      if (!data || typeof data !== "object" || Array.isArray(data)) { throw new Error("it is not a W3C Web Annotation collection"); }
      if (types(data["@context"]).indexOf(S.context) < 0) { throw new Error("its @context is not " + S.context); }
      var page = types(data.type).indexOf("AnnotationCollection") >= 0 ? data.first : data;
      if (types(data.type).indexOf("Annotation") >= 0) { return [data]; }
      if (!page || types(page.type).indexOf("AnnotationPage") < 0 || !Array.isArray(page.items)) { throw new Error("it holds no AnnotationPage of notes"); }
      return page.items;
    }
    function fromAnnotation(a) {
      if (!a || types(a.type).indexOf("Annotation") < 0 || typeof a.id !== "string") { return { error: "not an Annotation with an id" }; }
      var bodies = Array.isArray(a.body) ? a.body : [a.body];
      var textBodies = bodies.filter(function (b) { return b && typeof b.value === "string" && types(b.purpose).indexOf("tagging") < 0; });
      var tagBodies = bodies.filter(function (b) { return b && typeof b.value === "string" && types(b.purpose).indexOf("tagging") >= 0 && TAGS[b.value]; });
      if (!textBodies.length) { return { error: "no note text" }; }
      var target = Array.isArray(a.target) ? a.target[0] : a.target;
      var m = target && typeof target.source === "string" ? /#(p\d+(?:\.\d+)?)$/.exec(target.source) : null;
      if (!m) { return { error: "no passage of the text" }; }
      var sel = Array.isArray(target.selector) ? target.selector : [target.selector];
      var quote = sel.filter(function (s) { return s && s.type === "TextQuoteSelector"; })[0];
      var pos = sel.filter(function (s) { return s && s.type === "TextPositionSelector"; })[0];
      if (!quote || !pos) { return { error: "no TextQuoteSelector and TextPositionSelector" }; }
      var note = { id: a.id, passage: m[1], start: pos.start, end: pos.end, exact: String(quote.exact),
                   prefix: String(quote.prefix || ""), suffix: String(quote.suffix || ""),
                   body: textBodies.map(function (b) { return b.value; }).join("\n\n").slice(0, S.maxNoteChars),
                   tag: tagBodies.length ? tagBodies[0].value : null,
                   created: typeof a.created === "string" ? a.created : null, modified: typeof a.modified === "string" ? a.modified : null };
      if (!verify(note)) { return { error: "the words \u201c" + note.exact.slice(0, 60) + "\u201d are not at " + note.passage + " in the text" }; }
      return { note: note };
    }
    fileInput.addEventListener("change", function () {
      var file = fileInput.files && fileInput.files[0];
      if (!file) { return; }
      if (file.size > S.maxBytes) { say(file.name + " was not loaded: " + file.size + " bytes is too big for a notes file."); fileInput.value = ""; return; }
      var reader = new FileReader();
      reader.onload = function () {
        var items;
        try { items = readCollection(JSON.parse(String(reader.result))); }
        catch (e) { say(file.name + " was not loaded: " + (e instanceof SyntaxError ? "it is not JSON" : e.message) + "."); fileInput.value = ""; return; }
        var known = {}, added = 0, skipped = [];
        notes.forEach(function (n) { known[n.id] = true; });
        items.forEach(function (a, i) {
          var r = fromAnnotation(a);
          if (r.error) { skipped.push("note " + (i + 1) + ": " + r.error); return; }
          if (known[r.note.id]) { return; }
          known[r.note.id] = true;
          notes.push(r.note);
          added++;
        });
        save();
        render();
        say("Loaded " + added + " note(s) from " + file.name + "." + (skipped.length ? " Not loaded: " + skipped.join("; ") + "." : ""));
        fileInput.value = "";
      };
      reader.readAsText(file);
    });

    load();
    render();
    // For the tests: the same rules, callable from the page.
    window.elysaraMyNotes = { anchorFor: anchorFor, collection: collection };
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
