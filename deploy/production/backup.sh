#!/bin/sh
# Backs up the compose stack, in the order docs/operations.md gives and
# explains: first the cluster's files, copied from one follower while no
# scavenge runs, then `klient backup` of PostgreSQL (the key store, the rows
# beside the log, a copy of the tombstone journal). The key store must be
# newer than the log: a person registered between the two backups then
# still has a key.
#
#   deploy/production/backup.sh [NAME]
#
# writes deploy/production/backups/NAME/ (default NAME: the UTC time):
#   cluster/   the follower's database directory: index/, *.chk, chunk-*
#   klient/    what `klient backup` writes, with its checksummed manifest
#   node       which node was copied
# Run it on the Docker host, with the stack up. It reads the administrator's
# password from secrets/kurrentdb-admin-password and prints no secret.
# docs/operations.md says what of this only a real cluster proves.
set -eu
umask 077
cd "$(dirname "$0")"
NAME=${1:-$(date -u +%Y%m%dT%H%M%SZ)}
PROJECT=${COMPOSE_PROJECT_NAME:-klient}
NODES="kurrentdb1 kurrentdb2 kurrentdb3"
BUSYBOX=busybox:1.37.0

fail() {
	echo "backup.sh: $*" >&2
	exit 1
}
case $NAME in
'' | .* | *[!A-Za-z0-9._-]*) fail "the backup's name may hold letters, digits and . _ - only" ;;
esac
dest=backups/$NAME
[ ! -e "$dest" ] || fail "$dest exists: give the backup another name"
command -v docker >/dev/null || fail "docker is needed"
admin=$(cat secrets/kurrentdb-admin-password) || fail "no secrets/kurrentdb-admin-password: run setup.sh first"

compose() { docker compose -f compose.yaml "$@"; }

# node METHOD NODE PATH: asks NODE's HTTP API as the administrator, from
# inside its container (the nodes publish no port), and prints the body
# and, on the last line, the HTTP status. The password reaches curl on its
# standard input, never in its arguments.
node() {
	printf 'user = "admin:%s"\n' "$admin" |
		compose exec -T "$2" curl --config - --silent --show-error --max-time 10 \
			--cacert /etc/kurrentdb/certs/ca/ca.crt --request "$1" --write-out '\n%{http_code}' \
			"https://localhost:2113$3" || echo 000
}
status() { tail -n 1; }
body() { sed '$d'; }

# 1. A follower that is up to date: a node whose /info says "follower".
follower=
for n in $NODES; do
	state=$(node GET "$n" /info | body | tr 'A-Z' 'a-z' | sed -n 's/.*"state": *"\([a-z]*\)".*/\1/p')
	if [ "$state" = follower ]; then
		follower=$n
		break
	fi
done
[ -n "$follower" ] || fail "no node says it is a follower: is the cluster up and formed? (docker compose ps)"

# 2. No scavenge while the files are copied. Auto-scavenge (licensed
# builds only) is paused for the copy and resumed after it; a scavenge
# started by hand on the follower makes the backup wait for another time.
resume=
if node GET "$follower" /auto-scavenge/enabled | body | grep -q '"enabled": *true'; then
	[ "$(node POST "$follower" /auto-scavenge/pause | status)" = 200 ] || fail "could not pause auto-scavenge"
	resume=yes
fi
trap '[ -z "$resume" ] || [ "$(node POST "$follower" /auto-scavenge/resume | status)" = 200 ] || echo "backup.sh: resume auto-scavenge by hand: POST /auto-scavenge/resume" >&2' EXIT
current=$(node GET "$follower" /admin/scavenge/current)
if [ "$(echo "$current" | status)" = 200 ] && echo "$current" | body | grep -q '"scavengeId": *"[^"]'; then
	fail "a scavenge runs on $follower: back up once it has finished (or stop it: DELETE /admin/scavenge/current)"
fi

# 3. The follower's files, in the order KurrentDB's backup guide gives, so
# that no checkpoint claims more than the copied chunks hold: the index's
# checkpoints, the rest of the index, the database's checkpoints, then the
# chunks. The node keeps running.
mkdir -p "$dest/cluster"
chmod 0711 "$dest" # passed through by the tools container, as Klient's user
echo "$follower" >"$dest/node"
docker run --rm --network none -v "${PROJECT}_${follower}-data:/data:ro" -v "$(pwd)/$dest/cluster:/backup" "$BUSYBOX" sh -euc '
	cd /data
	mkdir -p /backup/index
	find index -name "*.chk" | while read -r f; do mkdir -p "/backup/$(dirname "$f")"; cp -p "$f" "/backup/$f"; done
	find index ! -name "*.chk" -type f | while read -r f; do mkdir -p "/backup/$(dirname "$f")"; cp -p "$f" "/backup/$f"; done
	cp -p ./*.chk /backup/
	cp -p ./chunk-* /backup/
'
echo "backup.sh: copied the cluster's files from $follower into $dest/cluster"

# 4. Then Klient's backup, through the tools image (the production image
# has no pg_dump), as the user Klient runs as, who owns its tombstone
# journal and must own what it writes.
docker run --rm --network none -v "$(pwd)/backups:/backups" "$BUSYBOX" install -d -o 65532 -g 65532 -m 0700 "/backups/$NAME/klient"
compose --profile tools run --rm klient-tools backup --to "/backups/$NAME/klient"
echo "backup.sh: done: $dest (keep it apart from the master key; keep the tombstone journal apart from it)"
