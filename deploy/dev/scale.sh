#!/usr/bin/env bash
# Measures Klient at a firm's size (issue 19, docs/scaling.md): writes an
# invented firm of SCALE events into a scratch database through the command
# layer, replays every read model from zero all together, rebuilds each one
# alone, then serves it and drives the pages with STAFF signed-in staff.
# Everything it prints is appended to var/scale-SCALE.txt. The scratch
# database is dropped at the end unless KEEP=1.
#
#   deploy/dev/scale.sh                 # SCALE=100000 STAFF=20 DURATION=60s
#   SCALE=1000000 deploy/dev/scale.sh   # a mid-size firm: about 40 minutes here
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
scale=${SCALE:-100000}
staff=${STAFF:-20}
duration=${DURATION:-60s}
port=${PORT:-18181}
bin="$top/var/bin/klient"
out="$top/var/scale-$scale.txt"

eval "$("$top/deploy/dev/postgres.sh" env)"
name="klient_scale_${scale}_$$"
admin=$KLIENT_DATABASE_URL
export KLIENT_DATABASE_URL=${admin%%\?*}
KLIENT_DATABASE_URL="${KLIENT_DATABASE_URL%/*}/$name?sslmode=disable"
export KLIENT_KEYSTORE_URL="" KLIENT_MASTER_KEY="" KLIENT_EVENTSTORE=postgres KLIENT_LOG_LEVEL=warn
export KLIENT_DATA_DIR
KLIENT_DATA_DIR=$(mktemp -d)
export KLIENT_HTTP_ADDR="127.0.0.1:$port"

psql "$admin" -qc "CREATE DATABASE $name"
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
	if [ "${KEEP:-0}" != 1 ]; then
		psql "$admin" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" || true
		rm -rf "$KLIENT_DATA_DIR"
	else
		echo "kept: KLIENT_DATABASE_URL=$KLIENT_DATABASE_URL KLIENT_DATA_DIR=$KLIENT_DATA_DIR"
	fi
}
trap cleanup EXIT

mkdir -p "$top/var"
exec > >(tee -a "$out") 2>&1
echo "== $(date -u +%FT%TZ) scale $scale, $(nproc) cores"
"$bin" migrate
"$bin" demo-data --scale "$scale" --writers 4 | tail -n 1
"$bin" projections catchup
"$bin" projections rebuild | grep 'done in'
"$bin" serve >/dev/null &
server=$!
for _ in $(seq 1 600); do
	curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
	sleep 1
done
"$bin" loadtest --pages --target "http://127.0.0.1:$port" --staff "$staff" --duration "$duration"
