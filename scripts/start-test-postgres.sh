#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for test/devserver/database.postgres.test.ts.
#
#   eval "$(bash scripts/start-test-postgres.sh)"
#
# prints (on stdout, for eval) `export DEVSERVER_TEST_POSTGRES_URL=postgres://…` and
# `export DEVSERVER_TEST_POSTGRES_DIR=<cluster dir>`; progress goes to stderr. The cluster
# listens on 127.0.0.1 on a free port with trust auth for local connections only, and lives
# in a temp dir. Stop and delete it with: bash scripts/start-test-postgres.sh --stop "$DEVSERVER_TEST_POSTGRES_DIR"
#
# Postgres refuses to run as root, so as root the cluster belongs to the `postgres` user.
# Debian's `postgresql` package is installed with apt-get when initdb is missing.
set -euo pipefail

log() { printf '[start-test-postgres] %s\n' "$*" >&2; }

find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  return 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  dir="${2:?usage: start-test-postgres.sh --stop <cluster dir>}"
  bin="$(find_bin)"
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >&2 || true
  rm -rf "$dir"
  exit 0
fi

if ! bin="$(find_bin)"; then
  if [ "$(id -u)" != 0 ]; then log "initdb not found and not root: install PostgreSQL (Debian: apt-get install postgresql)."; exit 1; fi
  log "initdb not found: installing Debian's postgresql package"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi

dir="$(mktemp -d /tmp/devserver-pg.XXXXXX)"
chmod 700 "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"

log "initdb in $dir/data ($bin)"
as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
# Only 127.0.0.1 and a socket in the cluster's own dir: nothing is reachable from the network.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=100" start >&2 \
  || { cat "$dir/postgres.log" >&2; exit 1; }

url="postgres://postgres@127.0.0.1:$port/postgres"
log "ready at $url"
printf 'export DEVSERVER_TEST_POSTGRES_URL=%q\nexport DEVSERVER_TEST_POSTGRES_DIR=%q\n' "$url" "$dir"
