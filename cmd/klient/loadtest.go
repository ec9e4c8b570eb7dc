package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/crypto/credentials"
	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/internal/loaddrive"
)

// runLoadTest serves a complete Klient on 127.0.0.1 over a scratch database
// (created next to the configured one and dropped afterwards) and drives it
// with concurrent API writers and searchers for a fixed time. It never
// touches the configured database's data. With --pages it drives the HTML
// pages of a Klient already running on this machine instead (loadpages.go).
func runLoadTest(ctx context.Context, args []string, stdout io.Writer) error {
	if loaddrive.WantsPages(args) {
		return loaddrive.RunPages(ctx, args, stdout, demoLawyers())
	}
	var duration time.Duration
	var writers, readers int
	cfg, _, err := parseConfig("loadtest", args, stdout, func(fs *flag.FlagSet) {
		fs.DurationVar(&duration, "duration", 10*time.Second, "how long to drive load")
		fs.IntVar(&writers, "writers", 4, "concurrent clients registering contacts")
		fs.IntVar(&readers, "readers", 4, "concurrent clients searching")
		fs.Bool("pages", false, "drive the HTML pages of a running Klient as signed-in staff instead (loadtest --pages -h)")
	})
	if err != nil {
		return err
	}
	if duration <= 0 || duration > 10*time.Minute || writers < 0 || readers < 0 || writers+readers == 0 {
		return fmt.Errorf("loadtest: want 0 < duration <= 10m and at least one writer or reader")
	}
	scratch, drop, err := scratchDatabase(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer drop()
	return loadScratch(ctx, cfg, scratch, loaddrive.APIPlan{Duration: duration, Writers: writers, Readers: readers}, stdout)
}

func loadScratch(ctx context.Context, cfg Config, scratch string, plan loaddrive.APIPlan, stdout io.Writer) error {
	dir, err := os.MkdirTemp("", "klient-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg.DatabaseURL, cfg.KeystoreURL, cfg.DataDir, cfg.MasterKey, cfg.EventStore = scratch, scratch, dir, "", "postgres"
	cfg.LogLevel = "warn"
	cfg.APIRate = -1 // the load is one token's: measure the server, not the token's rate limit
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	go a.serve(serveCtx, ln) //nolint:errcheck // the load result is what we report
	base := "http://" + ln.Addr().String()
	if err := loaddrive.AwaitReady(ctx, base); err != nil {
		return err
	}
	if plan.Token, err = a.loadToken(ctx); err != nil {
		return err
	}
	report, err := loaddrive.DriveAPI(ctx, base, plan)
	if err != nil {
		return err
	}
	_, err = fmt.Fprint(stdout, report)
	return err
}

// scratchDatabase creates an empty database on the same server as dsn.
func scratchDatabase(ctx context.Context, dsn string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", nil, fmt.Errorf("loadtest: cannot reach the database: %w", err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "klient_load_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, fmt.Errorf("loadtest: create scratch database (needs CREATEDB): %w", err)
	}
	u, _ := url.Parse(dsn) // Validate has checked it
	u.Path = "/" + name
	drop := func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			c.Close(context.Background())
		}
	}
	return u.String(), drop, nil
}

// loadToken registers a lawyer in the scratch database and issues them an
// API token: the load goes through sign-in and the role checks like any
// integration's.
func (a *app) loadToken(ctx context.Context) (string, error) {
	lawyer := []access.Role{access.RoleLawyer}
	id, err := a.registerStaff(ctx, access.StaffDetails{Name: "Lasttest Jurist", Email: "lasttest@example.se"}, lawyer, nil)
	if err != nil {
		return "", err
	}
	secret, _, err := a.secrets.CreateToken(ctx, credentials.NewToken{Name: "loadtest", Roles: lawyer,
		Scopes: access.Scopes, CreatedBy: id})
	return secret, err
}
