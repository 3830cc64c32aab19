// Live updates in the reader: every few seconds it asks whether colleagues changed this
// article (the server answers 304 while nothing changed) and redraws the highlights and the
// legend, the open claim if it was among those changed, and the reviewers region if a
// moderator changed who reviews it. Nothing the reader is doing is disturbed: a redraw waits
// while text is selected in the article, a field of the panel has the focus, or a form of
// the reviewers region is being filled in, and the scroll position stays (the text keeps its
// place on the page).
(function () {
  "use strict";

  const reader = document.getElementById("reader");
  if (!reader || !window.htmx || !reader.dataset.liveUrl) return;

  const EVERY_MS = 4000;
  let version = reader.dataset.version;
  let textStale = false;
  let reviewersStale = false;
  const stalePanels = new Set();

  const $ = (id) => document.getElementById(id);

  function selecting() {
    const selection = document.getSelection();
    return Boolean(selection && !selection.isCollapsed && $("article-text").contains(selection.anchorNode));
  }

  function typing() {
    const field = document.activeElement;
    return Boolean(field && field.closest("#claim-panel") && /^(INPUT|TEXTAREA|SELECT)$/.test(field.tagName));
  }

  // A field of the reviewers region has the focus, or a value chosen but not yet sent.
  function fillingInReviewers() {
    const region = $("article-assignments");
    if (!region) return false;
    if (region.contains(document.activeElement) && document.activeElement !== document.body) return true;
    return [...region.querySelectorAll("input, select, textarea")].some((field) =>
      field.tagName === "SELECT"
        ? [...field.options].some((option) => option.selected !== option.defaultSelected)
        : field.type !== "hidden" && field.value !== field.defaultValue,
    );
  }

  function openClaim() {
    const panel = $("claim-panel");
    return panel && panel.dataset.span;
  }

  function redraw() {
    if (textStale && !selecting()) {
      textStale = false;
      const shown = new URLSearchParams(location.search).get("shown");
      const url = reader.dataset.articleUrl + (shown ? `?shown=${encodeURIComponent(shown)}` : "");
      htmx.ajax("GET", url, { target: "#article-text", swap: "outerHTML" });
    }
    if (reviewersStale && !fillingInReviewers()) {
      reviewersStale = false;
      htmx.ajax("GET", reader.dataset.assignmentsUrl, { target: "#article-assignments", swap: "outerHTML" });
    }
    const id = openClaim();
    if (id && stalePanels.has(id) && !typing()) {
      stalePanels.delete(id);
      htmx.ajax("GET", reader.dataset.spanUrl.replace(/0\/$/, `${id}/`), { target: "#claim-panel", swap: "outerHTML" });
    }
  }

  async function check() {
    if (document.hidden) return;
    let response;
    try {
      response = await fetch(reader.dataset.liveUrl, {
        headers: { "If-None-Match": `"${version}"` },
        cache: "no-store",
        credentials: "same-origin",
      });
    } catch {
      return; // offline for a moment: the next check tries again
    }
    if (response.status !== 200) return;
    const news = await response.json();
    version = String(news.version);
    if (news.assignments) reviewersStale = true;
    if (news.by_others) {
      textStale = true;
      for (const id of news.spans) stalePanels.add(String(id));
    }
    redraw();
  }

  // What waited for a form is drawn once htmx has swapped in that form's answer.
  document.body.addEventListener("htmx:afterSettle", () => setTimeout(redraw, 0));

  // The open claim keeps its selected look when the text is drawn again.
  document.body.addEventListener("htmx:afterSettle", () => {
    const id = openClaim();
    if (!id) return;
    for (const mark of document.querySelectorAll(`#article-text mark[data-span="${id}"]`)) {
      mark.classList.add("is-selected");
    }
  });

  // What waited for a selection or a field is drawn once they are done with.
  document.addEventListener("selectionchange", () => { if (textStale && !selecting()) redraw(); });
  document.addEventListener("focusout", () => setTimeout(redraw, 0));

  setInterval(check, EVERY_MS);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) check(); });
})();
