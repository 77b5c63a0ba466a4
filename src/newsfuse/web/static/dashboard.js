// newsfuse dashboard: small enhancements over server-rendered pages.
// Untrusted text is never turned into markup here: the script only reads
// textContent, toggles classes and scrolls; it never writes HTML.
"use strict";

function narrowStories() {
  const input = document.getElementById("quick");
  if (!input) return;
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    for (const row of document.querySelectorAll("tr.story-row")) {
      row.hidden = wanted !== "" && !row.textContent.toLowerCase().includes(wanted);
    }
  });
}

// Hovering a map marker lights up its events in the table and the timeline, and back.
function linkEvents() {
  const rows = (id) => document.querySelectorAll(`[data-event="${CSS.escape(id)}"]`);
  const markersOf = (id) =>
    [...document.querySelectorAll("circle.marker")].filter((marker) =>
      (marker.dataset.events || "").split(" ").includes(id));
  const light = (ids, on) => {
    for (const id of ids) {
      for (const element of rows(id)) element.classList.toggle("hot", on);
      for (const marker of markersOf(id)) marker.classList.toggle("hot", on);
    }
  };
  for (const marker of document.querySelectorAll("circle.marker")) {
    const ids = (marker.dataset.events || "").split(" ").filter(Boolean);
    marker.addEventListener("mouseenter", () => light(ids, true));
    marker.addEventListener("mouseleave", () => light(ids, false));
    marker.addEventListener("click", () => {
      const row = ids.length ? document.querySelector(`tr[data-event="${CSS.escape(ids[0])}"]`) : null;
      if (row) row.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  }
  for (const element of document.querySelectorAll("tr[data-event], g.when[data-event]")) {
    const ids = [element.dataset.event];
    element.addEventListener("mouseenter", () => light(ids, true));
    element.addEventListener("mouseleave", () => light(ids, false));
  }
}

function showHighlight() {
  const mark = document.getElementById("hl");
  if (mark) mark.scrollIntoView({ block: "center" });
}

document.addEventListener("DOMContentLoaded", () => {
  narrowStories();
  linkEvents();
  showHighlight();
});
