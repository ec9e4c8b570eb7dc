package reporting_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

var views = []string{"contacts", "staff_activity", "events_per_day", "matters", "tasks", "deadlines", "communications"}

// Every view, read as the analyst, shows pseudonyms only, and nothing of
// the erased contact, the restricted one, the erased staff member or the
// erased matter.
func TestViewsArePseudonymisedAndLeavePeopleOut(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := newDatabase(t)
	fillFixture(t, pool)
	got := map[string][][]string{}
	err := asAnalyst(t, pool, func(tx pgx.Tx) error {
		for _, v := range views {
			rows, err := rowsAsText(ctx, tx, `SELECT * FROM reporting.`+v+` ORDER BY 1, 2, 3`)
			if err != nil {
				return err
			}
			got[v] = rows
		}
		return nil
	})
	must(t, err)
	for v, rows := range got {
		for _, row := range rows {
			for _, cell := range row {
				for _, raw := range append(slices.Clone(everyID), "Åsa", "Lindqvist", "Johan", "Norrsken", "Eva", "Samtal", "system-cli") {
					if strings.Contains(cell, raw) {
						t.Errorf("reporting.%s shows %q: %v", v, raw, row)
					}
				}
			}
		}
	}
	p := pseudonymizer(t, pool)
	want := map[string]int{"contacts": 2, "staff_activity": 5, "events_per_day": 6, "matters": 1, "tasks": 1, "deadlines": 1, "communications": 1}
	for v, n := range want {
		if len(got[v]) != n {
			t.Errorf("reporting.%s: %d rows, want %d: %v", v, len(got[v]), n, got[v])
		}
	}
	contacts := [][]string{{p(c1), "person", "2026-01-01", "false"}, {p(c2), "organisation", "2026-02-01", "true"}}
	slices.SortFunc(contacts, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	if !slices.EqualFunc(got["contacts"], contacts, slices.Equal) {
		t.Errorf("contacts: %v, want %v", got["contacts"], contacts)
	}
	if m := got["matters"][0]; m[0] != p(m1) || m[5] != p(s1) || m[6] != "2" || m[7] != "1" || m[8] != "1" {
		t.Errorf("matter %v: want pseudonym %s, responsible %s, team 2, one client, one party", m, p(m1), p(s1))
	}
	if task := got["tasks"][0]; task[1] != p(m1) || task[7] != p(s1) {
		t.Errorf("task %v: matter and assignee must join by pseudonym", task)
	}
}

// pseudonymizer computes pseudonyms in Go with the installation's key, as
// HMAC-SHA256 by the book: the SQL must agree.
func pseudonymizer(t *testing.T, db interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) func(string) string {
	t.Helper()
	var inner []byte
	must(t, db.QueryRow(context.Background(), `SELECT inner_pad FROM reporting_private.pseudonym_key`).Scan(&inner))
	key := make([]byte, 32)
	for i := range key {
		key[i] = inner[i] ^ 0x36
	}
	return func(id string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(id))
		return "p" + hex.EncodeToString(m.Sum(nil))[:24]
	}
}
