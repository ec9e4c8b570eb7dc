package audit_test

import (
	"context"
	"slices"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/projections/audit"
)

func TestApplyRecordsEveryEventOnce(t *testing.T) {
	t.Parallel()
	tr := newTrail(t)
	events := fixture(tr)
	tr.apply(events...) // a replayed batch changes nothing
	page, err := audit.Search(context.Background(), tr.pool, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Rows) != len(events) {
		t.Fatalf("%d rows, want %d", len(page.Rows), len(events))
	}
	byType := map[string]audit.Row{}
	for _, r := range page.Rows {
		byType[r.Type] = r
	}
	reg := byType[contact.TypePersonRegistered]
	if reg.Actor != "staff-a" || !slices.Equal(reg.Subjects, []string{contactID}) || reg.MatterID != "" ||
		reg.CorrelationID != "corr-staff-a" || reg.Stream != contact.StreamName(contactID) || reg.EventID != events[0].ID ||
		reg.Position != events[0].Position || !reg.At.Equal(at(0)) || reg.Kind != audit.KindEvent {
		t.Errorf("registration row: %+v", reg)
	}
	for typ, want := range map[string]string{
		matter.TypeMatterOpened: matterID, "work.TaskCreated": matterID, matter.TypeMatterNumberReserved: matterID,
		contact.TypeContactArchived: "",
	} {
		if got := byType[typ].MatterID; got != want {
			t.Errorf("%s: matter %q, want %q", typ, got, want)
		}
	}
}
