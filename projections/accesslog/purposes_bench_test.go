package accesslog_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	klientcrypto "github.com/klient-crm/klient/crypto"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections/accesslog"
)

// BenchmarkPurposeMentionSearch is what an erasure adds to its search for
// mentions (docs/gdpr.md, "The access log's purpose"): one pass over every
// purpose the log keeps, each opened from a copy of someone else's, with
// a key ring that has none of their keys cached (an erasure's is as cold
// as this at worst). KLIENT_BENCH_PURPOSES entries (20,000 by default),
// each reading two people of 2,000, half the purposes naming the person
// erased.
//
//	go test -run '^$' -bench PurposeMentionSearch -benchtime 3x ./projections/accesslog/
func BenchmarkPurposeMentionSearch(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("KLIENT_BENCH_PURPOSES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	pool := pgtest.NewPool(b)
	if _, err := pgmigrate.Apply(ctx, pool, accesslog.Migrations(), klientcrypto.Migrations()); err != nil {
		b.Fatal(err)
	}
	master, err := klientcrypto.LoadMasterKey("", b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	keyring := func() *klientcrypto.Keyring {
		k, err := klientcrypto.NewKeyring(ctx, pool, master)
		if err != nil {
			b.Fatal(err)
		}
		return k
	}
	writer := keyring()
	began := time.Now()
	for from := 0; from < n; from += 1000 {
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for i := from; i < min(from+1000, n); i++ {
				e := view("anna", i, fmt.Sprintf("person-%d", i%2000), fmt.Sprintf("person-%d", (i+1)%2000))
				e.Purpose = "samtal om arvet"
				if i%2 == 0 {
					e.Purpose = "ringde om Zoltrix Kvarnbäckströms bouppteckning"
				}
				if err := accesslog.Record(ctx, tx, writer, e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	_ = writer.Close()
	b.Logf("%d entries with purposes (%d copies) written in %s", n, 2*n, time.Since(began).Round(time.Millisecond))
	var runs int
	for b.Loop() {
		b.StopTimer()
		cold := keyring()
		time.Sleep(500 * time.Millisecond) // its listener up: until then it caches nothing, as at a server's start
		runs++
		b.StartTimer()
		var seen, naming int
		err := accesslog.EachPurpose(ctx, pool, cold, "person-0", func(p accesslog.Purpose) error {
			seen++
			if p.Text[0] == 'r' {
				naming++
			}
			return nil
		})
		if err != nil || seen != n || naming != n/2 {
			b.Fatalf("read %d purposes (%d naming), %v; want %d", seen, naming, err, n)
		}
		b.StopTimer()
		_ = cold.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(runs)/float64(n), "µs/purpose")
}
