// The map dashboard: filters -> GET /api/events -> markers, legend, timeline and table.
"use strict";

const PAGE = 1000; // the API's largest page: the dashboard shows up to this many events

const state = { events: [], total: 0, range: null, fitted: false, meta: null };
const form = document.getElementById("filters");
const statusLine = document.getElementById("status");
const map = L.map("map", { worldCopyJump: true, minZoom: 2, zoomSnap: 0.5 }).setView([20, 15], 2);
const markers = L.featureGroup().addTo(map);
const timeline = new Timeline(document.getElementById("timeline"), (range) => {
  state.range = range;
  render();
});

/** The form's non-empty filters as URL parameters. */
function filterParams() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form).entries()) {
    if (String(value).trim()) params.set(name, String(value).trim());
  }
  return params;
}

function setStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle("error", isError);
}

async function load() {
  const params = filterParams();
  history.replaceState(null, "", params.toString() ? `/?${params}` : "/");
  for (const [id, ext] of [["dl-csv", "csv"], ["dl-geojson", "geojson"]]) {
    document.getElementById(id).href = `/api/events.${ext}?${params}`;
  }
  params.set("limit", String(PAGE));
  setStatus("loading...");
  try {
    const page = await EW.getJson(`/api/events?${params}`);
    state.events = page.events;
    state.total = page.total;
    state.range = null;
    timeline.show(state.events);
    render(true);
  } catch (err) {
    setStatus(`could not load events: ${err.message}`, true);
  }
}

/** Markers, legend and table for the loaded events (only the picked day's, if one is). */
function render(fit = false) {
  const range = state.range;
  const shown = range
    ? state.events.filter((e) => e.date && e.date.value >= range.from && e.date.value <= range.to)
    : state.events;
  markers.clearLayers();
  for (const ev of shown) addMarker(ev);
  if ((fit || !state.fitted) && markers.getLayers().length) {
    map.fitBounds(markers.getBounds().pad(0.3), { maxZoom: 6 });
    state.fitted = true;
  }
  const placed = markers.getLayers().length;
  const more = state.total > state.events.length ? ` (first ${state.events.length} of ${state.total})` : "";
  const day = range ? ` in ${range.label} (click the bar again for all)` : "";
  setStatus(`${shown.length} events${day}${more}, ${placed} on the map`);
  legend(shown);
  table(shown);
}

/** The event's page; merged as the map shows it when duplicates are merged. */
function eventHref(ev) {
  const merged = form.elements.dedup.checked ? "?dedup=true" : "";
  return `/events/${encodeURIComponent(ev.event_id)}${merged}`;
}

function radius(ev) {
  const dead = ev.fatalities ? ev.fatalities.best : 0;
  return Math.min(6 + 3 * Math.sqrt(dead), 28);
}

function addMarker(ev) {
  const place = ev.place;
  if (!place || place.lat === null || place.lon === null) return;
  const asserted = ev.modality === "asserted";
  const marker = L.circleMarker([place.lat, place.lon], {
    radius: radius(ev),
    color: "#1f2328",
    weight: 1,
    dashArray: asserted ? null : "3 3",
    fillColor: EW.colour(ev.type),
    fillOpacity: asserted ? 0.75 : 0.3,
    className: `ev-marker ev-type-${String(ev.type).replace(/[^A-Za-z0-9_-]/g, "_")}`,
  });
  marker.bindPopup(() => popup(ev), { maxWidth: 320 });
  // Content as a node, never a string: Leaflet would parse a string as HTML.
  marker.bindTooltip(() => EW.el("span", { text: `${ev.type} ${ev.date.value || ""}` }), { direction: "top" });
  marker.addTo(markers);
}

function popup(ev) {
  const place = ev.place || {};
  const dead = ev.fatalities ? `${ev.fatalities.best} dead` : null;
  return EW.el("div", { class: "popup" },
    EW.el("div", { class: "popup-title", text: [ev.type, ev.mode].filter(Boolean).join(" / ") }),
    EW.el("div", { class: "muted", text: [ev.date.value, place.name, place.country, dead].filter(Boolean).join(" · ") }),
    EW.el("p", { text: ev.evidence.sentence }),
    ev.reports && ev.reports.length
      ? EW.el("div", { class: "muted", text: `also told by ${ev.reports.length} other report(s): ${
        ev.reports.map((r) => r.source_name || r.article_id).join(", ")}` })
      : null,
    EW.el("a", { href: eventHref(ev), text: "event page and evidence" }));
}

function legend(events) {
  const counts = new Map();
  for (const ev of events) counts.set(ev.type, (counts.get(ev.type) || 0) + 1);
  const list = document.getElementById("legend");
  list.replaceChildren(...[...counts.entries()].sort((a, b) => b[1] - a[1]).map(([type, n]) =>
    EW.el("li", {}, EW.el("span", { class: "swatch", style: { background: EW.colour(type) } }), `${type} ${n}`)));
}

function table(events) {
  const rows = events.map((ev) => {
    const href = eventHref(ev);
    const place = ev.place ? [ev.place.name, ev.place.country].filter(Boolean).join(", ") : "";
    const actors = [EW.actorNames(ev.source_actors), EW.actorNames(ev.target_actors)].filter(Boolean).join(" → ");
    const sub = ev.acled_sub_event_type || ev.mode || "";
    return EW.el("tr", { "data-event-id": ev.event_id, onclick: () => { window.location.href = href; } },
      EW.el("td", { text: ev.date.value || "?" }),
      EW.el("td", {}, EW.el("span", { class: "tag", style: { background: EW.colour(ev.type) }, text: ev.type }),
        EW.el("div", { class: "muted", text: ev.modality === "asserted" ? sub : `${sub} (${ev.modality})` })),
      EW.el("td", { text: place }),
      EW.el("td", {}, EW.el("a", { href, text: actors || "-" })),
      EW.el("td", { class: "num", text: ev.fatalities ? ev.fatalities.best : "" }));
  });
  document.querySelector("#events tbody").replaceChildren(...rows);
}

/** Fill the country and type menus from every stored event (first page of PAGE). */
async function fillMenus() {
  const page = await EW.getJson(`/api/events?limit=${PAGE}`);
  const countries = new Set(), types = new Set();
  for (const ev of page.events) {
    if (ev.place && ev.place.country) countries.add(ev.place.country);
    types.add(ev.type);
  }
  for (const [name, values] of [["country", countries], ["type", types]]) {
    const select = form.elements[name];
    for (const value of [...values].sort()) select.append(EW.el("option", { value, text: value }));
  }
}

function restoreFilters() {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of params.entries()) {
    const field = form.elements[name];
    if (!field) continue;
    if (field.type === "checkbox") { field.checked = value === "true"; continue; }
    if (field.tagName === "SELECT" && ![...field.options].some((o) => o.value === value)) {
      field.append(EW.el("option", { value, text: value }));
    }
    field.value = value;
  }
}

async function start() {
  try {
    state.meta = await EW.getJson("/api/meta");
    await fillMenus();
  } catch (err) {
    setStatus(`could not reach the server: ${err.message}`, true);
  }
  restoreFilters();
  form.addEventListener("change", load);
  form.elements.actor.addEventListener("input", debounce(load, 400));
  form.addEventListener("reset", () => setTimeout(load, 0));
  form.addEventListener("submit", (e) => { e.preventDefault(); load(); });
  EW.baseMap(map, state.meta)
    .then(() => { document.body.dataset.basemap = "drawn"; })
    .catch((err) => setStatus(`base map: ${err.message}`, true));
  await load();
  document.body.dataset.ready = "true";
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

start();
