package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/internal/backup"
	"github.com/klient-crm/klient/internal/erasure"
)

// wireErasure lets only the DPO change a restricted contact's data. It
// reads the subject's own stream, so a restriction binds at once.
func (a *app) wireErasure() error {
	a.contacts.WithRestrictionGuard(a.subjects, erasure.DPOCheck(a.pool))
	return nil
}

// erasures are the erasure jobs over a's parts.
func (a *app) erasures() erasure.Jobs {
	return erasure.Jobs{Pool: a.pool, Store: a.store, Codec: a.codec, Keys: a.keyring, Runtime: a.runtime, Log: a.log, Clock: now,
		Journal: backup.Journaller(backup.JournalIn(a.cfg.DataDir))}
}

// eraseSubjectHandler is the erasure executor on clock (now, but in
// tests), weighing holds by the firm's schedule.
func (a *app) eraseSubjectHandler(clock func() time.Time) (*gdprcmd.EraseSubjectHandler, error) {
	return a.erasures().Executor(a.retention, clock)
}

// runErasureDue: `klient erasure run-due` carries out, once, every erasure
// due now. It runs the projectors meanwhile (as a standby if a server
// leads them), so it can verify what it did.
func runErasureDue(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "run-due" {
		return errors.New("usage: klient erasure run-due")
	}
	cfg, _, err := parseConfig("erasure run-due", args[1:], stdout, nil)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	h, err := a.eraseSubjectHandler(now)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	projectors := make(chan error, 1)
	go func() { projectors <- a.runtime.Run(ctx) }()
	defer func() { cancel(); <-projectors }()
	// The erasures due are listed from a read model (on a fresh database
	// it did not exist, and the run failed with an erasure it never saw).
	if err := a.catchUpAll(ctx); err != nil {
		return err
	}
	done, failed := a.erasures().EraseDue(ctx, h, now())
	fmt.Fprintf(stdout, "erasures carried out: %d, failed or still held: %d\n", done, failed)
	if failed > 0 {
		return fmt.Errorf("%d erasures were not carried out; the log says why", failed)
	}
	return nil
}
