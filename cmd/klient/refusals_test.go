package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/http/i18n"
)

// TestCLIRefusalsAreOneSwedishLine: trying every verb with a bad or missing
// argument, as a DPO or an auditor would, each exits non-zero with one
// line on stderr and nothing else, in Swedish (README: "Every
// command exits non-zero with a one-line reason on bad input, and writes
// nothing"). Found from outside: a bad flag value printed the whole list
// of seventy flags to stdout; `tombstones show --from` a missing file and
// `tombstones export --to` a path that cannot exist exited 0; `mail status
// --campaign` with no ID printed PostgreSQL's error; `retention log
// --category` took any word; `backup --to` a new directory left it behind
// when the database could not be reached; every refusal was English; and
// a refusal of a verb that opens the app came after some fifteen JSON lines
// of the log at info (README, Configuration: warn for all but serve).
func TestCLIRefusalsAreOneSwedishLine(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	if _, errOut, code := in.run("demo-data"); code != 0 {
		t.Fatalf("demo-data: %s", errOut)
	}
	dir := t.TempDir()
	notADir := filepath.Join(dir, "fil")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		says string
	}{
		{[]string{"frobnicate"}, `okänt kommando "frobnicate"`},
		{[]string{"projections"}, "användning: klient projections"},
		{[]string{"loadtest", "--duration", "abc"}, `ogiltigt värde "abc" för --duration`},
		{[]string{"retention", "run", "--dry-run=kanske"}, `ogiltigt värde "kanske" för --dry-run`},
		{[]string{"master-key", "promote", "--key-id", "abc"}, `ogiltigt värde "abc" för --key-id`},
		{[]string{"probe", "--nosuch"}, "okänd flagga --nosuch"},
		{[]string{"audit", "verify", "--bogus"}, "okänd flagga --bogus"},
		{[]string{"retention", "log", "--limit"}, "flaggan --limit behöver ett värde"},
		{[]string{"tombstones", "show", "--from", filepath.Join(dir, "saknas.jsonl")}, "saknas.jsonl"},
		{[]string{"tombstones", "export", "--to", filepath.Join(notADir, "journal.jsonl")}, "journal.jsonl"},
		{[]string{"tombstones", "export", "--to", "/proc/klient-finns-inte/journal.jsonl"}, "klient-finns-inte"},
		{[]string{"mail", "status", "--campaign", "ingen"}, "--campaign"},
		{[]string{"retention", "log", "--category", "ingen"}, `okänd kategori "ingen"`},
		{[]string{"subjects", "export", "--subject", "0193a000-0000-7000-8000-0000000000ff", "--out", filepath.Join(dir, "paket.json")}, "Kontakten finns inte."},
		{[]string{"users", "create", "--email", "ingen-adress", "--name", "N", "--role", "lawyer"}, "Det här är ingen e-postadress."},
		{[]string{"audit", "history", "--stream", "matter-finns-inte"}, `det finns ingen händelseström "matter-finns-inte"`},
		{[]string{"audit", "replay", "--stream", "matter-x", "--at", "igår"}, `"igår" är ingen tidpunkt`},
		{[]string{"audit", "verify", "--public-key", filepath.Join(dir, "saknas.pub")}, "den publika nyckeln"},
		{[]string{"projections", "rebuild", "ingen"}, `det finns ingen läsmodell som heter "ingen"`},
		{[]string{"users", "create", "--email", "ny@byra.example"}, "users create behöver --email, --name och minst en --role"},
		{[]string{"users", "create", "--email", "ny@byra.example", "--name", "N", "--role", "kung"}, `okänd roll "kung"`},
		{[]string{"import", "contacts", filepath.Join(dir, "saknas.csv"), "--basis", "consent", "--purpose", "x"}, "saknas.csv finns inte"},
		{[]string{"migrate", "--database-url", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, "kan inte nå databasen"},
		{[]string{"backup", "--to", filepath.Join(dir, "kopia"), "--database-url", "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}, "kan inte nå databasen"},
	}
	for _, c := range cases {
		out, errOut, code := in.run(c.args...)
		said := strings.Split(strings.TrimSpace(errOut), "\n")
		if code == 0 || out != "" || len(said) != 1 || !strings.HasPrefix(said[0], "klient: ") || !strings.Contains(said[0], c.says) {
			t.Errorf("klient %s: exit %d, stdout %q, refusal %q; want one line saying %q", strings.Join(c.args, " "), code, out, said, c.says)
		}
	}
	for _, written := range []string{filepath.Join(dir, "paket.json"), filepath.Join(dir, "saknas.jsonl"), filepath.Join(dir, "kopia")} {
		if _, err := os.Stat(written); err == nil {
			t.Errorf("a refused command wrote %s", written)
		}
	}
}

// A CLI command's log is at warn unless the operator asks for more: a
// refused `users create` on a fresh database is its one line alone, and
// KLIENT_LOG_LEVEL=info (README, Configuration) still shows the log.
func TestCLILogLevelPerVerb(t *testing.T) {
	t.Parallel()
	in := newInstance(t)
	refused := []string{"users", "create", "--email", "ingen-adress", "--name", "N", "--role", "lawyer"}
	out, errOut, code := in.run(refused...)
	if code == 0 || out != "" || errOut != "klient: Det här är ingen e-postadress.\n" {
		t.Errorf("refused users create: exit %d, stdout %q, stderr %q; want one line", code, out, errOut)
	}
	in.env = append(in.env, "KLIENT_LOG_LEVEL=info")
	_, errOut, code = in.run("demo-data")
	if code != 0 || !strings.Contains(errOut, `"level":"INFO"`) {
		t.Errorf("KLIENT_LOG_LEVEL=info: exit %d, stderr %q; want the log at info", code, errOut)
	}
}

// The verbs that read across the read models, run on a database no
// projector has run on yet, said `relation "contacts_v1" does not exist`
// (subjects export, retention run) or counted an erasure that failed
// (erasure run-due), found from outside; they bring the read models up
// first: an empty log has nothing due, and an unknown person is refused in
// the product's words. Each runs on a database of its own.
func TestReadingVerbsOnAFreshDatabase(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "paket.json")
	for _, c := range []struct {
		args         []string
		code         int
		stdout, says string
	}{
		{[]string{"subjects", "export", "--subject", "0193a000-0000-7000-8000-0000000000ff", "--out", file}, 1, "", "klient: Kontakten finns inte.\n"},
		{[]string{"retention", "run", "--dry-run"}, 0, "0 contacts kept by a statutory hold; 0 failed", ""},
		{[]string{"erasure", "run-due"}, 0, "erasures carried out: 0, failed or still held: 0", ""},
	} {
		out, errOut, code := newInstance(t).run(c.args...)
		if code != c.code || !strings.Contains(out, c.stdout) || errOut != c.says {
			t.Errorf("klient %s: exit %d, stdout %q, stderr %q; want exit %d, %q on stdout, stderr %q",
				strings.Join(c.args, " "), code, out, errOut, c.code, c.stdout, c.says)
		}
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a refused export wrote its file")
	}
}

// A command whose database goes away under it (stopped halfway through
// `klient projections rebuild`, found from outside) said "rebuild
// communications: database error 57P01"; it says in Swedish that the
// database was lost and that the command may be run again.
func TestRefusalOfALostDatabase(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		fmt.Errorf("rebuild communications: %w", errors.New("database error 57P01")),
		fmt.Errorf("retention: %w", &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"}),
		fmt.Errorf("audit verify: %w", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}),
	} {
		if got := refusal(err, i18n.Swedish); !strings.HasPrefix(got, "tappade kontakten med databasen") || strings.Contains(got, "\n") {
			t.Errorf("%v: %q", err, got)
		}
	}
	if got := refusal(errors.New("database error 23505"), i18n.Swedish); strings.Contains(got, "tappade") {
		t.Errorf("a unique violation is no lost database: %q", got)
	}
}
