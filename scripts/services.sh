#!/usr/bin/env bash
# Under CI=true: start PostgreSQL and Redis if they are down, and create the portal's role
# (CREATEDB, for pytest's test database) and database. Elsewhere: nothing to do, the suite
# runs on SQLite and the filesystem broker and skips what needs a server that is absent.
set -euo pipefail
[ "${CI:-}" = "true" ] || exit 0

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "Démarrage de PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Démarrage de Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }
if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='portal'")" != "1" ]; then
  psql_admin "CREATE ROLE portal LOGIN CREATEDB PASSWORD 'portal'"
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='portal'")" != "1" ]; then
  psql_admin "CREATE DATABASE portal OWNER portal"
fi
echo "PostgreSQL et Redis prêts"
