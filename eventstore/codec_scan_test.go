package eventstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/eventstore/postgres"
)

// TestNoPlaintextInDatabase writes contact events full of canaries through
// the codec into the real PostgreSQL event store (key store in the same
// database), then reads back every row of every table and finds none.
func TestNoPlaintextInDatabase(t *testing.T) {
	t.Parallel()
	w := newCodecWorld(t, postgres.Migrations())
	ids := appendContactEvents(t, w.pool, w.codec)
	dump := dumpDatabase(t, w.pool)
	for _, c := range canaries {
		for _, form := range canaryForms(c) {
			if i := strings.Index(dump, form); i >= 0 {
				t.Errorf("canary %q found in the database near %q", c, excerpt(dump, i))
			}
		}
	}
	for _, known := range append(ids, contact.TypePersonRegistered, "staff-0001") {
		if !strings.Contains(dump, known) {
			t.Fatalf("the dump lacks %q: the scan did not reach the events", known)
		}
	}
}

// The scan must be able to fail: with sealing off, it finds the canaries.
func TestPlaintextScanFindsUnsealedData(t *testing.T) {
	t.Parallel()
	w := newCodecWorld(t, postgres.Migrations())
	plain := eventstore.NewCodec(plaintextSealer{})
	if err := plain.Register(contact.Events()...); err != nil {
		t.Fatal(err)
	}
	appendContactEvents(t, w.pool, plain)
	dump := dumpDatabase(t, w.pool)
	for _, c := range canaries {
		if !containsAny(dump, canaryForms(c)) {
			t.Errorf("canary %q written unsealed but not found: the scan is blind", c)
		}
	}
}

// appendContactEvents writes every contact event for a fresh person and
// organisation and returns their IDs.
func appendContactEvents(t *testing.T, pool *pgxpool.Pool, codec *eventstore.Codec) []string {
	t.Helper()
	ctx := context.Background()
	store, err := postgres.New(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	person, org := uuid.NewString(), uuid.NewString()
	var envs []eventstore.Envelope
	for _, ev := range contactEvents(person, org) {
		env, err := codec.Encode(ctx, newID(t), ev, meta())
		if err != nil {
			t.Fatal(err)
		}
		envs = append(envs, env)
	}
	if _, err := store.Append(ctx, contact.StreamName(person), eventstore.NoStream, envs); err != nil {
		t.Fatalf("Append: %v", err)
	}
	return []string{person, org}
}
