// The twin's buildings as 3D Tiles (/tiles/buildings/tileset.json): loading with build progress, a
// rendered-features counter, per-building colours (a custom style expression read per feature), and a
// reload when building geometry changes (announced over the WebSocket, folded in server-side).
import {
  Cesium3DTileColorBlendMode, Cesium3DTileFeature, Cesium3DTileset, Cesium3DTileStyle, Color, Resource,
} from "@cesium/engine";
import { api, dataHeaders } from "./api.js";
import { subscribe } from "./live.js";
import { t } from "./i18n.js";

export const GEOMETRY_ATTRS = ["location", "footprint", "height", "baseHeight", "floorsAboveGround", "floors",
  "numberOfFloors", "storeys", "name", "buildingUse", "use", "usage", "category", "adminCode"];
const BASE = new Color(0.86, 0.86, 0.84, 1.0);
const SELECTED = Color.fromCssColorString("#ffd84d");

export const stats = { tilesLoaded: 0, featuresLoaded: 0, featuresRendered: 0, framesRendered: 0, version: null,
  reloads: 0, ready: false };

/** Colour rule: (feature) -> Color | undefined; set through setColourer. */
let colourer = null;
let selectedId = null;

class FeatureColour {
  evaluate(feature) {
    return this.evaluateColor(feature, new Color());
  }
  evaluateColor(feature, result) {
    if (!feature) return Color.clone(Color.WHITE, result); // the model as a whole: untinted
    const id = feature.getProperty("id");
    if (id === selectedId) return Color.clone(SELECTED, result);
    const c = colourer ? colourer(feature) : undefined;
    return Color.clone(c || BASE, result);
  }
}

export class Buildings {
  constructor(view, statusEl) {
    this.view = view;
    this.statusEl = statusEl;
    this.tileset = null;
    this.style = new Cesium3DTileStyle();
    this.style.color = new FeatureColour();
    this.pendingReload = null;
    const scene = view.scene;
    let visible = 0;
    scene.preRender.addEventListener(() => {
      visible = 0;
    });
    this.countVisible = (tile) => {
      visible += tile.content ? tile.content.featuresLength : 0;
    };
    scene.postRender.addEventListener(() => {
      stats.framesRendered += 1;
      if (this.tileset) stats.featuresRendered = visible;
    });
  }

  async start() {
    // Ask for the build (it runs server-side with progress), then load the tileset once ready.
    for (;;) {
      const status = await api("/tiles/buildings/status");
      if (status.state === "ready") break;
      if (status.state === "failed") throw new Error(status.error || "tile build failed");
      const pct = status.progress != null ? ` ${Math.round(status.progress * 100)}%` : "";
      this.statusEl.textContent = `${t("loadingTiles")}${pct}`;
      await new Promise((r) => setTimeout(r, 500));
    }
    await this.load();
    subscribe("buildings-geometry", { type: "Building", attrs: GEOMETRY_ATTRS, format: "keyValues" },
      () => this.scheduleReload());
  }

  async load() {
    const resource = new Resource({
      url: "/tiles/buildings/tileset.json",
      headers: dataHeaders(), // tenant and token reach every tile Cesium derives from it
      queryParameters: { t: Date.now() },
    });
    // ?sse= trades detail for speed (benchmarks use 1 to force every tile in view to load).
    const sse = Number(new URLSearchParams(location.search).get("sse")) || 16;
    this.sse = sse;
    const tileset = await Cesium3DTileset.fromUrl(resource, {
      maximumScreenSpaceError: sse,
      cacheBytes: 256 * 1024 * 1024,
      enablePick: true,
    });
    tileset.colorBlendMode = Cesium3DTileColorBlendMode.REPLACE;
    tileset.style = this.style;
    tileset.tileVisible.addEventListener(this.countVisible);
    tileset.tileLoad.addEventListener((tile) => {
      stats.tilesLoaded += 1;
      stats.featuresLoaded += tile.content ? tile.content.featuresLength : 0;
      this.view.scene.requestRender();
    });
    tileset.tileUnload.addEventListener((tile) => {
      stats.tilesLoaded -= 1;
      stats.featuresLoaded -= tile.content ? tile.content.featuresLength : 0;
    });
    tileset.allTilesLoaded.addEventListener(() => {
      stats.ready = true;
      this.view.scene.requestRender();
    });
    this.view.scene.primitives.add(tileset);
    const old = this.tileset;
    this.tileset = tileset;
    stats.version = tileset.asset.tilesetVersion;
    const count = tileset.properties && tileset.properties.buildings ? tileset.properties.buildings.count : 0;
    this.count = count;
    this.statusEl.textContent = `${t("tilesReady")} · ${count} ${t("buildingsShown")}`;
    if (old) {
      // Swap once the new one has drawn, so a reload never blanks the city.
      const remove = () => {
        this.view.scene.primitives.remove(old);
        tileset.allTilesLoaded.removeEventListener(remove);
      };
      tileset.allTilesLoaded.addEventListener(remove);
      stats.reloads += 1;
    }
    this.view.scene.requestRender();
    return tileset;
  }

  scheduleReload() {
    clearTimeout(this.pendingReload);
    this.pendingReload = setTimeout(() => this.load().catch((err) => console.warn("reload", err)), 1500);
  }

  /** The building id under a window position, if a building is there. */
  idAt(position) {
    const picked = this.view.scene.pick(position);
    if (picked instanceof Cesium3DTileFeature) return picked.getProperty("id");
    return null;
  }

  select(id) {
    selectedId = id;
    this.restyle();
  }

  setColourer(fn) {
    colourer = fn;
    this.restyle();
  }

  restyle() {
    if (this.tileset) this.tileset.makeStyleDirty();
    this.view.scene.requestRender();
  }
}
