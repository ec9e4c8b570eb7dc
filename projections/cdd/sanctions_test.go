package cdd_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/klient-crm/klient/domain"
	domaincdd "github.com/klient-crm/klient/domain/cdd"
	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections"
	"github.com/klient-crm/klient/projections/cdd"
	"github.com/klient-crm/klient/projections/cdd/cddtest"
)

var generated = time.Date(2026, 12, 1, 17, 26, 53, 0, time.UTC)

func newLists(t testing.TB) (*cdd.Lists, *pgxpool.Pool) {
	t.Helper()
	pool := pgtest.NewPool(t)
	if _, err := pgmigrate.Apply(context.Background(), pool, projections.Migrations(), cdd.Migrations()); err != nil {
		t.Fatal(err)
	}
	l, err := cdd.NewLists(pool)
	if err != nil {
		t.Fatal(err)
	}
	return l, pool
}

func parse(t testing.TB, xml []byte) domaincdd.SanctionsList {
	t.Helper()
	list, err := domaincdd.ParseSanctionsList(bytes.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// The screening: a name found in another word order, without its
// diacritics or in another transliteration is a hit, with the list's date
// and version; a name unlike any listed is none.
func TestScreeningFindsNamesLikeTheConflictCheck(t *testing.T) {
	t.Parallel()
	lists, _ := newLists(t)
	ctx := context.Background()
	_, _, err := lists.Screen(ctx, []string{"Anna Svensson"})
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != "cdd.screening.no_list" {
		t.Fatalf("screening before any import: %v, want a refusal", err)
	}
	list := parse(t, cddtest.List(generated, "184862", 200,
		cddtest.Entry{ID: "13579", Person: true, Names: []string{"Ivan Petrovich PETROV", "Иван Петров"}, BirthDate: "1965-09-11"},
		cddtest.Entry{ID: "24680", Names: []string{"Ålands Ödeläggelse Handel AB"}}))
	if len(list.Entries) != 200 || list.Version != "184862" || !list.GeneratedAt.Equal(generated) {
		t.Fatalf("parsed %d entries, version %q of %v", len(list.Entries), list.Version, list.GeneratedAt)
	}
	info, err := lists.Import(ctx, "0193c000-0000-7000-8000-000000000001", list, "officer-1", generated.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	got, hits, err := lists.Screen(ctx, []string{"Petrov Ivan Petrovich", "Alands Odelaggelse Handel AB", "Anna Svensson"})
	if err != nil {
		t.Fatal(err)
	}
	if got != info || got.Version != "184862" || !got.GeneratedAt.Equal(generated) {
		t.Errorf("screened against %+v, want the imported list %+v", got, info)
	}
	want := map[string]string{"13579": "Petrov Ivan Petrovich", "24680": "Alands Odelaggelse Handel AB"}
	if len(hits) != 2 {
		t.Fatalf("hits %+v, want the two listed subjects only", hits)
	}
	for _, h := range hits {
		if want[h.EntryID] != h.Screened || h.Score < cdd.NameThreshold {
			t.Errorf("hit %+v: want %s found by %q", h, h.EntryID, want[h.EntryID])
		}
	}
}

// A second import is the list screened against from then on; the same
// import again keeps nothing twice.
func TestTheLatestListIsScreenedAgainst(t *testing.T) {
	t.Parallel()
	lists, pool := newLists(t)
	ctx := context.Background()
	first := parse(t, cddtest.List(generated, "1", 10, cddtest.Entry{ID: "1", Person: true, Names: []string{"Olof Listad"}}))
	_, err := lists.Import(ctx, "0193c000-0000-7000-8000-00000000000a", first, "officer-1", generated)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lists.Import(ctx, "0193c000-0000-7000-8000-00000000000a", first, "officer-1", generated)
	if err != nil {
		t.Fatal(err)
	}
	var names int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM cdd_sanctions_names`).Scan(&names); err != nil || names != 19 {
		t.Fatalf("%d names kept (%v), want the first list's 19 once", names, err)
	}
	second := parse(t, cddtest.List(generated.Add(24*time.Hour), "2", 10))
	_, err = lists.Import(ctx, "0193c000-0000-7000-8000-00000000000b", second, "officer-1", generated.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	info, hits, err := lists.Screen(ctx, []string{"Olof Listad"})
	if err != nil || info.Version != "2" || len(hits) != 0 {
		t.Errorf("after the second import: list %+v, hits %+v, %v; want version 2 and no hit", info, hits, err)
	}
}
