package eventstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/communication"
	"github.com/klient-crm/klient/eventstore"
)

// Entry keys (one per communication's text, owned by its matter) cost a
// key each, but not a key-store read each: the envelopes name the owner
// and the entry key, and one Prefetch per page of the log loads every key
// the page needs, so a catch-up opens the page with the key store gone.
func TestEntryKeysArePrefetchedWithTheirPage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	must(t, w.codec.Register(communication.Events()...))
	matter := "matter-" + newID(t).String()
	var envs []eventstore.Envelope
	for range 200 {
		id := newID(t).String()
		ev := communication.CommunicationLogged{CommunicationID: id, MatterID: matter[len("matter-"):], DataSubject: matter,
			TextSubject: domain.EntryKey(matter, "communication-"+id), Kind: communication.KindNote,
			OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Content: communication.Content{SubjectLine: canaryFamily}}
		env, err := w.codec.Encode(ctx, newID(t), ev, meta())
		must(t, err)
		if want := []string{matter, ev.TextSubject}; !slices.Equal(env.Metadata.Subjects, want) {
			t.Fatalf("Subjects = %v; want the owner beside the entry key %v", env.Metadata.Subjects, want)
		}
		envs = append(envs, env)
	}
	pool, err := pgxpool.New(ctx, w.pool.Config().ConnString())
	must(t, err)
	reader, err := klientcrypto.NewKeyring(ctx, pool, w.master) // another instance, its cache cold
	must(t, err)
	t.Cleanup(func() { reader.Close() })
	codec := eventstore.NewCodec(reader)
	must(t, codec.Register(communication.Events()...))
	must(t, codec.Prefetch(ctx, envs))
	pool.Close() // from here on only the cache can answer
	for _, env := range envs {
		d, err := codec.Decode(ctx, env)
		if err != nil {
			t.Fatalf("decode after one Prefetch, with the key store closed: %v", err)
		}
		if d.Event.(communication.CommunicationLogged).Content.SubjectLine != canaryFamily {
			t.Fatalf("decoded %+v", d.Event)
		}
	}
}

// An entry logged before entry keys (schema version 1, its text sealed
// with the owner's key and no text_subject) opens through its upcast,
// which names the owner's key as the text's.
func TestCommunicationOfVersionOneOpensWithItsOwnersKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	w := newCodecWorld(t)
	must(t, w.codec.Register(communication.Events()...))
	for _, u := range communication.Upcasts() {
		must(t, w.codec.RegisterUpcaster(u.EventType, u.From, u.Lift))
	}
	matter := "matter-" + newID(t).String()
	ev := communication.CommunicationLogged{CommunicationID: newID(t).String(), DataSubject: matter, TextSubject: matter,
		Kind: communication.KindNote, OccurredAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Content: communication.Content{Body: canaryGiven}}
	env, err := w.codec.Encode(ctx, newID(t), ev, meta())
	must(t, err)
	var obj map[string]json.RawMessage
	must(t, json.Unmarshal(env.Data, &obj))
	delete(obj, "text_subject") // as version 1 stored it
	env.Data, err = json.Marshal(obj)
	must(t, err)
	env.SchemaVersion = 1
	d, err := w.codec.Decode(ctx, env)
	must(t, err)
	if got := d.Event.(communication.CommunicationLogged); got.TextSubject != matter || got.Content.Body != canaryGiven {
		t.Fatalf("version 1 decoded as %+v", got)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
