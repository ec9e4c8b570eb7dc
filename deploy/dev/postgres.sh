#!/usr/bin/env bash
# Starts (or reuses) Klient's private PostgreSQL cluster under ./var/pg and
# prints how to reach it. Used by `make run` and `make test`; never touches a
# cluster it did not create. When KLIENT_DATABASE_URL is set, that database
# is used instead and nothing is started.
#
#   deploy/dev/postgres.sh env    # prints export lines for eval
#   deploy/dev/postgres.sh url    # prints the database URL
#   deploy/dev/postgres.sh stop   # stops the private cluster
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
port=${KLIENT_PG_PORT:-54329}
os_user=klientpg

say() { echo "postgres.sh: $*" >&2; }

ensure_os_user() {
	id "$os_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
}

# The cluster lives in ./var/pg. As root, PostgreSQL runs as $os_user, which
# must be able to enter the checkout; when it cannot (a clone in /root, a
# mktemp -d), the cluster lives in /var/lib/klient-dev/<hash of the
# checkout's path> instead and ./var/pg links to it.
base="$top/var/pg"
if [ -L "$base" ]; then
	base=$(readlink -f "$base")
elif [ "$(id -u)" = 0 ] && [ ! -s "$base/data/PG_VERSION" ] && [ "${1:-url}" != stop ]; then
	ensure_os_user
	if ! runuser -u "$os_user" -- test -x "$top" 2>/dev/null; then
		alt="/var/lib/klient-dev/$(printf %s "$top" | sha256sum | cut -c1-16)"
		mkdir -p "$alt" "$top/var"
		rmdir "$base" 2>/dev/null || true
		[ -e "$base" ] || ln -s "$alt" "$base"
		say "$os_user cannot enter $top, so the cluster lives in $alt"
		base=$alt
	fi
fi
data="$base/data"
sock="$base/run"
log="$base/postgres.log"

find_bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1; then
		d=$(pg_config --bindir 2>/dev/null || true)
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
}

ensure_binaries() {
	bindir=$(find_bindir)
	if [ -z "$bindir" ] || ! ls "$(dirname "$bindir")"/lib/pg_trgm.so >/dev/null 2>&1; then
		[ "$(id -u)" = 0 ] || { say "PostgreSQL is not installed and I am not root: install postgresql and postgresql-contrib"; exit 1; }
		say "installing Debian's postgresql and postgresql-contrib"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2 && apt-get install -y -qq postgresql postgresql-contrib >&2
		bindir=$(find_bindir)
	fi
	[ -n "$bindir" ] || { say "no PostgreSQL binaries found after install"; exit 1; }
}

# PostgreSQL refuses to run as root: as root we run it as a system user.
as_owner() {
	if [ "$(id -u)" = 0 ]; then
		ensure_os_user
		runuser -u "$os_user" -- "$@"
	else
		"$@"
	fi
}

start() {
	ensure_binaries
	if [ ! -d "$data" ]; then
		mkdir -p "$data" "$sock"
		# Owned once, at creation: a recursive chown of a live cluster races
		# with databases being dropped.
		[ "$(id -u)" = 0 ] && { as_owner true; chown -R "$os_user" "$base"; }
		chmod 700 "$data"
	fi
	if [ ! -s "$data/PG_VERSION" ]; then
		say "creating private cluster in $data"
		if ! as_owner "$bindir/initdb" -D "$data" -U klient --auth=trust -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1; then
			say "initdb failed in $data: $(grep -m1 -iE 'error|fatal|denied|could not' "$base/initdb.log" || tail -n1 "$base/initdb.log")"
			exit 1
		fi
		cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
	fi
	if ! as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null || { tail -n 20 "$log" >&2; exit 1; }
	fi
	if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U klient -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname='klient'" | grep -q 1; then
		"$bindir/createdb" -h 127.0.0.1 -p "$port" -U klient klient
	fi
}

url() {
	if [ -n "${KLIENT_DATABASE_URL:-}" ]; then echo "$KLIENT_DATABASE_URL"; return; fi
	start
	echo "postgres://klient@127.0.0.1:$port/klient?sslmode=disable"
}

case "${1:-url}" in
url) url ;;
env)
	u=$(url)
	echo "export KLIENT_DATABASE_URL='$u'"
	echo "export KLIENT_TEST_DATABASE_URL='${KLIENT_TEST_DATABASE_URL:-$u}'"
	;;
stop)
	bindir=$(find_bindir)
	[ -s "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data" -m fast stop || true
	;;
*) say "usage: $0 url|env|stop"; exit 2 ;;
esac
