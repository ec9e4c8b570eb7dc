// Package apptest gives the tests of the packages behind the command line
// (backup, retention, erasure, housekeeping) and of the web edge (whose
// harness builds the web edge over it through internal/webapp) the app as
// `klient` opens it: a PostgreSQL database migrated from the catalogue,
// with the real event store, key ring (its master key in the test's data
// directory), codec, projections runtime and credentials store, and the
// command repositories the tests write through. Nothing is mocked. Tests
// only.
package apptest

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	contactcmd "github.com/klient-crm/klient/commands/contact"
	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	staffcmd "github.com/klient-crm/klient/commands/staff"
	workcmd "github.com/klient-crm/klient/commands/work"
	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/catalogue"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/staff"
)

// App is one opening of a test's database, the key store in it.
type App struct {
	URL     string // the database's, for pg_dump and for opening it again
	DataDir string // where the master key is
	Log     *slog.Logger
	Pool    *pgxpool.Pool
	Store   *postgres.Store
	Keys    *klientcrypto.Keyring
	Codec   *eventstore.Codec
	Runtime *projections.Runtime
	Secrets *credentials.Store

	Contacts *contactcmd.Contacts
	Subjects *gdprcmd.Subjects
	Requests *gdprcmd.Requests
	Staff    *staffcmd.Staff
	Work     *workcmd.Work

	close sync.Once
}

// settings are what an Option changes of an opening.
type settings struct {
	log       *slog.Logger
	passwords []credentials.Option
	poll      time.Duration
	only      []string // the projectors the runtime runs; all when empty
}

// projectors are the catalogue's projectors the runtime runs.
func (s settings) projectors() []projections.Projector {
	all := catalogue.Projectors()
	if len(s.only) == 0 {
		return all
	}
	return slices.DeleteFunc(all, func(p projections.Projector) bool { return !slices.Contains(s.only, p.Name()) })
}

// Option changes how the app is opened, for what a test needs of it.
type Option func(*settings)

// WithLogger has the app log to log instead of warnings to stderr.
func WithLogger(log *slog.Logger) Option { return func(s *settings) { s.log = log } }

// CheapPasswords keeps argon2id fast, for tests that set many passwords;
// the credentials' own tests run the production cost.
func CheapPasswords() Option {
	return func(s *settings) {
		s.passwords = append(s.passwords, credentials.WithPasswordParams(credentials.Params{Time: 1, MemoryKiB: 64, Threads: 1}))
	}
}

// PollInterval has the runtime's WaitFor read a checkpoint every d (the
// runtime's default otherwise), for tests that wait on read models often.
func PollInterval(d time.Duration) Option { return func(s *settings) { s.poll = d } }

// OnlyProjectors has the runtime run just the named projectors of the
// catalogue, for a measurement that must not count the others' work; the
// others' tables are then never made.
func OnlyProjectors(names ...string) Option { return func(s *settings) { s.only = names } }

// New opens the app on a fresh database and data directory.
func New(t testing.TB, opts ...Option) *App {
	t.Helper()
	return Open(t, pgtest.NewDatabase(t), t.TempDir(), opts...)
}

// Open opens the app on the database at url with the master key in
// dataDir, migrating it as every start does; it is closed when the test
// ends, or before by Close.
func Open(t testing.TB, url, dataDir string, opts ...Option) *App {
	t.Helper()
	ctx := context.Background()
	set := settings{log: slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	for _, o := range opts {
		o(&set)
	}
	a := &App{URL: url, DataDir: dataDir, Log: set.log}
	t.Cleanup(a.Close)
	var err error
	a.Pool, err = pgxpool.New(ctx, url)
	Must(t, err)
	_, err = pgmigrate.Apply(ctx, a.Pool, append(catalogue.DatabaseMigrations(true), catalogue.KeyStoreMigrations()...)...)
	Must(t, err)
	a.Store, err = postgres.New(ctx, a.Pool)
	Must(t, err)
	master, err := klientcrypto.LoadMasterKey("", dataDir)
	Must(t, err)
	a.Keys, err = klientcrypto.NewKeyring(ctx, a.Pool, master)
	Must(t, err)
	a.Codec = eventstore.NewCodec(a.Keys)
	Must(t, catalogue.Register(a.Codec))
	a.Runtime, err = projections.New(projections.Config{Pool: a.Pool, Store: a.Store, Codec: a.Codec, Logger: a.Log,
		Projectors: set.projectors(), PollInterval: set.poll})
	Must(t, err)
	var errs [6]error
	a.Secrets, errs[0] = credentials.New(a.Pool, set.passwords...)
	a.Contacts, errs[1] = contactcmd.NewContacts(a.Store, a.Codec, Now)
	a.Subjects, errs[2] = gdprcmd.NewSubjects(a.Store, a.Codec, Now, gdpr.DefaultPurposes)
	a.Requests, errs[3] = gdprcmd.NewRequests(a.Store, a.Codec, Now)
	a.Staff, errs[4] = staffcmd.NewStaff(a.Store, a.Codec, Now, staff.NewDirectory(a.Pool))
	a.Work, errs[5] = workcmd.NewWork(a.Store, a.Codec, Now, staff.NewRoster(a.Pool))
	Must(t, errors.Join(errs[:]...))
	numberKey, err := a.Keys.IndexKey(ctx, contactcmd.NumberKeyName)
	Must(t, err)
	a.Contacts.WithNumberKey(numberKey)
	return a
}

// Close releases what Open opened; a second call does nothing.
func (a *App) Close() {
	a.close.Do(func() {
		if a.Store != nil {
			_ = a.Store.Close()
		}
		if a.Keys != nil {
			_ = a.Keys.Close()
		}
		if a.Pool != nil {
			a.Pool.Close()
		}
	})
}

// Now is the commands' clock, as the CLI's.
func Now() time.Time { return time.Now().UTC() }

// Project runs rt's projectors until they have applied everything up to
// pos, then stops them.
func Project(t testing.TB, rt *projections.Runtime, pos eventstore.Position) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	var wg sync.WaitGroup
	wg.Go(func() { _ = rt.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	for _, name := range rt.Projectors() {
		Must(t, rt.WaitFor(ctx, name, pos))
	}
}

// Live runs rt's projectors until the test ends, for commands that wait
// for a read model, and returns once they have set up their tables;
// Settle then waits for a position.
func Live(t testing.TB, rt *projections.Runtime) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = rt.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
	Settle(t, rt, eventstore.Start)
}

// Settle waits until every projector of rt has applied pos.
func Settle(t testing.TB, rt *projections.Runtime, pos eventstore.Position) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, name := range rt.Projectors() {
		Must(t, rt.WaitFor(ctx, name, pos))
	}
}

// Person registers a person as a member of staff would.
func Person(t testing.TB, contacts *contactcmd.Contacts, d contact.PersonDetails) contactcmd.Result {
	t.Helper()
	h, err := contactcmd.NewRegisterPersonHandler(contacts)
	Must(t, err)
	res, err := h.Handle(context.Background(), contactcmd.RegisterPerson{Actor: journal.Actor{ID: "staff-1"}, Details: d})
	Must(t, err)
	return res
}

// Basis records a lawful basis for subject, so retention keeps them.
func Basis(t testing.TB, subjects *gdprcmd.Subjects, subject string) eventstore.Position {
	t.Helper()
	h, err := gdprcmd.NewRecordLawfulBasisHandler(subjects)
	Must(t, err)
	res, err := h.Handle(context.Background(), gdprcmd.RecordLawfulBasis{Actor: journal.Actor{ID: "staff-1"},
		SubjectID: subject, Basis: gdpr.BasisContract, Purpose: "client_relationship"})
	Must(t, err)
	return res.Position
}

// TablesHolding lists the tables of pool's database whose rows, as text,
// contain any of needles (case-insensitive).
func TablesHolding(t testing.TB, pool *pgxpool.Pool, needles ...string) []string {
	t.Helper()
	ctx := context.Background()
	rows, err := pool.Query(ctx, `SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('information_schema', 'pg_catalog')`)
	Must(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Schema, Name string }])
	Must(t, err)
	var found []string
	for _, tb := range tables {
		name := pgx.Identifier{tb.Schema, tb.Name}.Sanitize()
		for _, n := range needles {
			var hit bool
			Must(t, pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+name+` t WHERE lower(t::text) LIKE '%'||lower($1)||'%')`, n).Scan(&hit))
			if hit {
				found = append(found, name+": "+n)
			}
		}
	}
	return found
}

// FilesHolding lists the files of pool's database (base/<oid>: every
// table, index, TOAST table and catalog of it, the planner's statistics
// included) whose bytes contain any of needles, case folded. It
// reads them through the server (pg_ls_dir, pg_read_binary_file), so it
// works whoever owns the files and wherever the server runs, and fails
// when the test's role may not: a superuser, or pg_read_server_files.
func FilesHolding(t testing.TB, pool *pgxpool.Pool, needles ...[]byte) []string {
	t.Helper()
	ctx := context.Background()
	var dir string
	Must(t, pool.QueryRow(ctx, `SELECT 'base/' || oid FROM pg_database WHERE datname = current_database()`).Scan(&dir))
	rows, err := pool.Query(ctx, `SELECT f FROM pg_ls_dir($1) f ORDER BY f`, dir)
	if err == nil {
		var files []string
		if files, err = pgx.CollectRows(rows, pgx.RowTo[string]); err == nil {
			return filesHolding(t, pool, dir, files, needles)
		}
	}
	t.Fatalf("cannot list the database's files through the server (the test's role must be a superuser "+
		"or hold pg_read_server_files): %v", err)
	return nil
}

func filesHolding(t testing.TB, pool *pgxpool.Pool, dir string, files []string, needles [][]byte) []string {
	t.Helper()
	ctx := context.Background()
	var found []string
	for _, f := range files {
		var data []byte // nil: the file went (a rewritten table's old file, unlinked at a checkpoint)
		if err := pool.QueryRow(ctx, `SELECT pg_read_binary_file($1, 0, (pg_stat_file($1, true)).size, true)`,
			dir+"/"+f).Scan(&data); err != nil {
			t.Fatalf("cannot read %s/%s through the server: %v", dir, f, err)
		}
		data = bytes.ToLower(data)
		for _, n := range needles {
			if bytes.Contains(data, bytes.ToLower(n)) {
				found = append(found, f+" ("+relationOf(ctx, pool, f)+")")
				break
			}
		}
	}
	return found
}

// relationOf names the relation whose file f is ("16384", "16384.1",
// "16384_fsm"), or says it is none.
func relationOf(ctx context.Context, pool *pgxpool.Pool, f string) string {
	node, _, _ := strings.Cut(strings.SplitN(f, "_", 2)[0], ".")
	var name string
	if err := pool.QueryRow(ctx, `SELECT c.oid::regclass::text FROM pg_class c
		WHERE pg_relation_filenode(c.oid)::text = $1`, node).Scan(&name); err != nil {
		return "no relation"
	}
	return name
}

// Must fails the test on err.
func Must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
