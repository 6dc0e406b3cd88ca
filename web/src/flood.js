// Scenario overlays: flood depth over time from a flood job's frames (/tiles/flood/{job}/frames.json),
// drawn as an image on the globe, with its own slider and play button.
import { ImageryLayer, Rectangle, SingleTileImageryProvider } from "@cesium/engine";
import { api, resource } from "./api.js";
import { t } from "./i18n.js";
import { el } from "./dom.js";


export class FloodOverlay {
  constructor(root, view) {
    this.root = root;
    this.view = view;
    this.layers = [];
    this.playing = null;
  }

  async start() {
    let jobs = [];
    try {
      jobs = await api("/tiles/flood");
    } catch (err) {
      jobs = [];
    }
    if (!jobs.length) {
      this.root.replaceChildren(el("p", { className: "muted small", textContent: t("noFloodRuns") }));
      return;
    }
    const select = el("select", { id: "flood-job" }, el("option", { value: "", textContent: t("none") }));
    for (const job of jobs) {
      select.append(el("option", { value: job.jobId, textContent: `${job.area || job.adminCode || ""} · ${job.jobId.slice(0, 19)} · ${(job.maxDepthM || 0).toFixed(2)} m` }));
    }
    select.addEventListener("change", () => this.show(select.value));
    this.controls = el("div", { id: "flood-controls" });
    this.root.replaceChildren(el("div", { className: "small", textContent: t("floodDepth") }), select, this.controls);
  }

  clear() {
    clearInterval(this.playing);
    for (const layer of this.layers) this.view.scene.imageryLayers.remove(layer, true);
    this.layers = [];
    this.controls.replaceChildren();
    this.view.scene.requestRender();
  }

  async show(jobId) {
    this.clear();
    if (!jobId) return;
    const base = `/tiles/flood/${encodeURIComponent(jobId)}/`;
    const side = await api(base + "frames.json");
    const [w, s, e, n] = side.bounds;
    const rectangle = Rectangle.fromDegrees(w, s, e, n);
    for (const frame of side.frames) {
      const provider = await SingleTileImageryProvider.fromUrl(resource(base + frame.file), { rectangle });
      const layer = new ImageryLayer(provider, { alpha: 0.85, show: false });
      this.view.scene.imageryLayers.add(layer);
      this.layers.push(layer);
    }
    const slider = el("input", { type: "range", min: 0, max: Math.max(side.frames.length - 1, 0), value: 0, id: "flood-frame" });
    const label = el("span", { className: "small" });
    const showFrame = (i) => {
      this.layers.forEach((layer, k) => (layer.show = k === i));
      const f = side.frames[i];
      label.textContent = f ? ` ${t("time")} ${(f.time_s / 60).toFixed(0)} min · max ${f.max_depth_m.toFixed(2)} m` : "";
      this.view.scene.requestRender();
    };
    slider.addEventListener("input", () => showFrame(+slider.value));
    const play = el("button", { type: "button", textContent: t("play") });
    play.addEventListener("click", () => {
      clearInterval(this.playing);
      let i = 0;
      this.playing = setInterval(() => {
        slider.value = i;
        showFrame(i);
        i += 1;
        if (i >= side.frames.length) clearInterval(this.playing);
      }, 700);
    });
    this.controls.replaceChildren(slider, play, label);
    showFrame(0);
    this.view.scene.camera.flyTo({ destination: Rectangle.fromDegrees(w - 0.01, s - 0.01, e + 0.01, n + 0.01) });
  }
}
