package audit_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/klient-crm/klient/domain/contact"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/domain/work"
	"github.com/klient-crm/klient/eventstore"
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

// A task's later events do not name its matter; in the trail they carry the
// matter its first event named, in the same batch and in a later one, so a
// wall on the matter keeps every line of the task out of sight (issue 11,
// item 8: trail.csv listed them to a walled auditor).
func TestLaterEventsOfAFiledStreamCarryItsMatter(t *testing.T) {
	t.Parallel()
	tr := newTrail(t)
	fixture(tr) // TaskCreated names the matter
	md := eventstore.Metadata{Actor: "staff-a", OccurredAt: at(10)}
	other := "01900000-0000-7000-8000-0000000000aa"
	tr.apply(
		tr.event(work.TaskStreamName(taskID), 1, work.TaskStarted{TaskID: taskID}, md),
		tr.event(work.TaskStreamName(other), 0, work.TaskCreated{TaskID: other, MatterID: matterID}, md),
		tr.event(work.TaskStreamName(other), 1, work.TaskCompleted{TaskID: other}, md),
	)
	tr.apply(tr.event(work.TaskStreamName(taskID), 2, work.TaskCompleted{TaskID: taskID}, md))
	page, err := audit.Search(context.Background(), tr.pool, audit.Filter{MatterID: matterID})
	if err != nil {
		t.Fatal(err)
	}
	var tasks int
	for _, r := range page.Rows {
		if strings.HasPrefix(r.Stream, "task-") {
			tasks++
		}
	}
	if tasks != 5 {
		t.Errorf("the matter's trail holds %d lines of its tasks, want 5 (created, started, completed; created, completed)", tasks)
	}
}
