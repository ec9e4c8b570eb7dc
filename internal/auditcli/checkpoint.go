package auditcli

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/esdb"
	"github.com/klient-crm/klient/eventstore/postgres"
)

// CheckpointInterval is how often a server signs a checkpoint. Events
// written since the last one are covered by their hash chains alone: a
// rewrite of them that recomputes hashes is caught only once signed.
const CheckpointInterval = 15 * time.Minute

// checkpoint: `klient audit checkpoint`.
func checkpoint(ctx context.Context, env Env, key KeyFlag, stdout io.Writer) error {
	cp, wrote, err := signCheckpoint(ctx, env, key)
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

// SignCheckpoint signs a checkpoint with the key named by
// KLIENT_AUDIT_KEY (or the data directory's). serve's background job
// calls it, through Checkpoints.
func SignCheckpoint(ctx context.Context, env Env, log *slog.Logger) error {
	_, wrote, err := signCheckpoint(ctx, env, KeyFlag{Path: os.Getenv("KLIENT_AUDIT_KEY")})
	if err == nil && wrote {
		log.Info("audit checkpoint signed")
	}
	return err
}

// Checkpoints signs a checkpoint every CheckpointInterval until ctx ends.
// Every instance may run it: writers take turns on a lock, and a turn with
// nothing new writes nothing.
func Checkpoints(ctx context.Context, env Env, log *slog.Logger) {
	tick := time.NewTicker(CheckpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := SignCheckpoint(ctx, env, log); err != nil && ctx.Err() == nil {
			log.Warn("audit checkpoint failed", "error", err)
		}
	}
}

func signCheckpoint(ctx context.Context, env Env, key KeyFlag) (eventstore.Checkpoint, bool, error) {
	log, err := Audited(env.Store, env.Pool)
	if err != nil {
		return eventstore.Checkpoint{}, false, err
	}
	signer, err := loadAuditKey(key.location(env.DataDir))
	if err != nil {
		return eventstore.Checkpoint{}, false, err
	}
	return log.WriteCheckpoint(ctx, signer)
}

// Audited is the event log with its hash chains and signed checkpoints:
// the PostgreSQL store keeps both itself; an EventStoreDB cluster's events
// carry their chain in their metadata and its checkpoints are kept in
// PostgreSQL (pool). The one place that asks which store runs.
func Audited(store eventstore.Store, pool *pgxpool.Pool) (eventstore.Audited, error) {
	switch s := store.(type) {
	case *postgres.Store:
		return s, nil
	case *esdb.Store:
		return s.Audited(postgres.NewClusterCheckpoints(pool)), nil
	}
	return nil, errors.New("audit: this event store keeps no hash chains")
}

// publicKey: `klient audit public-key` prints the key auditors verify
// checkpoints with. It needs only the key file, not the database.
func publicKey(env Env, key KeyFlag, stdout io.Writer) error {
	priv, err := loadAuditKey(key.location(env.DataDir))
	if err != nil {
		return err
	}
	out, err := publicKeyPEM(priv.Public().(ed25519.PublicKey))
	if err == nil {
		_, err = stdout.Write(out)
	}
	return err
}
