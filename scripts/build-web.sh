#!/usr/bin/env bash
# Rebuild the 3D viewer from web/ (lockfile-exact npm install, then vite) into src/citytwin/web/, which is
# committed: users and CI never need Node. Uses the machine's node/npm (Node >= 20.19).
set -euo pipefail
cd "$(dirname "$0")/../web"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) {console.error("build-web: Node >= 20.19 needed, found "+process.versions.node); process.exit(1)}'
# npm ci installs exactly the lockfile. A registry mirror that lacks other platforms' optional packages (rollup's
# and esbuild's per-OS binaries) makes npm ci call the lockfile out of sync; npm install --no-save then installs
# the same locked versions without rewriting the lockfile.
npm ci --no-audit --no-fund || npm install --no-audit --no-fund --no-save
npx vite build
echo "build-web: built $(du -sh ../src/citytwin/web | cut -f1) into src/citytwin/web"
