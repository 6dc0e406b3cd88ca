#!/usr/bin/env bash
# Make sure Debian's Chromium (and a CJK font for the viewer's Chinese text) is there for the browser tests.
# Playwright drives /usr/bin/chromium and never downloads a browser. Does nothing without apt; the browser
# tests then skip, or fail when CITYTWIN_REQUIRE_SERVICES=1.
set -u
chromium="${CITYTWIN_CHROMIUM:-/usr/bin/chromium}"
need=()
[ -x "$chromium" ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi -e "WenQuanYi" -e "Noto Sans CJK" || need+=(fonts-wqy-zenhei)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: apt-get not found; install ${need[*]} to run the browser tests"
  exit 0
fi
echo "ensure-browser: installing ${need[*]} with apt"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || echo "ensure-browser: apt could not install ${need[*]}"
[ -x "$chromium" ] || echo "ensure-browser: still no Chromium at $chromium"
exit 0
