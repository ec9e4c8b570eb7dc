package gdpr_test

import (
	"context"
	"testing"
	"time"

	gdprcmd "github.com/klient-crm/klient/commands/gdpr"
	"github.com/klient-crm/klient/commands/journal"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/gdpr"
	"github.com/klient-crm/klient/domain/work"
)

// factsOf is a SubjectFacts port answering from a map.
type factsOf map[string]gdpr.SubjectFacts

func (f factsOf) FactsOf(_ context.Context, subjectID string) (gdpr.SubjectFacts, error) {
	return f[subjectID], nil
}

func erasureHandler(t *testing.T, g *gdprWorld, facts factsOf) *gdprcmd.RequestErasureHandler {
	t.Helper()
	h, err := gdprcmd.NewRequestErasureHandler(g.subjects, g.requests, facts, gdpr.DefaultRetentionRules)
	must(t, err)
	return h
}

func TestErasureWithoutHoldsIsApproved(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	req := verify(t, g, receive(t, g, subject, gdpr.KindErasure))
	plan, err := erasureHandler(t, g, factsOf{}).Handle(context.Background(), gdprcmd.RequestErasure{Actor: staff, RequestID: req.RequestID})
	must(t, err)
	got := g.typesOf(t, gdpr.SubjectStreamName(subject))
	if !plan.Approved || len(got) != 2 || got[1] != gdpr.TypeErasureApproved {
		t.Fatalf("plan %+v, stream %v", plan, got)
	}
}

// A client whose matter closed on 1 March 2026: the file is kept ten
// years, so the subject is restricted and erasure falls due on 2 March 2036.
func TestHeldErasureRestrictsAndSchedules(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	closed := time.Date(2026, time.March, 1, 14, 0, 0, 0, time.UTC)
	facts := factsOf{subject: {SubjectID: subject, Matters: []gdpr.MatterFact{{MatterID: "m1", Client: false, ClosedAt: closed}}}}
	req := verify(t, g, receive(t, g, subject, gdpr.KindErasure))
	h := erasureHandler(t, g, facts)
	plan, err := h.Handle(context.Background(), gdprcmd.RequestErasure{Actor: staff, RequestID: req.RequestID})
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held")
	want := []string{gdpr.TypeErasureRequested, gdpr.TypeRestrictionApplied, gdpr.TypeErasureScheduled}
	got := g.typesOf(t, gdpr.SubjectStreamName(subject))
	if plan.Approved || plan.DueOn != work.NewDate(2036, time.March, 2) || len(got) != 3 || got[2] != want[2] {
		t.Fatalf("plan %+v, stream %v", plan, got)
	}

	// The DPO answers the request; ten years on, the scheduler asks again.
	refuse, err := gdprcmd.NewRefuseRequestHandler(g.requests)
	must(t, err)
	_, err = refuse.Handle(context.Background(), gdprcmd.RefuseRequest{Actor: staff, RequestID: req.RequestID,
		ExpectedVersion: req.Version, Ground: "Art. 17.3 b: akten bevaras enligt god advokatsed till 2036-03-01"})
	must(t, err)
	g.clock = time.Date(2036, time.March, 2, 3, 0, 0, 0, time.UTC)
	plan, err = h.Handle(context.Background(), gdprcmd.RequestErasure{Actor: journal.Actor{ID: "erasure-scheduler"}, RequestID: req.RequestID})
	must(t, err)
	if got := g.typesOf(t, gdpr.SubjectStreamName(subject)); !plan.Approved || got[len(got)-1] != gdpr.TypeErasureApproved {
		t.Fatalf("due: plan %+v, stream %v", plan, got)
	}
}

func TestErasureRefusalsWriteNothing(t *testing.T) {
	t.Parallel()
	g := newGDPRWorld(t)
	subject := g.person(t)
	ctx := context.Background()
	open := factsOf{subject: {Matters: []gdpr.MatterFact{{MatterID: "m1", Client: true}}}}
	erasure := verify(t, g, receive(t, g, subject, gdpr.KindErasure))
	_, err := erasureHandler(t, g, open).Handle(ctx, gdprcmd.RequestErasure{Actor: staff, RequestID: erasure.RequestID})
	refusedWith(t, err, domain.KindConflict, "gdpr.erasure.held_open_matter")

	access := verify(t, g, receive(t, g, subject, gdpr.KindAccess))
	_, err = erasureHandler(t, g, factsOf{}).Handle(ctx, gdprcmd.RequestErasure{Actor: staff, RequestID: access.RequestID})
	refusedWith(t, err, domain.KindInvalid, "gdpr.erasure.not_erasure_request")

	unverified := receive(t, g, subject, gdpr.KindErasure)
	_, err = erasureHandler(t, g, factsOf{}).Handle(ctx, gdprcmd.RequestErasure{Actor: staff, RequestID: unverified.RequestID})
	refusedWith(t, err, domain.KindConflict, "gdpr.request.unverified")
	if got := g.typesOf(t, gdpr.SubjectStreamName(subject)); len(got) != 0 {
		t.Fatalf("refused erasures wrote %v", got)
	}
}
