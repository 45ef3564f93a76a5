// One event: the article's cleaned text with the evidence marked, and every field with the
// span it was read from (click a field to highlight its span). The article is hostile input:
// it is cut into text nodes at the span offsets and never parsed as HTML.
"use strict";

const eventId = decodeURIComponent(window.location.pathname.replace(/^\/events\//, ""));
const statusLine = document.getElementById("status");

async function start() {
  let ev;
  try {
    const merged = new URLSearchParams(window.location.search).get("dedup") === "true";
    ev = await EW.getJson(`/api/events/${encodeURIComponent(eventId)}${merged ? "?dedup=true" : ""}`);
  } catch (err) {
    statusLine.textContent = `could not load event ${eventId}: ${err.message}`;
    statusLine.classList.add("error");
    return;
  }
  const title = [ev.type, ev.mode].filter(Boolean).join(" / ");
  document.title = `eventwire: ${title} ${ev.date.value || ""}`;
  document.getElementById("event-title").textContent = title;
  document.getElementById("headline").textContent =
    [ev.date.value, ev.place && ev.place.name, ev.acled_sub_event_type].filter(Boolean).join(" · ");
  statusLine.textContent = `${ev.modality}, confidence ${Number(ev.confidence).toFixed(2)}`;
  showArticle(ev);
  showFields(ev);
  showReports(ev);
  showRecord(ev);
  showMap(ev);
  document.body.dataset.ready = "true";
}

function showArticle(ev) {
  const article = ev.article;
  const box = document.getElementById("article-text");
  if (!article) {
    box.textContent = "(the article is not stored)";
    return;
  }
  document.getElementById("article-title").textContent = article.title || article.article_id;
  const meta = document.getElementById("article-meta");
  meta.replaceChildren(
    [article.source_name, article.published].filter(Boolean).join(" · ") + (article.url ? " · " : ""));
  if (article.url) meta.append(link(article.url));
  box.replaceChildren(...segments(article.text, ev));
}

/** A link when the URL is http(s), else the URL as plain text. */
function link(url) {
  const safe = EW.safeUrl(url);
  if (!safe || !/^https?:/i.test(String(url))) return EW.el("span", { text: url });
  return EW.el("a", { href: safe, text: url, rel: "noopener noreferrer nofollow", target: "_blank" });
}

/** The article text cut at every span boundary: spans of text nodes, with the classes and
 * field names that cover each piece. */
function segments(text, ev) {
  const marks = [{ start: ev.evidence.start, end: ev.evidence.end, cls: "evidence" },
    { start: ev.evidence.trigger_start, end: ev.evidence.trigger_end, cls: "trigger" }];
  for (const f of ev.fields) {
    if (f.start !== null && f.field !== "evidence" && f.field !== "trigger") {
      marks.push({ start: f.start, end: f.end, cls: "field", field: f.field });
    }
  }
  const valid = marks.filter((m) => m.start >= 0 && m.end > m.start && m.end <= text.length);
  const cuts = new Set([0, text.length]);
  for (const m of valid) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = valid.filter((m) => m.start <= a && m.end >= b);
    if (!covering.length) { out.push(document.createTextNode(text.slice(a, b))); continue; }
    const span = EW.el("span", { class: [...new Set(covering.map((m) => m.cls))].join(" "), text: text.slice(a, b) });
    // Evidence and trigger are fields of the table too: name them like the others.
    span.dataset.fields = covering.map((m) => m.field || m.cls).join(" ");
    out.push(span);
  }
  return out;
}

function showFields(ev) {
  const rows = ev.fields.map((f) => {
    const row = EW.el("tr", { "data-field": f.field }, EW.el("td", { text: f.label }), EW.el("td", { text: f.value }));
    if (f.start !== null) {
      row.classList.add("has-span");
      row.title = `characters ${f.start}-${f.end}`;
      row.addEventListener("click", () => highlight(f.field, row));
    }
    return row;
  });
  document.querySelector("#fields tbody").replaceChildren(...rows);
}

/** Highlight the article text of ``field`` (and its row), scrolling it into view. */
function highlight(field, row) {
  for (const node of document.querySelectorAll(".active")) node.classList.remove("active");
  row.classList.add("active");
  const pieces = [...document.querySelectorAll("#article-text span[data-fields]")]
    .filter((s) => s.dataset.fields.split(" ").includes(field));
  for (const piece of pieces) piece.classList.add("active");
  if (pieces.length) pieces[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function showReports(ev) {
  const list = document.getElementById("reports");
  const items = (ev.reports || []).map((r) => EW.el("li", {},
    EW.el("div", { class: "muted" }, [r.source_name, r.article_id].filter(Boolean).join(" · ") + " ",
      r.url ? link(r.url) : ""),
    EW.el("div", { text: r.evidence.sentence })));
  list.replaceChildren(...(items.length ? items : [EW.el("li", { class: "muted", text: "none merged into this one" })]));
}

function showRecord(ev) {
  const pairs = [["event id", ev.event_id], ["article id", ev.article_id], ["outlet", ev.source_name],
    ["provenance", (ev.provenance || []).join(", ")]];
  const items = [];
  for (const [label, value] of pairs) {
    if (!value) continue;
    items.push(EW.el("dt", { text: label }), EW.el("dd", { text: value }));
  }
  if (ev.url) items.push(EW.el("dt", { text: "url" }), EW.el("dd", {}, link(ev.url)));
  document.getElementById("meta").replaceChildren(...items);
}

function showMap(ev) {
  const box = document.getElementById("event-map");
  const place = ev.place;
  if (!place || place.lat === null || place.lon === null) { box.remove(); return; }
  const map = L.map(box, { zoomControl: true }).setView([place.lat, place.lon], 5);
  L.circleMarker([place.lat, place.lon], { radius: 8, color: "#1f2328", weight: 1,
    fillColor: EW.colour(ev.type), fillOpacity: 0.8 }).addTo(map);
  EW.baseMap(map, null).catch(() => {});
}

start();
