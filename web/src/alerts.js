// Open alerts (/alerts) and grid-management events (GridEvent twins): fly-to, and event lifecycle actions
// (POST /events/{id}/actions). The lists refresh when the WebSocket announces a change to either.
import { api, ngsi, toast } from "./api.js";
import { t } from "./i18n.js";
import { subscribe } from "./live.js";
import { el } from "./dom.js";

const ACTIONS = {
  reported: ["assign", "escalate"],
  assigned: ["accept", "escalate"],
  accepted: ["start", "escalate"],
  in_progress: ["resolve", "escalate"],
  "in progress": ["resolve", "escalate"],
  resolved: ["close", "reopen"],
  closed: ["reopen"],
};

export class AlertList {
  constructor(root, { flyToEntity, flyToPoint, select }) {
    this.root = root;
    this.flyToEntity = flyToEntity;
    this.flyToPoint = flyToPoint;
    this.select = select;
    this.timer = null;
  }

  start() {
    this.refresh();
    subscribe("alerts-events", { type: "Alert,GridEvent", attrs: ["status", "severity", "level", "department"], format: "keyValues" },
      () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh(), 800);
      });
  }

  async refresh() {
    let alerts = null;
    try {
      alerts = await api("/alerts");
    } catch (err) {
      alerts = null;
    }
    let events = [];
    try {
      events = await api(ngsi(`/entities?type=GridEvent&q=${encodeURIComponent('status!="closed"')}&options=keyValues&limit=100`));
    } catch (err) {
      events = [];
    }
    const alertList = el("ul", { className: "items", id: "alert-list" });
    for (const a of alerts || []) {
      const fly = el("button", { type: "button", textContent: t("flyTo") });
      fly.addEventListener("click", () => this.flyToEntity(a.entity));
      alertList.append(el("li", { className: `sev-${a.severity}` },
        el("b", { textContent: `${a.severity} ` }), `${a.category || a.rule} · ${a.message || ""} `, fly));
    }
    const eventList = el("ul", { className: "items", id: "event-list" });
    for (const ev of events) {
      const li = el("li", { dataset: { event: ev.id } },
        el("b", { textContent: `${ev.category || ""} ` }), `${ev.status} · ${ev.department || ""} · ${ev.description || ""} `);
      const fly = el("button", { type: "button", textContent: t("flyTo") });
      fly.addEventListener("click", () => {
        const g = ev.location;
        if (g && g.type === "Point") this.flyToPoint(g.coordinates[0], g.coordinates[1]);
        this.select(ev.id, false);
      });
      li.append(fly);
      for (const action of ACTIONS[ev.status] || []) {
        const b = el("button", { type: "button", className: "action", textContent: t(`act_${action}`), dataset: { action } });
        b.addEventListener("click", () => this.act(ev.id, action));
        li.append(b);
      }
      eventList.append(li);
    }
    this.root.replaceChildren(
      el("h4", { textContent: `${t("openAlerts")} (${alerts ? alerts.length : "–"})` }),
      alerts == null ? el("p", { className: "muted small", textContent: t("analyticsOff") }) : alertList,
      el("h4", { textContent: `${t("gridEvents")} (${events.length})` }), eventList);
  }

  async act(id, action) {
    const body = { action, actor: "viewer" };
    if (action === "assign") {
      const who = prompt(t("assigneePrompt"));
      if (!who) return;
      body.assignee = who;
    }
    try {
      await api(`/events/${encodeURIComponent(id)}/actions`, { method: "POST", body });
      toast(`${t("actionDone")}: ${t(`act_${action}`)}`);
      this.refresh();
    } catch (err) {
      toast(err.message, true);
    }
  }
}
