#!/usr/bin/env bash
# `make demo`'s live part: serve the demo twin (ingest + analytics), wait until it answers, start the
# simulator, print the URL. Ctrl-C (or TERM) stops the simulator first and waits for it, then the server, so
# nothing writes to a server that is going away.
#
#   scripts/demo-run.sh DB_URL PORT [simulator options...]
#
# CITYTWIN_BIN: where the citytwin command is (default .venv/bin). DEMO_SERVE_ARGS: serve options (default
# "--analytics --ingest").
set -u
bin=${CITYTWIN_BIN:-.venv/bin}
db=${1:?usage: demo-run.sh DB_URL PORT [simulator options]}
port=${2:?usage: demo-run.sh DB_URL PORT [simulator options]}
shift 2
read -r -a serve_args <<<"${DEMO_SERVE_ARGS:---analytics --ingest}"
url="http://127.0.0.1:$port"
server=
simulator=

# Job control puts each child in its own process group: a terminal's Ctrl-C reaches this script only, and
# the children get their signals from stop() in the order it sends them. (Without it bash starts background
# children with SIGINT ignored.)
set -m

stop() {
  trap - INT TERM EXIT
  if [ -n "$simulator" ] && kill -0 "$simulator" 2>/dev/null; then
    echo "stopping the simulator…" >&2
    kill -TERM "$simulator" 2>/dev/null
    wait "$simulator" 2>/dev/null
  fi
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    echo "stopping the server…" >&2
    kill -INT "$server" 2>/dev/null
    wait "$server" 2>/dev/null
  fi
  exit "${1:-0}"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

"$bin/citytwin" serve --db "$db" --port "$port" "${serve_args[@]}" &
server=$!
# /health answers as soon as the worker serves (analytics load in the background).
until curl -sf -m 5 -o /dev/null "$url/health"; do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "demo-run: the server exited before answering" >&2
    server=
    exit 1
  fi
  sleep 0.5
done
"$bin/citytwin" demo simulate --db "$db" --api "$url" "$@" &
simulator=$!
echo
echo "  Shenzhen digital twin: $url/"
echo "  login: none needed on loopback (requests act as the demo user \"demo\"); Ctrl-C stops everything"
echo
# Until Ctrl-C, or until either child ends by itself (then the other one is stopped too).
while kill -0 "$server" 2>/dev/null && kill -0 "$simulator" 2>/dev/null; do
  sleep 1 &
  wait $! 2>/dev/null
done
stop 0
