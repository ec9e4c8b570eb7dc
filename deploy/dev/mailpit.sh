#!/usr/bin/env bash
# Starts (or reuses) the development mail server, mailpit, next to Klient:
# everything `make run` sends lands there, readable in its web UI. Never
# touches a mailpit it did not start (the pid file under ./var/mailpit).
#
#   deploy/dev/mailpit.sh env    # starts it if needed; prints export lines for eval
#   deploy/dev/mailpit.sh stop   # stops it
#
# KLIENT_SMTP_URL already set: nothing is started (the firm's own server).
# Ports: KLIENT_MAILPIT_SMTP_PORT (1025) and KLIENT_MAILPIT_UI_PORT (8025).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${KLIENT_MAILPIT_BIN:-$top/var/bin/mailpit}
smtp_port=${KLIENT_MAILPIT_SMTP_PORT:-1025}
ui_port=${KLIENT_MAILPIT_UI_PORT:-8025}
dir="$top/var/mailpit"
pidfile="$dir/mailpit.pid"

say() { echo "mailpit.sh: $*" >&2; }

running() { [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "${1:-env}" in
env)
	if [ -n "${KLIENT_SMTP_URL:-}" ]; then
		exit 0
	fi
	if [ ! -x "$bin" ]; then
		say "$bin is missing: run make test-deps"
		exit 1
	fi
	mkdir -p "$dir"
	if ! running; then
		# The messages live in a file under ./var/mailpit so a restart keeps
		# them; 5000 is enough for a campaign rehearsal.
		"$bin" --listen "127.0.0.1:$ui_port" --smtp "127.0.0.1:$smtp_port" \
			--database "$dir/mailpit.db" --max 5000 --smtp-auth-accept-any \
			--smtp-auth-allow-insecure --disable-version-check --quiet \
			>"$dir/mailpit.log" 2>&1 &
		echo $! >"$pidfile"
		for _ in $(seq 50); do
			if (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; then break; fi
			sleep 0.1
		done
		say "mailpit: sent mail at http://127.0.0.1:$ui_port"
	fi
	echo "export KLIENT_SMTP_URL='smtp://127.0.0.1:$smtp_port'"
	echo "export KLIENT_MAIL_FROM='${KLIENT_MAIL_FROM:-Advokatbyrån (utveckling) <klient@localhost>}'"
	echo "export KLIENT_MAILPIT_URL='http://127.0.0.1:$ui_port'"
	;;
stop)
	if running; then
		kill "$(cat "$pidfile")"
		rm -f "$pidfile"
	fi
	;;
*)
	say "usage: $0 env|stop"
	exit 2
	;;
esac
