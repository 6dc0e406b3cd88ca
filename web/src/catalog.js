// The layer catalogue by data category (/catalog/categories, /catalog/datasets): each dataset can be shown
// as its twins in the current view (NGSI-LD query by its entity types, GeoJSON output).
import { Color, GeoJsonDataSource, Math as CesiumMath } from "@cesium/engine";
import { api, dataHeaders, ngsi } from "./api.js";
import { pick, t } from "./i18n.js";
import { el } from "./dom.js";

const PALETTE = ["#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];

export async function catalogLayers(root, view) {
  let categories;
  let datasets;
  try {
    [categories, datasets] = await Promise.all([api("/catalog/categories"), api("/catalog/datasets?limit=500")]);
  } catch (err) {
    root.replaceChildren(el("p", { className: "muted small", textContent: t("noData") }));
    return;
  }
  const byCategory = new Map();
  for (const d of datasets) {
    if (!byCategory.has(d.category)) byCategory.set(d.category, []);
    byCategory.get(d.category).push(d);
  }
  root.replaceChildren();
  let colour = 0;
  for (const cat of categories.categories) {
    const list = byCategory.get(cat.id) || [];
    const box = el("details", { className: "category" }, el("summary", { textContent: `${pick(cat.name)} (${list.length} ${t("datasets")})` }));
    for (const d of list) {
      const types = (d.entityTypes || []).filter((x) => x !== "Building");
      const label = el("label", { className: "small" });
      const check = el("input", { type: "checkbox", disabled: !types.length, dataset: { dataset: d.id } });
      label.append(check, ` ${d.title} (${d.recordCount ?? 0})`);
      const c = Color.fromCssColorString(PALETTE[colour++ % PALETTE.length]);
      let source = null;
      check.addEventListener("change", async () => {
        if (source) {
          view.dataSources.remove(source, true);
          source = null;
        }
        if (check.checked) source = await showDataset(view, types, c);
        view.scene.requestRender();
      });
      box.append(label);
    }
    root.append(box);
  }
}

async function showDataset(view, types, colour) {
  const rect = view.scene.camera.computeViewRectangle();
  let geo = "";
  if (rect) {
    const [w, s, e, n] = [rect.west, rect.south, rect.east, rect.north].map((r) => +CesiumMath.toDegrees(r).toFixed(5));
    const ring = [[w, s], [e, s], [e, n], [w, n], [w, s]];
    geo = `&georel=intersects&geometry=Polygon&coordinates=${encodeURIComponent(JSON.stringify([ring]))}`;
  }
  const res = await fetch(ngsi(`/entities?type=${encodeURIComponent(types.join(","))}${geo}&limit=1000&options=keyValues&attrs=name,location`), {
    headers: dataHeaders({ Accept: "application/geo+json" }),
  });
  const data = await res.json();
  const source = await GeoJsonDataSource.load(data, { markerColor: colour, stroke: colour, fill: colour.withAlpha(0.3), markerSize: 24 });
  await view.dataSources.add(source);
  return source;
}
