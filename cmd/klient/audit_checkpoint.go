package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klient-crm/klient/eventstore/postgres"
)

// auditCheckpointInterval is how often a server signs a checkpoint. Events
// written since the last one are covered by their hash chains alone: a
// rewrite of them that recomputes hashes is caught only once signed.
const auditCheckpointInterval = 15 * time.Minute

// runAuditCheckpoint: `klient audit checkpoint`.
func runAuditCheckpoint(ctx context.Context, args []string, stdout io.Writer) error {
	var key auditKeyFlag
	a, _, err := openAuditApp(ctx, "checkpoint", args, stdout, &key, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	cp, wrote, err := a.signCheckpoint(ctx, key)
	if err != nil {
		return err
	}
	if !wrote {
		_, err = fmt.Fprintf(stdout, "no new events since checkpoint %d\n", cp.ID)
		return err
	}
	_, err = fmt.Fprintf(stdout, "checkpoint %d: %d events up to position %s, digest %x, key %s\n",
		cp.ID, cp.Events, cp.Position, cp.Digest, cp.KeyID)
	return err
}

// auditCheckpoint signs a checkpoint with the key named by
// KLIENT_AUDIT_KEY (or the data directory's). serve's background jobs call
// it, through auditCheckpoints.
func (a *app) auditCheckpoint(ctx context.Context) error {
	_, wrote, err := a.signCheckpoint(ctx, auditKeyFlag{path: os.Getenv("KLIENT_AUDIT_KEY")})
	if err == nil && wrote {
		a.log.Info("audit checkpoint signed")
	}
	return err
}

// auditCheckpoints signs a checkpoint every auditCheckpointInterval until
// ctx ends. Every instance may run it: writers take turns on a lock, and
// a turn with nothing new writes nothing.
func (a *app) auditCheckpoints(ctx context.Context) {
	if _, err := a.postgresStore(); err != nil {
		a.log.Info("audit checkpoints off: the event store is not PostgreSQL")
		return
	}
	tick := time.NewTicker(auditCheckpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := a.auditCheckpoint(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("audit checkpoint failed", "error", err)
		}
	}
}

func (a *app) signCheckpoint(ctx context.Context, key auditKeyFlag) (postgres.Checkpoint, bool, error) {
	store, err := a.postgresStore()
	if err != nil {
		return postgres.Checkpoint{}, false, err
	}
	signer, err := loadAuditKey(key.location(a.cfg))
	if err != nil {
		return postgres.Checkpoint{}, false, err
	}
	return store.WriteCheckpoint(ctx, signer)
}

// postgresStore is the event store when it is PostgreSQL, the only one
// whose rows carry hash chains.
func (a *app) postgresStore() (*postgres.Store, error) {
	s, ok := a.store.(*postgres.Store)
	if !ok {
		return nil, errors.New("audit: hash chains and checkpoints need the PostgreSQL event store (--eventstore postgres)")
	}
	return s, nil
}

// runAuditPublicKey: `klient audit public-key` prints the key auditors
// verify checkpoints with. It needs only the key file, not the database.
func runAuditPublicKey(ctx context.Context, args []string, stdout io.Writer) error {
	var key auditKeyFlag
	cfg, _, err := parseConfig("audit public-key", args, stdout, key.register)
	if err != nil {
		return err
	}
	priv, err := loadAuditKey(key.location(cfg))
	if err != nil {
		return err
	}
	out, err := publicKeyPEM(priv.Public().(ed25519.PublicKey))
	if err == nil {
		_, err = stdout.Write(out)
	}
	return err
}
