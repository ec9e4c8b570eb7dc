package audit_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/audit"
)

// Through the real store, codec and runtime: every appended event lands in
// the trail at its position, with its metadata.
func TestProjectorUnderTheRuntime(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(ctx, pool, postgres.Migrations(), klientcrypto.Migrations(), projections.Migrations()); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.New(ctx, pool)
	must(t, err)
	t.Cleanup(func() { _ = store.Close() })
	master, err := klientcrypto.LoadMasterKey("", t.TempDir())
	must(t, err)
	keys, err := klientcrypto.NewKeyring(ctx, pool, master)
	must(t, err)
	t.Cleanup(func() { _ = keys.Close() })
	codec := eventstore.NewCodec(keys)
	must(t, codec.Register(contact.Events()...))
	rt, err := projections.New(projections.Config{Pool: pool, Store: store, Codec: codec,
		Projectors: []projections.Projector{audit.NewProjector()}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		LockRetry: 200 * time.Millisecond, PollInterval: 10 * time.Millisecond})
	must(t, err)
	runFor(t, rt)

	id := uuid.Must(uuid.NewV7()).String()
	env, err := codec.Encode(ctx, uuid.Must(uuid.NewV7()), contact.PersonRegistered{ContactID: id,
		Details: contact.PersonDetails{GivenName: "Anna", FamilyName: "Svensson"}},
		eventstore.Metadata{Actor: "staff-1", CorrelationID: "corr-1", OccurredAt: time.Now(), Subjects: []string{id}})
	must(t, err)
	res, err := store.Append(ctx, contact.StreamName(id), eventstore.NoStream, []eventstore.Envelope{env})
	must(t, err)
	wait, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	must(t, rt.WaitFor(wait, "audit_trail", res.LastPosition))

	page, err := audit.Search(ctx, pool, audit.Filter{Subject: id})
	must(t, err)
	if len(page.Rows) != 1 {
		t.Fatalf("%d rows", len(page.Rows))
	}
	r := page.Rows[0]
	if r.Position != res.LastPosition || r.EventID != env.ID || r.Actor != "staff-1" || r.CorrelationID != "corr-1" || r.Type != contact.TypePersonRegistered {
		t.Fatalf("row %+v", r)
	}
}

func runFor(t *testing.T, rt *projections.Runtime) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = rt.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
