package layout

import (
	"fmt"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/klient-crm/klient/"

// rooms maps a package pattern (a path, or a path ending in /* for its
// sub-packages) to the module packages it may import. It is the table in
// docs/architecture.md; change both together.
var rooms = map[string][]string{
	"domain":   {"domain/*"},
	"domain/*": {"domain", "domain/*"},
	// The stream plumbing every command package shares, and one package
	// per bounded context; a context may use another's loaders (Go refuses
	// a cycle).
	"commands/journal": {"domain", "domain/*", "eventstore"},
	"commands/*":       {"domain", "domain/*", "eventstore", "commands/journal", "commands/*"},
	// The command packages' tests' world (tests only).
	"commands/commandtest": {"commands/*", "domain", "domain/*", "eventstore", "eventstore/postgres", "crypto",
		"projections", "projections/*", "internal/pgmigrate", "internal/pgtest"},
	"eventstore":              {"domain", "domain/*"},
	"eventstore/postgres":     {"domain", "eventstore", "internal/pgmigrate"},
	"eventstore/esdb":         {"domain", "eventstore"},
	"eventstore/esdb/standin": {},
	"eventstore/storetest":    {"domain", "eventstore"},
	"crypto":                  {"domain", "internal/pgmigrate", "internal/pgrewrite"},
	"crypto/credentials":      {"domain", "domain/*", "internal/pgmigrate"},
	"crypto/kms":              {}, // the KMS clients of the master key; only cmd/klient links them
	"projections":             {"domain", "eventstore", "internal/pgmigrate", "internal/pgrewrite"},
	"projections/*":           {"domain", "domain/*", "eventstore", "projections", "internal/pgmigrate"},
	// The data-subject access package gathers what every read model holds
	// about one person: the one read-side package that reads the others.
	"projections/subjectexport": {"domain", "domain/*", "eventstore", "projections/*"},
	// The read models' tests' world: the real store and key ring under a
	// runtime (tests only).
	"projections/projtest": {"domain", "eventstore", "eventstore/postgres", "crypto", "projections", "internal/pgmigrate", "internal/pgtest"},
	// The root only assembles the contexts.
	"http": {"domain", "domain/*", "http/*"},
	// The kit every context shares.
	"http/web": {"commands/*", "crypto/credentials", "domain", "domain/*", "eventstore", "http/i18n", "projections/*"},
	// The message catalogue and single sign-on know no context.
	"http/i18n": {"domain", "domain/*"},
	"http/oidc": {"domain", "domain/*"},
	// Test helpers shared by the contexts' tests.
	"http/webtest": {},
	// One package per context: the kit, the catalogue, single sign-on,
	// its commands and read models, secrets at rest (sessions, tokens),
	// never a sibling context.
	"http/*": {"commands/*", "crypto/credentials", "domain", "domain/*", "eventstore", "http/web", "http/i18n", "http/oidc",
		"projections/*"},
	// casework builds its sub-rooms (http/casework/documents) and
	// registers their routes; a sub-room never imports casework.
	"http/casework": {"commands/*", "crypto/credentials", "domain", "domain/*", "eventstore", "http/web", "http/i18n", "http/oidc",
		"projections/*", "http/casework/*"},
	"internal":   {},
	"internal/*": {},
	// The lists the app is built from (events, projectors, migrations),
	// shared by cmd/klient and internal/apptest (which the web edge's
	// tests build on): never http.
	"internal/catalogue": {"crypto", "crypto/credentials", "domain", "domain/*", "eventstore/postgres", "internal/pgmigrate",
		"projections", "projections/*"},
	// Backups, restores and the tombstone journal: the key ring, the
	// runtime's checkpoints, and the documents' bytes a restore deletes
	// again.
	"internal/backup": {"crypto", "eventstore", "projections", "projections/*"},
	// The jobs behind `klient serve` and their CLI verbs: erasures (the
	// executor's adapters, the scheduler, the verification), the retention
	// schedule (sources, deleters, the daily run; it erases through the
	// executor it is handed) and the hourly sweep. They keep using the
	// application services of commands.
	// The contacts context also imports contacts from files
	// (internal/contactimport reads them and writes through the commands).
	"http/contacts": {"commands/*", "crypto/credentials", "domain", "domain/*", "eventstore", "http/web", "http/i18n", "http/oidc",
		"projections/*", "internal/contactimport"},
	"internal/erasure":      {"commands/*", "crypto", "domain", "domain/*", "eventstore", "projections", "projections/*"},
	"internal/retention":    {"commands/*", "crypto", "crypto/credentials", "domain/*", "projections", "projections/*"},
	"internal/housekeeping": {"crypto/credentials", "projections/*"},
	// Importing contacts from CSV and vCard files: reading the file, the
	// dry run against the contacts read model and the register, and the
	// writing through the contact and register commands, keys in bulk.
	"internal/contactimport": {"commands/*", "domain", "domain/*", "eventstore", "projections/*"},
	// The app as `klient` opens it, for the tests of the packages behind
	// the command line (tests only).
	"internal/apptest": {"commands/*", "crypto", "crypto/credentials", "domain", "domain/*", "eventstore", "eventstore/postgres",
		"internal/catalogue", "internal/pgmigrate", "internal/pgtest", "projections", "projections/*"},
	// The one assembly of the web edge: every context's deps from the
	// app's parts, for `klient serve` and the web edge's tests alike. It
	// imports what cmd/klient's wiring of the web edge did (never cmd).
	"internal/webapp": {"commands/*", "crypto", "crypto/credentials", "domain/*", "eventstore", "http", "http/*",
		"internal/backup", "internal/contactimport", "internal/erasure", "internal/mailin", "internal/webhooks", "projections", "projections/*"},
	// The mail sender: works the outbox (projections/outbox), opening each
	// request from the log with the codec it is handed.
	"internal/mailer": {"domain/*", "eventstore", "projections/outbox"},
	// Incoming e-mail: the SMTP listener, MIME read with the standard
	// library, filing through the communication and document commands,
	// matching through the read models, the review queue.
	"internal/mailin": {"commands/*", "crypto/credentials", "domain", "domain/*", "eventstore", "projections/*"},
	// The automatic messages to a matter's clients: requests through the
	// communication commands, read from the outbox, matters and work.
	"internal/automail": {"commands/*", "domain", "domain/*", "projections/*"},
	// The mail CLI's verbs (`klient mail templates|letter|campaigns|held`):
	// as a named member through the web edge served in this process, the
	// review queue through the incoming mail's filer.
	"internal/mailcli": {"commands/*", "crypto/credentials", "domain", "domain/*", "http/*", "internal/mailin", "projections/*"},
	// The audit CLI's verbs (`klient audit checkpoint|verify|replay|history|
	// public-key`): the log's tamper evidence through either store, and a
	// stream's history as the auditors' pages read it.
	"internal/auditcli": {"eventstore", "eventstore/esdb", "eventstore/postgres", "projections/audit/history"},
	// The webhook sender: works the subscriptions and reads the feed
	// (projections/integrations) through each member's need-to-know
	// (staff, contacts' merges); asks the DPO's register whether a
	// webhook's processor has signed its agreement (projections/dpo).
	"internal/webhooks": {"domain", "domain/*", "projections/integrations", "projections/staff", "projections/contacts", "projections/accesslog",
		"projections/dpo"},
	// The log scrubber describes errors by the domain's one rule.
	"internal/logscrub": {"domain"},
	"cmd/klient":        {"*"},
	// deploy's test of the first run (firstrun_test.go) imports nothing of the module.
	"deploy": {},
}

// testOnly packages may be imported by tests alone (and by each other).
var testOnly = []string{"http/webtest", "eventstore/storetest", "eventstore/esdb/standin", "internal/pgtest", "projections/projtest",
	"internal/apptest", "commands/commandtest", "internal/mailtest"}

// thirdParty maps a package pattern, as in rooms, to the modules outside
// the standard library and this module that its packages may import. A
// package under a pattern listed here importing any other fails; packages
// under no pattern here are not checked. docs/architecture.md's table names
// them too.
var thirdParty = map[string][]string{
	"domain":               {},
	"domain/*":             {},
	"commands/journal":     {"github.com/google/uuid"},
	"commands/*":           {"github.com/google/uuid"},
	"commands/commandtest": {"github.com/google/uuid", "github.com/jackc/pgx/v5"},
	// The EventStoreDB adapter speaks through KurrentDB's maintained client
	// (it sends requires-leader; EventStore-Client-Go v4 did not), and its
	// stand-in serves that client's generated protocol over gRPC.
	"eventstore/esdb":         {"github.com/kurrent-io/KurrentDB-Client-Go", "github.com/google/uuid", "google.golang.org/grpc"},
	"eventstore/esdb/standin": {"github.com/kurrent-io/KurrentDB-Client-Go", "github.com/google/uuid", "google.golang.org/grpc"},
}

func TestEveryPackageStaysInItsRoom(t *testing.T) {
	for pkg, imports := range moduleImports(t) {
		allowed, ok := roomOf(pkg)
		if !ok {
			t.Errorf("%s has no room: add it to docs/architecture.md and to rooms here", pkg)
			continue
		}
		for _, imp := range imports {
			if !matchesAny(imp, allowed) {
				t.Errorf("%s imports %s, outside its room", pkg, imp)
			}
			if matchesAny(imp, testOnly) && !matchesAny(pkg, testOnly) {
				t.Errorf("%s imports the test-only package %s outside a test", pkg, imp)
			}
		}
	}
}

func TestThirdPartyImportsStayInTheirRoom(t *testing.T) {
	out := goList(t, `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		allowed, ok := lookup(thirdParty, pkg)
		if !ok {
			continue
		}
		for _, imp := range fields[1:] {
			if !strings.Contains(strings.Split(imp, "/")[0], ".") || strings.HasPrefix(imp, module) {
				continue // the standard library, or this module (TestEveryPackageStaysInItsRoom)
			}
			if !slices.ContainsFunc(allowed, func(m string) bool { return imp == m || strings.HasPrefix(imp, m+"/") }) {
				t.Errorf("%s imports %s: its room allows only %v outside the standard library", pkg, imp, allowed)
			}
		}
	}
}

// moduleImports maps each package of the module (relative path) to the
// module packages its non-test files import.
func moduleImports(t *testing.T) map[string][]string {
	out := goList(t, `{{.ImportPath}} {{join .Imports " "}}`, "./...")
	m := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		if pkg == "internal/layout" {
			continue
		}
		m[pkg] = nil
		for _, imp := range fields[1:] {
			if rel, ok := strings.CutPrefix(imp, module); ok {
				m[pkg] = append(m[pkg], rel)
			}
		}
	}
	return m
}

func roomOf(pkg string) ([]string, bool) { return lookup(rooms, pkg) }

// lookup finds pkg's row in table: its own, else the nearest parent's
// "/*" row.
func lookup(table map[string][]string, pkg string) ([]string, bool) {
	if allowed, ok := table[pkg]; ok {
		return allowed, true
	}
	for p := pkg; p != "."; p = path.Dir(p) {
		if allowed, ok := table[path.Dir(p)+"/*"]; ok {
			return allowed, true
		}
	}
	return nil, false
}

func matchesAny(pkg string, patterns []string) bool {
	for _, p := range patterns {
		if p == "*" || p == pkg || (strings.HasSuffix(p, "/*") && strings.HasPrefix(pkg, strings.TrimSuffix(p, "*"))) {
			return true
		}
	}
	return false
}

func goList(t *testing.T, format, pattern string) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-f", format, pattern)
	cmd.Dir = "../.." // the module root: patterns are relative to it
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	return string(out)
}

// maxFiles bounds a package's non-test files: a package is a room a
// newcomer reads whole, and past forty files nobody does. The root http
// package only assembles the contexts.
const maxFiles = 40

var maxFilesOf = map[string]int{"http": 15}

func TestNoPackageOutgrowsARoom(t *testing.T) {
	out := goList(t, `{{.ImportPath}} {{len .GoFiles}}`, "./...")
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		limit, ok := maxFilesOf[pkg]
		if !ok {
			limit = maxFiles
		}
		var n int
		if _, err := fmt.Sscan(fields[1], &n); err != nil {
			t.Fatal(err)
		}
		if n > limit {
			t.Errorf("%s holds %d non-test files, more than %d: split it by what it is about", pkg, n, limit)
		}
	}
}
