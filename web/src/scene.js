// The globe: CesiumJS engine only, offline. No ion token, no imagery or terrain servers: a plain ellipsoid
// in a dark colour with the twin's own boundaries, roads and water drawn on it.
import {
  Cartesian2, Cartesian3, Cartographic, CesiumWidget, Color, DataSourceCollection, DataSourceDisplay, DirectionalLight,
  EllipsoidTerrainProvider,
  GeoJsonDataSource, Ion, Math as CesiumMath, NearFarScalar, PointPrimitiveCollection, Rectangle,
  SceneTransforms, ScreenSpaceEventHandler, ScreenSpaceEventType,
} from "@cesium/engine";
import "@cesium/engine/Source/Widget/CesiumWidget.css";
import { api, resource } from "./api.js";
import { pick, t } from "./i18n.js";

Ion.defaultAccessToken = ""; // never talk to Cesium ion
export const SHENZHEN = Rectangle.fromDegrees(113.75, 22.45, 114.62, 22.86);

export function createScene(container) {
  const widget = new CesiumWidget(container, {
    baseLayer: false,
    terrainProvider: new EllipsoidTerrainProvider(),
    skyBox: false,
    skyAtmosphere: false,
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
    creditContainer: document.createElement("div"),
    msaaSamples: 1,
  });
  const scene = widget.scene;
  scene.globe.baseColor = Color.fromCssColorString("#1d2733");
  scene.globe.showGroundAtmosphere = false;
  scene.globe.enableLighting = false;
  scene.backgroundColor = Color.fromCssColorString("#0b1016");
  if (scene.moon) scene.moon.show = false;
  if (scene.sun) scene.sun.show = false;
  scene.fog.enabled = false;
  // A headlight: the city is lit from the camera, so buildings read the same at any hour (the default sun
  // leaves them dark at night).
  scene.light = new DirectionalLight({ direction: Cartesian3.clone(scene.camera.directionWC), intensity: 1.4 });
  const side = new Cartesian3();
  scene.preRender.addEventListener(() => {
    // Over the viewer's right shoulder: roofs and one side of each wall lit, the other in shade.
    const cam = scene.camera;
    Cartesian3.multiplyByScalar(cam.rightWC, 0.6, side);
    Cartesian3.add(cam.directionWC, side, side);
    Cartesian3.normalize(side, scene.light.direction);
  });
  scene.camera.setView({ destination: SHENZHEN });
  const dataSources = new DataSourceCollection();
  const display = new DataSourceDisplay({ scene, dataSourceCollection: dataSources });
  widget.clock.onTick.addEventListener((clock) => {
    if (!display.update(clock.currentTime)) scene.requestRender();
  });
  const handler = new ScreenSpaceEventHandler(scene.canvas);
  return { widget, scene, dataSources, display, handler };
}

/**
 * Open on a building tileset: its extent centred in the part of the canvas right of `insetPx` (the left
 * panel), looked at from the south at `pitchDeg`, and never from farther than where its root tile draws.
 * 3D Tiles draws the root only once the tileset's own geometric error spans more than `sse` pixels, so a
 * camera framing a whole district would show no building at all; closer in, the heaviest towers show.
 */
export function frameTileset(scene, tileset, { insetPx = 0, sse = 16, pitchDeg = -50 } = {}) {
  const sphere = tileset.boundingSphere;
  const camera = scene.camera;
  const width = Math.max(scene.canvas.clientWidth, 1);
  const height = Math.max(scene.canvas.clientHeight, 1);
  const visible = Math.max(width - insetPx, width / 3);
  const fovy = camera.frustum.fovy;
  const halfY = fovy / 2;
  const halfX = Math.atan(Math.tan(halfY) * (visible / height));
  const fit = sphere.radius / Math.sin(Math.min(halfX, halfY));
  // The tileset's own error is the root tile's parent error; Cesium keeps it (scaled) in a private field.
  const error = tileset._scaledGeometricError ?? tileset.root.geometricError;
  const draws = (error * height) / (sse * 2 * Math.tan(halfY));
  // Half of it: dynamic and foveated screen-space error lower a tile's error away from the view centre.
  const range = Math.max(Math.min(fit, 0.5 * draws), 300);
  const pitch = CesiumMath.toRadians(pitchDeg);
  const centre = Cartographic.fromCartesian(sphere.center);
  const metresPerDegLat = 111320;
  const metresPerDegLng = metresPerDegLat * Math.cos(centre.latitude);
  // The aimed point sits west of the data by half the panel, in metres at the target's distance.
  const metresPerPixel = (2 * range * Math.tan(halfX)) / visible;
  const lng = CesiumMath.toDegrees(centre.longitude) - ((insetPx / 2) * metresPerPixel) / metresPerDegLng;
  const lat = CesiumMath.toDegrees(centre.latitude) - (range * Math.cos(pitch)) / metresPerDegLat;
  camera.setView({
    destination: Cartesian3.fromDegrees(lng, lat, range * Math.sin(-pitch)),
    orientation: { heading: 0, pitch, roll: 0 },
  });
  scene.requestRender();
  return range;
}

/** Window pixel position of a geodetic point (for tests and overlays), or null when off-screen. */
export function screenPosition(scene, lng, lat, h = 0) {
  const p = SceneTransforms.worldToWindowCoordinates(scene, Cartesian3.fromDegrees(lng, lat, h), new Cartesian2());
  return p ? { x: p.x, y: p.y } : null;
}

export function onClick(view, fn) {
  view.handler.setInputAction((movement) => fn(movement.position), ScreenSpaceEventType.LEFT_CLICK);
}

const STYLE = {
  districts: { stroke: "#8fb3ff", fill: "#8fb3ff", fillAlpha: 0.0, width: 2 },
  streets: { stroke: "#6f8fb8", fill: "#6f8fb8", fillAlpha: 0.0, width: 1 },
  communities: { stroke: "#4d6580", fill: "#4d6580", fillAlpha: 0.05, width: 1 },
  roads: { stroke: "#c9a96b", width: 1.5 },
  water: { stroke: "#3b82c4", fill: "#3b82c4", fillAlpha: 0.6, width: 1 },
};

/** Base layers from /tiles/layers: a GeoJSON data source per layer, toggled from the layer list. */
export async function baseLayers(view, listEl, onLoaded = () => {}) {
  const layers = await api("/tiles/layers");
  const sources = {};
  const defaults = new Set(["districts", "streets", "communities", "roads", "water"]);
  listEl.replaceChildren();
  for (const layer of layers) {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = defaults.has(layer.id) && layer.id !== "streets";
    box.dataset.layer = layer.id;
    const span = document.createElement("span");
    span.textContent = pick(layer.name);
    label.append(box, span);
    listEl.append(label);
    const load = async () => {
      if (sources[layer.id]) {
        sources[layer.id].show = box.checked;
        view.scene.requestRender();
        return;
      }
      const style = STYLE[layer.id] || { stroke: "#aaaaaa", fill: "#aaaaaa", fillAlpha: 0.1, width: 1 };
      const source = await GeoJsonDataSource.load(resource(layer.href), {
        stroke: Color.fromCssColorString(style.stroke),
        fill: Color.fromCssColorString(style.fill || style.stroke).withAlpha(style.fillAlpha ?? 0),
        strokeWidth: style.width,
        clampToGround: false,
      });
      for (const entity of source.entities.values) {
        if (entity.polygon) {
          entity.polygon.height = 1.0; // above the globe, so fills never z-fight it
          entity.polygon.outline = false;
          entity.polyline = undefined;
        }
      }
      // Outlines as polylines: polygon outlines are one pixel and vanish on some GPUs.
      if (layer.kind === "polygon") addOutlines(source, style);
      source.name = layer.id;
      sources[layer.id] = source;
      source.show = box.checked;
      await view.dataSources.add(source);
      view.scene.requestRender();
      onLoaded(layer.id, source);
    };
    box.addEventListener("change", load);
    if (box.checked) load().catch((err) => console.warn("layer", layer.id, err));
  }
  return sources;
}

function addOutlines(source, style) {
  const colour = Color.fromCssColorString(style.stroke);
  for (const entity of source.entities.values) {
    if (!entity.polygon) continue;
    const hierarchy = entity.polygon.hierarchy.getValue();
    if (!hierarchy) continue;
    const ring = hierarchy.positions.map((p) => raise(p, 2.0));
    entity.polyline = { positions: [...ring, ring[0]], width: style.width, material: colour, arcType: 1 };
  }
}

function raise(cartesian, metres) {
  const n = Cartesian3.normalize(cartesian, new Cartesian3());
  return Cartesian3.add(cartesian, Cartesian3.multiplyByScalar(n, metres, n), new Cartesian3());
}

const DEVICE_COLOURS = { online: "#3ddc84", offline: "#ff5c5c", fault: "#ff9f1c", unknown: "#b0b0b0" };

/** Devices in view (when close enough) as points; picking one returns its twin id. */
export function deviceLayer(view, toggle) {
  const points = view.scene.primitives.add(new PointPrimitiveCollection());
  let lastKey = "";
  let busy = false;
  const refresh = async () => {
    if (!toggle.checked) {
      points.show = false;
      view.scene.requestRender();
      return;
    }
    points.show = true;
    const height = view.scene.camera.positionCartographic.height;
    const rect = view.scene.camera.computeViewRectangle();
    if (!rect || height > 20000) {
      if (points.length) points.removeAll();
      lastKey = "";
      view.scene.requestRender();
      return;
    }
    const bbox = [rect.west, rect.south, rect.east, rect.north].map((r) => CesiumMath.toDegrees(r).toFixed(5));
    const key = bbox.join(",");
    if (key === lastKey || busy) return;
    busy = true;
    try {
      const data = await api(`/tiles/devices.json?bbox=${key}`);
      points.removeAll();
      data.ids.forEach((id, i) => {
        const [lng, lat] = data.coordinates[i];
        points.add({
          id: { kind: "device", entityId: id, deviceType: data.deviceTypes[i] },
          position: Cartesian3.fromDegrees(lng, lat, 4),
          pixelSize: 7,
          color: Color.fromCssColorString(DEVICE_COLOURS[data.states[i]] || DEVICE_COLOURS.unknown),
          outlineColor: Color.BLACK,
          outlineWidth: 1,
          scaleByDistance: new NearFarScalar(500, 1.4, 20000, 0.6),
        });
      });
      lastKey = key;
      view.scene.requestRender();
    } catch (err) {
      console.warn("devices", err);
    } finally {
      busy = false;
    }
  };
  view.scene.camera.moveEnd.addEventListener(refresh);
  toggle.addEventListener("change", refresh);
  return { points, refresh, label: () => t("devices") };
}
