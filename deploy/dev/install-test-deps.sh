#!/usr/bin/env bash
# Installs what `make test` needs beyond Go and PostgreSQL: Debian's Chromium
# (browser tests) and staticcheck (at a pinned version, into ./var/bin).
set -euo pipefail
bin=${1:?bin dir}
staticcheck_version=${2:?staticcheck version}

if [ ! -x /usr/bin/chromium ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "install-test-deps: Chromium is missing and I am not root: apt-get install chromium" >&2
		exit 1
	fi
	echo "install-test-deps: installing Debian's chromium" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq chromium >&2
fi

if [ ! -x "$bin/staticcheck" ]; then
	echo "install-test-deps: installing staticcheck $staticcheck_version" >&2
	GOBIN="$bin" GOFLAGS= go install "honnef.co/go/tools/cmd/staticcheck@$staticcheck_version"
fi
