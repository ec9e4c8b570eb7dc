#!/usr/bin/env bash
# Installs what `make test` needs beyond Go and PostgreSQL: Debian's Chromium
# (browser tests), staticcheck and mailpit (the mail server `make run` and
# the mail tests send to; both at pinned versions, into ./var/bin) and
# axe-core (at a pinned version, from npm into ./var/axe-core), which the
# browser tests inject into pages to check them against WCAG 2.2 AA, and
# standardwebhooks (pinned, from npm into ./var/standardwebhooks), which
# checks the webhooks' signatures independently of Klient's code.
set -euo pipefail
bin=${1:?bin dir}
staticcheck_version=${2:?staticcheck version}
axe_dir=${3:?axe-core dir}
axe_version=${4:?axe-core version}
mailpit_version=${5:?mailpit version}
webhooks_dir=${6:?standardwebhooks dir}
webhooks_version=${7:?standardwebhooks version}

apt_install() {
	if [ "$(id -u)" != 0 ]; then
		echo "install-test-deps: $1 is missing and I am not root: apt-get install $1" >&2
		exit 1
	fi
	echo "install-test-deps: installing Debian's $1" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq "$1" >&2
}

if [ ! -x /usr/bin/chromium ]; then
	apt_install chromium
fi

if [ ! -x "$bin/staticcheck" ]; then
	echo "install-test-deps: installing staticcheck $staticcheck_version" >&2
	GOBIN="$bin" GOFLAGS= go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version"
fi

# mailpit is built from source by go install; a different version is rebuilt.
if ! go version -m "$bin/mailpit" 2>/dev/null | grep -qE "^\s+mod\s+github.com/axllent/mailpit\s+$mailpit_version\b"; then
	echo "install-test-deps: installing mailpit $mailpit_version" >&2
	GOBIN="$bin" GOFLAGS= go install "github.com/axllent/mailpit@$mailpit_version"
fi

# axe-core is one self-contained file (axe.min.js); npm fetches it and checks
# the registry's integrity hash. Reinstalled when the pinned version changes.
axe_pkg="$axe_dir/node_modules/axe-core/package.json"
if ! grep -q "\"version\": \"$axe_version\"" "$axe_pkg" 2>/dev/null; then
	command -v npm >/dev/null || apt_install npm
	echo "install-test-deps: installing axe-core $axe_version" >&2
	mkdir -p "$axe_dir"
	npm install --prefix "$axe_dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
		"axe-core@$axe_version" >&2
	grep -q "\"version\": \"$axe_version\"" "$axe_pkg"
fi

# standardwebhooks: the reference implementation of the webhook signatures.
webhooks_pkg="$webhooks_dir/node_modules/standardwebhooks/package.json"
if ! grep -q "\"version\": \"$webhooks_version\"" "$webhooks_pkg" 2>/dev/null; then
	command -v npm >/dev/null || apt_install npm
	echo "install-test-deps: installing standardwebhooks $webhooks_version" >&2
	mkdir -p "$webhooks_dir"
	npm install --prefix "$webhooks_dir" --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
		"standardwebhooks@$webhooks_version" >&2
	grep -q "\"version\": \"$webhooks_version\"" "$webhooks_pkg"
fi
