// Builds the viewer into ../src/citytwin/web (served by `citytwin serve` under /static/, index at /).
// Only what the page uses ships: the bundled app (tree-shaken Cesium engine), Cesium's web workers and the
// few static assets it requests, plus the licence texts of every bundled package.
import { cpSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, "../src/citytwin/web");
const engine = join(here, "node_modules/@cesium/engine");

function packageOf(rawId) {
  const id = rawId.replace(/^\0/, "").split("?")[0]; // virtual (commonjs) ids and query suffixes
  const at = id.lastIndexOf("node_modules/");
  if (at < 0) return null;
  const rest = id.slice(at + "node_modules/".length).split("/");
  const name = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  return { name, dir: id.slice(0, at) + "node_modules/" + name };
}

function licenceText(dir) {
  for (const f of ["LICENSE", "LICENSE.md", "LICENSE.txt", "license", "license.md", "LICENCE", "COPYING"]) {
    const p = join(dir, f);
    if (existsSync(p)) return readFileSync(p, "utf8");
  }
  return null;
}

function cesiumStatic() {
  const bundled = new Map();
  return {
    name: "citytwin-cesium-static",
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        for (const id of Object.keys(chunk.modules || {})) {
          const pkg = packageOf(id);
          if (pkg && !bundled.has(pkg.name)) bundled.set(pkg.name, pkg.dir);
        }
      }
    },
    closeBundle() {
      const cesium = join(out, "cesium");
      mkdirSync(cesium, { recursive: true });
      // Web workers run geometry, terrain-mesh and decoding tasks off the main thread.
      cpSync(join(engine, "Build/Workers"), join(cesium, "Workers"), { recursive: true });
      cpSync(join(engine, "Build/ThirdParty"), join(cesium, "ThirdParty"), { recursive: true });
      cpSync(join(engine, "Source/Assets/Images"), join(cesium, "Assets/Images"), { recursive: true });
      // Earth orientation (ICRF↔fixed) tables, read for the sun and lighting at the clock's date.
      cpSync(join(engine, "Source/Assets/IAU2006_XYS"), join(cesium, "Assets/IAU2006_XYS"), { recursive: true });
      cpSync(join(engine, "Source/Assets/approximateTerrainHeights.json"),
             join(cesium, "Assets/approximateTerrainHeights.json"));
      cpSync(join(engine, "LICENSE.md"), join(cesium, "LICENSE.md"));
      const parts = ["Third-party software bundled in the citytwin viewer (web/ builds it from package-lock.json).\n"];
      for (const [name, dir] of [...bundled.entries()].sort()) {
        const version = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
        const text = licenceText(dir);
        parts.push(`\n==== ${name} ${version} ====\n` + (text ?? "(see the package's package.json licence field)\n"));
      }
      writeFileSync(join(out, "THIRD-PARTY-LICENSES.txt"), parts.join(""));
    },
  };
}

export default defineConfig({
  root: here,
  base: "/static/",
  build: {
    outDir: out,
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
    target: "es2020",
  },
  plugins: [cesiumStatic()],
});
