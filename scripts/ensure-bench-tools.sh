#!/usr/bin/env bash
# Make sure the load generator the API benchmarks use is there: wrk (C, event-driven) loads a 2-core machine
# far less than Python clients would, so the server under test keeps its core. Does nothing without apt; the
# benchmarks then fall back to Python http.client processes and say so in their rows.
set -u
command -v wrk >/dev/null 2>&1 && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-bench-tools: apt-get not found; install wrk for the API benchmarks"
  exit 0
fi
echo "ensure-bench-tools: installing wrk with apt"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq wrk >/dev/null 2>&1; } \
  || echo "ensure-bench-tools: apt could not install wrk"
exit 0
