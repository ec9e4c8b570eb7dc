package audit_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
)

// Reads from the access log merge with the changes in time order (at one
// instant, changes first), under the same filters, across pages.
func TestSearchWithAccessLogMergesInTimeOrder(t *testing.T) {
	t.Parallel()
	tr := newTrail(t)
	ev := fixture(tr)
	read := func(minutes int, staff, route string, action access.Action, subject string) string {
		tr.access(accesslog.Entry{At: at(minutes), StaffID: staff, Subjects: []string{subject}, Route: route,
			Action: action, Via: accesslog.ViaPage, CorrelationID: "corr-read"})
		return "access:" + route
	}
	a1 := read(2, "staff-a", "/contacts/{id}", access.ContactView, contactID)
	a2 := read(4, "staff-b", "/matters/{id}", access.MatterView, matter.Subject(matterID))
	a3 := read(-1, "staff-b", "/contacts/{id}/history", access.ContactView, "someone-else")
	id := func(i int) string { return ev[i].ID.String() }
	cases := []struct {
		name   string
		filter audit.Filter
		want   []string
	}{
		{"everything", audit.Filter{}, []string{a2, id(5), id(4), id(3), a1, id(2), id(1), id(0), a3}},
		{"actor", audit.Filter{Actor: "staff-a"}, []string{id(5), id(3), a1, id(0)}},
		{"subject", audit.Filter{Subject: contactID}, []string{id(5), id(4), a1, id(0)}},
		{"matter", audit.Filter{MatterID: matterID}, []string{a2, id(3), id(2), id(1)}},
		{"time range", audit.Filter{From: at(1), To: at(3)}, []string{id(4), id(3), a1, id(2), id(1)}},
		{"action", audit.Filter{Type: string(access.ContactView)}, []string{a1, a3}},
		{"without staff-b's reads", audit.Filter{HideReadsBy: "staff-b"}, []string{id(5), id(4), id(3), a1, id(2), id(1), id(0)}},
	}
	search := func(f audit.Filter) (audit.Page, error) {
		return audit.SearchWithAccessLog(context.Background(), tr.pool, f)
	}
	for _, c := range cases {
		for _, limit := range []int{0, 1, 2, 4} {
			c.filter.Limit = limit
			if got := ids(all(t, search, c.filter)); !slices.Equal(got, c.want) {
				t.Errorf("%s, limit %d:\n got  %v\n want %v", c.name, limit, got, c.want)
			}
		}
	}
}
