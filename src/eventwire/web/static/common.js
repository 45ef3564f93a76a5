// Shared helpers of the dashboard pages. Article text, titles, actor names and URLs come
// from scraped news and are hostile: they only ever reach the page through textContent and
// DOM attributes set here, never as HTML.
"use strict";

const EW = (() => {
  const TYPE_COLOURS = {
    ASSAULT: "#c62828", COERCE: "#ef6c00", PROTEST: "#6a1b9a", MOBILIZE: "#ad1457",
    THREATEN: "#f9a825", ACCUSE: "#8d6e63", REJECT: "#546e7a", DEMAND: "#00838f",
    REQUEST: "#0277bd", CONSULT: "#1565c0", AGREE: "#2e7d32", SUPPORT: "#558b2f",
    AID: "#00897b", COOPERATE: "#43a047", CONCEDE: "#7cb342", RETREAT: "#9e9d24",
    SANCTION: "#4e342e",
  };
  const DIVISION_ZOOM = 4;
  const SPARE = ["#5d4037", "#37474f", "#283593", "#00695c", "#827717", "#4527a0"];

  /** The colour of a PLOVER type (stable for types not in the table too). */
  function colour(type) {
    if (TYPE_COLOURS[type]) return TYPE_COLOURS[type];
    let h = 0;
    for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return SPARE[h % SPARE.length];
  }

  /** An element with text content, class and attributes; children appended as nodes. */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === "text") node.textContent = String(value);
      else if (key === "class") node.className = value;
      // Through the CSSOM: the content security policy refuses style attributes.
      else if (key === "style") Object.assign(node.style, value);
      else if (key === "href") { const safe = safeUrl(value); if (safe) node.href = safe; }
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** The URL if it is http(s) (absolute) or a path on this server, else null. */
  function safeUrl(value) {
    try {
      const url = new URL(String(value), window.location.origin);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  /** GET a JSON resource of this server; throws with the server's message on failure. */
  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      throw new Error(`${response.status}: ${detail || response.statusText}`);
    }
    return body;
  }

  function actorNames(actors) {
    return (actors || []).map((a) => a.name).join("; ");
  }

  /** The offline base map (outlines derived from the gazetteer) under ``map``; resolves when
   * drawn. Online tiles, when the server offers them, are a layer that starts switched off. */
  async function baseMap(map, meta) {
    // Its own pane, under the markers whatever order things load in, over online tiles.
    map.createPane("outlines").style.zIndex = 250;
    const renderer = L.canvas({ padding: 0.2, pane: "outlines" });
    const countries = L.geoJSON(await getJson("/api/outlines.geojson?level=0"), {
      renderer,
      style: { color: "#8c8272", weight: 1, fillColor: "#f3efe6", fillOpacity: 1 },
      interactive: false,
    }).addTo(map);
    // Divisions are four times the data and a grey blur at world scale: fetched and shown
    // only once the map is zoomed in.
    const divisions = L.layerGroup();
    let fetched = false;
    divisions.on("add", async () => {
      if (fetched) return;
      fetched = true;
      L.geoJSON(await getJson("/api/outlines.geojson?level=1"), {
        renderer,
        style: { color: "#b0a898", weight: 0.6, fill: false, dashArray: "2 3" },
        interactive: false,
      }).addTo(divisions);
    });
    const showDivisions = () => {
      if (map.getZoom() >= DIVISION_ZOOM) divisions.addTo(map);
      else divisions.remove();
    };
    map.on("zoomend", showDivisions);
    showDivisions();
    if (map.attributionControl) map.attributionControl.addAttribution("outlines derived from GeoNames places (CC BY 4.0)");
    const overlays = { "Country outlines (offline)": countries, "Divisions (offline, zoomed in)": divisions };
    if (meta && meta.tiles) {
      const tiles = L.tileLayer(meta.tiles, {
        maxZoom: 18, attribution: "map tiles: see the server's --tiles source",
      });
      // The outlines' land fill would hide the tiles: outlines only while they show.
      tiles.on("add", () => countries.setStyle({ fillOpacity: 0 }));
      tiles.on("remove", () => countries.setStyle({ fillOpacity: 1 }));
      overlays["Online tiles"] = tiles;
    }
    L.control.layers(null, overlays, { collapsed: true }).addTo(map);
  }

  return { colour, el, safeUrl, getJson, actorNames, baseMap };
})();
