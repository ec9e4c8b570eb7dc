#!/bin/sh
# Run once by compose.yaml's kurrentdb-user service, after the three nodes
# are healthy: makes the KurrentDB user Klient connects as (klient), with
# the password setup.sh made, through the server's HTTP users API (the gRPC
# client has no call for it) as the administrator. A user that exists gets
# that password again, so the script may run at every start. The user is
# an ordinary one: it may read and write Klient's streams by the default
# ACL; reading $all, which a secure server grants to $admins alone, is
# `klient eventstore grant-read-all klient` (compose's kurrentdb-acl), run
# next. Neither password is put in a process's arguments or printed.
#
#   NODE     a node's HTTPS address       (default https://kurrentdb1:2113)
#   CA       the cluster's CA certificate (default /etc/kurrentdb/certs/ca/ca.crt)
#   SECRETS  where kurrentdb-admin-password and kurrentdb-klient-password are
#            (default /run/kurrentdb-user)
#   TRIES    how many times to ask a node that does not answer yet, 2 s apart
#            (default 60: the nodes may still be electing a leader)
set -eu
NODE=${NODE:-https://kurrentdb1:2113}
CA=${CA:-/etc/kurrentdb/certs/ca/ca.crt}
SECRETS=${SECRETS:-/run/kurrentdb-user}
TRIES=${TRIES:-60}
LOGIN=klient

fail() {
	echo "kurrentdb-user: $*" >&2
	exit 1
}

admin=$(cat "$SECRETS/kurrentdb-admin-password") || fail "cannot read $SECRETS/kurrentdb-admin-password"
password=$(cat "$SECRETS/kurrentdb-klient-password") || fail "cannot read $SECRETS/kurrentdb-klient-password"
# The passwords go into JSON, a curl config and a URL as they are: setup.sh
# makes them hexadecimal, and anything else is refused rather than quoted.
for p in "$admin" "$password"; do
	case $p in
	'' | *[!A-Za-z0-9._~-]*) fail "a password holds characters other than letters, digits and . _ ~ -: make it anew with setup.sh" ;;
	esac
done

# post PATH JSON: POSTs JSON to the node as the administrator and prints
# the HTTP status (000: no answer). The credentials and the body reach curl
# in a config on its standard input, not in its arguments.
post() {
	printf 'user = "admin:%s"\ndata-binary = "%s"\n' "$admin" "$(printf '%s' "$2" | sed 's/"/\\"/g')" |
		curl --config - --silent --output /dev/null --write-out '%{http_code}' --max-time 10 \
			--cacert "$CA" --request POST --header 'Content-Type: application/json' "$NODE$1" || true
}

# try PATH JSON: post, again while the node does not answer or is not
# ready (000, 5xx), TRIES times in all; prints the last status.
try() {
	n=1
	while :; do
		status=$(post "$1" "$2")
		case $status in
		000 | 5??) ;;
		*) break ;;
		esac
		[ "$n" -lt "$TRIES" ] || break
		n=$((n + 1))
		sleep 2
	done
	echo "$status"
}

status=$(try /users/ "{\"loginName\":\"$LOGIN\",\"fullName\":\"Klient\",\"groups\":[],\"password\":\"$password\"}")
case $status in
201) echo "kurrentdb-user: made the user $LOGIN" ;;
409)
	status=$(try "/users/$LOGIN/command/reset-password" "{\"newPassword\":\"$password\"}")
	[ "$status" = 200 ] || fail "the user $LOGIN exists, and resetting its password answered HTTP $status"
	echo "kurrentdb-user: the user $LOGIN exists; its password is setup.sh's again"
	;;
401) fail "the node refused the administrator's password (HTTP 401): is secrets/kurrentdb-admin-password the one the nodes started with?" ;;
*) fail "making the user $LOGIN answered HTTP $status" ;;
esac
