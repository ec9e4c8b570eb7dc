package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	_ "time/tzdata" // Europe/Stockholm must exist even on a machine without zoneinfo

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/internal/mailcli"
)

// subcommand is one `klient X`: it parses its own flags from args.
type subcommand struct {
	summary string
	run     func(ctx context.Context, args []string, stdout io.Writer) error
}

func subcommands() map[string]subcommand {
	return map[string]subcommand{
		"serve":       {"serve the HTTP UI and API and run the projectors", runServe},
		"migrate":     {"apply database migrations", runMigrate},
		"projections": {"projections status | rebuild [NAME] | catchup: inspect, rebuild or time the read models", runProjections},
		"demo-data":   {"add demo contacts and one demo account per role when the log is empty", runDemoData},
		"users":       {"users create --email E --name N --role R: open a staff account", runUsers},
		"loadtest":    {"measure HTTP write and read load against a running setup", runLoadTest},
		"audit":       {"audit checkpoint | verify | replay | history | public-key: tamper evidence and history", runAudit},
		"import":      {"import contacts FILE --basis B --purpose P [--dry-run]: contacts from a CSV or vCard file; import lateral-hire FILE --staff S: a new lawyer's former clients checked for conflicts", runImport},
		"contacts":    {"contacts claim-numbers: claim the numbers of contacts registered without a claim (may be run again)", runContacts},
		"subjects":    {"subjects export --subject ID --out FILE: a data subject's access package (art. 15/20)", runSubjects},
		"erasure":     {"erasure run-due: carry out the erasures that have fallen due", runErasureDue},
		"retention":   {"retention run [--dry-run] | log: apply the retention schedule, read the deletion log", runRetention},
		"mail":        {"mail send | status [--campaign ID]: work the e-mail outbox once, count its e-mails by state; mail templates | letter | campaigns | held … --staff S: letter templates, letters, campaign reports and held incoming mail as a staff member", runMail},
		"backup":      {"backup --to DIR: back up the event store, key store and the rows beside the log (read models are rebuilt at restore)", runBackup},
		"restore":     {"restore --from DIR: restore a backup and re-apply later erasures", runRestore},
		"tombstones":  {"tombstones export [--to FILE] | show [--from FILE]: bring the journal of destroyed keys up to date, print it", runTombstones},
		"master-key":  {"master-key create | list | add | promote | rewrap: make and rotate the master keyset", runMasterKey},
		"probe":       {"probe [--url URL]: exit 0 when this host's server answers /readyz (container health checks)", runProbe},
		"eventstore":  {"eventstore grant-read-all LOGIN: let a KurrentDB user read $all (with an administrator's connection string)", runEventStore},
		"version":     {"print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	endProfile := startCPUProfile(os.Getenv("KLIENT_CPU_PROFILE"))
	err := dispatch(ctx, os.Args[1:], os.Stdout)
	endProfile()
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "klient:", refusal(err, mailcli.Lang()))
		}
		os.Exit(1)
	}
}

func dispatch(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	cmd, ok := subcommands()[args[0]]
	if !ok {
		return fmt.Errorf("unknown command %q; run `klient help`", args[0])
	}
	return cmd.run(ctx, args[1:], stdout)
}

// startCPUProfile writes a CPU profile of the whole command to path when it
// is set (KLIENT_CPU_PROFILE): how docs/performance.md's catch-up figures
// were taken apart. A profile that cannot start is reported and skipped.
func startCPUProfile(path string) (end func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "klient: no CPU profile:", oneLine(err.Error()))
		return func() {}
	}
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// oneLine folds a multi-line error (pgx lists every address it tried) into
// the one line a CLI user reads.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// refusal is the one line a person reads when a command fails, in the
// product's language (Swedish; English with KLIENT_LANG=en, as the mail
// verbs and the pages): a refusal of the product in its catalogue's words,
// the CLI's common refusals (usage, flags, a database out of reach) in
// Swedish, anything else as it was said.
func refusal(err error, lang i18n.Lang) string {
	var de *domain.Error
	if errors.As(err, &de) && de.Kind != domain.KindInternal && de.Code != "" && i18n.Has(de.Code) {
		return oneLine(i18n.T(lang, de.Code, de.Args...))
	}
	var down *unreachable
	if lang != i18n.English && errors.As(err, &down) {
		return oneLine(fmt.Sprintf("kan inte nå %s (körs PostgreSQL? `make run` startar en): %v", swedishStore[down.what], down.err))
	}
	msg := oneLine(err.Error())
	if lostConnection(err) || lostDatabase.MatchString(msg) {
		// The database went away under the command (stopped, restarting):
		// what was committed stays, and the command may be run again.
		return say("tappade kontakten med databasen (%s); kör kommandot igen när den är i gång igen",
			"lost the database (%s); run the command again once it is back", msg).Error()
	}
	if lang == i18n.English {
		return msg
	}
	for _, w := range swedishRefusals {
		if m := w.said.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, v := range m[1:] {
				args[i] = v
			}
			return fmt.Sprintf(w.sv, args...)
		}
	}
	return msg
}

// say is a refusal of the CLI's own, in the product's language.
func say(sv, en string, args ...any) error {
	if mailcli.Lang() == i18n.English {
		return fmt.Errorf(en, args...)
	}
	return fmt.Errorf(sv, args...)
}

// swedishRefusals are the CLI's own commonest refusals, as Go's flag
// package and the verbs say them, and their Swedish.
var swedishRefusals = []struct {
	said *regexp.Regexp
	sv   string
}{
	{regexp.MustCompile(`^usage: (.*)$`), "användning: %s"},
	{regexp.MustCompile(`^unknown command "(.*)"; run .klient help.$`), "okänt kommando %q; se `klient help`"},
	{regexp.MustCompile(`^flag provided but not defined: -+(.*)$`), "okänd flagga --%s; se `klient help`"},
	{regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*): .*$`), "ogiltigt värde %q för --%s"},
	{regexp.MustCompile(`^flag needs an argument: -+(.*)$`), "flaggan --%s behöver ett värde"},
	{regexp.MustCompile(`^bad flag syntax: (.*)$`), "felaktig flagga: %s"},
	{regexp.MustCompile(`^there is no stream "(.*)"$`), "det finns ingen händelseström %q"},
	{regexp.MustCompile(`^(?:--since: )?"(.*)" is not a time: use RFC 3339 or YYYY-MM-DD\[ HH:MM:SS\]$`), "%q är ingen tidpunkt: skriv RFC 3339 eller ÅÅÅÅ-MM-DD[ TT:MM:SS]"},
	{regexp.MustCompile(`^"(.*)" is not a position: use COMMIT/PREPARE as history prints it$`), "%q är ingen position: skriv COMMIT/PREPARE som history visar den"},
	{regexp.MustCompile(`^the event log fails verification at (.*)$`), "händelseloggen klarar inte kontrollen vid %s"},
	{regexp.MustCompile(`^no projector named "(.*)"; there are: \[(.*)\]$`), "det finns ingen läsmodell som heter %q; de heter: %s"},
	{regexp.MustCompile(`^users create needs --email, --name and at least one --role$`), "users create behöver --email, --name och minst en --role"},
	{regexp.MustCompile(`^unknown role "(.*)"; roles are (.*)$`), "okänd roll %q; rollerna är %s"},
	{regexp.MustCompile(`^public key: open (.*): no such file or directory$`), "den publika nyckeln %s finns inte"},
	{regexp.MustCompile(`^import: open (.*): no such file or directory$`), "filen %s finns inte"},
	{regexp.MustCompile(`^(\d+) erasures were not carried out; the log says why$`), "%s raderingar genomfördes inte; loggen säger varför"},
}

// lostDatabase is how a scrubbed error (domain.Loggable) names a lost
// connection: a connection exception, or the server shutting down or
// starting.
var lostDatabase = regexp.MustCompile(`database error (08[0-9A-Z]{3}|57P0[123])\b`)

// lostConnection reports a connection to the database lost under the
// command: a network error, or the server's connection exception or shut
// down. (web.Outage is not the test here: it takes any syscall error for
// a network's, a file that does not exist too.)
func lostConnection(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) {
		return true
	}
	var pg *pgconn.PgError
	return errors.As(err, &pg) && (strings.HasPrefix(pg.Code, "08") || lostDatabase.MatchString("database error "+pg.Code))
}

// unreachable is a database the command could not reach.
type unreachable struct {
	what string // "database", "key store"
	err  error
}

func (u *unreachable) Error() string {
	return fmt.Sprintf("cannot reach the %s (is PostgreSQL running? `make run` starts one): %v", u.what, u.err)
}

func (u *unreachable) Unwrap() error { return u.err }

var swedishStore = map[string]string{"database": "databasen", "key store": "nyckellagret"}

// parseFlags parses args into fs. A flag it does not know, or a value that
// is no value, comes back as the error alone, for main to say in one line:
// Go's flag package would print the error and every flag to stdout first,
// seventy lines that bury the reason. -h prints the flags.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "usage of %s:\n", fs.Name())
		fs.PrintDefaults()
	}
	return err
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: klient <command> [flags]\n\ncommands:")
	for _, name := range []string{"serve", "migrate", "users", "projections", "demo-data", "loadtest", "audit",
		"import", "contacts", "subjects", "erasure", "retention", "mail", "backup", "restore", "tombstones", "master-key", "eventstore", "probe", "version"} {
		fmt.Fprintf(w, "  %-12s %s\n", name, subcommands()[name].summary)
	}
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func runVersion(_ context.Context, _ []string, stdout io.Writer) error {
	rev := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				rev = " (" + s.Value + ")"
			}
		}
	}
	_, err := fmt.Fprintf(stdout, "klient %s%s\n", version, rev)
	return err
}
