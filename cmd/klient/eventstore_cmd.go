package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/klient-crm/klient/eventstore/esdb"
)

// runEventStore: `klient eventstore grant-read-all LOGIN` names the
// KurrentDB user LOGIN among the readers of $all, which Klient's projectors
// subscribe to and a secure server lets only $admins read by default. It
// connects with an administrator's connection string (--eventstore or
// KLIENT_EVENTSTORE, _FILE), never the one `klient serve` uses: the user
// Klient runs as stays an ordinary one. Compose's kurrentdb-acl service runs
// it once the user exists (deploy/production/kurrentdb-user.sh). It opens no
// database and reads no other secret.
func runEventStore(ctx context.Context, args []string, stdout io.Writer) error {
	const usage = "usage: klient eventstore grant-read-all [--eventstore ADMIN-URL] [--wait D] LOGIN"
	if len(args) == 0 || args[0] != "grant-read-all" {
		return errors.New(usage)
	}
	var connection string
	var wait time.Duration
	fs := flag.NewFlagSet("klient eventstore grant-read-all", flag.ContinueOnError)
	fs.StringVar(&connection, "eventstore", env("KLIENT_EVENTSTORE", ""), "an administrator's esdb:// or esdb+discover:// connection string (KLIENT_EVENTSTORE)")
	fs.DurationVar(&wait, "wait", 2*time.Minute, "how long to wait for the cluster to answer (it may still be electing a leader)")
	if err := parseFlags(fs, args[1:], stdout); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New(usage)
	}
	login := fs.Arg(0)
	if !strings.HasPrefix(connection, "esdb://") && !strings.HasPrefix(connection, "esdb+discover://") {
		return errors.New("eventstore grant-read-all: --eventstore (KLIENT_EVENTSTORE) must be an administrator's esdb:// connection string")
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	store, err := connectWhenUp(ctx, connection)
	if err != nil {
		return fmt.Errorf("eventstore grant-read-all: %w", err)
	}
	defer store.Close()
	changed, err := store.GrantReadAll(ctx, login)
	if err != nil {
		return fmt.Errorf("eventstore grant-read-all: %w", err)
	}
	if changed {
		_, err = fmt.Fprintf(stdout, "%s may now read $all\n", login)
	} else {
		_, err = fmt.Fprintf(stdout, "%s could already read $all; nothing changed\n", login)
	}
	return err
}

// connectWhenUp connects, again every two seconds until ctx ends: a
// cluster whose nodes pass their health checks may not have a leader yet.
// It gives the last refusal when ctx ends.
func connectWhenUp(ctx context.Context, connection string) (*esdb.Store, error) {
	for {
		store, err := esdb.New(ctx, connection)
		if err == nil {
			return store, nil
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(2 * time.Second):
		}
	}
}
