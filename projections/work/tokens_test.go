package work_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/klient-crm/klient/internal/pgmigrate"
	"github.com/klient-crm/klient/internal/pgtest"
	"github.com/klient-crm/klient/projections/work"
)

func TestFeedTokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	_, err := pgmigrate.Apply(ctx, pool, work.Migrations())
	must(t, err)
	now := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	first, err := work.CreateFeedToken(ctx, pool, "anna", now)
	must(t, err)
	if who, ok, err := work.StaffForFeedToken(ctx, pool, first); err != nil || !ok || who != "anna" {
		t.Fatalf("first token belongs to %q (%t, %v)", who, ok, err)
	}
	second, err := work.CreateFeedToken(ctx, pool, "anna", now.Add(time.Hour))
	must(t, err)
	if _, ok, _ := work.StaffForFeedToken(ctx, pool, first); ok || second == first || !strings.HasPrefix(second, "kcal_") {
		t.Fatalf("a new token must replace the old one: %q then %q (old still works: %t)", first, second, ok)
	}
	bos, err := work.CreateFeedToken(ctx, pool, "bo", now)
	must(t, err)
	must(t, work.RevokeFeedToken(ctx, pool, "anna", now.Add(2*time.Hour)))
	for _, tok := range []string{second, "kcal_guess", "", second + "x"} {
		if who, ok, err := work.StaffForFeedToken(ctx, pool, tok); err != nil || ok {
			t.Fatalf("token %q still opens %q's feed (%v)", tok, who, err)
		}
	}
	if who, ok, _ := work.StaffForFeedToken(ctx, pool, bos); !ok || who != "bo" {
		t.Fatal("revoking Anna's token revoked Bo's")
	}
	rows, err := pool.Query(ctx, `SELECT token_hash FROM calendar_tokens`)
	must(t, err)
	hashes, err := pgx.CollectRows(rows, pgx.RowTo[[]byte])
	must(t, err)
	for _, h := range hashes {
		for _, tok := range []string{first, second, bos} {
			if len(h) != 32 || bytes.Contains(h, []byte(tok[5:15])) {
				t.Fatalf("a token is stored as more than its SHA-256: %x", h)
			}
		}
	}
}
