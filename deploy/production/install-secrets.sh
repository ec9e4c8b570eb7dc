#!/bin/sh
# Run by compose.yaml's install-secrets service (as root, no network):
# copies what setup.sh made into the volumes the services read, each file
# owned by the user its image runs as and readable by that user alone. A
# bind mount would keep the host's owner, and the services run as users the
# host does not know: Klient as 65532, KurrentDB as 1000.
# FROM and TO let the deploy test run it outside a container.
set -eu
FROM=${FROM:-/from}
TO=${TO:-/to}
KLIENT_UID=65532
KURRENTDB_UID=1000

# Klient: the database URLs, the event store's URL, the master key, and the
# cluster's CA certificate (the event store URL's tlsCAFile).
install -d -m 0500 -o "$KLIENT_UID" -g "$KLIENT_UID" "$TO/klient"
for f in database-url keystore-url eventstore-url master-key.json; do
	install -m 0400 -o "$KLIENT_UID" -g "$KLIENT_UID" "$FROM/secrets/$f" "$TO/klient/$f"
done
install -m 0444 -o 0 -g 0 "$FROM/certs/ca/ca.crt" "$TO/klient/kurrentdb-ca.crt"

# The one-shots that give Klient its KurrentDB user: kurrentdb-user.sh (as
# KurrentDB's user) reads the administrator's password and the one it sets
# for klient; `klient eventstore grant-read-all` (as Klient's) the
# administrator's connection string. Klient's replicas mount neither.
install -d -m 0500 -o "$KURRENTDB_UID" -g "$KURRENTDB_UID" "$TO/kurrentdb-user"
for f in kurrentdb-admin-password kurrentdb-klient-password; do
	install -m 0400 -o "$KURRENTDB_UID" -g "$KURRENTDB_UID" "$FROM/secrets/$f" "$TO/kurrentdb-user/$f"
done
install -d -m 0500 -o "$KLIENT_UID" -g "$KLIENT_UID" "$TO/klient-admin"
install -m 0400 -o "$KLIENT_UID" -g "$KLIENT_UID" "$FROM/secrets/eventstore-admin-url" "$TO/klient-admin/eventstore-admin-url"
install -m 0444 -o 0 -g 0 "$FROM/certs/ca/ca.crt" "$TO/klient-admin/kurrentdb-ca.crt"

# KurrentDB: the CA certificate and each node's certificate and key. The
# CA's own key stays in secrets/, mounted nowhere.
install -d -m 0755 -o 0 -g 0 "$TO/kurrentdb"
install -d -m 0755 -o 0 -g 0 "$TO/kurrentdb/ca"
install -m 0444 -o 0 -g 0 "$FROM/certs/ca/ca.crt" "$TO/kurrentdb/ca/ca.crt"
for node in kurrentdb1 kurrentdb2 kurrentdb3; do
	install -d -m 0500 -o "$KURRENTDB_UID" -g "$KURRENTDB_UID" "$TO/kurrentdb/$node"
	install -m 0444 -o "$KURRENTDB_UID" -g "$KURRENTDB_UID" "$FROM/certs/$node/node.crt" "$TO/kurrentdb/$node/node.crt"
	install -m 0400 -o "$KURRENTDB_UID" -g "$KURRENTDB_UID" "$FROM/certs/$node/node.key" "$TO/kurrentdb/$node/node.key"
done
echo "install-secrets: secrets and certificates in place"
