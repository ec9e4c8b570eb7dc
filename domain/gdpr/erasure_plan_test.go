package gdpr_test

import (
	"testing"
	"time"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
)

func types(evs []domain.Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		out[i] = ev.EventType()
	}
	return out
}

func TestErasureWithoutHoldsIsApproved(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	evs, held, err := s.PlanErasure("r1", staffID, nil, now)
	if err != nil || len(held.Grounds) != 0 || len(evs) != 2 || evs[1].EventType() != gdpr.TypeErasureApproved {
		t.Fatalf("PlanErasure = %v, %+v, %v", types(evs), held, err)
	}
	decided(t, s)(evs, nil)
	if evs, _, err := s.PlanErasure("r1", staffID, nil, now); err != nil || len(evs) != 0 {
		t.Fatalf("again: %v, %v", types(evs), err)
	}
	_, err = s.RecordErasure("r1", now, "")
	refusedWith(t, err, domain.KindInvalid, "gdpr.erasure.tombstone_required")
	s.ApplyErased(nil) // the key is shredded before the erasure is recorded
	decided(t, s)(s.RecordErasure("r1", now, "a1b2c3"))
	if evs, err := s.RecordErasure("r1", now, "a1b2c3"); err != nil || len(evs) != 0 {
		t.Fatalf("recorded twice: %v, %v", types(evs), err)
	}
}

func TestHeldErasureRestrictsAndSchedules(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	holds := []gdpr.Hold{{Rule: gdpr.DefaultRetentionRules[0], Ground: "akt", EndsAt: date(2036, time.March, 15)}}
	evs, held, err := s.PlanErasure("r1", staffID, holds, now)
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held")
	want := []string{gdpr.TypeErasureRequested, gdpr.TypeRestrictionApplied, gdpr.TypeErasureScheduled}
	if got := types(evs); len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("events %v, want %v", got, want)
	}
	if at := evs[2].(gdpr.ErasureScheduled).At; at != held.DueOn() || at != date(2036, time.March, 16) {
		t.Fatalf("scheduled for %s", at)
	}
	decided(t, s)(evs, nil)
	if evs, _, _ := s.PlanErasure("r1", staffID, holds, now); len(evs) != 0 {
		t.Fatalf("planned twice: %v", types(evs))
	}
	_, err = s.Lift(staffID)
	refusedWith(t, err, domain.KindConflict, "gdpr.restriction.erasure_pending")
	if gdpr.MayMarket(s.State()) {
		t.Fatal("a subject awaiting erasure is marketable")
	}
	// On the due date the scheduler asks again: no hold left, approved.
	due := time.Date(2036, time.March, 16, 8, 0, 0, 0, time.UTC)
	evs, _, err = s.PlanErasure("r1", staffID, nil, due)
	if err != nil || len(evs) != 1 || evs[0].EventType() != gdpr.TypeErasureApproved {
		t.Fatalf("due: %v, %v", types(evs), err)
	}
}

func TestOpenMatterErasureWritesNothing(t *testing.T) {
	t.Parallel()
	s := consenting(t)
	evs, _, err := s.PlanErasure("r1", staffID, []gdpr.Hold{{Ground: "akt", MatterID: "m1"}}, now)
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held_open_matter")
	if len(evs) != 0 {
		t.Fatalf("events %v", types(evs))
	}
	_, err = s.RecordErasure("r1", now, "a1")
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.not_approved")
}
