# Klient: two commands for a newcomer. `make run` serves the app with demo
# data; `make test` runs the whole suite. Both set up what they need
# (PostgreSQL, Chromium, staticcheck) on a fresh Debian machine.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
GO ?= go
BIN := $(CURDIR)/var/bin
STATICCHECK_VERSION := v0.7.0
# axe-core, injected by the browser tests (http/browser_axe_test.go reads it
# from ./var/axe-core).
AXE_VERSION := 4.14.1
# The development and test mail server (deploy/dev/mailpit.sh; the mail
# tests start their own on free ports through internal/mailtest).
MAILPIT_VERSION := v1.33.1
# standardwebhooks (npm), the independent check of the webhooks' signatures
# (internal/webhooks/testdata/verify.js reads it from ./var/standardwebhooks).
STANDARDWEBHOOKS_VERSION := 1.1.1
# Exports KLIENT_DATABASE_URL (and the test URL) for a private cluster under
# ./var/pg (a link to /var/lib/klient-dev/… when, as root, PostgreSQL's OS
# user cannot enter the checkout), unless KLIENT_DATABASE_URL is already set.
PG_ENV := eval "$$(deploy/dev/postgres.sh env)"

.PHONY: run test bench scale walk build lint test-deps mailpit stop-db clean

build:
	@command -v $(GO) >/dev/null || { echo "Go is not installed: install Go 1.26 (https://go.dev/doc/install)"; exit 1; }
	$(GO) build -o $(BIN)/klient ./cmd/klient

# mailpit takes what Klient sends (KLIENT_SMTP_URL) and shows it at
# http://127.0.0.1:8025; Klient takes mail to file on 127.0.0.1:2525.
run: build mailpit
	@$(PG_ENV); \
	eval "$$(deploy/dev/mailpit.sh env)"; \
	export KLIENT_SMTP_LISTEN="$${KLIENT_SMTP_LISTEN-127.0.0.1:2525}"; \
	$(BIN)/klient migrate; \
	$(BIN)/klient demo-data; \
	exec $(BIN)/klient serve

test: build test-deps lint
	@$(PG_ENV); \
	$(GO) test -count=1 -timeout 20m ./...

lint: test-deps
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(BIN)/staticcheck ./...

# mailpit alone, for make run (test-deps installs it too).
mailpit:
	@if ! $(GO) version -m $(BIN)/mailpit 2>/dev/null | grep -qE "^\s+mod\s+github.com/axllent/mailpit\s+$(MAILPIT_VERSION)\b"; then \
		echo "installing mailpit $(MAILPIT_VERSION)"; GOBIN=$(BIN) GOFLAGS= $(GO) install github.com/axllent/mailpit@$(MAILPIT_VERSION); fi

test-deps:
	@deploy/dev/install-test-deps.sh "$(BIN)" "$(STATICCHECK_VERSION)" "$(CURDIR)/var/axe-core" "$(AXE_VERSION)" "$(MAILPIT_VERSION)" \
		"$(CURDIR)/var/standardwebhooks" "$(STANDARDWEBHOOKS_VERSION)"

# Go benchmarks plus the HTTP load command; figures go to var/bench.txt.
bench: build test-deps
	@$(PG_ENV); mkdir -p var; \
	$(GO) test -run '^$$' -bench . -benchtime 2s -count 1 ./... | tee var/bench.txt; \
	$(BIN)/klient loadtest --duration 10s --writers 4 | tee -a var/bench.txt

# Klient at a firm's size (docs/scaling.md): SCALE events (default 100000),
# catch-up, rebuilds and page latencies for STAFF staff; figures go to
# var/scale-SCALE.txt.
scale: build
	@deploy/dev/scale.sh

# The newcomer's walk (docs/architecture.md): the files in which code ran
# for POST /api/v1/contacts and the GET that reads it back, by coverage.
walk:
	@$(PG_ENV); \
	$(GO) test -count=1 -run '^TestNewcomersWalk$$' -covermode=atomic -coverpkg=./... -v ./http

stop-db:
	deploy/dev/postgres.sh stop
	deploy/dev/mailpit.sh stop

clean: stop-db
	@if [ -L var/pg ]; then rm -rf "$$(readlink -f var/pg)"; fi
	rm -rf var
