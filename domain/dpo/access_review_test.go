package dpo_test

import (
	"testing"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/dpo"
)

// TestAccessReviewDecidesEveryMemberBeforeItCompletes: issue 16's access
// reviews — each member is kept or removed with a reason (removing without
// one is refused), someone not in the review cannot be decided on, the
// review completes only once every member is decided, with the next one
// after it, and a completed review takes no more decisions.
func TestAccessReviewDecidesEveryMemberBeforeItCompletes(t *testing.T) {
	t.Parallel()
	var r dpo.AccessReview
	apply := func(events []domain.Event) {
		for _, e := range events {
			r.Apply(e)
		}
	}
	_, err := r.Start(dpo.AccessReviewStarted{ReviewID: "rev-1", StartedBy: "dpo-1", StartedAt: discovered})
	wantField(t, err, "members")
	apply(must(r.Start(dpo.AccessReviewStarted{ReviewID: "rev-1", StartedBy: "dpo-1", StartedAt: discovered,
		Members: []dpo.ReviewedMember{{StaffID: "anna", Roles: []string{"lawyer"}}, {StaffID: "bo", Roles: []string{"admin"}}}})))

	_, err = r.Decide(dpo.AccessReviewDecided{ReviewID: "rev-1", StaffID: "bo", Keep: false, DecidedBy: "dpo-1"})
	wantField(t, err, "reason")
	_, err = r.Decide(dpo.AccessReviewDecided{ReviewID: "rev-1", StaffID: "cecilia", Keep: true, DecidedBy: "dpo-1"})
	wantField(t, err, "staff_id")
	apply(must(r.Decide(dpo.AccessReviewDecided{ReviewID: "rev-1", StaffID: "anna", Keep: true, DecidedBy: "dpo-1"})))

	done := dpo.AccessReviewCompleted{ReviewID: "rev-1", CompletedAt: discovered, NextBy: discovered.AddDate(0, 6, 0), CompletedBy: "dpo-1"}
	if _, err := r.Complete(done); !domain.IsKind(err, domain.KindConflict) {
		t.Errorf("completing with bo undecided: %v", err)
	}
	apply(must(r.Decide(dpo.AccessReviewDecided{ReviewID: "rev-1", StaffID: "bo", Keep: false, Reason: "Slutat i IT-gruppen", DecidedBy: "dpo-1"})))
	early := done
	early.NextBy = discovered
	_, err = r.Complete(early)
	wantField(t, err, "next_by")
	apply(must(r.Complete(done)))
	if _, err := r.Decide(dpo.AccessReviewDecided{ReviewID: "rev-1", StaffID: "anna", Keep: true, DecidedBy: "dpo-1"}); !domain.IsKind(err, domain.KindConflict) {
		t.Errorf("a decision after completion: %v", err)
	}
}
