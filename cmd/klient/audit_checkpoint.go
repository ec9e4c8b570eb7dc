package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
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

func (a *app) signCheckpoint(ctx context.Context, key auditKeyFlag) (eventstore.Checkpoint, bool, error) {
	log, err := a.auditedLog()
	if err != nil {
		return eventstore.Checkpoint{}, false, err
	}
	signer, err := loadAuditKey(key.location(a.cfg))
	if err != nil {
		return eventstore.Checkpoint{}, false, err
	}
	return log.WriteCheckpoint(ctx, signer)
}

// auditedLog is the event log with its hash chains and signed checkpoints:
// the PostgreSQL store keeps both itself; an EventStoreDB cluster's events
// carry their chain in their metadata and its checkpoints are kept in
// PostgreSQL. The one place that asks which store runs.
func (a *app) auditedLog() (eventstore.Audited, error) {
	switch s := a.store.(type) {
	case *postgres.Store:
		return s, nil
	case *esdb.Store:
		return s.Audited(postgres.NewClusterCheckpoints(a.pool)), nil
	}
	return nil, errors.New("audit: this event store keeps no hash chains")
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
