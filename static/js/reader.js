// The reader's only hand-written script: a text selection (by mouse or keyboard) becomes a
// claim's offsets, a click on a highlight opens its panel, the keyboard shortcuts, and the
// unsaved typing in the panel kept across redraws (drafts). Everything else is htmx.
//
// Offsets: the server counts Unicode code points, the DOM counts UTF-16 units. Every text node
// inside #article-text sits directly in an element whose data-start is the code-point offset of
// its first character, so a DOM position maps to a global offset without reading the whole text.
(function () {
  "use strict";

  const reader = document.getElementById("reader");
  if (!reader || !window.htmx) return;

  const EXPECTED_ERRORS = /^(400|403|409|412)$/;
  const SPAN_URL = reader.dataset.spanUrl; // ends in "0/": the id goes there

  // htmx 2 does not swap 4xx responses by default; the reader's carry a message or a form with
  // its errors, meant to be shown in place.
  htmx.config.responseHandling.unshift({ code: EXPECTED_ERRORS.source, swap: true, error: false });

  // With DEBUG on, django-htmx's helper script replaces the whole page with any 400 or 403
  // response. Those are expected answers here, so they must not reach its document listener.
  document.body.addEventListener("htmx:beforeOnLoad", (event) => {
    if (EXPECTED_ERRORS.test(String(event.detail.xhr.status))) event.stopPropagation();
  });

  let current = null; // id of the claim the panel shows, or last showed
  let focusPanel = false;

  const $ = (id) => document.getElementById(id);
  const codePoints = (text) => Array.from(text).length;

  function say(message) {
    const box = $("reader-message");
    box.replaceChildren();
    if (!message) return;
    const line = document.createElement("p");
    line.className = "message message--error";
    line.textContent = message;
    box.append(line);
  }

  // Selection to claim

  function selectedClaim() {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const walker = document.createTreeWalker($("article-text"), NodeFilter.SHOW_TEXT);
    const pieces = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!range.intersectsNode(node)) {
        if (pieces.length) break;
        continue;
      }
      const from = node === range.startContainer ? range.startOffset : 0;
      const to = node === range.endContainer ? range.endOffset : node.length;
      const holder = node.parentElement.closest("[data-start]");
      if (from >= to || !holder) continue;
      const base = Number(holder.dataset.start);
      pieces.push({
        start: base + codePoints(node.data.slice(0, from)),
        end: base + codePoints(node.data.slice(0, to)),
        text: node.data.slice(from, to),
      });
    }
    if (!pieces.length) return { error: "Select words in the article’s text to mark a claim." };
    let quote = pieces[0].text;
    for (let i = 1; i < pieces.length; i++) {
      // Paragraphs are drawn without the blank lines between them, which hold only line breaks.
      quote += "\n".repeat(pieces[i].start - pieces[i - 1].end) + pieces[i].text;
    }
    if (!quote.trim()) return { error: "The selection is only white space: select the words of the claim." };
    return { start: pieces[0].start, end: pieces[pieces.length - 1].end, quote };
  }

  // Re-attaching an orphaned claim (one a text revision could not find again): its
  // "Re-attach" button arms it, and the next selection marked (the button, `c` or Enter) goes
  // to that claim's re-attach form instead of making a new claim. Esc or a second press
  // cancels; the server answers with the claim's panel, as for a new claim.
  let armed = null; // the re-attach form of the orphaned claim waiting for its new words

  function arm(form) {
    armed = form;
    for (const item of document.querySelectorAll("#orphaned-claims .orphan")) {
      const on = Boolean(form) && item.contains(form);
      item.classList.toggle("is-armed", on);
      const button = item.querySelector("[data-action=reattach]");
      if (button) button.setAttribute("aria-pressed", String(on));
      const hint = item.querySelector(".orphan__armed");
      if (hint) hint.hidden = !on;
    }
    const label = document.querySelector("#mark-claim .mark-claim__label");
    if (label) label.textContent = form ? "Re-attach here" : "Mark claim";
    const status = $("selection-status");
    if (status && form) status.textContent = "Select the claim’s new wording in the article, then press c.";
  }

  function markClaim() {
    const form = armed || $("span-create-form");
    const claim = selectedClaim();
    if (!form || !claim) return false;
    if (claim.error) {
      say(claim.error);
      return true;
    }
    form.elements.start.value = claim.start;
    form.elements.end.value = claim.end;
    form.elements.quote.value = claim.quote;
    focusPanel = true;
    form.requestSubmit();
    document.getSelection().removeAllRanges();
    return true;
  }

  function placeMarkButton() {
    const button = $("mark-claim");
    if (!button) return;
    const selection = document.getSelection();
    const article = $("article-text");
    const inArticle =
      selection && selection.rangeCount && !selection.isCollapsed &&
      selection.getRangeAt(0).intersectsNode(article);
    if (!inArticle) {
      button.hidden = true;
      return;
    }
    const rects = selection.getRangeAt(0).getClientRects();
    const last = rects[rects.length - 1];
    if (!last) return;
    button.hidden = false;
    const origin = button.offsetParent.getBoundingClientRect();
    const left = Math.min(last.right - origin.left + 4, origin.width - button.offsetWidth - 8);
    button.style.left = `${Math.max(0, left)}px`;
    button.style.top = `${last.bottom - origin.top + 6}px`;
  }

  // Selecting by keyboard: `s` selects a word (at the open claim, else the first in view),
  // the arrows move it and Shift with them extends it (by word, or by line with up/down),
  // and `c` marks it, as for a mouse selection. What is selected is read out.

  function selectionInArticle() {
    const selection = document.getSelection();
    return Boolean(
      selection && selection.rangeCount && !selection.isCollapsed &&
      $("article-text").contains(selection.getRangeAt(0).commonAncestorContainer)
    );
  }

  function firstWordNode() {
    const mark = current && document.querySelector(`#article-text mark[data-span="${current}"]`);
    if (mark) return document.createTreeWalker(mark, NodeFilter.SHOW_TEXT).nextNode();
    const walker = document.createTreeWalker($("article-text"), NodeFilter.SHOW_TEXT);
    let first = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      first ||= node;
      if (node.parentElement.getBoundingClientRect().bottom > 0) return node;
    }
    return first;
  }

  function announceSelection() {
    const text = document.getSelection().toString().trim();
    const words = text.length > 80 ? `${text.slice(0, 40)} … ${text.slice(-30)}` : text;
    $("selection-status").textContent = `Selected: ${words}. Press c to mark it as a claim.`;
  }

  function startSelecting() {
    const node = firstWordNode();
    if (!node) return;
    const selection = document.getSelection();
    const skip = node.data.length - node.data.trimStart().length;
    selection.collapse(node, skip);
    selection.modify("extend", "forward", "word");
    node.parentElement.scrollIntoView({ block: "nearest" });
    announceSelection();
  }

  const SELECTION_KEYS = {
    ArrowRight: ["forward", "word"],
    ArrowLeft: ["backward", "word"],
    ArrowDown: ["forward", "line"],
    ArrowUp: ["backward", "line"],
  };

  function changeSelection(event) {
    const [direction, unit] = SELECTION_KEYS[event.key];
    const selection = document.getSelection();
    if (event.shiftKey) {
      selection.modify("extend", direction, unit);
    } else if (unit === "word") {
      // Move: the next (or previous) word alone.
      if (direction === "forward") selection.collapseToEnd();
      else selection.collapseToStart();
      selection.modify("move", direction, "word");
      selection.modify("extend", direction === "forward" ? "backward" : "forward", "word");
      // Anchored at the word's start, so Shift+→ then makes it longer, not shorter.
      const word = selection.getRangeAt(0);
      selection.setBaseAndExtent(word.startContainer, word.startOffset, word.endContainer, word.endOffset);
    } else {
      return false;
    }
    announceSelection();
    return true;
  }

  let placing = false;
  document.addEventListener("selectionchange", () => {
    if (placing) return;
    placing = true;
    requestAnimationFrame(() => {
      placing = false;
      placeMarkButton();
    });
  });

  // Opening and closing claims

  function showSelected(id) {
    for (const mark of document.querySelectorAll("#article-text mark.is-selected")) {
      mark.classList.remove("is-selected");
    }
    if (id === null) return;
    for (const mark of document.querySelectorAll(`#article-text mark[data-span="${id}"]`)) {
      mark.classList.add("is-selected");
    }
  }

  function openClaim(id, at) {
    current = String(id);
    showSelected(current);
    focusPanel = true;
    const url = SPAN_URL.replace(/0\/$/, `${current}/`) + (at === undefined ? "" : `?at=${at}`);
    htmx.ajax("GET", url, { target: "#claim-panel", swap: "outerHTML" });
  }

  function closePanel() {
    const panel = $("claim-panel");
    // A panel just swapped in is still settling: htmx would put back its attributes (the
    // "is-open" class among them) after this ran, so close it once it has settled.
    if (panel.classList.contains("htmx-settling")) {
      document.body.addEventListener("htmx:afterSettle", closePanel, { once: true });
      return;
    }
    panel.replaceChildren($("claim-panel-empty-template").content.cloneNode(true));
    panel.classList.remove("is-open");
    delete panel.dataset.span;
    showSelected(null);
    // The address was the claim's (htmx pushed it when the claim opened): the article's again.
    if (location.pathname !== reader.dataset.articleUrl) {
      history.replaceState(history.state, "", reader.dataset.articleUrl);
    }
  }

  async function copyLink(button) {
    const status = button.closest("#claim-panel").querySelector(".claim-panel__status");
    try {
      await navigator.clipboard.writeText(button.dataset.link);
      status.textContent = "Link to this claim copied.";
    } catch {
      status.textContent = `Copy the link to this claim: ${button.dataset.link}`;
    }
  }

  function openCurrent() {
    if (current) openClaim(current);
    else step(1);
  }

  function claims() {
    return Array.from(document.querySelectorAll("#article-text mark.hl--first"));
  }

  function step(direction) {
    const all = claims();
    if (!all.length) return;
    const index = all.findIndex((mark) => mark.dataset.span === current);
    const next = index === -1 ? (direction > 0 ? 0 : all.length - 1) : index + direction;
    const target = all[Math.max(0, Math.min(all.length - 1, next))];
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
    openClaim(target.dataset.span);
  }

  // Drafts: what the reviewer typed in the claim panel and the server has not saved. Each
  // form of the panel saves only its own fields, and every answer redraws the whole panel, so
  // text typed in another form (a restated claim before a verdict click, a rationale before
  // adding evidence) or in a claim left for another would be lost. Instead it is kept, per
  // claim and field, in the tab's sessionStorage until a request that carried it succeeds; it
  // is put back after each redraw, marked "not saved", and leaving the page asks first.
  const DRAFTS_KEY = `factcheck-drafts:article-${reader.dataset.article}`;
  const TYPED = "#claim-panel form textarea, #claim-panel form input[type=text], #claim-panel form input[type=url]";
  let lastPost = null; // {span, names, ok}: the fields the last panel form sent
  const heights = {}; // textarea heights the reviewer dragged, by field name

  function readDrafts() {
    try {
      return JSON.parse(sessionStorage.getItem(DRAFTS_KEY)) || {};
    } catch {
      return {};
    }
  }

  function writeDrafts(drafts) {
    for (const id of Object.keys(drafts)) {
      if (!Object.keys(drafts[id]).length) delete drafts[id];
    }
    if (Object.keys(drafts).length) sessionStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts));
    else sessionStorage.removeItem(DRAFTS_KEY);
  }

  function markUnsaved(field, unsaved) {
    const wrapper = field.closest(".field");
    if (!wrapper) return;
    wrapper.classList.toggle("field--unsaved", unsaved);
    let note = wrapper.querySelector(".field__unsaved");
    if (unsaved && !note) {
      note = document.createElement("p");
      note.className = "field__unsaved";
      note.id = `${field.id}-unsaved`;
      note.textContent = "Not saved yet: save it with this form’s button.";
      field.after(note);
      field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), note.id].filter(Boolean).join(" "));
    } else if (!unsaved && note) {
      note.remove();
    }
  }

  document.addEventListener("input", (event) => {
    const field = event.target;
    const panel = $("claim-panel");
    if (!field.matches(TYPED) || !panel.dataset.span) return;
    const drafts = readDrafts();
    const claim = (drafts[panel.dataset.span] ||= {});
    if (field.value === field.defaultValue) delete claim[field.name];
    else claim[field.name] = field.value;
    writeDrafts(drafts);
    markUnsaved(field, field.name in claim);
  });

  // Before the panel is redrawn: which fields the request carried (saved, if it succeeded),
  // and the textarea sizes to keep.
  document.body.addEventListener("htmx:beforeSwap", (event) => {
    const panel = $("claim-panel");
    if (event.detail.target !== panel) return;
    const form = event.detail.requestConfig.elt.closest("form");
    if (form && panel.contains(form) && panel.dataset.span) {
      const names = Array.from(form.elements, (field) => field.name).filter(Boolean);
      lastPost = { span: panel.dataset.span, names, ok: event.detail.xhr.status < 300 };
    }
    for (const area of panel.querySelectorAll("textarea")) {
      if (area.style.height) heights[area.name] = area.style.height;
    }
  });

  function restoreDrafts(id) {
    const drafts = readDrafts();
    const claim = drafts[id] || {};
    if (lastPost && lastPost.span === id && lastPost.ok) {
      for (const name of lastPost.names) delete claim[name]; // saved with that request
    }
    lastPost = null;
    for (const field of document.querySelectorAll(TYPED)) {
      if (field.name in claim && field.value !== claim[field.name]) {
        field.value = claim[field.name];
        const folded = field.closest("details");
        if (folded) folded.open = true;
      }
      markUnsaved(field, field.name in claim);
      // Set through the CSSOM, which the Content Security Policy allows (a style attribute
      // copied by htmx would not be).
      if (field.tagName === "TEXTAREA" && heights[field.name]) field.style.height = heights[field.name];
    }
    writeDrafts(drafts);
  }

  window.addEventListener("beforeunload", (event) => {
    if (Object.keys(readDrafts()).length) event.preventDefault();
  });

  // After every swap, the highlights follow the panel: the claim it shows is the selected one,
  // and the reviewer's unsaved typing on it comes back.
  document.body.addEventListener("htmx:afterSettle", () => {
    if (armed && !armed.isConnected) arm(null); // re-attached: the list was drawn again
    const panel = $("claim-panel");
    const id = panel && panel.dataset.span;
    if (id) current = id;
    else if (current && !document.querySelector(`#article-text mark[data-span="${current}"]`)) {
      const drafts = readDrafts();
      delete drafts[current]; // deleted, with whatever was typed on it
      writeDrafts(drafts);
      current = null;
    }
    if (id) restoreDrafts(id);
    showSelected(id || null);
    if (id && focusPanel) panel.focus({ preventScroll: true });
    focusPanel = false;
  });

  // "Seen before" is drawn after its panel, silently for a screen reader: once it is, what it
  // found is said. A section whose panel was redrawn meanwhile is never drawn, so nothing stale
  // is said.
  document.body.addEventListener("htmx:afterSettle", () => {
    const section = $("seen-before");
    if (!section || !section.dataset.status || section.dataset.said) return;
    section.dataset.said = "yes";
    $("seen-before-status").textContent = section.dataset.status;
  });

  // A page loaded with a claim open (a link to it, a reload) gets its drafts back too.
  if ($("claim-panel").dataset.span) restoreDrafts($("claim-panel").dataset.span);

  document.body.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    say(
      status === 404
        ? "That claim no longer exists; someone may have deleted it. Reload the page to see the article as it is now."
        : `The server could not do that (error ${status}), so nothing changed. Reload the page and try again.`
    );
  });
  document.body.addEventListener("htmx:sendError", () => {
    say("The server could not be reached; the change was not saved. Check the connection.");
  });

  // Pointer

  reader.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]");
    if (action && action.dataset.action === "close-panel") {
      event.preventDefault();
      closePanel();
      return;
    }
    if (action && action.dataset.action === "show-shortcuts") {
      $("shortcuts").showModal();
      return;
    }
    if (action && action.dataset.action === "copy-link") {
      copyLink(action);
      return;
    }
    if (action && action.dataset.action === "reattach") {
      arm(armed === action.form ? null : action.form);
      return;
    }
    if (event.target.closest("#mark-claim")) {
      markClaim();
      return;
    }
    const mark = event.target.closest("#article-text mark[data-span]");
    if (!mark || !document.getSelection().isCollapsed) return;
    openClaim(mark.dataset.span, mark.closest("[data-start]").dataset.start);
  });

  // Pressing the button must not first clear the selection it acts on.
  reader.addEventListener("mousedown", (event) => {
    if (event.target.closest("#mark-claim")) event.preventDefault();
  });

  // Keyboard

  function typingIn(element) {
    return element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName);
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
    const dialog = $("shortcuts");
    if (dialog.open) {
      if (event.key === "?") {
        event.preventDefault();
        dialog.close();
      }
      return; // the dialog closes itself on Escape
    }
    const onControl = event.target.closest("a, button, summary");
    if (event.key in SELECTION_KEYS) {
      if (selectionInArticle() && changeSelection(event)) event.preventDefault();
      return;
    }
    let handled = true;
    switch (event.key) {
      case "s":
        startSelecting();
        break;
      case "j":
        step(1);
        break;
      case "k":
        step(-1);
        break;
      case "c":
        handled = markClaim();
        break;
      case "Enter":
        if (onControl) handled = false;
        else if (!markClaim()) openCurrent();
        break;
      case "o":
        openCurrent();
        break;
      case "1":
      case "2":
      case "3": {
        const button = document.querySelector(`#verdict-form [data-shortcut="${event.key}"]`);
        if (button) button.click();
        else handled = false;
        break;
      }
      case "Escape":
        if (!document.getSelection().isCollapsed) document.getSelection().removeAllRanges();
        else if (armed) arm(null);
        else closePanel();
        break;
      case "?":
        dialog.showModal();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  });
})();
