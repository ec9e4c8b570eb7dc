#!/bin/sh
# Restores a backup.sh backup into the compose stack, in the order
# docs/operations.md gives and explains: stop Klient; put the cluster's
# files back on every node; then `klient restore`, which restores the key
# store and the rows beside the log, destroys again every key the
# tombstone journal names (so no one erased after the backup comes back),
# withdraws the audit checkpoints past the restored log's end, rebuilds the
# read models and checks that none lies past the log's end; then `klient
# audit verify`; then Klient starts again.
#
#   deploy/production/restore.sh NAME      (a folder of deploy/production/backups/)
#
# It replaces what all three nodes and both PostgreSQL servers hold, so it
# asks first: type the backup's name to go on (or set RESTORE_CONFIRM=NAME).
# The tombstone journal stays where it is (the klient-data volume, which
# both replicas share): the restore reads it, and it must not come from the
# backup.
set -eu
cd "$(dirname "$0")"
NAME=${1:-}
PROJECT=${COMPOSE_PROJECT_NAME:-klient}
NODES="kurrentdb1 kurrentdb2 kurrentdb3"
KURRENTDB_UID=1000
BUSYBOX=busybox:1.37.0

fail() {
	echo "restore.sh: $*" >&2
	exit 1
}
case $NAME in
'' | .* | *[!A-Za-z0-9._-]*) fail "usage: restore.sh NAME, a folder of $(pwd)/backups" ;;
esac
src=backups/$NAME
[ -f "$src/cluster/chaser.chk" ] || fail "$src/cluster holds no cluster backup (no chaser.chk)"
[ -f "$src/klient/manifest.json" ] || fail "$src/klient holds no klient backup (no manifest.json)"
command -v docker >/dev/null || fail "docker is needed"

compose() { docker compose -f compose.yaml "$@"; }

confirm=${RESTORE_CONFIRM:-}
if [ -z "$confirm" ]; then
	echo "This replaces the event log on all three nodes, the key store and the rows beside the log with the backup $NAME" >&2
	echo "(from $(cat "$src/node" 2>/dev/null || echo 'a node')). Everything written since is lost. Type the backup's name to go on:" >&2
	read -r confirm || true
fi
[ "$confirm" = "$NAME" ] || fail "not confirmed; nothing changed"

# 1. Nothing writes while the two parts are put back.
compose stop caddy klient

# 2. The cluster: every node stopped, its database directory replaced by
# the backup's files (one backup seeds every node), truncate.chk set to
# chaser.chk as the backup guide asks, owned by the nodes' user; then the
# nodes start and form the cluster again.
compose stop $NODES
for n in $NODES; do
	docker run --rm --network none -v "${PROJECT}_${n}-data:/data" -v "$(pwd)/$src/cluster:/backup:ro" "$BUSYBOX" sh -euc '
		find /data -mindepth 1 -delete
		cp -pR /backup/. /data/
		cp -p /data/chaser.chk /data/truncate.chk
		chown -R '"$KURRENTDB_UID:$KURRENTDB_UID"' /data
	'
	echo "restore.sh: $n holds the backup's files"
done
compose up -d --wait $NODES

# 3. PostgreSQL, the journal re-applied, the read models rebuilt, the
# checkpoints checked against the restored log; then the chain verified.
compose up -d --wait postgres postgres-keys
compose --profile tools run --rm klient-tools restore --from "/backups/$NAME/klient"
compose --profile tools run --rm klient-tools audit verify

# 4. Klient again.
compose up -d --wait klient caddy
echo "restore.sh: done: $NAME restored; keep the lines restore printed about withdrawn checkpoints with the audit file"
