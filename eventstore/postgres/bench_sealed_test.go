package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/internal/pgmigrate"
)

// BenchmarkSealedAppendVsRaw is the figure: an append with its
// personal fields sealed by the subject's own key (codec + key ring, keys
// cached as in a running server) next to a raw single-row INSERT and a plain
// append, alternated in 100 ms slices on one database so that load drift
// on a shared machine hits all three alike.
func BenchmarkSealedAppendVsRaw(b *testing.B) {
	pool := newPool(b, 8)
	store := newStoreOn(b, pool)
	insert, plain := rawInserter(b, pool), appender(store, 1)
	sealed := sealedAppender(b, store)
	for _, w := range benchWriters {
		b.Run(fmt.Sprintf("writers=%d", w), func(b *testing.B) {
			var raw, p, s int64
			for range b.N {
				raw += during(b, w, 100*time.Millisecond, insert)
				p += during(b, w, 100*time.Millisecond, plain)
				s += during(b, w, 100*time.Millisecond, sealed)
			}
			secs := float64(b.N) * 0.1
			b.ReportMetric(float64(raw)/secs, "raw-events/s")
			b.ReportMetric(float64(s)/secs, "sealed-events/s")
			b.ReportMetric(float64(s)/float64(raw), "sealed/raw")
			b.ReportMetric(float64(s)/float64(p), "sealed/plain")
		})
	}
}

// sealedAppender appends one PersonDetailsChanged for one of a thousand
// people whose keys exist, encoded through the real codec and key ring.
func sealedAppender(b *testing.B, store *Store) func(context.Context) error {
	ctx := context.Background()
	if _, err := pgmigrate.Apply(ctx, store.pool, klientcrypto.Migrations()); err != nil {
		b.Fatal(err)
	}
	master, err := klientcrypto.LoadMasterKey("", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	keyring, err := klientcrypto.NewKeyring(ctx, store.pool, master)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = keyring.Close() })
	codec := eventstore.NewCodec(keyring)
	if err := codec.Register(contact.Events()...); err != nil {
		b.Fatal(err)
	}
	people := warmSubjects(b, keyring, 1000)
	var n atomic.Int64
	return func(ctx context.Context) error {
		id := people[n.Add(1)%int64(len(people))]
		ev := contact.PersonDetailsChanged{ContactID: id, Details: contact.PersonDetails{
			GivenName: "Benchmark", FamilyName: "Personsson", Personnummer: "19121212-1212",
			Emails: []contact.Email{{Address: "bench@example.se"}}, Phones: []contact.Phone{{Number: "+46701234567"}}}}
		env, err := codec.Encode(ctx, uuid.Must(uuid.NewV7()), ev, eventstore.Metadata{Actor: "staff-bench", OccurredAt: time.Now()})
		if err != nil {
			return err
		}
		_, err = store.Append(ctx, contact.StreamName(id)+"-"+env.ID.String(), eventstore.NoStream, []eventstore.Envelope{env})
		return err
	}
}

// warmSubjects creates n subject keys and loads them into the cache.
func warmSubjects(b *testing.B, k *klientcrypto.Keyring, n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7()).String()
		if _, err := k.Seal(context.Background(), ids[i], []byte("warm"), nil); err != nil {
			b.Fatal(err)
		}
	}
	return ids
}
