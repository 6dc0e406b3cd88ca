// The picked twin: its NGSI-LD entity, live values (WebSocket deltas on its id), a history chart (temporal
// API), its relationships (/graph/{id}) and the alerts and grid events at it.
import { api, attrValue, ngsi, toast } from "./api.js";
import { pick, t } from "./i18n.js";
import { subscribe, unsubscribe } from "./live.js";
import { el } from "./dom.js";

const HIDDEN = new Set(["location", "footprint", "transitions", "propertySets"]);
// UN/CEFACT common codes (NGSI-LD unitCode) shown as symbols.
export const UNITS = { MTR: "m", CEL: "°C", KEL: "K", P1: "%", SEC: "s", MIN: "min", HUR: "h", C62: "", H67: "mm/h",
  MMT: "mm", GQ: "µg/m³", GP: "mg/m³", KMH: "km/h", MTS: "m/s", MTQ: "m³", MQH: "m³/h", LTR: "L", KPA: "kPa",
  MPA: "MPa", BAR: "bar", KWH: "kWh", KWT: "kW", WTT: "W", VLT: "V", AMP: "A", DD: "°", "2N": "dB", A97: "hPa" };
export const unit = (code) => (code in UNITS ? UNITS[code] : code || "");

function show(value) {
  if (value == null) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, "");
  if (typeof value === "object") {
    if (value.zh || value.en) return pick(value);
    return JSON.stringify(value);
  }
  return String(value);
}

function when(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toLocaleString();
}

export class Panel {
  constructor(root, host, { flyTo, onSelect }) {
    this.root = root;
    this.host = host;
    this.flyTo = flyTo;
    this.onSelect = onSelect;
    this.id = null;
    this.entity = null;
    this.series = [];
    this.chartAttr = null;
    this.at = null; // history time (null: live)
  }

  close() {
    this.id = null;
    unsubscribe("selected");
    this.host.hidden = true;
  }

  async open(id) {
    this.id = id;
    this.host.hidden = false;
    this.root.replaceChildren(el("p", { className: "muted", textContent: id }));
    let entity;
    try {
      entity = await api(ngsi(`/entities/${encodeURIComponent(id)}`));
    } catch (err) {
      this.root.replaceChildren(el("p", { className: "error", textContent: `${id}: ${err.message}` }));
      return;
    }
    if (this.id !== id) return;
    this.entity = entity;
    this.render();
    subscribe("selected", { id, format: "normalized" }, (change) => this.onDelta(change));
    this.loadRelationships(id);
    this.loadEvents(id, entity);
  }

  render() {
    const e = this.entity;
    const name = attrValue(e.name);
    const header = el("div", { className: "entity-head" },
      el("h3", { textContent: name ? show(name.value) : e.id.split(":").pop() }),
      el("div", { className: "muted small", textContent: `${Array.isArray(e.type) ? e.type.join(", ") : e.type}` }),
      el("code", { className: "small", id: "selected-id", textContent: e.id }));
    const table = el("table", { className: "values", id: "live-values" });
    const numeric = [];
    for (const [key, raw] of Object.entries(e)) {
      if (["id", "type", "@context", "scope", "createdAt", "modifiedAt"].includes(key) || HIDDEN.has(key)) continue;
      const a = attrValue(raw);
      if (!a) continue;
      if (typeof a.value === "number") numeric.push([key, a.observedAt ? 0 : 1]);
      table.append(this.row(key, a));
    }
    this.attrsTable = table;
    const chartBox = el("div", { id: "chart-box" });
    // Measured values (with observedAt) first: those are the ones with a history worth charting.
    numeric.sort((a, b) => a[1] - b[1]);
    const select = el("select", { id: "chart-attr" });
    for (const [k] of numeric) select.append(el("option", { value: k, textContent: k }));
    select.addEventListener("change", () => this.loadHistory(select.value));
    this.root.replaceChildren(
      header,
      el("h4", { textContent: t("liveValues") }), table,
      el("h4", { textContent: t("historyChart") }), numeric.length ? select : el("p", { className: "muted", textContent: t("noData") }), chartBox,
      el("h4", { textContent: t("relationships") }), el("div", { id: "relationships", className: "small" }),
      el("h4", { textContent: t("eventsHere") }), el("div", { id: "entity-events", className: "small" }),
    );
    this.chartBox = chartBox;
    if (numeric.length) this.loadHistory(numeric[0][0]);
  }

  row(key, a) {
    const u = a.unitCode ? unit(a.unitCode) : "";
    return el("tr", { dataset: { attr: key } },
      el("th", { textContent: key }),
      el("td", { className: "v", textContent: show(a.value) + (u ? ` ${u}` : "") }),
      el("td", { className: "muted small when", textContent: when(a.observedAt || a.modifiedAt) }));
  }

  onDelta(change) {
    if (change.id !== this.id || !this.attrsTable) return;
    if (change.kind === "deleted") {
      this.root.prepend(el("p", { className: "error", textContent: "deleted" }));
      return;
    }
    for (const [key, raw] of Object.entries(change.attrs || {})) {
      if (HIDDEN.has(key)) continue;
      const a = attrValue(raw);
      if (!a) continue;
      this.entity[key] = raw;
      const fresh = this.row(key, a);
      fresh.classList.add("flash");
      const old = this.attrsTable.querySelector(`tr[data-attr="${CSS.escape(key)}"]`);
      if (old) old.replaceWith(fresh);
      else this.attrsTable.append(fresh);
      if (key === this.chartAttr && typeof a.value === "number" && this.at == null) {
        this.series.push([a.observedAt || change.at, a.value]);
        this.drawChart();
      }
    }
  }

  async loadHistory(attr) {
    this.chartAttr = attr;
    const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    try {
      // The temporal query, not the retrieve: a twin without history is an empty list there, where the
      // retrieve answers 404 (NGSI-LD 5.6.16 / ETSI TP 009_01).
      const found = await api(ngsi(`/temporal/entities?id=${encodeURIComponent(this.id)}&attrs=${encodeURIComponent(attr)}`
        + `&timerel=after&timeAt=${since}&options=temporalValues&lastN=500`));
      const data = Array.isArray(found) ? found[0] : null;
      const raw = data ? data[attr] : null;
      const values = raw ? (Array.isArray(raw) ? raw[0].values : raw.values) || [] : [];
      this.series = values.map(([v, time]) => [time, v]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    } catch (err) {
      this.series = [];
    }
    this.drawChart();
  }

  drawChart() {
    const box = this.chartBox;
    if (!box) return;
    const pts = this.series.filter(([, v]) => typeof v === "number");
    if (pts.length === 0) {
      box.replaceChildren(el("p", { className: "muted", textContent: t("noData") }));
      return;
    }
    const W = 300, H = 110, P = 4;
    const xs = pts.map(([time]) => Date.parse(time));
    const ys = pts.map(([, v]) => v);
    const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
    const y0 = Math.min(...ys), y1 = Math.max(...ys, y0 + 1e-9);
    const sx = (x) => P + ((x - x0) / (x1 - x0)) * (W - 2 * P);
    const sy = (y) => H - P - ((y - y0) / (y1 - y0 || 1)) * (H - 2 * P);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.setAttribute("class", "chart");
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", pts.map(([, v], i) => `${sx(xs[i]).toFixed(1)},${sy(v).toFixed(1)}`).join(" "));
    svg.append(line);
    if (this.at != null) {
      const cursor = document.createElementNS(ns, "line");
      const cx = sx(Math.min(Math.max(this.at, x0), x1));
      cursor.setAttribute("x1", cx); cursor.setAttribute("x2", cx);
      cursor.setAttribute("y1", 0); cursor.setAttribute("y2", H);
      cursor.setAttribute("class", "cursor");
      svg.append(cursor);
    }
    const label = el("div", { className: "small muted",
      textContent: `${this.chartAttr}: ${show(y0)} – ${show(y1)} · ${pts.length} · ${when(new Date(x0).toISOString())} → ${when(new Date(x1).toISOString())}` });
    box.replaceChildren(svg, label);
  }

  /** Move the chart cursor and show the values at a history time (null: back to live). */
  async setTime(at) {
    this.at = at;
    this.drawChart();
    if (!this.id || !this.attrsTable) return;
    for (const row of this.attrsTable.querySelectorAll("tr.historic")) row.classList.remove("historic");
    if (at == null) {
      await this.open(this.id);
      return;
    }
    const iso = new Date(at).toISOString();
    try {
      // The type narrows the query as the API requires (an id alone is too wide a temporal query: 400).
      const types = this.entity ? [].concat(this.entity.type || []) : [];
      const type = types.length ? `&type=${encodeURIComponent(types.join(","))}` : "";
      const found = await api(ngsi(`/temporal/entities?id=${encodeURIComponent(this.id)}${type}&timerel=before&timeAt=${iso}&lastN=1&options=temporalValues`));
      const data = Array.isArray(found) ? found[0] : null;
      for (const [key, raw] of Object.entries(data || {})) {
        if (key === "id" || key === "type" || key === "@context") continue;
        const series = Array.isArray(raw) ? raw[0] : raw;
        if (!series || !series.values || !series.values.length) continue;
        const [v, time] = series.values[series.values.length - 1];
        const row = this.row(key, { value: v, observedAt: time });
        row.classList.add("historic");
        const old = this.attrsTable.querySelector(`tr[data-attr="${CSS.escape(key)}"]`);
        if (old) old.replaceWith(row);
      }
    } catch (err) {
      toast(err.message, true);
    }
  }

  async loadRelationships(id) {
    const box = () => this.root.querySelector("#relationships");
    try {
      const graph = await api(`/graph/${encodeURIComponent(id)}?depth=1&limit=50`);
      const names = new Map(graph.nodes.map((n) => [n.id, n]));
      const list = el("ul", { className: "links" });
      for (const edge of graph.edges) {
        const other = edge.source === id ? edge.target : edge.source;
        const node = names.get(other) || { id: other };
        const arrow = edge.source === id ? "→" : "←";
        const link = el("a", { href: "#", textContent: `${node.name ? pick(node.name) : other.split(":").pop()} (${node.type || ""})` });
        link.addEventListener("click", (ev) => {
          ev.preventDefault();
          this.onSelect(other, true);
        });
        list.append(el("li", {}, `${arrow} ${edge.relationship} `, link));
      }
      if (this.id === id && box()) box().replaceChildren(graph.edges.length ? list : el("span", { className: "muted", textContent: t("noData") }));
    } catch (err) {
      if (this.id === id && box()) box().replaceChildren(el("span", { className: "muted", textContent: err.status === 404 ? t("noData") : err.message }));
    }
  }

  async loadEvents(id, entity) {
    const box = () => this.root.querySelector("#entity-events");
    const items = [];
    try {
      const alerts = await api(ngsi(`/entities?type=Alert&q=${encodeURIComponent(`alertSource=="${id}"`)}&options=keyValues&limit=20`));
      for (const a of alerts) items.push(`⚠ ${a.severity || ""} ${a.category || ""} ${a.status || ""} ${a.description || ""}`);
    } catch (err) { /* no alerts here */ }
    const loc = attrValue(entity.location);
    const g = loc && loc.value;
    if (g && g.coordinates) {
      const pt = g.type === "Point" ? g.coordinates : (g.type === "Polygon" ? g.coordinates[0][0] : null);
      if (pt) {
        try {
          const events = await api(ngsi(`/entities?type=GridEvent&georel=near;maxDistance==150&geometry=Point`
            + `&coordinates=${encodeURIComponent(JSON.stringify(pt))}&options=keyValues&limit=20`));
          for (const ev of events) items.push(`● ${ev.category || ""} · ${ev.status || ""} · ${ev.description || ""}`);
        } catch (err) { /* no events here */ }
      }
    }
    if (this.id === id && box()) {
      box().replaceChildren(items.length ? el("ul", {}, ...items.map((s) => el("li", { textContent: s }))) : el("span", { className: "muted", textContent: t("noData") }));
    }
  }
}
