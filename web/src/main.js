// citytwin viewer: wires the globe, buildings, live feed, panels and test hooks together.
import { Cartesian3, Math as CesiumMath, Rectangle } from "@cesium/engine";
import "./style.css";
import { AlertList } from "./alerts.js";
import { api, attrValue, ngsi, toast } from "./api.js";
import { ensureLogin, relogin } from "./auth.js";
import { Buildings, stats } from "./buildings.js";
import { catalogLayers } from "./catalog.js";
import { Dashboard } from "./dashboard.js";
import { FloodOverlay } from "./flood.js";
import { applyStatic, language, onLanguage, setLanguage, t } from "./i18n.js";
import { connect, liveStats, onLiveState } from "./live.js";
import { Panel } from "./panel.js";
import { baseLayers, createScene, deviceLayer, frameTileset, onClick, screenPosition } from "./scene.js";

const $ = (id) => document.getElementById(id);
applyStatic();
const view = createScene($("globe"));
const buildings = new Buildings(view, $("status"));
let sources = {};
// Once someone moves the camera (a drag, the wheel, a test hook), the opening view no longer takes it over.
let cameraTaken = false;
for (const kind of ["pointerdown", "wheel", "touchstart"]) {
  view.scene.canvas.addEventListener(kind, () => (cameraTaken = true), { passive: true });
}

function flyToPoint(lng, lat, range = 800) {
  cameraTaken = true;
  view.scene.camera.flyTo({
    destination: Cartesian3.fromDegrees(lng, lat - range / 111320 * 1.2, range),
    orientation: { heading: 0, pitch: CesiumMath.toRadians(-40), roll: 0 },
    duration: 1.2,
  });
}

function geometryPoint(g) {
  if (!g) return null;
  if (g.type === "Point") return g.coordinates;
  if (g.type === "Polygon") return g.coordinates[0][0];
  if (g.type === "MultiPolygon") return g.coordinates[0][0][0];
  if (g.type === "LineString") return g.coordinates[0];
  return null;
}

async function flyToEntity(id) {
  try {
    const e = await api(ngsi(`/entities/${encodeURIComponent(id)}?attrs=location`));
    const p = geometryPoint(attrValue(e.location) && attrValue(e.location).value);
    if (p) flyToPoint(p[0], p[1]);
    select(id, false);
  } catch (err) {
    toast(err.message, true);
  }
}

function flyToArea(code) {
  for (const source of Object.values(sources)) {
    for (const e of source.entities.values) {
      const c = e.properties && e.properties.adminCode ? e.properties.adminCode.getValue() : null;
      if (c === code && e.polygon) {
        const positions = e.polygon.hierarchy.getValue().positions;
        view.scene.camera.flyTo({ destination: Rectangle.fromCartesianArray(positions), duration: 1.2 });
        return;
      }
    }
  }
}

const panel = new Panel($("panel"), $("right"), { flyTo: flyToEntity, onSelect: (id, fly) => (fly ? flyToEntity(id) : select(id)) });

function select(id) {
  buildings.select(id);
  window.citytwin.selected = id;
  if (id) panel.open(id);
  else panel.close();
}
$("close-panel").addEventListener("click", () => select(null));

onClick(view, (position) => {
  const picked = view.scene.pick(position);
  if (picked && picked.primitive && picked.id && picked.id.kind === "device") {
    select(picked.id.entityId);
    return;
  }
  const id = buildings.idAt(position);
  if (id) {
    select(id);
    return;
  }
  // An area polygon of a base layer: open its dashboard.
  if (picked && picked.id && picked.id.properties && picked.id.properties.adminCode) {
    const code = picked.id.properties.adminCode.getValue();
    if (code) dashboard.selectArea(code);
    select(picked.id.id);
  }
});

const dashboard = new Dashboard({
  dashEl: $("dashboard"), colourEl: $("colour"), legendEl: $("legend"), buildings,
  areas: () => sources, flyToArea,
});
const alerts = new AlertList($("alerts"), { flyToEntity, flyToPoint, select });
const flood = new FloodOverlay($("flood"), view);

// History time slider: the last 24 hours in 5-minute steps; the right end is "live".
const range = $("time-range");
function sliderTime() {
  const minutes = +range.value;
  return minutes >= +range.max ? null : Date.now() - (+range.max - minutes) * 60 * 1000;
}
function showTime() {
  const at = sliderTime();
  $("time-label").textContent = at == null ? t("live") : new Date(at).toLocaleString();
  return at;
}
range.addEventListener("input", showTime);
range.addEventListener("change", () => {
  const at = showTime();
  panel.setTime(at);
  dashboard.setTime(at);
});
$("time-live").addEventListener("click", () => {
  range.value = range.max;
  const at = showTime();
  panel.setTime(at);
  dashboard.setTime(at);
});

$("lang").addEventListener("click", () => setLanguage(language() === "en" ? "zh" : "en"));
function langButton() {
  $("lang").textContent = language() === "en" ? "中文" : "EN";
  showTime();
}
langButton();
onLanguage(() => {
  langButton();
  dashboard.renderControls();
  dashboard.renderDashboard();
  alerts.refresh();
  if (panel.id) panel.open(panel.id);
});
onLiveState((state) => {
  const pill = $("live-state");
  pill.textContent = state === "open" ? t("connected") : t("disconnected");
  pill.className = `pill ${state}`;
});

// Test and automation hooks (read-only views of the app's state, plus helpers to find things on screen).
window.citytwin = {
  stats,
  live: liveStats,
  selected: null,
  ready: false,
  screenPosition: (lng, lat, h = 0) => screenPosition(view.scene, lng, lat, h),
  flyTo: (lng, lat, range) => flyToPoint(lng, lat, range),
  view: (west, south, east, north) => {
    cameraTaken = true;
    view.scene.camera.setView({ destination: Rectangle.fromDegrees(west, south, east, north) });
    view.scene.requestRender();
  },
  lookAt: (lng, lat, heightM) => {
    cameraTaken = true;
    view.scene.camera.setView({ destination: Cartesian3.fromDegrees(lng, lat, heightM) });
    view.scene.requestRender();
  },
  select,
  colourBy: (mode) => dashboard.setMode(mode),
  render: () => view.scene.requestRender(),
};

// A refused data call (an expired or revoked token) asks for a new login, once at a time.
let relogging = null;
window.addEventListener("citytwin:unauthorized", () => {
  relogging = relogging || relogin($("login"), $("who")).finally(() => (relogging = null));
});

/** The opening view: where the buildings are, right of the left panel, close enough that they draw. */
function openOnBuildings() {
  if (cameraTaken || !buildings.tileset || !buildings.count) return;
  const left = $("left");
  const insetPx = left && !left.hidden ? Math.max(left.getBoundingClientRect().right, 0) : 0;
  frameTileset(view.scene, buildings.tileset, { insetPx, sse: buildings.sse });
}

async function boot() {
  window.citytwin.user = await ensureLogin($("login"), $("who"));
  connect();
  try {
    // Area names in the dashboard come from the boundary layers: refresh it as each one arrives.
    sources = await baseLayers(view, $("layers"), () => dashboard.renderDashboard());
  } catch (err) {
    console.warn("base layers", err);
  }
  const devicesToggle = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = true;
  box.id = "devices-toggle";
  devicesToggle.append(box, ` ${t("devices")}`);
  $("layers").append(devicesToggle);
  deviceLayer(view, box);
  catalogLayers($("catalog"), view);
  dashboard.start();
  alerts.start();
  flood.start();
  await buildings.start();
  openOnBuildings();
  window.citytwin.ready = true;
}
boot().catch((err) => {
  console.error(err);
  $("status").textContent = String(err.message || err);
});
