#!/bin/sh
# Makes everything compose.yaml reads and git never holds, once:
#   secrets/  passwords, the database and event store URLs, Klient's master
#             key, the cluster CA's private key (mode 0700, files 0600)
#   certs/    the cluster's CA certificate and each KurrentDB node's
#             certificate (named by its service name) and key
# A file that exists is kept, never replaced: run it again after deleting
# what should be made anew (certificates before they expire; never the
# master key, which every sealed field needs).
#
#   deploy/production/setup.sh [DIR]     (DIR: default, this script's folder)
#
# It needs openssl and a POSIX shell, not Docker.
set -eu
umask 077
DIR=${1:-$(dirname "$0")}
cd "$DIR"
command -v openssl >/dev/null || { echo "setup.sh: openssl is needed" >&2; exit 1; }
NODES="kurrentdb1 kurrentdb2 kurrentdb3"
mkdir -p secrets certs/ca backups
chmod 0700 secrets
# backup.sh's backups: the tools container, as Klient's user, must pass
# through to the folder it writes (its own, 0700); no one may list them.
chmod 0711 backups

# made NAME: whether secrets/NAME or certs/NAME is to be made (and say so).
made() {
	if [ -e "$1" ]; then
		echo "kept    $1" >&2
		return 1
	fi
	echo "made    $1" >&2
}

# password FILE: FILE's content, a new random one when FILE is missing.
# Hexadecimal: it goes into URLs as it is.
password() {
	if made "$1"; then
		openssl rand -hex 24 >"$1"
	fi
	cat "$1"
}

pg=$(password secrets/postgres-password)
pgkeys=$(password secrets/postgres-keys-password)
admin=$(password secrets/kurrentdb-admin-password)
ops=$(password secrets/kurrentdb-ops-password)
klient=$(password secrets/kurrentdb-klient-password)

if made secrets/kurrentdb.env; then
	printf 'KURRENTDB_DEFAULT_ADMIN_PASSWORD=%s\nKURRENTDB_DEFAULT_OPS_PASSWORD=%s\n' "$admin" "$ops" >secrets/kurrentdb.env
fi
if made secrets/database-url; then
	printf 'postgres://klient:%s@postgres:5432/klient?sslmode=disable\n' "$pg" >secrets/database-url
fi
if made secrets/keystore-url; then
	printf 'postgres://klient_keys:%s@postgres-keys:5432/klient_keys?sslmode=disable\n' "$pgkeys" >secrets/keystore-url
fi
# Klient connects as its own user, klient (made by kurrentdb-user.sh and
# let read $all by kurrentdb-acl); the administrator's URL is for that
# one-shot alone.
seeds=$(printf '%s:2113,' $NODES)
if made secrets/eventstore-url; then
	printf 'esdb+discover://klient:%s@%s?tlsCAFile=/run/klient/kurrentdb-ca.crt\n' "$klient" "${seeds%,}" >secrets/eventstore-url
fi
if made secrets/eventstore-admin-url; then
	printf 'esdb+discover://admin:%s@%s?tlsCAFile=/run/klient-admin/kurrentdb-ca.crt\n' "$admin" "${seeds%,}" >secrets/eventstore-admin-url
fi

# Klient's master key: a cleartext Tink keyset of one AES256-GCM key, in
# Tink's JSON layout (what `klient master-key create` writes). The key is
# the AesGcmKey message: field 3 (tag 0x1a), 32 bytes (0x20), 32 random
# bytes; the key ID a random 31-bit number.
if made secrets/master-key.json; then
	id=$(( $(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % 2147483647 + 1 ))
	value=$( { printf '\032\040'; openssl rand 32; } | openssl base64 -A)
	printf '{"primaryKeyId":%s,"key":[{"keyData":{"typeUrl":"type.googleapis.com/google.crypto.tink.AesGcmKey","value":"%s","keyMaterialType":"SYMMETRIC"},"status":"ENABLED","keyId":%s,"outputPrefixType":"TINK"}]}\n' \
		"$id" "$value" "$id" >secrets/master-key.json
fi

# The cluster's certificates, as es-gencert-cli makes them: a CA, and per
# node a certificate with the common name KurrentDB expects of its nodes
# (eventstoredb-node), for server and client authentication, naming the
# node's service name (how the others and Klient reach it) and localhost
# (its health check).
conf=$(mktemp)
trap 'rm -f "$conf" certs/*.csr' EXIT
printf '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n[ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n' >"$conf"
if made certs/ca/ca.crt; then
	openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 1825 -config "$conf" -extensions ca \
		-subj "/CN=Klient KurrentDB CA" -keyout secrets/ca.key -out certs/ca/ca.crt 2>/dev/null
fi
for node in $NODES; do
	mkdir -p "certs/$node"
	if made "certs/$node/node.crt"; then
		printf '[node]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth,clientAuth\nsubjectAltName = DNS:%s,DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n' "$node" >>"$conf"
		openssl req -new -newkey rsa:2048 -nodes -sha256 -config "$conf" -subj "/CN=eventstoredb-node" \
			-keyout "certs/$node/node.key" -out "certs/$node.csr" 2>/dev/null
		openssl x509 -req -sha256 -days 825 -in "certs/$node.csr" -CA certs/ca/ca.crt -CAkey secrets/ca.key \
			-set_serial "0x$(openssl rand -hex 16)" -extfile "$conf" -extensions node -out "certs/$node/node.crt" 2>/dev/null
		# One [node] section per node: the next node's replaces this one.
		sed -i.bak '/^\[node\]/,$d' "$conf" && rm -f "$conf.bak"
	fi
done
chmod 0644 certs/ca/ca.crt certs/*/node.crt
echo "setup.sh: done; start with: docker compose -f $(pwd)/compose.yaml up -d --build"
