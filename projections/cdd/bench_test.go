package cdd_test

import (
	"context"
	"testing"
	"time"

	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

// BenchmarkScreenEveryClient is issue 17's figure: every client of a
// large firm (100,000, as after a new list's import) screened against a
// list of 10,000 entries (20,000 names) within 60 s.
func BenchmarkScreenEveryClient(b *testing.B) {
	const clients, entries = 100_000, 10_000
	ctx := context.Background()
	lists, _ := newLists(b)
	list := parse(b, cddtest.List(generated, "bench", entries))
	if _, err := lists.Import(ctx, "0193c000-0000-7000-8000-0000000000be", list, "officer-1", generated); err != nil {
		b.Fatal(err)
	}
	groups := make([][]string, clients)
	for i := range groups {
		groups[i] = []string{clientName(i)}
	}
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		res, err := lists.ScreenMany(ctx, groups)
		if err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		hits := 0
		for _, h := range res.Hits {
			hits += len(h)
		}
		b.ReportMetric(took.Seconds(), "s/screening")
		b.ReportMetric(float64(hits), "hits")
		if took > 60*time.Second {
			b.Errorf("screening %d clients against %d entries took %v; issue 17 allows 60 s", clients, entries, took)
		}
	}
}

// clientName is the i-th of 100,000 distinct invented names, Swedish
// mostly, some of the list's kind.
func clientName(i int) string {
	first := []string{"An", "Er", "Ma", "La", "Ka", "Jo", "Ev", "Ol", "Ig", "Se", "Bi", "Gu", "In", "Ul", "Ro", "He"}
	mid := []string{"na", "ik", "ria", "rs", "rin", "han", "lga", "or", "rgej", "rit", "stav", "grid", "la", "ger", "lge"}
	fam := []string{"Anders", "Johans", "Karls", "Nils", "Eriks", "Lars", "Ols", "Pers", "Svens", "Gustafs", "Volk", "Sokol",
		"Lebed", "Moroz", "Berg", "Lind", "Ström", "Holm", "Sjö", "Ek"}
	suf := []string{"son", "sson", "ov", "ova", "ström", "gren", "berg", "qvist", "lund", "dahl"}
	return first[i%16] + mid[(i/16)%15] + " " + fam[(i/240)%20] + suf[(i/4800)%10] + " " + first[(i/7)%16] + mid[(i/3)%15]
}
