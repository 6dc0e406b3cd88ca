// Indicators (/indicators): a dashboard per area, city → district → street → community, and live colouring
// of buildings and areas by an indicator family (one indicator per area) or by a building attribute. Values
// change through WebSocket deltas only; with the time slider off "live", values come from history.
import { Color } from "@cesium/engine";
import { api, ngsi } from "./api.js";
import { pick, t } from "./i18n.js";
import { subscribe, unsubscribe } from "./live.js";
import { el } from "./dom.js";
import { unit } from "./panel.js";

const SEVERITY = { normal: "#3ddc84", info: "#4aa3ff", warning: "#ffd84d", major: "#ff9f1c", critical: "#ff4d4d" };
const RAMP = ["#2c7bb6", "#00a6ca", "#00ccbc", "#90eb9d", "#ffff8c", "#f9d057", "#f29e2e", "#e76818", "#d7191c"];

export function familyOf(ind) {
  return ind.area ? ind.id.replace(new RegExp(`-${ind.area}$`), "") : ind.id;
}

function rampColour(v, lo, hi) {
  if (typeof v !== "number" || !isFinite(v)) return undefined;
  const f = hi > lo ? Math.min(Math.max((v - lo) / (hi - lo), 0), 1) : 0.5;
  return Color.fromCssColorString(RAMP[Math.round(f * (RAMP.length - 1))]);
}

export class Dashboard {
  constructor({ dashEl, colourEl, legendEl, buildings, areas, flyToArea }) {
    this.dashEl = dashEl;
    this.colourEl = colourEl;
    this.legendEl = legendEl;
    this.buildings = buildings;
    this.areas = areas; // () => {communities, streets, districts} GeoJsonDataSources (may be missing)
    this.flyToArea = flyToArea;
    this.indicators = [];
    this.byFamily = new Map();
    this.values = new Map(); // area code -> {value, severity} of the colouring family
    this.mode = { kind: "none" };
    this.attrValues = new Map(); // building id -> number (attribute mode)
    this.area = null; // selected area code (null: city)
    this.at = null;
  }

  async start() {
    try {
      this.indicators = await api("/indicators?limit=5000");
    } catch (err) {
      this.indicators = [];
      this.dashEl.replaceChildren(el("p", { className: "muted", textContent: t("analyticsOff") }));
    }
    for (const ind of this.indicators) {
      const fam = familyOf(ind);
      if (!this.byFamily.has(fam)) this.byFamily.set(fam, []);
      this.byFamily.get(fam).push(ind);
    }
    this.renderControls();
    if (this.indicators.length) this.renderDashboard();
  }

  renderControls() {
    const select = el("select", { id: "colour-mode" });
    select.append(el("option", { value: "none", textContent: t("none") }));
    const families = [...this.byFamily.entries()].filter(([, list]) => list.length > 1 || list[0].area);
    const group = el("optgroup", { label: t("indicator") });
    for (const [fam, list] of families) {
      group.append(el("option", { value: `indicator:${fam}`, textContent: `${pick(list[0].name).replace(/\S*?(区|街道|社区)/, "")} (${list.length})` }));
    }
    if (families.length) select.append(group);
    const attrGroup = el("optgroup", { label: t("attribute") });
    for (const attr of ["height", "floodDepth", "occupancy", "waterFlow", "energyConsumption", "temperature"]) {
      attrGroup.append(el("option", { value: `attribute:${attr}`, textContent: attr }));
    }
    select.append(attrGroup);
    select.addEventListener("change", () => this.setMode(select.value));
    this.colourEl.replaceChildren(select);
    this.modeSelect = select;
  }

  async setMode(value) {
    unsubscribe("colour");
    this.values.clear();
    this.attrValues.clear();
    if (value === "none") {
      this.mode = { kind: "none" };
      this.buildings.setColourer(null);
      this.paintAreas();
      this.legendEl.replaceChildren();
      return;
    }
    const [kind, name] = [value.slice(0, value.indexOf(":")), value.slice(value.indexOf(":") + 1)];
    this.mode = { kind, name };
    if (this.modeSelect && this.modeSelect.value !== value) this.modeSelect.value = value;
    if (kind === "indicator") {
      const list = this.byFamily.get(name) || [];
      for (const ind of list) this.values.set(ind.area || "", { value: ind.value, severity: ind.severity });
      subscribe("colour", { type: "CityIndicator", idPattern: this.pattern(name), attrs: ["value", "severity"], format: "keyValues" },
        (change) => this.onIndicatorDelta(change));
      if (this.at != null) await this.loadHistoric();
      this.buildings.setColourer((feature) => this.indicatorColour(feature.getProperty("adminCode")));
    } else {
      subscribe("colour", { type: "Building", attrs: [name], format: "keyValues" }, (change) => {
        const v = change.attrs ? change.attrs[name] : undefined;
        if (typeof v === "number") this.attrValues.set(change.id, v);
        this.buildings.restyle();
        this.legend();
      });
      this.buildings.setColourer((feature) => {
        const own = this.attrValues.get(feature.getProperty("id"));
        const v = own !== undefined ? own : (name === "height" ? feature.getProperty("height") : undefined);
        return rampColour(v, ...this.range());
      });
    }
    this.paintAreas();
    this.legend();
  }

  pattern(family) {
    const quoted = family.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return `^urn:ngsi-ld:CityIndicator:${quoted}(-\\d+)?$`;
  }

  onIndicatorDelta(change) {
    const id = change.id.split(":").pop();
    const ind = this.indicators.find((i) => i.id === id);
    if (!ind || this.at != null) return;
    const entry = this.values.get(ind.area || "") || {};
    if (change.attrs && "value" in change.attrs) entry.value = change.attrs.value;
    if (change.attrs && "severity" in change.attrs) entry.severity = change.attrs.severity;
    this.values.set(ind.area || "", entry);
    ind.value = entry.value;
    ind.severity = entry.severity;
    this.buildings.restyle();
    this.paintAreas();
    this.legend();
    this.renderDashboard(false);
  }

  range() {
    const vs = this.mode.kind === "indicator" ? [...this.values.values()].map((e) => e.value) : [...this.attrValues.values()];
    const nums = vs.filter((v) => typeof v === "number" && isFinite(v));
    if (this.mode.name === "height" && !nums.length) return [0, 150];
    if (!nums.length) return [0, 1];
    return [Math.min(...nums), Math.max(...nums)];
  }

  entryFor(adminCode) {
    if (!adminCode) return this.values.get("");
    // The most specific area of the family that contains the twin's area.
    let best = null;
    for (const code of this.values.keys()) {
      if (code && adminCode.startsWith(code) && (!best || code.length > best.length)) best = code;
    }
    return best ? this.values.get(best) : this.values.get("");
  }

  indicatorColour(adminCode) {
    const entry = this.entryFor(adminCode);
    if (!entry) return undefined;
    if (entry.severity && entry.severity !== "normal" && SEVERITY[entry.severity]) return Color.fromCssColorString(SEVERITY[entry.severity]);
    return rampColour(entry.value, ...this.range());
  }

  paintAreas() {
    const sources = this.areas();
    for (const source of Object.values(sources)) {
      if (!source || !["communities", "streets", "districts"].includes(source.name)) continue;
      for (const entity of source.entities.values) {
        if (!entity.polygon) continue;
        const code = entity.properties && entity.properties.adminCode ? entity.properties.adminCode.getValue() : null;
        const own = this.mode.kind === "indicator" && code ? this.values.get(code) : null;
        const c = own ? this.indicatorColour(code) : null;
        entity.polygon.material = c ? c.withAlpha(0.45) : Color.fromCssColorString("#4d6580").withAlpha(source.name === "communities" ? 0.05 : 0.0);
      }
    }
    this.buildings.view.scene.requestRender();
  }

  legend() {
    if (this.mode.kind === "none") return;
    const [lo, hi] = this.range();
    const bar = el("div", { className: "ramp" }, ...RAMP.map((c) => el("span", { style: `background:${c}` })));
    const sev = el("div", { className: "small" }, ...Object.entries(SEVERITY).map(([k, c]) => el("span", { className: "sev", style: `border-color:${c}`, textContent: k })));
    const fmt = (v) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));
    const parts = [el("div", { className: "small", textContent: `${this.mode.name}: ${fmt(lo)} … ${fmt(hi)}` }), bar];
    if (this.mode.kind === "indicator") parts.push(sev);
    this.legendEl.replaceChildren(...parts);
  }

  /** Indicator values of the colouring family at a history time (null: back to live values). */
  async setTime(at) {
    this.at = at;
    if (this.mode.kind !== "indicator") return;
    if (at == null) {
      await this.setMode(`indicator:${this.mode.name}`);
      return;
    }
    await this.loadHistoric();
    this.buildings.restyle();
    this.paintAreas();
    this.legend();
  }

  async loadHistoric() {
    const iso = new Date(this.at).toISOString();
    const list = this.byFamily.get(this.mode.name) || [];
    const pattern = this.pattern(this.mode.name);
    const data = await api(ngsi(`/temporal/entities?type=CityIndicator&idPattern=${encodeURIComponent(pattern)}`
      + `&attrs=value&timerel=before&timeAt=${iso}&lastN=1&options=temporalValues&limit=1000`)).catch(() => []);
    this.values.clear();
    const byId = new Map(list.map((ind) => [ind.entityId, ind]));
    for (const ent of data || []) {
      const ind = byId.get(ent.id);
      const raw = ent.value;
      const series = Array.isArray(raw) ? raw[0] : raw;
      if (!ind || !series || !series.values || !series.values.length) continue;
      this.values.set(ind.area || "", { value: series.values[series.values.length - 1][0] });
    }
  }

  /** The dashboard of one area: its indicators with values and severities; areas below it to drill into. */
  renderDashboard(full = true) {
    if (!this.indicators.length) return;
    const code = this.area;
    const own = this.indicators.filter((i) => (code ? i.area === code : !i.area || i.area.length <= 4));
    const crumbs = el("div", { className: "crumbs" });
    const chain = [];
    if (code) for (const len of [6, 9, 12]) if (code.length >= len) chain.push(code.slice(0, len));
    const home = el("a", { href: "#", textContent: t("city") });
    home.addEventListener("click", (ev) => { ev.preventDefault(); this.selectArea(null); });
    crumbs.append(home);
    for (const c of chain) {
      const a = el("a", { href: "#", textContent: ` › ${this.areaName(c)}` });
      a.addEventListener("click", (ev) => { ev.preventDefault(); this.selectArea(c); });
      crumbs.append(a);
    }
    const table = el("table", { className: "values", id: "indicator-table" });
    for (const ind of own.slice(0, 60)) {
      const row = el("tr", { dataset: { indicator: ind.id } },
        el("td", { textContent: pick(ind.name) }),
        el("td", { className: "v", textContent: ind.value == null ? "–" : `${+Number(ind.value).toFixed(2)} ${unit(ind.unit)}` }),
        el("td", {}, el("span", { className: "sev", style: `border-color:${SEVERITY[ind.severity] || "#666"}`, textContent: ind.severity || "" })));
      row.addEventListener("click", () => this.setMode(`indicator:${familyOf(ind)}`));
      table.append(row);
    }
    const children = this.childAreas(code);
    const sub = el("div", { className: "small" });
    for (const [c, name] of children.slice(0, 120)) {
      const a = el("a", { href: "#", textContent: name });
      a.addEventListener("click", (ev) => { ev.preventDefault(); this.selectArea(c); });
      sub.append(a, " ");
    }
    if (full || !this.dashEl.querySelector("#indicator-table")) {
      this.dashEl.replaceChildren(crumbs, table.rows.length ? table : el("p", { className: "muted", textContent: t("noData") }), sub);
    } else {
      this.dashEl.querySelector("#indicator-table").replaceWith(table);
    }
  }

  areaName(code) {
    for (const source of Object.values(this.areas())) {
      if (!source) continue;
      for (const e of source.entities.values) {
        if (e.properties && e.properties.adminCode && e.properties.adminCode.getValue() === code) return e.properties.name.getValue();
      }
    }
    const ind = this.indicators.find((i) => i.area === code);
    return ind ? code : code;
  }

  childAreas(code) {
    const seen = new Map();
    const want = code == null ? 6 : code.length === 6 ? 9 : code.length === 9 ? 12 : 99;
    for (const ind of this.indicators) {
      if (!ind.area || ind.area.length !== want) continue;
      if (code && !ind.area.startsWith(code)) continue;
      if (!seen.has(ind.area)) seen.set(ind.area, this.areaName(ind.area));
    }
    return [...seen.entries()].sort();
  }

  selectArea(code) {
    this.area = code;
    this.renderDashboard();
    if (code) this.flyToArea(code);
  }
}
