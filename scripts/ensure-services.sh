#!/usr/bin/env bash
# Make sure the local PostgreSQL has PostGIS available. Installs it with apt when it is missing.
# Does nothing on machines without PostgreSQL or apt; the embedded default never needs it.
set -u
dsn="${CITYTWIN_PG_DSN:-postgresql://postgres@127.0.0.1:5432/test}"
have_psql() { command -v psql >/dev/null 2>&1; }
postgis_available() {
  psql "$dsn" -Atqc "select 1 from pg_available_extensions where name='postgis'" 2>/dev/null | grep -q 1
}
if ! have_psql; then
  echo "ensure-services: psql not found; PostgreSQL tests will skip (or fail when CITYTWIN_REQUIRE_SERVICES=1)"
  exit 0
fi
if ! psql "$dsn" -Atqc 'select 1' >/dev/null 2>&1; then
  # Try to start the local cluster (Debian layout) before giving up.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    ver=$(ls /etc/postgresql 2>/dev/null | head -n1)
    [ -n "$ver" ] && pg_ctlcluster --skip-systemctl-redirect "$ver" main start >/dev/null 2>&1 || true
  fi
fi
if postgis_available; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  ver=$(psql "$dsn" -Atqc "show server_version_num" 2>/dev/null | cut -c1-2)
  [ -n "$ver" ] || ver=$(ls /etc/postgresql 2>/dev/null | head -n1)
  echo "ensure-services: installing postgresql-${ver}-postgis-3 with apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "postgresql-${ver}-postgis-3" >/dev/null 2>&1 \
    || echo "ensure-services: apt could not install PostGIS"
fi
postgis_available || echo "ensure-services: PostGIS is still not available at $dsn"
exit 0
