package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/audit"
)

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	tr := newTrail(t)
	ev := fixture(tr)
	tr.access(accesslog.Entry{At: at(9), StaffID: "=staff-x", Subjects: []string{contactID, "other"}, Route: "/contacts/{id}",
		Action: access.ContactView, Via: accesslog.ViaAPI, CorrelationID: "corr-read"})
	page, err := audit.SearchWithAccessLog(context.Background(), tr.pool, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := audit.WriteCSV(&buf, page.Rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+len(ev)+1 || len(recs[0]) != 15 || recs[0][0] != "kind" {
		t.Fatalf("%d records, header %v", len(recs), recs[0])
	}
	read := recs[1] // the newest: the access
	want := []string{"access", "2026-03-02T09:09:00Z", "'=staff-x", "contact.view", contactID + " other", "",
		"", "", "", "", "", read[11], "/contacts/{id}", "api", "corr-read"}
	for i := range want {
		if read[i] != want[i] {
			t.Errorf("access column %s = %q, want %q", recs[0][i], read[i], want[i])
		}
	}
	last := recs[len(recs)-1] // the oldest: the registration
	if last[0] != "event" || last[6] != ev[0].Stream || last[7] != "0" || last[8] != ev[0].Position.String() || last[9] != ev[0].ID.String() {
		t.Errorf("event record %v", last)
	}
}
