package audit_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/eventstore"
	"github.com/klient-crm/klient/projections/audit"
)

// Each filter returns its events newest first (ties by position, newest
// first), whatever the page size.
func TestSearchFiltersAndPages(t *testing.T) {
	t.Parallel()
	tr := newTrail(t)
	ev := fixture(tr)
	cases := []struct {
		name   string
		filter audit.Filter
		want   []eventstore.Decoded
	}{
		{"everything", audit.Filter{}, []eventstore.Decoded{ev[5], ev[4], ev[3], ev[2], ev[1], ev[0]}},
		{"actor", audit.Filter{Actor: "staff-a"}, []eventstore.Decoded{ev[5], ev[3], ev[0]}},
		{"subject", audit.Filter{Subject: contactID}, []eventstore.Decoded{ev[5], ev[4], ev[0]}},
		{"matter", audit.Filter{MatterID: matterID}, []eventstore.Decoded{ev[3], ev[2], ev[1]}},
		{"type", audit.Filter{Type: contact.TypeContactArchived}, []eventstore.Decoded{ev[4]}},
		{"time range", audit.Filter{From: at(1), To: at(3)}, []eventstore.Decoded{ev[4], ev[3], ev[2], ev[1]}},
		{"combined", audit.Filter{Actor: "staff-b", Subject: contactID, From: at(2)}, []eventstore.Decoded{ev[4]}},
	}
	search := func(f audit.Filter) (audit.Page, error) { return audit.Search(context.Background(), tr.pool, f) }
	for _, c := range cases {
		for _, limit := range []int{0, 1, 2, 5} {
			c.filter.Limit = limit
			if got := ids(all(t, search, c.filter)); !slices.Equal(got, idsOf(c.want)) {
				t.Errorf("%s, limit %d: got %v, want %v", c.name, limit, got, idsOf(c.want))
			}
		}
	}
}

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	tr := newTrail(t)
	fixture(tr)
	page, err := audit.Search(context.Background(), tr.pool, audit.Filter{Limit: 2})
	if err != nil || page.Next.IsZero() {
		t.Fatalf("first page: %v, next %v", err, page.Next)
	}
	parsed, err := audit.ParseCursor(page.Next.String())
	if err != nil || parsed != page.Next {
		t.Fatalf("round trip of %q: %v, %v", page.Next, parsed, err)
	}
	for _, bad := range []string{"x", "1.2.3", "1.7.3.4", "0.1.2.3", "1.1.a.3"} {
		if _, err := audit.ParseCursor(bad); !domain.IsKind(err, domain.KindInvalid) {
			t.Errorf("ParseCursor(%q) = %v, want invalid", bad, err)
		}
	}
}

func ids(rows []audit.Row) []string {
	var out []string
	for _, r := range rows {
		if r.Kind == audit.KindAccess {
			out = append(out, "access:"+r.Route)
			continue
		}
		out = append(out, r.EventID.String())
	}
	return out
}

func idsOf(events []eventstore.Decoded) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.ID.String())
	}
	return out
}
