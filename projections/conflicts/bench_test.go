package conflicts_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/conflicts"
)

const (
	benchContacts = 100_000
	benchParties  = 200_000
	benchLinks    = 60_000 // roles at organisations and relations between contacts
)

// BenchmarkCheck times Check for a typical intake (a client, a
// counterparty company and its counsel: three parties, four names, two
// numbers, two e-mail addresses) over an index of 100,000 contacts (a
// tenth with a former name), 200,000 party rows and 60,000 links between
// contacts (roles, parent companies, spouses), loaded with COPY, following
// the links one step (the default). It reports the median and 95th
// percentile of single checks. BenchmarkCheckDepth2 follows two.
func BenchmarkCheck(b *testing.B) { benchCheck(b, 1) }

// BenchmarkCheckDepth2 is BenchmarkCheck following links two steps.
func BenchmarkCheckDepth2(b *testing.B) { benchCheck(b, 2) }

func benchCheck(b *testing.B, depth int) {
	pool := benchIndex(b)
	r := rand.New(rand.NewPCG(7, 11))
	probes := make([][]conflicts.PartyProbe, 64)
	for i := range probes {
		probes[i] = []conflicts.PartyProbe{
			{ContactID: "probe-client", Names: []string{benchName(r)}, Numbers: []string{fmt.Sprintf("19%08d", r.IntN(1e8))}, Emails: []string{fmt.Sprintf("p%d@example.se", r.IntN(benchContacts))}},
			{ContactID: "probe-company", Names: []string{fmt.Sprintf("%s Fastigheter AB", benchName(r)), benchName(r)}, Numbers: []string{fmt.Sprintf("55%08d", r.IntN(1e8))}},
			{ContactID: "probe-counsel", Names: []string{benchName(r)}, Emails: []string{fmt.Sprintf("p%d@example.se", r.IntN(benchContacts))}},
		}
	}
	var took []time.Duration
	ctx := context.Background()
	for b.Loop() {
		start := time.Now()
		if _, err := conflicts.Check(ctx, pool, conflicts.Input{Parties: probes[len(took)%len(probes)], ExcludeMatter: "m-1", Depth: depth}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[(len(took)*95+99)/100-1]), "p95-ms")
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchIndex creates the index tables and fills them directly.
func benchIndex(b *testing.B) *pgxpool.Pool {
	pool := pgtest.NewPool(b)
	fillIndex(b, pool)
	return pool
}

func fillIndex(b testing.TB, pool *pgxpool.Pool) {
	ctx := context.Background()
	_, err := pgmigrate.Apply(ctx, pool, projections.Migrations())
	must(b, err)
	must(b, pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return conflicts.NewProjector().Setup(ctx, tx) }))
	r := rand.New(rand.NewPCG(1, 2))
	copyRows(b, pool, "conflict_index_v1_contacts", []string{"contact_id", "version"}, benchContacts, func(i int) []any {
		return []any{contactID(i), int64(1)}
	})
	_, err = pool.Exec(ctx, `CREATE TEMP TABLE names (contact_id text, written text, current boolean)`)
	must(b, err)
	copyRows(b, pool, "names", []string{"contact_id", "written", "current"}, benchContacts*11/10, func(i int) []any {
		return []any{contactID(i % benchContacts), benchName(r), i < benchContacts}
	})
	_, err = pool.Exec(ctx, `INSERT INTO conflict_index_v1 (contact_id, kind, term, written, current)
		SELECT contact_id, 'name', conflict_index_v1_fold(written), written, current FROM names ON CONFLICT DO NOTHING;
		INSERT INTO conflict_index_v1_names SELECT DISTINCT term FROM conflict_index_v1 WHERE kind = 'name'`)
	must(b, err)
	copyRows(b, pool, "conflict_index_v1", []string{"contact_id", "kind", "term", "written", "current"}, 2*benchContacts, func(i int) []any {
		if i%2 == 0 {
			n := fmt.Sprintf("%010d", r.IntN(1e10))
			return []any{contactID(i / 2), "number", n, n, true}
		}
		e := fmt.Sprintf("p%d@example.se", i/2)
		return []any{contactID(i / 2), "email", e, e, true}
	})
	roles := []string{"client", "counterparty", "opposing_counsel", "witness", "co_client", "court", "other"}
	copyRows(b, pool, "conflict_index_v1_parties", []string{"matter_id", "party_id", "contact_id", "role", "matter_number"}, benchParties, func(i int) []any {
		return []any{fmt.Sprintf("m-%d", i/3), fmt.Sprintf("p-%d", i), contactID(r.IntN(benchContacts)), roles[r.IntN(len(roles))], fmt.Sprintf("%d-%04d", 2010+i/3/5000, i/3%5000+1)}
	})
	relations := []string{"affiliation", "affiliation", "affiliation", "parent", "group", "spouse", "guardian"}
	copyRows(b, pool, "conflict_index_v1_links", []string{"a_id", "b_id", "relation"}, benchLinks, func(i int) []any {
		return []any{contactID(r.IntN(benchContacts)), contactID(r.IntN(benchContacts)), relations[i%len(relations)]}
	})
	_, err = pool.Exec(ctx, `ANALYZE`)
	must(b, err)
}

func contactID(i int) string { return fmt.Sprintf("00000000-0000-7000-8000-%012d", i) }

func copyRows(b testing.TB, pool *pgxpool.Pool, table string, columns []string, n int, row func(i int) []any) {
	_, err := pool.CopyFrom(context.Background(), pgx.Identifier{table}, columns, pgx.CopyFromFunc(func() func() ([]any, error) {
		i := -1
		return func() ([]any, error) {
			if i++; i == n {
				return nil, nil
			}
			return row(i), nil
		}
	}()))
	must(b, err)
}
